package agentidemp

import (
	"bytes"
	"testing"
)

// indexBackslash must agree with bytes.IndexByte at every length and
// position, whatever the bytes around the backslash: a borrow from one
// byte must not hide it or invent another.
func TestIndexBackslash(t *testing.T) {
	for _, fill := range []byte{'a', '[', ']', 0x5b, 0x5d, 0x00, 0x80, 0xdc, 0xff} {
		for n := 0; n <= 40; n++ {
			for pos := -1; pos < n; pos++ {
				s := bytes.Repeat([]byte{fill}, n)
				if pos >= 0 {
					s[pos] = '\\'
				}
				want := bytes.IndexByte(s, '\\')
				if want < 0 {
					want = n
				}
				if got := indexBackslash(s); got != want {
					t.Fatalf("indexBackslash(% x) = %d, want %d", s, got, want)
				}
			}
		}
	}
}
