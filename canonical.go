package agentidemp

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

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

// Kinds of tape node.
const (
	nodeLiteral byte = iota // true, false, null, or a number written as is
	nodeFloat               // a number to rewrite, kept in canon.floats
	nodeString
	nodeArray
	nodeObject
)

// A node is one value on the tape. Containers are followed by their
// elements; an object's are its names and values, alternating.
// Offsets are 32 bits wide to keep the tape small, which bounds the input
// at MaxJSONLen bytes.
type node struct {
	pos uint32 // input offset of the value's first byte
	// end is, for a literal or string, the input offset just past the value;
	// for a container, the tape index just past its last element; for a
	// nodeFloat, the number's index in canon.floats.
	end  uint32
	kind byte
	esc  bool // nodeString: the string holds a backslash escape
}

// A member is an object member during emission. at is the tape index of
// its name; the value's node follows. The unescaped name is
// c.in[from:to], or c.names[from:to] when the name had escapes. Members
// hold offsets, not slices, so that a pooled canonicalizer keeps no
// reference to an earlier caller's input.
type member struct {
	at, from, to uint32
	unescaped    bool
}

type canon struct {
	in     []byte
	tape   []node
	floats []float64 // the values of nodeFloat numbers
	mem    []member  // stack of the members of the objects being emitted
	names  []byte    // stack of unescaped names that needed unescaping
	out    []byte    // the JSON keys' reusable output buffer
}

var canonPool = sync.Pool{New: func() any { return new(canon) }}

func getCanon(data []byte) *canon {
	c := canonPool.Get().(*canon)
	c.in = data
	return c
}

// maxPooled bounds the scratch memory a pooled canonicalizer keeps between
// calls, so that one huge document does not pin its memory for good.
const maxPooled = 1 << 22

func putCanon(c *canon) {
	c.in = nil
	c.tape = trim(c.tape, nodeSize)
	c.floats = trim(c.floats, 8)
	c.mem = trim(c.mem, memberSize)
	c.names = trim(c.names, 1)
	c.out = trim(c.out, 1)
	canonPool.Put(c)
}

// trim empties s for reuse, or drops it when it holds more than maxPooled
// bytes of elements of the given size.
func trim[E any](s []E, size int) []E {
	if cap(s)*size > maxPooled {
		return nil
	}
	return s[:0]
}

// The sizes of node and member in bytes, checked by a test.
const (
	nodeSize   = 12
	memberSize = 16
)

// MaxJSONLen is the largest input, in bytes, that [CanonicalJSON] accepts;
// a larger one returns an error matching [ErrTooLarge].
const MaxJSONLen = 1<<32 - 1

func (c *canon) fail(kind error, at int, detail string) error {
	return &JSONError{Err: kind, Offset: at, Detail: detail}
}

// parse checks that c.in is one JSON value with optional surrounding
// whitespace and fills c.tape.
func (c *canon) parse() error {
	if tooLarge(len(c.in)) {
		return c.fail(ErrTooLarge, 0, strconv.Itoa(len(c.in))+" bytes")
	}
	i := skipSpace(c.in, 0)
	i, err := c.value(i, 0)
	if err != nil {
		return err
	}
	if i = skipSpace(c.in, i); i < len(c.in) {
		return c.fail(ErrTrailingData, i, "unexpected "+describeByte(c.in[i]))
	}
	return nil
}

// tooLarge reports whether an input of n bytes is beyond MaxJSONLen.
func tooLarge(n int) bool { return uint64(n) > MaxJSONLen }

func skipSpace(in []byte, i int) int {
	for i < len(in) && (in[i] == ' ' || in[i] == '\n' || in[i] == '\r' || in[i] == '\t') {
		i++
	}
	return i
}

// value parses the value starting at in[i] (whitespace already skipped),
// at nesting depth depth, and returns the offset just past it.
func (c *canon) value(i, depth int) (int, error) {
	in := c.in
	if i >= len(in) {
		return i, c.fail(ErrUnexpectedEnd, i, "want a value")
	}
	switch b := in[i]; {
	case b == '"':
		return c.str(i)
	case b == '{':
		return c.object(i, depth+1)
	case b == '[':
		return c.array(i, depth+1)
	case b == '-' || '0' <= b && b <= '9':
		return c.number(i)
	case b == 't':
		return c.literal(i, "true")
	case b == 'f':
		return c.literal(i, "false")
	case b == 'n':
		return c.literal(i, "null")
	case b == '+' || b == '.':
		return i, c.fail(ErrInvalidNumber, i, "a number starts with '-' or a digit")
	default:
		return i, c.fail(ErrSyntax, i, "unexpected "+describeByte(b)+", want a value")
	}
}

func (c *canon) literal(i int, word string) (int, error) {
	in := c.in
	for k := 0; k < len(word); k++ {
		if i+k >= len(in) {
			return i + k, c.fail(ErrUnexpectedEnd, i+k, "inside "+word)
		}
		if in[i+k] != word[k] {
			return i + k, c.fail(ErrSyntax, i+k, "unexpected "+describeByte(in[i+k])+" in literal "+word)
		}
	}
	end := i + len(word)
	if end < len(in) && isNameByte(in[end]) {
		return end, c.fail(ErrSyntax, end, "unexpected "+describeByte(in[end])+" after literal "+word)
	}
	c.tape = append(c.tape, node{kind: nodeLiteral, pos: uint32(i), end: uint32(end)})
	return end, nil
}

func isNameByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

// open starts the container whose opening bracket is at in[i] and whose
// closing one is closer. It returns the container's tape index and the
// offset of its first element, or, for an empty container, the offset just
// past it with closed set.
func (c *canon) open(i, depth int, kind, closer byte) (at, next int, closed bool, err error) {
	if depth > MaxJSONDepth {
		return 0, i, false, c.fail(ErrTooDeep, i, "more than "+strconv.Itoa(MaxJSONDepth)+" levels")
	}
	at = len(c.tape)
	c.tape = append(c.tape, node{kind: kind, pos: uint32(i)})
	i = skipSpace(c.in, i+1)
	if i < len(c.in) && c.in[i] == closer {
		c.tape[at].end = uint32(len(c.tape))
		return at, i + 1, true, nil
	}
	return at, i, false, nil
}

// separator reads what follows an element of the container at tape index
// at, named where in messages: ',' and the next element's offset, or closer
// and the offset just past the container, with closed set.
func (c *canon) separator(i, at int, closer byte, where string) (next int, closed bool, err error) {
	in := c.in
	i = skipSpace(in, i)
	if i >= len(in) {
		return i, false, c.fail(ErrUnexpectedEnd, i, "inside "+where+", want ',' or '"+string(closer)+"'")
	}
	switch in[i] {
	case ',':
		return skipSpace(in, i+1), false, nil
	case closer:
		c.tape[at].end = uint32(len(c.tape))
		return i + 1, true, nil
	}
	return i, false, c.fail(ErrSyntax, i, "unexpected "+describeByte(in[i])+" in "+where+", want ',' or '"+string(closer)+"'")
}

func (c *canon) array(i, depth int) (int, error) {
	at, i, closed, err := c.open(i, depth, nodeArray, ']')
	for !closed && err == nil {
		if i, err = c.value(i, depth); err == nil {
			i, closed, err = c.separator(i, at, ']', "array")
		}
	}
	return i, err
}

func (c *canon) object(i, depth int) (int, error) {
	in := c.in
	at, i, closed, err := c.open(i, depth, nodeObject, '}')
	for !closed && err == nil {
		if i >= len(in) {
			return i, c.fail(ErrUnexpectedEnd, i, "inside object, want a member name")
		}
		if in[i] != '"' {
			return i, c.fail(ErrSyntax, i, "unexpected "+describeByte(in[i])+" in object, want a member name")
		}
		if i, err = c.str(i); err != nil {
			return i, err
		}
		i = skipSpace(in, i)
		if i >= len(in) {
			return i, c.fail(ErrUnexpectedEnd, i, "inside object, want ':'")
		}
		if in[i] != ':' {
			return i, c.fail(ErrSyntax, i, "unexpected "+describeByte(in[i])+" after member name, want ':'")
		}
		if i, err = c.value(skipSpace(in, i+1), depth); err == nil {
			i, closed, err = c.separator(i, at, '}', "object")
		}
	}
	return i, err
}

// plain marks the bytes that stand for themselves inside a JSON string:
// printable ASCII other than '"' and '\\'.
var plain = func() (t [256]bool) {
	for b := 0x20; b < 0x80; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

// hasSpecial reports whether any of the 8 bytes in x is not plain: a control
// character, '"', '\\' or a byte of 0x80 or more. Each term sets the high bit
// of a byte that matches (and possibly of bytes above a match, which does
// not matter for "any").
func hasSpecial(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ ('"' * ones)
	b := x ^ ('\\' * ones)
	return (x|(x-0x20*ones)|(q-ones)&^q|(b-ones)&^b)&highs != 0
}

// str parses the string whose opening quote is at in[i].
func (c *canon) str(i int) (int, error) {
	in := c.in
	start := i
	esc := false
	i++
	for {
		for i+8 <= len(in) && !hasSpecial(binary.LittleEndian.Uint64(in[i:])) {
			i += 8
		}
		for i < len(in) && plain[in[i]] {
			i++
		}
		if i >= len(in) {
			return i, c.fail(ErrUnexpectedEnd, i, "inside string")
		}
		switch b := in[i]; {
		case b == '"':
			c.tape = append(c.tape, node{kind: nodeString, esc: esc, pos: uint32(start), end: uint32(i + 1)})
			return i + 1, nil
		case b == '\\':
			esc = true
			n, err := c.escape(i)
			if err != nil {
				return n, err
			}
			i = n
		case b < 0x20:
			return i, c.fail(ErrInvalidString, i, "raw control character "+describeByte(b)+", must be escaped")
		default:
			r, size := utf8.DecodeRune(in[i:])
			if r == utf8.RuneError && size <= 1 {
				return c.badUTF8(i)
			}
			i += size
		}
	}
}

// badUTF8 reports the invalid UTF-8 sequence that starts at in[i]: the
// offset is that of the first byte that no valid sequence can hold there,
// and a sequence cut short by the end of the input is ErrUnexpectedEnd.
// The ranges are those of the Unicode Standard's table 3-7.
func (c *canon) badUTF8(i int) (int, error) {
	in := c.in
	lead := in[i]
	n, lo, hi := 0, byte(0x80), byte(0xbf)
	switch {
	case 0xc2 <= lead && lead <= 0xdf:
		n = 2
	case 0xe0 <= lead && lead <= 0xef:
		n = 3
		if lead == 0xe0 {
			lo = 0xa0 // no overlong forms
		} else if lead == 0xed {
			hi = 0x9f // no surrogates
		}
	case 0xf0 <= lead && lead <= 0xf4:
		n = 4
		if lead == 0xf0 {
			lo = 0x90 // no overlong forms
		} else if lead == 0xf4 {
			hi = 0x8f // nothing above U+10FFFF
		}
	default:
		return i, c.fail(ErrInvalidUTF8, i, describeByte(lead)+" cannot start a character")
	}
	for k := 1; k < n; k++ {
		if i+k >= len(in) {
			return i + k, c.fail(ErrUnexpectedEnd, i+k, "inside a UTF-8 sequence")
		}
		if b := in[i+k]; b < lo || b > hi {
			return i + k, c.fail(ErrInvalidUTF8, i+k, describeByte(b)+" after "+describeByte(lead))
		}
		lo, hi = 0x80, 0xbf
	}
	// Not reached: utf8.DecodeRune refused the sequence, so one of the
	// checks above fails.
	return i, c.fail(ErrInvalidUTF8, i, describeByte(lead))
}

// escape checks the escape sequence whose backslash is at in[i] and returns
// the offset just past it; a \u escape of a high surrogate must be followed
// by one of a low surrogate.
func (c *canon) escape(i int) (int, error) {
	in := c.in
	if i+1 >= len(in) {
		return i + 1, c.fail(ErrUnexpectedEnd, i+1, "inside escape")
	}
	switch in[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i + 2, nil
	case 'u':
	default:
		return i + 1, c.fail(ErrInvalidString, i+1, "invalid escape character "+describeByte(in[i+1]))
	}
	r, err := c.hex4(i)
	if err != nil {
		return i, err
	}
	switch {
	case r < 0xd800 || r > 0xdfff:
		return i + 6, nil
	case r >= 0xdc00:
		return i, c.fail(ErrLoneSurrogate, i, "low surrogate without a high one before it")
	}
	if i+6 >= len(in) || in[i+6] != '\\' || i+7 >= len(in) || in[i+7] != 'u' {
		if i+7 >= len(in) && (i+6 >= len(in) || in[i+6] == '\\') {
			return len(in), c.fail(ErrUnexpectedEnd, len(in), "inside surrogate pair")
		}
		return i, c.fail(ErrLoneSurrogate, i, "high surrogate without a low one after it")
	}
	lo, err := c.hex4(i + 6)
	if err != nil {
		return i + 6, err
	}
	if lo < 0xdc00 || lo > 0xdfff {
		return i, c.fail(ErrLoneSurrogate, i, "high surrogate without a low one after it")
	}
	return i + 12, nil
}

// hex4 reads the four hex digits of the \u escape whose backslash is at in[i].
func (c *canon) hex4(i int) (rune, error) {
	in := c.in
	var r rune
	for k := i + 2; k < i+6; k++ {
		if k >= len(in) {
			return 0, c.fail(ErrUnexpectedEnd, k, "inside \\u escape")
		}
		v := hexValue(in[k])
		if v > 0x0f {
			return 0, c.fail(ErrInvalidString, k, "unexpected "+describeByte(in[k])+" in \\u escape, want a hex digit")
		}
		r = r<<4 | rune(v)
	}
	return r, nil
}

// maxExact is 2^53 in decimal: every integer of at most this magnitude is
// exactly a double.
const maxExact = "9007199254740992"

// number parses the number starting at in[i].
func (c *canon) number(i int) (int, error) {
	in := c.in
	start := i
	if in[i] == '-' {
		i++
	}
	digits := i
	switch {
	case i >= len(in):
		return i, c.fail(ErrUnexpectedEnd, i, "inside number")
	case in[i] == '0':
		i++
	case '1' <= in[i] && in[i] <= '9':
		for i < len(in) && '0' <= in[i] && in[i] <= '9' {
			i++
		}
	default:
		return i, c.fail(ErrInvalidNumber, i, "unexpected "+describeByte(in[i])+", want a digit")
	}
	intEnd := i
	var err error
	if i < len(in) && in[i] == '.' {
		if i, err = c.digits(i + 1); err != nil {
			return i, err
		}
	}
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		i++
		if i < len(in) && (in[i] == '+' || in[i] == '-') {
			i++
		}
		if i, err = c.digits(i); err != nil {
			return i, err
		}
	}
	if i < len(in) && (isNameByte(in[i]) || in[i] == '.' || in[i] == '+' || in[i] == '-') {
		return i, c.fail(ErrInvalidNumber, i, "unexpected "+describeByte(in[i])+" in number")
	}
	lit := in[start:i]
	if i == intEnd && !(len(lit) == 2 && lit[0] == '-' && lit[1] == '0') {
		// An integer: written as is when it is exact as a double, or when it
		// is already the canonical form of the double it reads as.
		n := intEnd - digits
		if n > len(maxExact) || n == len(maxExact) && string(in[digits:intEnd]) > maxExact {
			f, err := strconv.ParseFloat(string(lit), 64)
			if err != nil {
				return start, c.fail(ErrNumberRange, start, "")
			}
			var buf [32]byte
			if !bytes.Equal(appendNumber(buf[:0], f), lit) {
				return start, c.fail(ErrUnsafeInteger, start, "a double reads it as "+string(appendNumber(buf[:0], f)))
			}
		}
		c.tape = append(c.tape, node{kind: nodeLiteral, pos: uint32(start), end: uint32(i)})
		return i, nil
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil {
		return start, c.fail(ErrNumberRange, start, "")
	}
	c.tape = append(c.tape, node{kind: nodeFloat, pos: uint32(start), end: uint32(len(c.floats))})
	c.floats = append(c.floats, f)
	return i, nil
}

// digits reads the one or more digits that must start at in[i].
func (c *canon) digits(i int) (int, error) {
	in := c.in
	if i >= len(in) {
		return i, c.fail(ErrUnexpectedEnd, i, "inside number, want a digit")
	}
	if in[i] < '0' || in[i] > '9' {
		return i, c.fail(ErrInvalidNumber, i, "unexpected "+describeByte(in[i])+", want a digit")
	}
	for i < len(in) && '0' <= in[i] && in[i] <= '9' {
		i++
	}
	return i, nil
}

// canonicalize appends the canonical form of c.in to out.
func (c *canon) canonicalize(out []byte) ([]byte, error) {
	if err := c.parse(); err != nil {
		return out, err
	}
	return c.emit(out)
}

// emit appends the canonical form of the parsed value to out.
func (c *canon) emit(out []byte) ([]byte, error) {
	out, _, err := c.emitValue(out, 0)
	return out, err
}

// emitValue appends the canonical form of the value at tape index at and
// returns the index just past it.
func (c *canon) emitValue(out []byte, at int) ([]byte, int, error) {
	n := c.tape[at]
	switch n.kind {
	case nodeLiteral:
		return append(out, c.in[n.pos:n.end]...), at + 1, nil
	case nodeFloat:
		return appendNumber(out, c.floats[n.end]), at + 1, nil
	case nodeString:
		return c.emitString(out, n), at + 1, nil
	case nodeArray:
		out = append(out, '[')
		var err error
		for i := at + 1; i < int(n.end); {
			if i > at+1 {
				out = append(out, ',')
			}
			if out, i, err = c.emitValue(out, i); err != nil {
				return out, 0, err
			}
		}
		return append(out, ']'), int(n.end), nil
	default:
		return c.emitObject(out, at)
	}
}

// next returns the tape index just past the value at index at.
func (c *canon) next(at int) int {
	if k := c.tape[at].kind; k == nodeArray || k == nodeObject {
		return int(c.tape[at].end)
	}
	return at + 1
}

func (c *canon) emitObject(out []byte, at int) ([]byte, int, error) {
	end := int(c.tape[at].end)
	base, namesBase := len(c.mem), len(c.names)
	for i := at + 1; i < end; i = c.next(i + 1) {
		n := c.tape[i]
		m := member{at: uint32(i), from: n.pos + 1, to: n.end - 1}
		if n.esc {
			from := len(c.names)
			c.names = appendUnescaped(c.names, c.in[m.from:m.to])
			m = member{at: uint32(i), from: uint32(from), to: uint32(len(c.names)), unescaped: true}
		}
		c.mem = append(c.mem, m)
	}
	ms := c.mem[base:]
	cmp := func(a, b member) int { return compareUTF16(c.name(a), c.name(b)) }
	sorted := true
	for k := 1; k < len(ms) && sorted; k++ {
		sorted = cmp(ms[k-1], ms[k]) < 0
	}
	if !sorted {
		slices.SortFunc(ms, cmp)
		for k := 1; k < len(ms); k++ {
			if cmp(ms[k-1], ms[k]) == 0 {
				later := max(c.tape[ms[k-1].at].pos, c.tape[ms[k].at].pos)
				return out, 0, c.fail(ErrDuplicateName, int(later), strconv.Quote(string(c.name(ms[k]))))
			}
		}
	}
	out = append(out, '{')
	var err error
	for k := base; k < base+len(ms); k++ {
		if k > base {
			out = append(out, ',')
		}
		name := int(c.mem[k].at)
		out = c.emitString(out, c.tape[name])
		out = append(out, ':')
		if out, _, err = c.emitValue(out, name+1); err != nil {
			return out, 0, err
		}
	}
	c.mem, c.names = c.mem[:base], c.names[:namesBase]
	return append(out, '}'), end, nil
}

// name returns the unescaped name of m.
func (c *canon) name(m member) []byte {
	if m.unescaped {
		return c.names[m.from:m.to]
	}
	return c.in[m.from:m.to]
}

// compareUTF16 compares two valid UTF-8 strings by their UTF-16 code units,
// as RFC 8785 sorts member names. UTF-8 byte order is code point order,
// which differs from UTF-16 order only between U+E000..U+FFFF and the
// supplementary planes: UTF-16 puts the latter first, as surrogates.
func compareUTF16(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for ; i+8 <= n; i += 8 {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]); x != 0 {
			i += bits.TrailingZeros64(x) / 8
			break
		}
	}
	for i < n && a[i] == b[i] {
		i++
	}
	if i == n {
		return len(a) - len(b)
	}
	x, y := a[i], b[i]
	// Both differ at the start of a character, or both inside characters
	// with the same lead byte. Only leads 0xEE/0xEF (U+E000..U+FFFF) against
	// 0xF0..0xF4 (supplementary) order otherwise in UTF-16.
	switch {
	case x >= 0xf0 && (y == 0xee || y == 0xef):
		return -1
	case y >= 0xf0 && (x == 0xee || x == 0xef):
		return 1
	}
	return int(x) - int(y)
}

// emitString appends the canonical form of the string node n.
func (c *canon) emitString(out []byte, n node) []byte {
	s := c.in[n.pos:n.end]
	if !n.esc {
		return append(out, s...)
	}
	out = append(out, '"')
	s = s[1 : len(s)-1]
	for len(s) > 0 {
		k := bytes.IndexByte(s, '\\')
		if k < 0 {
			out = append(out, s...)
			break
		}
		out = append(out, s[:k]...)
		r, size := decodeEscape(s[k:])
		s = s[k+size:]
		switch {
		case r == '"' || r == '\\':
			out = append(out, '\\', byte(r))
		case r < 0x20:
			out = appendControl(out, byte(r))
		default:
			out = utf8.AppendRune(out, r)
		}
	}
	return append(out, '"')
}

// appendControl appends RFC 8785's escape of the control character b.
func appendControl(out []byte, b byte) []byte {
	switch b {
	case '\b':
		return append(out, '\\', 'b')
	case '\f':
		return append(out, '\\', 'f')
	case '\n':
		return append(out, '\\', 'n')
	case '\r':
		return append(out, '\\', 'r')
	case '\t':
		return append(out, '\\', 't')
	}
	return append(out, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0x0f])
}

// appendUnescaped appends the characters of the validated string content s
// (without its quotes) as UTF-8.
func appendUnescaped(out, s []byte) []byte {
	for len(s) > 0 {
		k := bytes.IndexByte(s, '\\')
		if k < 0 {
			return append(out, s...)
		}
		out = append(out, s[:k]...)
		r, size := decodeEscape(s[k:])
		out = utf8.AppendRune(out, r)
		s = s[k+size:]
	}
	return out
}

// decodeEscape decodes the validated escape sequence at the start of s and
// returns its character and length; a surrogate pair is one character.
func decodeEscape(s []byte) (rune, int) {
	switch s[1] {
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r := hex4Value(s[2:6])
		if utf16.IsSurrogate(r) {
			return utf16.DecodeRune(r, hex4Value(s[8:12])), 12
		}
		return r, 6
	}
	return rune(s[1]), 2 // '"', '\\' or '/'
}

func hex4Value(h []byte) rune {
	return rune(hexValue(h[0]))<<12 | rune(hexValue(h[1]))<<8 | rune(hexValue(h[2]))<<4 | rune(hexValue(h[3]))
}

// describeByte names the byte b for an error message: a quoted character
// when it is printable ASCII, its hex value otherwise.
func describeByte(b byte) string {
	if b >= 0x20 && b < 0x7f {
		return strconv.QuoteRune(rune(b))
	}
	return "byte 0x" + string(hexDigits[b>>4]) + string(hexDigits[b&0x0f])
}
