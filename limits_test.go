package agentidemp

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestCanonicalDepth(t *testing.T) {
	for _, mixed := range []bool{false, true} {
		in := ctNested(MaxJSONDepth, mixed)
		got, err := CanonicalJSON([]byte(in))
		if err != nil {
			t.Errorf("depth %d (mixed %v): %v", MaxJSONDepth, mixed, err)
		} else if string(got) != in {
			t.Errorf("depth %d (mixed %v): output differs from input", MaxJSONDepth, mixed)
		}
		// One more level: the opener at position MaxJSONDepth exceeds it.
		in = ctNested(MaxJSONDepth+1, mixed)
		off := MaxJSONDepth
		if mixed {
			// Openers 0, 2, 4, ... are "[" (1 byte), the others `{"k":` (5 bytes).
			off = MaxJSONDepth/2*1 + MaxJSONDepth/2*5
		}
		ctCheckRefusal(t, []byte(in), ErrTooDeep, off)
	}

	// Empty containers at the limit.
	in := strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth)
	if got, err := CanonicalJSON([]byte(in)); err != nil || string(got) != in {
		t.Errorf("%d empty nested arrays: %v", MaxJSONDepth, err)
	}
	in = strings.Repeat(`{"a":`, MaxJSONDepth-1) + "{}" + strings.Repeat("}", MaxJSONDepth-1)
	if got, err := CanonicalJSON([]byte(in)); err != nil || string(got) != in {
		t.Errorf("%d nested objects: %v", MaxJSONDepth, err)
	}
	in = strings.Repeat(`{"a":`, MaxJSONDepth) + "{}" + strings.Repeat("}", MaxJSONDepth)
	ctCheckRefusal(t, []byte(in), ErrTooDeep, 5*MaxJSONDepth)

	// Depth is nesting, not the number of containers: many siblings at
	// depth 2 are fine.
	in = "[" + strings.Repeat("[],", 3*MaxJSONDepth) + "[]]"
	if got, err := CanonicalJSON([]byte(in)); err != nil || string(got) != in {
		t.Errorf("%d sibling arrays: %v", 3*MaxJSONDepth+1, err)
	}

	// Whitespace between the brackets does not change the depth.
	in = strings.Repeat("[ ", MaxJSONDepth) + strings.Repeat("] ", MaxJSONDepth)
	want := strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth)
	if got, err := CanonicalJSON([]byte(in)); err != nil || string(got) != want {
		t.Errorf("%d nested arrays with spaces: %v", MaxJSONDepth, err)
	}
	in = strings.Repeat("[ ", MaxJSONDepth+1) + strings.Repeat("] ", MaxJSONDepth+1)
	ctCheckRefusal(t, []byte(in), ErrTooDeep, 2*MaxJSONDepth)

	// Huge unterminated inputs are refused at the depth limit.
	const tenMB = 10 << 20
	in = strings.Repeat("[", tenMB)
	ctCheckRefusal(t, []byte(in), ErrTooDeep, MaxJSONDepth)
	in = strings.Repeat(`{"a":`, tenMB/5)
	ctCheckRefusal(t, []byte(in), ErrTooDeep, 5*MaxJSONDepth)
	in = strings.Repeat(`[{"a":`, tenMB/6)
	ctCheckRefusal(t, []byte(in), ErrTooDeep, MaxJSONDepth/2*6)
}

func TestTooLarge(t *testing.T) {
	// The limit the docs state, by the platform's int size.
	want := uint64(1<<32 - 1)
	if strconv.IntSize == 32 {
		want = math.MaxInt32
	}
	if uint64(MaxJSONLen) != want {
		t.Errorf("MaxJSONLen = %d where int has %d bits, want %d", uint64(MaxJSONLen), strconv.IntSize, want)
	}
	if tooLarge(0) || tooLarge(math.MaxInt32) || tooLarge(MaxJSONLen) {
		t.Errorf("tooLarge refuses a length within MaxJSONLen")
	}
	if strconv.IntSize == 64 {
		limit := uint64(MaxJSONLen) // a variable: MaxJSONLen+1 overflows int where int has 32 bits
		if !tooLarge(int(limit + 1)) {
			t.Errorf("tooLarge(%d) = false, want true", limit+1)
		}
	}
}
