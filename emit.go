// The emit pass: walking the tape and writing each value in canonical form,
// into a buffer or, for the keys, through a fixed buffer into a hash.

package agentidemp

import "hash"

// When the canonicalizer streams into a hash (c.h is set), out is the
// stream buffer: it is written to the hash and emptied once it holds
// spillAt bytes or more, and a literal or string piece of spillAt bytes or
// more goes to the hash directly. It is checked before each value and
// after each array or object closes, so that between two checks at most
// spillAt-1 bytes of a piece and a few bytes of punctuation are appended,
// however deep the nesting: the buffer never outgrows streamBufLen.
const (
	spillAt      = 4096
	streamBufLen = 2*spillAt + 64
)

// spill empties out into the hash when streaming and out holds spillAt
// bytes or more.
func (c *canon) spill(out []byte) []byte {
	if c.h != nil && len(out) >= spillAt {
		c.h.Write(out)
		return out[:0]
	}
	return out
}

// put appends s to out, or, when streaming and s is long, writes out and
// then s to the hash.
func (c *canon) put(out, s []byte) []byte {
	if c.h != nil && len(s) >= spillAt {
		return c.putLong(out, s)
	}
	return append(out, s...)
}

func (c *canon) putLong(out, s []byte) []byte {
	c.h.Write(out)
	c.h.Write(s)
	return out[:0]
}

// emit appends the canonical form of the parsed value to out.
func (c *canon) emit(out []byte) []byte {
	out, _ = c.emitValue(out, 0)
	return out
}

// emitValue appends the canonical form of the value at tape index at and
// returns the index just past it.
func (c *canon) emitValue(out []byte, at int) ([]byte, int) {
	out = c.spill(out)
	n := c.tape.at(at)
	switch n.kind {
	case nodeLiteral:
		return c.put(out, c.in[n.pos:n.end]), at + 1
	case nodeFloat:
		return appendNumber(out, n.float()), at + 1
	case nodeString:
		return c.emitString(out, n), at + 1
	case nodeArray:
		end := int(n.end)
		out = append(out, '[')
		for i := at + 1; i < end; {
			if i > at+1 {
				out = append(out, ',')
			}
			out, i = c.emitValue(out, i)
		}
		return c.spill(append(out, ']')), end
	}
	return c.emitObject(out, at, n)
}

// next returns the tape index just past the value at index at.
func (c *canon) next(at int) int {
	if n := c.tape.at(at); n.kind == nodeArray || n.kind == nodeObject {
		return int(n.end)
	}
	return at + 1
}

// emitObject appends the object n at tape index at, its members in the
// order that the parse pass recorded.
func (c *canon) emitObject(out []byte, at int, n *node) ([]byte, int) {
	end := int(n.end)
	out = append(out, '{')
	if n.pos == inTapeOrder {
		for i := at + 1; i < end; i = c.next(i + 1) {
			if i > at+1 {
				out = append(out, ',')
			}
			out = c.emitMember(out, i)
		}
	} else {
		k := int(n.pos)
		count := int(*c.ord.at(k))
		ahead := count >= aheadFrom
		for j := 1; j <= count; j++ {
			if ahead && j%aheadGroup == 1 {
				c.loadAhead(k, j, count)
			}
			if j > 1 {
				out = append(out, ',')
			}
			out = c.emitMember(out, int(*c.ord.at(k + j)))
		}
	}
	return c.spill(append(out, '}')), end
}

// Loading ahead: aheadFrom is the fewest members of a reordered object
// for which emitObject calls loadAhead, aheadGroup members at a time. In
// smaller objects the nodes and names mostly stay in the cache from the
// parse pass, and the loads cost more than they save.
const (
	aheadFrom  = 1 << 13
	aheadGroup = 8
)

// loadAhead loads the tape nodes and the names of the members j+aheadGroup
// up to, but not including, j+2*aheadGroup in the order at c.ord index k
// (of count members). Members in sorted order lie all over the tape and
// the input, and each costs a cache miss on its node and another on its
// name when emitted. Loaded here, in a batch whose members' loads do not
// wait for one another, the misses overlap, and emitMember finds the node
// and the name in the cache. What is loaded goes to c.loaded, so that the
// loads are not left out as unused.
func (c *canon) loadAhead(k, j, count int) {
	var sum uint32
	for i := j + aheadGroup; i < min(j+2*aheadGroup, count+1); i++ {
		sum += uint32(c.in[c.tape.at(int(*c.ord.at(k + i))).pos])
	}
	c.loaded = sum
}

// emitMember appends the member whose name is at tape index name.
func (c *canon) emitMember(out []byte, name int) []byte {
	out = c.emitString(c.spill(out), c.tape.at(name))
	out = append(out, ':')
	out, _ = c.emitValue(out, name+1)
	return out
}

// writeTo writes the canonical form of the parsed input, less the members
// that c.omit names, to h through the stream buffer, after scope and a
// 0x00 byte when scoped is set.
func (c *canon) writeTo(h hash.Hash, scope string, scoped bool) {
	if c.stream == nil {
		c.stream = make([]byte, 0, streamBufLen)
	}
	c.h = h
	out := c.stream[:0]
	if scoped {
		for len(scope) > 0 {
			n := min(len(scope), spillAt)
			out = c.spill(append(out, scope[:n]...))
			scope = scope[n:]
		}
		out = append(out, 0)
	}
	out, _ = c.emitPruned(out, 0, c.omit.all(), 0)
	h.Write(out)
	c.h = nil
}
