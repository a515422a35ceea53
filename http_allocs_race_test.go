//go:build race

package agentidemp

// requestKeyAllocs is not pinned under the race detector, whose sync.Pool
// drops a random share of the objects put back, so that the count varies
// from run to run.
const requestKeyAllocs = -1
