package integration

// One-line setups. Each example sends one request through a local server
// that fails the first attempt, and prints the key of every attempt. The
// keys were computed independently with Python's hashlib from the bodies
// the SDKs send (printed by the tests with -v): "ik_" and the first 16
// bytes, in hex, of SHA-256(0x00 || "POST" || 0x00 || target || 0x00 ||
// body), the bodies being already canonical.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/agentidemp/agentidemp-go"
	"github.com/anthropics/anthropic-sdk-go/v2"
	aoption "github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/openai/openai-go/v3"
	ooption "github.com/openai/openai-go/v3/option"
)

// failOnce answers the first request with status and the others with ok,
// printing the key of each.
func failOnce(status int, ok string) *httptest.Server {
	n := 0
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		fmt.Printf("attempt %d: %s\n", n, r.Header.Get("Idempotency-Key"))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After-Ms", "1")
		if n == 1 {
			w.WriteHeader(status)
			fmt.Fprint(w, `{"type":"error","error":{"type":"overloaded_error","message":"try again"}}`)
			return
		}
		fmt.Fprint(w, ok)
	}))
}

func Example_anthropic() {
	srv := failOnce(529, anthropicMessage)
	defer srv.Close()

	client := anthropic.NewClient(
		aoption.WithMiddleware(agentidemp.Middleware), // the one line
		aoption.WithBaseURL(srv.URL), aoption.WithAPIKey("test-key"),
	)
	_, err := client.Messages.New(context.Background(), anthropic.MessageNewParams{
		Model:     "claude-sonnet-4-20250514",
		MaxTokens: 1024,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Refund order 1234"))},
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// attempt 1: ik_1b365c4fabd736e9fb105069390c982e
	// attempt 2: ik_1b365c4fabd736e9fb105069390c982e
}

func Example_openAI() {
	srv := failOnce(http.StatusInternalServerError, `{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[]}`)
	defer srv.Close()

	client := openai.NewClient(
		ooption.WithMiddleware(agentidemp.Middleware), // the one line
		ooption.WithBaseURL(srv.URL+"/v1/"), ooption.WithAPIKey("test-key"),
	)
	_, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    "gpt-4o",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Refund order 1234")},
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// attempt 1: ik_dbea4952dbbabf15b7d8ed7797f07071
	// attempt 2: ik_dbea4952dbbabf15b7d8ed7797f07071
}

// The body is the README's Quick start request; its key is row 0 of
// http_request in testdata/vectors.json.
func Example_retryablehttp() {
	srv := failOnce(http.StatusServiceUnavailable, `{}`)
	defer srv.Close()

	client := retryablehttp.NewClient()
	client.HTTPClient.Transport = agentidemp.NewTransport(client.HTTPClient.Transport) // the one line
	client.RetryWaitMin, client.Logger = time.Millisecond, nil

	resp, err := client.Post(srv.URL+"/v1/messages", "application/json", strings.NewReader(chatJSON))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()

	// Output:
	// attempt 1: ik_31441463794ffb75a355dfd4f0f2d839
	// attempt 2: ik_31441463794ffb75a355dfd4f0f2d839
}
