package agentidemp

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestScopeFromContext: the key's scope comes from the Scope function when
// there is one, else from the innermost WithScope of the request's context,
// else it is empty; the keys are those of the formula, ScopedKey(scope,
// METHOD, target, body'), with a raw body' here.
func TestScopeFromContext(t *testing.T) {
	const body = "refund order 1234"
	formula := func(scope string) string { return ScopedKey(scope, "POST", "/v1/refunds", body) }
	byFunc := RequestKeys{Scope: func(*http.Request) string { return "from-func" }}
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		keys  RequestKeys
		ctx   context.Context
		scope string
	}{
		{"no scope anywhere", RequestKeys{}, ctx, ""},
		{"the context's", RequestKeys{}, WithScope(ctx, "run-1/turn-7"), "run-1/turn-7"},
		{"the innermost", RequestKeys{}, WithScope(WithScope(ctx, "run-1/turn-7"), "run-1/turn-8"), "run-1/turn-8"},
		{"an empty one over another", RequestKeys{}, WithScope(WithScope(ctx, "run-1"), ""), ""},
		{"a value of another key", RequestKeys{}, context.WithValue(ctx, struct{}{}, "not a scope"), ""},
		{"the function's, not the context's", byFunc, WithScope(ctx, "run-1/turn-7"), "from-func"},
		{"the function's alone", byFunc, ctx, "from-func"},
	} {
		req := newRequest(t, "POST", "/v1/refunds", "text/plain", body).WithContext(c.ctx)
		got, err := c.keys.RequestKey(req)
		if want := formula(c.scope); err != nil || got != want {
			t.Errorf("%s: RequestKey = %q, %v; want %s (scope %q)", c.name, got, err, want, c.scope)
		}
		if got := ScopeFromContext(c.ctx); c.keys.Scope == nil && got != c.scope {
			t.Errorf("%s: ScopeFromContext = %q, want %q", c.name, got, c.scope)
		}
		// The middleware sends the same key.
		var rec recorder
		req = newRequest(t, "POST", "/v1/refunds", "text/plain", body).WithContext(c.ctx)
		if _, err := c.keys.Middleware(req, rec.next); err != nil || rec.key != formula(c.scope) {
			t.Errorf("%s: Middleware sent key %q, %v; want %s", c.name, rec.key, err, formula(c.scope))
		}
	}
}

// TestScopeComposes: a Scope function that adds to the context's scope, as
// the doc of ScopeFromContext suggests, keys within the composed scope.
func TestScopeComposes(t *testing.T) {
	keys := RequestKeys{Scope: func(r *http.Request) string {
		return "tenant-42/" + ScopeFromContext(r.Context())
	}}
	req := newRequest(t, "POST", "/v1/refunds", "text/plain", "x").
		WithContext(WithScope(context.Background(), "run-1"))
	got, err := keys.RequestKey(req)
	if want := ScopedKey("tenant-42/run-1", "POST", "/v1/refunds", "x"); err != nil || got != want {
		t.Errorf("RequestKey = %q, %v; want %s", got, err, want)
	}
}

// TestScopeNUL: a scope holding a NUL byte, from either source, fails the
// key, and the middleware sends nothing and closes the body. The collision
// it would allow is real: the SPEC's example pair has one preimage.
func TestScopeNUL(t *testing.T) {
	if ScopedKey("a\x00POST\x00/x", "POST", "/y", "b") != ScopedKey("a", "POST", "/x", "POST\x00/y\x00b") {
		t.Fatal("the example pair of RequestKeys.scope's comment does not collide")
	}
	for _, scope := range []string{"\x00", "a\x00POST\x00/x", "run-1\x00"} {
		for _, way := range []string{"Scope", "WithScope"} {
			keys := RequestKeys{Scope: func(*http.Request) string { return scope }}
			ctx := context.Background()
			if way == "WithScope" {
				keys.Scope, ctx = nil, WithScope(ctx, scope)
			}
			req := newRequest(t, "POST", "/y", "text/plain", "b").WithContext(ctx)
			if got, err := keys.RequestKey(req); err == nil || !strings.Contains(err.Error(), "NUL byte at offset "+strconv.Itoa(strings.IndexByte(scope, 0))) {
				t.Errorf("%s %q: RequestKey = %q, %v; want the NUL refused at its offset", way, scope, got, err)
			}
			var rec recorder
			body := &countingBody{r: strings.NewReader("b")}
			req = newRequest(t, "POST", "/y", "text/plain", "").WithContext(ctx)
			req.Body = body
			if _, err := keys.Middleware(req, rec.next); err == nil || rec.calls != 0 || body.closed != 1 {
				t.Errorf("%s %q: Middleware: err %v, %d calls of next, body closed %d times; want an error, none, once",
					way, scope, err, rec.calls, body.closed)
			}
		}
	}
}
