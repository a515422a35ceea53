package agentidemp

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// Long number literals: every literal, of any length and any exponent, is
// read to its correctly rounded double. Expected values come from Node's
// Number() (the table and testdata/longnumbers.txt.gz, both written by
// testdata/gen_longnumbers.js, which checks them against Python's float())
// and from math/big (the fuzz targets).

// lnMidpoint returns the exact midpoint between the positive double with bit
// pattern bits and the next double up, as digits × 10^e with no trailing
// zeros in digits, computed with math/big (as gen_longnumbers.js's midpoint
// does with BigInt).
func lnMidpoint(bits uint64) (digits string, e int) {
	m, k := lnSplit(bits)
	return lnDyadic(2*m+1, k-1)
}

// lnExact returns the exact value of the positive double with bit pattern
// bits as digits × 10^e, digits without trailing zeros (or "0").
func lnExact(bits uint64) (digits string, e int) {
	return lnDyadic(lnSplit(bits))
}

// lnSplit returns m and k with the double of bit pattern bits (sign
// ignored) equal to m × 2^k.
func lnSplit(bits uint64) (m uint64, k int) {
	be := int(bits >> 52 & 0x7ff)
	m = bits & (1<<52 - 1)
	k = -1074
	if be != 0 {
		m |= 1 << 52
		k = be - 1075
	}
	return m, k
}

// lnDyadic returns m × 2^k in decimal as digits × 10^e, digits without
// trailing zeros.
func lnDyadic(m uint64, k int) (digits string, e int) {
	v := new(big.Int).SetUint64(m)
	if k >= 0 {
		digits = v.Lsh(v, uint(k)).String()
	} else {
		p := new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(-k)), nil)
		digits, e = v.Mul(v, p).String(), k
	}
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits, e = digits[:len(digits)-1], e+1
	}
	return digits, e
}

// lnNudge returns digits × 10^e plus (up) or minus one unit z+1 places
// below its last digit.
func lnNudge(digits string, e, z int, up bool) (string, int) {
	if up {
		return digits + strings.Repeat("0", z) + "1", e - z - 1
	}
	v, _ := new(big.Int).SetString(digits+strings.Repeat("0", z+1), 10)
	return v.Sub(v, big.NewInt(1)).String(), e - z - 1
}

// lnExpand returns the literal a recipe of gen_longnumbers.js stands for:
// space-separated pieces, concatenated; "X*N" is X repeated N times,
// "mid(H)" the midpoint above the double with bits H as digits "e" exponent,
// "mid(H)+Z" and "mid(H)-Z" that plus or minus one unit Z+1 places below its
// last digit.
func lnExpand(t testing.TB, recipe string) string {
	t.Helper()
	var b strings.Builder
	for _, piece := range strings.Split(recipe, " ") {
		if strings.HasPrefix(piece, "mid(") && len(piece) >= 21 && piece[20] == ')' {
			bits, err := strconv.ParseUint(piece[4:20], 16, 64)
			if err != nil {
				t.Fatalf("recipe %q: %v", recipe, err)
			}
			d, e := lnMidpoint(bits)
			if rest := piece[21:]; rest != "" {
				z, err := strconv.Atoi(rest[1:])
				if err != nil || rest[0] != '+' && rest[0] != '-' {
					t.Fatalf("recipe %q: bad nudge %q", recipe, rest)
				}
				d, e = lnNudge(d, e, z, rest[0] == '+')
			}
			b.WriteString(d + "e" + strconv.Itoa(e))
		} else if x, n, ok := strings.Cut(piece, "*"); ok {
			count, err := strconv.Atoi(n)
			if err != nil {
				t.Fatalf("recipe %q: %v", recipe, err)
			}
			b.WriteString(strings.Repeat(x, count))
		} else {
			b.WriteString(piece)
		}
	}
	return b.String()
}

// lnCheck checks the canonical form of the literal lit, alone and inside an
// array, against what mark and want (String(Number(lit)) in Node) say; see
// testdata/gen_longnumbers.js.
func lnCheck(t *testing.T, where, lit string, mark byte, want string) {
	t.Helper()
	for _, wrap := range []struct{ head, tail string }{{"", ""}, {"[true, ", "]"}} {
		in := []byte(wrap.head + lit + wrap.tail)
		at := len(wrap.head)
		got, err := CanonicalJSON(in)
		switch mark {
		case 'f', 'i':
			w := want
			if wrap.head != "" {
				w = "[true," + want + "]"
			}
			if err != nil || string(got) != w {
				t.Errorf("%s: CanonicalJSON(%s) = %s, %v, want %s", where, ctShort(in), got, err, w)
			}
		case 'u':
			ctCheckRefusal(t, in, ErrUnsafeInteger, at)
			var je *JSONError
			if errors.As(err, &je) && je.Detail != "a double reads it as "+want {
				t.Errorf("%s: CanonicalJSON(%s): detail %q, want the double %s", where, ctShort(in), je.Detail, want)
			}
		case 'r':
			ctCheckRefusal(t, in, ErrNumberRange, at)
		default:
			t.Fatalf("%s: unknown mark %q", where, mark)
		}
	}
}

// TestLongNumberTable checks the cases of issue 7 and their neighbours. The
// expected values were produced by Node 20 with
//
//	node testdata/gen_longnumbers.js --table
//
// which prints these rows: recipe (see lnExpand), mark (see
// gen_longnumbers.js: f and i give the third field as output, u is
// ErrUnsafeInteger, r is ErrNumberRange) and String(Number(literal)).
func TestLongNumberTable(t *testing.T) {
	for _, tc := range lnTable {
		lnCheck(t, tc.recipe, lnExpand(t, tc.recipe), tc.mark, tc.want)
	}
}

var lnTable = []struct {
	recipe string
	mark   byte
	want   string
}{
	{"9007199254740993 0*1000 1e-1001", 'f', "9007199254740994"},
	{"9007199254740993 0*790 1e-791", 'f', "9007199254740994"},
	{"9007199254740993 0*1000 e-1000", 'f', "9007199254740992"},
	{"9007199254740993 . 0*1000 1", 'f', "9007199254740994"},
	{"9007199254740992 . 9*1000", 'f', "9007199254740992"},
	{"9007199254740993 0*1000", 'r', "Infinity"},
	{"0. 0*99999 1e100000", 'f', "1"},
	{"1 0*99999 e-100000", 'f', "0.1"},
	{"1 e 0*100000 5", 'f', "100000"},
	{"- 1 . 0*50 1 E+ 0*40 3", 'f', "-1000"},
	{"1*2000 e-1990", 'f', "1111111111.1111112"},
	{"0e99999999999999999999", 'f', "0"},
	{"-0e-99999999999999999999", 'f', "0"},
	{"0. 0*1000 e99999999999999999999", 'f', "0"},
	{"1e-99999999999999999999", 'f', "0"},
	{"1e99999999999999999999", 'r', "Infinity"},
	{"0. 0*1000 1e99999999999999999999", 'r', "Infinity"},
	{"1 0*1000 e-99999999999999999999", 'f', "0"},
	{"1 0*1000 e-1000", 'f', "1"},
	{"1 0*1000 e-1309", 'f', "1e-309"},
	{"1 0*1000 e-692", 'f', "1e+308"},
	{"1 0*308", 'u', "1e+308"},
	{"1 0*400", 'r', "Infinity"},
	{"- 1 0*400", 'r', "-Infinity"},
	{"1 0*400 .5", 'r', "Infinity"},
	{"17976931348623158 0*292", 'u', "1.7976931348623157e+308"},
	{"17976931348623159 0*292", 'r', "Infinity"},
	{"mid(0000000000000000)", 'f', "0"},
	{"mid(0000000000000000)+0", 'f', "5e-324"},
	{"mid(0000000000000000)-0", 'f', "0"},
	{"mid(0000000000000001)", 'f', "1e-323"},
	{"mid(0000000000000001)+1000", 'f', "1e-323"},
	{"mid(0000000000000001)-1000", 'f', "5e-324"},
	{"mid(000fffffffffffff)", 'f', "2.2250738585072014e-308"},
	{"mid(000fffffffffffff)+10", 'f', "2.2250738585072014e-308"},
	{"mid(000fffffffffffff)-10", 'f', "2.225073858507201e-308"},
	{"mid(000ffffffffffffe)", 'f', "2.2250738585072004e-308"},
	{"mid(0010000000000000)", 'f', "2.2250738585072014e-308"},
	{"mid(3fb999999999999a)", 'f', "0.1"},
	{"mid(3fb999999999999a)+800", 'f', "0.10000000000000002"},
	{"mid(3fb999999999999a)-800", 'f', "0.1"},
	{"mid(3ff0000000000000)", 'f', "1"},
	{"mid(3ff0000000000000)+800", 'f', "1.0000000000000002"},
	{"mid(3ff0000000000000)-800", 'f', "1"},
	{"mid(4340000000000000)", 'f', "9007199254740992"},
	{"mid(7fefffffffffffff)", 'r', "Infinity"},
	{"mid(7fefffffffffffff)+0", 'r', "Infinity"},
	{"mid(7fefffffffffffff)-0", 'f', "1.7976931348623157e+308"},
	{"mid(7fefffffffffffff)-3000", 'f', "1.7976931348623157e+308"},
	{"- mid(7feffffffffffffe)+3000", 'f', "-1.7976931348623157e+308"},
	{"0.1000000000000000055511151231257827021181583404541015625", 'f', "0.1"},
	{"2.2250738585072011 0*800 e-308", 'f', "2.225073858507201e-308"},
	{"2.2250738585072012 0*800 e-308", 'f', "2.2250738585072014e-308"},
}

// TestLongNumberVectors checks every row of testdata/longnumbers.txt.gz
// (see testdata/gen_longnumbers.js).
func TestLongNumberVectors(t *testing.T) {
	const minRows = 3000
	sc := gzipLines(t, "testdata/longnumbers.txt.gz")
	rows := 0
	marks := map[string]int{}
	longest := 0
	for sc.Scan() {
		rows++
		f := strings.Split(sc.Text(), " ")
		if len(f) != 3 || len(f[0]) != 1 {
			t.Fatalf("line %d: malformed: %.80q", rows, sc.Text())
		}
		marks[f[0]]++
		longest = max(longest, len(f[1]))
		lnCheck(t, "line "+strconv.Itoa(rows), f[1], f[0][0], f[2])
	}
	if err := sc.Err(); err != nil { // a bad gzip checksum shows here
		t.Fatal(err)
	}
	if rows < minRows {
		t.Errorf("%d rows, want at least %d", rows, minRows)
	}
	for _, m := range []string{"f", "i", "u", "r"} {
		if marks[m] < 20 {
			t.Errorf("%d rows marked %s, want at least 20", marks[m], m)
		}
	}
	if longest < 100000 {
		t.Errorf("longest literal %d bytes, want at least 100000", longest)
	}
	t.Logf("%d rows checked (marks %v)", rows, marks)
}

// lnRef returns the double nearest to ±digits × 10^e, ties to even, and
// whether it is finite, computed with math/big.
func lnRef(neg bool, digits string, e int) (float64, bool) {
	d, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		panic("lnRef: bad digits " + digits)
	}
	r := new(big.Rat).SetInt(d)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(e, -e))), nil)
	if e >= 0 {
		r.Mul(r, new(big.Rat).SetInt(p))
	} else {
		r.Quo(r, new(big.Rat).SetInt(p))
	}
	f, _ := r.Float64()
	if neg {
		f = -f
	}
	return f, !math.IsInf(f, 0)
}

// lnSpell writes ±digits × 10^e (digits without leading zeros) as a JSON
// literal with a fraction or an exponent, in one of several forms chosen by
// form, with z extra zeros where the form has room for them.
func lnSpell(neg bool, digits string, e int, form uint8, z int) string {
	n := len(digits)
	var s string
	exp := func(x int) string {
		es := "e"
		if form&0x80 != 0 {
			es = "E"
		}
		if x < 0 {
			es += "-"
		} else if form&0x40 != 0 {
			es += "+"
		}
		if form&0x20 != 0 {
			es += "000"
		}
		return es + strconv.Itoa(max(x, -x))
	}
	switch form % 5 {
	case 0: // d.ddd000 e±x
		s = digits[:1] + "." + digits[1:] + strings.Repeat("0", z) + "0" + exp(e+n-1)
	case 1: // ddd000 e±x
		s = digits + strings.Repeat("0", z) + exp(e-z)
	case 2: // 0.000ddd e±x
		s = "0." + strings.Repeat("0", z) + digits + exp(e+n+z)
	case 3: // the point in the middle of the digits
		at := (n + 1) / 2
		frac := digits[at:] + strings.Repeat("0", z)
		if frac == "" {
			frac = "0"
		}
		s = digits[:at] + "." + frac + exp(e+n-at)
	default: // plain decimal notation where short enough
		switch {
		case e < 0 && -e < n:
			s = digits[:n+e] + "." + digits[n+e:] + strings.Repeat("0", z)
		case e < 0 && -e-n <= 4000:
			s = "0." + strings.Repeat("0", -e-n) + digits
		case e >= 0 && e <= 400:
			s = digits + strings.Repeat("0", e) + "." + strings.Repeat("0", z+1)
		default:
			s = digits + exp(e)
		}
	}
	if neg {
		s = "-" + s
	}
	return s
}

// FuzzLongNumber builds long literals around the double with bit pattern
// bits: the exact midpoint between it and the next double up, that
// midpoint nudged by one unit up to 65535 places below its last digit, its
// exact decimal value with a tail of digits, and long runs of zeros; then
// checks the canonical form against math/big and against the canonical
// form of the shortest spelling of the same double. It is seeded with the
// midpoints and neighbours of TestLongNumberTable and with doubles at the
// edges of the range.
func FuzzLongNumber(f *testing.F) {
	for _, tc := range lnTable {
		r := tc.recipe
		neg := strings.HasPrefix(r, "- ")
		r = strings.TrimPrefix(r, "- ")
		if !strings.HasPrefix(r, "mid(") {
			continue
		}
		bits, err := strconv.ParseUint(r[4:20], 16, 64)
		if err != nil {
			f.Fatal(err)
		}
		shape := uint8(0)
		z := 0
		if rest := r[21:]; rest != "" {
			z, _ = strconv.Atoi(rest[1:])
			shape = 1
			if rest[0] == '-' {
				shape = 2
			}
		}
		if neg {
			shape |= 0x10
		}
		f.Add(bits, shape, uint16(z), uint8(0))
	}
	for _, bits := range []uint64{0x3ff0000000000000, 0x4340000000000000,
		0x3fb999999999999a, 0x0000000000000001, 0x7fefffffffffffff, 0x0010000000000000,
		0x44b52d02c7e14af6, 0x000fffffffffffff} {
		for shape := uint8(0); shape < 5; shape++ {
			f.Add(bits, shape, uint16(900), shape*51)
		}
	}
	f.Fuzz(func(t *testing.T, bits uint64, shape uint8, z16 uint16, form uint8) {
		bits &^= 1 << 63
		x := math.Float64frombits(bits)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		z := int(z16) % 4000
		neg := shape&0x10 != 0
		var digits string
		var e int
		switch shape & 0x0f % 5 {
		case 0, 1, 2: // the midpoint, exact or nudged up or down
			digits, e = lnMidpoint(bits)
			if s := shape & 0x0f % 5; s != 0 {
				digits, e = lnNudge(digits, e, z, s == 1)
			}
			z = int(z16) % 40
		case 3: // the exact value of x, a run of zeros and a tail
			if x == 0 {
				return
			}
			digits, e = lnExact(bits)
			tail := strconv.FormatUint(bits%1000, 10)
			digits += strings.Repeat("0", z) + tail
			e -= z + len(tail)
			z = int(z16) % 40
		default: // the shortest digits of x, spelled with z zeros around them
			if x == 0 {
				return
			}
			short := strconv.FormatFloat(x, 'e', -1, 64)
			mant, exp, _ := strings.Cut(short, "e")
			digits = strings.Replace(mant, ".", "", 1)
			e, _ = strconv.Atoi(exp)
			e -= len(digits) - 1
		}
		lit := lnSpell(neg, digits, e, form, z)
		want, finite := lnRef(neg, digits, e)

		got, err := CanonicalJSON([]byte(lit))
		if !finite {
			if !errors.Is(err, ErrNumberRange) {
				t.Fatalf("CanonicalJSON(%s) = %s, %v, want ErrNumberRange", ctShort([]byte(lit)), got, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("CanonicalJSON(%s): %v, want %s", ctShort([]byte(lit)), err, ctESNumber(want))
		}
		if string(got) != ctESNumber(want) {
			t.Fatalf("CanonicalJSON(%s) = %s, want %s (math/big)", ctShort([]byte(lit)), got, ctESNumber(want))
		}
		short := strconv.FormatFloat(want, 'g', -1, 64)
		if gotShort, err := CanonicalJSON([]byte(short)); err != nil || string(gotShort) != string(got) {
			t.Fatalf("CanonicalJSON(%s) = %s, but its shortest spelling %s gives %s, %v",
				ctShort([]byte(lit)), got, short, gotShort, err)
		}
	})
}

// lnDecompose splits a JSON number literal into its sign, its mantissa
// digits without the point (leading zeros kept) and its decimal exponent,
// so that the value is ±digits × 10^e; ok is false when the exponent's
// magnitude exceeds 10000 (to keep math/big fast).
func lnDecompose(lit string) (neg bool, digits string, e int, ok bool) {
	neg = strings.HasPrefix(lit, "-")
	lit = strings.TrimPrefix(lit, "-")
	mant, exp, hasExp := strings.Cut(strings.ToLower(lit), "e")
	if hasExp {
		x, err := strconv.Atoi(exp)
		if err != nil || x > 10000 || x < -10000 {
			return neg, "", 0, false
		}
		e = x
	}
	if in, frac, ok := strings.Cut(mant, "."); ok {
		mant = in + frac
		e -= len(frac)
	}
	return neg, mant, e, true
}

// FuzzReadFloat checks readFloat and readLongFloat on any JSON number
// literal against math/big, and, on literals of at most 32 bytes (where
// strconv.ParseFloat is exact), readLongFloat against strconv.ParseFloat
// bit for bit, zeros' signs included.
func FuzzReadFloat(f *testing.F) {
	for _, tc := range lnTable {
		if lit := lnExpand(f, tc.recipe); len(lit) < 2000 {
			f.Add(lit)
		}
	}
	for _, s := range []string{"0", "-0", "1", "-1.5e-7", "0.1", "9007199254740993",
		"1e-400", "1e400", "4.9406564584124654e-324", "2.4703282292062328e-324",
		"1.7976931348623158e308", "1.7976931348623159e308", "123456789012345678901234567890"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, lit string) {
		if !isJSONNumber(lit) {
			return
		}
		got, ok := readLongFloat([]byte(lit))
		got2, ok2 := readFloat([]byte(lit))
		if len(lit) <= shortLiteral {
			want, err := strconv.ParseFloat(lit, 64)
			if math.Float64bits(got) != math.Float64bits(want) && ok || ok != (err == nil) {
				t.Fatalf("readLongFloat(%s) = %v, %v; strconv: %v, %v", lit, got, ok, want, err)
			}
		}
		neg, digits, e, small := lnDecompose(lit)
		if !small || len(digits) > 20000 {
			return
		}
		want, finite := lnRef(neg, digits, e)
		if ok != finite || ok && got != want || ok2 != finite || ok2 && got2 != want {
			t.Fatalf("%s: readLongFloat %v, %v; readFloat %v, %v; math/big %v, finite %v",
				ctShort([]byte(lit)), got, ok, got2, ok2, want, finite)
		}
		// The parser reads the literal on its own path (readDigits,
		// readDecimal): its canonical form must be that of the same double.
		out, err := CanonicalJSON([]byte(lit))
		switch {
		case !finite:
			if !errors.Is(err, ErrNumberRange) {
				t.Fatalf("%s: got %q, %v; want ErrNumberRange", ctShort([]byte(lit)), out, err)
			}
		case errors.Is(err, ErrUnsafeInteger) && !strings.ContainsAny(lit, ".eE"):
		case err != nil || string(out) != string(appendNumber(nil, want)):
			t.Fatalf("%s: got %q, %v; want %s", ctShort([]byte(lit)), out, err, appendNumber(nil, want))
		}
	})
}

// TestReadLongFloatShort runs readLongFloat, the path for literals longer
// than 32 bytes, on the short literals of the table and on the shortest
// and 17-digit spellings of many doubles, where strconv.ParseFloat is
// exact, and on their exact decimal values.
func TestReadLongFloatShort(t *testing.T) {
	var x uint64 = 0x9e3779b97f4a7c15
	for i := 0; i < 4000; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		bits := x &^ (1 << 63)
		if i%3 == 0 {
			bits &= 1<<52 - 1 // subnormal
		}
		v := math.Float64frombits(bits)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		for _, lit := range []string{
			strconv.FormatFloat(v, 'e', -1, 64),
			strconv.FormatFloat(-v, 'g', 17, 64),
			strconv.FormatFloat(v, 'e', 25, 64),
			lnExactLiteral(bits),
		} {
			got, ok := readLongFloat([]byte(lit))
			if !ok || got != v && got != -v {
				t.Fatalf("readLongFloat(%s) = %v, %v, want ±%v (bits %016x)", lit, got, ok, v, bits)
			}
		}
	}
}

// lnExactLiteral spells the exact value of the double with bit pattern
// bits.
func lnExactLiteral(bits uint64) string {
	d, e := lnExact(bits)
	return d + "e" + strconv.Itoa(e)
}

// TestLongNumberAllocs checks that long literals, including ones that take
// the exact comparison, cost no allocation once the scratch memory is warm.
func TestLongNumberAllocs(t *testing.T) {
	ctSkipAllocs(t)
	lits := []string{
		"9007199254740993" + strings.Repeat("0", 1000) + "1e-1001",
		"0." + strings.Repeat("0", 99999) + "1e100000",
		lnExpand(t, "mid(0000000000000001)+1000"),
		lnExpand(t, "mid(3fb999999999999a)"),
		lnExpand(t, "mid(000fffffffffffff)-10"),
		"-1234567890.12345678901234567890123456789",
		"123456789012345680000",
		"1e-99999999999999999999",
	}
	doc := []byte("[" + strings.Join(lits, ",") + "]")
	want, err := CanonicalJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]byte, 0, len(want)+64)
	if allocs := ctAllocs(20, func() {
		if dst, err = AppendCanonicalJSON(dst[:0], doc); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Errorf("AppendCanonicalJSON of long literals: %v allocations, want 0", allocs)
	}
	if string(dst) != string(want) {
		t.Errorf("AppendCanonicalJSON = %s, want %s", dst, want)
	}
}

// BenchmarkLongNumber reads literals of growing length: the time per byte
// stays flat (linear time). "midpoint" takes the exact comparison.
func BenchmarkLongNumber(b *testing.B) {
	cases := []struct{ name, lit string }{
		{"short", "1.2345678901234567e-89"},
		{"100B", "0." + strings.Repeat("0", 80) + "15e81"},
		{"10KB", "0." + strings.Repeat("0", 9980) + "15e9981"},
		{"1MB", "0." + strings.Repeat("0", 1<<20) + "15e1048577"},
		{"digits_1KB", "1." + strings.Repeat("3", 1000) + "e7"},
		{"digits_1MB", "1." + strings.Repeat("3", 1<<20) + "e7"},
		{"midpoint", lnExpand(b, "mid(0000000000000001)+1000")},
	}
	for _, tc := range cases {
		doc := []byte(tc.lit)
		b.Run(tc.name, func(b *testing.B) {
			dst, err := CanonicalJSON(doc)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if dst, err = AppendCanonicalJSON(dst[:0], doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A literal exactly halfway between two doubles rounds to the one with an
// even significand however many zeros follow its digits, also past the 800
// digits that the exact comparison keeps; one nonzero digit anywhere after
// them rounds it up.
func TestLongMidpointZeros(t *testing.T) {
	for _, bits := range []uint64{0x3ff0000000000000, 0x3ff0000000000001, 0x0000000000000002, 0x7fe0000000000003} {
		digits, e := lnMidpoint(bits)
		even, up := bits, bits+1
		if bits&1 == 1 {
			even = up
		}
		for _, zeros := range []int{800 - len(digits), 801 - len(digits), 1000} {
			tie := digits + strings.Repeat("0", zeros) + "e" + strconv.Itoa(e-zeros)
			above := digits + strings.Repeat("0", zeros) + "1e" + strconv.Itoa(e-zeros-1)
			for _, tc := range []struct {
				lit  string
				bits uint64
			}{{tie, even}, {above, up}} {
				want := ctESNumber(math.Float64frombits(tc.bits))
				if got, err := CanonicalJSON([]byte(tc.lit)); err != nil || string(got) != want {
					t.Errorf("CanonicalJSON(%s) = %s, %v, want %s", ctShort([]byte(tc.lit)), got, err, want)
				}
			}
		}
	}
}

// A literal that cuts a midpoint between two doubles short, to fewer
// digits than it has, lies below it, and one that rounds the cut up lies
// above it, so they read as the lower and the upper double: here the
// literal has fewer significant digits than the midpoint, the case where
// the exact comparison scales the literal's side by a power of two.
func TestLongMidpointCut(t *testing.T) {
	for _, bits := range []uint64{0x3ff0000000000000, 0x3fb999999999999a, 0x0000000000000002, 0x000fffffffffffff, 0x4340000000000001, 0x7fe0000000000003} {
		digits, e := lnMidpoint(bits)
		for _, k := range []int{20, 25, 40} {
			if k >= len(digits) {
				continue
			}
			exp := "e" + strconv.Itoa(e+len(digits)-k)
			cut, _ := new(big.Int).SetString(digits[:k], 10)
			below := cut.String() + exp
			above := cut.Add(cut, big.NewInt(1)).String() + exp
			for _, tc := range []struct {
				lit  string
				bits uint64
			}{{below, bits}, {above, bits + 1}} {
				want := ctESNumber(math.Float64frombits(tc.bits))
				if got, err := CanonicalJSON([]byte(tc.lit)); err != nil || string(got) != want {
					t.Errorf("CanonicalJSON(%s) = %s, %v, want %s", tc.lit, got, err, want)
				}
			}
		}
	}
}
