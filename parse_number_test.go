package agentidemp

import (
	"encoding/binary"
	"math"
	"math/big"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// TestCanonicalDecimal checks the rule by which the parse pass copies a
// number literal as it is (canonicalDecimal): every literal it accepts must
// be what appendNumber writes for the double the literal reads as. The
// literals are the rows of testdata/numbers.txt.gz (Node's String(x) of
// each row's double, which must then read as that double) and random
// decimals of 1 to 17 significant digits, up to 8 zeros after "0." and
// trailing zeros, among which the rule must refuse some of each kind it
// bounds.
func TestCanonicalDecimal(t *testing.T) {
	// accepts runs canonicalDecimal on a literal without exponent.
	accepts := func(lit string) bool {
		d := strings.TrimPrefix(lit, "-")
		point := strings.IndexByte(d, '.')
		return point > 0 && !strings.ContainsAny(d, "eE") && canonicalDecimal([]byte(d), point)
	}
	sc := gzipLines(t, "testdata/numbers.txt.gz")
	rows := 0
	for sc.Scan() {
		line := sc.Text()
		bits, _ := strconv.ParseUint(line[:16], 16, 64)
		if want := line[17:]; accepts(want) {
			rows++
			if f, err := strconv.ParseFloat(want, 64); err != nil || math.Float64bits(f) != bits {
				t.Errorf("%s is copied as it is, but Node writes it for %016x", want, bits)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows < 1000 {
		t.Errorf("only %d rows of testdata/numbers.txt.gz are copied as they are", rows)
	}

	r := rand.New(rand.NewSource(15))
	var refused [3]int // 16 or 17 digits, 6 or more zeros, a trailing zero
	for n := 0; n < 300000; n++ {
		sig := 1 + r.Intn(17)
		digits := []byte(strconv.FormatUint(r.Uint64(), 10))
		for len(digits) < sig {
			digits = append(digits, digits...)
		}
		digits = digits[:sig]
		digits[0] = '1' + byte(r.Intn(9))
		var lit string
		if point := r.Intn(sig + 1); point == 0 || point == sig {
			lit = "0." + strings.Repeat("0", r.Intn(9)) + string(digits)
		} else {
			lit = string(digits[:point]) + "." + string(digits[point:])
		}
		if r.Intn(2) == 0 {
			lit = "-" + lit
		}
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			t.Fatal(err)
		}
		canonical := string(appendNumber(nil, f)) == lit
		if accepts(lit) {
			if !canonical {
				t.Fatalf("%s is copied as it is, but its canonical form is %s", lit, appendNumber(nil, f))
			}
			continue
		}
		if canonical {
			continue // the rule is sufficient, not necessary
		}
		switch d := strings.TrimLeft(lit, "-0."); {
		case lit[len(lit)-1] == '0':
			refused[2]++
		case len(d)-strings.Count(d, ".") > 15:
			refused[0]++
		case strings.Contains(lit, "0.000000"):
			refused[1]++
		}
	}
	for k, what := range []string{"more than 15 digits", "6 or more zeros after 0.", "a trailing zero"} {
		if refused[k] == 0 {
			t.Errorf("no random literal with %s needed rewriting", what)
		}
	}
}

// TestQuickFloat checks quickFloat against strconv.ParseFloat on random
// literals of 1 to 20 digits around 2^53 and exponents around ±22, where a
// second rounding would show, and checks that it declines beyond them.
func TestQuickFloat(t *testing.T) {
	r := rand.New(rand.NewSource(53))
	quick := 0
	for n := 0; n < 500000; n++ {
		var digits string
		switch r.Intn(3) {
		case 0: // near 2^53, odd
			digits = strconv.FormatUint(1<<53-64+uint64(r.Intn(128))|1, 10)
		case 1:
			digits = strconv.FormatUint(r.Uint64()>>uint(r.Intn(64)), 10)
		default:
			digits = strconv.FormatUint(r.Uint64()%1e19, 10) + strings.Repeat("0", r.Intn(3))
		}
		lit := digits
		if p := r.Intn(len(digits) + 1); p < len(digits) && r.Intn(2) == 0 {
			lit = digits[:p] + "." + digits[p:]
			if p == 0 {
				lit = "0" + lit
			}
		}
		if r.Intn(2) == 0 {
			lit += []string{"e", "E", "e+", "e-", "E-"}[r.Intn(5)] + strconv.Itoa(r.Intn(40))
		}
		if r.Intn(2) == 0 {
			lit = "-" + lit
		}
		want, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			continue // beyond the double range
		}
		got, ok := quickFloat([]byte(lit))
		if !ok {
			continue
		}
		quick++
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("quickFloat(%s) = %v, strconv says %v", lit, got, want)
		}
	}
	if quick < 100000 {
		t.Errorf("quickFloat read only %d literals", quick)
	}
	for _, lit := range []string{"1e23", "1e-23", "12345678901234567890", "1e1000", "0.0000000000000000000000001"} {
		if f, ok := quickFloat([]byte(lit)); ok {
			t.Errorf("quickFloat(%s) = %v, true; want false", lit, f)
		}
	}
}

// TestNearDecimal checks readDecimal above 2^53 against strconv.ParseFloat:
// on random 17- to 19-digit integers m with every exponent q from −22 to 22,
// where it must answer nearly always; and on values that are exactly the
// midpoint between two adjacent doubles, the one case where its bracket
// cannot decide, where it may decline but must never be wrong.
func TestNearDecimal(t *testing.T) {
	check := func(m uint64, q int, neg bool) bool {
		t.Helper()
		lit := strconv.FormatUint(m, 10) + "e" + strconv.Itoa(q)
		if neg {
			lit = "-" + lit
		}
		want, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			t.Fatalf("%s: %v", lit, err)
		}
		got, ok := readDecimal(m, len(strconv.FormatUint(m, 10)), q, neg)
		if ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("readDecimal(%s) = %v, strconv says %v", lit, got, want)
		}
		return ok
	}
	r := rand.New(rand.NewSource(1 << 53))
	answered, n := 0, 0
	per := 20000
	if testing.Short() {
		per = 2000
	}
	for q := -22; q <= 22; q++ {
		for k := 0; k < per; k++ {
			m := 1<<53 + 1 + r.Uint64()%(1e19-1<<53)
			n++
			if check(m, q, r.Intn(2) == 0) {
				answered++
			}
		}
	}
	if answered < n-n/1000 {
		t.Errorf("readDecimal answered %d of %d", answered, n)
	}
	// Midpoints: a double d, and d plus half its ulp written as m × 10^q.
	mids := 0
	for k := 0; k < per; k++ {
		d := math.Ldexp(float64(1<<52+r.Int63n(1<<52)), 50-r.Intn(60))
		mid := new(big.Rat).SetFloat64(d)
		mid.Add(mid, new(big.Rat).SetFloat64((math.Nextafter(d, math.Inf(1))-d)/2))
		for q := -22; q <= 22; q++ {
			x := new(big.Rat).Mul(mid, new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(q+22)), nil)))
			x.Mul(x, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(22), nil)))
			if !x.IsInt() || !x.Num().IsUint64() || x.Num().Uint64() <= 1<<53 || x.Num().Uint64() >= 1e19 {
				continue
			}
			mids++
			check(x.Num().Uint64(), q, k%2 == 0)
		}
	}
	if mids < per/10 {
		t.Errorf("only %d midpoints tried", mids)
	}
	t.Logf("answered %d of %d; %d midpoints", answered, n, mids)
}

// splitDecimal's bound holds with room to spare: a is a double, and t is
// within E/4 of the exact rest v − a, computed with math/big, on integers m
// just above 2^53, up to 10^19 and of every size between, with every q,
// including those where the rest nearly cancels.
func TestSplitDecimalBound(t *testing.T) {
	r := rand.New(rand.NewSource(19))
	per := 3000
	if testing.Short() {
		per = 300
	}
	for q := -22; q <= 22; q++ {
		pow := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(q, -q))), nil))
		for k := 0; k < per; k++ {
			var m uint64
			switch k % 3 {
			case 0:
				m = 1<<53 + 1 + r.Uint64()%1024
			case 1:
				m = 1e19 - 1 - r.Uint64()%1024
			default:
				m = 1<<53 + 1 + r.Uint64()%(1e19-1<<53)
			}
			a, tt, e := splitDecimal(m, q)
			v := new(big.Rat).SetInt(new(big.Int).SetUint64(m))
			if q >= 0 {
				v.Mul(v, pow)
			} else {
				v.Quo(v, pow)
			}
			rest := v.Sub(v, new(big.Rat).SetFloat64(a))
			off := rest.Sub(rest, new(big.Rat).SetFloat64(tt))
			off.Abs(off)
			if off.Cmp(new(big.Rat).SetFloat64(e/4)) > 0 {
				f, _ := off.Float64()
				t.Fatalf("m=%d q=%d: t is off by %g, E = %g", m, q, f, e)
			}
		}
	}
}

// eightDigits must hold exactly when all 8 bytes are ASCII digits, whatever
// the other bytes (a carry from one byte must not hide or invent another),
// and eightDigitsValue must then read them as strconv does.
func TestEightDigits(t *testing.T) {
	check := func(w [8]byte) {
		t.Helper()
		want := true
		for _, c := range w {
			want = want && '0' <= c && c <= '9'
		}
		x := binary.LittleEndian.Uint64(w[:])
		if got := eightDigits(x); got != want {
			t.Fatalf("eightDigits(%q) = %v", w, got)
		}
		if want {
			v, _ := strconv.ParseUint(string(w[:]), 10, 64)
			if got := eightDigitsValue(x); got != v {
				t.Fatalf("eightDigitsValue(%q) = %d", w, got)
			}
		}
	}
	eachByteInWords([]byte{'0', '5', '9', 0xff}, check)
	r := rand.New(rand.NewSource(8))
	for n := 0; n < 100000; n++ {
		var w [8]byte
		for k := range w {
			w[k] = '0' + byte(r.Intn(10))
		}
		check(w)
	}
}

// isJSONNumber reports whether s matches the JSON number grammar of
// RFC 8259, section 6:
//
//	number = [ minus ] int [ frac ] [ exp ]
//	int    = zero / ( digit1-9 *DIGIT )
//	frac   = decimal-point 1*DIGIT
//	exp    = e [ minus / plus ] 1*DIGIT
func isJSONNumber(s string) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		digits()
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
