package agentidemp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

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

// doneAfter is a context whose Err is context.Canceled from its n-th call
// on: a cancel that lands while a body is being hashed, whatever the
// timing.
type doneAfter struct {
	context.Context
	n, calls int
}

func (c *doneAfter) Err() error {
	if c.calls++; c.calls >= c.n {
		return context.Canceled
	}
	return nil
}

// TestCancelInMemoryCopy: an in-memory copy from GetBody, which gives its
// bytes in place, checks the context before each piece as a copy read
// through the buffer does.
func TestCancelInMemoryCopy(t *testing.T) {
	body := strings.Repeat("x", 8*copyBufLen)
	for _, kind := range []string{"bytes.Reader", "strings.Reader", "bytes.Buffer"} {
		open := func() io.Reader {
			switch kind {
			case "bytes.Reader":
				return bytes.NewReader([]byte(body))
			case "strings.Reader":
				return strings.NewReader(body)
			}
			return bytes.NewBufferString(body)
		}
		ctx := &doneAfter{Context: context.Background(), n: 3}
		req, err := http.NewRequestWithContext(ctx, "POST", "http://h/v1/x", open())
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/octet-stream")
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(open()), nil }
		if _, err := RequestKey(req); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err %v, want one matching context.Canceled", kind, err)
		}
		if ctx.calls > 3 {
			t.Errorf("%s: %d context checks after it was done, want none", kind, ctx.calls-3)
		}
	}
}
