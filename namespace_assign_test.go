package agentidemp

import (
	"net/http"
	"testing"
)

// TestNamespaceAssignment checks that assigning to the exported namespace
// variables changes no key that the package computes itself: the UUID
// request keys of the golden vectors stay as Python computed them.
func TestNamespaceAssignment(t *testing.T) {
	exported := []*UUID{&NamespaceDNS, &NamespaceURL, &NamespaceOID, &NamespaceX500, &NamespaceAnthropic}
	for i, p := range exported {
		saved := *p
		t.Cleanup(func() { *p = saved })
		*p = UUID{15: byte(i + 1)}
	}
	v := loadVectors(t)
	if len(v.HTTPRequest) == 0 {
		t.Fatal("no http_request rows")
	}
	for i, r := range v.HTTPRequest {
		scope := string(r.Scope)
		keys := RequestKeys{Shape: UUIDKey, Scope: func(*http.Request) string { return scope }}
		req := vectorRequest(t, r.Method, r.Target, r.ContentType, r.Body, "GetBody")
		if got, err := keys.RequestKey(req); err != nil || got != r.UUIDKey {
			t.Errorf("row %d (%s): with the namespaces assigned, RequestKey = %q, %v; want %s",
				i, r.Comment, got, err, r.UUIDKey)
		}
	}
}
