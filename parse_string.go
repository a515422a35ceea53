// The parse pass for strings: escapes, surrogate pairs and UTF-8; and the
// decoding of validated escapes, which unescapes member names for sorting
// and serves the emit pass.

package agentidemp

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// stops marks the bytes that end a run of text inside a JSON string: the
// control characters, '"' and '\\'. Every other byte, including those of
// multibyte UTF-8 characters, stands for itself once the run is valid UTF-8.
var stops = func() (t [256]bool) {
	for b := 0; b < 0x20; b++ {
		t[b] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// stopMask returns a word in which the high bit of byte k is set when byte
// k of x is a stop: a control character, '"' or '\\'. Each term sets the
// high bit of a byte that matches, and possibly of bytes above a match (a
// borrow only flags bytes above the one that caused it), so the lowest byte
// marked is the first stop; no term marks a byte of 0x80 or more that is
// not a match, as each is masked with the complement of the byte it tests.
func stopMask(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ ('"' * ones)
	b := x ^ ('\\' * ones)
	return ((x-0x20*ones)&^x | (q-ones)&^q | (b-ones)&^b) & highs
}

// str parses the string whose opening quote is at in[i]. It finds the end
// of each run of text 8 bytes at a time and checks a run that holds bytes
// of 0x80 or more with utf8.Valid, instead of decoding it a character at a
// time: no multibyte character holds a stop, so a run ends on a character
// boundary, or at the end of the input.
//
// A string value (value set) with a \u or \/ escape, which the canonical
// form rewrites, is written in canonical form to c.text as it is checked,
// from its first such escape on, so that each escape is decoded once; its
// node is then an escDecoded one. A member name is left in the input, as
// the member sort reads it there, and so is a value that would take c.text
// past maxText (see textRoom): the emit pass decodes those.
func (c *canon) str(i int, value bool) (int, error) {
	in := c.in
	start := i
	esc := escNone
	from := -1 // where the string starts in c.text once it is written there
	i++
	for {
		run := i
		var high uint64
		for {
			if len(in)-i < 8 {
				for i < len(in) && !stops[in[i]] {
					high |= uint64(in[i])
					i++
				}
				break
			}
			x := binary.LittleEndian.Uint64(in[i:])
			if m := stopMask(x); m != 0 {
				k := bits.TrailingZeros64(m) / 8
				high |= x & (1<<(8*k) - 1)
				i += k
				break
			}
			high |= x
			i += 8
		}
		if high&0x8080808080808080 != 0 && !utf8.Valid(in[run:i]) {
			return c.badRun(run, i)
		}
		if i >= len(in) {
			return i, c.fail(ErrUnexpectedEnd, i, "inside string")
		}
		if from >= 0 {
			if from = c.textRoom(from, i-run+1); from >= 0 {
				c.text = append(c.text, in[run:i]...)
			}
		}
		switch b := in[i]; {
		case b == '"':
			if from >= 0 {
				c.text = append(c.text, '"') // room made with the run
				c.push(nodeString, escDecoded, uint32(from), uint32(len(c.text)))
			} else {
				c.push(nodeString, esc, uint32(start), uint32(i+1))
			}
			return i + 1, nil
		case b == '\\':
			if i+1 < len(in) && (in[i+1] == 'u' || in[i+1] == '/') {
				esc = escRewrite
				if value && from < 0 {
					if from = c.textRoom(len(c.text), i-start); from >= 0 {
						c.text = append(c.text, in[start:i]...)
					}
				}
			}
			// A run of \u escapes of characters outside the surrogate
			// range, the bulk of text written in escapes, is checked here;
			// escape checks the others and reports every fault.
			if i+1 < len(in) && in[i+1] == 'u' {
				k := i
				for k+5 < len(in) && in[k] == '\\' && in[k+1] == 'u' {
					r, ok := hex4(in[k+2:])
					if !ok || utf16.IsSurrogate(r) {
						break
					}
					if from >= 0 {
						if from = c.textRoom(from, 6); from >= 0 {
							c.text = appendChar(c.text, r)
						}
					}
					k += 6
				}
				if k > i {
					i = k
					continue
				}
			}
			n, err := c.escape(i)
			if err != nil {
				return n, err
			}
			if from >= 0 {
				if from = c.textRoom(from, 6); from >= 0 {
					r, _ := decodeEscape(in[i:])
					c.text = appendChar(c.text, r)
				}
			} else if esc == escNone {
				esc = escKept
			}
			i = n
		default:
			return i, c.fail(ErrInvalidString, i, "raw control character "+describeByte(b)+", must be escaped")
		}
	}
}

// maxText bounds the bytes of decoded string values that c.text holds in
// a call, so that the scratch memory it takes stays bounded whatever the
// input (see bench/README.md, "Memory").
const maxText = 1 << 20

// textRoom makes room in c.text for n more bytes of the string whose
// canonical form starts there at from, and returns from. When that would
// take c.text past maxText bytes, it drops the string from c.text instead
// and returns -1: the string is then left in the input for the emit pass to
// decode. A decoded character takes at most 6 bytes (an escaped control
// character).
func (c *canon) textRoom(from, n int) int {
	if len(c.text)+n <= min(cap(c.text), maxText) {
		return from // the common case, inlined
	}
	return c.growText(from, n)
}

// growText is textRoom when c.text has no room for n more bytes, or when
// they would take it past maxText.
func (c *canon) growText(from, n int) int {
	if len(c.text)+n > maxText {
		c.text = c.text[:from]
		return -1
	}
	c.text = grow(c.text, n)
	return from
}

// badRun reports the first invalid UTF-8 sequence in in[run:end], a run of
// string text that utf8.Valid refused.
func (c *canon) badRun(run, end int) (int, error) {
	in := c.in
	for i := run; i < end; {
		if in[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(in[i:])
		if r == utf8.RuneError && size <= 1 {
			return c.badUTF8(i)
		}
		i += size
	}
	// Not reached: utf8.Valid refused the run, so one of its sequences is
	// invalid.
	return c.badUTF8(run)
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
	r, n := decodeHex4(c.in[i+2:])
	if k := i + 2 + n; n < 4 {
		if k >= len(c.in) {
			return 0, c.fail(ErrUnexpectedEnd, k, "inside \\u escape")
		}
		return 0, c.fail(ErrInvalidString, k, "unexpected "+describeByte(c.in[k])+" in \\u escape, want a hex digit")
	}
	return r, nil
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
		r, _ := hex4(s[2:])
		if utf16.IsSurrogate(r) {
			lo, _ := hex4(s[8:])
			return utf16.DecodeRune(r, lo), 12
		}
		return r, 6
	}
	return rune(s[1]), 2 // '"', '\\' or '/'
}
