package agentidemp

import (
	"bytes"
	"math"
	"strconv"
	"testing"
)

// TestNumberVectors checks appendNumber against testdata/numbers.txt.gz, whose
// expected strings were produced by Node's String(x) (see
// testdata/gen_numbers.js).
func TestNumberVectors(t *testing.T) {
	const minRows = 100000
	const maxReported = 10

	sc := gzipLines(t, "testdata/numbers.txt.gz")
	rows, bad := 0, 0
	var buf []byte
	for sc.Scan() {
		line := sc.Bytes()
		rows++
		sp := bytes.IndexByte(line, ' ')
		if sp != 16 || len(line) < 18 {
			t.Fatalf("line %d: malformed %q", rows, line)
		}
		bits, err := strconv.ParseUint(string(line[:16]), 16, 64)
		if err != nil {
			t.Fatalf("line %d: bad bit pattern %q: %v", rows, line[:16], err)
		}
		f := math.Float64frombits(bits)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			t.Fatalf("line %d: non-finite value %016x in test data", rows, bits)
		}
		want := line[sp+1:]
		buf = appendNumber(buf[:0], f)
		if !bytes.Equal(buf, want) {
			bad++
			if bad <= maxReported {
				t.Errorf("line %d: bits %016x: want %s, got %s", rows, bits, want, buf)
			}
		}
	}
	if err := sc.Err(); err != nil { // a bad gzip checksum shows here
		t.Fatal(err)
	}
	if bad > maxReported {
		t.Errorf("%d mismatches in all, only the first %d shown", bad, maxReported)
	}
	if rows < minRows {
		t.Fatalf("testdata/numbers.txt.gz has %d rows, want at least %d", rows, minRows)
	}
	t.Logf("%d rows checked", rows)
}

func TestNumberTable(t *testing.T) {
	// Computed at run time: constant arithmetic in Go is exact, so the
	// constant expression 0.1 + 0.2 would be 0.3.
	tenth, fifth := 0.1, 0.2
	tests := []struct {
		name string
		f    float64
		want string
	}{
		// ECMA-262, Number::toString: +0 and -0 both give "0".
		{"zero", 0, "0"},
		{"negative zero", math.Copysign(0, -1), "0"},
		{"one", 1, "1"},
		{"minus one", -1, "-1"},
		{"tenth", 0.1, "0.1"},
		{"0.1+0.2", tenth + fifth, "0.30000000000000004"},
		{"half", -0.5, "-0.5"},
		{"small integer", 42, "42"},
		{"large safe integer", 1234567890123, "1234567890123"},
		{"fraction", 123.456, "123.456"},
		// ECMA-262, Number::toString: n ≤ 21 stays in plain notation,
		// 21 < n switches to exponential form.
		{"1e20", 1e20, "100000000000000000000"},
		{"1e21", 1e21, "1e+21"},
		{"1.5e21", 1.5e21, "1.5e+21"},
		{"123456789012345680000", 123456789012345680000, "123456789012345680000"},
		// ECMA-262, Number::toString: -6 < n ≤ 0 gives "0.000...", n ≤ -6
		// switches to exponential form.
		{"1e-6", 1e-6, "0.000001"},
		{"1.5e-6", 1.5e-6, "0.0000015"},
		{"1e-7", 1e-7, "1e-7"},
		{"1.5e-7", -1.5e-7, "-1.5e-7"},
		{"123e-20", 123e-20, "1.23e-18"},
		// 2^53 + 1 is not a double; the literal rounds to 2^53.
		{"2^53+1", 9007199254740993, "9007199254740992"},
		{"2^53", 1 << 53, "9007199254740992"},
		{"2^53+2", 1<<53 + 2, "9007199254740994"},
		{"max safe integer", 1<<53 - 1, "9007199254740991"},
		{"min safe integer", -(1<<53 - 1), "-9007199254740991"},
		{"2^63", 1 << 63, "9223372036854776000"},
		{"2^64", 1 << 64, "18446744073709552000"},
		// RFC 8785, Appendix B (finite rows), given there by IEEE-754 bits.
		{"RFC 8785 B: min pos", math.Float64frombits(0x0000000000000001), "5e-324"},
		{"RFC 8785 B: min neg", math.Float64frombits(0x8000000000000001), "-5e-324"},
		{"RFC 8785 B: max pos", math.Float64frombits(0x7fefffffffffffff), "1.7976931348623157e+308"},
		{"RFC 8785 B: max neg", math.Float64frombits(0xffefffffffffffff), "-1.7976931348623157e+308"},
		{"RFC 8785 B: max pos int", math.Float64frombits(0x4340000000000000), "9007199254740992"},
		{"RFC 8785 B: max neg int", math.Float64frombits(0xc340000000000000), "-9007199254740992"},
		{"RFC 8785 B: ~2^68", math.Float64frombits(0x4430000000000000), "295147905179352830000"},
		{"RFC 8785 B: 44b52d02c7e14af5", math.Float64frombits(0x44b52d02c7e14af5), "9.999999999999997e+22"},
		{"RFC 8785 B: 44b52d02c7e14af6", math.Float64frombits(0x44b52d02c7e14af6), "1e+23"},
		{"RFC 8785 B: 44b52d02c7e14af7", math.Float64frombits(0x44b52d02c7e14af7), "1.0000000000000001e+23"},
		{"RFC 8785 B: 444b1ae4d6e2ef4e", math.Float64frombits(0x444b1ae4d6e2ef4e), "999999999999999700000"},
		{"RFC 8785 B: 444b1ae4d6e2ef4f", math.Float64frombits(0x444b1ae4d6e2ef4f), "999999999999999900000"},
		{"RFC 8785 B: 444b1ae4d6e2ef50", math.Float64frombits(0x444b1ae4d6e2ef50), "1e+21"},
		{"RFC 8785 B: 3eb0c6f7a0b5ed8c", math.Float64frombits(0x3eb0c6f7a0b5ed8c), "9.999999999999997e-7"},
		{"RFC 8785 B: 3eb0c6f7a0b5ed8d", math.Float64frombits(0x3eb0c6f7a0b5ed8d), "0.000001"},
		{"RFC 8785 B: 41b3de4355555553", math.Float64frombits(0x41b3de4355555553), "333333333.3333332"},
		{"RFC 8785 B: 41b3de4355555554", math.Float64frombits(0x41b3de4355555554), "333333333.33333325"},
		{"RFC 8785 B: 41b3de4355555555", math.Float64frombits(0x41b3de4355555555), "333333333.3333333"},
		{"RFC 8785 B: 41b3de4355555556", math.Float64frombits(0x41b3de4355555556), "333333333.3333334"},
		{"RFC 8785 B: 41b3de4355555557", math.Float64frombits(0x41b3de4355555557), "333333333.33333343"},
		{"RFC 8785 B: becbf647612f3696", math.Float64frombits(0xbecbf647612f3696), "-0.0000033333333333333333"},
		{"RFC 8785 B: round to even", math.Float64frombits(0x43143ff3c1cb0959), "1424953923781206.2"},
		// RFC 8785, section 3.2.2.3 / 3.2.4 example values.
		{"RFC 8785 example 1e30", 1e30, "1e+30"},
		{"RFC 8785 example 4.50", 4.50, "4.5"},
		{"RFC 8785 example 2e-3", 2e-3, "0.002"},
		{"RFC 8785 example 0.000000000000000000000000001", 0.000000000000000000000000001, "1e-27"},
		// Subnormal and normal limits.
		{"largest subnormal", math.Float64frombits(0x000fffffffffffff), "2.225073858507201e-308"},
		{"smallest normal", math.Float64frombits(0x0010000000000000), "2.2250738585072014e-308"},
		{"1e-323", 1e-323, "1e-323"},
	}
	for _, tc := range tests {
		got := string(appendNumber(nil, tc.f))
		if got != tc.want {
			t.Errorf("%s: appendNumber(%016x) = %s, want %s",
				tc.name, math.Float64bits(tc.f), got, tc.want)
		}
	}

	// It appends: existing contents of dst are kept.
	if got := string(appendNumber([]byte("x:"), -2.5)); got != "x:-2.5" {
		t.Errorf("appendNumber onto prefix = %q, want %q", got, "x:-2.5")
	}
}

func TestNumberAllocs(t *testing.T) {
	values := []float64{0, -1, 42, 1 << 53, 1e21, 1e-7, 0.1, 123.456,
		5e-324, math.MaxFloat64, -0.0000033333333333333333, 295147905179352830000}
	buf := make([]byte, 0, 64)
	for _, f := range values {
		allocs := testing.AllocsPerRun(100, func() {
			buf = appendNumber(buf[:0], f)
		})
		if allocs != 0 {
			t.Errorf("appendNumber(%v) allocates %v times per call, want 0", f, allocs)
		}
	}
}

// significantDigits returns the digits of a number's text without sign,
// decimal point, exponent, leading zeros and trailing zeros of the
// mantissa, e.g. "120" and "0.0012" and "1.2e+21" all give "12".
func significantDigits(s string) string {
	var d []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 'e' || c == 'E' {
			break
		}
		if c >= '0' && c <= '9' {
			if len(d) == 0 && c == '0' {
				continue
			}
			d = append(d, c)
		}
	}
	for len(d) > 0 && d[len(d)-1] == '0' {
		d = d[:len(d)-1]
	}
	return string(d)
}

func FuzzNumber(f *testing.F) {
	for _, v := range []float64{0, 1, -1, 0.1, 1e21, 1e-7, 1e-6, 5e-324,
		math.MaxFloat64, 1 << 53, 295147905179352830000, 123.456} {
		f.Add(math.Float64bits(v))
	}
	f.Add(uint64(0x8000000000000000))
	f.Add(uint64(0x000fffffffffffff))
	f.Fuzz(func(t *testing.T, bits uint64) {
		x := math.Float64frombits(bits)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Skip()
		}
		got := string(appendNumber(nil, x))

		if !isJSONNumber(got) {
			t.Fatalf("%016x: %q is not a JSON number", bits, got)
		}

		back, err := strconv.ParseFloat(got, 64)
		if err != nil {
			t.Fatalf("%016x: %q does not parse: %v", bits, got, err)
		}
		if back != x { // -0 == 0, so -0 printed as "0" passes
			t.Fatalf("%016x: %q parses back as %016x", bits, got, math.Float64bits(back))
		}
		if x == 0 {
			if got != "0" {
				t.Fatalf("%016x: zero printed as %q", bits, got)
			}
			return
		}
		if (got[0] == '-') != (x < 0) {
			t.Fatalf("%016x: %q has the wrong sign", bits, got)
		}

		// Digits: the same as strconv's shortest round-trip form, so never more.
		short := strconv.FormatFloat(x, 'e', -1, 64)
		ei := len(short) - 1
		for short[ei] != 'e' {
			ei--
		}
		wantDigits := significantDigits(short[:ei])
		if gotDigits := significantDigits(got); len(gotDigits) > len(wantDigits) || gotDigits != wantDigits {
			t.Fatalf("%016x: %q has digits %s, shortest form %s has %s",
				bits, got, gotDigits, short, wantDigits)
		}

		// Exponential notation exactly when the decimal exponent e
		// (x = d.ddd × 10^e; ECMAScript's n is e+1) is ≥ 21 or < -6.
		e, err := strconv.Atoi(short[ei+1:])
		if err != nil {
			t.Fatal(err)
		}
		wantExp := e >= 21 || e < -6
		hasExp := bytes.IndexByte([]byte(got), 'e') >= 0
		if hasExp != wantExp {
			t.Fatalf("%016x: %q: exponential form %v, want %v (decimal exponent %d)",
				bits, got, hasExp, wantExp, e)
		}
		if hasExp {
			// The exponent is written with an explicit sign and no leading zeros.
			i := bytes.IndexByte([]byte(got), 'e')
			want := "e+" + strconv.Itoa(e)
			if e < 0 {
				want = "e" + strconv.Itoa(e)
			}
			if got[i:] != want {
				t.Fatalf("%016x: %q: exponent %q, want %q", bits, got, got[i:], want)
			}
		} else if dot := bytes.IndexByte([]byte(got), '.'); dot >= 0 && got[len(got)-1] == '0' {
			t.Fatalf("%016x: %q has a trailing zero after the point", bits, got)
		}
	})
}

var benchNumberValues = []float64{
	0, 1, -1, 42, 1234567, -987654321, 1 << 53, 3.14159, 0.1, -0.25, 123.456,
	1e21, 1e-7, 0.000001, 1.5e300, 5e-324, math.MaxFloat64, 295147905179352830000,
	-0.0000033333333333333333, 333333333.3333333, 1.0000000000000001e+23, 2.718281828459045,
}

func BenchmarkAppendNumber(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = appendNumber(buf[:0], benchNumberValues[i%len(benchNumberValues)])
	}
}
