// Keys of multipart bodies: body' of a multipart body, parsed by the
// strict grammar as the body streams through. The boundary comes from
// boundary.go.

package agentidemp

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// The states of the multipart parser, in the order of the grammar
//
//	body = D 1*( CRLF part CRLF D ) "--" [ CRLF ]
//	part = *( header-line CRLF ) CRLF content
//
// mpClosed and mpEnd are success when a part was read (m.parts > 0; with
// none, Python's email finds no start delimiter); every other state at the
// end of the body is failure, mpFailed from the byte that broke the
// grammar on.
const (
	mpFirst     = iota // in the D the body starts with; m.k bytes matched
	mpAfterD           // right after a D: CRLF or "--"
	mpDelimCR          // after D and CR
	mpDash             // after D and one '-'
	mpLineStart        // at the start of a header line, or of the empty line
	mpName             // in a header line's name
	mpValue            // in a header line's value
	mpLineCR           // after the CR that ends a header line
	mpEmptyCR          // after the CR of the empty line
	mpContent          // in a part's content C
	mpClosed           // after D "--": success, unless a byte other than CR comes
	mpClosedCR         // after D "--" CR
	mpEnd              // after D "--" CRLF: success, unless any byte comes
	mpFailed           // not parsed: body' is 0x00 || the raw body
)

// maxHeld is the most bytes that the parser leaves unresolved at the end
// of a write: in content, a CRLF and all but the last byte of D.
const maxHeld = 2 + 2 + maxBoundary - 1

// multipartHash is a hash.Hash of prefix || the parsed encoding of a
// multipart body, prefix being what out held when it was set up (see
// [RequestKeys] for body'). It parses the body as it is written, in any
// chunking, reading each byte in place: each part's H and C go to SHA-256
// as they arrive, and only the few bytes that may begin a delimiter are
// kept from one write to the next. Its digest is the key's only when the
// body parses (ok); else body' is 0x00 || the raw body, which the caller
// hashes in a second pass.
type multipartHash struct {
	// out receives 0x01 and a record for each part.
	out hash.Hash
	// elem is SHA-256 of the H or C being read, elemLen its length.
	elem    hash.Hash
	elemLen uint64
	// delim is D, "--" and the boundary, n bytes; n is 0 when the request
	// has no valid boundary.
	delim [2 + maxBoundary]byte
	n     int
	state int
	k     int // bytes of the first D matched
	parts int // parts read
	tag   [1]byte
	wrote bool
	// record is the record of the part being read: H's, then C's.
	record [2 * (8 + sha256.Size)]byte
	// held are bytes written but not yet resolved, at most maxHeld; hold
	// has room for them and the start of the next write.
	held int
	hold [4 * maxHeld]byte
}

// reset sets m up to hash the parsed encoding of a body whose
// Content-Type has the parameters params into out. framed reports that the
// request has one Content-Type value and its subtype is a token (see
// multipartParams). A boundary that is missing or invalid, or framed
// false, leaves m failed from the start.
func (m *multipartHash) reset(out hash.Hash, params string, framed bool) {
	if m.elem == nil {
		m.elem = sha256.New()
	}
	m.out = out
	m.n = 0
	if b, ok := boundaryParam(params); ok && framed {
		m.n = len(append(append(m.delim[:0], "--"...), b...))
	}
	m.restart()
}

// restart sets the parser to the start of a body.
func (m *multipartHash) restart() {
	m.state, m.k, m.held, m.parts, m.wrote = mpFirst, 0, 0, 0, false
	if m.n == 0 {
		m.state = mpFailed
	}
}

// ok reports whether the body written so far parses as a whole.
func (m *multipartHash) ok() bool {
	return (m.state == mpClosed || m.state == mpEnd) && m.parts > 0
}

// Write parses p and hashes its parts. It never fails.
func (m *multipartHash) Write(p []byte) (int, error) {
	n := len(p)
	if n > 0 && !m.wrote {
		m.wrote = true
		m.tag[0] = 1
		m.out.Write(m.tag[:])
	}
	for len(p) > 0 && m.state != mpFailed {
		if m.held == 0 {
			r := m.parse(p)
			m.held = copy(m.hold[:], p[r:])
			break
		}
		// The bytes held and the start of p, parsed as one: once the
		// parser is past the bytes held, the rest of p is parsed in place.
		c := copy(m.hold[m.held:], p)
		r := m.parse(m.hold[:m.held+c])
		if r >= m.held {
			p = p[r-m.held:]
			m.held = 0
			continue
		}
		m.held = copy(m.hold[:], m.hold[r:m.held+c])
		p = p[c:]
	}
	return n, nil
}

// Sum appends the digest of what out holds to b: prefix || 0x01 and the
// records of the parts read so far.
func (m *multipartHash) Sum(b []byte) []byte { return m.out.Sum(b) }

// Reset is that of hash.Hash: it resets out, which loses its prefix, and
// restarts the parser with the same boundary.
func (m *multipartHash) Reset() {
	m.out.Reset()
	m.restart()
}

func (m *multipartHash) Size() int      { return m.out.Size() }
func (m *multipartHash) BlockSize() int { return m.out.BlockSize() }

// parse advances over w and returns how many of its bytes it has resolved;
// the others, at most maxHeld, are to be offered again with the bytes that
// follow them. In content, bytes are resolved up to the last len(D)+1,
// which may hold the CRLF and the start of a delimiter; in a header block,
// up to the last len(D)-1, which may hold the start of a D that fails it.
// So a D found in w has two bytes before it in w, unless it is at the
// start of the body or of a part's content.
//
// Each state is read by the method named for what it recognizes; one that
// returns stop has resolved all it can of w.
func (m *multipartHash) parse(w []byte) int {
	s := multipartScan{w: w, next: -1}
	i := 0
	for i < len(w) {
		stop := false
		switch m.state {
		case mpFirst:
			i, stop = m.first(w, i)
		case mpAfterD, mpDelimCR, mpDash, mpClosed, mpClosedCR, mpEnd:
			m.afterDelimiter(w[i])
			i++
		case mpFailed:
			return len(w)
		case mpContent:
			i, stop = m.content(&s, i)
		default:
			i, stop = m.headerBlock(&s, i)
		}
		if stop {
			return i
		}
	}
	return i
}

// A multipartScan is what a call of parse knows of its bytes w.
type multipartScan struct {
	w []byte
	// next is the index of the first D at or after the place read wholly
	// in w, len(w) when there is none, -1 before it is looked for.
	next int
	// cs is the index in w where the content being read starts, 0 when it
	// started before w: a delimiter needs a CRLF of content before it.
	cs int
}

// first matches w[i:] against the rest of the D that the body starts with.
func (m *multipartHash) first(w []byte, i int) (int, bool) {
	d := m.delim[:m.n]
	c := min(len(d)-m.k, len(w)-i)
	if !bytes.Equal(w[i:i+c], d[m.k:m.k+c]) {
		m.state = mpFailed
		return len(w), true
	}
	m.k += c
	if m.k == len(d) {
		m.state = mpAfterD
	}
	return i + c, false
}

// afterDelimiter reads the byte c after a D, or after the CR, '-' or "--"
// that followed one (see afterD); a CRLF after D starts a part's header
// block, and so its H.
func (m *multipartHash) afterDelimiter(c byte) {
	m.state = afterD(m.state, c)
	if m.state == mpLineStart {
		m.elem.Reset()
		m.elemLen = 0
	}
}

// content reads a part's content C from s.w[i:]: up to the CRLF and D that
// end it, which close the part, or, when s.w holds no D, up to the last
// len(D)+1 bytes, which may hold them.
func (m *multipartHash) content(s *multipartScan, i int) (int, bool) {
	w, d := s.w, m.delim[:m.n]
	if s.next < i {
		s.next = indexFrom(w, i, d)
	}
	next := s.next
	if next == len(w) {
		if done := len(w) - (len(d) + 1); done > i {
			m.element(w[i:done])
			i = done
		}
		return i, true
	}
	if next-2 < s.cs || w[next-2] != '\r' || w[next-1] != '\n' {
		m.state = mpFailed
		return len(w), true
	}
	m.element(w[i : next-2])
	m.finishElement(m.record[8+sha256.Size:])
	m.out.Write(m.record[:])
	m.parts++
	m.state = mpAfterD
	return next + len(d), false
}

// headerBlock reads a part's header block from s.w[i:] (see header): up
// to the next D, which fails the body if the block has not ended before
// it, or, when s.w holds no D, up to the last len(D)-1 bytes, which may
// begin one.
func (m *multipartHash) headerBlock(s *multipartScan, i int) (int, bool) {
	w := s.w
	if s.next < i {
		s.next = indexFrom(w, i, m.delim[:m.n])
	}
	limit := s.next
	if s.next == len(w) {
		limit = len(w) - (m.n - 1)
	}
	if limit <= i {
		if s.next < len(w) {
			m.state = mpFailed // a D in a header block
			return len(w), true
		}
		return i, true
	}
	i += m.header(w[i:limit])
	if m.state == mpContent {
		s.cs = i
	}
	return i, false
}

// afterD returns the state that follows state, one of the states from a
// D on that read one byte each, on the byte c.
func afterD(state int, c byte) int {
	switch {
	case state == mpAfterD && c == '\r':
		return mpDelimCR
	case state == mpAfterD && c == '-':
		return mpDash
	case state == mpDelimCR && c == '\n':
		return mpLineStart
	case state == mpDash && c == '-':
		return mpClosed
	case state == mpClosed && c == '\r':
		return mpClosedCR
	case state == mpClosedCR && c == '\n':
		return mpEnd
	}
	return mpFailed
}

// indexFrom returns the index of the first sep in w at or after i, or
// len(w) when there is none.
func indexFrom(w []byte, i int, sep []byte) int {
	if j := bytes.Index(w[i:], sep); j >= 0 {
		return i + j
	}
	return len(w)
}

// header reads the header-block bytes b, none of which begins a D, and
// returns how many it took: all of them, or fewer when the block ends in
// b (the state is then mpContent) or a byte breaks the grammar (mpFailed).
// H is the header lines joined by CRLF: a line's CRLF is hashed when
// another line follows it.
//
//	header-line = token ":" *( HTAB / SP / %x21-7E / %x80-FF )
func (m *multipartHash) header(b []byte) int {
	run := 0 // the start of the bytes of H in b not yet hashed
	for i, c := range b {
		switch m.state {
		case mpLineStart:
			if c == '\r' {
				m.state = mpEmptyCR
				continue
			}
			if !tchar(c) {
				m.state = mpFailed
				return i
			}
			if m.elemLen > 0 {
				m.element(crlf)
			}
			run = i
			m.state = mpName
		case mpName:
			if c == ':' {
				m.state = mpValue
			} else if !tchar(c) {
				m.state = mpFailed
				return i
			}
		case mpValue:
			if c == '\r' {
				m.element(b[run:i])
				m.state = mpLineCR
			} else if c < ' ' && c != '\t' || c == 0x7f {
				m.state = mpFailed
				return i
			}
		case mpLineCR, mpEmptyCR:
			if c != '\n' {
				m.state = mpFailed
				return i
			}
			if m.state == mpLineCR {
				m.state = mpLineStart
				continue
			}
			m.finishElement(m.record[:8+sha256.Size])
			m.state = mpContent
			return i + 1
		}
	}
	if m.state == mpName || m.state == mpValue {
		m.element(b[run:])
	}
	return len(b)
}

// crlf ends a header line.
var crlf = []byte("\r\n")

// element hashes b, bytes of the current H or C.
func (m *multipartHash) element(b []byte) {
	m.elem.Write(b)
	m.elemLen += uint64(len(b))
}

// finishElement writes the length and digest of the current H or C to r,
// its half of the record, and starts the next element.
func (m *multipartHash) finishElement(r []byte) {
	binary.BigEndian.PutUint64(r, m.elemLen)
	m.elem.Sum(r[8:8])
	m.elem.Reset()
	m.elemLen = 0
}
