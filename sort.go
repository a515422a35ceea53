// Member order: sorting an object's members by the UTF-16 code units of
// their names, as RFC 8785 requires, and finding duplicate names.

package agentidemp

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
)

// A member is an object member while its object is parsed (the parse pass
// sorts the members as the object closes). at is the tape index of its
// name; the value's node follows. The unescaped name is c.in[from:to], or
// c.names[from:to] when the name had escapes. Members hold offsets, not
// slices, so that a pooled canonicalizer keeps no reference to an earlier
// caller's input. key is sortMembers' scratch, which callers need not set.
type member struct {
	at, from, to uint32
	unescaped    bool
	key          uint64 // orderKey of 8 bytes of the name, maybe packed (packKeys)
}

// name returns the unescaped name of m.
func (c *canon) name(m *member) []byte {
	if m.unescaped {
		return c.names[m.from:m.to]
	}
	return c.in[m.from:m.to]
}

// sortMembers sorts ms by the UTF-16 code units of their names. It returns
// 0, or an index k > 0 such that ms[k-1] and ms[k] have the same name.
//
// Members already in order cost one pass of adjacent comparisons, and up
// to smallObject members are sorted by insertion. Others are sorted by key,
// the first 8 bytes of the name as an integer (see orderKey), without
// touching the names; each run of equal keys is then sorted by the next 8
// bytes of its names, and so on, so that each name is read about once for
// every 8 bytes it shares with others instead of once for each of the
// n log n comparisons of a comparison sort.
func (c *canon) sortMembers(ms []member) int {
	sorted := true
	for k := 1; k < len(ms) && sorted; k++ {
		sorted = compareUTF16(c.name(&ms[k-1]), c.name(&ms[k])) < 0
	}
	if sorted {
		return 0
	}
	if len(ms) <= smallObject {
		return c.sortSmall(ms)
	}
	c.sortFrom(ms, 0)
	// Members with different keys have different names: equal names give
	// equal keys at every depth, and share every run.
	for k := 1; k < len(ms); k++ {
		if ms[k-1].key == ms[k].key && bytes.Equal(c.name(&ms[k-1]), c.name(&ms[k])) {
			return k
		}
	}
	return 0
}

// smallObject is the most members that sortMembers sorts by insertion,
// comparing whole names: for so few, computing keys costs more than it
// saves.
const smallObject = 12

// sortSmall sorts ms by insertion and returns as sortMembers does. It
// compares keys first (see orderKey), and whole names only where keys are
// equal.
func (c *canon) sortSmall(ms []member) int {
	for i := range ms {
		ms[i].key = c.key(&ms[i], 0)
	}
	dup := 0
	for i := 1; i < len(ms); i++ {
		m := ms[i]
		j := i
		for ; j > 0; j-- {
			p := &ms[j-1]
			if p.key < m.key {
				break
			}
			if p.key == m.key {
				d := compareUTF16(c.name(p), c.name(&m))
				if d < 0 {
					break
				}
				if d == 0 {
					dup = 1
					break
				}
			}
			ms[j] = *p
		}
		ms[j] = m
	}
	if dup == 0 {
		return 0
	}
	for k := 1; k < len(ms); k++ {
		if compareUTF16(c.name(&ms[k-1]), c.name(&ms[k])) == 0 {
			return k
		}
	}
	return 0
}

// maxKeyDepth is the depth in bytes beyond which sortRun compares whole
// names instead of sorting by keys further in. It bounds the recursion.
const maxKeyDepth = 256

// sortRuns sorts each run of equal keys in ms. ms is sorted by the keys of
// its names at byte offset depth, and all its names share their first
// depth bytes.
func (c *canon) sortRuns(ms []member, depth int) {
	for i := 0; i < len(ms); {
		j := i + 1
		for j < len(ms) && ms[j].key == ms[i].key {
			j++
		}
		if j-i > 1 {
			c.sortRun(ms[i:j], depth)
		}
		i = j
	}
}

// sortRun sorts ms, whose names share their first depth bytes and have
// equal keys at offset depth.
func (c *canon) sortRun(ms []member, depth int) {
	if len(ms) == 2 {
		if compareUTF16(c.name(&ms[0])[depth:], c.name(&ms[1])[depth:]) > 0 {
			ms[0], ms[1] = ms[1], ms[0]
		}
		return
	}
	next := depth + 8
	// Equal keys mean equal bytes only where no name ended within the 8
	// bytes (a name "ab" and a name "ab\x00" have equal keys).
	deeper := next <= maxKeyDepth
	for i := 0; i < len(ms) && deeper; i++ {
		deeper = int(ms[i].to-ms[i].from) >= next
	}
	if !deeper {
		slices.SortFunc(ms, func(a, b member) int {
			return compareUTF16(c.name(&a)[depth:], c.name(&b)[depth:])
		})
		return
	}
	c.sortFrom(ms, next)
}

// sortFrom sorts ms, whose names share their first depth bytes, by the
// keys of their names at offset depth, and then each run of equal keys
// further in.
func (c *canon) sortFrom(ms []member, depth int) {
	var diff uint64
	for i := range ms {
		ms[i].key = c.key(&ms[i], depth)
		diff |= ms[i].key ^ ms[0].key
	}
	if diff == 0 {
		c.sortRun(ms, depth) // one run: names that share a long prefix
		return
	}
	packKeys(ms, diff)
	sortByKey(ms)
	c.sortRuns(ms, depth)
}

// radixMinLen is the length from which sortByKey distributes by 8 bits of
// the keys rather than sorting by comparisons.
const radixMinLen = 64

// sortByKey sorts ms by key alone. A range of radixMinLen members or more
// is sorted by radix: by the 8 bits from the highest bit where their keys
// differ down, and then each group of equal bits by the bits below it,
// moving members in place along cycles (American flag sort), so that it
// needs no scratch memory. A shorter range goes to quickSortByKey.
func sortByKey(ms []member) {
	if len(ms) < radixMinLen {
		quickSortByKey(ms)
		return
	}
	var diff uint64
	for i := range ms {
		diff |= ms[i].key ^ ms[0].key
	}
	if diff == 0 {
		return
	}
	// The keys agree above the highest bit where they differ, so the 8 bits
	// from there down order them as far as they go.
	shift := uint(max(bits.Len64(diff)-8, 0))
	// end[b] counts the members whose byte is b, then marks where their
	// group ends; next[b] is where the next of them goes.
	var next, end [256]int
	for i := range ms {
		end[byte(ms[i].key>>shift)]++
	}
	sum := 0
	for b := range end {
		next[b] = sum
		sum += end[b]
		end[b] = sum
	}
	for b := range next {
		for next[b] < end[b] {
			m := ms[next[b]]
			for d := byte(m.key >> shift); int(d) != b; d = byte(m.key >> shift) {
				ms[next[d]], m = m, ms[next[d]]
				next[d]++
			}
			ms[next[b]] = m
			next[b]++
		}
	}
	if shift == 0 {
		return
	}
	start := 0
	for _, e := range end {
		if e-start > 1 {
			sortByKey(ms[start:e])
		}
		start = e
	}
}

// packKeys drops from the keys of ms bits that are the same in all of
// them, when that saves sortByKey a pass; diff has a bit set where any two
// keys differ. Names that differ only in digits, such as
// "member_00012345", have keys whose bytes differ in their low 4 bits
// only. It keeps, of each byte, the bits from the lowest to the highest
// where the keys differ, and packs those fields in the order of the bytes.
// Why the order stays: the first bit where two keys differ is one where
// diff is set, so it is kept, and the bits kept above it are equal in
// both and keep their order. So the packed keys order as the keys did,
// and are equal exactly where the keys were.
func packKeys(ms []member, diff uint64) {
	if len(ms) < radixMinLen {
		return // sortByKey does not sort these by radix
	}
	// The fields, from the least significant byte: the key's bits in
	// mask[f] go down by shift[f] bits, next to the field below.
	var mask [8]uint64
	var shift [8]uint
	fields, kept := 0, 0
	for b := 0; b < 64; b += 8 {
		if d := uint8(diff >> b); d != 0 {
			low := bits.TrailingZeros8(d)
			w := bits.Len8(d) - low
			mask[fields], shift[fields] = (1<<w-1)<<(b+low), uint(b+low-kept)
			kept += w
			fields++
		}
	}
	// A radix pass sorts by 8 bits: packing must save at least 8 of those
	// between the highest and the lowest bit where the keys differ.
	if kept+8 > bits.Len64(diff)-bits.TrailingZeros64(diff) {
		return
	}
	for i := range ms {
		k, p := ms[i].key, uint64(0)
		for f := range fields {
			p |= (k & mask[f&7]) >> shift[f&7]
		}
		ms[i].key = p
	}
}

// quickSortByKey sorts ms by key: quicksort with a median-of-three pivot
// and a three-way partition, so that runs of equal keys are set aside at
// once, and insertion sort below 16 members. It serves ranges shorter than
// radixMinLen, which bounds its quadratic worst case.
func quickSortByKey(ms []member) {
	for len(ms) > 16 {
		n := len(ms)
		p := median(ms[0].key, ms[n/2].key, ms[n-1].key)
		// ms[:lt] < p, ms[lt:i] == p, ms[gt:] > p.
		lt, i, gt := 0, 0, n
		for i < gt {
			switch k := ms[i].key; {
			case k < p:
				ms[lt], ms[i] = ms[i], ms[lt]
				lt++
				i++
			case k > p:
				gt--
				ms[i], ms[gt] = ms[gt], ms[i]
			default:
				i++
			}
		}
		// Recurse into the shorter side, loop on the longer.
		if lt < n-gt {
			quickSortByKey(ms[:lt])
			ms = ms[gt:]
		} else {
			quickSortByKey(ms[gt:])
			ms = ms[:lt]
		}
	}
	for i := 1; i < len(ms); i++ {
		m := ms[i]
		j := i
		for ; j > 0 && ms[j-1].key > m.key; j-- {
			ms[j] = ms[j-1]
		}
		ms[j] = m
	}
}

func median(a, b, c uint64) uint64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
}

// key returns the orderKey of the name of m from byte offset depth on.
// It gives orderKey the name's buffer, the input or the unescaped names,
// up to the end of the name: orderKey may read the bytes before the name,
// never those after it.
func (c *canon) key(m *member, depth int) uint64 {
	return orderKey(c.nameBuf(m)[:m.to], int(m.from)+depth)
}

// nameBuf returns the buffer that holds the unescaped name of m at
// [m.from:m.to]: c.names when the name had escapes, else the input.
func (c *canon) nameBuf(m *member) []byte {
	if m.unescaped {
		return c.names
	}
	return c.in
}

// orderKey returns the first 8 bytes of s[i:], or all of s[i:] followed by
// zero bytes when it is shorter, as a big-endian integer after mapping
// each byte b to utf16Rank(b). For valid UTF-8 strings a and b,
// orderKey(a, 0) < orderKey(b, 0) implies that a sorts before b by UTF-16
// code units, and the same holds for the suffixes a[d:] and b[d:] of two
// strings that share their first d bytes. Equal keys say nothing.
//
// It reads s[:i] as well but no byte past len(s), whatever the capacity of
// s: there a caller's input may be written meanwhile by another goroutine.
func orderKey(s []byte, i int) uint64 {
	var k uint64
	switch n := len(s) - i; {
	case n >= 8:
		k = binary.BigEndian.Uint64(s[i:])
	case len(s) >= 8:
		// A short s[i:] at the end of 8 bytes or more of s (the name's
		// buffer, the input or the unescaped names): read the 8 that end s
		// at once and shift out those before s[i:].
		k = binary.BigEndian.Uint64(s[len(s)-8:]) << uint(64-8*n)
	default:
		for j, b := range s[i:] {
			k |= uint64(b) << (56 - 8*j)
		}
	}
	if k&0x8080808080808080 == 0 {
		return k // ASCII: every byte is its own rank
	}
	var r uint64
	for i := 56; i >= 0; i -= 8 {
		r |= uint64(utf16Rank(byte(k>>i))) << i
	}
	return r
}

// utf16Rank maps a byte of UTF-8 so that comparing mapped strings byte by
// byte orders them by UTF-16 code units. It moves 0xF0..0xFF down by two
// and 0xEE, 0xEF above them, to 0xFE, 0xFF, and keeps every other byte.
//
// Why this is right: let a and b be valid UTF-8 and i the first offset
// where they differ. UTF-8 is self-synchronizing, so a[:i] = b[:i] puts a[i]
// and b[i] at the same place in a character: both continuation bytes
// (0x80..0xBF) of characters with the same lead byte, or both lead bytes.
//
//   - Continuation bytes with the same lead: the two characters are both
//     in U+0000..U+FFFF or both beyond, where code-point order and UTF-16
//     order agree and follow the bytes. utf16Rank keeps 0x80..0xBF.
//   - Lead bytes: 0x00..0x7F, 0xC2..0xDF and 0xE0..0xED start U+0000..U+D7FF,
//     whose single code unit is below every surrogate; 0xEE, 0xEF start
//     U+E000..U+FFFF, above every surrogate; 0xF0..0xF4 start the
//     supplementary planes, whose first code unit is a surrogate
//     (0xD800..0xDBFF) and rises with the lead byte. So UTF-16 order puts
//     0xEE/0xEF above 0xF0..0xF4 and otherwise follows the lead bytes, and
//     so does utf16Rank: it keeps 0x00..0xED in place and below the rest,
//     keeps 0xF0..0xFF in order, and puts 0xEE, 0xEF above them.
//
// Where one string ends first (a is a prefix of b) both orders put it
// first; orderKey's zero padding does too, since a zero byte ranks lowest.
// utf16Rank is a permutation of the byte values, so bytes that differ stay
// different.
func utf16Rank(b byte) byte {
	switch {
	case b >= 0xf0:
		return b - 2
	case b >= 0xee:
		return b + 0x10
	}
	return b
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
