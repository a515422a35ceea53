//go:build !race

package agentidemp

// requestKeyAllocs is the number of allocations of RequestKey on a request
// with GetBody, once warm, whatever the size of the body: the request
// target from URL.RequestURI, the reader that GetBody returns, and the key
// string. -1 means not pinned.
const requestKeyAllocs = 3
