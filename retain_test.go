package agentidemp

import "testing"

// TestKeepScratch walks the retention rule through its boundaries: a call
// that uses a quarter of the memory held or more resets the count, one
// that uses less counts a strike, the maxStrikes-th strike in a row drops
// the memory and starts the count again, and keptAlways bytes or less
// never count.
func TestKeepScratch(t *testing.T) {
	const big = 4 * keptAlways
	for _, tc := range []struct {
		name  string
		calls [][2]int // held, used
		keep  []bool
	}{
		{"a quarter is not small", [][2]int{{big, big / 4}, {big, big / 4}, {big, big / 4}, {big, big / 4}, {big, big / 4}},
			[]bool{true, true, true, true, true}},
		{"less than a quarter, maxStrikes times", [][2]int{{big, big/4 - 1}, {big, 0}, {big, 1}, {big, 0}},
			[]bool{true, true, true, false}},
		{"a large call resets the count", [][2]int{{big, 0}, {big, 0}, {big, 0}, {big, big}, {big, 0}, {big, 0}, {big, 0}, {big, 0}},
			[]bool{true, true, true, true, true, true, true, false}},
		{"the count starts again after a drop", [][2]int{{big, 0}, {big, 0}, {big, 0}, {big, 0}, {big, 0}, {big, 0}, {big, 0}, {big, 0}},
			[]bool{true, true, true, false, true, true, true, false}},
		{"keptAlways bytes are never dropped", [][2]int{{keptAlways, 0}, {keptAlways, 0}, {keptAlways, 0}, {keptAlways, 0}, {keptAlways, 0}},
			[]bool{true, true, true, true, true}},
		{"one byte more can be", [][2]int{{keptAlways + 1, 0}, {keptAlways + 1, 0}, {keptAlways + 1, 0}, {keptAlways + 1, 0}},
			[]bool{true, true, true, false}},
	} {
		strikes := 0
		for i, c := range tc.calls {
			if got := keepScratch(&strikes, c[0], c[1]); got != tc.keep[i] {
				t.Errorf("%s: call %d (held %d, used %d): keep = %v, want %v", tc.name, i+1, c[0], c[1], got, tc.keep[i])
			}
		}
	}
}
