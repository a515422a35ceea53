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
