// The errors of the JSON canonicalizer: their kinds, and the JSONError that
// carries the kind, the offset and a detail.

package agentidemp

import (
	"errors"
	"strconv"
)

// The kinds of error [CanonicalJSON] and the functions built on it return.
// Each error is a *[JSONError] whose Err is one of these, so a caller can
// match the kind with errors.Is and find the offset with errors.As.
var (
	// ErrUnexpectedEnd: the input ends inside a value, or is empty.
	ErrUnexpectedEnd = errors.New("agentidemp: unexpected end of JSON input")
	// ErrSyntax: a byte that RFC 8259's grammar does not allow where it
	// stands, such as a missing comma, a single quote, a comment or a
	// byte order mark.
	ErrSyntax = errors.New("agentidemp: invalid JSON syntax")
	// ErrTrailingData: the input holds more than one JSON value.
	ErrTrailingData = errors.New("agentidemp: data after the JSON value")
	// ErrInvalidNumber: a number that is not in RFC 8259's form: a leading
	// plus sign or zero, a missing digit, hexadecimal, an underscore, or a
	// number running into letters.
	ErrInvalidNumber = errors.New("agentidemp: invalid JSON number")
	// ErrNumberRange: a number too large for an IEEE-754 double, such as 1e400.
	ErrNumberRange = errors.New("agentidemp: JSON number out of double range")
	// ErrUnsafeInteger: an integer literal beyond 2^53 that is not the
	// canonical form of the double it reads as (see [CanonicalJSON]).
	ErrUnsafeInteger = errors.New("agentidemp: JSON integer beyond 2^53 not in canonical form")
	// ErrInvalidString: a raw control character (U+0000 to U+001F) in a
	// string, or an escape that is not one of RFC 8259's.
	ErrInvalidString = errors.New("agentidemp: invalid JSON string")
	// ErrInvalidUTF8: a string holds bytes that are not valid UTF-8
	// (including UTF-8-encoded surrogates and overlong forms).
	ErrInvalidUTF8 = errors.New("agentidemp: invalid UTF-8 in JSON string")
	// ErrLoneSurrogate: a \u escape of a UTF-16 surrogate that is not part
	// of a high-then-low pair.
	ErrLoneSurrogate = errors.New("agentidemp: lone surrogate escape in JSON string")
	// ErrDuplicateName: two names in one object are equal after unescaping.
	ErrDuplicateName = errors.New("agentidemp: duplicate JSON member name")
	// ErrTooDeep: arrays and objects nest deeper than MaxJSONDepth.
	ErrTooDeep = errors.New("agentidemp: JSON nested too deeply")
	// ErrTooLarge: the input is longer than MaxJSONLen.
	ErrTooLarge = errors.New("agentidemp: JSON input too large")
)

// A JSONError reports why a document was refused and where.
type JSONError struct {
	// Err is the kind of error: one of the Err values above.
	Err error
	// Offset is the byte offset in the input of the problem. For a byte
	// that cannot stand where it does (bad grammar, invalid UTF-8, a bad
	// escape) it is that byte's offset, or len(input) when the input ends
	// early. For a well-formed value that is refused (a number out of range,
	// an unsafe integer, a lone surrogate escape, a duplicate name, nesting
	// too deep) it is the offset of the value's first byte: the number's
	// first character, the escape's backslash, the name's opening quote, the
	// bracket one level too deep.
	Offset int
	// Detail says more about the problem, or is empty.
	Detail string
}

// Error returns the kind, the offset and the detail, for example
// `agentidemp: duplicate JSON member name at offset 8: "id"`.
func (e *JSONError) Error() string {
	s := e.Err.Error() + " at offset " + strconv.Itoa(e.Offset)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the kind of error, e.Err.
func (e *JSONError) Unwrap() error { return e.Err }
