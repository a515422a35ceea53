// The tape: every value the parse pass records, in input order, for the
// emit pass to walk; kept in block lists that grow without copying.

package agentidemp

import "math"

// Kinds of tape node.
const (
	nodeLiteral byte = iota // true, false, null, or a number written as is
	nodeFloat               // a number to rewrite, its value in pos and end
	nodeString
	nodeArray
	nodeObject
)

// A node is one value on the tape. Containers are followed by their
// elements; an object's are its names and values, alternating.
// Offsets are 32 bits wide to keep the tape small, which bounds the input
// at MaxJSONLen bytes.
type node struct {
	// pos is, for a literal or string, the input offset of its first byte
	// (for an escDecoded string, its offset in canon.text); for an array, the offset of its '['; for an object, once parsed,
	// inTapeOrder or the index in canon.ord of its members' count and order;
	// for a nodeFloat, the low 32 bits of the double's bits.
	pos uint32
	// end is, for a literal or string, the input offset just past the value
	// (in canon.text for an escDecoded string); for a container, the tape index just past its last element; for a
	// nodeFloat, the high 32 bits of the double's bits.
	end  uint32
	kind byte
	esc  byte // nodeString: what its escapes need, escNone, escKept, escRewrite or escDecoded
}

// What the backslash escapes of a string node need (node.esc).
const (
	escNone byte = iota // there are none
	// escKept: \" \\ \b \f \n \r \t only, which the canonical form writes
	// as they are, so the string is copied as it is.
	escKept
	// escRewrite: a \/ or \u escape, which the emit pass rewrites: in a
	// member name, or in a value that did not fit in c.text (see textRoom).
	escRewrite
	// escDecoded: a string value with a \/ or \u escape, whose canonical
	// form the parse pass wrote to c.text[pos:end].
	escDecoded
)

// inTapeOrder marks an object whose members are in sorted order on the
// tape.
const inTapeOrder = 1<<32 - 1

// push appends a node to the tape and returns its index. It sets the
// node's fields in place: a node built aside and copied in whole is read
// back before its parts are stored, which stalls.
func (c *canon) push(kind, esc byte, pos, end uint32) int {
	i, n := c.tape.add()
	n.pos, n.end, n.kind, n.esc = pos, end, kind, esc
	return i
}

// float returns the value of the nodeFloat n.
func (n *node) float() float64 {
	return math.Float64frombits(uint64(n.end)<<32 | uint64(n.pos))
}

// A blockList is an append-only list kept in blocks of blockLen elements.
// Growing it never copies an element, so its memory is its length rounded
// up to a block, and a slice header for each block.
type blockList[E any] struct {
	blocks [][]E
	n      int // the number of elements in use
}

const (
	blockBits = 10
	blockLen  = 1 << blockBits
)

// push appends e and returns its index.
func (l *blockList[E]) push(e E) int {
	i, p := l.add()
	*p = e
	return i
}

// add appends an element and returns its index and address. The element
// may hold a value from before the list was last emptied: the caller sets
// all of it.
func (l *blockList[E]) add() (int, *E) {
	i := l.n
	if i>>blockBits == len(l.blocks) {
		l.blocks = append(l.blocks, make([]E, blockLen))
	}
	l.n++
	return i, &l.blocks[i>>blockBits][i&(blockLen-1)]
}

// at returns the element at index i < l.n.
func (l *blockList[E]) at(i int) *E {
	return &l.blocks[i>>blockBits][i&(blockLen-1)]
}
