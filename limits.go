// The limits of the JSON canonicalizer: how deep and how long a document
// it accepts.

package agentidemp

import "strconv"

// MaxJSONDepth is the deepest nesting of arrays and objects that
// [CanonicalJSON] accepts; a deeper document returns an error matching
// [ErrTooDeep]. It is encoding/json's limit: every document that
// encoding/json decodes passes it.
const MaxJSONDepth = 10000

// MaxJSONLen is the largest input, in bytes, that [CanonicalJSON] accepts;
// a larger one returns an error matching [ErrTooLarge]. It is 1<<32 - 1
// (4 GiB − 1) where int has 64 bits and 1<<31 - 1 (2 GiB − 1, the largest
// int) where it has 32, so len(b) > MaxJSONLen compiles on every platform.
const MaxJSONLen = 1<<(31+strconv.IntSize/64) - 1

// tooLarge reports whether an input of n bytes is beyond MaxJSONLen.
func tooLarge(n int) bool { return uint64(n) > MaxJSONLen }
