// Keys of multipart bodies: the boundary parameter of a Content-Type, and
// body' of a multipart body, parsed as the body streams through.

package agentidemp

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// maxBoundary is the longest boundary that RFC 2046 section 5.1.1 allows.
const maxBoundary = 70

// multipartParams returns the parameters of the Content-Type value ct
// (from its first ';' on, "" when there is none) and whether its media
// type is multipart/*: "multipart/" in any ASCII case and at least one byte
// of subtype.
func multipartParams(ct string) (params string, ok bool) {
	mt, params := mediaType(ct)
	const prefix = "multipart/"
	return params, len(mt) > len(prefix) && asciiEqualFold(mt[:len(prefix)], prefix)
}

// appendBoundary appends the boundary that params, the parameters of a
// Content-Type value, declare to dst, and reports whether it is valid:
// params follow RFC 9110 section 5.6.6, *( OWS ";" OWS [ name "=" value ] )
// with a token name and a token or quoted-string value (spaces and tabs
// after the last are allowed too); exactly one is named boundary in any
// ASCII case; and its value, unquoted, is 1 to 70 RFC 2046 bchars that do
// not end in a space. dst grows by at most maxBoundary+1 bytes.
func appendBoundary(dst []byte, params string) ([]byte, bool) {
	start, found := len(dst), false
	p := params
	for {
		p = trimOWS(p)
		if p == "" {
			break
		}
		if p[0] != ';' {
			return dst, false
		}
		p = trimOWS(p[1:])
		if p == "" || p[0] == ';' {
			continue
		}
		n := tokenLen(p)
		if n == 0 || n == len(p) || p[n] != '=' {
			return dst, false
		}
		name := p[:n]
		p = p[n+1:]
		isBoundary := asciiEqualFold(name, "boundary")
		if isBoundary {
			if found {
				return dst, false
			}
			found = true
		}
		if p != "" && p[0] == '"' {
			i := 1
			for ; i < len(p) && p[i] != '"'; i++ {
				c := p[i]
				if c == '\\' {
					i++
					if i == len(p) || !quotedPairChar(p[i]) {
						return dst, false
					}
					c = p[i]
				} else if !qdtextChar(c) {
					return dst, false
				}
				if isBoundary && len(dst)-start <= maxBoundary {
					dst = append(dst, c)
				}
			}
			if i == len(p) {
				return dst, false
			}
			p = p[i+1:]
		} else {
			n = tokenLen(p)
			if n == 0 {
				return dst, false
			}
			if isBoundary {
				dst = append(dst, p[:min(n, maxBoundary+1)]...)
			}
			p = p[n:]
		}
	}
	b := dst[start:]
	if !found || len(b) == 0 || len(b) > maxBoundary || b[len(b)-1] == ' ' {
		return dst, false
	}
	for _, c := range b {
		if !bchar(c) {
			return dst, false
		}
	}
	return dst, true
}

func trimOWS(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

// tokenLen returns the length of the RFC 9110 token at the start of s.
func tokenLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && !bytesContain("!#$%&'*+-.^_`|~", c) {
			return i
		}
	}
	return len(s)
}

// qdtextChar reports whether c may stand unescaped in an RFC 9110
// quoted-string: HTAB, SP, 0x21, 0x23-0x5B, 0x5D-0x7E, 0x80-0xFF.
func qdtextChar(c byte) bool {
	return c == '\t' || c == ' ' || c == 0x21 || (0x23 <= c && c <= 0x5b) || (0x5d <= c && c != 0x7f)
}

// quotedPairChar reports whether c may follow a backslash in a
// quoted-string: HTAB, SP, VCHAR, 0x80-0xFF.
func quotedPairChar(c byte) bool {
	return c == '\t' || c == ' ' || (0x21 <= c && c != 0x7f)
}

// bchar reports whether c is one of the RFC 2046 bchars.
func bchar(c byte) bool {
	return isAlnum(c) || bytesContain("'()+_,-./:=? ", c)
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func bytesContain(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

// The states of the multipart parser. Every state before mpEpilogue waits
// for more input; mpEpilogue is success, mpFailed failure.
const (
	mpPreamble   = iota // looking for the first delimiter
	mpAfterDelim        // right after a delimiter: "--" or padding CRLF
	mpDash              // after a delimiter and one '-'
	mpPadding           // in the transport padding after a delimiter
	mpCR                // after the CR that ends a delimiter line
	mpHeader            // in a part's header block H
	mpContent           // in a part's content C
	mpEpilogue          // after the close delimiter: parsed
	mpFailed            // not parsed: body' is 0x00 || the raw body
)

// crlf2 ends a part's header block.
var crlf2 = []byte("\r\n\r\n")

// multipartHash is a hash.Hash of prefix || body' for a multipart body,
// prefix being what its two hashers held when it was set up (see
// [RequestKeys] for body'). It parses the body as it is written, in any
// chunking, and never holds more of it than its window: each part's H and
// C go to SHA-256 as they arrive, and the raw body goes to a second hasher
// at the same time, so that a failure at any byte costs nothing more.
type multipartHash struct {
	// parsed receives 0x01 and a record for each part; raw receives 0x00
	// and the raw body. Sum gives the digest of one of them.
	parsed, raw hash.Hash
	// elem is SHA-256 of the H or C being read, elemLen its length.
	elem    hash.Hash
	elemLen uint64
	// delim is CRLF "--" boundary, n bytes: a delimiter with the CRLF
	// before it; n is 0 when the boundary is missing or invalid.
	delim  [4 + maxBoundary + 1]byte
	n      int
	state  int
	tag    [1]byte
	wrote  bool
	record [2 * (8 + sha256.Size)]byte
	// win holds the bytes not yet parsed from win[i:end]. In the states
	// that search, the first skip of them are a CRLF that may begin the
	// delimiter but is not part of the element (H or C) being read. The
	// byte before win[i] is kept, so that a part's search can start at the
	// CR of the CRLF before it when that CR ended the last window.
	win    [16 << 10]byte
	i, end int
	skip   int
}

// reset sets m up to hash the body' of a body whose Content-Type has the
// parameters params into parsed and raw, which hold the same prefix.
// A boundary that is missing or invalid leaves m failed from the start.
func (m *multipartHash) reset(parsed, raw hash.Hash, params string) {
	if m.elem == nil {
		m.elem = sha256.New()
	}
	m.parsed, m.raw = parsed, raw
	d, ok := appendBoundary(append(m.delim[:0], "\r\n--"...), params)
	m.n = len(d)
	if !ok {
		m.n = 0
	}
	m.restart()
}

// restart sets the parser to the start of a body.
func (m *multipartHash) restart() {
	m.state, m.wrote = mpPreamble, false
	if m.n == 0 {
		m.state = mpFailed
	}
	// The body is read as if a CRLF came first, so that a delimiter at
	// offset 0 is found like any other.
	m.win[0], m.win[1] = '\r', '\n'
	m.i, m.end = 0, 2
}

// Write parses p and hashes it. It never fails.
func (m *multipartHash) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !m.wrote {
		m.wrote = true
		m.tag[0] = 0
		m.raw.Write(m.tag[:])
		m.tag[0] = 1
		m.parsed.Write(m.tag[:])
	}
	m.raw.Write(p)
	for q := p; len(q) > 0 && m.state < mpEpilogue; {
		c := copy(m.win[m.end:], q)
		m.end += c
		q = q[c:]
		m.parse()
	}
	return len(p), nil
}

// Sum appends the digest of prefix || body' to b, body' being the parsed
// encoding when the body has parsed to its close delimiter, else 0x00 ||
// the raw body, or empty when nothing was written (the raw hasher then
// holds the prefix alone).
func (m *multipartHash) Sum(b []byte) []byte {
	if m.state == mpEpilogue {
		return m.parsed.Sum(b)
	}
	return m.raw.Sum(b)
}

// Reset is that of hash.Hash: it resets both hashers, which lose their
// prefix, and restarts the parser with the same boundary.
func (m *multipartHash) Reset() {
	m.parsed.Reset()
	m.raw.Reset()
	m.restart()
}

func (m *multipartHash) Size() int      { return m.parsed.Size() }
func (m *multipartHash) BlockSize() int { return m.parsed.BlockSize() }

// parse advances over m.win[m.i:m.end], then moves what it has not
// resolved, and the byte before it, to the start of the window.
func (m *multipartHash) parse() {
	w := m.win[:m.end]
	i := m.i
	delim := m.delim[:m.n]
	for i < len(w) && m.state < mpEpilogue {
		c := w[i]
		switch m.state {
		case mpAfterDelim:
			switch c {
			case '-':
				m.state = mpDash
			case ' ', '\t':
				m.state = mpPadding
			case '\r':
				m.state = mpCR
			default:
				m.state = mpFailed
			}
			i++
		case mpDash:
			m.state = mpFailed
			if c == '-' {
				m.state = mpEpilogue
			}
			i++
		case mpPadding:
			switch c {
			case ' ', '\t':
			case '\r':
				m.state = mpCR
			default:
				m.state = mpFailed
			}
			i++
		case mpCR:
			if c != '\n' {
				m.state = mpFailed
				break
			}
			// A part: its search starts at the CRLF just read, so that a
			// part beginning with the delimiter fails and one beginning
			// with CRLF has no header block.
			m.state, m.skip = mpHeader, 2
			m.elem.Reset()
			m.elemLen = 0
			i--
		default:
			rest := w[i:]
			j := bytes.Index(rest, delim)
			switch m.state {
			case mpPreamble:
				if j >= 0 {
					m.state = mpAfterDelim
					i += j + len(delim)
					continue
				}
			case mpHeader:
				k := bytes.Index(rest, crlf2)
				if k >= 0 && (j < 0 || k < j) {
					m.element(rest[:k])
					binary.BigEndian.PutUint64(m.record[0:], m.elemLen)
					m.elem.Sum(m.record[8:8])
					m.elem.Reset()
					m.elemLen = 0
					// The content's search starts at the second CRLF,
					// which may begin the delimiter: then the part has
					// no empty line and fails.
					m.state, m.skip = mpContent, 2
					i += k + 2
					continue
				}
				if j >= 0 {
					m.state = mpFailed
					continue
				}
			case mpContent:
				if j >= 0 {
					if j < m.skip {
						m.state = mpFailed
						continue
					}
					m.element(rest[:j])
					binary.BigEndian.PutUint64(m.record[40:], m.elemLen)
					m.elem.Sum(m.record[48:48])
					m.parsed.Write(m.record[:])
					m.state = mpAfterDelim
					i += j + len(delim)
					continue
				}
			}
			// No match in the window: everything but a tail too short to
			// hold the delimiter (or CRLF CRLF, which is shorter) is done.
			if done := len(rest) - (len(delim) - 1); done > 0 {
				if m.state != mpPreamble {
					m.element(rest[:done])
				}
				i += done
			}
			m.i = i
			m.keep()
			return
		}
	}
	m.i = i
	m.keep()
}

// element hashes the bytes b of the current H or C, leaving out the part
// of the leading CRLF (m.skip) that b holds.
func (m *multipartHash) element(b []byte) {
	s := min(m.skip, len(b))
	m.skip -= s
	m.elem.Write(b[s:])
	m.elemLen += uint64(len(b) - s)
}

// keep moves m.win[m.i-1:m.end] (or from 0) to the start of the window.
func (m *multipartHash) keep() {
	from := max(m.i-1, 0)
	m.end = copy(m.win[:], m.win[from:m.end])
	m.i -= from
}
