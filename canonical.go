// Canonical JSON (RFC 8785): CanonicalJSON, AppendCanonicalJSON, and the
// canonicalizer that ties the parse pass (parse*.go) to the emit pass
// (emit*.go, sort.go).

package agentidemp

// CanonicalJSON returns the RFC 8785 (JSON Canonicalization Scheme) form of
// the JSON text data: the one byte sequence that every serialization of the
// same JSON value shares. It is [AppendCanonicalJSON] into a new buffer of
// len(data) bytes' capacity, which the canonical form rarely exceeds; on
// error it returns nil.
func CanonicalJSON(data []byte) ([]byte, error) {
	out, err := AppendCanonicalJSON(make([]byte, 0, len(data)), data)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AppendCanonicalJSON appends the RFC 8785 form of the JSON text data to dst
// and returns the extended buffer. dst and data must not overlap. On error
// it returns dst, its length and contents as given (bytes of its spare
// capacity may have been written), and a *[JSONError].
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
// RFC 8785 reads every number as an IEEE-754 double, and a double holds every
// integer only up to 2^53, so 9007199254740993 would canonicalize like
// 9007199254740992 and two requests differing only in a large ID or seed
// would share a key. An integer literal (no fraction, no exponent) whose
// magnitude exceeds 2^53 is therefore refused with [ErrUnsafeInteger] unless
// it is already the canonical form of the double it reads as (as
// 9007199254740994 and 123456789012345680000 are). Send such IDs as strings.
// A number written with a fraction or an exponent is read as a double, as
// RFC 8785 says: 1.0, 1e0 and 1 canonicalize alike.
//
// Its scratch memory, 12 to 28 bytes for each value in the document, is
// pooled across calls: once warm, and given enough capacity in dst, it does
// not allocate for documents of up to about 250,000 values (counting each
// member name as a value), whatever their size in bytes. Larger documents
// get fresh scratch memory on every call.
// The one other allocation is a temporary string for each number literal
// longer than 32 bytes (more digits than a double can use).
func AppendCanonicalJSON(dst, data []byte) ([]byte, error) {
	c := getCanon(data)
	defer putCanon(c)
	out, err := c.canonicalize(dst)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// The canonicalizer works in two passes. parse validates the input and
// records every value on a tape; emit walks the tape and writes the output,
// visiting the members of each object in sorted order. Every input byte is
// thus read twice and written once, whatever the nesting. Besides the
// output, memory grows with the input only through the tape (12 bytes a
// value), the sort scratch and the unescaped names, all reused across calls.

type canon struct {
	in     []byte
	tape   []node
	floats []float64 // the values of nodeFloat numbers
	mem    []member  // stack of the members of the objects being emitted
	names  []byte    // stack of unescaped names that needed unescaping
	out    []byte    // the JSON keys' reusable output buffer
}

func (c *canon) fail(kind error, at int, detail string) error {
	return &JSONError{Err: kind, Offset: at, Detail: detail}
}

// canonicalize appends the canonical form of c.in to out.
func (c *canon) canonicalize(out []byte) ([]byte, error) {
	if err := c.parse(); err != nil {
		return out, err
	}
	return c.emit(out)
}
