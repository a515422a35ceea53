package integration

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/agentidemp/agentidemp-go"
)

// dropConn in a script makes the server read the request and then close
// the connection without an answer.
const dropConn = -1

// overloaded is Anthropic's 529 Overloaded.
const overloaded = 529

// The failures every retry test goes through, the dropped connection first
// (an SDK waits longest after it, having no Retry-After to go by).
var failures = []int{dropConn, http.StatusTooManyRequests, http.StatusInternalServerError, overloaded}

// attempt is one request as the server received it.
type attempt struct {
	Method, Path string
	Key          string // the Idempotency-Key header; "" when absent
	Keys         int    // number of Idempotency-Key values
	Body         []byte
}

// fakeAPI is a test server that fails the first requests as its script
// says, answers the others with ok(path), and records every attempt.
type fakeAPI struct {
	*httptest.Server
	t      *testing.T
	mu     sync.Mutex
	script []int
	log    []attempt
	// ok returns the status and JSON body of a successful answer.
	ok func(r *http.Request) (int, string)
	// hook, when set, handles a request instead (for streams).
	hook func(w http.ResponseWriter, r *http.Request) bool
}

func newFakeAPI(t *testing.T, script []int, ok func(r *http.Request) (int, string)) *fakeAPI {
	t.Helper()
	f := &fakeAPI{t: t, script: script, ok: ok}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	if f.hook != nil && f.hook(w, r) {
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("server: reading the body: %v", err)
	}
	f.mu.Lock()
	n := len(f.log)
	f.log = append(f.log, attempt{r.Method, r.URL.RequestURI(), r.Header.Get("Idempotency-Key"),
		len(r.Header.Values("Idempotency-Key")), body})
	f.mu.Unlock()
	if n < len(f.script) {
		switch code := f.script[n]; code {
		case dropConn:
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				f.t.Errorf("server: hijack: %v", err)
				return
			}
			conn.Close()
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After-Ms", "1")
			w.WriteHeader(code)
			fmt.Fprintf(w, `{"type":"error","error":{"type":"api_error","message":"scripted failure %d"}}`, code)
		}
		return
	}
	code, out := f.ok(r)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	io.WriteString(w, out)
}

// attempts returns a copy of the log.
func (f *fakeAPI) attempts() []attempt {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]attempt(nil), f.log...)
}

// oneKey checks that the server saw len(script)+1 attempts of one request,
// each with the same body and exactly one Idempotency-Key, the same on
// every attempt, and returns that key and body.
func (f *fakeAPI) oneKey(t *testing.T) (string, attempt) {
	t.Helper()
	log := f.attempts()
	if len(log) < len(f.script)+1 {
		t.Fatalf("%d attempts recorded, want at least %d", len(log), len(f.script)+1)
	}
	first := log[0]
	for i, a := range log {
		if a.Keys != 1 || a.Key == "" {
			t.Errorf("attempt %d: %d Idempotency-Key values (%q)", i+1, a.Keys, a.Key)
		}
		if a.Key != first.Key {
			t.Errorf("attempt %d: key %s, first attempt %s", i+1, a.Key, first.Key)
		}
		if !bytes.Equal(a.Body, first.Body) || a.Path != first.Path || a.Method != first.Method {
			t.Errorf("attempt %d: %s %s %q differs from the first, %s %s %q", i+1, a.Method, a.Path, a.Body, first.Method, first.Path, first.Body)
		}
	}
	return first.Key, first
}

// formulaKey is the documented key of a request in the empty scope; see
// formulaKeyIn.
func formulaKey(t *testing.T, a attempt) string {
	t.Helper()
	return formulaKeyIn(t, "", a)
}

// formulaKeyIn is the documented key of a request made in scope, body'
// being the canonical form of its JSON body (all bodies here are JSON).
func formulaKeyIn(t *testing.T, scope string, a attempt) string {
	t.Helper()
	c, err := agentidemp.CanonicalJSON(a.Body)
	if err != nil {
		t.Fatalf("recorded body %q is not JSON: %v", a.Body, err)
	}
	return formula(scope, a.Method, a.Path, c)
}

// formula is the key of SPEC.md section 4, computed here with
// crypto/sha256: "ik_" and the hex of the first 16 bytes of
// SHA-256(scope || 0x00 || method || 0x00 || target || 0x00 || body').
func formula(scope, method, target string, body []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", scope, method, target)
	h.Write(body)
	return "ik_" + hex.EncodeToString(h.Sum(nil)[:16])
}

// testScope is the scope of the calls made with agentidemp.WithScope in
// the SDK tests.
const testScope = "run-1/turn-7"

// checkScoped checks the key srv saw for the request of unscoped (a call
// in the empty scope) made again with agentidemp.WithScope(ctx,
// testScope): the same request, one key over every attempt, the formula's
// in testScope, not the unscoped one.
func (f *fakeAPI) checkScoped(t *testing.T, unscoped attempt) {
	t.Helper()
	key, first := f.oneKey(t)
	if first.Method != unscoped.Method || first.Path != unscoped.Path || !bytes.Equal(first.Body, unscoped.Body) {
		t.Fatalf("scoped call sent %s %s %q, unscoped %s %s %q", first.Method, first.Path, first.Body,
			unscoped.Method, unscoped.Path, unscoped.Body)
	}
	if want := formulaKeyIn(t, testScope, first); key != want {
		t.Errorf("key %s in scope %q, formula %s", key, testScope, want)
	}
	if key == unscoped.Key {
		t.Errorf("scope %q gave the unscoped key %s", testScope, key)
	}
}

// The helper-process protocol of os/exec's tests: TestMain runs the child
// named by childEnv instead of the tests, against the server at urlEnv,
// and exits.
const (
	childEnv = "AGENTIDEMP_INTEGRATION_CHILD"
	urlEnv   = "AGENTIDEMP_INTEGRATION_URL"
)

// children are the calls a child process can make: the same calls as the
// tests, from a fresh process with fresh clients and SDK state.
var children = map[string]func(url string) error{}

func TestMain(m *testing.M) {
	if name := os.Getenv(childEnv); name != "" {
		child, ok := children[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "unknown child %q\n", name)
			os.Exit(2)
		}
		if err := child(os.Getenv(urlEnv)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// inChild runs children[name] in a new process (this test binary again)
// against url.
func inChild(t *testing.T, name, url string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+name, urlEnv+"="+url)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child %s: %v\n%s", name, err, out)
	}
}
