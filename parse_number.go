// The parse pass for numbers: RFC 8259 grammar, reading a literal to its
// nearest double, the double range and the integer rule.

package agentidemp

import (
	"bytes"
	"encoding/binary"
	"math"
	"strconv"
)

// maxExact is 2^53 in decimal: every integer of at most this magnitude is
// exactly a double.
const maxExact = "9007199254740992"

// number parses the number starting at in[i]. As it checks the grammar it
// reads the literal as m × 10^q, which readDecimal turns into the double
// when one operation does; other literals go to slowFloat.
func (c *canon) number(i int) (int, error) {
	in := c.in
	start := i
	if in[i] == '-' {
		i++
	}
	digits := i
	var m uint64
	nd := 0 // the digits read into m; m is their value while nd ≤ 19
	switch {
	case i >= len(in):
		return i, c.fail(ErrUnexpectedEnd, i, "inside number")
	case in[i] == '0':
		i++
	case '1' <= in[i] && in[i] <= '9':
		i, m, nd = readDigits(in, i, 0, 0)
	default:
		return i, c.fail(ErrInvalidNumber, i, "unexpected "+describeByte(in[i])+", want a digit")
	}
	intEnd := i
	q := 0 // minus the number of fraction digits, plus the exponent
	if i < len(in) && in[i] == '.' {
		if err := c.wantDigit(i + 1); err != nil {
			return i + 1, err
		}
		i, m, nd = readDigits(in, i+1, m, nd)
		q = intEnd + 1 - i
	}
	fracEnd := i
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		i++
		neg := i < len(in) && in[i] == '-'
		if i < len(in) && (in[i] == '+' || in[i] == '-') {
			i++
		}
		if err := c.wantDigit(i); err != nil {
			return i, err
		}
		var x uint64
		var xd int
		i, x, xd = readDigits(in, i, 0, 0)
		switch {
		case xd > 3:
			nd = math.MaxInt // beyond readDecimal's reach
		case neg:
			q -= int(x)
		default:
			q += int(x)
		}
	}
	if i < len(in) && (isNameByte(in[i]) || in[i] == '.' || in[i] == '+' || in[i] == '-') {
		return i, c.fail(ErrInvalidNumber, i, "unexpected "+describeByte(in[i])+" in number")
	}
	lit := in[start:i]
	if i == fracEnd && i > intEnd && canonicalDecimal(in[digits:i], intEnd-digits) {
		c.push(nodeLiteral, escNone, uint32(start), uint32(i))
		return i, nil
	}
	if i == intEnd && !(len(lit) == 2 && lit[0] == '-' && lit[1] == '0') {
		// An integer: written as is when it is exact as a double, or when it
		// is already the canonical form of the double it reads as.
		n := intEnd - digits
		if n > len(maxExact) || n == len(maxExact) && string(in[digits:intEnd]) > maxExact {
			f, ok := readFloat(lit)
			if !ok {
				return start, c.fail(ErrNumberRange, start, "")
			}
			var buf [32]byte
			if !bytes.Equal(appendNumber(buf[:0], f), lit) {
				return start, c.fail(ErrUnsafeInteger, start, "a double reads it as "+string(appendNumber(buf[:0], f)))
			}
		}
		c.push(nodeLiteral, escNone, uint32(start), uint32(i))
		return i, nil
	}
	f, ok := readDecimal(m, nd, q, start < digits)
	if !ok {
		if f, ok = slowFloat(lit); !ok {
			return start, c.fail(ErrNumberRange, start, "")
		}
	}
	b := math.Float64bits(f)
	c.push(nodeFloat, escNone, uint32(b), uint32(b>>32))
	// Its canonical form may be longer than the literal, up to 25 bytes.
	c.growth += max(0, 25-len(lit))
	return i, nil
}

// readDigits reads the digits that start at in[i], up to the first byte
// that is not one, into the integer m of nd digits, and returns the offset
// past them, m and nd. m is the integer of all nd digits while nd ≤ 19 (it
// then fits in 64 bits); once nd passes 19 it is not. It reads 8 digits at
// a time where it can.
func readDigits(in []byte, i int, m uint64, nd int) (int, uint64, int) {
	for len(in)-i >= 8 {
		x := binary.LittleEndian.Uint64(in[i:])
		if !eightDigits(x) {
			break
		}
		m = m*1e8 + eightDigitsValue(x)
		nd += 8
		i += 8
	}
	for ; i < len(in) && '0' <= in[i] && in[i] <= '9'; i++ {
		m = m*10 + uint64(in[i]-'0')
		nd++
	}
	return i, m, nd
}

// eightDigits reports whether the 8 bytes of x are all ASCII digits: each
// byte's high nibble is 3, and adding 6 to it leaves the high nibble at 3
// (0x30..0x39; 0x3a..0x3f carry into 4, and no byte carries into the next
// unless its high nibble is F, which the first test refuses).
func eightDigits(x uint64) bool {
	const f0, threes = 0xf0f0f0f0f0f0f0f0, 0x3030303030303030
	return x&f0 == threes && (x+0x0606060606060606)&f0 == threes
}

// eightDigitsValue returns the integer that the 8 ASCII digits of x write,
// the first in its lowest byte: it combines neighbouring digits into
// 2-digit, then 4-digit, then the 8-digit value, each step one multiply.
func eightDigitsValue(x uint64) uint64 {
	x -= 0x3030303030303030
	x = (x*10 + x>>8) & 0x00ff00ff00ff00ff
	x = (x*100 + x>>16) & 0x0000ffff0000ffff
	return (x*10000 + x>>32) & 0xffffffff
}

// canonicalDecimal reports whether a number literal with a fraction and no
// exponent, whose digits and point are d with the point at d[point], is
// already the canonical form of the double it reads as, so that it can be
// copied as it is. It is when it has 15 or fewer significant digits, its
// last digit is not 0, and, if it is below 1, at most 5 zeros follow the
// point ("0.000001" is canonical, "0.0000001" is written 1e-7).
//
// Why this is right. Let x be the literal's value, with k ≤ 15 significant
// digits, and f the double nearest to it. Distinct decimals of at most 15
// significant digits read as distinct doubles: take two, a < b. If both lie
// in one decade [10^(p−1), 10^p), then b − a ≥ 10^(p−15), while the doubles
// there are at most 2^−52 × 10^p apart, so each is rounded by at most
// 2^−53 × 10^p and the gap stays above 10^(p−15) − 2^−52 × 10^p > 0 (as
// 2^52 > 10^15): the doubles differ. If they lie in different decades, let
// 10^(q−1) ≤ a < 10^q ≤ b: 10^q − a ≥ 10^(q−15), and a and 10^q are each
// rounded by at most 2^−53 × 10^q, so a reads below 10^q, and rounding is
// monotonic, so 10^q, and b, read no lower than that. Every value here is
// at least 10^−6 and below 10^15, far from the subnormals and overflow.
//
// Now the shortest digits that read as f (ECMAScript's Number::toString
// digits) are at most k long, as x's own digits read as f; a string of
// fewer digits that reads as f would be another decimal of at most 15
// significant digits reading as f, so it would equal x, which has no
// trailing zero to drop: the shortest digits are x's, and no other string
// of k digits reads as f, so no tie arises. With n the position of the point
// as appendNumber counts it (x = 0.d1...dk × 10^n), a literal with a
// nonzero integer part has 0 < n < k ≤ 15 (it has a fraction digit),
// which Number::toString writes as the digits with a point after the first
// n: the literal. One below 1 has "0." and z ≤ 5 zeros before its digits,
// so n = −z, and −6 < n ≤ 0 is written "0." then z zeros then the digits:
// the literal again. The sign is written as it is, and −0 cannot arise, as
// some digit is nonzero.
func canonicalDecimal(d []byte, point int) bool {
	if d[len(d)-1] == '0' {
		return false
	}
	sig := len(d) - 1 // the digits, without the point
	if d[0] == '0' {
		z := point + 1 // the first digit after the point; a nonzero one ends d
		for d[z] == '0' {
			z++
		}
		if z-point-1 > 5 {
			return false
		}
		sig = len(d) - z
	}
	return sig <= 15
}

// wantDigit checks that a digit starts in[i], as one must after a number's
// point and its exponent marker and sign.
func (c *canon) wantDigit(i int) error {
	if i >= len(c.in) {
		return c.fail(ErrUnexpectedEnd, i, "inside number, want a digit")
	}
	if b := c.in[i]; b < '0' || b > '9' {
		return c.fail(ErrInvalidNumber, i, "unexpected "+describeByte(b)+", want a digit")
	}
	return nil
}

// shortLiteral is the length up to which readFloat hands a literal to
// strconv.ParseFloat as it is. Up to 32 bytes the conversion to a string
// uses a buffer on the stack instead of the heap.
const shortLiteral = 32

// readFloat returns the double nearest to the value of the JSON number
// literal lit, ties to even (the reading RFC 8785, section 3.2.2.3, and
// ECMAScript's Number() give it), or ok false when that double is
// infinite: the literal is beyond the double range. lit must match RFC
// 8259's number grammar; it may be of any length, with any exponent.
// A literal whose digits are all zero is zero whatever its exponent
// (0e99999999999999999999 is 0), and one whose magnitude rounds below the
// least subnormal is zero too (1e-99999999999999999999 is 0, as 1e-400 is);
// the sign of a zero result does not matter, as both zeros print as 0.
//
// readFloat does not allocate.
//
// strconv.ParseFloat alone is wrong on long literals: it keeps 800 digits
// without counting the dropped ones into the decimal point's position, and
// it saturates the exponent at 10000 before adding the digits' offset to it
// (golang/go#42436). A literal of at most 32 bytes meets neither case (it
// has at most 31 digits, so an exponent of 10000 or more puts its value
// beyond 10^9969 or below 10^-9969 whatever the digits), so it goes to
// strconv as it is; a longer one goes to readLongFloat. Either comes after
// quickFloat, which reads most short literals without strconv's scan.
func readFloat(lit []byte) (f float64, ok bool) {
	if f, ok := quickFloat(lit); ok {
		return f, true
	}
	return slowFloat(lit)
}

// slowFloat is readFloat without quickFloat.
func slowFloat(lit []byte) (f float64, ok bool) {
	if len(lit) <= shortLiteral {
		f, err := strconv.ParseFloat(string(lit), 64)
		return f, err == nil
	}
	return readLongFloat(lit)
}

// pow10s are the powers of ten that a double holds exactly.
var pow10s = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// readDecimal returns the double nearest to m × 10^q, negated when neg is
// set, ties to even, and true; or false when it cannot tell that double
// cheaply. m must be the integer of nd digits when nd ≤ 19 (see
// readDigits); it answers only when nd ≤ 19 and |q| ≤ 22, so that 10^|q| is
// a double exactly:
//
//   - m ≤ 2^53: m is a double too, and m × 10^q or m / 10^−q, rounded once
//     as IEEE-754 rounds every operation, is the answer (Clinger's fast
//     path, which strconv.ParseFloat takes too);
//   - otherwise nearDecimal, which brackets the answer.
func readDecimal(m uint64, nd, q int, neg bool) (float64, bool) {
	if nd > 19 || q < -22 || q > 22 {
		return 0, false
	}
	if m > 1<<53 {
		return nearDecimal(m, q, neg)
	}
	f := float64(m)
	if q < 0 {
		f /= pow10s[-q]
	} else {
		f *= pow10s[q]
	}
	return withSign(f, neg), true
}

// nearDecimal is readDecimal for 2^53 < m < 2^64. It splits the value v = m
// × 10^q exactly into a double a and a small rest T, computes an
// approximation t of T with a bound E on its error, and returns the double
// nearest to a + t when a + (t − E) and a + (t + E) round to the same
// double: rounding is monotonic and a + T lies between them, so that
// double is the answer. Otherwise v lies within E of a midpoint between
// two doubles, which happens for few literals, and it returns false.
//
// The split: m = h + l with h the double nearest m and l = m − h, an
// integer below 2^11 in magnitude. With p = 10^|q|, exact:
//
//   - q ≥ 0: v = hp + lp = a + T with a = fl(hp) and T = (hp − a) + lp,
//     where hp − a is a double, computed exactly by one fused multiply-add;
//     t = fl((hp − a) + fl(lp)) is off by at most ulp(fl(lp))/2 + ulp(t)/2.
//   - q < 0: v = (h + l)/p = a + T with a = fl(h/p) and T = (r + l)/p,
//     where r = h − ap is a double (the remainder of a correctly rounded
//     division is), computed exactly by a fused multiply-add; t =
//     fl(fl(r + l)/p) is off by at most about ulp(t).
//
// Each error is below (|fl(lp)| + |t|) × 2^−52, so E is taken as 2^−50 times
// that sum, which also covers the rounding of t − E and t + E themselves.
// Every value here is a normal double (v lies between 2^53 × 10^−22 and
// 2^64 × 10^22), so no step underflows or overflows.
func nearDecimal(m uint64, q int, neg bool) (float64, bool) {
	a, t, e := splitDecimal(m, q)
	if f := a + (t - e); f == a+(t+e) {
		return withSign(f, neg), true
	}
	return 0, false
}

// splitDecimal returns nearDecimal's a, t and E for m × 10^q.
func splitDecimal(m uint64, q int) (a, t, e float64) {
	h := float64(m)
	l := float64(int64(m - uint64(h)))
	if q >= 0 {
		p := pow10s[q]
		a = h * p
		lp := l * p
		t = math.FMA(h, p, -a) + lp
		return a, t, (math.Abs(lp) + math.Abs(t)) * 0x1p-50
	}
	p := pow10s[-q]
	a = h / p
	t = (math.FMA(-a, p, h) + l) / p
	return a, t, math.Abs(t) * 0x1p-50
}

// quickFloat returns readDecimal's answer for the number literal lit (RFC
// 8259's grammar), having read no more than its first 20 digits and 3
// exponent digits.
func quickFloat(lit []byte) (float64, bool) {
	i, neg := 0, lit[0] == '-'
	if neg {
		i = 1
	}
	var m uint64
	q := 0
	frac := false
	for ; i < len(lit) && lit[i] != 'e' && lit[i] != 'E'; i++ {
		if lit[i] == '.' {
			frac = true
			continue
		}
		if m >= 1e18 {
			return 0, false // m would pass 2^53
		}
		m = m*10 + uint64(lit[i]-'0')
		if frac {
			q--
		}
	}
	if i < len(lit) {
		i++
		eneg := lit[i] == '-'
		if lit[i] == '-' || lit[i] == '+' {
			i++
		}
		if len(lit)-i > 3 {
			return 0, false
		}
		e := 0
		for ; i < len(lit); i++ {
			e = e*10 + int(lit[i]-'0')
		}
		if eneg {
			e = -e
		}
		q += e
	}
	return readDecimal(m, 0, q, neg)
}

// withSign returns −f if neg is set, else f.
func withSign(f float64, neg bool) float64 {
	if neg {
		return -f
	}
	return f
}
