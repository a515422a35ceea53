package agentidemp

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"
)

// refRequestKey is the key of the RequestKeys documentation, built the
// obvious way from the exported functions: ScopedKey over the method, the
// target and the canonical form of a JSON-typed body the canonicalizer
// accepts, the reference encoding of a multipart body, or else the raw body.
func refRequestKey(scope, method, target, contentType string, body []byte, shape KeyShape) string {
	b := body
	// ASCII case only; spaces and tabs only.
	mt := strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, strings.Trim(strings.Split(contentType, ";")[0], " \t"))
	if mt == "application/json" || (strings.Contains(mt, "/") && !strings.HasPrefix(mt, "/") &&
		strings.HasSuffix(mt, "+json") && len(mt[strings.Index(mt, "/")+1:]) > len("+json")) {
		if c, err := CanonicalJSON(body); err == nil {
			b = c
		}
	}
	if strings.HasPrefix(mt, "multipart/") && len(mt) > len("multipart/") {
		boundary, ok := boundaryParam(contentType[strings.Index(contentType+";", ";"):])
		token := strings.Trim(mt[len("multipart/"):], "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz") == ""
		b = refMultipartBody(body, boundary, ok && token)
	}
	if shape == UUIDKey {
		pre := scope + "\x00" + method + "\x00" + target + "\x00" + string(b)
		return UUID5Key(NamespaceAnthropic, []byte(pre))
	}
	return ScopedKey(scope, method, target, string(b))
}

func TestRequestKeyFormula(t *testing.T) {
	for _, tc := range []struct {
		method, target, ct, body, scope string
	}{
		{"POST", "/v1/messages", "application/json", chatBody, ""},
		{"POST", "/v1/messages", "application/json; charset=utf-8", "{ \"b\" : 1.0, \"a\" : [ ] }", "s"},
		{"POST", "/v1/messages", "application/vnd.x+JSON", `{"b":2E1,"a":"\u00e9"}`, ""},
		{"POST", "/v1/messages", "text/plain", `{"b":1,"a":2}`, ""},
		{"POST", "/v1/messages", "", `{"b":1,"a":2}`, ""},
		{"POST", "/v1/messages", "application/json", `{"a":1,"a":2}`, ""},
		{"POST", "/v1/messages", "application/json", `[1,]`, "turn-2"},
		{"PATCH", "/v1/orders/7?expand=items&x=%2F", "application/merge-patch+json", `{"z":null}`, ""},
		{"POST", "/", "application/json", "", ""},
		{"DELETE", "/v1/files/f1", "", "", "tenant"},
		{"POST", "/v1/upload", "application/octet-stream", strings.Repeat("\x00\xff", 20000), ""},
		{"POST", "/v1/big", "application/json", `{"data":"` + strings.Repeat("QUJD", 30000) + `"}`, ""},
	} {
		for _, shape := range []KeyShape{HexKey, UUIDKey} {
			scope := tc.scope
			keys := RequestKeys{Shape: shape, Scope: func(*http.Request) string { return scope }}
			want := refRequestKey(tc.scope, tc.method, tc.target, tc.ct, []byte(tc.body), shape)
			got, err := keys.RequestKey(newRequest(t, tc.method, tc.target, tc.ct, tc.body))
			if err != nil || got != want {
				t.Errorf("%s %s %q %.40q shape %d: RequestKey = %q, %v; want %s", tc.method, tc.target, tc.ct, tc.body, shape, got, err, want)
			}
			if shape == HexKey && (len(got) != HexKeyLen || !strings.HasPrefix(got, "ik_")) {
				t.Errorf("hex key %q has the wrong form", got)
			}
			if shape == UUIDKey {
				u, err := ParseUUID(got)
				if err != nil || u.Version() != 5 || u.String() != got {
					t.Errorf("UUID key %q: %v, version %d", got, err, u.Version())
				}
			}
		}
	}
}

func TestRequestKeyUnknownShape(t *testing.T) {
	req := newRequest(t, "POST", "/x", "", "body")
	if k, err := (RequestKeys{Shape: 2}).RequestKey(req); err == nil || !strings.HasPrefix(err.Error(), "agentidemp:") {
		t.Errorf("Shape 2: RequestKey = %q, %v; want an agentidemp error", k, err)
	}
	var rec recorder
	body := &countingBody{r: strings.NewReader("body")}
	req.Body = body
	if _, err := (RequestKeys{Shape: -1}).Middleware(req, rec.next); err == nil || rec.calls != 0 || body.closed == 0 {
		t.Errorf("Shape -1: Middleware err %v, %d calls of next, body closed %d times", err, rec.calls, body.closed)
	}
}

// TestMiddlewareSetsKey checks the key that reaches next for each option,
// and that the caller's request is left as it was.
func TestMiddlewareSetsKey(t *testing.T) {
	for _, tc := range []struct {
		name   string
		keys   RequestKeys
		method string
		header string // header that carries the key
		want   string // "" means no key is set
	}{
		{"POST default", RequestKeys{}, "POST", "Idempotency-Key", refRequestKey("", "POST", "/v1/messages", "application/json", []byte(chatBody), HexKey)},
		{"PATCH default", RequestKeys{}, "PATCH", "Idempotency-Key", refRequestKey("", "PATCH", "/v1/messages", "application/json", []byte(chatBody), HexKey)},
		{"GET default", RequestKeys{}, "GET", "Idempotency-Key", ""},
		{"HEAD default", RequestKeys{}, "HEAD", "Idempotency-Key", ""},
		{"OPTIONS default", RequestKeys{}, "OPTIONS", "Idempotency-Key", ""},
		{"DELETE default", RequestKeys{}, "DELETE", "Idempotency-Key", ""},
		{"PUT default", RequestKeys{}, "PUT", "Idempotency-Key", ""},
		{"lower-case post is not POST", RequestKeys{}, "post", "Idempotency-Key", ""},
		{"PUT listed", RequestKeys{Methods: []string{"PUT"}}, "PUT", "Idempotency-Key", refRequestKey("", "PUT", "/v1/messages", "application/json", []byte(chatBody), HexKey)},
		{"POST not listed", RequestKeys{Methods: []string{"PUT"}}, "POST", "Idempotency-Key", ""},
		{"empty list", RequestKeys{Methods: []string{}}, "POST", "Idempotency-Key", ""},
		{"other header", RequestKeys{Header: "x-idempotency-key"}, "POST", "X-Idempotency-Key", refRequestKey("", "POST", "/v1/messages", "application/json", []byte(chatBody), HexKey)},
		{"scope and UUID", RequestKeys{Shape: UUIDKey, Scope: func(r *http.Request) string { return r.Header.Get("Session") }}, "POST", "Idempotency-Key",
			refRequestKey("sess-9", "POST", "/v1/messages", "application/json", []byte(chatBody), UUIDKey)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, how := range []string{"Middleware", "Transport"} {
				req := newRequest(t, tc.method, "/v1/messages", "application/json", chatBody)
				req.Header.Set("Session", "sess-9")
				orig := *req
				origHeader := req.Header.Clone()
				var rec recorder
				var err error
				if how == "Middleware" {
					_, err = tc.keys.Middleware(req, rec.next)
				} else {
					_, err = tc.keys.Transport(&rec).RoundTrip(req)
				}
				if err != nil || rec.calls != 1 {
					t.Fatalf("%s: err %v, %d calls", how, err, rec.calls)
				}
				if got := rec.req.Header.Get(tc.header); got != tc.want {
					t.Errorf("%s: %s = %q, want %q", how, tc.header, got, tc.want)
				}
				if n := len(rec.req.Header.Values(tc.header)); tc.want != "" && n != 1 {
					t.Errorf("%s: %d values of %s", how, n, tc.header)
				}
				if tc.want == "" && rec.req != req {
					t.Errorf("%s: a request without a key was not passed on as it is", how)
				}
				if string(rec.body) != chatBody {
					t.Errorf("%s: body %q reached next", how, rec.body)
				}
				// The caller's request: same fields, same header.
				if req.Body != orig.Body || req.GetBody == nil || req.URL != orig.URL {
					t.Errorf("%s: caller's request modified", how)
				}
				if fmt.Sprint(req.Header) != fmt.Sprint(origHeader) {
					t.Errorf("%s: caller's header changed to %v", how, req.Header)
				}
			}
		})
	}
}

// TestHeaderKept: a key already present, in any case of the header name
// and however it was set, is left alone, and the body is not read.
func TestHeaderKept(t *testing.T) {
	for _, set := range []func(http.Header){
		func(h http.Header) { h.Set("Idempotency-Key", "caller-key") },
		func(h http.Header) { h["idempotency-key"] = []string{"caller-key"} },
		func(h http.Header) { h["IDEMPOTENCY-KEY"] = []string{"caller-key"} },
		func(h http.Header) { h["Idempotency-Key"] = []string{""} },
	} {
		req := newRequest(t, "POST", "/v1/messages", "application/json", chatBody)
		set(req.Header)
		want := fmt.Sprint(req.Header)
		body := &countingBody{r: strings.NewReader(chatBody)}
		req.Body = body
		getBodyCalls := 0
		req.GetBody = func() (io.ReadCloser, error) {
			getBodyCalls++
			return io.NopCloser(strings.NewReader(chatBody)), nil
		}
		var seen *http.Request
		_, err := Middleware(req, func(r *http.Request) (*http.Response, error) {
			seen = r
			return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
		})
		if err != nil || seen != req {
			t.Errorf("%v: err %v, request passed on: %v", want, err, seen == req)
		}
		if got := fmt.Sprint(req.Header); got != want {
			t.Errorf("header changed from %s to %s", want, got)
		}
		if body.reads != 0 || getBodyCalls != 0 {
			t.Errorf("%v: body read %d times, GetBody called %d times", want, body.reads, getBodyCalls)
		}
	}
}

// TestTransportConcurrent sends many requests through one transport at once
// (run it with -race): each gets the key of its own body.
func TestTransportConcurrent(t *testing.T) {
	var mu sync.Mutex
	got := map[string]string{} // body -> key
	stub := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		mu.Lock()
		got[string(b)] = req.Header.Get("Idempotency-Key")
		mu.Unlock()
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: req}, nil
	})
	tr := RequestKeys{Scope: func(r *http.Request) string { return r.Header.Get("Run") }}.Transport(stub)
	const n = 64
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body := fmt.Sprintf(`{"i":%d,"pad":"%s"}`, i, strings.Repeat("x", i*500))
			req := newRequest(t, "POST", "/v1/x", "application/json", body)
			req.Header.Set("Run", "run-1")
			if i%2 == 1 {
				req.GetBody = nil // the held-bytes path
			}
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		}(i)
	}
	wg.Wait()
	if len(got) != n {
		t.Fatalf("%d distinct bodies recorded, want %d", len(got), n)
	}
	for body, key := range got {
		if want := refRequestKey("run-1", "POST", "/v1/x", "application/json", []byte(body), HexKey); key != want {
			t.Errorf("body %.20q: key %s, want %s", body, key, want)
		}
	}
}

func TestNewTransportNilBase(t *testing.T) {
	tr, ok := NewTransport(nil).(*transport)
	if !ok || tr.base != http.DefaultTransport {
		t.Errorf("NewTransport(nil) does not wrap http.DefaultTransport")
	}
}

func TestIsJSONType(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json":                true,
		"APPLICATION/JSON":                true,
		"application/json; charset=utf-8": true,
		" application/json ;q=1":          true,
		"application/ld+json":             true,
		"application/problem+JSON":        true,
		"application/+json":               false,
		"+json":                           false,
		"/x+json":                         false,
		"application/jsonx":               false,
		"application/json-seq":            false,
		"text/json":                       false,
		"json":                            false,
		"":                                false,
		"text/plain":                      false,
		"application/x-json5":             false,
		"application/j\u017fon":           false,
		"\napplication/json":              false,
		"\tapplication/json\t":            true,
	} {
		if got := isJSONType(ct); got != want {
			t.Errorf("isJSONType(%q) = %v, want %v", ct, got, want)
		}
	}
}

// asciiEqualFold folds the 26 ASCII letters and nothing else: checked on
// every pair of bytes against bytes.EqualFold, which agrees with it on
// ASCII.
func TestASCIIEqualFoldEveryByte(t *testing.T) {
	for a := 0; a < 256; a++ {
		for b := 0; b < 256; b++ {
			x, y := []byte{byte(a)}, []byte{byte(b)}
			want := a == b
			if a < 0x80 && b < 0x80 {
				want = bytes.EqualFold(x, y)
			}
			if got := asciiEqualFold(string(x), string(y)); got != want {
				t.Errorf("asciiEqualFold(%q, %q) = %v, want %v", x, y, got, want)
			}
		}
	}
}

// A Content-Type that starts with ';' has an empty media type, whatever
// the parameters hold.
func TestMediaTypeLeadingSemicolon(t *testing.T) {
	for _, ct := range []string{";a/b+json", "; application/json", ";multipart/form-data; boundary=x"} {
		if mt, params := mediaType(ct); mt != "" || params != ct {
			t.Errorf("mediaType(%q) = %q, %q; want \"\", the whole value", ct, mt, params)
		}
		if isJSONType(ct) {
			t.Errorf("isJSONType(%q) = true", ct)
		}
	}
}

// TestRequestKeyAllocs pins the allocations of a key once warm: the same
// for a 1 KiB and a 1 MiB body, JSON or not, and with members left out and
// a scope from the context.
func TestRequestKeyAllocs(t *testing.T) {
	if requestKeyAllocs < 0 {
		t.Skip("allocations not pinned in this build")
	}
	small := `{"id":1,"a":"` + strings.Repeat("x", 1<<10) + `","b":{"c":[{"d":2}]}}`
	large := `{"id":1,"a":"` + strings.Repeat("x", 1<<20) + `","b":{"c":[{"d":2}]}}`
	omit := RequestKeys{Omit: []string{"/id", "/b/c/0/d", "/x~1y", "/a/0"}}
	for _, keys := range []RequestKeys{{}, omit} {
		for _, ct := range []string{"application/json", "application/octet-stream"} {
			counts := map[int]float64{}
			for _, body := range []string{small, large} {
				req := newRequest(t, "POST", "/v1/messages", ct, body)
				if keys.Omit != nil {
					req = req.WithContext(WithScope(req.Context(), "run-1/turn-7"))
				}
				f := func() {
					if _, err := keys.RequestKey(req); err != nil {
						t.Fatal(err)
					}
				}
				f()
				counts[len(body)] = testing.AllocsPerRun(20, f)
			}
			if counts[len(small)] != requestKeyAllocs || counts[len(large)] != requestKeyAllocs {
				t.Errorf("%s, Omit %q: %v allocations by body size, want %d for each", ct, keys.Omit, counts, requestKeyAllocs)
			}
		}
	}
}

// FuzzRequestKey checks, for any body, content type and scope, that the key
// equals the reference built from ScopedKey and CanonicalJSON whichever way
// the body is held, and that the middleware passes the body on unchanged.
func FuzzRequestKey(f *testing.F) {
	f.Add([]byte(chatBody), "application/json", "")
	f.Add([]byte(`{"a":1,"a":2}`), "application/json; charset=utf-8", "s")
	f.Add([]byte(`{"b":1.50,"a":[]}`), "application/x+json", "turn\x01")
	f.Add([]byte("\x00\xff"), "", "")
	f.Add([]byte(""), "application/json", "")
	f.Add([]byte("--B0\r\n\r\nx\r\n--B0--"), "multipart/form-data; boundary=B0", "")
	f.Add([]byte("b"), "text/plain", "a\x00POST\x00/x")
	f.Fuzz(func(t *testing.T, body []byte, ct, scope string) {
		want := refRequestKey(scope, "POST", "/v1/x", ct, body, HexKey)
		keys := RequestKeys{Scope: func(*http.Request) string { return scope }}
		for _, getBody := range []bool{true, false} {
			req, err := http.NewRequest("POST", "http://h/v1/x", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header["Content-Type"] = []string{ct}
			if !getBody {
				req.GetBody = nil
			}
			var rec recorder
			_, err = keys.Middleware(req, rec.next)
			if strings.IndexByte(scope, 0) >= 0 {
				// Refused: it could give two requests one key.
				if err == nil || rec.calls != 0 {
					t.Fatalf("scope %q holds a NUL: err %v, %d calls of next; want an error and none", scope, err, rec.calls)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.key != want {
				t.Fatalf("GetBody %v: key %s, want %s", getBody, rec.key, want)
			}
			if !bytes.Equal(rec.body, body) {
				t.Fatalf("GetBody %v: body %q reached next, want %q", getBody, rec.body, body)
			}
		}
	})
}

func TestContentType(t *testing.T) {
	for _, tc := range []struct {
		h    http.Header
		want string
	}{
		{http.Header{}, ""},
		{nil, ""},
		{http.Header{"Content-Type": {"application/json", "text/plain"}}, "application/json"},
		{http.Header{"content-type": {"application/json"}}, "application/json"},
		{http.Header{"CONTENT-TYPE": {"application/json"}}, "application/json"},
		// The canonical key first, whatever the others sort as.
		{http.Header{"Content-Type": {"text/plain"}, "CONTENT-TYPE": {"application/json"}}, "text/plain"},
		// Without it, the first key in sorted byte order that has a value.
		{http.Header{"content-type": {"text/plain"}, "CONTENT-TYPE": {"application/json"}, "Content-type": {"a/b"}}, "application/json"},
		{http.Header{"content-type": {"text/plain"}, "Content-type": {"a/b"}}, "a/b"},
		// Keys with an empty list of values do not count.
		{http.Header{"Content-Type": {}, "content-type": {"application/json"}}, "application/json"},
		{http.Header{"CONTENT-TYPE": {}, "content-type": {"application/json"}}, "application/json"},
		{http.Header{"Content-Type": {""}, "content-type": {"application/json"}}, ""},
		{http.Header{"Content-Typ": {"application/json"}, "Content-Type-X": {"application/json"}}, ""},
	} {
		if got := contentType(tc.h); got != tc.want {
			t.Errorf("contentType(%v) = %q, want %q", tc.h, got, tc.want)
		}
	}
}

// A Content-Type set in the map under a key of another case is sent on the
// wire, and the key reads it.
func TestContentTypeAnyCase(t *testing.T) {
	const pretty = `{ "b" : 1.0, "a" : [ ] }`
	want := refRequestKey("", "POST", "/v1/x", "application/json", []byte(pretty), HexKey)
	for _, key := range []string{"content-type", "CONTENT-TYPE", "Content-type"} {
		req := newRequest(t, "POST", "/v1/x", "", pretty)
		req.Header[key] = []string{"application/json"}
		if got, err := RequestKey(req); err != nil || got != want {
			t.Errorf("%s: RequestKey = %s, %v; want %s", key, got, err, want)
		}
	}
}

// net/http sends an empty method as GET: the key hashes GET, and the
// Methods filter matches it as GET.
func TestEmptyMethodIsGET(t *testing.T) {
	req := newRequest(t, "GET", "/v1/models", "", "")
	want, err := RequestKey(req)
	if err != nil {
		t.Fatal(err)
	}
	req.Method = ""
	if got, err := RequestKey(req); err != nil || got != want {
		t.Errorf("Method \"\": RequestKey = %s, %v; want GET's %s", got, err, want)
	}
	for _, tc := range []struct {
		keys RequestKeys
		want string
	}{{RequestKeys{}, ""}, {RequestKeys{Methods: []string{"GET"}}, want}, {RequestKeys{Methods: []string{""}}, ""}} {
		var rec recorder
		if _, err := tc.keys.Middleware(req, rec.next); err != nil || rec.key != tc.want {
			t.Errorf("Methods %q, method \"\": key %q, %v; want %q", tc.keys.Methods, rec.key, err, tc.want)
		}
	}
}

// A header present in the map with an empty list of values is not sent,
// so it does not count as a key already set.
func TestHeaderEmptyValueList(t *testing.T) {
	req := newRequest(t, "POST", "/v1/messages", "application/json", chatBody)
	req.Header["Idempotency-Key"] = []string{}
	var rec recorder
	if _, err := Middleware(req, rec.next); err != nil || rec.key != refRequestKey("", "POST", "/v1/messages", "application/json", []byte(chatBody), HexKey) {
		t.Errorf("key %q, %v; want the request's key", rec.key, err)
	}
}

// TestOddRequests: a nil request, and one with a nil URL or a nil Header
// map, reach next untouched through Middleware and Transport (net/http
// says what becomes of them), and RequestKey refuses the first two with an
// agentidemp error, without panicking.
func TestOddRequests(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  func() *http.Request
	}{
		{"nil request", func() *http.Request { return nil }},
		{"nil URL", func() *http.Request {
			req := newRequest(t, "POST", "/v1/x", "application/json", chatBody)
			req.URL = nil
			return req
		}},
		{"nil Header", func() *http.Request {
			req := newRequest(t, "POST", "/v1/x", "application/json", chatBody)
			req.Header = nil
			return req
		}},
	} {
		for _, how := range []string{"Middleware", "Transport"} {
			req := tc.req()
			var seen *http.Request
			calls := 0
			next := func(r *http.Request) (*http.Response, error) {
				seen = r
				calls++
				return nil, errors.New("next's own error")
			}
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("%s, %s: panic: %v", tc.name, how, p)
					}
				}()
				if how == "Middleware" {
					_, err = Middleware(req, next)
				} else {
					_, err = NewTransport(roundTripFunc(next)).RoundTrip(req)
				}
			}()
			if calls != 1 || seen != req || err == nil || err.Error() != "next's own error" {
				t.Errorf("%s, %s: next called %d times, with the request itself: %v; err %v", tc.name, how, calls, seen == req, err)
			}
			if req != nil && req.Header != nil && req.Header.Get("Idempotency-Key") != "" {
				t.Errorf("%s, %s: the caller's request got a key", tc.name, how)
			}
		}
		req := tc.req()
		key, err := RequestKey(req)
		switch {
		case tc.name == "nil Header":
			if want := refRequestKey("", "POST", "/v1/x", "", []byte(chatBody), HexKey); err != nil || key != want {
				t.Errorf("%s: RequestKey = %q, %v; want %s", tc.name, key, err, want)
			}
		case err == nil || key != "" || !strings.HasPrefix(err.Error(), "agentidemp: "):
			t.Errorf("%s: RequestKey = %q, %v; want an agentidemp error", tc.name, key, err)
		}
	}
}

// The wire tests, from here on, put the layer in front of every kind of body
// and GetBody a caller can build, and compare what reaches the server with
// what the bare transport sends.

// A wireKind makes bodies of one kind over a payload: open returns a new
// body and a function that rewinds that very body to its start.
type wireKind struct {
	name string
	open func(t *testing.T, payload []byte) (io.ReadCloser, func() error)
}

// cursor reads payload from a position that rewind resets: the state
// behind the func-typed readers.
func cursor(payload []byte) (func([]byte) (int, error), func() error) {
	var mu sync.Mutex
	off := 0
	read := func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		if off == len(payload) {
			return 0, io.EOF
		}
		n := copy(p, payload[off:])
		off += n
		return n, nil
	}
	return read, func() error { mu.Lock(); off = 0; mu.Unlock(); return nil }
}

// openFiles counts the opens and closes of the files the file kinds make.
type openFiles struct {
	mu     sync.Mutex
	open   map[*os.File]bool
	closes int
}

func (o *openFiles) add(f *os.File) *trackedFile {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.open == nil {
		o.open = map[*os.File]bool{}
	}
	o.open[f] = true
	return &trackedFile{f, o}
}

// stillOpen returns the number of files opened and not closed.
func (o *openFiles) stillOpen() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, open := range o.open {
		if open {
			n++
		}
	}
	return n
}

// trackedFile is an *os.File whose closes are counted.
type trackedFile struct {
	*os.File
	o *openFiles
}

func (f *trackedFile) Close() error {
	f.o.mu.Lock()
	f.o.open[f.File] = false
	f.o.mu.Unlock()
	return f.File.Close()
}

// bufferedFile is a body read through a bufio.Reader, whose WriteTo writes
// the pieces of its buffer where a large read gets the file's, and closed
// through its file.
type bufferedFile struct {
	*bufio.Reader
	io.Closer
}

func wireKinds(files *openFiles) []wireKind {
	seekable := func(r io.ReadSeeker) func() error {
		return func() error { _, err := r.Seek(0, io.SeekStart); return err }
	}
	// One file for each payload, opened anew for each body.
	dir, paths := "", map[string]string{}
	file := func(t *testing.T, payload []byte) *os.File {
		path, ok := paths[string(payload)]
		if !ok {
			if dir == "" {
				dir = t.TempDir()
			}
			path = filepath.Join(dir, strconv.Itoa(len(paths)))
			if err := os.WriteFile(path, payload, 0o600); err != nil {
				t.Fatal(err)
			}
			paths[string(payload)] = path
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	return []wireKind{
		{"bytes.Reader", func(_ *testing.T, p []byte) (io.ReadCloser, func() error) {
			r := bytes.NewReader(p)
			return io.NopCloser(r), seekable(r)
		}},
		{"strings.Reader", func(_ *testing.T, p []byte) (io.ReadCloser, func() error) {
			r := strings.NewReader(string(p))
			return io.NopCloser(r), seekable(r)
		}},
		{"func-typed body", func(_ *testing.T, p []byte) (io.ReadCloser, func() error) {
			read, rewind := cursor(p)
			return funcBody(read), rewind
		}},
		{"io.NopCloser around a func-typed reader", func(_ *testing.T, p []byte) (io.ReadCloser, func() error) {
			read, rewind := cursor(p)
			return io.NopCloser(readerFunc(read)), rewind
		}},
		{"a reader whose first Read gives nothing", func(_ *testing.T, p []byte) (io.ReadCloser, func() error) {
			read, rewind := cursor(p)
			first := true
			return funcBody(func(b []byte) (int, error) {
					if first {
						first = false
						return 0, nil
					}
					return read(b)
				}), func() error {
					first = true
					return rewind()
				}
		}},
		{"*os.File", func(t *testing.T, p []byte) (io.ReadCloser, func() error) {
			f := file(t, p)
			return files.add(f), seekable(f)
		}},
		{"io.SectionReader over a file", func(t *testing.T, p []byte) (io.ReadCloser, func() error) {
			f := file(t, p)
			r := io.NewSectionReader(f, 0, int64(len(p)))
			return readCloser{r, files.add(f)}, seekable(r)
		}},
		{"bufio.Reader over a file, closing it", func(t *testing.T, p []byte) (io.ReadCloser, func() error) {
			f := file(t, p)
			r := io.NewSectionReader(f, 0, int64(len(p)))
			b := bufferedFile{bufio.NewReader(r), files.add(f)}
			return b, func() error { b.Reset(r); return seekable(r)() }
		}},
	}
}

// A getBodyKind is a behaviour of GetBody: given the body in req.Body with
// its rewind, and a way to open an independent copy, make returns the
// GetBody to set (nil for none).
type getBodyKind struct {
	name string
	make func(body io.ReadCloser, rewind func() error, open func() io.ReadCloser) func() (io.ReadCloser, error)
}

var getBodyKinds = []getBodyKind{
	{"no GetBody", func(io.ReadCloser, func() error, func() io.ReadCloser) func() (io.ReadCloser, error) { return nil }},
	{"independent copies", func(_ io.ReadCloser, _ func() error, open func() io.ReadCloser) func() (io.ReadCloser, error) {
		return func() (io.ReadCloser, error) { return open(), nil }
	}},
	{"the same reader, rewound", func(body io.ReadCloser, rewind func() error, _ func() io.ReadCloser) func() (io.ReadCloser, error) {
		return func() (io.ReadCloser, error) { return body, rewind() }
	}},
	{"error on the first call", failingGetBody(1, false)},
	{"error on the second call, copies", failingGetBody(2, false)},
	{"error on the second call, the same reader", failingGetBody(2, true)},
	{"nil body", func(io.ReadCloser, func() error, func() io.ReadCloser) func() (io.ReadCloser, error) {
		return func() (io.ReadCloser, error) { return nil, nil }
	}},
}

// failingGetBody returns a GetBody behaviour that fails on call number
// fail and otherwise returns a copy, or the same reader rewound.
func failingGetBody(fail int, same bool) func(io.ReadCloser, func() error, func() io.ReadCloser) func() (io.ReadCloser, error) {
	return func(body io.ReadCloser, rewind func() error, open func() io.ReadCloser) func() (io.ReadCloser, error) {
		calls := 0
		return func() (io.ReadCloser, error) {
			calls++
			switch {
			case calls == fail:
				return nil, errors.New("no copy this time")
			case same:
				return body, rewind()
			}
			return open(), nil
		}
	}
}

// rawServer listens on 127.0.0.1 and records, raw, the bytes of the one
// request that each connection carries: the request line, the headers and
// the body as its framing (Content-Length or chunked) delimits it, or all
// the bytes up to the end of the connection when the client gives up
// first. It answers a whole request with 204, unless drain is set: then it
// reads to the end of the connection and answers nothing, for a request
// that the client fails after writing what looks whole (a body longer than
// its ContentLength), so that no answer can race the client's error. A
// client that instead waits for an answer is given up on after a while,
// and stuck says so.
type rawServer struct {
	ln    net.Listener
	got   chan []byte
	drain atomic.Bool
	stuck atomic.Bool
}

func newRawServer(t *testing.T) *rawServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln, got: make(chan []byte, 1)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				s.got <- s.capture(c)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *rawServer) capture(c net.Conn) []byte {
	// Not a measure of time: a client that neither finishes nor closes
	// fails the test here instead of hanging it.
	c.SetDeadline(time.Now().Add(time.Minute))
	raw := []byte{}
	var buf bytes.Buffer
	tee := io.TeeReader(c, &buf)
	if s.drain.Load() {
		// Not a measure of time either: the client closes at once, or
		// waits for an answer it must not expect.
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.Copy(io.Discard, tee); err != nil {
			s.stuck.Store(true)
		}
		return append(raw, buf.Bytes()...)
	}
	r := bufio.NewReader(tee)
	if whole := readWholeRequest(r); whole {
		c.Write([]byte("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"))
	}
	return append(raw, buf.Bytes()[:buf.Len()-r.Buffered()]...)
}

// readWholeRequest reads one request from r, as its framing delimits it,
// and reports whether it was whole.
func readWholeRequest(r *bufio.Reader) bool {
	size, chunked := 0, false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return false
		}
		if line == "\r\n" {
			break
		}
		name, value, _ := strings.Cut(strings.TrimSpace(line), ":")
		value = strings.TrimSpace(value)
		switch {
		case strings.EqualFold(name, "Content-Length"):
			size, _ = strconv.Atoi(value)
		case strings.EqualFold(name, "Transfer-Encoding"):
			chunked = value == "chunked"
		}
	}
	if !chunked {
		_, err := io.CopyN(io.Discard, r, int64(size))
		return err == nil
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return false
		}
		n, err := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
		if err != nil {
			return false
		}
		if n == 0 {
			break
		}
		if _, err := io.CopyN(io.Discard, r, n+2); err != nil {
			return false
		}
	}
	for { // the trailer, up to its empty line
		line, err := r.ReadString('\n')
		if err != nil {
			return false
		}
		if line == "\r\n" {
			return true
		}
	}
}

// send sends req to s, bare or through keys' Transport or Middleware as
// how says, over a new http.Transport, and returns the bytes that reached
// s (nil when no connection was made) and the call's error.
func (s *rawServer) send(keys RequestKeys, how string, req *http.Request) ([]byte, error) {
	var dialed atomic.Bool
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dialed.Store(true)
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	defer tr.CloseIdleConnections()
	var resp *http.Response
	var err error
	switch how {
	case "bare":
		resp, err = tr.RoundTrip(req)
	case "Transport":
		resp, err = keys.Transport(tr).RoundTrip(req)
	case "Middleware":
		resp, err = keys.Middleware(req, tr.RoundTrip)
	}
	if err == nil {
		resp.Body.Close()
	}
	if !dialed.Load() {
		return nil, err
	}
	return <-s.got, err
}

// withoutKey returns raw without its Idempotency-Key header line, and the
// key that line carried ("" when there is none).
func withoutKey(raw []byte) ([]byte, string) {
	const name = "\r\nIdempotency-Key: "
	i := bytes.Index(raw, []byte(name))
	if i < 0 {
		return raw, ""
	}
	end := i + 2 + bytes.Index(raw[i+2:], []byte("\r\n"))
	return append(raw[:i:i], raw[end:]...), string(raw[i+len(name) : end])
}

// wireBody returns the body of the request in raw, as a server reads it.
func wireBody(raw []byte) ([]byte, error) {
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(req.Body)
}

// moreKinds are the bodies besides wireKinds: readers whose pieces are not
// the transport's 32 KiB reads, one whose WriteTo gives other pieces than
// its Read, a *bytes.Buffer, and no body at all.
var moreKinds = []wireKind{
	{"bytes.Buffer", func(_ *testing.T, p []byte) (io.ReadCloser, func() error) {
		b := bytes.NewBuffer(bytes.Clone(p))
		return io.NopCloser(b), func() error { b.Reset(); b.Write(p); return nil }
	}},
	{"last bytes with io.EOF, 1000 at a time", func(_ *testing.T, p []byte) (io.ReadCloser, func() error) {
		r := &eofReader{data: p, piece: 1000}
		return io.NopCloser(r), func() error { r.off = 0; return nil }
	}},
	{"bufio.Reader over a func-typed reader", func(_ *testing.T, p []byte) (io.ReadCloser, func() error) {
		read, rewind := cursor(p)
		b := bufio.NewReader(readerFunc(read))
		return io.NopCloser(b), func() error { b.Reset(readerFunc(read)); return rewind() }
	}},
	{"half of each read", func(_ *testing.T, p []byte) (io.ReadCloser, func() error) {
		r := bytes.NewReader(p)
		return io.NopCloser(iotest.HalfReader(r)), func() error { _, err := r.Seek(0, io.SeekStart); return err }
	}},
	{"nil body", func(*testing.T, []byte) (io.ReadCloser, func() error) { return nil, func() error { return nil } }},
	{"http.NoBody", func(*testing.T, []byte) (io.ReadCloser, func() error) {
		return http.NoBody, func() error { return nil }
	}},
}

// eofReader gives data piece bytes at a time at most, the last bytes
// together with io.EOF.
type eofReader struct {
	data       []byte
	off, piece int
}

func (r *eofReader) Read(p []byte) (int, error) {
	n := copy(p[:min(len(p), r.piece)], r.data[r.off:])
	r.off += n
	if r.off == len(r.data) {
		return n, io.EOF
	}
	return n, nil
}

// TestWireProperty: for every body kind, GetBody behaviour, media type,
// payload and ContentLength (the payload's length, -1, 0, 5 more and 1
// less), Transport and Middleware (over a transport) do not panic, and:
//
//   - over a recording RoundTripper, which reads and closes the body it is
//     given and nothing else, they succeed exactly when the bare one does
//     (with one documented exception, below), the base receives the bare
//     transport's bytes with the key of those bytes, and every file opened
//     for the request is closed when the call returns;
//   - over an http.Transport to a raw TCP server, the bytes that reach the
//     server are the bare transport's, byte for byte (request line,
//     headers, framing, chunks, body), but for the Idempotency-Key line,
//     and the call fails exactly when the bare one does, with the same
//     error; a request sent whole carries the key of its body. The same
//     holds for a request with a nil URL or a nil Header map, and for a
//     DELETE keyed with Methods, whose body net/http probes one byte first.
//
// The exception: a body whose GetBody gives a copy to hash and then fails.
// Not JSON-typed, that copy was streamed into the hash and not kept, and
// req.Body may be the reader the copy came from, so no bytes known to be
// right are left: the request fails with an error instead of sending what
// may be a consumed body. JSON-typed, the bytes held for the canonicalizer
// are sent as an in-memory reader: framed as the bare transport frames a
// body of http.NewRequest, which for other readers may differ in its
// chunks, or in a refusal's error text; the outcome and the body are the
// same.
func TestWireProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	random := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`{"model":"m","data":[`)
		for b.Len() < n {
			fmt.Fprintf(&b, `{"id":%d,"s":"%x"},`, rng.Intn(1000), rng.Int63())
		}
		b.WriteString(`0]}`)
		return []byte(b.String())
	}
	payloads := [][]byte{nil, []byte(`{"b":[1,2.50],"a":"x"}`), random(40 << 10)}
	// The files of the requests sent to the recorder; those sent over the
	// wire are closed by the transport, in its own time.
	var files, wireFiles openFiles
	srv := newRawServer(t)
	url := "http://" + srv.ln.Addr().String() + "/v1/x"
	// newReq returns a function that makes the request anew for each path.
	newReq := func(method, ct string, kind wireKind, gb getBodyKind, payload []byte, claim int64) func() *http.Request {
		return func() *http.Request {
			body, rewind := kind.open(t, payload)
			open := func() io.ReadCloser { c, _ := kind.open(t, payload); return c }
			req, err := http.NewRequest(method, url, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", ct)
			req.Body, req.GetBody = body, gb.make(body, rewind, open)
			req.ContentLength = claim
			return req
		}
	}
	cases := 0
	wantKeys := map[string]string{}
	recorded := append(wireKinds(&files), moreKinds...)
	for i, wired := range append(wireKinds(&wireFiles), moreKinds...) {
		inMemory := strings.HasPrefix(wired.name, "bytes.") || strings.HasPrefix(wired.name, "strings.")
		noBody := wired.name == "nil body" || wired.name == "http.NoBody"
		for _, gb := range getBodyKinds {
			secondFails := strings.HasPrefix(gb.name, "error on the second call") && !noBody
			for _, ct := range []string{"application/json", "application/octet-stream"} {
				exception := secondFails && ct != "application/json"
				for _, payload := range payloads {
					if noBody && payload != nil {
						continue
					}
					n := int64(len(payload))
					want := wantKeys[fmt.Sprint(ct, n)]
					if want == "" {
						want = refRequestKey("", "POST", "/v1/x", ct, payload, HexKey)
						wantKeys[fmt.Sprint(ct, n)] = want
					}
					for _, claim := range []int64{n, -1, 0, n + 5, n - 1} {
						if claim < -1 {
							continue
						}
						name := fmt.Sprintf("%s/%s/%s/%d bytes/ContentLength %d", wired.name, gb.name, ct, n, claim)
						if claim == n || claim == -1 { // the recorder frames nothing
							cases += 2
							checkRecorded(t, name+"/recorder", newReq("POST", ct, recorded[i], gb, payload, claim), payload, want, exception, &files)
						}
						cases += 2
						srv.drain.Store(claim > 0 && claim < n)
						checkWire(t, srv, RequestKeys{}, name+"/wire", newReq("POST", ct, wired, gb, payload, claim), want, exception, secondFails && !inMemory)
					}
				}
			}
		}
	}
	srv.drain.Store(false)
	// Requests net/http refuses as they are, and a method it probes.
	for _, kind := range append(wireKinds(&wireFiles), moreKinds...) {
		payload := payloads[2]
		if kind.name == "nil body" || kind.name == "http.NoBody" {
			payload = nil
		}
		for _, gb := range getBodyKinds[:2] {
			for _, variant := range []string{"nil URL", "nil Header", "DELETE"} {
				for _, claim := range []int64{-1, int64(len(payload))} {
					name := fmt.Sprintf("%s/%s/%s/ContentLength %d", kind.name, gb.name, variant, claim)
					method, keys := "POST", RequestKeys{}
					if variant == "DELETE" {
						method, keys = "DELETE", RequestKeys{Methods: []string{"DELETE"}}
					}
					build := newReq(method, "application/json", kind, gb, payload, claim)
					odd := func() *http.Request {
						req := build()
						switch variant {
						case "nil URL":
							req.URL = nil
						case "nil Header":
							req.Header = nil
						}
						return req
					}
					cases += 2
					checkWire(t, srv, keys, name, odd, refRequestKey("", method, "/v1/x", "application/json", payload, HexKey), false, false)
				}
			}
		}
	}
	t.Logf("%d requests checked against the bare transport", cases)
}

// checkRecorded sends a request from newReq bare, through Transport and
// through Middleware to a recording RoundTripper, and checks what it
// received (see TestWireProperty).
func checkRecorded(t *testing.T, name string, newReq func() *http.Request, payload []byte, want string, exception bool, files *openFiles) {
	t.Helper()
	var recBody []byte
	var recKey string
	rt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		var err error
		if req.Body != nil {
			recBody, err = io.ReadAll(req.Body)
			req.Body.Close()
		}
		recKey = req.Header.Get("Idempotency-Key")
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: req}, err
	})
	roundTrip := func(how string) (err error) {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("%s, %s: panic: %v", name, how, p)
			}
		}()
		recBody, recKey = nil, ""
		var resp *http.Response
		switch req := newReq(); how {
		case "bare":
			resp, err = rt.RoundTrip(req)
		case "Transport":
			resp, err = NewTransport(rt).RoundTrip(req)
		case "Middleware":
			resp, err = Middleware(req, rt.RoundTrip)
		}
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := roundTrip("bare"); err != nil {
		t.Fatalf("%s: the bare transport fails: %v", name, err)
	}
	if !bytes.Equal(recBody, payload) {
		t.Fatalf("%s: the bare transport sent %d bytes, want %d", name, len(recBody), len(payload))
	}
	for _, how := range []string{"Transport", "Middleware"} {
		err := roundTrip(how)
		if exception {
			if err == nil || !strings.HasPrefix(err.Error(), "agentidemp: GetBody failed") {
				t.Errorf("%s, %s: err %v, want the documented GetBody error", name, how, err)
			}
		} else if err != nil {
			t.Errorf("%s, %s: %v, but the bare transport succeeds", name, how, err)
		} else if !bytes.Equal(recBody, payload) || recKey != want {
			t.Errorf("%s, %s: sent %d bytes with key %s, want the bare transport's %d bytes with key %s", name, how, len(recBody), recKey, len(payload), want)
		}
		if n := files.stillOpen(); n != 0 {
			t.Errorf("%s, %s: %d files left open", name, how, n)
		}
	}
}

// checkWire sends a request from newReq bare, through keys' Transport and
// through its Middleware to srv, and compares what reached srv and how the
// calls ended (see TestWireProperty). exception is the documented refusal;
// sameBody weakens the comparison to the outcome and the body.
func checkWire(t *testing.T, srv *rawServer, keys RequestKeys, name string, newReq func() *http.Request, want string, exception, sameBody bool) {
	t.Helper()
	send := func(how string) (raw []byte, err error) {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("%s, %s: panic: %v", name, how, p)
			}
		}()
		raw, err = srv.send(keys, how, newReq())
		if srv.stuck.Load() {
			t.Fatalf("%s, %s: the client waited for an answer to a request that the bare transport refuses (%v)", name, how, err)
		}
		return raw, err
	}
	bare, bareErr := send("bare")
	for _, how := range []string{"Transport", "Middleware"} {
		raw, err := send(how)
		rest, key := withoutKey(raw)
		switch {
		case exception:
			if err == nil || !strings.HasPrefix(err.Error(), "agentidemp: GetBody failed") || raw != nil {
				t.Errorf("%s, %s: err %v, %d bytes sent; want the documented GetBody error, and nothing sent", name, how, err, len(raw))
			}
		case sameBody:
			if (err == nil) != (bareErr == nil) {
				t.Errorf("%s, %s: err %v, bare %v", name, how, err, bareErr)
			} else if err == nil {
				got, gerr := wireBody(raw)
				wantBody, werr := wireBody(bare)
				if gerr != nil || werr != nil || !bytes.Equal(got, wantBody) || key != want {
					t.Errorf("%s, %s: sent a body of %d bytes (%v) with key %s; bare %d bytes (%v), key %s", name, how, len(got), gerr, key, len(wantBody), werr, want)
				}
			}
		default:
			if !sameOutcome(err, bareErr) {
				t.Errorf("%s, %s: err %v, bare %v", name, how, err, bareErr)
			}
			if (raw == nil) != (bare == nil) || !bytes.Equal(rest, bare) {
				t.Errorf("%s, %s: the bytes sent differ from the bare transport's:\n%s\nbare:\n%s", name, how, clip(raw), clip(bare))
			}
			if err == nil && key != want {
				t.Errorf("%s, %s: key %q, want %s", name, how, key, want)
			}
		}
	}
}

// sameOutcome reports whether two calls ended alike: both sent, or both
// refused with the same error. When net/http fails a request while writing
// it, it closes the connection, and its read side may report that close
// ("use of closed network connection") before its write side reports the
// cause: which of the two errors the call returns is left to the
// scheduler, for the bare transport as for any other, so either stands for
// the other.
func sameOutcome(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	const closed = "use of closed network connection"
	return a.Error() == b.Error() || strings.Contains(a.Error(), closed) || strings.Contains(b.Error(), closed)
}

// clip quotes raw, cut in the middle when it is long.
func clip(raw []byte) string {
	if raw == nil {
		return "(no connection)"
	}
	if len(raw) > 400 {
		return fmt.Sprintf("%q ... %q (%d bytes)", raw[:300], raw[len(raw)-80:], len(raw))
	}
	return fmt.Sprintf("%q", raw)
}

// idleCounter is a base transport that counts CloseIdleConnections calls.
type idleCounter struct {
	roundTripFunc
	closes int
}

func (c *idleCounter) CloseIdleConnections() { c.closes++ }

// TestCloseIdleConnections: http.Client.CloseIdleConnections reaches the
// base transport through Transport, and closes the idle connections of an
// http.Transport, so that the next request opens a new one.
func TestCloseIdleConnections(t *testing.T) {
	base := &idleCounter{}
	(&http.Client{Transport: NewTransport(base)}).CloseIdleConnections()
	if base.closes != 1 {
		t.Errorf("the base's CloseIdleConnections was called %d times, want 1", base.closes)
	}
	// A base without the method: nothing to forward, and no panic.
	(&http.Client{Transport: NewTransport(roundTripFunc(nil))}).CloseIdleConnections()

	srv := newWireServer(t)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: NewTransport(tr)}
	reused := func() bool {
		var info httptrace.GotConnInfo
		req, err := http.NewRequest("POST", srv.URL+"/v1/x", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			GotConn: func(i httptrace.GotConnInfo) { info = i },
		}))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return info.Reused
	}
	if first, second := reused(), reused(); first || !second {
		t.Fatalf("connections reused: first request %v, second %v; want false, true", first, second)
	}
	client.CloseIdleConnections()
	if reused() {
		t.Errorf("the request after CloseIdleConnections reused an idle connection")
	}
}

// hop is one request that reached the redirecting server.
type hop struct {
	method, path, key, body string
}

// TestRedirects follows each redirect status from POST /a to /b with an
// http.Client, twice (a retry of the whole call), and checks what each hop
// carries:
//   - Transport keys each hop itself: after 307 and 308 the POST to /b
//     gets the key of /b; after 301, 302 and 303 net/http sends a GET
//     without a body, which the default Methods do not key;
//   - Middleware sets the key once, on the request that the client then
//     redirects, so every hop carries the key of POST /a, the GET after
//     301, 302 and 303 included.
//
// The retry sends the same keys on every hop.
func TestRedirects(t *testing.T) {
	var mu sync.Mutex
	var hops []hop
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		hops = append(hops, hop{r.Method, r.URL.Path, r.Header.Get("Idempotency-Key"), string(b)})
		mu.Unlock()
		if r.URL.Path == "/a" {
			code := 0
			fmt.Sscan(r.URL.Query().Get("code"), &code)
			http.Redirect(w, r, "/b", code)
		}
	}))
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	plain := &http.Client{Transport: tr}
	keyed := &http.Client{Transport: NewTransport(tr)}
	for _, code := range []int{301, 302, 303, 307, 308} {
		target := fmt.Sprintf("/a?code=%d", code)
		keyA := refRequestKey("", "POST", target, "application/json", []byte(chatBody), HexKey)
		keyB := refRequestKey("", "POST", "/b", "application/json", []byte(chatBody), HexKey)
		var want map[string][2]hop
		if code == 307 || code == 308 {
			want = map[string][2]hop{
				"Transport":  {{"POST", "/a", keyA, chatBody}, {"POST", "/b", keyB, chatBody}},
				"Middleware": {{"POST", "/a", keyA, chatBody}, {"POST", "/b", keyA, chatBody}},
			}
		} else {
			want = map[string][2]hop{
				"Transport":  {{"POST", "/a", keyA, chatBody}, {"GET", "/b", "", ""}},
				"Middleware": {{"POST", "/a", keyA, chatBody}, {"GET", "/b", keyA, ""}},
			}
		}
		for _, how := range []string{"Transport", "Middleware"} {
			for attempt := 1; attempt <= 2; attempt++ {
				mu.Lock()
				hops = nil
				mu.Unlock()
				req := newRequest(t, "POST", target, "application/json", chatBody)
				req.URL, _ = req.URL.Parse(srv.URL + target)
				var resp *http.Response
				var err error
				if how == "Transport" {
					resp, err = keyed.Do(req)
				} else {
					resp, err = Middleware(req, plain.Do)
				}
				if err != nil {
					t.Fatalf("%d, %s: %v", code, how, err)
				}
				resp.Body.Close()
				mu.Lock()
				got := append([]hop(nil), hops...)
				mu.Unlock()
				if len(got) != 2 || got[0] != want[how][0] || got[1] != want[how][1] {
					t.Errorf("%d, %s, attempt %d: hops %+v, want %+v", code, how, attempt, got, want[how])
				}
			}
		}
	}
}

// TestRedirectWithoutGetBody: an http.Client follows a 307 with the body
// again only when the request has a GetBody, or no body; a request with a
// body and no GetBody gets the 307 response itself. Through Middleware
// (next is the client's Do) and under Transport, the client does with each
// request, empty bodies included, what it does bare: the copy sent on
// carries the caller's GetBody, and none when the caller's request has
// none.
func TestRedirectWithoutGetBody(t *testing.T) {
	var mu sync.Mutex
	var hops []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		hops = append(hops, fmt.Sprintf("%s %s %q key %v", r.Method, r.URL.Path, b, r.Header.Get("Idempotency-Key") != ""))
		mu.Unlock()
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/b", http.StatusTemporaryRedirect)
		}
	}))
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	plain := &http.Client{Transport: tr}
	keyed := &http.Client{Transport: NewTransport(tr)}
	for _, payload := range []string{chatBody, ""} {
		for _, getBody := range []bool{false, true} {
			results := map[string]string{}
			for _, how := range []string{"bare", "Middleware", "Transport"} {
				mu.Lock()
				hops = nil
				mu.Unlock()
				req, err := http.NewRequest("POST", srv.URL+"/a", nil)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/json")
				// A reader net/http does not know, so the body is held.
				read, rewind := cursor([]byte(payload))
				req.Body = funcBody(read)
				if getBody {
					req.GetBody = func() (io.ReadCloser, error) {
						r, _ := cursor([]byte(payload))
						return funcBody(r), rewind()
					}
				}
				var resp *http.Response
				switch how {
				case "bare":
					resp, err = plain.Do(req)
				case "Middleware":
					resp, err = Middleware(req, plain.Do)
				case "Transport":
					resp, err = keyed.Do(req)
				}
				if err != nil {
					t.Fatalf("%q, GetBody %v, %s: %v", payload, getBody, how, err)
				}
				resp.Body.Close()
				mu.Lock()
				// Where the request ended, and the hops without their keys.
				got := fmt.Sprint(resp.StatusCode, " ", resp.Request.URL.Path, " ", len(hops), " hops")
				if how != "bare" && (len(hops) == 0 || !strings.HasSuffix(hops[0], "key true")) {
					t.Errorf("%q, GetBody %v, %s: the first hop carries no key: %v", payload, getBody, how, hops)
				}
				mu.Unlock()
				results[how] = got
			}
			want := "307 /a 1 hops"
			if getBody {
				want = "200 /b 2 hops"
			}
			for how, got := range results {
				if got != want {
					t.Errorf("%q, GetBody %v, %s: %s, want %s", payload, getBody, how, got, want)
				}
			}
		}
	}
}
