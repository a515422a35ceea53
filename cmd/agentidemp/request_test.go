package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/agentidemp/agentidemp-go"
)

type requestVector struct {
	Comment     string
	Method      string
	Target      string
	ContentType *string `json:"content_type"`
	Scope       vectorBytes
	Body        vectorBytes
	Key         string
	UUIDKey     string `json:"uuid_key"`
}

func loadRequestVectors(t *testing.T) []requestVector {
	t.Helper()
	data, err := os.ReadFile("../../testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Rows []requestVector `json:"http_request"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Rows) == 0 {
		t.Fatal("testdata/vectors.json: no http_request rows")
	}
	return v.Rows
}

// requestArgs returns the command line of request for row, without the
// body, and whether the row can be one (no NUL in the scope).
func requestArgs(row requestVector, uuid bool) []string {
	args := []string{"request", "-scope", string(row.Scope)}
	if row.ContentType == nil {
		args = append(args, "-type", "")
	} else {
		args = append(args, "-type", *row.ContentType)
	}
	if uuid {
		args = append(args, "-uuid")
	}
	return append(args, row.Method, row.Target)
}

// TestRequestVectors checks request against every http_request row, in
// both shapes, with the body from a pipe and from a file, and against
// RequestKeys.RequestKey itself.
func TestRequestVectors(t *testing.T) {
	rows := loadRequestVectors(t)
	used := 0
	for i, row := range rows {
		if !argOK(row.Scope) {
			continue
		}
		used++
		what := fmt.Sprintf("row %d (%s)", i, row.Comment)
		for _, uuid := range []bool{false, true} {
			want := row.Key
			if uuid {
				want = row.UUIDKey
			}
			args := requestArgs(row, uuid)
			wantKey(t, what+", body < pipe", run(t, row.Body, args...), want)
			path := writeTemp(t, "body", row.Body)
			wantKey(t, what+", body FILE", run(t, nil, append(args, path)...), want)

			req, err := http.NewRequest(row.Method, row.Target, bytes.NewReader(row.Body))
			if err != nil {
				t.Fatal(err)
			}
			if row.ContentType != nil {
				req.Header.Set("Content-Type", *row.ContentType)
			}
			scope := string(row.Scope)
			keys := agentidemp.RequestKeys{Scope: func(*http.Request) string { return scope }}
			if uuid {
				keys.Shape = agentidemp.UUIDKey
			}
			if lib, err := keys.RequestKey(req); err != nil || lib != want {
				t.Fatalf("%s: the library gives %s, %v; the vector %s", what, lib, err, want)
			}
		}
	}
	if used < len(rows)*3/4 {
		t.Fatalf("only %d of %d rows have scopes without NUL", used, len(rows))
	}
}

// TestRequestDefaults checks the defaults against the first row, a chat
// request sent as application/json with the empty scope: -type defaults to
// application/json, -scope to the empty scope, and a full URL counts by its
// path and query only.
func TestRequestDefaults(t *testing.T) {
	row := loadRequestVectors(t)[0]
	if row.ContentType == nil || *row.ContentType != "application/json" || len(row.Scope) != 0 || row.Target != "/v1/messages" {
		t.Fatalf("row 0 is not the plain JSON request: %+v", row)
	}
	wantKey(t, "defaults", run(t, row.Body, "request", row.Method, row.Target), row.Key)
	wantKey(t, "-uuid", run(t, row.Body, "request", "-uuid", row.Method, row.Target), row.UUIDKey)
	wantKey(t, "full URL", run(t, row.Body, "request", row.Method, "https://api.example.com"+row.Target), row.Key)
	wantKey(t, "body -", run(t, row.Body, "request", row.Method, row.Target, "-"), row.Key)
	// The scope, method, target and a body not typed as JSON are hashed
	// exactly as given (the formula in RequestKeys' documentation).
	wantKey(t, "exact bytes", run(t, []byte("body\n"), "request", "-scope", " s\n", "-type", "text/plain", "post", "/v1/x?"),
		sha256Key([]byte(" s\n\x00post\x00/v1/x?\x00body\n")))
}

// TestRequestMisuse checks the usage errors of request.
func TestRequestMisuse(t *testing.T) {
	for _, args := range [][]string{
		{"request"},
		{"request", "POST"},
		{"request", "POST", "/v1/x", "a", "b"},
		{"request", "-x", "POST", "/v1/x"},
		{"request", "BAD METHOD", "/v1/x"},
		{"request", "POST", "v1/x"},
		{"request", "POST", "http://[::1"},
		{"request", "POST", "/v1/x", "missing.json"},
	} {
		r := run(t, nil, args...)
		if r.code != 2 || r.stdout != "" || !bytes.Contains([]byte(r.stderr), []byte("usage: agentidemp request")) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and the usage line", args, r.code, r.stdout, r.stderr)
		}
	}
}
