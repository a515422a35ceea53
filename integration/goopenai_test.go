package integration

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/agentidemp/agentidemp-go"
	"github.com/avast/retry-go/v4"
	"github.com/cenkalti/backoff/v5"
	"github.com/sashabaranov/go-openai"
)

// sashabaranov/go-openai does not retry; its caller writes the loop. Each
// attempt builds the request anew, and the key, derived from what is
// sent, is the same on every attempt all the same.

// goopenaiClient is the one-line setup, plus a local server and a test key.
func goopenaiClient(url string) *openai.Client {
	cfg := openai.DefaultConfig("test-key")
	cfg.BaseURL = url + "/v1"
	cfg.HTTPClient = &http.Client{Transport: agentidemp.NewTransport(nil)}
	return openai.NewClientWithConfig(cfg)
}

// A retryLoop calls op until it succeeds or fails for good, at most
// attempts times, waiting a millisecond between attempts.
type retryLoop func(ctx context.Context, attempts uint, op func() error) error

var retryLoops = map[string]retryLoop{
	"retry-go": func(ctx context.Context, attempts uint, op func() error) error {
		return retry.Do(op, retry.Context(ctx), retry.Attempts(attempts), retry.RetryIf(transient),
			retry.Delay(time.Millisecond), retry.DelayType(retry.FixedDelay), retry.LastErrorOnly(true))
	},
	"backoff": func(ctx context.Context, attempts uint, op func() error) error {
		_, err := backoff.Retry(ctx, func() (struct{}, error) {
			err := op()
			if err != nil && !transient(err) {
				err = backoff.Permanent(err)
			}
			return struct{}{}, err
		}, backoff.WithBackOff(backoff.NewConstantBackOff(time.Millisecond)), backoff.WithMaxTries(attempts))
		return err
	},
}

// transient reports whether a go-openai call that failed with err is worth
// another attempt: no answer (an *url.Error from the http.Client), or a
// 429 or 5xx answer (an *openai.APIError, or an *openai.RequestError for a
// body that go-openai could not read as an error).
func transient(err error) bool {
	status := 0
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	var urlErr *url.Error
	switch {
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	case errors.As(err, &urlErr):
		return true
	}
	return status == http.StatusTooManyRequests || status >= 500
}

// goopenaiChat makes one chat completion through loop, with a request
// built anew, a new struct and a new message slice, for every attempt.
func goopenaiChat(ctx context.Context, client *openai.Client, loop retryLoop, text string) (openai.ChatCompletionResponse, error) {
	var resp openai.ChatCompletionResponse
	err := loop(ctx, uint(len(failures)+1), func() error {
		req := openai.ChatCompletionRequest{
			Model:    openai.GPT4o,
			Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: text}},
		}
		var err error
		resp, err = client.CreateChatCompletion(ctx, req)
		return err
	})
	return resp, err
}

func init() {
	children["go-openai"] = func(url string) error {
		ctx := agentidemp.WithScope(context.Background(), "run-1/turn-1")
		_, err := goopenaiChat(ctx, goopenaiClient(url), retryLoops["retry-go"], "Refund order 1234")
		return err
	}
}

// Each loop goes through a dropped connection, 429, 500 and 529: one key
// over the attempts of a turn, the formula's in the turn's scope; the next
// turn's call, the same request, gets another key.
func TestGoOpenAIRetryLoop(t *testing.T) {
	for name, loop := range retryLoops {
		t.Run(name, func(t *testing.T) {
			var keys []string
			for _, scope := range []string{"run-1/turn-1", "run-1/turn-2"} {
				srv := newFakeAPI(t, failures, openaiOK)
				ctx := agentidemp.WithScope(context.Background(), scope)
				resp, err := goopenaiChat(ctx, goopenaiClient(srv.URL), loop, "Refund order 1234")
				if err != nil {
					t.Fatal(err)
				}
				if resp.ID != "chatcmpl-1" {
					t.Fatalf("response not decoded: %+v", resp)
				}
				if n := len(srv.attempts()); n != len(failures)+1 {
					t.Fatalf("%d attempts, want %d", n, len(failures)+1)
				}
				key, first := srv.oneKey(t)
				if first.Method != "POST" || first.Path != "/v1/chat/completions" {
					t.Fatalf("sent %s %s", first.Method, first.Path)
				}
				if want := formulaKeyIn(t, scope, first); key != want {
					t.Errorf("key %s in scope %q, formula %s", key, scope, want)
				}
				t.Logf("scope %s: %d attempts, key %s, body %s", scope, len(srv.attempts()), key, first.Body)
				keys = append(keys, key)
			}
			if keys[0] == keys[1] {
				t.Errorf("two turns sent one key %s", keys[0])
			}

			// A second process in the first turn sends the first turn's key.
			other := newFakeAPI(t, []int{http.StatusInternalServerError}, openaiOK)
			inChild(t, "go-openai", other.URL)
			if childKey, _ := other.oneKey(t); childKey != keys[0] {
				t.Errorf("child process sent key %s, this process %s", childKey, keys[0])
			}
		})
	}
}
