package integration

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/agentidemp/agentidemp-go"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"
)

func openaiOK(r *http.Request) (int, string) {
	switch {
	case strings.HasSuffix(r.URL.Path, "/chat/completions"):
		return http.StatusOK, `{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o",` +
			`"choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}`
	case strings.HasSuffix(r.URL.Path, "/responses"):
		return http.StatusOK, `{"id":"resp_1","object":"response","created_at":1,"model":"gpt-4o","status":"completed","output":[]}`
	case strings.HasSuffix(r.URL.Path, "/events"):
		return http.StatusAccepted, ""
	}
	return http.StatusNotFound, `{"error":{"message":"no such path"}}`
}

// openaiClient is the one-line setup, plus a local server, a test key and
// enough retries for the four scripted failures.
func openaiClient(url string) openai.Client {
	return openai.NewClient(
		option.WithMiddleware(agentidemp.Middleware),
		option.WithBaseURL(url+"/v1/"), option.WithAPIKey("test-key"), option.WithMaxRetries(len(failures)),
	)
}

func chatParams(text string) openai.ChatCompletionNewParams {
	return openai.ChatCompletionNewParams{
		Model:    "gpt-4o",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(text)},
	}
}

func responseParams(text string) responses.ResponseNewParams {
	return responses.ResponseNewParams{
		Model: "gpt-4o",
		Input: responses.ResponseNewParamsInputUnion{OfString: openai.String(text)},
	}
}

func init() {
	children["openai-chat"] = func(url string) error {
		client := openaiClient(url)
		_, err := client.Chat.Completions.New(context.Background(), chatParams("Refund order 1234"))
		return err
	}
	children["openai-responses"] = func(url string) error {
		client := openaiClient(url)
		_, err := client.Responses.New(context.Background(), responseParams("Refund order 1234"))
		return err
	}
}

// checkOpenAI runs call (with the text of the request) against servers
// that fail as scripted and checks one key per call, the formula, the
// formula in testScope for a call made with WithScope, the same key from a
// second process, and another key for other content.
func checkOpenAI(t *testing.T, path, child string, call func(ctx context.Context, client openai.Client, text string) error) {
	ctx := context.Background()
	srv := newFakeAPI(t, failures, openaiOK)
	if err := call(ctx, openaiClient(srv.URL), "Refund order 1234"); err != nil {
		t.Fatal(err)
	}
	key, first := srv.oneKey(t)
	if first.Path != path || first.Method != "POST" {
		t.Fatalf("sent %s %s, want POST %s", first.Method, first.Path, path)
	}
	if want := formulaKey(t, first); key != want {
		t.Errorf("key %s, formula over the recorded body %s", key, want)
	}
	t.Logf("%d attempts, key %s, body %s", len(srv.attempts()), key, first.Body)

	scoped := newFakeAPI(t, failures[1:], openaiOK)
	if err := call(agentidemp.WithScope(ctx, testScope), openaiClient(scoped.URL), "Refund order 1234"); err != nil {
		t.Fatal(err)
	}
	scoped.checkScoped(t, first)

	other := newFakeAPI(t, []int{http.StatusInternalServerError}, openaiOK)
	inChild(t, child, other.URL)
	if childKey, _ := other.oneKey(t); childKey != key {
		t.Errorf("child process sent key %s, this process %s", childKey, key)
	}

	diff := newFakeAPI(t, nil, openaiOK)
	if err := call(ctx, openaiClient(diff.URL), "Refund order 1235"); err != nil {
		t.Fatal(err)
	}
	if k, _ := diff.oneKey(t); k == key {
		t.Errorf("different params share key %s", k)
	}
}

func TestOpenAIChatCompletions(t *testing.T) {
	checkOpenAI(t, "/v1/chat/completions", "openai-chat", func(ctx context.Context, client openai.Client, text string) error {
		_, err := client.Chat.Completions.New(ctx, chatParams(text))
		return err
	})
}

func TestOpenAIResponses(t *testing.T) {
	checkOpenAI(t, "/v1/responses", "openai-responses", func(ctx context.Context, client openai.Client, text string) error {
		_, err := client.Responses.New(ctx, responseParams(text))
		return err
	})
}

// The same body to two endpoints gets two keys.
func TestOpenAISameBodyTwoEndpoints(t *testing.T) {
	srv := newFakeAPI(t, nil, openaiOK)
	client := openaiClient(srv.URL)
	params := chatParams("Refund order 1234")
	for _, path := range []string{"chat/completions", "responses"} {
		var res map[string]any
		if err := client.Post(context.Background(), path, params, &res); err != nil {
			t.Fatal(err)
		}
	}
	log := srv.attempts()
	if len(log) != 2 || string(log[0].Body) != string(log[1].Body) {
		t.Fatalf("attempts %+v, want two with one body", log)
	}
	if log[0].Key == log[1].Key || log[0].Key != formulaKey(t, log[0]) || log[1].Key != formulaKey(t, log[1]) {
		t.Errorf("keys %s (%s) and %s (%s)", log[0].Key, log[0].Path, log[1].Key, log[1].Path)
	}
}

// agentsServer serves the beta Agents session endpoints that the SDK's
// Sessions.Stream helper calls before it posts input: the session (idle)
// and its event stream (open until the client goes away). Only the POSTs
// of events are recorded and go through the script.
func agentsServer(t *testing.T, script []int) *fakeAPI {
	srv := newFakeAPI(t, script, openaiOK)
	srv.hook = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet {
			return false
		}
		if strings.HasSuffix(r.URL.Path, "/events") {
			w.Header().Set("Content-Type", "text/event-stream")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
			return true
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"sess_1","object":"agent.session","status":"idle","created_at":1,"last_active_at":1}`)
		return true
	}
	return srv
}

var sdkKey = regexp.MustCompile(`^[0-9a-f]{32}$`)

// openai-go sets its own Idempotency-Key on the beta Agents session
// events: the caller's IdempotencyKey param, or in Sessions.Stream a random
// one. The middleware keeps either on every attempt.
func TestOpenAIAgentsSessionEvents(t *testing.T) {
	ctx := context.Background()
	events := []openai.AgentSessionInputParamUnion{openai.AgentSessionInputParamOfParamAgentSessionInputMessage(
		[]openai.AgentSessionInputMessageParam{{Content: []openai.InputContentParamUnion{openai.InputContentParamOfParamInputText("continue")}}})}

	t.Run("IdempotencyKey param", func(t *testing.T) {
		srv := agentsServer(t, failures)
		client := openaiClient(srv.URL)
		err := client.Beta.Agents.Sessions.Events.New(ctx, "sess_1", openai.BetaAgentSessionEventNewParams{
			Events: events, IdempotencyKey: openai.String("caller-key-1")})
		if err != nil {
			t.Fatal(err)
		}
		if k, _ := srv.oneKey(t); k != "caller-key-1" {
			t.Errorf("key %s, want the caller's caller-key-1", k)
		}
	})

	t.Run("no key: the middleware's", func(t *testing.T) {
		srv := agentsServer(t, failures[1:])
		client := openaiClient(srv.URL)
		if err := client.Beta.Agents.Sessions.Events.New(ctx, "sess_1", openai.BetaAgentSessionEventNewParams{Events: events}); err != nil {
			t.Fatal(err)
		}
		k, first := srv.oneKey(t)
		if k != formulaKey(t, first) {
			t.Errorf("key %s, formula %s", k, formulaKey(t, first))
		}
	})

	t.Run("Sessions.Stream: the SDK's random key", func(t *testing.T) {
		var keys []string
		for i := 0; i < 2; i++ {
			srv := agentsServer(t, failures[1:])
			client := openaiClient(srv.URL)
			s := client.Beta.Agents.Sessions.Stream(ctx, "sess_1", openai.AgentSessionStreamParams{Input: "continue"})
			if err := s.Err(); err != nil {
				t.Fatal(err)
			}
			s.Close()
			k, first := srv.oneKey(t)
			if !sdkKey.MatchString(k) || k == formulaKey(t, first) {
				t.Errorf("key %s is not the SDK's", k)
			}
			keys = append(keys, k)
		}
		// Random per call: the same input from a restarted agent would
		// get a new key, which is what a content-derived key avoids.
		if keys[0] == keys[1] {
			t.Errorf("two Stream calls sent one key %s", keys[0])
		}
	})
}
