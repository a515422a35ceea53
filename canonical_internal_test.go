package agentidemp

import (
	"encoding/binary"
	"math/rand"
	"testing"
)

// hasSpecial must agree with the byte table plain on every word: a word is
// special exactly when one of its bytes is not plain.
func TestHasSpecial(t *testing.T) {
	check := func(w [8]byte) {
		t.Helper()
		want := false
		for _, c := range w {
			want = want || !plain[c]
		}
		if got := hasSpecial(binary.LittleEndian.Uint64(w[:])); got != want {
			t.Fatalf("hasSpecial(% x) = %v, want %v", w, got, want)
		}
	}
	// Every byte value at every position, among plain and among special
	// neighbours (a borrow from one byte must not hide or invent another).
	for _, fill := range []byte{'a', ' ', '~', 0x7f, '"', 0x00, 0x80, 0xff} {
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
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 200000; n++ {
		var w [8]byte
		for k := range w {
			// Mostly bytes near the boundaries of plain.
			w[k] = []byte{0x1f, 0x20, 0x21, '"', '#', '[', '\\', ']', 0x7e, 0x7f, 0x80, byte(r.Intn(256))}[r.Intn(12)]
		}
		check(w)
	}
}
