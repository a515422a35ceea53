//go:build !race

package agentidemp

// requestKeyAllocs is the number of allocations of RequestKey on a request
// with GetBody, once warm, whatever the size of the body: the request
// target from URL.RequestURI, the two readers that GetBody returns (one to
// hash, one put in place of req.Body) with their io.NopCloser wrappers, and
// the key string.
const requestKeyAllocs = 5
