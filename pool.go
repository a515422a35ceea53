// The pool of canonicalizers and the scratch memory it keeps between calls.

package agentidemp

import "sync"

var canonPool = sync.Pool{New: func() any { return new(canon) }}

func getCanon(data []byte) *canon {
	c := canonPool.Get().(*canon)
	c.in = data
	return c
}

// maxPooled bounds the scratch memory a pooled canonicalizer keeps between
// calls, so that one huge document does not pin its memory for good.
const maxPooled = 1 << 22

func putCanon(c *canon) {
	c.in = nil
	c.tape = trim(c.tape, nodeSize)
	c.floats = trim(c.floats, 8)
	c.mem = trim(c.mem, memberSize)
	c.names = trim(c.names, 1)
	c.out = trim(c.out, 1)
	canonPool.Put(c)
}

// trim empties s for reuse, or drops it when it holds more than maxPooled
// bytes of elements of the given size.
func trim[E any](s []E, size int) []E {
	if cap(s)*size > maxPooled {
		return nil
	}
	return s[:0]
}

// The sizes of node and member in bytes, checked by a test.
const (
	nodeSize   = 12
	memberSize = 24
)
