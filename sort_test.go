package agentidemp

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Compare is the slow reference order: both strings decoded to UTF-16
// code units by unicode/utf16 and compared unit by unit.
func utf16Compare(a, b string) int {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			if ua[i] < ub[i] {
				return -1
			}
			return 1
		}
	}
	return sign(len(ua) - len(ub))
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// sortAtoms are the pieces test names are built from: ASCII, NUL, and the
// characters at the edges of each UTF-8 length and of the ranges where
// UTF-16 order differs from code-point order (U+D7FF below the surrogates,
// U+E000..U+FFFF above them, the supplementary planes encoded as
// surrogates).
var sortAtoms = []string{
	"a", "b", "z", "_", "0", "\x00", "\x01", "\x7f",
	"\u0080", "é", "\u07ff", "\u0800", "\ud7ff",
	"\ue000", "\uf8ff", "\ufb01", "\uffff",
	"\U00010000", "\U0001f600", "\U0010ffff",
}

// sortPrefixes are shared beginnings of 0 to 17 bytes, so that the atoms
// land at every byte offset of an 8-byte key and beyond it.
var sortPrefixes = []string{
	"", "u", "use", "user_0", "user_00", "user_000", "user_0001",
	"user_000123_", "user_000123_fie", "user_000123_fiel", "user_000123_field",
	"\U0001f600\U0001f600", "\uffff\uffff", "ab\x00\x00\x00\x00\x00\x00",
}

// randomName returns a name of a random shared prefix and 0 to 4 atoms.
func randomName(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(sortPrefixes[r.Intn(len(sortPrefixes))])
	for n := r.Intn(5); n > 0; n-- {
		b.WriteString(sortAtoms[r.Intn(len(sortAtoms))])
	}
	return b.String()
}

// memberSet returns a canonicalizer whose input holds names and members
// for them, in order, with member.at the index into names. Every third
// name is stored as if it had been unescaped, in c.names.
func memberSet(names []string) (*canon, []member) {
	c := &canon{}
	ms := make([]member, len(names))
	for i, name := range names {
		if i%3 == 1 {
			from := len(c.names)
			c.names = append(c.names, name...)
			ms[i] = member{at: uint32(i), from: uint32(from), to: uint32(len(c.names)), unescaped: true}
			continue
		}
		c.in = append(c.in, '"')
		from := len(c.in)
		c.in = append(c.in, name...)
		ms[i] = member{at: uint32(i), from: uint32(from), to: uint32(len(c.in))}
		c.in = append(c.in, '"', ':', '0', ',')
	}
	return c, ms
}

// checkSortMembers sorts members for names with sortMembers and checks the
// result against the reference order: a permutation of the input, in
// non-decreasing UTF-16 order, and the duplicate index exactly when a name
// repeats.
func checkSortMembers(t *testing.T, names []string) {
	t.Helper()
	c, ms := memberSet(names)
	checkSortedMembers(t, c, ms, names)
}

// checkSortedMembers is checkSortMembers on members of c for names, as
// memberSet returns them.
func checkSortedMembers(t *testing.T, c *canon, ms []member, names []string) {
	t.Helper()
	k := c.sortMembers(ms)
	seen := make([]bool, len(names))
	for i, m := range ms {
		if int(m.at) >= len(names) || seen[m.at] {
			t.Fatalf("%d names: the result is not a permutation of the members (at %d)", len(names), i)
		}
		seen[m.at] = true
		if got, want := string(c.name(&m)), names[m.at]; got != want {
			t.Fatalf("member %d: name %q, want %q (fields changed)", i, got, want)
		}
	}
	hasDup := false
	for i := 1; i < len(ms); i++ {
		a, b := names[ms[i-1].at], names[ms[i].at]
		switch utf16Compare(a, b) {
		case 1:
			t.Fatalf("%d names: %s sorted before %s", len(names), quoteEnd(a), quoteEnd(b))
		case 0:
			hasDup = true
		}
	}
	switch {
	case k < 0 || k >= max(len(ms), 1):
		t.Fatalf("%d names: sortMembers returned %d, out of range", len(names), k)
	case k > 0 && names[ms[k-1].at] != names[ms[k].at]:
		t.Fatalf("%d names: sortMembers returned %d, but %q and %q differ",
			len(names), k, names[ms[k-1].at], names[ms[k].at])
	case k == 0 && hasDup:
		t.Fatalf("%d names: sortMembers returned 0, but a name repeats", len(names))
	}
}

// quoteEnd quotes s, or for a long s its length and its last 30 bytes.
func quoteEnd(s string) string {
	if len(s) <= 60 {
		return strconv.Quote(s)
	}
	i := len(s) - 30
	for !utf8.RuneStart(s[i]) {
		i--
	}
	return strconv.Itoa(len(s)) + " bytes ending " + strconv.Quote(s[i:])
}

func TestSortMembers(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	fixed := [][]string{
		nil,
		{""},
		{"b", "a"},
		{"a", "a"},
		{"", ""},
		{"a", ""},
		{"ab", "ab\x00", "ab\x00\x00", "a"},
		{"ab\x00\x00\x00\x00\x00\x00", "ab\x00\x00\x00\x00\x00\x00\x00", "ab\x00\x00\x00\x00\x00"},
		{"\uffff", "\U00010000", "\ue000", "\ud7ff", "z"},
		{"aaaaaaa\uffff", "aaaaaaa\U00010000", "aaaaaaaa\ue000", "aaaaaaaa\U0010ffff"},
		{"user_000123_field", "user_000123_fiel", "user_000123_field", "user_000124"},
	}
	for _, names := range fixed {
		checkSortMembers(t, names)
	}
	// Random sets of names, with and without repeats, in every size
	// class of the sort: pairs, insertion-sorted ranges, quicksort with
	// median-of-three pivots, and radix sort.
	for _, n := range []int{2, 3, 5, 17, 40, 130, 600, 3000} {
		for iter := 0; iter < 30; iter++ {
			names := make([]string, 0, n)
			seen := map[string]bool{}
			for len(names) < n {
				name := randomName(r)
				if iter%2 == 0 && seen[name] {
					continue // every other set has no repeats
				}
				seen[name] = true
				names = append(names, name)
			}
			checkSortMembers(t, names)
		}
	}
}

// Names sharing more than maxKeyDepth bytes are finished by the comparison
// sort; names just within it by keys.
func TestSortMembersLongPrefix(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	for _, shared := range []int{maxKeyDepth - 9, maxKeyDepth - 8, maxKeyDepth - 1, maxKeyDepth, maxKeyDepth + 3} {
		prefix := strings.Repeat("k", shared)
		var names []string
		seen := map[string]bool{}
		for len(names) < 200 {
			name := prefix + randomName(r)
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
		checkSortMembers(t, names)
		checkSortMembers(t, append(names, names[77]))
	}
}

// A large object in random order: the realistic shape the keys are for.
func TestSortMembersLarge(t *testing.T) {
	names := sortBenchNames(50000)
	checkSortMembers(t, names)
	checkSortMembers(t, append(names, names[12345]))
}

// orderKey must be consistent with the UTF-16 order: a smaller key means a
// smaller name. For names of fewer than 8 bytes without NUL bytes, the key
// holds the whole name, so keys must then order exactly as names do.
func TestOrderKey(t *testing.T) {
	var short []string
	for _, a := range sortAtoms {
		short = append(short, a)
		for _, b := range sortAtoms {
			if s := a + b; len(s) < 8 {
				short = append(short, s)
			}
		}
	}
	short = append(short, "")
	for _, a := range short {
		for _, b := range short {
			if strings.Contains(a+b, "\x00") {
				continue
			}
			ka, kb := orderKey([]byte(a), 0), orderKey([]byte(b), 0)
			got := 0
			if ka < kb {
				got = -1
			} else if ka > kb {
				got = 1
			}
			if want := utf16Compare(a, b); got != want {
				t.Fatalf("orderKey(%q) = %#x, orderKey(%q) = %#x: order %d, UTF-16 order %d", a, ka, b, kb, got, want)
			}
		}
	}
	r := rand.New(rand.NewSource(9))
	for n := 0; n < 200000; n++ {
		a, b := randomName(r), randomName(r)
		// The same suffixes after a shared beginning, as sortRun uses keys.
		d := r.Intn(min(len(a), len(b)) + 1)
		if !utf8.ValidString(a[:d]) || !utf8.ValidString(b[d:]) {
			d = 0
		}
		b = a[:d] + b[d:]
		ka, kb := orderKey([]byte(a), d), orderKey([]byte(b), d)
		if want := utf16Compare(a, b); ka < kb && want >= 0 || ka > kb && want <= 0 {
			t.Fatalf("orderKey(%q) = %#x, orderKey(%q) = %#x, but UTF-16 order is %d", a[d:], ka, b[d:], kb, want)
		}
	}
}

// utf16Rank must be a permutation of the byte values (so that different
// bytes give different keys) that moves only 0xEE..0xFF.
func TestUTF16Rank(t *testing.T) {
	var seen [256]bool
	for b := 0; b < 256; b++ {
		r := utf16Rank(byte(b))
		if seen[r] {
			t.Fatalf("utf16Rank(%#x) = %#x, a rank already taken", b, r)
		}
		seen[r] = true
		if b < 0xee && r != byte(b) {
			t.Fatalf("utf16Rank(%#x) = %#x, want it kept", b, r)
		}
	}
}

// The sorts by key alone, on few and many distinct keys: the radix sort,
// and the quicksort it uses for short ranges (here also on long ones).
func TestSortByKey(t *testing.T) {
	r := rand.New(rand.NewSource(10))
	for _, n := range []int{0, 1, 2, 16, 17, 63, 64, 65, 1000, 20000} {
		for _, distinct := range []int{1, 3, 100, 1 << 30} {
			ms := make([]member, n)
			for i := range ms {
				ms[i] = member{at: uint32(i), key: uint64(r.Intn(distinct))}
			}
			for _, sorter := range []struct {
				name string
				sort func([]member)
			}{
				{"sortByKey", sortByKey},
				{"quickSortByKey", quickSortByKey},
			} {
				got := slices.Clone(ms)
				sorter.sort(got)
				want := slices.Clone(ms)
				slices.SortStableFunc(want, func(a, b member) int {
					return cmp.Compare(a.key, b.key)
				})
				for i := range got {
					if got[i].key != want[i].key {
						t.Fatalf("%s: n=%d distinct=%d: key %d at %d, want %d", sorter.name, n, distinct, got[i].key, i, want[i].key)
					}
				}
				slices.SortFunc(got, func(a, b member) int { return int(a.at) - int(b.at) })
				for i := range got {
					if got[i] != ms[i] {
						t.Fatalf("%s: n=%d: the result is not a permutation", sorter.name, n)
					}
				}
			}
		}
	}
}

func TestCompareUTF16(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	for n := 0; n < 200000; n++ {
		a, b := randomName(r), randomName(r)
		if n%4 == 0 {
			b = a[:r.Intn(len(a)+1)] + b // share a beginning, possibly mid-character
			if !utf8.ValidString(b) {
				continue
			}
		}
		if got, want := sign(compareUTF16([]byte(a), []byte(b))), utf16Compare(a, b); got != want {
			t.Fatalf("compareUTF16(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}

func FuzzCompareUTF16(f *testing.F) {
	f.Add("", "")
	f.Add("a", "b")
	f.Add("\uffff", "\U00010000")
	f.Add("aaaaaaaa\ue000", "aaaaaaaa\U0001f600")
	f.Add("user_000123_field", "user_000123_fiel")
	f.Fuzz(func(t *testing.T, a, b string) {
		a, b = strings.ToValidUTF8(a, "\ufffd"), strings.ToValidUTF8(b, "\ufffd")
		want := utf16Compare(a, b)
		if got := sign(compareUTF16([]byte(a), []byte(b))); got != want {
			t.Fatalf("compareUTF16(%q, %q) = %d, want %d", a, b, got, want)
		}
		if got := sign(compareUTF16([]byte(b), []byte(a))); got != -want {
			t.Fatalf("compareUTF16(%q, %q) = %d, want %d", b, a, got, -want)
		}
		if ka, kb := orderKey([]byte(a), 0), orderKey([]byte(b), 0); ka < kb && want >= 0 || ka > kb && want <= 0 {
			t.Fatalf("orderKey(%q) = %#x, orderKey(%q) = %#x, but UTF-16 order is %d", a, ka, b, kb, want)
		}
	})
}

// FuzzSortMembers splits its input at '|' into names, sorts members for
// them and checks the result against the reference order.
func FuzzSortMembers(f *testing.F) {
	f.Add("b|a")
	f.Add("a|a")
	f.Add("|")
	f.Add("ab|ab\x00|a|\uffff|\U00010000|\ue000")
	f.Add("aaaaaaaa\ue000|aaaaaaaa\U0001f600|aaaaaaaa|aaaaaaa")
	f.Add("user_000123_field|user_000123_fiel|user_000124_id|order_000001_created_at")
	f.Fuzz(func(t *testing.T, s string) {
		checkSortMembers(t, strings.Split(strings.ToValidUTF8(s, "\ufffd"), "|"))
	})
}

// sortBenchNames returns n distinct names like those of bench/object_test.go
// in a fixed random order.
func sortBenchNames(n int) []string {
	kinds := []string{"user_", "acct_", "order_", "item_"}
	fields := []string{"id", "name", "email", "status", "created_at"}
	names := make([]string, n)
	for i := range names {
		names[i] = kinds[i%len(kinds)] + strconv.Itoa(1000000 + i/len(fields))[1:] + "_" + fields[i%len(fields)]
	}
	r := rand.New(rand.NewSource(1))
	r.Shuffle(n, func(i, j int) { names[i], names[j] = names[j], names[i] })
	return names
}

// BenchmarkSortMembers times sortMembers alone on names in random order,
// against slices.SortFunc of the same names as []byte with bytes.Compare.
func BenchmarkSortMembers(b *testing.B) {
	for _, n := range []int{1e4, 1e5, 1e6} {
		names := sortBenchNames(n)
		c, ms := memberSet(names)
		var size int
		raw := make([][]byte, n)
		for i, m := range ms {
			raw[i] = c.name(&m)
			size += len(raw[i])
		}
		b.Run("n="+strconv.Itoa(n)+"/impl=sortMembers", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			work := make([]member, n)
			for i := 0; i < b.N; i++ {
				copy(work, ms)
				if c.sortMembers(work) != 0 {
					b.Fatal("duplicate")
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/impl=SortBytes", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			work := make([][]byte, n)
			for i := 0; i < b.N; i++ {
				copy(work, raw)
				slices.SortFunc(work, bytes.Compare)
			}
		})
	}
}

// orderKey reads s[i:] as if zero bytes followed it when it is shorter
// than 8 bytes, whatever s holds before i and in its spare capacity (the
// bytes after a name in the input, or after an unescaped name in the name
// stack), and it reads none of the latter: not even a page that cannot be
// read (where mmap allows), and a goroutine that writes them meanwhile
// does not race with it (run with -race).
func TestOrderKeyIgnoresSpareCapacity(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	bufs := make([][]byte, 20)
	for n := range bufs {
		for i := 0; i <= n; i++ {
			for trial := 0; trial < 50; trial++ {
				buf := make([]byte, n+r.Intn(12))
				r.Read(buf)
				var want uint64
				for j, b := range buf[i:min(n, i+8)] {
					want |= uint64(utf16Rank(b)) << (56 - 8*j)
				}
				if got := orderKey(buf[:n], i); got != want {
					t.Fatalf("orderKey(% x, %d) with % x after it = %#x, want %#x", buf[:n], i, buf[n:], got, want)
				}
			}
		}
		bufs[n] = make([]byte, n, n+16)
		r.Read(bufs[n])
	}
	spares := make([][]byte, len(bufs))
	for n, buf := range bufs {
		spares[n] = buf[n:cap(buf)]
		if g, free, ok := guarded(buf, 16); ok {
			ctNoFault(t, string(buf), func() {
				for i := 0; i <= n; i++ {
					if got, want := orderKey(g, i), orderKey(buf[:n:n], i); got != want {
						t.Errorf("orderKey(% x, %d) = %#x before a page that cannot be read, want %#x", buf, i, got, want)
					}
				}
			})
			free()
		}
	}
	ctWhileWritten(func() bool {
		for n, buf := range bufs {
			for i := 0; i <= n; i++ {
				orderKeySink += orderKey(buf, i)
			}
		}
		return true
	}, spares...)
}

// orderKeySink keeps the keys that TestOrderKeyIgnoresSpareCapacity
// computes only to read their bytes.
var orderKeySink uint64

// namesEnd returns where the last name that c's input holds ends, and
// where the last that its name stack holds ends.
func namesEnd(ms []member) (in, names uint32) {
	for _, m := range ms {
		if m.unescaped {
			names = max(names, m.to)
		} else {
			in = max(in, m.to)
		}
	}
	return in, names
}

// withSpare cuts c's input and name stack just past the last name each
// holds, as if those names ended them, and gives each 16 bytes of spare
// capacity set to fill.
func withSpare(c *canon, ms []member, fill byte) {
	in, names := namesEnd(ms)
	c.in = ctWithSpare(string(c.in[:in]), 16, fill)
	c.names = ctWithSpare(string(c.names[:names]), 16, fill)
}

// withGuard is withSpare with spare capacity in a page that cannot be
// read (see guarded). It returns a function that unmaps the pages, or
// false where there are none.
func withGuard(c *canon, ms []member) (free func(), ok bool) {
	in, names := namesEnd(ms)
	gin, freeIn, ok := guarded(c.in[:in], 16)
	if !ok {
		return nil, false
	}
	gnames, freeNames, ok := guarded(c.names[:names], 16)
	if !ok {
		freeIn()
		return nil, false
	}
	c.in, c.names = gin, gnames
	return func() { freeIn(); freeNames() }, true
}

// spareNameSets returns sets of names in which the last name stored in the
// input and the last stored in the name stack (see memberSet) are short
// and begin other names of the set: read with bytes of 0x01 or more after
// them, they would sort after those. Sorted by insertion, by keys (more
// than smallObject names), and by keys from byte 8 on (names that share
// their first 8 bytes, and end within the next 8).
func spareNameSets() [][]string {
	var sets [][]string
	for _, prefix := range []string{"", "prefix__"} {
		var names []string
		for _, s := range []string{"a\x01", "a\x7f", "b\x01", "b\x7f", "a", "b"} {
			names = append(names, prefix+s)
		}
		var large []string
		for i := 17; i >= 0; i-- {
			large = append(large, prefix+"k"+strconv.Itoa(100+i))
		}
		sets = append(sets, names, append(large, names...))
	}
	return sets
}

// sortMembers reads no byte past the names it is given, whatever follows
// them in their buffer's spare capacity: not even a page that cannot be
// read (where mmap allows); and a goroutine that writes that capacity
// meanwhile does not race with it (run with -race).
func TestSortMembersSpareCapacity(t *testing.T) {
	for _, names := range spareNameSets() {
		for _, fill := range []byte{0x01, 0x7f, 0xff} {
			c, ms := memberSet(names)
			withSpare(c, ms, fill)
			checkSortedMembers(t, c, ms, names)
		}
		c, ms := memberSet(names)
		if free, ok := withGuard(c, ms); ok {
			ctNoFault(t, strings.Join(names, "|"), func() { checkSortedMembers(t, c, ms, names) })
			free()
		}
		c, ms = memberSet(names)
		withSpare(c, ms, 0)
		work := make([]member, len(ms))
		ctWhileWritten(func() bool {
			copy(work, ms)
			c.sortMembers(work)
			return true
		}, c.in[len(c.in):cap(c.in)], c.names[len(c.names):cap(c.names)])
		checkSortedMembers(t, c, ms, names)
	}
}

// TestCanonicalLargeObject sorts an object of several thousand members with
// names from across Unicode, written raw or as \u escapes, and finds a
// duplicate among them.
func TestCanonicalLargeObject(t *testing.T) {
	const n = 5000
	r := ctRand(42)
	ranges := [][2]rune{{0x20, 0x7e}, {0xa0, 0x7ff}, {0x800, 0xd7ff}, {0xe000, 0xffff}, {0x10000, 0x10ffff}}
	seen := map[string]bool{}
	var names []string
	for len(names) < n {
		var rs []rune
		for j := 0; j < 1+int(r.next()%4); j++ {
			rg := ranges[r.next()%uint64(len(ranges))]
			c := rg[0] + rune(r.next()%uint64(rg[1]-rg[0]+1))
			if c == '"' || c == '\\' {
				c = 'q'
			}
			rs = append(rs, c)
		}
		name := string(rs)
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	// Input: members in generation order, some names escaped.
	var in bytes.Buffer
	in.WriteByte('{')
	for i, name := range names {
		if i > 0 {
			in.WriteByte(',')
		}
		in.WriteByte('"')
		if i%3 == 0 {
			for _, u := range utf16.Encode([]rune(name)) {
				in.WriteString(`\u`)
				in.WriteByte(hexDigits[u>>12])
				in.WriteByte(hexDigits[u>>8&15])
				in.WriteByte(hexDigits[u>>4&15])
				in.WriteByte(hexDigits[u&15])
			}
		} else {
			in.WriteString(name)
		}
		in.WriteString(`":`)
		in.WriteString(strconv.Itoa(i))
	}
	in.WriteByte('}')

	index := map[string]int{}
	for i, name := range names {
		index[name] = i
	}
	sorted := append([]string(nil), names...)
	sort.Slice(sorted, func(i, j int) bool { return utf16Compare(sorted[i], sorted[j]) < 0 })
	var want bytes.Buffer
	want.WriteByte('{')
	for i, name := range sorted {
		if i > 0 {
			want.WriteByte(',')
		}
		want.WriteString(`"` + name + `":` + strconv.Itoa(index[name]))
	}
	want.WriteByte('}')

	got, err := CanonicalJSON(in.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		i := 0
		for i < len(got) && i < want.Len() && got[i] == want.Bytes()[i] {
			i++
		}
		t.Fatalf("%d members: output differs from the UTF-16 order at byte %d:\ngot  ...%q\nwant ...%q",
			n, i, got[i:min(i+60, len(got))], want.Bytes()[i:min(i+60, want.Len())])
	}

	// The same object with one name repeated at the end, escaped.
	dup := names[n/2]
	body := in.Bytes()[:in.Len()-1]
	off := len(body) + 1
	var esc strings.Builder
	for _, u := range utf16.Encode([]rune(dup)) {
		esc.WriteString(`\u`)
		esc.WriteByte(hexDigits[u>>12])
		esc.WriteByte(hexDigits[u>>8&15])
		esc.WriteByte(hexDigits[u>>4&15])
		esc.WriteByte(hexDigits[u&15])
	}
	withDup := string(body) + `,"` + esc.String() + `":0}`
	ctCheckRefusal(t, []byte(withDup), ErrDuplicateName, off)
	// And repeated right after its first occurrence.
	first := strings.Index(in.String(), `,"`+dup+`":`)
	if first < 0 {
		t.Fatal("name not found")
	}
	end := first + len(`,"`+dup+`":`+strconv.Itoa(n/2))
	withDup = in.String()[:end] + `,"` + dup + `":1` + in.String()[end:]
	ctCheckRefusal(t, []byte(withDup), ErrDuplicateName, end+1)
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
