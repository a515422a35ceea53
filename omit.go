// Members left out of a request key (RequestKeys.Omit, SPEC.md section
// 4.5): the JSON Pointers read once per key, and the emit pass that skips
// the members they name.

package agentidemp

import (
	"bytes"
	"fmt"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// maxOmit is the most pointers RequestKeys.Omit may hold: one bit each in
// the sets of pointers that emitPruned carries.
const maxOmit = 64

// An omitList is RequestKeys.Omit read for one key: each pointer's tokens,
// decoded, in buf. It lives in the pooled bodyScratch, so that reading the
// pointers allocates nothing once warm.
type omitList struct {
	ptrs []omitPointer
	toks []omitToken
	buf  []byte
}

// An omitPointer is the tokens toks[first:first+n] of one pointer, n >= 1.
type omitPointer struct{ first, n int }

// An omitToken is one decoded reference token, buf[from:to], and the array
// index it reads as, or -1 when it is not one (SPEC.md section 4.5).
type omitToken struct {
	from, to int
	index    int64
}

// set reads ptrs into l, or returns the error of the first pointer at
// fault, naming it and its index.
func (l *omitList) set(ptrs []string) error {
	l.ptrs, l.toks, l.buf = l.ptrs[:0], l.toks[:0], l.buf[:0]
	for i, p := range ptrs {
		if i == maxOmit {
			return fmt.Errorf("agentidemp: RequestKeys.Omit[%d]: more than %d pointers", i, maxOmit)
		}
		if err := l.add(p); err != "" {
			return fmt.Errorf("agentidemp: RequestKeys.Omit[%d] %q is not a JSON Pointer: %s", i, p, err)
		}
	}
	return nil
}

// add reads the pointer p, or says what is wrong with it.
func (l *omitList) add(p string) string {
	switch {
	case p == "":
		return `"" names the whole body, which cannot be left out`
	case p[0] != '/':
		return "it does not start with '/'"
	case !utf8.ValidString(p):
		return "it is not valid UTF-8"
	}
	first := len(l.toks)
	for i := 1; ; { // i: where a token starts, after its '/'
		end := len(p)
		if k := strings.IndexByte(p[i:], '/'); k >= 0 {
			end = i + k
		}
		from := len(l.buf)
		for j := i; j < end; j++ {
			b := p[j]
			if b == '~' {
				if j+1 == end || (p[j+1] != '0' && p[j+1] != '1') {
					return fmt.Sprintf("the '~' at byte %d is not followed by '0' or '1'", j)
				}
				b = "~/"[p[j+1]-'0']
				j++
			}
			l.buf = append(l.buf, b)
		}
		l.toks = append(l.toks, omitToken{from: from, to: len(l.buf), index: arrayIndex(l.buf[from:])})
		if end == len(p) {
			break
		}
		i = end + 1
	}
	l.ptrs = append(l.ptrs, omitPointer{first: first, n: len(l.toks) - first})
	return ""
}

// arrayIndex returns the array index that tok reads as: "0", or a digit 1
// to 9 followed by digits; -1 for any other token, and for one of more
// than 10 digits, which no array reaches (an element takes 2 bytes of the
// input, at most 2^32 - 1 bytes long).
func arrayIndex(tok []byte) int64 {
	if len(tok) == 0 || len(tok) > 10 || (tok[0] == '0' && len(tok) > 1) {
		return -1
	}
	var n int64
	for _, b := range tok {
		if b < '0' || b > '9' {
			return -1
		}
		n = n*10 + int64(b-'0')
	}
	return n
}

// all returns the set of every pointer of l, as emitPruned starts with:
// none for a nil l; all ones for 64, as 1<<64 is 0.
func (l *omitList) all() uint64 {
	if l == nil {
		return 0
	}
	return 1<<len(l.ptrs) - 1
}

// token returns the token of pointer p at depth, and whether it is the
// pointer's last.
func (l *omitList) token(p, depth int) (tok *omitToken, last bool) {
	ptr := l.ptrs[p]
	return &l.toks[ptr.first+depth], depth+1 == ptr.n
}

// emitPruned appends the canonical form of the value at tape index at, less
// the members that the pointers in live name, and returns the index just
// past it. Each pointer in live has had its first depth tokens matched on
// the way to the value; a value that no pointer reaches is emitted whole.
func (c *canon) emitPruned(out []byte, at int, live uint64, depth int) ([]byte, int) {
	if live == 0 {
		return c.emitValue(out, at)
	}
	out = c.spill(out)
	switch n := c.tape.at(at); n.kind {
	case nodeArray:
		end := int(n.end)
		out = append(out, '[')
		for i, k := at+1, int64(0); i < end; k++ {
			if i > at+1 {
				out = append(out, ',')
			}
			out, i = c.emitPruned(out, i, c.intoElement(live, depth, k), depth+1)
		}
		return c.spill(append(out, ']')), end
	case nodeObject:
		return c.emitPrunedObject(out, at, n, live, depth)
	}
	return c.emitValue(out, at)
}

// emitPrunedObject appends the object n at tape index at, as emitObject
// does, but for the members that the pointers in live name.
func (c *canon) emitPrunedObject(out []byte, at int, n *node, live uint64, depth int) ([]byte, int) {
	end := int(n.end)
	out = append(out, '{')
	wrote := false
	member := func(name int) {
		nameNode := c.tape.at(name)
		sub, drop := c.intoMember(live, depth, nameNode)
		if drop {
			return
		}
		if wrote {
			out = append(out, ',')
		}
		wrote = true
		out = append(c.emitString(c.spill(out), nameNode), ':')
		out, _ = c.emitPruned(out, name+1, sub, depth+1)
	}
	if n.pos == inTapeOrder {
		for i := at + 1; i < end; i = c.next(i + 1) {
			member(i)
		}
	} else {
		k := int(n.pos)
		for j := 1; j <= int(*c.ord.at(k)); j++ {
			member(int(*c.ord.at(k + j)))
		}
	}
	return c.spill(append(out, '}')), end
}

// intoElement returns the pointers of live that go on into element k of an
// array at depth: those whose token there is the index k and not their
// last (a pointer ending at an element names nothing).
func (c *canon) intoElement(live uint64, depth int, k int64) (sub uint64) {
	for m := live; m != 0; m &= m - 1 {
		p := bits.TrailingZeros64(m)
		if tok, last := c.omit.token(p, depth); tok.index == k && !last {
			sub |= 1 << p
		}
	}
	return sub
}

// intoMember returns the pointers of live that go on into the member whose
// name is the string node name, of an object at depth, and reports whether
// one of live ends there, naming the member to leave out.
func (c *canon) intoMember(live uint64, depth int, name *node) (sub uint64, drop bool) {
	for m := live; m != 0; m &= m - 1 {
		p := bits.TrailingZeros64(m)
		tok, last := c.omit.token(p, depth)
		if !c.nameIs(name, c.omit.buf[tok.from:tok.to]) {
			continue
		}
		if last {
			return 0, true
		}
		sub |= 1 << p
	}
	return sub, false
}

// nameIs reports whether the member name n, unescaped, is the bytes tok.
func (c *canon) nameIs(n *node, tok []byte) bool {
	s := c.in[n.pos+1 : n.end-1]
	if n.esc == escNone {
		return bytes.Equal(s, tok)
	}
	var char [utf8.UTFMax]byte
	for len(s) > 0 {
		k := bytes.IndexByte(s, '\\')
		if k < 0 {
			return bytes.Equal(s, tok)
		}
		if !bytes.HasPrefix(tok, s[:k]) {
			return false
		}
		r, size := decodeEscape(s[k:])
		w := utf8.EncodeRune(char[:], r)
		if !bytes.HasPrefix(tok[k:], char[:w]) {
			return false
		}
		s, tok = s[k+size:], tok[k+w:]
	}
	return len(tok) == 0
}
