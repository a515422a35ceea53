package agentidemp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
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

// countingBody is a request body that records reads and closes.
type countingBody struct {
	r      io.Reader
	mu     sync.Mutex
	reads  int
	closed int
}

func (b *countingBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	b.reads++
	b.mu.Unlock()
	return b.r.Read(p)
}

func (b *countingBody) Close() error {
	b.mu.Lock()
	b.closed++
	b.mu.Unlock()
	return nil
}

// failingReader gives its data, then err.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// recorder is the next of a middleware: it reads the body it receives, and
// the body GetBody returns, and answers 200.
type recorder struct {
	mu      sync.Mutex
	calls   int
	req     *http.Request
	key     string
	body    []byte
	getBody []byte // nil when the request had no GetBody, or it failed
}

func (r *recorder) next(req *http.Request) (*http.Response, error) {
	var body, gb []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil && rc != nil {
			gb, _ = io.ReadAll(rc)
			if gb == nil {
				gb = []byte{}
			}
		}
	}
	r.mu.Lock()
	r.calls++
	r.req, r.key, r.body, r.getBody = req, req.Header.Get("Idempotency-Key"), body, gb
	r.mu.Unlock()
	return &http.Response{StatusCode: 200, Body: http.NoBody, Request: req}, nil
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) { return r.next(req) }

const chatBody = `{"model":"claude-sonnet-4-20250514","max_tokens":1024,` +
	`"messages":[{"role":"user","content":"Refund order 1234"}]}`

func newRequest(t testing.TB, method, target, contentType, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://api.example.com"+target, r)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
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

// TestBodyPaths checks, for every way a body can come, that next receives
// exactly the caller's bytes and the right key, or that the error is the
// right one and the body is closed.
func TestBodyPaths(t *testing.T) {
	const payload = `{"b":[1,2,3],"a":"x"}`
	wantKey := refRequestKey("", "POST", "/v1/x", "application/json", []byte(payload), HexKey)
	readErr := errors.New("connection reset by the body")
	for _, tc := range []struct {
		name     string
		body     func() io.Reader // nil: no body
		getBody  bool             // set GetBody
		getFails bool             // GetBody returns an error
		size     int64            // ContentLength; -1 unknown
		max      int64
		wantErr  error
		wantBody string
		wantKey  string
		bodyRead bool // whether req.Body may be read by the middleware
	}{
		{"GetBody", func() io.Reader { return strings.NewReader(payload) }, true, false, int64(len(payload)), 0, nil, payload, wantKey, false},
		{"no GetBody", func() io.Reader { return strings.NewReader(payload) }, false, false, -1, 0, nil, payload, wantKey, true},
		{"no GetBody, known length", func() io.Reader { return strings.NewReader(payload) }, false, false, int64(len(payload)), 0, nil, payload, wantKey, true},
		{"GetBody fails", func() io.Reader { return strings.NewReader(payload) }, true, true, -1, 0, nil, payload, wantKey, true},
		{"at the limit", func() io.Reader { return strings.NewReader(payload) }, false, false, -1, int64(len(payload)), nil, payload, wantKey, true},
		{"at the limit, GetBody", func() io.Reader { return strings.NewReader(payload) }, true, false, -1, int64(len(payload)), nil, payload, wantKey, false},
		{"over the limit, unknown length", func() io.Reader { return strings.NewReader(payload) }, false, false, -1, int64(len(payload)) - 1, ErrBodyTooLarge, "", "", true},
		{"over the limit, GetBody", func() io.Reader { return strings.NewReader(payload) }, true, false, -1, int64(len(payload)) - 1, ErrBodyTooLarge, "", "", false},
		{"over the limit, known length", func() io.Reader { return strings.NewReader(payload) }, true, false, int64(len(payload)), int64(len(payload)) - 1, ErrBodyTooLarge, "", "", false},
		{"no limit", func() io.Reader { return strings.NewReader(payload) }, false, false, -1, -1, nil, payload, wantKey, true},
		{"reader fails midway", func() io.Reader { return &failingReader{[]byte(payload[:5]), readErr} }, false, false, -1, 0, readErr, "", "", true},
		{"GetBody copy fails midway", func() io.Reader { return &failingReader{[]byte(payload[:5]), readErr} }, true, false, -1, 0, readErr, "", "", false},
		{"empty reader", func() io.Reader { return strings.NewReader("") }, false, false, -1, 0, nil, "", refRequestKey("", "POST", "/v1/x", "application/json", nil, HexKey), true},
		{"NoBody", func() io.Reader { return http.NoBody }, false, false, 0, 0, nil, "", refRequestKey("", "POST", "/v1/x", "application/json", nil, HexKey), false},
		{"nil body", nil, false, false, 0, 0, nil, "", refRequestKey("", "POST", "/v1/x", "application/json", nil, HexKey), false},
	} {
		for _, how := range []string{"Middleware", "Transport"} {
			t.Run(tc.name+"/"+how, func(t *testing.T) {
				req := newRequest(t, "POST", "/v1/x", "application/json", "")
				var body *countingBody
				if tc.body != nil {
					r := tc.body()
					if r == http.NoBody {
						req.Body = http.NoBody
					} else {
						body = &countingBody{r: r}
						req.Body = body
					}
				}
				req.ContentLength = tc.size
				if tc.getBody {
					req.GetBody = func() (io.ReadCloser, error) {
						if tc.getFails {
							return nil, errors.New("no copy")
						}
						return io.NopCloser(tc.body()), nil
					}
				}
				keys := RequestKeys{MaxBody: tc.max}
				var rec recorder
				readsBefore := -1 // reads of req.Body before next was called
				next := func(r *http.Request) (*http.Response, error) {
					if body != nil {
						readsBefore = body.reads
					}
					return rec.next(r)
				}
				var err error
				if how == "Middleware" {
					_, err = keys.Middleware(req, next)
				} else {
					_, err = keys.Transport(roundTripFunc(next)).RoundTrip(req)
				}
				if tc.wantErr != nil {
					if !errors.Is(err, tc.wantErr) || !strings.HasPrefix(err.Error(), "agentidemp:") {
						t.Fatalf("err = %v, want one matching %v", err, tc.wantErr)
					}
					if tc.wantErr == ErrBodyTooLarge && !strings.Contains(err.Error(), fmt.Sprint(tc.max)) {
						t.Errorf("error %q does not state the limit", err)
					}
					if rec.calls != 0 {
						t.Errorf("request sent despite the error")
					}
					if body.closed == 0 {
						t.Errorf("body not closed on error")
					}
					return
				}
				if err != nil || rec.calls != 1 {
					t.Fatalf("err %v, %d calls", err, rec.calls)
				}
				if string(rec.body) != tc.wantBody {
					t.Errorf("body %q reached next, want %q", rec.body, tc.wantBody)
				}
				if rec.key != tc.wantKey {
					t.Errorf("key %s, want %s", rec.key, tc.wantKey)
				}
				if body != nil && !tc.bodyRead && readsBefore != 0 {
					t.Errorf("req.Body read by the middleware though GetBody works")
				}
				if body != nil && body.closed == 0 {
					t.Errorf("body never closed")
				}
				// The request sent has the caller's GetBody, and none
				// when the caller's request had none.
				if got := rec.req.GetBody != nil; got != tc.getBody {
					t.Errorf("GetBody on the request sent: %v, want %v", got, tc.getBody)
				}
				if rec.getBody != nil && string(rec.getBody) != tc.wantBody {
					t.Errorf("GetBody gives %q, want %q", rec.getBody, tc.wantBody)
				}
			})
		}
	}
}

// TestRequestKeyKeepsBody: after RequestKey, req.Body gives the same bytes,
// whether the key was computed, refused or failed.
func TestRequestKeyKeepsBody(t *testing.T) {
	payload := strings.Repeat(`{"a":"0123456789"}`, 3000)[:50000]
	readErr := errors.New("boom")
	for _, tc := range []struct {
		name    string
		getBody bool
		max     int64
		reader  func() io.Reader
		wantErr error
		want    string // what req.Body gives afterwards
	}{
		{"GetBody", true, 0, func() io.Reader { return strings.NewReader(payload) }, nil, payload},
		{"no GetBody", false, 0, func() io.Reader { return strings.NewReader(payload) }, nil, payload},
		{"GetBody, streamed, at the limit", true, int64(len(payload)), func() io.Reader { return strings.NewReader(payload) }, nil, payload},
		{"GetBody, streamed, over the limit", true, int64(len(payload)) - 1, func() io.Reader { return strings.NewReader(payload) }, ErrBodyTooLarge, payload},
		{"no GetBody, at the limit", false, int64(len(payload)), func() io.Reader { return strings.NewReader(payload) }, nil, payload},
		{"no GetBody, over the limit", false, 100, func() io.Reader { return strings.NewReader(payload) }, ErrBodyTooLarge, payload},
		{"no GetBody, reader fails", false, 0, func() io.Reader { return &failingReader{[]byte(payload[:7]), readErr} }, readErr, payload[:7]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest(t, "POST", "/x", "text/plain", "")
			orig := &countingBody{r: tc.reader()}
			req.Body, req.ContentLength = orig, -1
			if tc.getBody {
				req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(tc.reader()), nil }
			}
			key, err := RequestKeys{MaxBody: tc.max}.RequestKey(req)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || key != "" {
					t.Fatalf("RequestKey = %q, %v; want an error matching %v", key, err, tc.wantErr)
				}
			} else if want := refRequestKey("", "POST", "/x", "text/plain", []byte(payload), HexKey); err != nil || key != want {
				t.Fatalf("RequestKey = %q, %v; want %s", key, err, want)
			}
			// With GetBody, the original body is closed with the body put
			// in its place, not before.
			if tc.getBody && tc.wantErr == nil && (orig.reads != 0 || orig.closed != 0) {
				t.Errorf("with GetBody, the original body was read %d times and closed %d times, want 0 and 0", orig.reads, orig.closed)
			}
			got, rerr := io.ReadAll(req.Body)
			if string(got) != tc.want {
				t.Errorf("req.Body gives %d bytes (%v), want %d", len(got), rerr, len(tc.want))
			}
			req.Body.Close()
			if orig.closed != 1 {
				t.Errorf("closing req.Body closed the original %d times, want 1", orig.closed)
			}
			if tc.wantErr == nil && req.GetBody != nil {
				rc, _ := req.GetBody()
				if again, _ := io.ReadAll(rc); string(again) != payload {
					t.Errorf("GetBody gives %d bytes, want %d", len(again), len(payload))
				}
			}
			if tc.wantErr == nil && !tc.getBody && req.GetBody == nil {
				t.Errorf("GetBody not set")
			}
		})
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

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

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

// TestPoolDropsOversized: the pooled JSON buffer follows the retention
// rule: it survives calls that need a quarter of it or more, and is dropped
// after maxStrikes calls in a row that need less; keptAlways bytes are
// never dropped.
func TestPoolDropsOversized(t *testing.T) {
	s := &bodyScratch{json: make([]byte, 0, 1<<20)}
	for i := 0; i < 10; i++ { // a steady stream of large bodies keeps it
		s.json = s.json[:1<<18]
		s.recycle()
		if cap(s.json) != 1<<20 || len(s.json) != 0 {
			t.Fatalf("call %d: buffer dropped or not emptied while in use", i)
		}
	}
	for i := 1; i <= maxStrikes; i++ {
		s.json = s.json[:1<<18-1]
		s.recycle()
		if dropped := cap(s.json) == 0; dropped != (i == maxStrikes) {
			t.Fatalf("small call %d: dropped = %v", i, dropped)
		}
	}
	// A small buffer is never dropped.
	s.json = make([]byte, 0, keptAlways)
	for i := 0; i < 3*maxStrikes; i++ {
		s.recycle()
	}
	if cap(s.json) != keptAlways {
		t.Errorf("buffer of keptAlways bytes dropped")
	}
}

// TestRequestKeyAllocs pins the allocations of a key once warm: the same
// for a 1 KiB and a 1 MiB body, JSON or not.
func TestRequestKeyAllocs(t *testing.T) {
	if requestKeyAllocs < 0 {
		t.Skip("allocations not pinned in this build")
	}
	small := `{"a":"` + strings.Repeat("x", 1<<10) + `"}`
	large := `{"a":"` + strings.Repeat("x", 1<<20) + `"}`
	for _, ct := range []string{"application/json", "application/octet-stream"} {
		counts := map[int]float64{}
		for _, body := range []string{small, large} {
			req := newRequest(t, "POST", "/v1/messages", ct, body)
			f := func() {
				if _, err := RequestKey(req); err != nil {
					t.Fatal(err)
				}
			}
			f()
			counts[len(body)] = testing.AllocsPerRun(20, f)
		}
		if counts[len(small)] != requestKeyAllocs || counts[len(large)] != requestKeyAllocs {
			t.Errorf("%s: %v allocations by body size, want %d for each", ct, counts, requestKeyAllocs)
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
			if _, err := keys.Middleware(req, rec.next); err != nil {
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

// TestSharedSeekerGetBody: a GetBody that rewinds and returns the reader
// that is in req.Body (as go-retryablehttp does for an io.ReadSeeker and
// openai-go for a *bytes.Reader) still gets the whole body sent.
func TestSharedSeekerGetBody(t *testing.T) {
	payload := strings.Repeat(`{"k":"v"},`, 5000)
	for _, ct := range []string{"application/json", "text/plain"} {
		for _, how := range []string{"Middleware", "Transport", "RequestKey"} {
			shared := strings.NewReader(payload)
			req := newRequest(t, "POST", "/v1/x", ct, "")
			req.Body = io.NopCloser(shared)
			req.ContentLength = int64(len(payload))
			req.GetBody = func() (io.ReadCloser, error) {
				_, err := shared.Seek(0, io.SeekStart)
				return io.NopCloser(shared), err
			}
			want := refRequestKey("", "POST", "/v1/x", ct, []byte(payload), HexKey)
			var rec recorder
			var err error
			switch how {
			case "Middleware":
				_, err = Middleware(req, rec.next)
			case "Transport":
				_, err = NewTransport(&rec).RoundTrip(req)
			case "RequestKey":
				rec.key, err = RequestKey(req)
				rec.body, _ = io.ReadAll(req.Body)
			}
			if err != nil || rec.key != want || string(rec.body) != payload {
				t.Errorf("%s, %s: err %v, key %s (want %s), %d body bytes sent (want %d)", how, ct, err, rec.key, want, len(rec.body), len(payload))
			}
		}
	}
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

// TestLimitBoundaries: a body of exactly MaxBody bytes is keyed whether its
// length is known in advance or not and whether it comes with GetBody, one
// byte more is refused, and MaxBody = math.MaxInt64 means no limit.
func TestLimitBoundaries(t *testing.T) {
	const payload = `{"b":[1,2,3],"a":"x"}`
	n := int64(len(payload))
	want := refRequestKey("", "POST", "/v1/x", "application/json", []byte(payload), HexKey)
	for _, tc := range []struct {
		max     int64
		wantErr bool
	}{{n, false}, {n - 1, true}, {math.MaxInt64, false}, {math.MaxInt64 - 1, false}} {
		for _, size := range []int64{n, -1} {
			for _, getBody := range []bool{true, false} {
				req := newRequest(t, "POST", "/v1/x", "application/json", payload)
				req.ContentLength = size
				if !getBody {
					req.GetBody = nil
				}
				got, err := RequestKeys{MaxBody: tc.max}.RequestKey(req)
				if tc.wantErr && !errors.Is(err, ErrBodyTooLarge) || !tc.wantErr && (err != nil || got != want) {
					t.Errorf("MaxBody %d, ContentLength %d, GetBody %v: RequestKey = %s, %v", tc.max, size, getBody, got, err)
				}
			}
		}
	}
}

// closeCounter is a body that counts its closes: not an io.NopCloser, so
// its Close is one to make.
type closeCounter struct {
	io.Reader
	closed int
}

func (c *closeCounter) Close() error { c.closed++; return nil }

// TestGetBodyCopiesClosed: the copy from GetBody that was hashed and the
// original req.Body are not closed before the request is sent (either may
// be the body sent, or share its state); they are closed when the body
// sent is closed, once each, and never when they are the body sent itself.
func TestGetBodyCopiesClosed(t *testing.T) {
	for _, mode := range []string{"copies", "the same reader", "the same reader, then a copy"} {
		for _, how := range []string{"Middleware", "Transport", "RequestKey"} {
			req := newRequest(t, "POST", "/v1/x", "application/json", "")
			orig := &closeCounter{Reader: strings.NewReader(chatBody)}
			req.Body = orig
			calls := 0
			var copies []*closeCounter
			req.GetBody = func() (io.ReadCloser, error) {
				calls++
				if mode == "the same reader" || mode == "the same reader, then a copy" && calls == 1 {
					orig.Reader.(*strings.Reader).Seek(0, io.SeekStart)
					return orig, nil
				}
				c := &closeCounter{Reader: strings.NewReader(chatBody)}
				copies = append(copies, c)
				return c, nil
			}
			closes := func() []int {
				n := []int{orig.closed}
				for _, c := range copies {
					n = append(n, c.closed)
				}
				return n
			}
			var sent io.ReadCloser
			next := func(r *http.Request) (*http.Response, error) {
				if got := closes(); fmt.Sprint(got) != fmt.Sprint(make([]int, len(got))) {
					t.Errorf("%s, %s: closes before the request is sent: %v", mode, how, got)
				}
				sent = r.Body
				return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
			}
			var err error
			switch how {
			case "Middleware":
				_, err = Middleware(req, next)
			case "Transport":
				_, err = NewTransport(roundTripFunc(next)).RoundTrip(req)
			case "RequestKey":
				if _, err = RequestKey(req); err == nil {
					_, err = next(req)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := io.ReadAll(sent); string(b) != chatBody {
				t.Errorf("%s, %s: the body sent gives %q", mode, how, b)
			}
			sent.Close()
			sent.Close()
			// The body sent is closed twice, by the test; the others once.
			want := map[string]string{
				"copies":                       "[1 1 2]", // original, hashed copy, copy sent
				"the same reader":              "[2]",
				"the same reader, then a copy": "[1 2]",
			}[mode]
			if got := fmt.Sprint(closes()); got != want {
				t.Errorf("%s, %s: after the body sent was closed twice, closes %s, want %s", mode, how, got, want)
			}
		}
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
