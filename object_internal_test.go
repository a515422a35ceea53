package agentidemp

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand"
	"slices"
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

// BenchmarkSortPrefixNames times sortMembers alone on the names of
// prefixObject.
func BenchmarkSortPrefixNames(b *testing.B) {
	for _, n := range []int{1e3, 1e5} {
		names := make([]string, n)
		for i, k := range rand.New(rand.NewSource(1)).Perm(n) {
			names[i] = fmt.Sprintf("member_%08d", k)
		}
		c, ms := memberSet(names)
		work := make([]member, n)
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				copy(work, ms)
				if c.sortMembers(work) != 0 {
					b.Fatal("duplicate")
				}
			}
		})
	}
}

// packKeys keeps the order and the equalities of the keys of a range, and
// packs them where that saves a radix pass: here keys whose bytes differ
// in a few low bits each, as those of digits do, and keys that differ in
// a few bits of one byte only.
func TestPackKeys(t *testing.T) {
	r := rand.New(rand.NewSource(14))
	digits := func(n int) uint64 { return orderKey([]byte(fmt.Sprintf("00%05d", n)), 0) }
	cases := []struct {
		name  string
		key   func() uint64
		below uint64 // every packed key is below it; 0: keys stay as they are
	}{
		{"5 digits", func() uint64 { return digits(r.Intn(100000)) }, 1 << 20},
		{"5 digits, few distinct", func() uint64 { return digits(r.Intn(40) * 2500) }, 1 << 20},
		{"bits 63, 8, 7 and 0", func() uint64 {
			return 0x1122334455667788 ^ uint64(r.Intn(2))<<63 ^ uint64(r.Intn(4))<<7 ^ uint64(r.Intn(2))
		}, 1 << 10},
		{"bits 9 and 0: packing saves 8 bits", func() uint64 { return 0x1122334455667788 ^ uint64(r.Intn(2))<<9 ^ uint64(r.Intn(2)) }, 1 << 2},
		{"bits 3..5 of one byte", func() uint64 { return 0x1122334455667788 ^ uint64(r.Intn(8))<<43 }, 0},
		{"all bits of two bytes", func() uint64 { return 0x1122334455667788 ^ uint64(r.Intn(1<<16))<<24 }, 0},
		{"random keys", r.Uint64, 0},
	}
	for _, tc := range cases {
		for _, n := range []int{radixMinLen - 1, radixMinLen, 5000} {
			ms := make([]member, n)
			var diff uint64
			for i := range ms {
				ms[i] = member{at: uint32(i), key: tc.key()}
				diff |= ms[i].key ^ ms[0].key
			}
			orig := slices.Clone(ms)
			packKeys(ms, diff)
			for i := range ms {
				switch {
				case n < radixMinLen || tc.below == 0:
					if ms[i] != orig[i] {
						t.Fatalf("%s, n=%d: key %#x changed to %#x", tc.name, n, orig[i].key, ms[i].key)
					}
				case ms[i].key >= tc.below:
					t.Fatalf("%s, n=%d: key %#x packed to %#x, want it below %#x", tc.name, n, orig[i].key, ms[i].key, tc.below)
				}
			}
			for k := 0; k < 4*n; k++ {
				i, j := r.Intn(n), r.Intn(n)
				if got, want := cmp.Compare(ms[i].key, ms[j].key), cmp.Compare(orig[i].key, orig[j].key); got != want {
					t.Fatalf("%s, n=%d: keys %#x and %#x compare %d, packed to %#x and %#x they compare %d",
						tc.name, n, orig[i].key, orig[j].key, want, ms[i].key, ms[j].key, got)
				}
			}
		}
	}
}

// FuzzPackKeys packs keys that differ only in the bits of mask, and checks
// that they order and repeat as before.
func FuzzPackKeys(f *testing.F) {
	f.Add(uint64(0x6d656d6265725f30), uint64(0x0f0f0f0f0f00), int64(1))
	f.Add(uint64(0), uint64(1<<63|1<<9|1), int64(2))
	f.Add(uint64(0x1122334455667788), ^uint64(0), int64(3))
	f.Fuzz(func(t *testing.T, base, mask uint64, seed int64) {
		r := rand.New(rand.NewSource(seed))
		ms := make([]member, 2*radixMinLen)
		var diff uint64
		for i := range ms {
			ms[i] = member{at: uint32(i), key: base ^ r.Uint64()&mask}
			diff |= ms[i].key ^ ms[0].key
		}
		orig := slices.Clone(ms)
		packKeys(ms, diff)
		slices.SortFunc(ms, func(a, b member) int { return cmp.Compare(orig[a.at].key, orig[b.at].key) })
		for i := 1; i < len(ms); i++ {
			a, b := orig[ms[i-1].at].key, orig[ms[i].at].key
			if got, want := cmp.Compare(ms[i-1].key, ms[i].key), cmp.Compare(a, b); got != want {
				t.Fatalf("keys %#x and %#x compare %d, packed to %#x and %#x they compare %d", a, b, want, ms[i-1].key, ms[i].key, got)
			}
		}
	})
}
