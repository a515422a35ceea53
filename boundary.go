// The boundary of a multipart body: the one parameter named boundary of
// the request's one Content-Type value, refused wherever two parsers could
// read another boundary from the same header.

package agentidemp

import (
	"net/http"
	"strings"
)

// maxBoundary is the longest boundary that RFC 2046 section 5.1.1 allows.
const maxBoundary = 70

// maxParams is the most parameters that a multipart Content-Type with a
// valid boundary may have (multipart/related has the most in use: type,
// start, start-info and boundary).
const maxParams = 16

// multipartParams returns the parameters of the Content-Type value ct
// (from its first ';' on, "" when there is none), whether its media type is
// multipart/*: "multipart/" in any ASCII case and at least one byte of
// subtype, and whether that subtype is a token, which a boundary needs:
// Go refuses "multipart/form data", Python reads "multipart/a/b" as
// text/plain.
func multipartParams(ct string) (params string, ok, token bool) {
	mt, params := mediaType(ct)
	const prefix = "multipart/"
	ok = len(mt) > len(prefix) && asciiEqualFold(mt[:len(prefix)], prefix)
	return params, ok, ok && tokenLen(mt[len(prefix):]) == len(mt)-len(prefix)
}

// soleContentType reports whether h holds exactly one Content-Type value,
// counting every value under every case of the name. With two, servers
// differ on which one counts (the first, the last, or all joined by
// commas), so no boundary can be trusted.
func soleContentType(h http.Header) bool {
	n := 0
	for key, v := range h {
		if asciiEqualFold(key, "Content-Type") {
			n += len(v)
		}
	}
	return n == 1
}

// boundaryParam returns the boundary that params, the parameters of a
// Content-Type value, declare, and reports whether it is valid:
//   - params follow RFC 9110 section 5.6.6 without its empty parameters:
//     *( OWS ";" OWS name "=" value ) [ OWS ";" ] OWS, with a token name
//     and a token or quoted-string value, at most maxParams of them, no
//     two names equal up to ASCII case, no '*' in a name
//     (mime.ParseMediaType refuses an empty parameter before another and
//     two values under one name; Python's email fails on RFC 2231
//     continuations such as x*0);
//   - no quoted-string holds a backslash or a ';', which parsers that do
//     not unescape, or that split at every ';', would read otherwise;
//   - the word boundary, in any ASCII case, occurs in no parameter but
//     the one whose whole name it is: so no second boundary, no RFC 2231
//     boundary* or boundary*0, and no other value that mentions it;
//   - its value, unquoted, is 1 to 70 RFC 2046 bchars not ending in a
//     space.
//
// With no escapes, the value is a substring of params.
func boundaryParam(params string) (string, bool) {
	var names [maxParams]string
	b, found := "", false
	p := params
	for k := 0; ; k++ {
		p = trimOWS(p)
		if p == "" {
			break
		}
		if p[0] != ';' {
			return "", false
		}
		p = trimOWS(p[1:])
		if p == "" {
			break // one ';' after the last parameter
		}
		n := tokenLen(p)
		if k == maxParams {
			return "", false
		}
		if n == 0 || n == len(p) || p[n] != '=' {
			return "", false
		}
		names[k] = p[:n]
		for _, name := range names[:k] {
			if asciiEqualFold(name, names[k]) {
				return "", false
			}
		}
		if strings.IndexByte(names[k], '*') >= 0 {
			return "", false
		}
		isBoundary := asciiEqualFold(names[k], "boundary")
		p = p[n+1:]
		var v string
		if p != "" && p[0] == '"' {
			n = quotedLen(p)
			if n == 0 {
				return "", false
			}
			v, p = p[1:n-1], p[n:]
		} else {
			n = tokenLen(p)
			if n == 0 {
				return "", false
			}
			v, p = p[:n], p[n:]
		}
		if isBoundary {
			b, found = v, true
		}
	}
	// The name is one place; any other is in another parameter unless it
	// is in the boundary itself (----WebKitFormBoundary…).
	if !found || countFold(params, "boundary") != 1+countFold(b, "boundary") || len(b) == 0 || len(b) > maxBoundary || b[len(b)-1] == ' ' {
		return "", false
	}
	for i := 0; i < len(b); i++ {
		if !bchar(b[i]) {
			return "", false
		}
	}
	return b, true
}

// quotedLen returns the length of the quoted-string at the start of s,
// quotes included, or 0 when there is none or it holds a backslash or a
// ';' (see appendBoundary).
func quotedLen(s string) int {
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i + 1
		case c == ';' || !qdtextChar(c): // qdtext holds no backslash
			return 0
		}
	}
	return 0
}

// countFold returns the number of places where word, lower case, occurs
// in s up to ASCII case.
func countFold(s, word string) int {
	n := 0
	for i := 0; i+len(word) <= len(s); i++ {
		if asciiEqualFold(s[i:i+len(word)], word) {
			n++
		}
	}
	return n
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
		if !tchar(s[i]) {
			return i
		}
	}
	return len(s)
}

// tchar reports whether c may stand in an RFC 9110 token.
func tchar(c byte) bool {
	return isAlnum(c) || bytesContain("!#$%&'*+-.^_`|~", c)
}

// qdtextChar reports whether c may stand unescaped in an RFC 9110
// quoted-string: HTAB, SP, 0x21, 0x23-0x5B, 0x5D-0x7E, 0x80-0xFF.
func qdtextChar(c byte) bool {
	return c == '\t' || c == ' ' || c == 0x21 || (0x23 <= c && c <= 0x5b) || (0x5d <= c && c != 0x7f)
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
