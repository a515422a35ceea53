// The parse pass: the JSON grammar and nesting, recorded on the tape.

package agentidemp

import (
	"slices"
	"strconv"
)

// parse checks that c.in is one JSON value with optional surrounding
// whitespace and fills c.tape.
func (c *canon) parse() error {
	if tooLarge(len(c.in)) {
		return c.fail(ErrTooLarge, 0, strconv.Itoa(len(c.in))+" bytes")
	}
	i := skipSpace(c.in, 0)
	i, err := c.value(i, 0)
	if err != nil {
		return err
	}
	if i = skipSpace(c.in, i); i < len(c.in) {
		return c.fail(ErrTrailingData, i, "unexpected "+describeByte(c.in[i]))
	}
	if c.dup != nil {
		return c.dup
	}
	return nil
}

func skipSpace(in []byte, i int) int {
	for i < len(in) && (in[i] == ' ' || in[i] == '\n' || in[i] == '\r' || in[i] == '\t') {
		i++
	}
	return i
}

// value parses the value starting at in[i] (whitespace already skipped),
// at nesting depth depth, and returns the offset just past it.
func (c *canon) value(i, depth int) (int, error) {
	in := c.in
	if i >= len(in) {
		return i, c.fail(ErrUnexpectedEnd, i, "want a value")
	}
	switch b := in[i]; {
	case b == '"':
		return c.str(i, true)
	case b == '{':
		return c.object(i, depth+1)
	case b == '[':
		return c.array(i, depth+1)
	case b == '-' || '0' <= b && b <= '9':
		return c.number(i)
	case b == 't':
		return c.literal(i, "true")
	case b == 'f':
		return c.literal(i, "false")
	case b == 'n':
		return c.literal(i, "null")
	case b == '+' || b == '.':
		return i, c.fail(ErrInvalidNumber, i, "a number starts with '-' or a digit")
	default:
		return i, c.fail(ErrSyntax, i, "unexpected "+describeByte(b)+", want a value")
	}
}

func (c *canon) literal(i int, word string) (int, error) {
	in := c.in
	for k := 0; k < len(word); k++ {
		if i+k >= len(in) {
			return i + k, c.fail(ErrUnexpectedEnd, i+k, "inside "+word)
		}
		if in[i+k] != word[k] {
			return i + k, c.fail(ErrSyntax, i+k, "unexpected "+describeByte(in[i+k])+" in literal "+word)
		}
	}
	end := i + len(word)
	if end < len(in) && isNameByte(in[end]) {
		return end, c.fail(ErrSyntax, end, "unexpected "+describeByte(in[end])+" after literal "+word)
	}
	c.push(nodeLiteral, escNone, uint32(i), uint32(end))
	return end, nil
}

func isNameByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

// open starts the container whose opening bracket is at in[i] and whose
// closing one is closer. It returns the container's tape index and the
// offset of its first element, or, for an empty container, the offset just
// past it with closed set.
func (c *canon) open(i, depth int, kind, closer byte) (at, next int, closed bool, err error) {
	if depth > MaxJSONDepth {
		return 0, i, false, c.fail(ErrTooDeep, i, "more than "+strconv.Itoa(MaxJSONDepth)+" levels")
	}
	at = c.push(kind, escNone, uint32(i), 0)
	i = skipSpace(c.in, i+1)
	if i < len(c.in) && c.in[i] == closer {
		c.tape.at(at).end = uint32(c.tape.n)
		return at, i + 1, true, nil
	}
	return at, i, false, nil
}

// separator reads what follows an element of the container at tape index
// at, named where in messages: ',' and the next element's offset, or closer
// and the offset just past the container, with closed set.
func (c *canon) separator(i, at int, closer byte, where string) (next int, closed bool, err error) {
	in := c.in
	i = skipSpace(in, i)
	if i >= len(in) {
		return i, false, c.fail(ErrUnexpectedEnd, i, "inside "+where+", want ',' or '"+string(closer)+"'")
	}
	switch in[i] {
	case ',':
		return skipSpace(in, i+1), false, nil
	case closer:
		c.tape.at(at).end = uint32(c.tape.n)
		return i + 1, true, nil
	}
	return i, false, c.fail(ErrSyntax, i, "unexpected "+describeByte(in[i])+" in "+where+", want ',' or '"+string(closer)+"'")
}

func (c *canon) array(i, depth int) (int, error) {
	at, i, closed, err := c.open(i, depth, nodeArray, ']')
	for !closed && err == nil {
		if i, err = c.value(i, depth); err == nil {
			i, closed, err = c.separator(i, at, ']', "array")
		}
	}
	return i, err
}

func (c *canon) object(i, depth int) (int, error) {
	in := c.in
	at, i, closed, err := c.open(i, depth, nodeObject, '}')
	base, namesBase := len(c.mem), len(c.names)
	for !closed && err == nil {
		if i >= len(in) {
			return i, c.fail(ErrUnexpectedEnd, i, "inside object, want a member name")
		}
		if in[i] != '"' {
			return i, c.fail(ErrSyntax, i, "unexpected "+describeByte(in[i])+" in object, want a member name")
		}
		name := c.tape.n
		if i, err = c.str(i, false); err != nil {
			return i, err
		}
		c.addMember(name)
		i = skipSpace(in, i)
		if i >= len(in) {
			return i, c.fail(ErrUnexpectedEnd, i, "inside object, want ':'")
		}
		if in[i] != ':' {
			return i, c.fail(ErrSyntax, i, "unexpected "+describeByte(in[i])+" after member name, want ':'")
		}
		if i, err = c.value(skipSpace(in, i+1), depth); err == nil {
			i, closed, err = c.separator(i, at, '}', "object")
		}
	}
	if err == nil {
		c.order(at, base, namesBase)
	}
	return i, err
}

// addMember pushes the member whose name is at tape index at on c.mem,
// unescaping its name into c.names when it holds escapes.
func (c *canon) addMember(at int) {
	if len(c.mem) == cap(c.mem) {
		c.mem = grow(c.mem, 1)
	}
	c.mem = c.mem[:len(c.mem)+1]
	// Set in place, field by field: a member built aside and copied in
	// whole is read back before its parts are stored, which stalls.
	m := &c.mem[len(c.mem)-1]
	n := c.tape.at(at)
	m.at, m.from, m.to, m.unescaped = uint32(at), n.pos+1, n.end-1, false
	if n.esc != escNone {
		from := len(c.names)
		// Unescaping never lengthens a name.
		c.names = appendUnescaped(grow(c.names, int(m.to-m.from)), c.in[m.from:m.to])
		m.from, m.to, m.unescaped = uint32(from), uint32(len(c.names)), true
	}
}

// order sorts the members of the object at tape index at, c.mem[base:],
// or takes the remembered order of an object with the same names (see
// shape.go), and records their order for the emit pass: inTapeOrder in
// the object's pos when they are in order already, otherwise the index in
// c.ord of their count followed by their names' tape indices. Then it pops
// them.
// A duplicate name is kept in c.dup, to be reported if the document is
// otherwise well-formed: the one that comes first in the input.
func (c *canon) order(at, base, namesBase int) {
	ms := c.mem[base:]
	c.peakMem = max(c.peakMem, len(c.mem))
	c.peakNames = max(c.peakNames, len(c.names))
	obj := c.tape.at(at)
	s := c.shapeSlot(ms)
	if s != nil && c.matches(s, ms) {
		// The names of an object sorted before (see shape.go).
		obj.pos = uint32(c.ord.push(uint32(len(ms))))
		for _, p := range s.perm[:len(ms)] {
			c.ord.push(ms[p].at)
		}
		c.mem, c.names = c.mem[:base], c.names[:namesBase]
		return
	}
	if s != nil && !s.record(ms) {
		s = nil
	}
	k := c.sortMembers(ms)
	if k > 0 {
		later := int(max(c.tape.at(int(ms[k-1].at)).pos, c.tape.at(int(ms[k].at)).pos))
		if c.dup == nil || later < c.dup.Offset {
			c.dup = &JSONError{Err: ErrDuplicateName, Offset: later, Detail: strconv.Quote(string(c.name(&ms[k])))}
		}
	}
	inOrder := true
	for k := 1; k < len(ms) && inOrder; k++ {
		inOrder = ms[k-1].at < ms[k].at
	}
	if inOrder {
		obj.pos = inTapeOrder
	} else {
		obj.pos = uint32(c.ord.push(uint32(len(ms))))
		for _, m := range ms {
			c.ord.push(m.at)
		}
		if s != nil && k == 0 {
			s.remember(ms)
		}
	}
	c.mem, c.names = c.mem[:base], c.names[:namesBase]
}

// grow makes room in s for n more elements, at least doubling its
// capacity when it has to grow, so that the stacks' growth allocates at
// most twice their final capacity in all.
func grow[E any](s []E, n int) []E {
	if cap(s)-len(s) >= n {
		return s
	}
	return slices.Grow(s, max(n, len(s), 64))
}
