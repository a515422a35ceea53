package integration

import (
	"context"
	"net/http"
	"testing"

	"github.com/agentidemp/agentidemp-go"
	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
)

const anthropicMessage = `{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",` +
	`"content":[{"type":"text","text":"Done."}],"stop_reason":"end_turn","stop_sequence":null,` +
	`"usage":{"input_tokens":10,"output_tokens":2}}`

func anthropicOK(r *http.Request) (int, string) {
	if r.URL.Path == "/v1/messages/count_tokens" {
		return http.StatusOK, `{"input_tokens":10}`
	}
	return http.StatusOK, anthropicMessage
}

// anthropicClient is the one-line setup, plus a local server, a test key
// and enough retries for the four scripted failures.
func anthropicClient(url string) anthropic.Client {
	return anthropic.NewClient(
		option.WithMiddleware(agentidemp.Middleware),
		option.WithBaseURL(url), option.WithAPIKey("test-key"), option.WithMaxRetries(len(failures)),
	)
}

func anthropicParams(text string) anthropic.MessageNewParams {
	return anthropic.MessageNewParams{
		Model:     "claude-sonnet-4-20250514",
		MaxTokens: 1024,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(text))},
	}
}

func init() {
	children["anthropic"] = func(url string) error {
		client := anthropicClient(url)
		_, err := client.Messages.New(context.Background(), anthropicParams("Refund order 1234"))
		return err
	}
}

func TestAnthropicMessages(t *testing.T) {
	ctx := context.Background()

	// One call through 429, 500, 529 and a dropped connection: one key.
	srv := newFakeAPI(t, failures, anthropicOK)
	client := anthropicClient(srv.URL)
	msg, err := client.Messages.New(ctx, anthropicParams("Refund order 1234"))
	if err != nil {
		t.Fatal(err)
	}
	if msg.ID != "msg_01" {
		t.Fatalf("response not decoded: %+v", msg)
	}
	key, first := srv.oneKey(t)
	if first.Path != "/v1/messages" || first.Method != "POST" {
		t.Fatalf("sent %s %s", first.Method, first.Path)
	}
	if want := formulaKey(t, first); key != want {
		t.Errorf("key %s, formula over the recorded body %s", key, want)
	}
	t.Logf("%d attempts, key %s, body %s", len(srv.attempts()), key, first.Body)

	// The same call made with WithScope: the formula's key in that scope.
	scoped := newFakeAPI(t, failures[1:], anthropicOK)
	scopedClient := anthropicClient(scoped.URL)
	if _, err := scopedClient.Messages.New(agentidemp.WithScope(ctx, testScope), anthropicParams("Refund order 1234")); err != nil {
		t.Fatal(err)
	}
	scoped.checkScoped(t, first)

	// A second process sending the same params sends the same key.
	other := newFakeAPI(t, []int{overloaded}, anthropicOK)
	inChild(t, "anthropic", other.URL)
	if childKey, _ := other.oneKey(t); childKey != key {
		t.Errorf("child process sent key %s, this process %s", childKey, key)
	}

	// Other params: another key.
	diff := newFakeAPI(t, nil, anthropicOK)
	diffClient := anthropicClient(diff.URL)
	if _, err := diffClient.Messages.New(ctx, anthropicParams("Refund order 1235")); err != nil {
		t.Fatal(err)
	}
	if k, _ := diff.oneKey(t); k == key {
		t.Errorf("different params share key %s", k)
	}

	// The same body to count_tokens: another key.
	ct := newFakeAPI(t, nil, anthropicOK)
	var res anthropic.MessageTokensCount
	ctClient := anthropicClient(ct.URL)
	if err := ctClient.Post(ctx, "v1/messages/count_tokens", anthropicParams("Refund order 1234"), &res); err != nil {
		t.Fatal(err)
	}
	ctKey, ctReq := ct.oneKey(t)
	if ctReq.Path != "/v1/messages/count_tokens" || string(ctReq.Body) != string(first.Body) {
		t.Fatalf("count_tokens request %s %q, want the body %q", ctReq.Path, ctReq.Body, first.Body)
	}
	if ctKey == key || ctKey != formulaKey(t, ctReq) {
		t.Errorf("count_tokens key %s; /v1/messages key %s; formula %s", ctKey, key, formulaKey(t, ctReq))
	}
}

// A key the caller sets with option.WithHeader is kept on every attempt.
func TestAnthropicCallerKey(t *testing.T) {
	srv := newFakeAPI(t, failures[1:], anthropicOK)
	client := anthropicClient(srv.URL)
	_, err := client.Messages.New(context.Background(), anthropicParams("hi"),
		option.WithHeader("idempotency-key", "caller-chosen"))
	if err != nil {
		t.Fatal(err)
	}
	if k, _ := srv.oneKey(t); k != "caller-chosen" {
		t.Errorf("key %s, want the caller's", k)
	}
}
