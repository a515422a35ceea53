// The exact reading of long number literals: readLongFloat rounds a
// literal of any length to its nearest double, comparing it with a midpoint
// between doubles in fixed-size integer arithmetic when that decides.

package agentidemp

import (
	"math"
	"strconv"
)

// Limits of readLongFloat; see there.
const (
	// candidateDigits is how many leading significant digits give the
	// two candidate doubles: as many as a uint64 holds when incremented.
	candidateDigits = 19
	// keptDigits is how many leading significant digits the exact
	// comparison uses, followed by one sticky digit. It must be at least
	// 768, the most significant digits a midpoint between two adjacent
	// doubles has.
	keptDigits = 800
	// expCap bounds the exponent as read. Any exponent beyond it puts the
	// value out of range or below the least subnormal, since a literal
	// has fewer than 2^33 digits.
	expCap = 1e15
)

// readLongFloat is readFloat for a literal of any length. It reads the
// literal as v = D × 10^(P−n), where D is the integer of its n significant
// digits (leading zeros dropped, trailing ones kept), so that 10^(P−1) ≤ v <
// 10^P, and rounds v in three steps, all without allocating:
//
//  1. Range. P ≥ 310 means v ≥ 10^309 > MaxFloat64 + ulp/2: out of range.
//     P ≤ −324 means v < 10^−324 < 2^−1075, half the least subnormal: zero.
//     P is computed in int64 from the exponent capped at expCap, which
//     changes no outcome here.
//  2. Candidates. Let m be the integer of the first c = min(n, 19) digits
//     and q = P − c, so m × 10^q ≤ v < (m+1) × 10^q, with equality on the left
//     exactly when no dropped digit is nonzero (then v = m × 10^q, and
//     strconv.ParseFloat of the short literal "<m>e<q>" is the answer). Those
//     short literals (at most 25 bytes, |q| < 343) are read by
//     strconv.ParseFloat, which is correctly rounded there, to lo and hi.
//     Rounding is monotonic, so the answer lies between lo and hi. The
//     interval is narrower than 10^−18 × v while adjacent doubles lie at
//     least 2^−53 × v apart, so it holds at most one midpoint between doubles:
//     lo and hi are equal (the answer) or adjacent.
//  3. Exact comparison, when lo and hi are adjacent: v is compared with
//     their midpoint h = (2M+1) × 2^(k−1), where lo = M × 2^k (see
//     midpointCmp); below h gives lo, above gives hi, and a tie gives the
//     one with an even significand.
//
// Step 3 needs only the first keptDigits (800) significant digits and
// whether any later digit is nonzero. Let u = 10^(P−800), the unit of the
// 800th digit, and D' the integer of the first 800 digits, so D'u ≤ v <
// (D'+1)u, with equality on the left exactly when no later digit is nonzero.
// h lies in [m × 10^q, (m+1) × 10^q] ⊆ [10^(P−1), 10^P], and written in decimal
// it has at most 768 significant digits: for k ≥ 1 it is an integer below
// 2^1024, of at most 309 digits; for k ≤ 0 it is (2M+1) × 5^(1−k) / 10^(1−k)
// with 2M+1 < 2^54 and 1−k ≤ 1075, and (2^54−1) × 5^1075 has 768 digits
// (2M+1 is odd, so the product has no trailing zeros to discount). As h ≥
// 10^(P−1), its last significant digit is no further down than the unit
// 10^(P−768), so h is a multiple of u. Hence D'u < h implies (D'+1)u ≤ h, so
// v < h; D'u = h gives v > h exactly when a later digit is nonzero; and D'u
// > h gives v > h. Appending to D' one digit, 1 when a later digit is
// nonzero and 0 otherwise, keeps each of these three outcomes, so the
// comparison with that 801-digit number decides as the full one would.
// Other correctly rounding readers rest on the same bound: V8's strtod
// (double-conversion) keeps 780 digits, the last forced nonzero when later
// ones were dropped, and Rust's core::num::dec2flt keeps 768 and a
// truncation flag; the count above derives it.
//
// The time is linear in len(lit): the digits are scanned a bounded number
// of times, and the exact comparison works on at most 801 digits in fixed
// arrays.
func readLongFloat(lit []byte) (float64, bool) {
	i := 0
	neg := lit[0] == '-'
	if neg {
		i = 1
	}
	// The mantissa is lit[i:mantEnd]: digits with at most one '.'.
	mantEnd := i
	for mantEnd < len(lit) && lit[mantEnd] != 'e' && lit[mantEnd] != 'E' {
		mantEnd++
	}
	first := -1    // offset of the first nonzero digit
	var n int64    // significant digits: from first to mantEnd
	var frac int64 // digits after the point
	inFrac := false
	for j := i; j < mantEnd; j++ {
		switch b := lit[j]; {
		case b == '.':
			inFrac = true
			continue
		case first < 0 && b == '0':
		case first < 0:
			first, n = j, 1
		default:
			n++
		}
		if inFrac {
			frac++
		}
	}
	var e int64
	if mantEnd < len(lit) {
		j := mantEnd + 1
		eneg := lit[j] == '-'
		if lit[j] == '-' || lit[j] == '+' {
			j++
		}
		for ; j < len(lit); j++ {
			if e < expCap {
				e = e*10 + int64(lit[j]-'0')
			}
		}
		if eneg {
			e = -e
		}
	}
	if first < 0 {
		return withSign(0, neg), true
	}
	p := n + e - frac
	switch {
	case p >= 310:
		return 0, false
	case p <= -324:
		return withSign(0, neg), true
	}

	// Step 2: m is the first c digits; the rest are dropped.
	var m uint64
	c, j := 0, first
	for ; j < mantEnd && c < candidateDigits; j++ {
		if lit[j] != '.' {
			m = m*10 + uint64(lit[j]-'0')
			c++
		}
	}
	dropped := false
	for ; j < mantEnd; j++ {
		if lit[j] != '.' && lit[j] != '0' {
			dropped = true
			break
		}
	}
	q := p - int64(c)
	lo, ok := parseShort(m, q)
	if !ok || !dropped {
		return withSign(lo, neg), ok
	}
	hi, hiOK := parseShort(m+1, q)
	if hiOK && hi == lo {
		return withSign(lo, neg), true
	}

	// Step 3.
	r := midpointCmp(lit[first:mantEnd], p, lo)
	if r < 0 || r == 0 && math.Float64bits(lo)&1 == 0 {
		return withSign(lo, neg), true
	}
	return withSign(hi, neg), hiOK
}

// parseShort returns the double nearest to m × 10^q, for |q| < 400, and
// false when that is infinite. The literal it hands to strconv.ParseFloat
// has at most 20 + 1 + 4 bytes, so its conversion to a string does not
// allocate.
func parseShort(m uint64, q int64) (float64, bool) {
	var buf [shortLiteral]byte
	b := strconv.AppendUint(buf[:0], m, 10)
	b = append(b, 'e')
	b = strconv.AppendInt(b, q, 10)
	f, err := strconv.ParseFloat(string(b), 64)
	return f, err == nil
}

// midpointCmp compares v = D × 10^(p−len(D)) with the midpoint between the
// double lo (finite, ≥ 0) and the next double up, and returns −1, 0 or +1
// as v is below, at or above it. digits is D as written in the literal:
// decimal digits starting with a nonzero one, possibly with a '.' among
// them, which is skipped. Only the first keptDigits digits and a sticky
// digit for the rest take part; readLongFloat shows why that suffices.
func midpointCmp(digits []byte, p int64, lo float64) int {
	// a = D' (the kept digits and the sticky digit), scaled by 10^qa.
	var a, b nat
	kept := 0
	j := 0
	var chunk uint32
	chunkLen := 0
	for ; j < len(digits) && kept < keptDigits; j++ {
		if digits[j] == '.' {
			continue
		}
		chunk = chunk*10 + uint32(digits[j]-'0')
		chunkLen++
		kept++
		if chunkLen == 9 {
			a.mulAdd(1e9, chunk)
			chunk, chunkLen = 0, 0
		}
	}
	for ; j < len(digits); j++ {
		if digits[j] != '.' && digits[j] != '0' {
			chunk = chunk*10 + 1
			chunkLen++
			kept++
			break
		}
	}
	if chunkLen > 0 {
		scale := uint32(1)
		for k := 0; k < chunkLen; k++ {
			scale *= 10
		}
		a.mulAdd(scale, chunk)
	}
	qa := p - int64(kept)

	// b = 2M+1 with exponent kb - 1, where lo = M × 2^kb.
	bits := math.Float64bits(lo)
	mant := bits & (1<<52 - 1)
	kb := int64(-1074)
	if be := int64(bits >> 52 & 0x7ff); be != 0 {
		mant |= 1 << 52
		kb = be - 1075
	}
	b.d[0], b.d[1], b.n = uint32(2*mant+1), uint32((2*mant+1)>>32), 2
	b.trim()

	// Compare a × 10^qa with b × 2^(kb−1): move 5^|qa| to the side where
	// its exponent is positive, then align the powers of two.
	ea, eb := qa, kb-1
	if qa >= 0 {
		a.mulPow5(qa)
	} else {
		b.mulPow5(-qa)
	}
	if ea > eb {
		a.shl(ea - eb)
	} else {
		b.shl(eb - ea)
	}
	return a.cmp(&b)
}

// natLimbs bounds the size of a nat. In midpointCmp, a holds at most 801
// digits (< 10^801 < 2^2661) and b at most (2^54 − 1) × 5^1124 (< 2^2664:
// the exponent of 5 is len(D') − p ≤ 801 + 323); the one shifted left ends
// within a factor of 10 of the other, as both sides are within 10^(P−1) and
// 10^P times the same factor, so no value reaches 10 × 2^2664 < 2^2668, and
// 84 limbs (2688 bits) hold every value. shl sets the limb just above its
// operand before it shifts and trims, which may be the 85th.
const natLimbs = 85

// A nat is a natural number in a fixed array of 32-bit limbs, least
// significant first; d[n:] are zero.
type nat struct {
	n int
	d [natLimbs]uint32
}

// mulAdd sets x to x × m + add.
func (x *nat) mulAdd(m, add uint32) {
	carry := uint64(add)
	for i := 0; i < x.n; i++ {
		t := uint64(x.d[i])*uint64(m) + carry
		x.d[i] = uint32(t)
		carry = t >> 32
	}
	if carry != 0 {
		x.d[x.n] = uint32(carry)
		x.n++
	}
}

// mulPow5 sets x to x × 5^e.
func (x *nat) mulPow5(e int64) {
	const pow5to13 = 1220703125 // the largest power of 5 below 2^32
	for ; e >= 13; e -= 13 {
		x.mulAdd(pow5to13, 0)
	}
	m := uint32(1)
	for ; e > 0; e-- {
		m *= 5
	}
	x.mulAdd(m, 0)
}

// shl sets x to x × 2^s.
func (x *nat) shl(s int64) {
	if x.n == 0 {
		return
	}
	limbs, sh := int(s/32), uint(s%32)
	if sh != 0 {
		x.d[x.n] = 0
		for i := x.n; i > 0; i-- {
			x.d[i] = x.d[i]<<sh | x.d[i-1]>>(32-sh)
		}
		x.d[0] <<= sh
		x.n++
	}
	if limbs > 0 {
		copy(x.d[limbs:x.n+limbs], x.d[:x.n])
		clear(x.d[:limbs])
		x.n += limbs
	}
	x.trim()
}

// trim drops leading zero limbs.
func (x *nat) trim() {
	for x.n > 0 && x.d[x.n-1] == 0 {
		x.n--
	}
}

// cmp returns −1, 0 or +1 as x is less than, equal to or greater than y.
func (x *nat) cmp(y *nat) int {
	if x.n != y.n {
		if x.n < y.n {
			return -1
		}
		return 1
	}
	for i := x.n - 1; i >= 0; i-- {
		if x.d[i] != y.d[i] {
			if x.d[i] < y.d[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
