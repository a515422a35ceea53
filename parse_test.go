package agentidemp

import "testing"

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
