package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/agentidemp/agentidemp-go"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// An MCP tool call through a gateway that dedups tools/call by
// Idempotency-Key (mcpGateway): the agent's retry after a lost answer,
// with a new JSON-RPC id, and a restarted agent with a new session, get
// the first call's result without running the tool again; the same call
// in the next turn runs it again.

// refundTool is the tool behind the gateway. Its side effect is the count
// of its runs per order, and its result names the run.
type refundTool struct {
	mu   sync.Mutex
	runs map[string]int
	hold map[string]chan struct{} // orders whose runs wait for the channel to close
}

type refundIn struct {
	Order string `json:"order"`
}

type refundOut struct {
	Refund string `json:"refund"`
}

func (rt *refundTool) run(_ context.Context, _ *mcp.CallToolRequest, in refundIn) (*mcp.CallToolResult, refundOut, error) {
	rt.mu.Lock()
	rt.runs[in.Order]++
	n, hold := rt.runs[in.Order], rt.hold[in.Order]
	rt.mu.Unlock()
	if hold != nil {
		<-hold
	}
	return nil, refundOut{Refund: fmt.Sprintf("R-%s-%d", in.Order, n)}, nil
}

// holdRuns makes the runs of order wait until the returned function is
// called, which the test's cleanup also does: call holdRuns after the
// session is opened, so that this comes before the session closes.
func (rt *refundTool) holdRuns(t *testing.T, order string) (release func()) {
	c := make(chan struct{})
	rt.mu.Lock()
	rt.hold[order] = c
	rt.mu.Unlock()
	var once sync.Once
	release = func() { once.Do(func() { close(c) }) }
	t.Cleanup(release)
	return release
}

func (rt *refundTool) count(order string) int {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.runs[order]
}

// newMCPServer serves refundTool at /mcp over streamable HTTP, and returns
// the tool and a gateway in front of the server.
func newMCPServer(t *testing.T, stateless bool) (*refundTool, *mcpGateway) {
	t.Helper()
	tool := &refundTool{runs: map[string]int{}, hold: map[string]chan struct{}{}}
	server := mcp.NewServer(&mcp.Implementation{Name: "refunds", Version: "v1"}, nil)
	mcp.AddTool(server, &mcp.Tool{Name: "refund", Description: "Refund an order"}, tool.run)
	mux := http.NewServeMux()
	mux.Handle("/mcp", mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server },
		&mcp.StreamableHTTPOptions{Stateless: stateless, JSONResponse: true}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return tool, newMCPGateway(t, srv.URL)
}

// mcpConnect opens an agent's session with the MCP server at endpoint,
// through the one-line setup: the JSON-RPC id, new on every call, left out
// of the key.
func mcpConnect(ctx context.Context, endpoint string) (*mcp.ClientSession, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "v1"}, nil)
	return client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:   endpoint,
		HTTPClient: &http.Client{Transport: agentidemp.RequestKeys{Omit: []string{"/id"}}.Transport(nil)},
	}, nil)
}

// callRefund calls the tool for order and returns the refund it made.
func callRefund(ctx context.Context, session *mcp.ClientSession, order string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: "refund", Arguments: map[string]any{"order": order}})
	if err != nil {
		return "", err
	}
	out, _ := res.StructuredContent.(map[string]any)
	refund, _ := out["refund"].(string)
	if res.IsError || refund == "" {
		return "", fmt.Errorf("tool result %+v", res)
	}
	return refund, nil
}

func init() {
	// A restarted agent, in the first turn: its own session, the same call,
	// then a call the tool has not run, which its session must carry.
	children["mcp"] = func(endpoint string) error {
		ctx := context.Background()
		session, err := mcpConnect(ctx, endpoint)
		if err != nil {
			return err
		}
		defer session.Close()
		got, err := callRefund(agentidemp.WithScope(ctx, "run-1/turn-1"), session, "1234")
		if err != nil {
			return err
		}
		if got != "R-1234-1" {
			return fmt.Errorf("child got refund %s, want the first run's R-1234-1", got)
		}
		if got, err = callRefund(agentidemp.WithScope(ctx, "run-1/turn-1"), session, "1235"); err != nil || got != "R-1235-1" {
			return fmt.Errorf("child got refund %q (%v) for order 1235, want R-1235-1", got, err)
		}
		return nil
	}
}

// mcpFormulaKey is the documented key of a recorded request made in scope
// with Omit "/id": body' is the canonical form of the body without its
// member "id". The member is removed here by encoding/json, from the body
// decoded into a map and encoded again, so CanonicalJSON sees a document
// with no "id" to leave out: this checks the library's removal (SPEC.md
// section 4.5) against one done another way.
func mcpFormulaKey(t *testing.T, scope string, r mcpRequest) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("recorded body %q: %v", r.Body, err)
	}
	delete(m, "id")
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	c, err := agentidemp.CanonicalJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	return formula(scope, r.HTTPMethod, r.Path, c)
}

// The go-sdk speaks to a stateful server (the default) in protocol
// 2025-11-25, after a server/discover that the server refuses: initialize,
// an Mcp-Session-Id, a GET for server messages and a DELETE at the end; to
// a stateless one in protocol 2026-07-28: server/discover, then calls that
// carry the client's info in their _meta, with no session.
var mcpModes = []struct {
	name      string
	stateless bool
}{{"stateful", false}, {"stateless", true}}

func TestMCPToolRunsOnce(t *testing.T) {
	for _, mode := range mcpModes {
		t.Run(mode.name, func(t *testing.T) {
			tool, gw := newMCPServer(t, mode.stateless)
			gw.drop = 1
			session := mcpSession(t, gw)
			ctx := context.Background()
			if _, err := session.ListTools(ctx, nil); err != nil {
				t.Fatal(err)
			}

			// Turn 1: the answer to the call is lost, and the agent calls
			// again, under a new JSON-RPC id.
			turn1 := agentidemp.WithScope(ctx, "run-1/turn-1")
			if got, err := callRefund(turn1, session, "1234"); err == nil {
				t.Fatalf("the first call got %s: its answer was not dropped", got)
			}
			got, err := callRefund(turn1, session, "1234")
			if err != nil {
				t.Fatal(err)
			}
			calls := gw.toolCalls()
			if len(calls) != 2 {
				t.Fatalf("%d tools/call requests, want 2", len(calls))
			}
			first, retry := calls[0], calls[1]
			t.Logf("first %s %s, retry %s", first.Key, first.Body, retry.Body)
			if first.ID == retry.ID || bytes.Equal(first.Body, retry.Body) {
				t.Fatalf("the retry sent the first call's id %s: the test shows nothing", first.ID)
			}
			if first.Keys != 1 || retry.Key != first.Key {
				t.Errorf("keys %s (%d) and %s: want one", first.Key, first.Keys, retry.Key)
			}
			if want := mcpFormulaKey(t, "run-1/turn-1", first); first.Key != want {
				t.Errorf("key %s, formula %s", first.Key, want)
			}
			if first.Outcome != ran || retry.Outcome != replayed || got != "R-1234-1" || tool.count("1234") != 1 {
				t.Errorf("outcomes %s, %s; result %s; %d runs: want ran, replayed, R-1234-1, 1",
					first.Outcome, retry.Outcome, got, tool.count("1234"))
			}

			// Turn 2: the same call is a new one.
			got, err = callRefund(agentidemp.WithScope(ctx, "run-1/turn-2"), session, "1234")
			if err != nil {
				t.Fatal(err)
			}
			turn2 := gw.toolCalls()[2]
			if turn2.Key == first.Key || turn2.Key != mcpFormulaKey(t, "run-1/turn-2", turn2) {
				t.Errorf("turn 2 key %s; turn 1 %s; formula %s", turn2.Key, first.Key, mcpFormulaKey(t, "run-1/turn-2", turn2))
			}
			if turn2.Outcome != ran || got != "R-1234-2" || tool.count("1234") != 2 {
				t.Errorf("turn 2: %s, result %s, %d runs: want ran, R-1234-2, 2", turn2.Outcome, got, tool.count("1234"))
			}

			// A second process in turn 1, with a session of its own: the
			// first call's key, whatever its id, and the stored result; then
			// a call of its own, which runs.
			inChild(t, "mcp", gw.URL+"/mcp")
			calls = gw.toolCalls()
			if len(calls) != 5 {
				t.Fatalf("%d tools/call requests, want 5", len(calls))
			}
			if calls[4].Outcome != ran || calls[4].Session != calls[3].Session || tool.count("1235") != 1 {
				t.Errorf("the child's own call: %s in session %q, %d runs", calls[4].Outcome, calls[4].Session, tool.count("1235"))
			}
			child := calls[3]
			if slices.ContainsFunc(calls[:3], func(r mcpRequest) bool { return r.ID == child.ID }) {
				t.Fatalf("the child sent id %s, which this process sent: the test shows less", child.ID)
			}
			if child.Key != first.Key || child.Outcome != replayed || tool.count("1234") != 2 {
				t.Errorf("child key %s (%s, %d runs), first %s", child.Key, child.Outcome, tool.count("1234"), first.Key)
			}
			if mode.stateless && (first.Session != "" || child.Session != "") ||
				!mode.stateless && (first.Session == "" || child.Session == first.Session) {
				t.Errorf("sessions %q and %q", first.Session, child.Session)
			}

			checkMCPRequests(t, gw.requests(), mode.stateless)
		})
	}
}

// checkMCPRequests checks every request of two sessions, tools/call
// aside: a POST has one key, the formula's in the empty scope (the calls
// were made without WithScope), a GET or DELETE none; and the first POST
// of each session, whose answer is the session's own, has one key in both.
func checkMCPRequests(t *testing.T, log []mcpRequest, stateless bool) {
	t.Helper()
	firsts := map[string][]string{} // method of the first POSTs: keys
	methods := map[string]bool{}
	for _, r := range log {
		methods[r.HTTPMethod+" "+r.Method] = true
		switch {
		case r.Method == "tools/call":
		case r.HTTPMethod == http.MethodPost:
			if r.Keys != 1 || r.Key != mcpFormulaKey(t, "", r) {
				t.Errorf("%s: key %q (%d), formula %s", r.Method, r.Key, r.Keys, mcpFormulaKey(t, "", r))
			}
			if r.Method == "initialize" || r.Method == "server/discover" {
				firsts[r.Method] = append(firsts[r.Method], r.Key)
			}
		case r.Keys != 0:
			t.Errorf("%s %s carries key %s", r.HTTPMethod, r.Path, r.Key)
		}
	}
	want := []string{"POST server/discover", "POST tools/list", "POST tools/call"}
	if !stateless {
		want = append(want, "POST initialize", "POST notifications/initialized", "GET ")
	}
	for _, m := range want {
		if !methods[m] {
			t.Errorf("no %s request; the requests were %v", m, methods)
		}
	}
	for m, keys := range firsts {
		if len(keys) != 2 || keys[0] != keys[1] {
			t.Errorf("%s keys %v: want one key in both sessions", m, keys)
		}
	}
}

// mcpSession opens a session through the gateway and closes it when the
// test ends.
func mcpSession(t *testing.T, gw *mcpGateway) *mcp.ClientSession {
	t.Helper()
	session, err := mcpConnect(context.Background(), gw.URL+"/mcp")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { session.Close() })
	return session
}

// A tools/call whose key is still running at the gateway waits for it:
// the tool runs once, and both calls get its result.
func TestMCPToolCallInFlight(t *testing.T) {
	tool, gw := newMCPServer(t, false)
	session := mcpSession(t, gw)
	release := tool.holdRuns(t, "1240")

	turn3 := agentidemp.WithScope(context.Background(), "run-1/turn-3")
	var wg sync.WaitGroup
	results := make([]string, 2)
	for i := range results {
		wg.Go(func() {
			got, err := callRefund(turn3, session, "1240")
			if err != nil {
				t.Error(err)
			}
			results[i] = got
		})
	}
	await(t, "tools/call waiting for the one in flight", func() bool { return gw.logHas(waited) })
	release()
	wg.Wait()

	calls := gw.toolCalls()
	if len(calls) != 2 || calls[0].ID == calls[1].ID || calls[0].Key != calls[1].Key {
		t.Fatalf("tools/call requests %+v: want two ids, one key", calls)
	}
	if calls[0].Outcome != ran || calls[1].Outcome != waited {
		t.Errorf("outcomes %s, %s: want ran, waited", calls[0].Outcome, calls[1].Outcome)
	}
	if results[0] != "R-1240-1" || results[1] != "R-1240-1" || tool.count("1240") != 1 {
		t.Errorf("results %v, %d runs: want R-1240-1 twice, 1 run", results, tool.count("1240"))
	}
}

// A gateway may refuse a repeat that arrives while the first call runs,
// with 409 Conflict. The go-sdk client keeps its session after an error
// status only when the body is a JSON-RPC error: then the call fails, and
// the agent's next retry gets the stored result. After a 409 without one,
// the session is over.
func TestMCPToolCallConflict(t *testing.T) {
	for _, tc := range []struct {
		name         string
		body         func(id string) string
		sessionLives bool
	}{
		{"JSON-RPC error", func(id string) string {
			return `{"jsonrpc":"2.0","id":` + id + `,"error":{"code":-32000,"message":"a call with this key is running"}}`
		}, true},
		{"plain text", func(string) string { return "a call with this key is running\n" }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tool, gw := newMCPServer(t, false)
			gw.conflict = func(w http.ResponseWriter, id string) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusConflict)
				io.WriteString(w, tc.body(id))
			}
			session := mcpSession(t, gw)
			release := tool.holdRuns(t, "1240")

			turn3 := agentidemp.WithScope(context.Background(), "run-1/turn-3")
			first := make(chan string, 1)
			go func() {
				got, _ := callRefund(turn3, session, "1240")
				first <- got
			}()
			await(t, "tool run", func() bool { return tool.count("1240") == 1 })
			if got, err := callRefund(turn3, session, "1240"); err == nil {
				t.Fatalf("the repeat got %s while the first call ran", got)
			}
			release()
			firstGot := <-first // the call has ended: a retry finds it done
			got, err := callRefund(turn3, session, "1240")
			if tc.sessionLives {
				if firstGot != "R-1240-1" || err != nil || got != "R-1240-1" {
					t.Errorf("first call %q, retry %q (%v): want R-1240-1 for both", firstGot, got, err)
				}
			} else if err == nil {
				t.Errorf("the session went on after a 409 without a JSON-RPC error: %s", got)
			}
			var outcomes []string
			for _, c := range gw.toolCalls() {
				outcomes = append(outcomes, c.Outcome)
			}
			want := []string{ran, refused}
			if tc.sessionLives {
				want = append(want, replayed)
			}
			if !slices.Equal(outcomes, want) || tool.count("1240") != 1 {
				t.Errorf("outcomes %v, %d runs: want %v, 1 run", outcomes, tool.count("1240"), want)
			}
		})
	}
}
