// The canonicalizers' pool, and the rule for how much scratch memory it
// keeps between calls.

package agentidemp

import (
	"runtime"
	"sync"
	"sync/atomic"
)

var canonPool = sync.Pool{New: func() any {
	c := new(canon)
	// A canonicalizer that the pool drops gives its budget back.
	runtime.SetFinalizer(c, func(c *canon) { poolBudget.release(c) })
	return c
}}

func getCanon(data []byte) *canon {
	c := canonPool.Get().(*canon)
	poolBudget.release(c)
	c.in = data
	return c
}

func putCanon(c *canon) {
	c.recycle()
	poolBudget.admit(c)
	canonPool.Put(c)
}

// poolBudget bounds the scratch memory that the canonicalizers idle in
// canonPool hold: about poolLimit bytes in all.
var poolBudget = scratchBudget{limit: poolLimit}

const poolLimit = 128 << 20

// A scratchBudget bounds the scratch memory of the canonicalizers idle in
// a pool. A canonicalizer that goes into the pool while the others there
// already hold close to the limit drops its scratch memory (unless it
// holds keptAlways bytes or less), so that a burst of large documents leaves
// little behind: without it, 64 concurrent calls on 3.4 MiB documents
// would leave over 1 GiB idle until the second garbage collection.
type scratchBudget struct {
	limit int64
	held  atomic.Int64 // the bytes counted in pooled fields of idle canonicalizers
}

// admit counts the scratch memory of c as it goes into the pool, first
// dropping it when keeping it would take the pool past the limit.
func (b *scratchBudget) admit(c *canon) {
	n := int64(c.scratchHeld())
	if n > keptAlways && b.held.Load()+n > b.limit {
		c.dropScratch()
		n = int64(c.scratchHeld())
	}
	c.pooled = n
	b.held.Add(n)
}

// release uncounts the scratch memory of c as it leaves the pool, taken by
// a call or dropped by the pool.
func (b *scratchBudget) release(c *canon) {
	b.held.Add(-c.pooled)
	c.pooled = 0
}

// recycle forgets the caller's input and this call's state (omit too),
// applying the retention rule (see keepScratch) to its scratch memory.
func (c *canon) recycle() {
	used := c.tape.n*nodeSize + c.ord.n*4 + c.peakMem*memberSize + c.peakNames + len(c.text)
	if !keepScratch(&c.strikes, c.scratchHeld(), used) {
		c.dropScratch()
	}
	c.in, c.omit = nil, nil
	c.tape.n, c.ord.n = 0, 0
	c.mem, c.names, c.text = c.mem[:0], c.names[:0], c.text[:0]
	c.dup, c.growth, c.peakMem, c.peakNames = nil, 0, 0, 0
	if c.shapes != nil {
		for i := range c.shapes {
			c.shapes[i].n = 0 // they are offsets in this call's input
		}
	}
}

// dropScratch lets go of c's scratch memory.
func (c *canon) dropScratch() {
	c.tape, c.ord, c.mem, c.names, c.text, c.strikes = blockList[node]{}, blockList[uint32]{}, nil, nil, nil, 0
}

// scratchHeld returns the bytes of scratch memory c holds, besides the
// fixed stream buffer and digest.
func (c *canon) scratchHeld() int {
	return len(c.tape.blocks)*blockLen*nodeSize + len(c.ord.blocks)*blockLen*4 +
		cap(c.mem)*memberSize + cap(c.names) + cap(c.text)
}

// The sizes of node and member in bytes, checked by a test.
const (
	nodeSize   = 12
	memberSize = 24
)
