package agentidemp

import (
	"bytes"
	"fmt"
	"math/rand"
	"strconv"
	"testing"
)

// prefixObject returns one object of n members named "member_00000000"
// up, whose names share their first 7 bytes or more, in a random order
// fixed by seed, with small integer values.
func prefixObject(n int, seed int64) []byte {
	r := rand.New(rand.NewSource(seed))
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range r.Perm(n) {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"member_%08d":%d`, k, k%1000)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// sortedPrefixObject returns the canonical form of prefixObject(n, seed).
func sortedPrefixObject(n int) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for k := 0; k < n; k++ {
		if k > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"member_%08d":%d`, k, k%1000)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// Reordered objects from just below the size at which the emit pass loads
// members ahead to a few groups past it, alone and followed by another
// reordered object, come out right; the order entries past the object
// hold stale values out of the tape's range, so that loading past its
// last member would fail.
func TestLoadAhead(t *testing.T) {
	for _, n := range []int{aheadFrom - 1, aheadFrom, aheadFrom + 1, aheadFrom + 2*aheadGroup + 3} {
		obj, want := prefixObject(n, int64(n)), sortedPrefixObject(n)
		c := new(canon)
		for i := 0; i < 2*n; i++ {
			c.ord.push(1<<32 - 2)
		}
		for _, doc := range [][]byte{
			obj,
			[]byte("[" + string(obj) + `,{"b":1,"a":2}]`),
		} {
			c.ord.n, c.tape.n = 0, 0
			c.in = doc
			if err := c.parse(); err != nil {
				t.Fatalf("n=%d: %v", n, err)
			}
			got := c.emit(nil)
			if len(doc) > len(obj) {
				got = bytes.TrimPrefix(bytes.TrimSuffix(got, []byte(`,{"a":2,"b":1}]`)), []byte("["))
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("n=%d: the canonical form differs from the names in order", n)
			}
		}
	}
}

// BenchmarkObjectPasses times the parse pass, the emit pass and both on
// one object of random order.
func BenchmarkObjectPasses(b *testing.B) {
	for _, n := range []int{1e3, 1e4, 3e4, 5e4, 1e5} {
		doc := prefixObject(n, 1)
		want, err := CanonicalJSON(doc)
		if err != nil {
			b.Fatal(err)
		}
		c := new(canon)
		c.in = doc
		out := make([]byte, 0, len(doc))
		if err := c.parse(); err != nil {
			b.Fatal(err)
		}
		b.Run("n="+strconv.Itoa(n)+"/pass=parse", func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for i := 0; i < b.N; i++ {
				c.tape.n, c.ord.n = 0, 0
				if err := c.parse(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/pass=emit", func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for i := 0; i < b.N; i++ {
				out = c.emit(out[:0])
			}
			if !bytes.Equal(out, want) {
				b.Fatal("the emit pass gave another canonical form")
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/pass=both", func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				out, _ = AppendCanonicalJSON(out[:0], doc)
			}
		})
	}
}
