// Member order: sorting an object's members by the UTF-16 code units of
// their names, as RFC 8785 requires, and finding duplicate names.

package agentidemp

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// sortMembers sorts ms by name. It returns 0, or an index k such that
// ms[k-1] and ms[k] have the same name.
func (c *canon) sortMembers(ms []member) int {
	cmp := func(a, b member) int { return compareUTF16(c.name(a), c.name(b)) }
	sorted := true
	for k := 1; k < len(ms) && sorted; k++ {
		sorted = cmp(ms[k-1], ms[k]) < 0
	}
	if sorted {
		return 0
	}
	slices.SortFunc(ms, cmp)
	for k := 1; k < len(ms); k++ {
		if cmp(ms[k-1], ms[k]) == 0 {
			return k
		}
	}
	return 0
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
