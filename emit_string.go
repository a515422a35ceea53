// The emit pass for strings: RFC 8785's escapes.

package agentidemp

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// emitString appends the canonical form of the string node n. A string
// without escapes, or with only those the canonical form keeps (escKept),
// is copied as it is, and a string value that the parse pass decoded
// (escDecoded) is copied from c.text. Otherwise, for a member name or a
// value that did not fit in c.text (escRewrite), each run of text between
// escapes is copied as it is, and each escape is decoded and written in
// canonical form.
func (c *canon) emitString(out []byte, n *node) []byte {
	if n.esc == escDecoded {
		return c.put(out, c.text[n.pos:n.end])
	}
	s := c.in[n.pos:n.end]
	if n.esc != escRewrite {
		return c.put(out, s)
	}
	out = append(out, '"')
	s = s[1 : len(s)-1]
	for len(s) > 0 {
		out = c.spill(out)
		if s[0] != '\\' {
			k := indexBackslash(s)
			out = c.put(out, s[:k])
			s = s[k:]
			continue
		}
		r, size := decodeEscape(s)
		out = appendChar(out, r)
		s = s[size:]
	}
	return append(out, '"')
}

// appendChar appends the canonical form of the character r inside a string.
func appendChar(out []byte, r rune) []byte {
	switch {
	case r >= utf8.RuneSelf:
		return utf8.AppendRune(out, r)
	case r == '"' || r == '\\':
		return append(out, '\\', byte(r))
	case r < 0x20:
		return appendControl(out, byte(r))
	}
	return append(out, byte(r))
}

// indexBackslash returns the index of the first '\\' in s, or len(s) when
// there is none. Text between escapes is often a few bytes long, shorter
// than bytes.IndexByte takes to start, so the first 16 bytes are tested
// 8 at a time here: of the bytes flagged in a word, the lowest is a
// backslash (a borrow only flags bytes above the one that caused it).
func indexBackslash(s []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s) && i < 16; i += 8 {
		x := binary.LittleEndian.Uint64(s[i:]) ^ '\\'*ones
		if m := (x - ones) &^ x & highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	if k := bytes.IndexByte(s[i:], '\\'); k >= 0 {
		return i + k
	}
	return len(s)
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
