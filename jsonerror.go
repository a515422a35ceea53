// The errors of the JSON canonicalizer: their kinds, and the JSONError that
// carries the kind, the offset and a detail.

package agentidemp

import (
	"errors"
	"strconv"
)

// The kinds of error [CanonicalJSON] and the functions built on it return.
// Each error is a *[JSONError] whose Err is one of these, so a caller can
// match the kind with errors.Is and find the offset with errors.As. SPEC.md
// section 3.2 lists the inputs of each kind, and 3.3 which fault is
// reported, at which offset.
var (
	// ErrUnexpectedEnd: the input ends inside a value, or is empty.
	ErrUnexpectedEnd = errors.New("agentidemp: unexpected end of JSON input")
	// ErrSyntax: a byte that RFC 8259's grammar does not allow where it stands.
	ErrSyntax = errors.New("agentidemp: invalid JSON syntax")
	// ErrTrailingData: the input holds more than one JSON value.
	ErrTrailingData = errors.New("agentidemp: data after the JSON value")
	// ErrInvalidNumber: a number not in RFC 8259's form, such as +1 or 01.
	ErrInvalidNumber = errors.New("agentidemp: invalid JSON number")
	// ErrNumberRange: a number too large for an IEEE-754 double, such as 1e400.
	ErrNumberRange = errors.New("agentidemp: JSON number out of double range")
	// ErrUnsafeInteger: an integer literal beyond 2^53 not in canonical form.
	ErrUnsafeInteger = errors.New("agentidemp: JSON integer beyond 2^53 not in canonical form")
	// ErrInvalidString: a raw control character or an unknown escape in a string.
	ErrInvalidString = errors.New("agentidemp: invalid JSON string")
	// ErrInvalidUTF8: a string holds bytes that are not well-formed UTF-8.
	ErrInvalidUTF8 = errors.New("agentidemp: invalid UTF-8 in JSON string")
	// ErrLoneSurrogate: a \u surrogate escape not in a high-then-low pair.
	ErrLoneSurrogate = errors.New("agentidemp: lone surrogate escape in JSON string")
	// ErrDuplicateName: two names in one object equal after unescaping.
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
	// Offset is the byte offset of the problem: the offending byte,
	// len(input) when the input ends early, or the first byte of a refused
	// value, for a duplicate name the opening quote of one of the
	// duplicates (SPEC.md section 3.3 says which).
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
