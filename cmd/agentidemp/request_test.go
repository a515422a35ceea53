package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"os"
	"strings"
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

// loadRows returns the rows of the array name of testdata/vectors.json,
// failing when there are none.
func loadRows[R any](t *testing.T, name string) []R {
	t.Helper()
	data, err := os.ReadFile("../../testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var arrays map[string]json.RawMessage
	if err := json.Unmarshal(data, &arrays); err != nil {
		t.Fatal(err)
	}
	var rows []R
	if err := json.Unmarshal(arrays[name], &rows); err != nil || len(rows) == 0 {
		t.Fatalf("testdata/vectors.json: no %s rows (%v)", name, err)
	}
	return rows
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
	rows := loadRows[requestVector](t, "http_request")
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
			w := wantWarnings(t, row)
			wantRequest(t, what+", body < pipe", run(t, row.Body, args...), want, w)
			path := writeTemp(t, "body", row.Body)
			wantRequest(t, what+", body FILE", run(t, nil, append(args, path)...), want, w)

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
	if n := countWarnings(t, rows); n.method < 2 || n.refused < 5 || n.multipart < 5 {
		t.Fatalf("the vectors have %d rows with a method that gets no key, %d with a refused JSON body and %d with a multipart body that does not parse",
			n.method, n.refused, n.multipart)
	}
}

// warnings are the warnings that request gives on a request.
type warnings struct {
	method    bool // the default middleware sets no key on its method
	refused   bool // its body is JSON-typed, not empty, and refused
	multipart bool // its body is multipart-typed, not empty, and does not parse
}

// wantWarnings returns the warnings that request must give on row. They
// are judged here without the command's code: the method by name, the
// media type with mime.ParseMediaType (which lowercases it), and a
// multipart body that does not parse by the row's key, which is then the
// key of 0x00 and the raw body (RequestKeys' documentation), whatever the
// multipart grammar.
func wantWarnings(t *testing.T, row requestVector) (w warnings) {
	t.Helper()
	req, err := http.NewRequest(row.Method, row.Target, bytes.NewReader(row.Body))
	if err != nil {
		t.Fatal(err)
	}
	w.method = req.Method != "POST" && req.Method != "PATCH"
	if row.ContentType == nil || len(row.Body) == 0 {
		return w
	}
	mt, _, err := mime.ParseMediaType(*row.ContentType)
	_, sub, _ := strings.Cut(mt, "/")
	// A multipart type is keyed by its parts, never as JSON.
	jsonTyped := err == nil && !strings.HasPrefix(mt, "multipart/") &&
		(mt == "application/json" || len(sub) > len("+json") && strings.HasSuffix(sub, "+json"))
	_, jerr := agentidemp.JSONKey(row.Body)
	w.refused = jsonTyped && jerr != nil
	w.multipart = row.Key == agentidemp.ScopedKey(string(row.Scope), req.Method, req.URL.RequestURI(), "\x00"+string(row.Body))
	return w
}

// countWarnings counts the rows that get each warning.
func countWarnings(t *testing.T, rows []requestVector) (n struct{ method, refused, multipart int }) {
	for _, row := range rows {
		w := wantWarnings(t, row)
		if w.method {
			n.method++
		}
		if w.refused {
			n.refused++
		}
		if w.multipart {
			n.multipart++
		}
	}
	return n
}

// The warnings of request, as standard error shows them.
const (
	methodWarning    = "agentidemp request: warning: the middleware sets no key on a %s request, only on POST and PATCH (RequestKeys.Methods); this is the key RequestKey gives\n"
	refusedWarning   = ": warning: the canonicalizer refuses the body, so it is hashed as it is, as the middleware does: "
	multipartWarning = ": warning: the body does not parse as multipart with the boundary of its Content-Type (or that has none), so it is hashed as it is, as the middleware does\n"
)

// wantRequest checks that r printed key and exited 0, with the warnings w
// and nothing else on standard error.
func wantRequest(t *testing.T, what string, r result, key string, w warnings) {
	t.Helper()
	got := warnings{
		method:    strings.Contains(r.stderr, "agentidemp request: warning: the middleware sets no key on a "),
		refused:   strings.Contains(r.stderr, refusedWarning),
		multipart: strings.Contains(r.stderr, multipartWarning),
	}
	if r.code != 0 || r.stdout != key+"\n" || got != w || w == (warnings{}) && r.stderr != "" {
		t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 0, stdout %q, warnings %+v",
			what, r.code, r.stdout, r.stderr, key+"\n", w)
	}
}

// TestRequestWarnings checks the exact warnings of request: for a method
// that the middleware does not key (the empty method is GET, and methods
// are compared exactly), and for a JSON-typed body that the canonicalizer
// refuses, with its position; and that none is given otherwise.
func TestRequestWarnings(t *testing.T) {
	const json = `{"model": "m", "n": 1}`
	bad := "{\"名前\": \"日本\xff\"}"
	badWarning := "NAME:1:19" + refusedWarning + "invalid UTF-8 in JSON string: byte 0xff cannot start a character\n" +
		`{"名前": "日本\xff"}` + "\n" +
		"              ^\n"
	rawKey := func(method, body string) string {
		return sha256Key([]byte("\x00" + method + "\x00/v1/x\x00" + body))
	}
	canonKey := func(method string) string {
		return sha256Key([]byte("\x00" + method + "\x00/v1/x\x00" + `{"model":"m","n":1}`))
	}
	for _, tc := range []struct {
		args      []string
		body, key string
		stderr    string // NAME for the input's name
	}{
		{[]string{"POST"}, json, canonKey("POST"), ""},
		{[]string{"PATCH"}, json, canonKey("PATCH"), ""},
		{[]string{"GET"}, json, canonKey("GET"), fmt.Sprintf(methodWarning, "GET")},
		{[]string{""}, json, canonKey("GET"), fmt.Sprintf(methodWarning, "GET")},
		{[]string{"post"}, json, canonKey("post"), fmt.Sprintf(methodWarning, "post")},
		// An empty body is keyed as empty, whatever its type: no warning.
		{[]string{"DELETE"}, "", rawKey("DELETE", ""), fmt.Sprintf(methodWarning, "DELETE")},
		{[]string{"POST"}, "", rawKey("POST", ""), ""},
		{[]string{"POST"}, " ", rawKey("POST", " "), "NAME:1:2" + refusedWarning + "unexpected end of JSON input: want a value\n \n ^\n"},
		{[]string{"POST"}, bad, rawKey("POST", bad), badWarning},
		{[]string{"-type", "application/problem+json; charset=utf-8", "POST"}, bad, rawKey("POST", bad), badWarning},
		{[]string{"-type", " Application/JSON", "PUT"}, bad, rawKey("PUT", bad), fmt.Sprintf(methodWarning, "PUT") + badWarning},
		{[]string{"-type", "text/plain", "POST"}, bad, rawKey("POST", bad), ""},
		{[]string{"-type", "application/jsonx", "POST"}, bad, rawKey("POST", bad), ""},
		{[]string{"-type", "", "POST"}, bad, rawKey("POST", bad), ""},
	} {
		args := append(append([]string{"request"}, tc.args...), "/v1/x")
		r := run(t, []byte(tc.body), args...)
		want := strings.ReplaceAll(tc.stderr, "NAME", "<stdin>")
		if r.code != 0 || r.stdout != tc.key+"\n" || r.stderr != want {
			t.Errorf("%q < body: exit %d, stdout %q, stderr\n%s\nwant exit 0, stdout %q, stderr\n%s", args, r.code, r.stdout, r.stderr, tc.key+"\n", want)
		}
		path := writeTemp(t, "body.json", []byte(tc.body))
		r = run(t, nil, append(args, path)...)
		if want := strings.ReplaceAll(tc.stderr, "NAME", path); r.code != 0 || r.stdout != tc.key+"\n" || r.stderr != want {
			t.Errorf("%q FILE: exit %d, stdout %q, stderr\n%s\nwant stderr\n%s", args, r.code, r.stdout, r.stderr, want)
		}
	}
}

// TestRequestDefaults checks the defaults against the first row, a chat
// request sent as application/json with the empty scope: -type defaults to
// application/json, -scope to the empty scope, and a full URL counts by its
// path and query only.
func TestRequestDefaults(t *testing.T) {
	row := loadRows[requestVector](t, "http_request")[0]
	if row.ContentType == nil || *row.ContentType != "application/json" || len(row.Scope) != 0 || row.Target != "/v1/messages" {
		t.Fatalf("row 0 is not the plain JSON request: %+v", row)
	}
	wantKey(t, "defaults", run(t, row.Body, "request", row.Method, row.Target), row.Key)
	wantKey(t, "-uuid", run(t, row.Body, "request", "-uuid", row.Method, row.Target), row.UUIDKey)
	wantKey(t, "full URL", run(t, row.Body, "request", row.Method, "https://api.example.com"+row.Target), row.Key)
	wantKey(t, "body -", run(t, row.Body, "request", row.Method, row.Target, "-"), row.Key)
	// The scope, method, target and a body not typed as JSON are hashed
	// exactly as given (the formula in RequestKeys' documentation).
	wantRequest(t, "exact bytes", run(t, []byte("body\n"), "request", "-scope", " s\n", "-type", "text/plain", "post", "/v1/x?"),
		sha256Key([]byte(" s\n\x00post\x00/v1/x?\x00body\n")), warnings{method: true})
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

// TestRequestMultipartWarning checks the warning for a multipart body that
// does not parse and so is hashed as it is (0x00 and the raw body, as
// RequestKeys' documentation says): given for a body without a close
// delimiter and for a type without a boundary, in both shapes and any
// scope, and not for a body that parses, nor for an empty one.
func TestRequestMultipartWarning(t *testing.T) {
	const (
		mt       = "multipart/form-data; boundary=B0"
		parses   = "--B0\r\n\r\nx\r\n--B0--"
		unclosed = "--B0\r\n\r\nx\r\n"
	)
	for _, tc := range []struct {
		mt, body string
		warn     bool
	}{
		{mt, parses, false},
		{mt, unclosed, true},
		{"multipart/form-data", parses, true},
		{mt, "", false},
		{"text/plain", unclosed, false},
	} {
		for _, scope := range []string{"", "run-7"} {
			for _, uuid := range []bool{false, true} {
				args := []string{"request", "-scope", scope, "-type", tc.mt}
				if uuid {
					args = append(args, "-uuid")
				}
				args = append(args, "POST", "/v1/upload?x=1")
				req, err := http.NewRequest(http.MethodPost, "/v1/upload?x=1", strings.NewReader(tc.body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", tc.mt)
				keys := agentidemp.RequestKeys{Scope: func(*http.Request) string { return scope }}
				if uuid {
					keys.Shape = agentidemp.UUIDKey
				}
				want, err := keys.RequestKey(req)
				if err != nil {
					t.Fatal(err)
				}
				r := run(t, []byte(tc.body), args...)
				wantStderr := ""
				if tc.warn {
					wantStderr = "<stdin>" + multipartWarning
				}
				if r.code != 0 || r.stdout != want+"\n" || r.stderr != wantStderr {
					t.Errorf("%q < %q: exit %d, stdout %q, stderr %q; want exit 0, stdout %q, stderr %q",
						args, tc.body, r.code, r.stdout, r.stderr, want+"\n", wantStderr)
				}
			}
		}
	}
	// The fallback, as the warning's test judges it, is what the library
	// documents for these bodies.
	fallback := agentidemp.ScopedKey("", "POST", "/v1/upload?x=1", "\x00"+unclosed)
	if r := run(t, []byte(unclosed), "request", "-type", mt, "POST", "/v1/upload?x=1"); r.stdout != fallback+"\n" {
		t.Errorf("the body without a close delimiter has the key %q, not the fallback %s", r.stdout, fallback)
	}
	if r := run(t, []byte(parses), "request", "-type", mt, "POST", "/v1/upload?x=1"); r.stdout == agentidemp.ScopedKey("", "POST", "/v1/upload?x=1", "\x00"+parses)+"\n" {
		t.Errorf("the body that parses has the fallback key %q", r.stdout)
	}
}
