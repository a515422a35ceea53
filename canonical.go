// Canonical JSON (RFC 8785): CanonicalJSON, AppendCanonicalJSON, and the
// canonicalizer that ties the parse pass (parse*.go, sort.go) through the
// tape (tape.go) to the emit pass (emit*.go).

package agentidemp

import (
	"crypto/sha256"
	"hash"
)

// CanonicalJSON returns the RFC 8785 (JSON Canonicalization Scheme) form of
// the JSON text data: the one byte sequence that every serialization of the
// same JSON value shares. On error it returns nil and a *[JSONError].
//
// It validates the whole input before it allocates the result, once, with
// room for the canonical form: a refused input costs no output memory.
func CanonicalJSON(data []byte) ([]byte, error) {
	c := getCanon(data)
	defer putCanon(c)
	if err := c.parse(); err != nil {
		return nil, err
	}
	return c.emit(make([]byte, 0, c.outBound())), nil
}

// AppendCanonicalJSON appends the RFC 8785 form of the JSON text data to dst
// and returns the extended buffer. dst and data must not overlap. On error
// it returns dst unchanged (nothing is written, not even to its spare
// capacity) and a *[JSONError].
//
// The output has no whitespace; object members are sorted by the UTF-16 code
// units of their unescaped names; numbers are written as ECMAScript's
// Number.prototype.toString writes them (shortest round-trip digits, -0 as
// 0); strings are raw UTF-8 with only `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
// `\t` and lowercase \u00xx escapes for the other control characters.
//
// Input must be exactly one JSON value as RFC 8259 defines it, optionally
// surrounded by whitespace; anything else is refused rather than guessed at,
// since a lenient reading could give two different requests one key:
//
//   - grammar violations, trailing data and truncated input;
//   - invalid UTF-8 anywhere, raw control characters in strings, and \u
//     escapes of lone or reversed UTF-16 surrogates;
//   - duplicate member names, compared after unescaping;
//   - numbers outside the range of an IEEE-754 double, such as 1e400;
//   - nesting deeper than [MaxJSONDepth], input longer than [MaxJSONLen].
//
// When an input has several faults, the first in the input is reported,
// except that duplicate names are reported only when there is no other
// fault: then the duplicate that comes first in the input.
//
// An integer literal (no fraction, no exponent) whose magnitude exceeds
// 2^53 is refused with [ErrUnsafeInteger] unless it is already the
// canonical form of the double it reads as (as 9007199254740994 and
// 123456789012345680000 are): beyond 2^53 a double does not hold every
// integer, so two requests differing only in a large ID would share a key
// (the README's "The integer rule"). A number written with a fraction or
// an exponent is read as a double, as RFC 8785 says: 1.0 and 1
// canonicalize alike.
//
// Number literals of any length, whatever their digits or exponent, are
// read to their nearest double without allocating. Scratch memory is
// pooled across calls up to a budget of about 128 MiB in all: once warm,
// and given enough capacity in dst, a call on a document whose scratch fits
// the budget does not allocate. The README's "Memory" section gives the
// scratch memory of a document and when the pool drops it.
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
	h      hash.Hash
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
