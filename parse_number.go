// The parse pass for numbers: RFC 8259 grammar, the double range and the
// integer rule.

package agentidemp

import (
	"bytes"
	"strconv"
)

// maxExact is 2^53 in decimal: every integer of at most this magnitude is
// exactly a double.
const maxExact = "9007199254740992"

// number parses the number starting at in[i].
func (c *canon) number(i int) (int, error) {
	in := c.in
	start := i
	if in[i] == '-' {
		i++
	}
	digits := i
	switch {
	case i >= len(in):
		return i, c.fail(ErrUnexpectedEnd, i, "inside number")
	case in[i] == '0':
		i++
	case '1' <= in[i] && in[i] <= '9':
		for i < len(in) && '0' <= in[i] && in[i] <= '9' {
			i++
		}
	default:
		return i, c.fail(ErrInvalidNumber, i, "unexpected "+describeByte(in[i])+", want a digit")
	}
	intEnd := i
	var err error
	if i < len(in) && in[i] == '.' {
		if i, err = c.digits(i + 1); err != nil {
			return i, err
		}
	}
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		i++
		if i < len(in) && (in[i] == '+' || in[i] == '-') {
			i++
		}
		if i, err = c.digits(i); err != nil {
			return i, err
		}
	}
	if i < len(in) && (isNameByte(in[i]) || in[i] == '.' || in[i] == '+' || in[i] == '-') {
		return i, c.fail(ErrInvalidNumber, i, "unexpected "+describeByte(in[i])+" in number")
	}
	lit := in[start:i]
	if i == intEnd && !(len(lit) == 2 && lit[0] == '-' && lit[1] == '0') {
		// An integer: written as is when it is exact as a double, or when it
		// is already the canonical form of the double it reads as.
		n := intEnd - digits
		if n > len(maxExact) || n == len(maxExact) && string(in[digits:intEnd]) > maxExact {
			f, err := strconv.ParseFloat(string(lit), 64)
			if err != nil {
				return start, c.fail(ErrNumberRange, start, "")
			}
			var buf [32]byte
			if !bytes.Equal(appendNumber(buf[:0], f), lit) {
				return start, c.fail(ErrUnsafeInteger, start, "a double reads it as "+string(appendNumber(buf[:0], f)))
			}
		}
		c.tape.push(node{kind: nodeLiteral, pos: uint32(start), end: uint32(i)})
		return i, nil
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil {
		return start, c.fail(ErrNumberRange, start, "")
	}
	c.tape.push(floatNode(f))
	// Its canonical form may be longer than the literal, up to 25 bytes.
	c.growth += max(0, 25-len(lit))
	return i, nil
}

// digits reads the one or more digits that must start at in[i].
func (c *canon) digits(i int) (int, error) {
	in := c.in
	if i >= len(in) {
		return i, c.fail(ErrUnexpectedEnd, i, "inside number, want a digit")
	}
	if in[i] < '0' || in[i] > '9' {
		return i, c.fail(ErrInvalidNumber, i, "unexpected "+describeByte(in[i])+", want a digit")
	}
	for i < len(in) && '0' <= in[i] && in[i] <= '9' {
		i++
	}
	return i, nil
}
