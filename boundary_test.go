package agentidemp

import (
	"net/http"
	"strings"
	"testing"
)

// TestBoundaryParam checks the Content-Type rules: which media types are
// multipart, and which parameters give which boundary.
func TestBoundaryParam(t *testing.T) {
	b70 := strings.Repeat("x", 70)
	params16 := ""
	for i := 0; i < 15; i++ {
		params16 += "; p" + string(rune('a'+i)) + "=1"
	}
	for _, c := range []struct {
		ct        string
		multipart bool
		boundary  string // "" when not valid
	}{
		{"multipart/form-data; boundary=abc", true, "abc"},
		{"Multipart/Mixed;boundary=abc", true, "abc"},
		{" multipart/related \t; BOUNDARY=abc", true, "abc"},
		{"multipart/x-anything; boundary=abc", true, "abc"},
		{"multipart/form-data; charset=utf-8; boundary=abc; x=\"y,z\"", true, "abc"},
		{"multipart/form-data; boundary=abc \t", true, "abc"},
		{"multipart/form-data; boundary=\"abc\"", true, "abc"},
		{"multipart/form-data; boundary=\"a b\"", true, "a b"},
		{"multipart/form-data; boundary=\" a\"", true, " a"},
		{"multipart/form-data; boundary=\"'()+_,-./:=?\"", true, "'()+_,-./:=?"},
		{"multipart/form-data; boundary=" + b70, true, b70},
		{"multipart/form-data; boundary=\"" + b70 + "\"", true, b70},
		{"multipart/form-data ; boundary=abc", true, "abc"},
		{"multipart/form-data" + params16 + "; boundary=abc", true, "abc"},
		{"multipart/form-data" + params16 + "; boundary=abc;", true, "abc"},
		{"multipart/form-data" + params16 + "; q=1; boundary=abc", true, ""},
		{"multipart/form-data; boundary=" + b70 + "x", true, ""},
		{"multipart/form-data; boundary=\"" + b70 + "x\"", true, ""},
		{"multipart/form-data; boundary=\"ab \"", true, ""},
		{"multipart/form-data; boundary=\" \"", true, ""},
		{"multipart/form-data; boundary=", true, ""},
		{"multipart/form-data; boundary=\"\"", true, ""},
		{"multipart/form-data; boundary=a!b", true, ""},
		{"multipart/form-data; boundary=\"a@b\"", true, ""},
		{"multipart/form-data; boundary=a=b", true, ""},
		{"multipart/form-data; boundary=\"abc", true, ""},
		{"multipart/form-data; boundary=\"a\x01\"", true, ""},
		{"multipart/form-data; boundary = abc", true, ""},
		{"multipart/form-data; boundary=abc x", true, ""},
		{"multipart/form-data; boundary=abc; x", true, ""},
		{"multipart/form-data; =abc", true, ""},
		{"multipart/form-data; =x; boundary=abc", true, ""},
		{"multipart/form-data; x=a@b; boundary=abc", true, ""},
		{"multipart/form-data; x=\"a\x01b\"; boundary=abc", true, ""},
		{"multipart/form-data", true, ""},
		{"multipart/form-data boundary=abc", true, ""},
		// Quoted-pairs and ';' in quoted-strings, which parsers read
		// differently, in the boundary or any other parameter.
		{"multipart/form-data; boundary=\"a\\bc\"", true, ""},
		{"multipart/form-data; boundary=\"a\\\"b\"", true, ""},
		{"multipart/form-data; boundary=\"abc\\", true, ""},
		{"multipart/form-data; x=\"a\\\"; boundary=evil; y=\\\"b\"; boundary=abc", true, ""},
		{"multipart/form-data; x=\"a\\\\\"; boundary=abc", true, ""},
		{"multipart/form-data; x=\"a;b\"; boundary=abc", true, ""},
		// The word boundary anywhere but as the one parameter's name.
		{"multipart/form-data; boundary=abc; boundary=abc", true, ""},
		{"multipart/form-data; boundary=abc; Boundary=def", true, ""},
		{"multipart/form-data; boundary=X; boundary*=utf-8''Y", true, ""},
		{"multipart/form-data; boundary=X; boundary*0=Y", true, ""},
		{"multipart/form-data; boundary*=utf-8''Y", true, ""},
		{"multipart/form-data; x=\"boundary=Y\"; boundary=X", true, ""},
		{"multipart/form-data; x=BOUNDARY; boundary=X", true, ""},
		{"multipart/form-data; xboundary=Y; boundary=X", true, ""},
		{"multipart/form-data; boundary=boundary", true, "boundary"},
		{"multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", true, "----WebKitFormBoundary7MA4YWxkTrZu0gW"},
		{"multipart/form-data; x=boundary; boundary=boundary", true, ""},
		// Empty parameters and names given twice, which
		// mime.ParseMediaType refuses.
		{"multipart/form-data; boundary=abc;;", true, ""},
		{"multipart/form-data; boundary=abc; ;", true, ""},
		{"multipart/form-data; boundary=abc;", true, "abc"},
		{"multipart/form-data; boundary=abc ; \t", true, "abc"},
		{"multipart/form-data; ; boundary=abc", true, ""},
		{"multipart/form-data; x=1; X=2; boundary=abc", true, ""},
		// RFC 2231 names, which Python's email fails on.
		{"multipart/form-data; boundary=abc; x*=utf-8''a", true, ""},
		{"multipart/form-data; boundary=abc; x*0=a; x*1=b", true, ""},
		// A subtype that is not a token.
		{"multipart/form data; boundary=abc", true, ""},
		{"multipart/a/b; boundary=abc", true, ""},
		{"multipart/f\xffo; boundary=abc", true, ""},
		{"multipart/", false, ""},
		{"multipart; boundary=abc", false, ""},
		{"multipartx/y; boundary=abc", false, ""},
		{"text/plain; boundary=abc", false, ""},
		{"application/json", false, ""},
		{"", false, ""},
	} {
		params, mp, token := multipartParams(c.ct)
		if mp != c.multipart {
			t.Errorf("%q: multipart %v, want %v", c.ct, mp, c.multipart)
		}
		if !mp {
			continue
		}
		b, ok := boundaryParam(params)
		ok = ok && token
		if !ok {
			b = ""
		}
		if ok != (c.boundary != "") || b != c.boundary {
			t.Errorf("%q: boundary %q, %v; want %q", c.ct, b, ok, c.boundary)
		}
	}
}

// TestSoleContentType: one value in all, under any case of the name.
func TestSoleContentType(t *testing.T) {
	for _, c := range []struct {
		h    http.Header
		sole bool
	}{
		{http.Header{"Content-Type": {"a"}}, true},
		{http.Header{"content-type": {"a"}}, true},
		{http.Header{"Content-Type": {"a"}, "X": {"b", "c"}}, true},
		{http.Header{"Content-Type": {"a", "b"}}, false},
		{http.Header{"Content-Type": {"a"}, "content-type": {"b"}}, false},
		{http.Header{"Content-Type": {}, "CONTENT-TYPE": {"b"}}, true},
		{http.Header{"Content-Type": {}}, false},
		{nil, false},
	} {
		if got := soleContentType(c.h); got != c.sole {
			t.Errorf("%v: sole %v, want %v", c.h, got, c.sole)
		}
	}
}

// inPairs reports whether c falls in one of the ranges that pairs lists as
// their first and last bytes.
func inPairs(c byte, pairs string) bool {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] <= c && c <= pairs[i+1] {
			return true
		}
	}
	return false
}

// The character classes of the Content-Type grammar, checked at every byte
// against the ranges of RFC 9110 (qdtext, tchar) and RFC 2046 (bchars).
func TestContentTypeCharClasses(t *testing.T) {
	const (
		qdtext = "\t\t  !!#[]~\x80\xff"
		tchars = "!!#'**++-.^`||~~09AZaz"
		bchars = "  ')++,/::==??__09AZaz"
	)
	for i := 0; i < 256; i++ {
		c := byte(i)
		if got, want := qdtextChar(c), inPairs(c, qdtext); got != want {
			t.Errorf("qdtextChar(%#x) = %v, want %v", c, got, want)
		}
		if got, want := tchar(c), inPairs(c, tchars); got != want {
			t.Errorf("tchar(%#x) = %v, want %v", c, got, want)
		}
		if got, want := tokenLen(string([]byte{c, c})), inPairs(c, tchars); (got == 2) != want || got != 0 && got != 2 {
			t.Errorf("tokenLen(%q) = %d, want a tchar: %v", []byte{c, c}, got, want)
		}
		if got, want := bchar(c), inPairs(c, bchars); got != want {
			t.Errorf("bchar(%#x) = %v, want %v", c, got, want)
		}
	}
}

// TestCountFold counts overlapping places, in any ASCII case.
func TestCountFold(t *testing.T) {
	for _, c := range []struct {
		s, word string
		n       int
	}{
		{"", "ab", 0}, {"a", "ab", 0}, {"ab", "ab", 1}, {"xAbAB", "ab", 2}, {"aaa", "aa", 2}, {"a\xc1b", "aab", 0},
	} {
		if n := countFold(c.s, c.word); n != c.n {
			t.Errorf("countFold(%q, %q) = %d, want %d", c.s, c.word, n, c.n)
		}
	}
}
