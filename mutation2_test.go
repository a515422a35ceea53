package agentidemp

import (
	"bytes"
	"strings"
	"testing"
)

// appendBoundary appends after what dst holds, as multipartHash.reset calls
// it (after CRLF "--"): a quoted boundary of 70 bytes is kept whole, and one
// of 71 is refused.
func TestAppendBoundaryAfterPrefix(t *testing.T) {
	for _, n := range []int{1, 69, 70, 71} {
		b := strings.Repeat("q", n)
		for _, v := range []string{b, `"` + b + `"`} {
			d, ok := appendBoundary([]byte("\r\n--"), "; boundary="+v)
			if want := n <= maxBoundary; ok != want || ok && string(d) != "\r\n--"+b {
				t.Errorf("boundary=%s: got %q, %v; want it after CRLF \"--\", %v", v, d, ok, want)
			}
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
// against the ranges of RFC 9110 (qdtext, quoted-pair, tchar) and RFC 2046
// (bchars).
func TestContentTypeCharClasses(t *testing.T) {
	const (
		qdtext = "\t\t  !!#[]~\x80\xff"
		pair   = "\t\t  !~\x80\xff"
		tchar  = "!!#'**++-.^`||~~09AZaz"
		bchars = "  ')++,/::==??__09AZaz"
	)
	for i := 0; i < 256; i++ {
		c := byte(i)
		if got, want := qdtextChar(c), inPairs(c, qdtext); got != want {
			t.Errorf("qdtextChar(%#x) = %v, want %v", c, got, want)
		}
		if got, want := quotedPairChar(c), inPairs(c, pair); got != want {
			t.Errorf("quotedPairChar(%#x) = %v, want %v", c, got, want)
		}
		if got, want := tokenLen(string([]byte{c, c})), inPairs(c, tchar); (got == 2) != want || got != 0 && got != 2 {
			t.Errorf("tokenLen(%q) = %d, want a tchar: %v", []byte{c, c}, got, want)
		}
		if got, want := bchar(c), inPairs(c, bchars); got != want {
			t.Errorf("bchar(%#x) = %v, want %v", c, got, want)
		}
	}
}

// Once the close delimiter is read, the rest of the body is epilogue: only
// the raw hasher sees it, and an epilogue longer than the parser's window
// streams through like any other.
func TestMultipartLongEpilogue(t *testing.T) {
	parts := []mpPart{{"A: 1", "x"}}
	want := refEncodeParts(parts)
	body := buildMultipart("B0", "", "", "\r\n"+strings.Repeat("e", 3*len(multipartHash{}.win)), parts)
	for _, ch := range [][]int{nil, {1000}} {
		if got := streamMultipart(body, "; boundary=B0", ch); !bytes.Equal(got, want) {
			t.Errorf("chunks %v: body' %q, want %q", ch, got, want)
		}
	}
}
