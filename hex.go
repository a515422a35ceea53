// Hexadecimal digits in and out, and bytes named for error messages: shared
// by the keys, UUIDs and the JSON parser.

package agentidemp

import "strconv"

const hexDigits = "0123456789abcdef"

// hex8 returns the 8 lowercase hex digits of the bytes b0..b3, in that
// order, as the little-endian uint64 that stores them. It spreads the
// nibbles one to a byte, then adds '0' to each, and 'a'-'0'-10 more to those
// of 10 and above (a nibble n >= 10 is the one for which n+6 has bit 4 set).
func hex8(b0, b1, b2, b3 byte) uint64 {
	const lo = 0x000f000f000f000f
	t := uint64(b0) | uint64(b1)<<16 | uint64(b2)<<32 | uint64(b3)<<48
	x := t>>4&lo | (t&lo)<<8
	return x + '0'*0x0101010101010101 + (x+6*0x0101010101010101)>>4&0x0101010101010101*('a'-'0'-10)
}

// hexValue returns the value of hex digit c, or 0xff when c is none.
func hexValue(c byte) byte { return hexValues[c] }

// hexValues holds hexValue's answers: one load in place of three range
// tests, for text written in \u escapes.
var hexValues = func() (t [256]byte) {
	for c := range t {
		switch {
		case '0' <= c && c <= '9':
			t[c] = byte(c - '0')
		case 'a' <= c && c <= 'f':
			t[c] = byte(c - 'a' + 10)
		case 'A' <= c && c <= 'F':
			t[c] = byte(c - 'A' + 10)
		default:
			t[c] = 0xff
		}
	}
	return t
}()

// hex4 returns the value of the hex digits h[0:4], and whether all four
// are hex digits. h must hold at least four bytes.
func hex4(h []byte) (rune, bool) {
	_ = h[3] // one bounds check for the four
	d0, d1, d2, d3 := hexValue(h[0]), hexValue(h[1]), hexValue(h[2]), hexValue(h[3])
	return rune(d0)<<12 | rune(d1)<<8 | rune(d2)<<4 | rune(d3), d0|d1|d2|d3 <= 0x0f
}

// decodeHex4 returns the value of the hex digits that start h, at most
// four, and how many there are: n is 4 when h starts with four hex digits,
// and otherwise the index in h of the first byte that is not one, or len(h)
// when h ends first.
func decodeHex4(h []byte) (r rune, n int) {
	if len(h) >= 4 {
		if r, ok := hex4(h); ok {
			return r, 4
		}
	}
	for ; n < 4 && n < len(h); n++ {
		v := hexValue(h[n])
		if v > 0x0f {
			break
		}
		r = r<<4 | rune(v)
	}
	return r, n
}

// describeByte names the byte b for an error message: a quoted character
// when it is printable ASCII, its hex value otherwise.
func describeByte(b byte) string {
	if b >= 0x20 && b < 0x7f {
		return strconv.QuoteRune(rune(b))
	}
	return "byte 0x" + string(hexDigits[b>>4]) + string(hexDigits[b&0x0f])
}
