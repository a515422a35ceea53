// The limits of the JSON canonicalizer: how deep and how long a document
// it accepts.

package agentidemp

import "strconv"

// MaxJSONDepth is the deepest nesting of arrays and objects that
// [CanonicalJSON] accepts ([ErrTooDeep] beyond), encoding/json's limit.
const MaxJSONDepth = 10000

// MaxJSONLen is the longest input, in bytes, that [CanonicalJSON] accepts
// ([ErrTooLarge] beyond): 4 GiB − 1, or 2 GiB − 1 where int has 32 bits, so
// len(b) > MaxJSONLen compiles on every platform.
const MaxJSONLen = 1<<(31+strconv.IntSize/64) - 1

// tooLarge reports whether an input of n bytes is beyond MaxJSONLen.
func tooLarge(n int) bool { return uint64(n) > MaxJSONLen }
