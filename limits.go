// The limits of the JSON canonicalizer: how deep and how long a document
// it accepts.

package agentidemp

import "strconv"

// MaxJSONDepth is the deepest nesting of arrays and objects that
// [CanonicalJSON] accepts; a deeper document returns an error matching
// [ErrTooDeep]. It is the limit of encoding/json's decoder, so every document
// that encoding/json can decode is shallow enough to pass.
const MaxJSONDepth = 10000

// MaxJSONLen is the largest input, in bytes, that [CanonicalJSON] accepts;
// a larger one returns an error matching [ErrTooLarge]. It is 1<<32 - 1
// (4 GiB − 1) where int has 64 bits, and 1<<31 - 1 (2 GiB − 1, the largest
// int) where int has 32 bits: there no slice is longer, since a length is an
// int, so no input is too large. Either way it fits in an int, so an
// expression such as len(b) > MaxJSONLen compiles on every platform.
const MaxJSONLen = 1<<(31+strconv.IntSize/64) - 1

// tooLarge reports whether an input of n bytes is beyond MaxJSONLen.
func tooLarge(n int) bool { return uint64(n) > MaxJSONLen }
