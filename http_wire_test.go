package agentidemp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// These tests put the wire layer in front of every kind of body and GetBody
// a caller can build, and compare what reaches the server with what the
// bare transport sends.

// readerFunc is a func-typed reader: == cannot compare two of its values.
type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// funcBody is a func-typed body, Close included.
type funcBody func([]byte) (int, error)

func (f funcBody) Read(p []byte) (int, error) { return f(p) }
func (funcBody) Close() error                 { return nil }

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

func wireKinds(files *openFiles) []wireKind {
	seekable := func(r io.ReadSeeker) func() error {
		return func() error { _, err := r.Seek(0, io.SeekStart); return err }
	}
	file := func(t *testing.T, payload []byte) *os.File {
		path := filepath.Join(t.TempDir(), "body")
		if err := os.WriteFile(path, payload, 0o600); err != nil {
			t.Fatal(err)
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
		{"*os.File", func(t *testing.T, p []byte) (io.ReadCloser, func() error) {
			f := file(t, p)
			return files.add(f), seekable(f)
		}},
		{"io.SectionReader over a file", func(t *testing.T, p []byte) (io.ReadCloser, func() error) {
			f := file(t, p)
			r := io.NewSectionReader(f, 0, int64(len(p)))
			return readCloser{r, files.add(f)}, seekable(r)
		}},
	}
}

// getBodyKinds are the behaviours of GetBody: given the body in req.Body
// with its rewind, and a way to open an independent copy, they return the
// GetBody to set (nil for none).
var getBodyKinds = []struct {
	name string
	make func(body io.ReadCloser, rewind func() error, open func() io.ReadCloser) func() (io.ReadCloser, error)
}{
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

// wireServer records what each request it receives carried.
type wireServer struct {
	*httptest.Server
	mu   sync.Mutex
	body []byte
	key  string
}

func newWireServer(t *testing.T) *wireServer {
	s := &wireServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.body, s.key = b, r.Header.Get("Idempotency-Key")
		s.mu.Unlock()
	}))
	t.Cleanup(s.Close)
	return s
}

// TestWireProperty: for every body kind, GetBody behaviour, media type,
// payload and known or unknown length, through a recording RoundTripper
// and through net/http to a real server, Transport and Middleware do not
// panic, succeed exactly when the bare transport does (with one documented
// exception, below), and the server receives the bare transport's bytes
// with the key of those bytes. With the recording base, which closes the
// body it is given, every file opened for the request is closed when the
// call returns.
//
// The exception: a body that is not JSON-typed, whose GetBody gives a copy
// to hash and then fails. That copy was streamed into the hash and not
// kept, and req.Body may be the reader the copy came from, so no bytes
// known to be right are left: the request fails with an error instead of
// sending what may be a consumed body.
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
	var files openFiles
	srv := newWireServer(t)
	httpTransport := &http.Transport{}
	defer httpTransport.CloseIdleConnections()
	cases := 0
	for _, kind := range wireKinds(&files) {
		for _, gb := range getBodyKinds {
			for _, ct := range []string{"application/json", "application/octet-stream"} {
				for _, payload := range payloads {
					for _, known := range []bool{true, false} {
						for _, base := range []string{"recorder", "server"} {
							name := fmt.Sprintf("%s/%s/%s/%d bytes/known length %v/%s", kind.name, gb.name, ct, len(payload), known, base)
							// The request, made anew for each path.
							newReq := func() *http.Request {
								body, rewind := kind.open(t, payload)
								open := func() io.ReadCloser { c, _ := kind.open(t, payload); return c }
								req, err := http.NewRequest("POST", srv.URL+"/v1/x", nil)
								if err != nil {
									t.Fatal(err)
								}
								req.Header.Set("Content-Type", ct)
								req.Body, req.GetBody = body, gb.make(body, rewind, open)
								req.ContentLength = -1
								if known {
									req.ContentLength = int64(len(payload))
								}
								return req
							}
							// The recording base reads and closes the body, as a
							// transport does, and nothing else.
							var recBody []byte
							var recKey string
							var rt http.RoundTripper = roundTripFunc(func(req *http.Request) (*http.Response, error) {
								var err error
								if req.Body != nil {
									recBody, err = io.ReadAll(req.Body)
									req.Body.Close()
								}
								recKey = req.Header.Get("Idempotency-Key")
								return &http.Response{StatusCode: 200, Body: http.NoBody, Request: req}, err
							})
							if base == "server" {
								rt = httpTransport
							}
							// got returns the bytes and key that reached the base.
							got := func() ([]byte, string) {
								if base == "recorder" {
									return recBody, recKey
								}
								srv.mu.Lock()
								defer srv.mu.Unlock()
								return srv.body, srv.key
							}
							roundTrip := func(how string) (err error) {
								defer func() {
									if p := recover(); p != nil {
										t.Fatalf("%s, %s: panic: %v", name, how, p)
									}
								}()
								recBody, recKey, srv.body, srv.key = nil, "", nil, ""
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
							if body, _ := got(); !bytes.Equal(body, payload) {
								t.Fatalf("%s: the bare transport sent %d bytes, want %d", name, len(body), len(payload))
							}
							exception := ct != "application/json" && strings.HasPrefix(gb.name, "error on the second call")
							want := refRequestKey("", "POST", "/v1/x", ct, payload, HexKey)
							for _, how := range []string{"Transport", "Middleware"} {
								cases++
								err := roundTrip(how)
								if exception {
									if err == nil || !strings.HasPrefix(err.Error(), "agentidemp: GetBody failed") {
										t.Errorf("%s, %s: err %v, want the documented GetBody error", name, how, err)
									}
								} else if err != nil {
									t.Errorf("%s, %s: %v, but the bare transport succeeds", name, how, err)
									continue
								} else if body, key := got(); !bytes.Equal(body, payload) || key != want {
									t.Errorf("%s, %s: sent %d bytes with key %s, want the bare transport's %d bytes with key %s", name, how, len(body), key, len(payload), want)
								}
								if n := files.stillOpen(); base == "recorder" && n != 0 {
									t.Errorf("%s, %s: %d files left open", name, how, n)
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d requests checked against the bare transport", cases)
}

// The first reproduction of issue 13: io.NopCloser around a func-typed
// reader is a comparable struct type holding an uncomparable value, and
// comparing two of them with == panics.
func TestNopCloserAroundFuncReader(t *testing.T) {
	srv := newWireServer(t)
	mk := func() io.ReadCloser { return io.NopCloser(readerFunc(strings.NewReader("{}").Read)) }
	req, err := http.NewRequest("POST", srv.URL+"/v1/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Body, req.GetBody = mk(), func() (io.ReadCloser, error) { return mk(), nil }
	srv.sendDefault(t, req, "{}")
}

// sendDefault sends req through NewTransport(nil), as the issue's
// reproductions do, and checks that the server received payload with its
// key.
func (s *wireServer) sendDefault(t *testing.T, req *http.Request, payload string) {
	t.Helper()
	tr := NewTransport(nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	tr.(*transport).CloseIdleConnections()
	if want := refRequestKey("", "POST", "/v1/x", "", []byte(payload), HexKey); string(s.body) != payload || s.key != want {
		t.Errorf("the server received %q with key %s, want %q with %s", s.body, s.key, payload, want)
	}
}

// The second reproduction of issue 13: a GetBody that rewinds the file in
// req.Body and returns it. The copy read for the key is that file, so it is
// not closed before the request is sent.
func TestSharedFileGetBody(t *testing.T) {
	srv := newWireServer(t)
	const payload = `{"file":"shared"}`
	path := filepath.Join(t.TempDir(), "body")
	if err := os.WriteFile(path, []byte(payload), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", srv.URL+"/v1/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Body = f
	req.GetBody = func() (io.ReadCloser, error) {
		_, err := f.Seek(0, io.SeekStart)
		return f, err
	}
	srv.sendDefault(t, req, payload)
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
