// Scoped keys: a scope and parts joined by 0x00 bytes, hashed as one.

package agentidemp

import "crypto/sha256"

// ScopedSha256Hex returns Sha256Hex(scope || 0x00 || content), 35 bytes
// matching ^ik_[0-9a-f]{32}$: ScopedKey with one part.
func ScopedSha256Hex(scope string, content []byte) string {
	var b [HexKeyLen]byte
	sum := scopedSum(scope, [][]byte{content})
	encodeHexKey(&b, &sum)
	return string(b[:])
}

// AppendScopedSha256Hex appends [ScopedSha256Hex](scope, content) to dst. It
// does not allocate when dst has room for HexKeyLen more bytes.
func AppendScopedSha256Hex(dst []byte, scope string, content []byte) []byte {
	var b [HexKeyLen]byte
	sum := scopedSum(scope, [][]byte{content})
	encodeHexKey(&b, &sum)
	return append(dst, b[:]...)
}

// ScopedKey returns Sha256Hex(scope || 0x00 || part1 || ... || 0x00 ||
// partN), agentidemp-py's scoped_key, 35 bytes matching ^ik_[0-9a-f]{32}$;
// with no part, Sha256Hex(scope). The separator is not escaped: different
// inputs get different keys only when the scope and every part but the last
// hold no NUL byte (SPEC.md section 2.1), so encode those that may, as hex.
func ScopedKey(scope string, parts ...string) string {
	var b [HexKeyLen]byte
	sum := scopedSum(scope, parts)
	encodeHexKey(&b, &sum)
	return string(b[:])
}

// AppendScopedKey appends [ScopedKey](scope, parts...) to dst. It does not
// allocate when dst has room for HexKeyLen more bytes.
func AppendScopedKey(dst []byte, scope string, parts ...string) []byte {
	var b [HexKeyLen]byte
	sum := scopedSum(scope, parts)
	encodeHexKey(&b, &sum)
	return append(dst, b[:]...)
}

// scopedSum returns SHA-256(scope || (0x00 || part)*). The layout is
// gathered in a stack buffer and hashed a bufferful at a time, so no input
// is ever copied to the heap.
func scopedSum[P string | []byte](scope string, parts []P) [sha256.Size]byte {
	h := sha256.New()
	var buf [512]byte
	l := scopedLayout[P]{scope: scope, parts: parts}
	for {
		n := l.fill(buf[:])
		h.Write(buf[:n])
		if n < len(buf) {
			break
		}
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// A scopedLayout copies out the bytes scope || (0x00 || part)*, the layout
// of [ScopedKey] and of the preimage of a request key, a bufferful at a
// time. It is the one writer of that layout.
type scopedLayout[P string | []byte] struct {
	scope string
	parts []P
	// piece is the piece being copied: 0 the scope, 2k+1 the 0x00 before
	// part k, 2k+2 part k; off is how much of it is copied.
	piece, off int
}

// fill copies the next bytes of the layout to buf and returns how many;
// fewer than len(buf) means the layout is complete.
func (l *scopedLayout[P]) fill(buf []byte) int {
	n := 0
	for n < len(buf) && l.piece <= 2*len(l.parts) {
		var c, size int
		switch {
		case l.piece == 0:
			c, size = copy(buf[n:], l.scope[l.off:]), len(l.scope)
		case l.piece%2 == 1:
			buf[n] = 0
			c, size = 1, 1
		default:
			p := l.parts[l.piece/2-1]
			c, size = copy(buf[n:], p[l.off:]), len(p)
		}
		n += c
		if l.off += c; l.off == size {
			l.piece, l.off = l.piece+1, 0
		}
	}
	return n
}
