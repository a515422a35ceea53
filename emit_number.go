// Writing numbers: the ECMAScript form of a double that RFC 8785 requires.

package agentidemp

import (
	"math"
	"strconv"
)

// appendNumber appends to dst the text that ECMAScript's String(f) produces
// for the double f (ECMA-262 Number::toString with radix 10), which is the
// number form RFC 8785 (JSON Canonicalization Scheme), section 3.2.2.3,
// requires, and returns the extended slice.
//
// The digits are the shortest decimal string that reads back as exactly f;
// among equally short strings the one nearest to f is used. Writing those
// digits as d1 d2 ... dk with the value equal to 0.d1d2...dk × 10^n, the
// layout is:
//
//   - k ≤ n ≤ 21: the k digits followed by n−k zeros, no decimal point
//     (1e20 → "100000000000000000000", 2^68 → "295147905179352830000");
//   - 0 < n < k: the digits with a decimal point after the first n
//     (333333333.3333333);
//   - −6 < n ≤ 0: "0." then −n zeros then the digits (1e-6 → "0.000001");
//   - otherwise exponential form: the first digit, then "." and the
//     remaining digits if there are any, then "e", then "+" or "-", then
//     the magnitude of n−1 without leading zeros (1e21 → "1e+21",
//     1e-7 → "1e-7", 5e-324 → "5e-324", 1.5e300 → "1.5e+300").
//
// A negative value gets a leading "-"; both +0 and -0 give "0". The output
// is always a valid JSON number.
//
// f must be finite: callers reject NaN and ±Inf before calling (RFC 8785
// has no form for them), and their output here is unspecified.
//
// appendNumber does not allocate beyond growing dst.
func appendNumber(dst []byte, f float64) []byte {
	// Integers of magnitude at most 2^53 are exactly representable, and the
	// shortest digits are the integer's own digits (trailing zeros count
	// as the zero padding of the first rule), so they print as plain
	// integers. This also covers +0 and -0: int64(-0.0) is 0.
	if f >= -(1<<53) && f <= 1<<53 {
		if i := int64(f); float64(i) == f {
			return strconv.AppendInt(dst, i, 10)
		}
	}

	// Between 10^-6 and 10^21 ECMAScript writes no exponent, and its three
	// layouts without one are those of strconv's 'f' format with the
	// shortest digits: digits then zeros, digits with a point inside, or
	// "0." then zeros then digits. The shortest digits of f lie on the same
	// side of each bound as f does: they read back as f, and reading is
	// monotonic, while both bounds are doubles (10^21 = 2^21 × 5^21 exactly;
	// 1e-6 here is the double nearest 10^-6, whose shortest digits are "1").
	if a := math.Abs(f); a >= 1e-6 && a < 1e21 {
		return strconv.AppendFloat(dst, f, 'f', -1, 64)
	}

	// Shortest round-trip digits in the form [-]d[.ddd]e±XX[X]. The buffer
	// needs at most 1+1+1+16+1+1+3 = 24 bytes.
	var buf [32]byte
	s := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	if s[0] == '-' {
		dst = append(dst, '-')
		s = s[1:]
	}

	// Locate the exponent marker; the exponent has 2 or 3 digits.
	ei := len(s) - 4
	if s[ei] != 'e' {
		ei--
	}
	expNeg := s[ei+1] == '-'
	expDigits := s[ei+2:]
	exp := 0
	for _, c := range expDigits {
		exp = exp*10 + int(c-'0')
	}
	if expNeg {
		exp = -exp
	}
	n := exp + 1 // ECMAScript's n: value = 0.d1...dk × 10^n

	first := s[0]
	var rest []byte // d2...dk, possibly empty
	if ei > 1 {
		rest = s[2:ei]
	}
	k := 1 + len(rest)

	switch {
	case k <= n && n <= 21:
		dst = append(dst, first)
		dst = append(dst, rest...)
		for i := k; i < n; i++ {
			dst = append(dst, '0')
		}
	case 0 < n && n <= 21:
		// Here n < k ≤ 17, so the point falls inside the digits.
		dst = append(dst, first)
		dst = append(dst, rest[:n-1]...)
		dst = append(dst, '.')
		dst = append(dst, rest[n-1:]...)
	case -6 < n && n <= 0:
		dst = append(dst, '0', '.')
		for i := n; i < 0; i++ {
			dst = append(dst, '0')
		}
		dst = append(dst, first)
		dst = append(dst, rest...)
	default:
		dst = append(dst, first)
		if len(rest) > 0 {
			dst = append(dst, '.')
			dst = append(dst, rest...)
		}
		if expNeg {
			dst = append(dst, 'e', '-')
		} else {
			dst = append(dst, 'e', '+')
		}
		// strconv pads the exponent to two digits; drop that padding.
		for len(expDigits) > 1 && expDigits[0] == '0' {
			expDigits = expDigits[1:]
		}
		dst = append(dst, expDigits...)
	}
	return dst
}
