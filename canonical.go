// Canonical JSON (RFC 8785): CanonicalJSON, AppendCanonicalJSON, and the
// canonicalizer that ties the parse pass (parse*.go, sort.go) through the
// tape (tape.go) to the emit pass (emit*.go).

package agentidemp

import (
	"crypto/sha256"
	"hash"
)

// CanonicalJSON returns the RFC 8785 (JSON Canonicalization Scheme) form of
// the JSON text data, the same for every serialization of the same value, or
// nil and the *[JSONError] of a refused input (see [AppendCanonicalJSON]).
// A refused input costs no output memory.
func CanonicalJSON(data []byte) ([]byte, error) {
	c := getCanon(data)
	defer putCanon(c)
	if err := c.parse(); err != nil {
		return nil, err
	}
	return c.emit(make([]byte, 0, c.outBound())), nil
}

// AppendCanonicalJSON appends the RFC 8785 form of the JSON text data to dst
// and returns the extended buffer. dst and data must not overlap. On error it
// returns dst unchanged, not even its spare capacity written, and a
// *[JSONError].
//
// The input must be one RFC 8259 JSON value with optional whitespace around
// it. What a lenient reader could read two ways is refused: grammar faults,
// trailing data, truncated input, invalid UTF-8, lone surrogates, duplicate
// names, numbers beyond the double range, nesting beyond [MaxJSONDepth],
// input beyond [MaxJSONLen], and integer literals beyond 2^53 that are not
// the canonical form of their double, lest two requests differing in a large
// ID share a key. Of several faults the first in the input is reported; a
// duplicate name only when there is no other, at one of the duplicates
// (SPEC.md section 3.3 says which). SPEC.md section 3 defines the output
// and every refusal.
//
// Scratch memory is pooled up to about 128 MiB: once warm, and with room in
// dst, a call does not allocate (bench/README.md, "Memory").
func AppendCanonicalJSON(dst, data []byte) ([]byte, error) {
	c := getCanon(data)
	defer putCanon(c)
	if err := c.parse(); err != nil {
		return dst, err
	}
	return c.emit(dst), nil
}

// The canonicalizer works in two passes. parse validates the input,
// records every value on a tape and, as each object closes, sorts its
// members and records their order; every refusal happens here. emit walks
// the tape and writes the output, visiting each object's members in the
// recorded order; it cannot fail. Every input byte is thus read twice and
// written once, whatever the nesting; a string value with escapes that the
// canonical form rewrites is written in canonical form to scratch memory
// by the parse pass, which decodes each escape once, and copied from there.
type canon struct {
	in   []byte
	tape blockList[node]   // every value, in input order
	ord  blockList[uint32] // the member order of objects not already sorted
	// The stacks of the members, and of the unescaped names that needed
	// unescaping, of the objects being parsed.
	mem   []member
	names []byte
	// The canonical forms of the string values that have escapes to
	// rewrite (escDecoded nodes).
	text []byte
	dup  *JSONError // the first duplicate name, reported after the grammar
	// Recent member orders, by member count (see shape.go), allocated
	// when first needed.
	shapes *[shapeSlots]shape
	// growth is how many bytes the rewritten numbers may add to the output.
	growth int
	// The high-water marks of mem and names during this call.
	peakMem, peakNames int
	// strikes counts the calls in a row that used little of the scratch
	// memory held; see recycle.
	strikes int
	// pooled is the scratch memory counted in poolBudget while c is idle
	// in the pool.
	pooled int64

	// Streaming into a hash (see emit.go): h is nil when not streaming.
	// omit, when not nil, names members to leave out (see omit.go).
	h      hash.Hash
	omit   *omitList
	stream []byte
	sha    hash.Hash // the SHA-256 digest the keys reuse
	sum    [sha256.Size]byte

	loaded uint32 // where loadAhead puts what it loads; never read
}

func (c *canon) fail(kind error, at int, detail string) error {
	return &JSONError{Err: kind, Offset: at, Detail: detail}
}

// outBound returns the most bytes the canonical form of the parsed input
// can take: a string, literal or integer is never longer than in the input,
// and a rewritten number at most 25 bytes.
func (c *canon) outBound() int { return len(c.in) + c.growth }
