//go:build go1.24 && !race

package agentidemp

// randomKeyAllocs is the number of allocations of one RandomKey call. From
// Go 1.24 on, crypto/rand.Read keeps its argument on the stack when the
// default Reader is in use, so the only allocation is the returned string.
const randomKeyAllocs = 1
