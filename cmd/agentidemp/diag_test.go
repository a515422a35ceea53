package main

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// unexcerpt undoes the escapes of an excerpt line, returning the bytes it
// shows, whether it was cut on each side, and for each shown byte the
// column (0-based, in characters of the excerpt line) where it starts.
func unexcerpt(t *testing.T, shownLine string) (b []byte, cutLeft, cutRight bool, cols []int) {
	t.Helper()
	s := shownLine
	i := 0
	if strings.HasPrefix(s, "...") {
		cutLeft, i = true, 3
	}
	if strings.HasSuffix(s, "...") && len(s) >= i+3 {
		// A line ending in "..." could also be text; the test lines hold
		// no '.', so it is a cut.
		cutRight, s = true, s[:len(s)-3]
	}
	for i < len(s) {
		cols = append(cols, i)
		if s[i] == '\\' && i+3 < len(s) && s[i+1] == 'x' {
			var v byte
			for _, c := range []byte(s[i+2 : i+4]) {
				v = v<<4 | byte(strings.IndexByte("0123456789abcdef", c))
			}
			b = append(b, v)
			i += 4
			continue
		}
		b = append(b, s[i])
		i++
	}
	return b, cutLeft, cutRight, cols
}

// TestExcerptProperties checks, for every offset of random lines of
// printable ASCII, tabs and other bytes, that the excerpt shows a piece of
// the line holding the offset, at most excerptWidth columns wide, marked
// "..." exactly where cut, and that the caret stands under the offending
// byte's first character (past the end: one column after the last).
func TestExcerptProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte("abc {}\"\t\x00\x1b\x7f\xc3\xa9\xff")
	for trial := 0; trial < 300; trial++ {
		line := make([]byte, rng.Intn(200))
		for i := range line {
			line[i] = alphabet[rng.Intn(len(alphabet))]
		}
		for at := 0; at <= len(line); at++ {
			out := string(appendExcerpt(nil, line, at))
			parts := strings.Split(out, "\n")
			if len(parts) != 3 || parts[2] != "" {
				t.Fatalf("%q at %d: not two lines: %q", line, at, out)
			}
			shownLine, caretLine := parts[0], parts[1]
			b, cutLeft, cutRight, cols := unexcerpt(t, shownLine)
			// The piece line[lo:lo+len(b)] must hold at (or end at it, when
			// at is the end), and be cut exactly where marked.
			lo := -1
			for k := 0; k+len(b) <= len(line) && lo < 0; k++ {
				holds := k <= at && (at < k+len(b) || at == len(line) && k+len(b) == at)
				marked := (k > 0) == cutLeft && (k+len(b) < len(line)) == cutRight
				if holds && marked && bytes.Equal(line[k:k+len(b)], b) {
					lo = k
				}
			}
			width := len(shownLine)
			if cutLeft {
				width -= 3
			}
			if cutRight {
				width -= 3
			}
			if at == len(line) {
				width++ // the caret's column past the end
			}
			if width > excerptWidth || (cutLeft || cutRight) && width < excerptWidth-3 {
				t.Fatalf("%q at %d: excerpt %d columns wide, want at most %d, and more than %d when cut",
					line, at, width, excerptWidth, excerptWidth-4)
			}
			// The caret line: the same characters as the excerpt before
			// the caret, with tabs kept and everything else blank.
			want := len(shownLine)
			if cutRight {
				want -= 3
			}
			if at-lo < len(cols) {
				want = cols[at-lo]
			}
			if !strings.HasSuffix(caretLine, "^") || len(caretLine)-1 != want {
				t.Fatalf("%q at %d: caret at column %d of %q, want %d", line, at, len(caretLine)-1, caretLine, want)
			}
			for i := 0; i < want; i++ {
				if c := caretLine[i]; c != ' ' && !(c == '\t' && shownLine[i] == '\t') {
					t.Fatalf("%q at %d: caret line %q does not match %q", line, at, caretLine, shownLine)
				}
			}
			if len(line) <= 18 && (cutLeft || cutRight) {
				t.Fatalf("%q at %d: a short line was cut: %q", line, at, shownLine)
			}
		}
	}
}
