package agentidemp

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
