//go:build !go1.24 || race

package agentidemp

// randomKeyAllocs is the number of allocations of one RandomKey call: one for
// the UUID's 16 bytes, which escape to the heap inside crypto/rand.Read, and
// one for the returned string. Before Go 1.24 crypto/rand.Read passes its
// argument to io.ReadFull on an interface; with the race detector the
// system reader's escape analysis still lets it leak on newer versions.
const randomKeyAllocs = 2
