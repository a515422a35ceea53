package agentidemp

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// grow keeps s when it has room for n more elements, exactly or more, and
// otherwise returns a copy with room for n more and at least double the
// length (and 64 elements) of spare capacity.
func TestGrow(t *testing.T) {
	s := make([]int, 2, 5)
	s[0], s[1] = 7, 8
	for n := 0; n <= 3; n++ {
		if g := grow(s, n); &g[0] != &s[0] || len(g) != 2 || cap(g) != 5 {
			t.Errorf("grow(len 2 cap 5, %d) moved the slice: len %d cap %d", n, len(g), cap(g))
		}
	}
	g := grow(s, 4)
	if &g[0] == &s[0] || len(g) != 2 || g[0] != 7 || g[1] != 8 || cap(g)-len(g) < 64 {
		t.Errorf("grow(len 2 cap 5, 4) = len %d cap %d %v, want a copy with at least 64 spare", len(g), cap(g), g)
	}
	long := make([]int, 100)
	if g := grow(long, 1); cap(g)-len(g) < 100 {
		t.Errorf("grow(len 100 cap 100, 1): cap %d, want room for 100 more", cap(g))
	}
	if g := grow(long, 300); cap(g)-len(g) < 300 {
		t.Errorf("grow(len 100 cap 100, 300): cap %d, want room for 300 more", cap(g))
	}
}

// scratchHeld counts the scratch memory a canonicalizer keeps. After a
// cold call it is no more than the call allocated; where no stack grew it
// is all of it but the slice headers (64 KiB is allowed for those and for
// the runtime), and where the member or name stack grew by doubling, at
// least half of it. Each document makes one part of the scratch memory
// large: the tape, the member order of unsorted objects, the member stack,
// the unescaped names.
func TestScratchHeldCountsAllocation(t *testing.T) {
	ctSkipAllocs(t)
	var many, one, escaped strings.Builder
	many.WriteString("[")
	one.WriteString("{")
	escaped.WriteString("{")
	for i := 0; i < 20000; i++ {
		if i > 0 {
			many.WriteString(",")
			one.WriteString(",")
		}
		many.WriteString(`{"b":0,"a":0}`)
		fmt.Fprintf(&one, `"%06d":0`, i)
	}
	for i := 0; i < 100; i++ {
		if i > 0 {
			escaped.WriteString(",")
		}
		fmt.Fprintf(&escaped, `"\u0061%03d%s":0`, i, strings.Repeat("x", 4000))
	}
	many.WriteString("]")
	one.WriteString("}")
	escaped.WriteString("}")
	for _, tc := range []struct {
		name    string
		doc     string
		growing bool
	}{
		{"array", string(flatArray(100000)), false},
		{"unsorted objects", many.String(), false},
		{"one object", one.String(), true},
		{"escaped names", escaped.String(), true},
		{"escaped values", "[" + strings.Repeat(`"`+strings.Repeat("x", 4000)+`\/",`, 100) + "0]", true},
	} {
		c := new(canon)
		in := []byte(tc.doc)
		alloc := bytesAllocated(func() {
			c.in = in
			if err := c.parse(); err != nil {
				t.Fatal(err)
			}
		})
		held := uint64(c.scratchHeld())
		if held > alloc || tc.growing && held < alloc/2 || !tc.growing && alloc-held > 64<<10 {
			t.Errorf("%s: the call allocated %d bytes, scratchHeld says %d", tc.name, alloc, held)
		}
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
