package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"
)

// mcpGateway is an HTTP gateway in front of an MCP server (streamable
// HTTP) that makes a tool run once per Idempotency-Key, as the README's
// "MCP servers and gateways" says one must:
//
//   - it dedups the POSTs of tools/call by key, across sessions: the key
//     holds the scope (the agent run and turn), not the Mcp-Session-Id, so
//     a restarted agent with a new session is recognized;
//   - it stores the server's answer, and answers a repeat with the stored
//     result under the repeat's own JSON-RPC id (a client ignores an answer
//     under another id: the call would wait for its own);
//   - a repeat that arrives while the first is still running waits for it,
//     or, with conflict set, is refused;
//   - every other request goes through unchanged. initialize, server/discover
//     and notifications are POSTs and carry keys too, and the same ones in
//     every session of the same client; a replayed initialize would leave a
//     session without an Mcp-Session-Id of its own.
//
// The server answers calls with application/json (JSONResponse), so the
// gateway reads a whole answer; one in front of text/event-stream answers
// would take the response out of the stream.
type mcpGateway struct {
	*httptest.Server
	t        *testing.T
	upstream string // the MCP server's URL
	proxy    *httputil.ReverseProxy

	mu    sync.Mutex
	log   []mcpRequest
	calls map[string]*mcpCall // tools/call by Idempotency-Key
	drop  int                 // answers of tools/call still to drop

	// conflict, when set, answers a tools/call whose key is in flight,
	// instead of waiting; id is the request's JSON-RPC id.
	conflict func(w http.ResponseWriter, id string)
}

// mcpRequest is one request as the gateway received it.
type mcpRequest struct {
	HTTPMethod, Path string
	Key              string // the Idempotency-Key header; "" when absent
	Keys             int    // number of Idempotency-Key values
	Session          string // the Mcp-Session-Id header
	Method           string // JSON-RPC method, of a POST
	ID               string // JSON-RPC id as sent; "" for a notification
	Body             []byte
	Outcome          string // of a tools/call: ran, replayed, waited or refused
}

// Outcomes of a tools/call at the gateway.
const (
	ran      = "ran"      // sent to the server, which ran the tool
	replayed = "replayed" // answered from the store
	waited   = "waited"   // waited for the call in flight with its key, then answered from the store
	refused  = "refused"  // answered by conflict while the call with its key was in flight
)

// mcpCall is a tools/call by key: done is closed when answer (the
// server's JSON-RPC response) is set, or when the call failed (ok false).
type mcpCall struct {
	done   chan struct{}
	answer []byte
	ok     bool
}

func newMCPGateway(t *testing.T, upstream string) *mcpGateway {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	g := &mcpGateway{t: t, upstream: upstream, proxy: httputil.NewSingleHostReverseProxy(u), calls: map[string]*mcpCall{}}
	g.proxy.ErrorLog = log.New(io.Discard, "", 0) // a stream the client ends is no error
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.Close)
	return g
}

func (g *mcpGateway) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		g.t.Errorf("gateway: reading the body: %v", err)
	}
	req := mcpRequest{HTTPMethod: r.Method, Path: r.URL.RequestURI(), Key: r.Header.Get("Idempotency-Key"),
		Keys: len(r.Header.Values("Idempotency-Key")), Session: r.Header.Get("Mcp-Session-Id"), Body: body}
	if r.Method == http.MethodPost {
		var msg struct {
			Method string          `json:"method"`
			ID     json.RawMessage `json:"id"`
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			g.t.Errorf("gateway: POST body %q is not JSON-RPC: %v", body, err)
		}
		req.Method, req.ID = msg.Method, string(msg.ID)
	}
	if req.Method != "tools/call" || req.Key == "" {
		g.record(req)
		r.Body = io.NopCloser(bytes.NewReader(body))
		g.proxy.ServeHTTP(w, r)
		return
	}

	g.mu.Lock()
	call, seen := g.calls[req.Key]
	switch {
	case !seen:
		call = &mcpCall{done: make(chan struct{})}
		g.calls[req.Key] = call
		req.Outcome = ran
	case isClosed(call.done):
		req.Outcome = replayed
	case g.conflict != nil:
		req.Outcome = refused
	default:
		req.Outcome = waited
	}
	g.log = append(g.log, req)
	g.mu.Unlock()

	switch req.Outcome {
	case ran:
		g.run(w, r, req, call)
		return
	case refused:
		g.conflict(w, req.ID)
		return
	}
	<-call.done
	if !call.ok {
		http.Error(w, "the first call with this key failed", http.StatusBadGateway)
		return
	}
	// The stored answer, under this request's id.
	var answer map[string]json.RawMessage
	if err := json.Unmarshal(call.answer, &answer); err != nil {
		g.t.Errorf("gateway: stored answer %q: %v", call.answer, err)
	}
	answer["id"] = json.RawMessage(req.ID)
	out, err := json.Marshal(answer)
	if err != nil {
		g.t.Errorf("gateway: %v", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
}

// run sends a tools/call to the server and stores the answer under its
// key; the call goes on if the client goes away. The answer is lost on
// the way back while g.drop says so: the client gets a 502 for it.
func (g *mcpGateway) run(w http.ResponseWriter, r *http.Request, req mcpRequest, call *mcpCall) {
	var header http.Header
	up, err := http.NewRequestWithContext(context.WithoutCancel(r.Context()), http.MethodPost, g.upstream+req.Path, bytes.NewReader(req.Body))
	if err == nil {
		up.Header = r.Header.Clone()
		var resp *http.Response
		if resp, err = http.DefaultClient.Do(up); err == nil {
			header = resp.Header
			call.answer, err = io.ReadAll(resp.Body)
			resp.Body.Close()
			mt, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
			call.ok = err == nil && resp.StatusCode == http.StatusOK && mt == "application/json"
		}
	}
	g.mu.Lock()
	if !call.ok {
		delete(g.calls, req.Key) // a later attempt runs it
	}
	drop := call.ok && g.drop > 0
	if drop {
		g.drop--
	}
	g.mu.Unlock()
	close(call.done)

	if !call.ok || drop {
		http.Error(w, "no answer from the MCP server", http.StatusBadGateway)
		return
	}
	for name, v := range header {
		w.Header()[name] = v
	}
	w.Write(call.answer)
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func (g *mcpGateway) record(req mcpRequest) {
	g.mu.Lock()
	g.log = append(g.log, req)
	g.mu.Unlock()
}

// requests returns a copy of the log.
func (g *mcpGateway) requests() []mcpRequest {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]mcpRequest(nil), g.log...)
}

// toolCalls returns the tools/call requests of the log.
func (g *mcpGateway) toolCalls() []mcpRequest {
	var calls []mcpRequest
	for _, r := range g.requests() {
		if r.Method == "tools/call" {
			calls = append(calls, r)
		}
	}
	return calls
}

// await waits until cond holds, for 10 s at most.
func await(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("no %s after 10 s", what)
}

// logHas reports whether a request of the log has outcome.
func (g *mcpGateway) logHas(outcome string) bool {
	return slices.ContainsFunc(g.requests(), func(r mcpRequest) bool { return r.Outcome == outcome })
}
