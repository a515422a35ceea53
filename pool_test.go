package agentidemp

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

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

// scratchHeld counts the scratch memory a canonicalizer keeps. After a
// cold call it is no more than the call allocated; where no stack grew it
// is all of it but the slice headers (64 KiB is allowed for those and for
// the runtime), and where the member or name stack grew by doubling, at
// least half of it. Each document makes one part of the scratch memory
// large: the tape, the member order of unsorted objects, the member stack,
// the unescaped names.
func TestScratchHeldCountsAllocation(t *testing.T) {
	ctSkipAllocs(t)
	var many, one, escaped strings.Builder
	many.WriteString("[")
	one.WriteString("{")
	escaped.WriteString("{")
	for i := 0; i < 20000; i++ {
		if i > 0 {
			many.WriteString(",")
			one.WriteString(",")
		}
		many.WriteString(`{"b":0,"a":0}`)
		fmt.Fprintf(&one, `"%06d":0`, i)
	}
	for i := 0; i < 100; i++ {
		if i > 0 {
			escaped.WriteString(",")
		}
		fmt.Fprintf(&escaped, `"\u0061%03d%s":0`, i, strings.Repeat("x", 4000))
	}
	many.WriteString("]")
	one.WriteString("}")
	escaped.WriteString("}")
	for _, tc := range []struct {
		name    string
		doc     string
		growing bool
	}{
		{"array", string(flatArray(100000)), false},
		{"unsorted objects", many.String(), false},
		{"one object", one.String(), true},
		{"escaped names", escaped.String(), true},
		{"escaped values", "[" + strings.Repeat(`"`+strings.Repeat("x", 4000)+`\/",`, 100) + "0]", true},
	} {
		c := new(canon)
		in := []byte(tc.doc)
		alloc := bytesAllocated(func() {
			c.in = in
			if err := c.parse(); err != nil {
				t.Fatal(err)
			}
		})
		held := uint64(c.scratchHeld())
		if held > alloc || tc.growing && held < alloc/2 || !tc.growing && alloc-held > 64<<10 {
			t.Errorf("%s: the call allocated %d bytes, scratchHeld says %d", tc.name, alloc, held)
		}
	}
}

// flatArray returns a JSON array of n zeros: n+1 values, no members, so
// that a call on it uses tape and nothing else.
func flatArray(n int) []byte {
	if n == 0 {
		return []byte("[]")
	}
	return []byte("[" + strings.Repeat("0,", n-1) + "0]")
}

// The strike is for a call that uses less than a quarter of the scratch
// memory held: a call that uses exactly a quarter, or more, keeps it
// however often it comes, and one that uses a value less is a strike.
func TestRetentionQuarter(t *testing.T) {
	c := new(canon)
	canonOnce(t, c, flatArray(100000))
	held := c.scratchHeld()
	if held <= keptAlways || held%(4*nodeSize) != 0 {
		t.Fatalf("a flat array of 100,000 values holds %d bytes", held)
	}
	// An array of k values puts k+1 nodes on the tape.
	quarter := held / 4 / nodeSize
	for _, values := range []int{quarter - 1, quarter + held/nodeSize/8} {
		for i := 0; i < 3*maxStrikes; i++ {
			canonOnce(t, c, flatArray(values))
			if got := c.scratchHeld(); got != held {
				t.Fatalf("call %d on %d values (%d of %d bytes of tape) dropped scratch memory: %d bytes held",
					i+1, values, (values+1)*nodeSize, held, got)
			}
		}
	}
	for i := 1; i <= maxStrikes; i++ {
		canonOnce(t, c, flatArray(quarter-2))
		got := c.scratchHeld()
		if i < maxStrikes && got != held || i == maxStrikes && got > keptAlways {
			t.Fatalf("call %d of %d in a row using less than a quarter: %d bytes held, was %d", i, maxStrikes, got, held)
		}
	}
}

// Scratch memory of exactly keptAlways bytes is never dropped, neither by
// the strikes nor by a full budget; one byte more is.
func TestKeptAlwaysBoundary(t *testing.T) {
	for _, size := range []int{keptAlways, keptAlways + 1} {
		c := new(canon)
		canonOnce(t, c, []byte(`1`))
		c.names = make([]byte, 0, size-c.scratchHeld())
		if got := c.scratchHeld(); got != size {
			t.Fatalf("scratchHeld = %d, want %d", got, size)
		}
		for i := 0; i < maxStrikes; i++ {
			canonOnce(t, c, []byte(`1`))
		}
		if kept := c.scratchHeld() == size; kept != (size == keptAlways) {
			t.Errorf("%d bytes of scratch after %d small calls: kept %v", size, maxStrikes, kept)
		}

		c = &canon{names: make([]byte, 0, size)}
		b := scratchBudget{limit: 0}
		b.admit(c)
		if kept := c.scratchHeld() == size; kept != (size == keptAlways) {
			t.Errorf("%d bytes of scratch admitted to a full budget: kept %v", size, kept)
		}
	}
}

// A budget admits scratch memory up to exactly its limit, and a release
// gives back what was admitted once: releasing again, or releasing what
// the pool dropped, changes nothing.
func TestScratchBudgetExact(t *testing.T) {
	filled := func() *canon {
		c := new(canon)
		canonOnce(t, c, flatArray(100000))
		return c
	}
	one := int64(filled().scratchHeld())
	b := scratchBudget{limit: 2 * one}
	c1, c2, c3 := filled(), filled(), filled()
	b.admit(c1)
	b.admit(c2)
	if c2.scratchHeld() != int(one) {
		t.Errorf("scratch that brings the budget exactly to its limit was dropped")
	}
	b.admit(c3)
	if c3.scratchHeld() != 0 {
		t.Errorf("scratch past the limit was kept: %d bytes", c3.scratchHeld())
	}
	b.release(c1)
	b.release(c1)
	b.release(c3)
	if got := b.held.Load(); got != one {
		t.Errorf("after releasing one of two twice, the budget holds %d bytes, want %d", got, one)
	}
	b.release(c2)
	if got := b.held.Load(); got != 0 {
		t.Errorf("every canonicalizer released, the budget holds %d bytes", got)
	}
}

// Every part of a call's scratch memory counts toward its use: the tape,
// the member order, the member stack, the unescaped names and the decoded
// string values, as
// AppendCanonicalJSON's doc sizes them. The canonicalizer is made to hold
// just under four times what a call on an unsorted object with escaped
// names and values uses, so that leaving out any part makes that call a
// strike.
func TestRetentionCountsEveryPart(t *testing.T) {
	const members = 2000
	var obj strings.Builder
	obj.WriteString("{")
	for i := members - 1; i >= 0; i-- {
		fmt.Fprintf(&obj, `"\u0061%04d":"\u0062"`, i)
		if i > 0 {
			obj.WriteString(",")
		}
	}
	obj.WriteString("}")
	doc := []byte(obj.String())
	used := (1+2*members)*nodeSize + (members+1)*4 + members*memberSize + members*len("a0000") + members*len(`"b"`)

	// The canonicalizer that holds the most scratch memory, after a
	// call on the object, that is still at most four times its use.
	var c *canon
	for n := 1; ; n += 500 {
		next := new(canon)
		canonOnce(t, next, flatArray(n))
		next.in = doc
		if err := next.parse(); err != nil {
			t.Fatal(err)
		}
		if next.scratchHeld() > 4*used {
			break
		}
		next.recycle()
		c = next
	}
	if c == nil || c.scratchHeld() <= keptAlways || c.scratchHeld() <= 4*used-blockLen*nodeSize {
		t.Fatalf("no canonicalizer holds just under %d bytes", 4*used)
	}
	held := c.scratchHeld()
	for i := 0; i < 3*maxStrikes; i++ {
		canonOnce(t, c, doc)
		if got := c.scratchHeld(); got != held {
			t.Fatalf("call %d on an object using a quarter of the %d bytes held dropped them: %d held", i+1, held, got)
		}
	}
}
