package agentidemp

import (
	"strconv"
	"strings"
	"testing"
)

// decodeHex4 against strconv on every string of up to five bytes drawn
// from the hex digits at each end of their ranges and the bytes beside them.
func TestDecodeHex4Exhaustive(t *testing.T) {
	const alphabet = "/09:@AFG`afg"
	var h []byte
	var walk func()
	walk = func() {
		n := 0
		for n < len(h) && n < 4 && strings.IndexByte("0123456789abcdefABCDEF", h[n]) >= 0 {
			n++
		}
		var want uint64
		if n > 0 {
			want, _ = strconv.ParseUint(string(h[:n]), 16, 32)
		}
		if r, got := decodeHex4(h); got != n || uint64(r) != want {
			t.Fatalf("decodeHex4(%q) = %#x, %d; want %#x, %d", h, r, got, want, n)
		}
		if len(h) == 5 {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			h = append(h, alphabet[i])
			walk()
			h = h[:len(h)-1]
		}
	}
	walk()
}
