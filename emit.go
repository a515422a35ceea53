// The emit pass: walking the tape and writing each value in canonical form.

package agentidemp

import "strconv"

// emit appends the canonical form of the parsed value to out.
func (c *canon) emit(out []byte) ([]byte, error) {
	out, _, err := c.emitValue(out, 0)
	return out, err
}

// emitValue appends the canonical form of the value at tape index at and
// returns the index just past it.
func (c *canon) emitValue(out []byte, at int) ([]byte, int, error) {
	n := c.tape[at]
	switch n.kind {
	case nodeLiteral:
		return append(out, c.in[n.pos:n.end]...), at + 1, nil
	case nodeFloat:
		return appendNumber(out, c.floats[n.end]), at + 1, nil
	case nodeString:
		return c.emitString(out, n), at + 1, nil
	case nodeArray:
		out = append(out, '[')
		var err error
		for i := at + 1; i < int(n.end); {
			if i > at+1 {
				out = append(out, ',')
			}
			if out, i, err = c.emitValue(out, i); err != nil {
				return out, 0, err
			}
		}
		return append(out, ']'), int(n.end), nil
	default:
		return c.emitObject(out, at)
	}
}

// next returns the tape index just past the value at index at.
func (c *canon) next(at int) int {
	if k := c.tape[at].kind; k == nodeArray || k == nodeObject {
		return int(c.tape[at].end)
	}
	return at + 1
}

func (c *canon) emitObject(out []byte, at int) ([]byte, int, error) {
	end := int(c.tape[at].end)
	base, namesBase := len(c.mem), len(c.names)
	for i := at + 1; i < end; i = c.next(i + 1) {
		n := c.tape[i]
		m := member{at: uint32(i), from: n.pos + 1, to: n.end - 1}
		if n.esc {
			from := len(c.names)
			c.names = appendUnescaped(c.names, c.in[m.from:m.to])
			m = member{at: uint32(i), from: uint32(from), to: uint32(len(c.names)), unescaped: true}
		}
		c.mem = append(c.mem, m)
	}
	ms := c.mem[base:]
	if k := c.sortMembers(ms); k > 0 {
		later := max(c.tape[ms[k-1].at].pos, c.tape[ms[k].at].pos)
		return out, 0, c.fail(ErrDuplicateName, int(later), strconv.Quote(string(c.name(ms[k]))))
	}
	out = append(out, '{')
	var err error
	for k := base; k < base+len(ms); k++ {
		if k > base {
			out = append(out, ',')
		}
		name := int(c.mem[k].at)
		out = c.emitString(out, c.tape[name])
		out = append(out, ':')
		if out, _, err = c.emitValue(out, name+1); err != nil {
			return out, 0, err
		}
	}
	c.mem, c.names = c.mem[:base], c.names[:namesBase]
	return append(out, '}'), end, nil
}

// name returns the unescaped name of m.
func (c *canon) name(m member) []byte {
	if m.unescaped {
		return c.names[m.from:m.to]
	}
	return c.in[m.from:m.to]
}
