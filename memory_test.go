package agentidemp

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math/rand"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// These tests pin the memory the canonicalizer uses: what it streams, what
// a refused input costs, the scratch bound the README states, and what the
// pool keeps between calls.

// memDocs returns documents that exercise every path of the stream
// buffer: strings and escaped strings longer than spillAt, many escapes in
// a row, rewritten numbers, deep nesting and large unsorted objects.
func memDocs(tb testing.TB) map[string][]byte {
	docs := map[string][]byte{}
	names, bodies := ctBodies(tb)
	for i := range names {
		docs[names[i]] = bodies[i]
	}
	long := strings.Repeat("abcdefgh", 3*spillAt/8+3)
	docs["long string"] = []byte(`["` + long + `","` + long + `"]`)
	docs["long escaped string"] = []byte(`{"k":"` + long + `\n` + long + `\u00e9` + long + `"}`)
	docs["escapes in a row"] = []byte(`"` + strings.Repeat(`\u0001\n\"\\\/\u00e9`, 3*spillAt) + `"`)
	docs["a run of \\u escapes"] = []byte(`["` + strings.Repeat(`\u0001\ud83d\ude00\u00e9`, spillAt) + `"]`)
	docs["a name of \\u escapes"] = []byte(`{"` + strings.Repeat(`\u0001\ud83d\ude00\u00e9`, spillAt) + `":0}`)
	docs["pieces just under spillAt"] = []byte(`["` + strings.Repeat("x", spillAt-1) + `\n` + strings.Repeat("y", spillAt-1) + `\t",` +
		`"` + strings.Repeat("z", spillAt-3) + `"]`)
	var nums strings.Builder
	nums.WriteString("[")
	for i := 0; i < 5*spillAt; i++ {
		if i > 0 {
			nums.WriteString(",")
		}
		nums.WriteString(strconv.Itoa(i) + "e-7")
	}
	nums.WriteString("]")
	docs["rewritten numbers"] = []byte(nums.String())
	docs["deep"] = []byte(strings.Repeat(`{"b":[`, 3000) + `"` + long + `"` + strings.Repeat(`]}`, 3000))
	// More closing brackets in a row than the stream buffer holds.
	docs["closers"] = []byte(strings.Repeat(`[`, streamBufLen+100) + `1` + strings.Repeat(`]`, streamBufLen+100))
	docs["large unsorted object"] = memObject(20000, 1, false)
	docs["escaped names"] = memObject(500, 300, true)
	return docs
}

// memObject returns an object of n members in random order whose names
// are nameLen bytes or more, escaped (every byte as \u00xx) when escaped is
// set.
func memObject(n, nameLen int, escaped bool) []byte {
	r := rand.New(rand.NewSource(int64(n)))
	var b bytes.Buffer
	b.WriteByte('{')
	for k, i := range r.Perm(n) {
		if k > 0 {
			b.WriteByte(',')
		}
		name := strconv.Itoa(i) + strings.Repeat("n", nameLen)
		b.WriteByte('"')
		for _, ch := range []byte(name) {
			if escaped {
				b.WriteString(`\u00` + strconv.FormatInt(int64(ch), 16))
			} else {
				b.WriteByte(ch)
			}
		}
		b.WriteString(`":` + strconv.Itoa(i))
	}
	b.WriteByte('}')
	return b.Bytes()
}

// Streaming writes exactly the canonical form, never lets the stream buffer
// grow, and hands every long piece to the hash directly.
func TestStreamEqualsCanonical(t *testing.T) {
	for name, doc := range memDocs(t) {
		want, err := CanonicalJSON(doc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c := new(canon)
		c.in = doc
		if err := c.parse(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rec := hashRecorder{in: doc, text: c.text}
		c.writeTo(&rec, "", false)
		if !bytes.Equal(rec.Bytes(), want) {
			t.Errorf("%s: streamed %d bytes, want the %d of CanonicalJSON", name, rec.Len(), len(want))
		}
		if cap(c.stream) != streamBufLen {
			t.Errorf("%s: the stream buffer grew to %d bytes, want %d", name, cap(c.stream), streamBufLen)
		}
		if rec.copied > 0 {
			t.Errorf("%s: %d writes longer than the stream buffer were not pieces of the input or of the decoded strings", name, rec.copied)
		}
	}
}

// A scoped key streams the scope, a 0x00 byte and the canonical form.
func TestStreamScope(t *testing.T) {
	doc := []byte(`{"b":1,"a":[true,null]}`)
	for _, scope := range []string{"", "tenant", strings.Repeat("s", 3*spillAt+5)} {
		c := new(canon)
		c.in = doc
		if err := c.parse(); err != nil {
			t.Fatal(err)
		}
		var rec hashRecorder
		c.writeTo(&rec, scope, true)
		if want := scope + "\x00" + `{"a":[true,null],"b":1}`; rec.String() != want {
			t.Errorf("scope of %d bytes: streamed %q...", len(scope), rec.String()[:min(rec.Len(), 40)])
		}
		if cap(c.stream) != streamBufLen {
			t.Errorf("scope of %d bytes: the stream buffer grew to %d", len(scope), cap(c.stream))
		}
	}
}

// memBody returns a chat request carrying images base64-encoded images of
// size bytes each.
func memBody(images, size int) []byte {
	r := rand.New(rand.NewSource(int64(size)))
	raw := make([]byte, size*3/4)
	r.Read(raw)
	img := base64.StdEncoding.EncodeToString(raw)
	var b bytes.Buffer
	b.WriteString(`{"model":"claude-sonnet-4-20250514","max_tokens":1024,"messages":[{"role":"user","content":[`)
	for i := 0; i < images; i++ {
		b.WriteString(`{"type":"image","source":{"type":"base64","media_type":"image/png","data":"` + img + `"}},`)
	}
	b.WriteString(`{"type":"text","text":"What differs between these images?"}]}]}`)
	return b.Bytes()
}

// The keys never hold the canonical form: one allocation, the key, on
// bodies far beyond any buffer the pool keeps.
func TestJSONKeyStreamsLargeBodies(t *testing.T) {
	ctSkipAllocs(t)
	for _, tc := range []struct {
		name         string
		images, size int
	}{{"one 5 MiB image", 1, 5 << 20}, {"eight 4 MiB images, 32 MiB", 8, 4 << 20}} {
		body := memBody(tc.images, tc.size)
		canonical, err := CanonicalJSON(body)
		if err != nil {
			t.Fatal(err)
		}
		want := sha256.Sum256(canonical)
		got, err := JSONKey(body)
		if err != nil || got != HexKeyPrefix+hex.EncodeToString(want[:16]) {
			t.Fatalf("%s: JSONKey = %s, %v; want the hash of CanonicalJSON", tc.name, got, err)
		}
		if n := ctAllocs(3, func() { JSONKey(body) }); n != 1 {
			t.Errorf("%s: JSONKey made %v allocations, want 1", tc.name, n)
		}
		dst := make([]byte, 0, HexKeyLen)
		if n := ctAllocs(3, func() { AppendJSONKey(dst, body) }); n != 0 {
			t.Errorf("%s: AppendJSONKey made %v allocations, want 0", tc.name, n)
		}
		if n := ctAllocs(3, func() { ScopedJSONKey("tenant", body) }); n != 1 {
			t.Errorf("%s: ScopedJSONKey made %v allocations, want 1", tc.name, n)
		}
	}
}

// A refused input costs no output, and no scratch beyond what was read
// before the refusal.
func TestRefusedInputCost(t *testing.T) {
	ctSkipAllocs(t)
	junk := bytes.Repeat([]byte("x"), 16<<20)
	for name, f := range map[string]func(){
		"CanonicalJSON":       func() { CanonicalJSON(junk) },
		"AppendCanonicalJSON": func() { AppendCanonicalJSON(nil, junk) },
		"JSONKey":             func() { JSONKey(junk) },
	} {
		f()
		if n := bytesAllocated(f); n > 4096 {
			t.Errorf("%s of 16 MiB refused at byte 0 allocated %d bytes", name, n)
		}
	}

	// Well-formed up to the last byte: the scratch for what was read, and
	// no output.
	var doc bytes.Buffer
	doc.WriteString("[")
	for doc.Len() < 4<<20 {
		doc.WriteString(`"` + strings.Repeat("s", 100) + `",`)
	}
	doc.WriteString("}")
	values := strings.Count(doc.String(), `",`)
	CanonicalJSON(doc.Bytes())
	n := bytesAllocated(func() { CanonicalJSON(doc.Bytes()) })
	if limit := values * nodeSize * 2; n > uint64(limit) {
		t.Errorf("CanonicalJSON of %d bytes refused at the end allocated %d bytes, want at most %d (the tape's)", doc.Len(), n, limit)
	}
}

// memCounts is what the scratch bound depends on, counted from a document
// by encoding/json's tokenizer, independently of the canonicalizer.
type memCounts struct {
	values, orderEntries, peakMembers, peakNameBytes, longestName int
	// valueBytes bounds the bytes of the string values as written in the
	// input: each token's span, separators included.
	valueBytes int
}

func countDoc(tb testing.TB, doc []byte) memCounts {
	var m memCounts
	type open struct {
		object     bool
		members    int
		names      []string
		nameBytes  int
		wantsValue bool
	}
	var stack []*open
	onStack := func() (members, nameBytes int) {
		for _, o := range stack {
			members += o.members
			nameBytes += o.nameBytes
		}
		return
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		var top *open
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		isName := top != nil && top.object && !top.wantsValue
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			if top.object {
				members, nameBytes := onStack()
				m.peakMembers = max(m.peakMembers, members)
				m.peakNameBytes = max(m.peakNameBytes, nameBytes)
				sorted := true
				for k := 1; k < len(top.names); k++ {
					sorted = sorted && utf16Compare(top.names[k-1], top.names[k]) < 0
				}
				if !sorted {
					m.orderEntries += len(top.names) + 1
				}
			}
			stack = stack[:len(stack)-1]
			continue
		}
		m.values++
		if isName {
			s := tok.(string)
			top.members++
			top.names = append(top.names, s)
			top.nameBytes += len(s) // every name counted, escaped or not: an upper bound
			m.longestName = max(m.longestName, len(s))
			top.wantsValue = true
			continue
		}
		if top != nil && top.object {
			top.wantsValue = false
		}
		if _, ok := tok.(string); ok {
			m.valueBytes += int(dec.InputOffset() - before)
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, &open{object: d == '{'})
		}
	}
	return m
}

// scratchBound is the README's bound on the bytes a cold call allocates
// besides its output: the tape and the order in whole blocks, with the
// slices of block headers (which grow as Go's append grows them, at most
// five times their final size in all), the two stacks (which grow by
// doubling: at most four times their peak in all, 64 entries at least;
// for the name stack, its peak plus its largest push, the longest name as
// escaped in the input, at most 6 input bytes a byte of the name), and
// the fixed stream buffer, digest, remembered member orders and
// canonicalizer; and the decoded
// string values, which grow by doubling like the stacks: at most four times
// their bytes, plus the 6 of one escape, as their canonical form is never
// longer than the input, and at most maxText bytes of them.
func scratchBound(m memCounts) int {
	blocks := func(n, size int) (data, headers int) {
		k := (n + blockLen - 1) / blockLen
		return k * blockLen * size, 5 * 24 * max(k, 1)
	}
	tape, th := blocks(m.values, nodeSize)
	ord, oh := blocks(m.orderEntries, 4)
	stacks := 4*max(m.peakMembers, 64)*memberSize + 4*max(m.peakNameBytes+6*m.longestName, 64) + 4*max(min(m.valueBytes, maxText)+6, 64)
	const fixed = streamBufLen + 1024 + int(unsafe.Sizeof([shapeSlots]shape{}))
	return tape + th + ord + oh + stacks + fixed
}

// The scratch a cold call allocates stays within the stated bound on each
// shape that stresses one of its terms.
func TestScratchBound(t *testing.T) {
	ctSkipAllocs(t)
	var deep strings.Builder
	for i := 0; i < 100; i++ {
		deep.WriteString(strings.Repeat(`{"z":1,"a":[`, 200) + "7" + strings.Repeat(`]}`, 200) + ",")
	}
	shapes := map[string][]byte{
		"long array of small numbers": []byte("[" + strings.Repeat("7,", 1<<20) + "7]"),
		"numbers to rewrite":          []byte("[" + strings.Repeat("1.50,", 1<<18) + "1e2]"),
		"deep nesting repeated":       []byte("[" + deep.String() + "0]"),
		"many tiny objects":           []byte("[" + strings.Repeat(`{"b":1,"a":2},`, 100000) + "{}]"),
		"large object":                memObject(100000, 8, false),
		"large escaped names":         memObject(500, 5000, true),
		"long escaped values":         []byte("[" + strings.Repeat(`"`+strings.Repeat("x", 1000)+`\/",`, 2000) + "0]"),
		"escaped values":              []byte("[" + strings.Repeat(`"\u00e9t\u00e9 \n\ud83d\ude00 \/",`, 100000) + `"\u0041"]`),
	}
	for name, doc := range shapes {
		bound := scratchBound(countDoc(t, doc))
		var c *canon
		used := bytesAllocated(func() {
			c = new(canon)
			c.in = doc
			if err := c.parse(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			c.writeTo(discard{}, "", false)
		})
		t.Logf("%s: %d bytes of input, %d bytes of scratch, bound %d", name, len(doc), used, bound)
		if used > uint64(bound) {
			t.Errorf("%s: a cold call allocated %d bytes of scratch, more than the bound %d", name, used, bound)
		}
	}
}

// recycle forgets the caller's input, and no scratch memory of the
// canonicalizer shares memory with it: a pooled canonicalizer never keeps
// an earlier caller's input alive.
func TestRecycleForgetsInput(t *testing.T) {
	doc := []byte(`{"b":"x","\u0061":1,"c":[{"z":1,"y":2}],"d":1.50,"e":"\u00e9"}`)
	c := new(canon)
	c.in = doc
	if err := c.parse(); err != nil {
		t.Fatal(err)
	}
	c.writeTo(discard{}, "", false)
	if within(c.names[:cap(c.names)], doc) || within(c.text[:cap(c.text)], doc) || within(c.stream[:cap(c.stream)], doc) {
		t.Fatal("scratch memory aliases the input")
	}
	c.recycle()
	if c.in != nil {
		t.Error("recycle kept the input")
	}
	if c.tape.n != 0 || c.ord.n != 0 || len(c.mem) != 0 || len(c.names) != 0 || len(c.text) != 0 || c.dup != nil || c.growth != 0 {
		t.Errorf("recycle left state from the call: %d nodes, %d order entries, %d members, %d name bytes, %d text bytes, dup %v, growth %d",
			c.tape.n, c.ord.n, len(c.mem), len(c.names), len(c.text), c.dup, c.growth)
	}
}

// The retention rule: scratch memory of any size is kept while calls use
// it, and dropped after maxStrikes calls in a row that use less than a
// quarter of it; up to keptAlways bytes are never dropped.
func TestRetention(t *testing.T) {
	big := []byte("[" + strings.Repeat(`{"b":1,"a":"\u0061"},`, 100000) + "0]")
	small := []byte(`{"b":[1,2,3],"a":"x"}`)
	c := new(canon)
	canonOnce(t, c, big)
	held := c.scratchHeld()
	if held < 100000*5*nodeSize {
		t.Fatalf("after a document of 500,000 values the canonicalizer holds %d bytes", held)
	}
	for i := 0; i < 10; i++ {
		canonOnce(t, c, big)
		if got := c.scratchHeld(); got != held {
			t.Fatalf("call %d on the same large document: held %d bytes, then %d", i+2, held, got)
		}
	}
	for i := 1; i < maxStrikes; i++ {
		canonOnce(t, c, small)
		if got := c.scratchHeld(); got != held {
			t.Fatalf("small call %d of %d dropped scratch memory early: %d bytes held, was %d", i, maxStrikes, got, held)
		}
	}
	canonOnce(t, c, small)
	if got := c.scratchHeld(); got > keptAlways {
		t.Fatalf("after %d small calls in a row the canonicalizer still holds %d bytes", maxStrikes, got)
	}

	// A large call between small ones resets the count.
	canonOnce(t, c, big)
	for i := 1; i < maxStrikes; i++ {
		canonOnce(t, c, small)
	}
	canonOnce(t, c, big)
	canonOnce(t, c, small)
	if got := c.scratchHeld(); got < held/2 {
		t.Fatalf("a large call between small ones did not reset the strikes: %d bytes held", got)
	}

	// Scratch within keptAlways is never dropped: no allocation on a
	// steady stream of small documents.
	c = new(canon)
	canonOnce(t, c, small)
	first := &c.tape.blocks[0]
	for i := 0; i < 3*maxStrikes; i++ {
		canonOnce(t, c, small)
		if len(c.tape.blocks) == 0 || &c.tape.blocks[0] != first {
			t.Fatalf("small call %d dropped the tape's first block", i+2)
		}
	}
}

// An input one byte over MaxJSONLen is refused before a byte of it is read
// or a byte of output allocated. The input is a slice header claiming that
// length over a small buffer, so that the test needs no 4 GiB.
func TestTooLargeCostsNothing(t *testing.T) {
	ctSkipAllocs(t) // also skips under -race, whose pointer checks refuse such a slice
	if strconv.IntSize == 32 {
		t.Skip("MaxJSONLen+1 does not fit an int here")
	}
	small := make([]byte, 16)
	limit := uint64(MaxJSONLen) // a variable: MaxJSONLen+1 overflows int where it has 32 bits
	huge := unsafe.Slice(&small[0], int(limit+1))
	for name, f := range map[string]func() error{
		"CanonicalJSON":       func() error { _, err := CanonicalJSON(huge); return err },
		"AppendCanonicalJSON": func() error { _, err := AppendCanonicalJSON(nil, huge); return err },
		"JSONKey":             func() error { _, err := JSONKey(huge); return err },
	} {
		var err error
		n := bytesAllocated(func() { err = f() })
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("%s of MaxJSONLen+1 bytes: %v, want ErrTooLarge", name, err)
		}
		if n > 1024 {
			t.Errorf("%s of MaxJSONLen+1 bytes allocated %d bytes before refusing", name, n)
		}
	}
}

// A scratchBudget keeps what fits under its limit and drops the rest; what
// leaves the pool gives its share back.
func TestScratchBudget(t *testing.T) {
	big := []byte("[" + strings.Repeat(`{"b":1,"a":"x"},`, 50000) + "0]")
	filled := func() *canon {
		c := new(canon)
		c.in = big
		if err := c.parse(); err != nil {
			t.Fatal(err)
		}
		c.recycle()
		return c
	}
	one := int64(filled().scratchHeld())
	if one <= keptAlways {
		t.Fatalf("the document takes %d bytes of scratch, want more than keptAlways", one)
	}
	b := scratchBudget{limit: 2*one + one/2}
	c1, c2, c3 := filled(), filled(), filled()
	b.admit(c1)
	b.admit(c2)
	b.admit(c3)
	if c1.scratchHeld() != int(one) || c2.scratchHeld() != int(one) {
		t.Errorf("within the limit: kept %d and %d bytes, want %d each", c1.scratchHeld(), c2.scratchHeld(), one)
	}
	if c3.scratchHeld() != 0 {
		t.Errorf("past the limit: kept %d bytes, want none", c3.scratchHeld())
	}
	if got := b.held.Load(); got != 2*one {
		t.Errorf("budget holds %d bytes, want %d", got, 2*one)
	}
	b.release(c1)
	b.release(c3)
	if got := b.held.Load(); got != one {
		t.Errorf("after two releases the budget holds %d bytes, want %d", got, one)
	}
	c4 := filled()
	b.admit(c4)
	if c4.scratchHeld() != int(one) {
		t.Errorf("room made by a release was not used: kept %d bytes", c4.scratchHeld())
	}
	b.release(c2)
	b.release(c4)
	if got := b.held.Load(); got != 0 {
		t.Errorf("every canonicalizer released, the budget still holds %d bytes", got)
	}

	// Small scratch is kept whatever the budget says.
	small := new(canon)
	canonOnce(t, small, []byte(`[1,2,3]`))
	full := scratchBudget{limit: 0}
	full.admit(small)
	if small.scratchHeld() == 0 {
		t.Error("a full budget dropped scratch memory within keptAlways")
	}
}

// chunksFor returns the number of chunks a body of n bytes of unknown
// length is held in: they double from firstChunk to maxChunk, and one more
// is allocated when bytes arrive that the ones before have no room for.
func chunksFor(n int) int {
	k := 0
	for size, held := firstChunk, 0; held < n; size = min(2*size, maxChunk) {
		held += size
		k++
	}
	return k
}

// TestHeldBodyMemory pins the memory of a body read without GetBody (held
// to be sent again): of unknown length, at most its size plus one chunk of
// maxChunk bytes, in chunks allocated once each; of known length, its size
// and one byte; a JSON-typed body in more than one chunk adds one
// contiguous copy for the canonicalizer, in the pooled buffer.
func TestHeldBodyMemory(t *testing.T) {
	ctSkipAllocs(t)
	body := memBody(1, 32<<20) // a chat request with one image of 32 MiB
	for _, ct := range []string{"application/octet-stream", "application/json"} {
		newReq := func() *http.Request {
			req, err := http.NewRequest("POST", "http://h/v1/x", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", ct)
			// A reader net/http does not know: no length, no GetBody.
			req.Body, req.ContentLength = io.NopCloser(struct{ io.Reader }{bytes.NewReader(body)}), -1
			return req
		}
		call := func() {
			req := newReq()
			if _, err := RequestKey(req); err != nil {
				t.Fatal(err)
			}
		}
		// The documented bound, min(2n + 4 KiB, n + 1 MiB), written out
		// rather than taken from firstChunk and maxChunk, so that a change
		// of either that breaks the documentation fails here; 96 KiB for
		// the rest of the call, the pooled scratch among it when the pool
		// is cold (a bodyScratch, with its read buffer of copyBufLen).
		bound := uint64(min(2*len(body)+4<<10, len(body)+1<<20) + 96<<10)
		if ct == "application/json" {
			bound += uint64(len(body)) // the contiguous copy, when the pool has none
		}
		got := bytesAllocated(call)
		// With its length known in advance, the body is read into chunks
		// of maxChunk bytes that take that length and one byte more; a
		// JSON body is copied for the canonicalizer too (the pooled buffer
		// may have room for it from the call before, or not).
		known := bytesAllocated(func() {
			req := newReq()
			req.ContentLength = int64(len(body))
			if _, err := RequestKey(req); err != nil {
				t.Fatal(err)
			}
		})
		limit := uint64(len(body) + 96<<10)
		if ct == "application/json" {
			limit += uint64(len(body))
		}
		if known > limit {
			t.Errorf("%s: a body of %d bytes of known length allocated %d bytes, more than %d", ct, len(body), known, limit)
		}
		t.Logf("%s, %d bytes: %d bytes allocated (%.2fx), bound %d", ct, len(body), got, float64(got)/float64(len(body)), bound)
		if got > bound {
			t.Errorf("%s: a body of %d bytes allocated %d bytes, more than %d", ct, len(body), got, bound)
		}
		// The chunks, and a fixed number of others: the request built for
		// the call, the slice of chunks as it grows, the readers, the key.
		allocs := testing.AllocsPerRun(2, call)
		if chunks := float64(chunksFor(len(body))); allocs < chunks || allocs > chunks+24 {
			t.Errorf("%s: %v allocations, want the %v chunks and at most 24 more", ct, allocs, chunks)
		}
	}
}

// TestContentLengthClaim: a ContentLength of 1 GiB on a body of 10 bytes
// costs memory for the bytes that come, not for the claim: less than 2
// MiB in all, for a body held (no GetBody), a copy from GetBody read for
// the canonicalizer or streamed, and an in-memory body, through RequestKey
// and Middleware; and so for the two readers themselves, from nothing
// (the pooled buffer of the canonicalizer's copy may already be large).
func TestContentLengthClaim(t *testing.T) {
	const claim = 1 << 30
	for name, read := range map[string]func() error{
		"readBody": func() error {
			_, err := readBody(nil, strings.NewReader("0123456789"), claim, -1)
			return err
		},
		"readChunks": func() error {
			_, err := readChunks(strings.NewReader("0123456789"), claim, -1)
			return err
		},
	} {
		var err error
		if n := bytesAllocated(func() { err = read() }); err != nil || n >= 2<<20 {
			t.Errorf("%s: %d bytes allocated for a body of 10 bytes claiming %d (%v)", name, n, claim, err)
		}
	}
	bodies := map[string]string{"application/json": `{"a":"45"}`, "application/octet-stream": "0123456789"}
	for ct, body := range bodies {
		want := refRequestKey("", "POST", "/v1/x", ct, []byte(body), HexKey)
		for _, kind := range []string{"held", "GetBody", "in memory"} {
			newReq := func() *http.Request {
				req, err := http.NewRequest("POST", "http://h/v1/x", nil)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", ct)
				read := strings.NewReader(body).Read
				req.Body = funcBody(read)
				switch kind {
				case "GetBody":
					req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(body)), nil }
				case "in memory":
					req.Body = io.NopCloser(strings.NewReader(body))
				}
				req.ContentLength = claim
				return req
			}
			for _, how := range []string{"RequestKey", "Middleware"} {
				var key string
				call := func() {
					var err error
					req := newReq()
					if how == "RequestKey" {
						key, err = RequestKey(req)
					} else {
						var rec recorder
						_, err = Middleware(req, rec.next)
						key = rec.key
					}
					if err != nil || key != want {
						t.Fatalf("%s, %s, %s: key %s, %v; want %s", ct, kind, how, key, err, want)
					}
				}
				call()
				if n := bytesAllocated(call); n >= 2<<20 {
					t.Errorf("%s, %s, %s: %d bytes allocated for a body of %d bytes claiming %d", ct, kind, how, n, len(body), claim)
				}
			}
		}
	}
}
