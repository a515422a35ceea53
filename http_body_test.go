package agentidemp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
)

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

// A limit equal to the room of a read buffer: the body of a streamed copy
// from GetBody (s.buf), and the doubling chunks of a body of unknown length
// (firstChunk, then firstChunk+2*firstChunk in two chunks). A body of
// exactly MaxBody bytes is keyed and one byte more is refused, however its
// length is told.
func TestLimitAtBufferSizes(t *testing.T) {
	for _, limit := range []int{firstChunk, 3 * firstChunk, len(bodyScratch{}.buf)} {
		for _, n := range []int{limit, limit + 1} {
			body := strings.Repeat("z", n)
			want := refRequestKey("", "POST", "/v1/x", "application/octet-stream", []byte(body), HexKey)
			for _, size := range []int64{int64(n), -1} {
				for _, getBody := range []bool{true, false} {
					req := newRequest(t, "POST", "/v1/x", "application/octet-stream", body)
					req.ContentLength = size
					if !getBody {
						req.GetBody = nil
					}
					got, err := RequestKeys{MaxBody: int64(limit)}.RequestKey(req)
					if n == limit && (err != nil || got != want) || n > limit && !errors.Is(err, ErrBodyTooLarge) {
						t.Errorf("MaxBody %d, body %d bytes, ContentLength %d, GetBody %v: %s, %v", limit, n, size, getBody, got, err)
					}
				}
			}
		}
	}
}

// A reader may return its last bytes together with io.EOF: bytes past
// MaxBody that come so are refused too, on every path (req.Body read into
// chunks, a copy from GetBody read whole for JSON or streamed otherwise).
func TestLimitLastReadWithEOF(t *testing.T) {
	const payload = `{"b":[1,2,3],"a":"x"}`
	n := len(payload)
	for _, ct := range []string{"application/json", "application/octet-stream"} {
		want := refRequestKey("", "POST", "/v1/x", ct, []byte(payload), HexKey)
		for _, limit := range []int{n, n - 1} {
			for _, getBody := range []bool{true, false} {
				req := newRequest(t, "POST", "/v1/x", ct, "")
				open := func() (io.ReadCloser, error) {
					return io.NopCloser(iotest.DataErrReader(strings.NewReader(payload))), nil
				}
				req.Body, _ = open()
				req.ContentLength = -1
				if getBody {
					req.GetBody = open
				}
				got, err := RequestKeys{MaxBody: int64(limit)}.RequestKey(req)
				if limit == n && (err != nil || got != want) || limit < n && !errors.Is(err, ErrBodyTooLarge) {
					t.Errorf("%s, MaxBody %d, GetBody %v: %s, %v", ct, limit, getBody, got, err)
				}
			}
		}
	}
}

// Without a limit, a ContentLength too large to allocate (math.MaxInt64) is
// read as an unknown length, from req.Body and from a copy from GetBody.
func TestHugeContentLengthNoLimit(t *testing.T) {
	const payload = `{"b":[1,2,3],"a":"x"}`
	for _, ct := range []string{"application/json", "application/octet-stream"} {
		want := refRequestKey("", "POST", "/v1/x", ct, []byte(payload), HexKey)
		for _, getBody := range []bool{true, false} {
			req := newRequest(t, "POST", "/v1/x", ct, payload)
			req.ContentLength = math.MaxInt64
			if !getBody {
				req.GetBody = nil
			}
			if got, err := (RequestKeys{MaxBody: -1}).RequestKey(req); err != nil || got != want {
				t.Errorf("%s, GetBody %v: %s, %v; want %s", ct, getBody, got, err, want)
			}
		}
	}
}

// readBody allocates a known length at once, when dst is full: what dst
// holds, then room for size bytes and the one more that tells a longer
// body, and no more.
func TestReadBodyKnownSize(t *testing.T) {
	for _, size := range []int{1, 5000, 100000} {
		body := strings.Repeat("r", size)
		for _, prefix := range []string{"", "ab"} {
			dst := []byte(prefix)
			out, err := readBody(dst[:len(dst):len(dst)], strings.NewReader(body), int64(size), -1)
			if err != nil || string(out) != prefix+body || cap(out) != len(prefix)+size+1 {
				t.Errorf("size %d, dst %q: %d bytes, cap %d, %v; want cap %d", size, prefix, len(out), cap(out), err, len(prefix)+size+1)
			}
		}
	}
}

// A lazyBody gives left bytes without holding them (their values are
// whatever p held), and cancels its context after its first read; after
// counts the bytes it gave once it had.
type lazyBody struct {
	cancel func()
	left   int64
	reads  int
	after  int64
}

func (b *lazyBody) Read(p []byte) (int, error) {
	if b.left == 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), b.left))
	b.left -= int64(n)
	if b.reads++; b.reads == 1 {
		b.cancel()
	} else {
		b.after += int64(n)
	}
	return n, nil
}

func (b *lazyBody) Close() error { return nil }

// A lazyWriterTo is a lazyBody that writes itself out 32 KiB at a time,
// and stops at the first write that fails.
type lazyWriterTo struct{ *lazyBody }

func (b lazyWriterTo) WriteTo(w io.Writer) (int64, error) {
	var buf [32 << 10]byte
	total := int64(0)
	for {
		n, err := b.Read(buf[:])
		if n > 0 {
			m, werr := w.Write(buf[:n])
			total += int64(m)
			if werr != nil {
				return total, werr
			}
		}
		if err == io.EOF {
			return total, nil
		}
	}
}

// TestCancelWhileReading: a body of 1 GiB whose context is canceled after
// its first read is read no further than one more chunk (copyBufLen, the
// most read at once): RequestKey, Middleware and Transport fail with an
// error matching context.Canceled and do not call next, whether the body
// is held (read, or writing itself out) or a copy from GetBody is read for
// the canonicalizer or streamed. A context canceled before the call fails
// it before any read, an in-memory body's included.
func TestCancelWhileReading(t *testing.T) {
	const size = 1 << 30
	for _, ct := range []string{"application/json", "application/octet-stream"} {
		for _, kind := range []string{"held", "held, WriteTo", "GetBody", "in memory"} {
			for _, how := range []string{"RequestKey", "Middleware", "Transport"} {
				for _, before := range []bool{false, true} {
					if kind == "in memory" && !before {
						continue // nothing to read lazily
					}
					ctx, cancel := context.WithCancel(context.Background())
					body := &lazyBody{cancel: cancel, left: size}
					req, err := http.NewRequestWithContext(ctx, "POST", "http://h/v1/x", nil)
					if err != nil {
						t.Fatal(err)
					}
					req.Header.Set("Content-Type", ct)
					req.ContentLength = -1
					switch kind {
					case "held":
						req.Body = body
					case "held, WriteTo":
						req.Body = lazyWriterTo{body}
					case "GetBody":
						req.Body = &lazyBody{cancel: cancel, left: size} // not read: GetBody works
						req.GetBody = func() (io.ReadCloser, error) { return body, nil }
					case "in memory":
						req.Body = io.NopCloser(strings.NewReader(strings.Repeat("x", 100<<10)))
					}
					if before {
						cancel()
					}
					calls := 0
					next := func(r *http.Request) (*http.Response, error) {
						calls++
						return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
					}
					switch how {
					case "RequestKey":
						_, err = RequestKey(req)
					case "Middleware":
						_, err = Middleware(req, next)
					case "Transport":
						_, err = NewTransport(roundTripFunc(next)).RoundTrip(req)
					}
					name := ct + ", " + kind + ", " + how
					if before {
						name += ", canceled before"
					}
					if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "agentidemp: ") || calls != 0 {
						t.Errorf("%s: err %v, next called %d times; want an agentidemp error matching context.Canceled", name, err, calls)
					}
					if before && body.reads != 0 {
						t.Errorf("%s: %d reads of the body", name, body.reads)
					}
					if body.after > 2*copyBufLen {
						t.Errorf("%s: %d bytes read after the context was canceled, want at most %d", name, body.after, 2*copyBufLen)
					}
				}
			}
		}
	}
}
