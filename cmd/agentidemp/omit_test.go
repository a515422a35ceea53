package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/agentidemp/agentidemp-go"
)

// omitVector is a row of the omit array of testdata/vectors.json: POST /
// in the empty scope with RequestKeys.Omit the pointers of Omit has Key
// (UUIDKey in the UUID shape), or, with Error set, fails naming the
// pointer at that index.
type omitVector struct {
	Comment     string
	Omit        []vectorBytes
	ContentType *string `json:"content_type"`
	Body        vectorBytes
	Key         string
	UUIDKey     string `json:"uuid_key"`
	Error       *int
}

// omitArgs returns the command line of request for row, without the body:
// one -omit per pointer, in order, written "-omit P" or, with equals,
// "-omit=P".
func omitArgs(row omitVector, uuid, equals bool) []string {
	args := []string{"request", "-type", ""}
	if row.ContentType != nil {
		args[2] = *row.ContentType
	}
	for _, p := range row.Omit {
		if equals {
			args = append(args, "-omit="+string(p))
		} else {
			args = append(args, "-omit", string(p))
		}
	}
	if uuid {
		args = append(args, "-uuid")
	}
	return append(args, "POST", "/")
}

// TestRequestOmitVectors checks request -omit against every omit row whose
// pointers can be arguments (no NUL), in both shapes (the flags written
// "-omit P" in one, "-omit=P" in the other), with the body from a pipe and
// from a file: a row with a key prints it, with the warnings that
// request gives the same request without -omit; a row with an error exits
// 2 with a message that names the flag, the index of the pointer at fault
// and the pointer, and the usage line, and prints nothing.
func TestRequestOmitVectors(t *testing.T) {
	rows := loadRows[omitVector](t, "omit")
	used, failing := 0, 0
	for i, row := range rows {
		ok := true
		for _, p := range row.Omit {
			ok = ok && argOK(p)
		}
		if !ok {
			continue
		}
		used++
		what := fmt.Sprintf("row %d (%s)", i, row.Comment)
		if row.Error != nil {
			failing++
		}
		for _, uuid := range []bool{false, true} {
			// "-omit P" in the hex shape, "-omit=P" in the UUID shape.
			args := omitArgs(row, uuid, uuid)
			path := writeTemp(t, "body", row.Body)
			pipe, file := run(t, row.Body, args...), run(t, nil, append(args, path)...)
			if row.Error != nil {
				wantOmitError(t, what+", body < pipe", pipe, row)
				wantOmitError(t, what+", body FILE", file, row)
				continue
			}
			want := row.Key
			if uuid {
				want = row.UUIDKey
			}
			// The warnings are those of the same request without -omit: it
			// changes no media type, and a refused body is still hashed as
			// it is.
			w := wantWarnings(t, requestVector{Method: "POST", Target: "/", ContentType: row.ContentType,
				Body: row.Body, Key: row.Key})
			wantRequest(t, what+", body < pipe", pipe, want, w)
			wantRequest(t, what+", body FILE", file, want, w)
		}
		if row.Error != nil {
			continue
		}
		// The library agrees, with the pointers the command line gives it.
		req, err := http.NewRequest(http.MethodPost, "/", bytes.NewReader(row.Body))
		if err != nil {
			t.Fatal(err)
		}
		if row.ContentType != nil {
			req.Header.Set("Content-Type", *row.ContentType)
		}
		ptrs := make([]string, len(row.Omit))
		for j, p := range row.Omit {
			ptrs[j] = string(p)
		}
		if lib, err := (agentidemp.RequestKeys{Omit: ptrs}).RequestKey(req); err != nil || lib != row.Key {
			t.Fatalf("%s: the library gives %s, %v; the vector %s", what, lib, err, row.Key)
		}
	}
	if used < len(rows)-2 || failing < 10 || used-failing < 50 {
		t.Fatalf("%d of %d rows used, %d of them errors", used, len(rows), failing)
	}
	t.Logf("%d of %d rows used, %d of them errors", used, len(rows), failing)
}

// wantOmitError checks that r is the misuse of an -omit list that is not
// valid, the pointer at index *row.Error at fault: exit 2, nothing on
// standard output, and on standard error one line naming -omit, the index
// and, below the limit of 64 pointers, the pointer itself, then the usage.
func wantOmitError(t *testing.T, what string, r result, row omitVector) {
	t.Helper()
	at := *row.Error
	head := fmt.Sprintf("agentidemp request: -omit: RequestKeys.Omit[%d] ", at)
	if at == 64 {
		head = "agentidemp request: -omit: RequestKeys.Omit[64]: more than 64 pointers"
	}
	line, usage, _ := strings.Cut(r.stderr, "\n")
	if r.code != 2 || r.stdout != "" || !strings.HasPrefix(line, head) ||
		at < 64 && !strings.Contains(line, fmt.Sprintf("%q", string(row.Omit[at]))) ||
		!strings.HasPrefix(usage, "usage: agentidemp request ") || strings.Count(usage, "\n") != 1 {
		t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2, stderr %q, the pointer and a usage line", what, r.code, r.stdout, r.stderr, head)
	}
}

// TestRequestOmitBeforeInput checks that an -omit list that is not valid
// is reported before the input is read: a FILE that does not exist is not
// what the error names, and the message is the same whatever the body.
func TestRequestOmitBeforeInput(t *testing.T) {
	want := "agentidemp request: -omit: RequestKeys.Omit[1] \"id\" is not a JSON Pointer: it does not start with '/'\n"
	for _, args := range [][]string{
		{"request", "-omit", "/ok", "-omit", "id", "POST", "/v1/x", "missing.json"},
		{"request", "-omit", "/ok", "-omit", "id", "-type", "text/plain", "POST", "/v1/x"},
		{"request", "-omit", "/ok", "-omit", "id", "-type", "", "GET", "/v1/x"},
	} {
		r := run(t, []byte(`{"id": 1}`), args...)
		if r.code != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, want+"usage: agentidemp request ") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q with the usage line", args, r.code, r.stdout, r.stderr, want)
		}
	}
}

// TestRequestOmitRepeated checks that every -omit counts, in order, and
// that a body that differs only in members left out gets the same key:
// the key with -omit /id -omit /params/_meta is the key of the body
// without them, which no single one of the flags gives.
func TestRequestOmitRepeated(t *testing.T) {
	body := []byte(`{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"_meta": {"progressToken": 7}, "name": "refund"}}`)
	bare := []byte(`{"jsonrpc": "2.0", "method": "tools/call", "params": {"name": "refund"}}`)
	want := run(t, bare, "request", "POST", "/mcp")
	if want.code != 0 {
		t.Fatalf("request on the bare body: %+v", want)
	}
	wantKey(t, "-omit /id -omit /params/_meta", run(t, body, "request", "-omit", "/id", "-omit", "/params/_meta", "POST", "/mcp"), strings.TrimSuffix(want.stdout, "\n"))
	wantKey(t, "in the other order", run(t, body, "request", "-omit=/params/_meta", "-omit=/id", "POST", "/mcp"), strings.TrimSuffix(want.stdout, "\n"))
	for _, args := range [][]string{
		{"request", "-omit", "/id", "POST", "/mcp"},
		{"request", "-omit", "/params/_meta", "POST", "/mcp"},
		{"request", "POST", "/mcp"},
	} {
		if r := run(t, body, args...); r.code != 0 || r.stdout == want.stdout {
			t.Errorf("%q: exit %d, stdout %q: want another key than with both -omit flags", args, r.code, r.stdout)
		}
	}
}
