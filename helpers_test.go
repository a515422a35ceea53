package agentidemp

import (
	"crypto/sha1"
	"crypto/sha256"
	"regexp"
	"testing"
)

// The shapes promised by the doc comments.
var (
	hexKeyRE = regexp.MustCompile(`^ik_[0-9a-f]{32}$`)
	uuid5RE  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	uuid4RE  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

// messagesBody is a request body with sorted keys and no whitespace.
const messagesBody = `{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}`

var maxUUID = UUID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

const dnsString = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"

// Sizes around the 512-byte internal buffer of the scoped keys and some
// multiples of it.
var boundarySizes = []int{0, 1, 2, 255, 510, 511, 512, 513, 1023, 1024, 1025, 5000}

// patterned returns n bytes that vary with position and seed, NUL included.
func patterned(n int, seed byte) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = seed + byte(i*37) + byte(i>>8)
	}
	return string(b)
}

var (
	benchSizes = []struct {
		name string
		n    int
	}{{"64B", 64}, {"1KiB", 1024}, {"64KiB", 64 * 1024}}
	sinkString string
	sinkBytes  []byte
	sinkUUID   UUID
	sinkSum    [sha256.Size]byte
	sinkSum1   [sha1.Size]byte
)

// benchOverSizes runs f as a sub-benchmark over content of each size.
func benchOverSizes(b *testing.B, f func(b *testing.B, content []byte)) {
	for _, size := range benchSizes {
		content := []byte(patterned(size.n, 1))
		b.Run(size.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size.n))
			f(b, content)
		})
	}
}
