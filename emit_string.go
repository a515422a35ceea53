// The emit pass for strings: RFC 8785's escapes.

package agentidemp

import (
	"bytes"
	"unicode/utf8"
)

// emitString appends the canonical form of the string node n. A string
// without escapes, or with only those the canonical form keeps (escKept),
// is copied as it is.
func (c *canon) emitString(out []byte, n *node) []byte {
	s := c.in[n.pos:n.end]
	if n.esc != escRewrite {
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
