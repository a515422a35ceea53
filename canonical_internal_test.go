package agentidemp

import (
	"encoding/binary"
	"math"
	"math/bits"
	"math/rand"
	"strconv"
	"testing"
	"unsafe"
)

// stopMask must agree with the byte table stops on every word: a word has
// a mark exactly when one of its bytes is a stop, and the lowest marked byte
// is the first stop.
func TestStopMask(t *testing.T) {
	check := func(w [8]byte) {
		t.Helper()
		want := 8
		for k, c := range w {
			if stops[c] {
				want = k
				break
			}
		}
		got := 8
		if m := stopMask(binary.LittleEndian.Uint64(w[:])); m != 0 {
			got = bits.TrailingZeros64(m) / 8
		}
		if got != want {
			t.Fatalf("stopMask(% x) marks byte %d first, want %d (8: none)", w, got, want)
		}
	}
	// Every byte value at every position, among neighbours that are stops
	// and neighbours that are not (a borrow from one byte must not hide or invent another).
	eachByteInWords([]byte{'a', ' ', '~', 0x7f, '"', 0x00, 0x80, 0xff}, check)
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 200000; n++ {
		var w [8]byte
		for k := range w {
			// Mostly bytes near the boundaries of the stops.
			w[k] = []byte{0x1f, 0x20, 0x21, '"', '#', '[', '\\', ']', 0x7e, 0x7f, 0x80, 0xdc, 0xa2, byte(r.Intn(256))}[r.Intn(14)]
		}
		check(w)
	}
}

// eachByteInWords calls check with every 8-byte word that holds one fill
// byte in all positions but one, and any byte value there.
func eachByteInWords(fills []byte, check func([8]byte)) {
	for _, fill := range fills {
		for pos := 0; pos < 8; pos++ {
			for c := 0; c < 256; c++ {
				var w [8]byte
				for k := range w {
					w[k] = fill
				}
				w[pos] = byte(c)
				check(w)
			}
		}
	}
}

// The pooled scratch limits in the docs are computed from these sizes.
func TestScratchSizes(t *testing.T) {
	if got := unsafe.Sizeof(node{}); got != nodeSize {
		t.Errorf("node is %d bytes, nodeSize says %d", got, nodeSize)
	}
	if got := unsafe.Sizeof(member{}); got != memberSize {
		t.Errorf("member is %d bytes, memberSize says %d", got, memberSize)
	}
	// The README's Memory section says about 4.6 KiB.
	if got := unsafe.Sizeof([shapeSlots]shape{}); got < 4500 || got > 4800 {
		t.Errorf("the remembered member orders take %d bytes", got)
	}
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
