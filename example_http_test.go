package agentidemp_test

// The keys printed below are rows of the http_request array (and, for
// ExampleRequestKeys_omit, of the omit array) in testdata/vectors.json,
// computed by testdata/gen_vectors.py.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/agentidemp/agentidemp-go"
)

const exampleChat = `{"model":"claude-sonnet-4-20250514","max_tokens":1024,` +
	`"messages":[{"role":"user","content":"Refund order 1234"}]}`

// The key of a request: the same for two spellings of one JSON body, and
// another for the same body sent to another endpoint.
func ExampleRequestKey() {
	pretty := `{
  "messages": [ { "content": "Refund order 1234", "role": "user" } ],
  "max_tokens": 1024.0,
  "model": "claude-sonnet-4-20250514"
}`
	for _, c := range []struct{ url, body string }{
		{"https://api.anthropic.com/v1/messages", exampleChat},
		{"https://api.anthropic.com/v1/messages", pretty},
		{"https://api.anthropic.com/v1/messages/count_tokens", exampleChat},
	} {
		req, _ := http.NewRequest("POST", c.url, strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/json")
		key, err := agentidemp.RequestKey(req)
		if err != nil {
			panic(err)
		}
		fmt.Println(key)
	}
	// Output:
	// ik_31441463794ffb75a355dfd4f0f2d839
	// ik_31441463794ffb75a355dfd4f0f2d839
	// ik_dd7c18404f0bae0a46751a708f8f6d7f
}

// The key of a file upload: the same for two boundaries, because a
// multipart body is keyed by its parts.
func ExampleRequestKey_multipart() {
	for _, boundary := range []string{"first-boundary", "another.boundary.9f2c"} {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		w.SetBoundary(boundary)
		f, _ := w.CreateFormFile("file", "notes.txt")
		io.WriteString(f, "Refund order 1234\n")
		w.WriteField("purpose", "user_data")
		w.Close()
		req, _ := http.NewRequest("POST", "https://api.example.com/v1/files", &body)
		req.Header.Set("Content-Type", w.FormDataContentType())
		key, err := agentidemp.RequestKey(req)
		if err != nil {
			panic(err)
		}
		fmt.Println(req.Header.Get("Content-Type"), key)
	}
	// Output:
	// multipart/form-data; boundary=first-boundary ik_41447e15f82f642c9243f78f9825461a
	// multipart/form-data; boundary=another.boundary.9f2c ik_41447e15f82f642c9243f78f9825461a
}

// Middleware as the SDKs call it: next stands for the rest of the chain.
func ExampleMiddleware() {
	req, _ := http.NewRequest("POST", "https://api.anthropic.com/v1/messages", strings.NewReader(exampleChat))
	req.Header.Set("Content-Type", "application/json")
	next := func(r *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Header.Get("Idempotency-Key"), len(body) == len(exampleChat))
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r}, nil
	}
	resp, err := agentidemp.Middleware(req, next)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	// Output:
	// ik_31441463794ffb75a355dfd4f0f2d839 true
}

// Any http.Client: every attempt of a request carries the same key, here
// against a local server that fails the first attempt.
func ExampleNewTransport() {
	attempts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts++
		fmt.Printf("attempt %d: %s\n", attempts, r.Header.Get("Idempotency-Key"))
		if attempts == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()

	client := &http.Client{Transport: agentidemp.NewTransport(nil)}
	for {
		resp, err := client.Post(srv.URL+"/v1/messages", "application/json", strings.NewReader(exampleChat))
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
	}
	// Output:
	// attempt 1: ik_31441463794ffb75a355dfd4f0f2d839
	// attempt 2: ik_31441463794ffb75a355dfd4f0f2d839
}

// Options: a scope that tells apart two turns a user sends on purpose, a
// UUID key, and another header name.
func ExampleRequestKeys() {
	keys := agentidemp.RequestKeys{
		Header: "X-Idempotency-Key",
		Shape:  agentidemp.UUIDKey,
		Scope: func(r *http.Request) string {
			return r.Header.Get("Session") + "/turn-" + r.Header.Get("Turn")
		},
	}
	next := func(r *http.Request) (*http.Response, error) {
		fmt.Println(r.Header.Get("X-Idempotency-Key"))
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r}, nil
	}
	for _, turn := range []string{"1", "2"} {
		req, _ := http.NewRequest("POST", "https://api.anthropic.com/v1/messages", strings.NewReader(exampleChat))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Session", "session-42")
		req.Header.Set("Turn", turn)
		if _, err := keys.Middleware(req, next); err != nil {
			panic(err)
		}
	}
	// Output:
	// b0fe3174-3804-5051-bf6f-aafda85d1c06
	// 10d04410-01a4-52b6-828e-4869b74f721f
}

// The scope from the call's context: the attempts of one turn share a key,
// and the same request sent again in the next turn gets another.
func ExampleWithScope() {
	next := func(r *http.Request) (*http.Response, error) {
		fmt.Println(agentidemp.ScopeFromContext(r.Context()), r.Header.Get("Idempotency-Key"))
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r}, nil
	}
	for _, scope := range []string{"run-1/turn-7", "run-1/turn-7", "run-1/turn-8"} {
		ctx := agentidemp.WithScope(context.Background(), scope)
		req, _ := http.NewRequestWithContext(ctx, "POST", "https://api.anthropic.com/v1/messages", strings.NewReader(exampleChat))
		req.Header.Set("Content-Type", "application/json")
		if _, err := agentidemp.Middleware(req, next); err != nil {
			panic(err)
		}
	}
	// Output:
	// run-1/turn-7 ik_05a89c0a89594c804113696b3e3d4d4a
	// run-1/turn-7 ik_05a89c0a89594c804113696b3e3d4d4a
	// run-1/turn-8 ik_13608e3302e1cfe720e9fbc9390cc4f6
}

// A member that changes on every attempt, left out: two attempts of an MCP
// tool call, each with a new JSON-RPC id, share a key; the bodies are sent
// as they are.
func ExampleRequestKeys_omit() {
	keys := agentidemp.RequestKeys{Omit: []string{"/id"}}
	for id := 1; id <= 2; id++ {
		body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call",`+
			`"params":{"name":"refund","arguments":{"order":"1234"}}}`, id)
		req, _ := http.NewRequest("POST", "https://mcp.example.com/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		key, err := keys.RequestKey(req)
		if err != nil {
			panic(err)
		}
		fmt.Println(key)
	}
	// Output:
	// ik_84bf1797781b26bbbf18d68fd022873f
	// ik_84bf1797781b26bbbf18d68fd022873f
}
