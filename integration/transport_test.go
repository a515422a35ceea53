package integration

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agentidemp/agentidemp-go"
	"github.com/hashicorp/go-retryablehttp"
)

const chatJSON = `{"model":"claude-sonnet-4-20250514","max_tokens":1024,` +
	`"messages":[{"role":"user","content":"Refund order 1234"}]}`

func plainOK(*http.Request) (int, string) { return http.StatusOK, `{"ok":true}` }

// retryableClient is go-retryablehttp with NewTransport under its
// HTTPClient, and short waits for the test.
func retryableClient() *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.HTTPClient.Transport = agentidemp.NewTransport(c.HTTPClient.Transport)
	c.RetryMax = len(failures)
	c.RetryWaitMin, c.RetryWaitMax = time.Millisecond, 10*time.Millisecond
	c.Logger = nil
	return c
}

// retryablePost posts chatJSON with ctx through retryableClient to a
// server that fails as script says, and returns the server.
func retryablePost(t *testing.T, ctx context.Context, script []int) *fakeAPI {
	t.Helper()
	srv := newFakeAPI(t, script, plainOK)
	req, err := retryablehttp.NewRequestWithContext(ctx, "POST", srv.URL+"/v1/messages?beta=true", []byte(chatJSON))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := retryableClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return srv
}

func TestRetryableHTTP(t *testing.T) {
	ctx := context.Background()
	key, first := retryablePost(t, ctx, failures).oneKey(t)
	if string(first.Body) != chatJSON || first.Path != "/v1/messages?beta=true" {
		t.Fatalf("server got %s %q", first.Path, first.Body)
	}
	if want := formulaKey(t, first); key != want {
		t.Errorf("key %s, formula %s", key, want)
	}
	// The key in the README's Quick start is the key of this body alone;
	// with the method and target in it, the request key is another.
	if jk, _ := agentidemp.JSONKey([]byte(chatJSON)); jk == key {
		t.Errorf("request key %s equals the body's JSONKey", key)
	}
	// The same request made with WithScope: the formula's key in that scope.
	retryablePost(t, agentidemp.WithScope(ctx, testScope), failures[1:]).checkScoped(t, first)
}

// onlyReader hides every method but Read, so that net/http cannot tell
// the body's length or rewind it.
type onlyReader struct{ io.Reader }

// plainPost posts chatJSON with ctx through a plain http.Client and
// NewTransport, as a body without GetBody, to a server that fails once;
// the caller's retry loop builds the request again from the same bytes.
func plainPost(t *testing.T, ctx context.Context) *fakeAPI {
	t.Helper()
	srv := newFakeAPI(t, []int{http.StatusServiceUnavailable}, plainOK)
	client := &http.Client{Transport: agentidemp.NewTransport(nil)}
	for attempt := 0; attempt < 2; attempt++ {
		req, err := http.NewRequestWithContext(ctx, "POST", srv.URL+"/v1/jobs", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Body = io.NopCloser(onlyReader{strings.NewReader(chatJSON)})
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/json")
		if req.GetBody != nil {
			t.Fatal("request has GetBody")
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if req.Header.Get("Idempotency-Key") != "" {
			t.Errorf("the transport set the header on the caller's request")
		}
		if resp.StatusCode == http.StatusOK {
			break
		}
	}
	return srv
}

// A plain http.Client and a body without GetBody: the transport reads it,
// sends the same bytes, and the caller's retry loop, building the request
// again from the same bytes, sends the same key.
func TestPlainClientWithoutGetBody(t *testing.T) {
	ctx := context.Background()
	key, first := plainPost(t, ctx).oneKey(t)
	if string(first.Body) != chatJSON {
		t.Fatalf("server got %q", first.Body)
	}
	if want := formulaKey(t, first); key != want {
		t.Errorf("key %s, formula %s", key, want)
	}
	plainPost(t, agentidemp.WithScope(ctx, testScope)).checkScoped(t, first)
}
