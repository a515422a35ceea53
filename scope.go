// The scope of a request key: the caller's Scope function, else the one
// the request's context carries.

package agentidemp

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// WithScope returns a copy of ctx carrying scope, such as an agent-run ID
// and a turn, the scope of the keys of requests made with it where
// [RequestKeys.Scope] is nil; the innermost WithScope wins.
func WithScope(ctx context.Context, scope string) context.Context {
	return context.WithValue(ctx, scopeKey{}, scope)
}

// ScopeFromContext returns the scope that ctx carries from [WithScope], or "".
func ScopeFromContext(ctx context.Context) string {
	s, _ := ctx.Value(scopeKey{}).(string)
	return s
}

// scopeKey is the key of the scope among a context's values.
type scopeKey struct{}

// scope returns the scope of req: k.Scope's, else its context's. It fails
// for a scope holding a NUL byte, which could end where the method starts
// in the preimage: scope "a\x00POST\x00/x" with target "/y" and body b
// would hash as scope "a" with target "/x" and body "POST\x00/y\x00" || b.
func (k RequestKeys) scope(req *http.Request) (string, error) {
	var s string
	if k.Scope != nil {
		s = k.Scope(req)
	} else {
		s = ScopeFromContext(req.Context())
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", fmt.Errorf("agentidemp: the scope holds a NUL byte at offset %d, which could give two requests one key; encode it (as hex, say)", i)
	}
	return s, nil
}
