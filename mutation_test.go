package agentidemp

import (
	"fmt"
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
