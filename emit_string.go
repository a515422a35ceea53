// The emit pass for strings: RFC 8785's escapes, and unescaping names for
// sorting.

package agentidemp

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// emitString appends the canonical form of the string node n.
func (c *canon) emitString(out []byte, n *node) []byte {
	s := c.in[n.pos:n.end]
	if !n.esc {
		return c.put(out, s)
	}
	out = append(out, '"')
	s = s[1 : len(s)-1]
	for len(s) > 0 {
		out = c.spill(out)
		k := bytes.IndexByte(s, '\\')
		if k < 0 {
			out = c.put(out, s)
			break
		}
		out = c.put(out, s[:k])
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
