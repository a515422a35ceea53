// Member orders remembered: the items of a list of records, as API
// responses carry them, are objects with the same names in the same input
// order, and each would be sorted alike. The parse pass remembers the
// sorted order of recent objects that needed sorting, one for each member
// count modulo shapeSlots, and an object whose names equal a remembered
// one's, place by place, takes that order instead of being sorted again.

package agentidemp

import (
	"bytes"
	"slices"
)

// Which objects are remembered: those of minShape to maxShape members.
// Fewer are sorted about as fast as their names are compared.
const (
	shapeSlots = 8
	minShape   = 5
	maxShape   = 64
)

// A shape is a remembered member order: the names of an object in input
// order, as offsets in the input (from, to), and for each place in sorted
// order the input position of the member that goes there (perm). n is the
// member count, or 0 when the slot holds nothing.
type shape struct {
	n        int
	from, to [maxShape]uint32
	perm     [maxShape]uint8
}

// shapeSlot returns the slot that remembers objects of ms's size, or nil
// when objects of that size are not remembered.
func (c *canon) shapeSlot(ms []member) *shape {
	if len(ms) < minShape || len(ms) > maxShape {
		return nil
	}
	if c.shapes == nil {
		c.shapes = new([shapeSlots]shape)
	}
	return &c.shapes[len(ms)%shapeSlots]
}

// matches reports whether the names of ms, in input order, are the names
// that s remembers, in the same order.
func (c *canon) matches(s *shape, ms []member) bool {
	if s.n != len(ms) {
		return false
	}
	for i := range ms {
		m := &ms[i]
		if m.unescaped || m.to-m.from != s.to[i]-s.from[i] || !bytes.Equal(c.in[m.from:m.to], c.in[s.from[i]:s.to[i]]) {
			return false
		}
	}
	return true
}

// record empties s and notes in it the names of ms, in input order, for
// remember to complete once ms is sorted. It reports false, and s stays
// empty, when a name had escapes: its unescaped text is not in the input.
func (s *shape) record(ms []member) bool {
	s.n = 0
	for i := range ms {
		if ms[i].unescaped {
			return false
		}
		s.from[i], s.to[i] = ms[i].from, ms[i].to
	}
	return true
}

// remember completes s with the sorted order of ms, whose names record
// noted in input order. Their offsets rise in input order, so each
// member's input position is found by its name's offset.
func (s *shape) remember(ms []member) {
	for j := range ms {
		p, _ := slices.BinarySearch(s.from[:len(ms)], ms[j].from)
		s.perm[j] = uint8(p)
	}
	s.n = len(ms)
}
