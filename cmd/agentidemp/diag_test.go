package main

import (
	"bytes"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// loadWide reads the ranges of testdata/wide.txt, written by
// testdata/gen_wide.py from Python's unicodedata, and its first line.
func loadWide(t *testing.T) (ranges [][2]rune, header string) {
	t.Helper()
	data, err := os.ReadFile("../../testdata/wide.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for _, line := range lines[1:] {
		if strings.HasPrefix(line, "#") {
			continue
		}
		lo, hi, ok := strings.Cut(line, "..")
		a, errA := strconv.ParseUint(lo, 16, 32)
		b, errB := strconv.ParseUint(hi, 16, 32)
		if !ok || errA != nil || errB != nil {
			t.Fatalf("testdata/wide.txt: bad line %q", line)
		}
		ranges = append(ranges, [2]rune{rune(a), rune(b)})
	}
	return ranges, lines[0]
}

// TestWideTable checks that the table of width.go holds the ranges of
// testdata/wide.txt, of the Unicode version its comment names.
func TestWideTable(t *testing.T) {
	ranges, header := loadWide(t)
	if !strings.Contains(header, "Unicode 14.0.0 ") {
		t.Errorf("testdata/wide.txt is of another Unicode version than width.go says: %q", header)
	}
	if len(ranges) != len(wide) {
		t.Fatalf("testdata/wide.txt has %d ranges, width.go %d", len(ranges), len(wide))
	}
	for i, r := range ranges {
		if wide[i].lo != r[0] || wide[i].hi != r[1] {
			t.Errorf("range %d: width.go has %X..%X, testdata/wide.txt %X..%X", i, wide[i].lo, wide[i].hi, r[0], r[1])
		}
	}
}

// slowWidth is runeWidth written the obvious way: a mark takes no column,
// a character in one of the ranges of testdata/wide.txt two.
func slowWidth(ranges [][2]rune, r rune) int {
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return 0
	}
	for _, w := range ranges {
		if w[0] <= r && r <= w[1] {
			return 2
		}
	}
	return 1
}

// TestRuneWidth checks runeWidth against slowWidth on every code point,
// and on characters whose width every terminal agrees on.
func TestRuneWidth(t *testing.T) {
	ranges, _ := loadWide(t)
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := runeWidth(r), slowWidth(ranges, r); got != want {
			t.Fatalf("runeWidth(%U) = %d, want %d", r, got, want)
		}
	}
	for _, tc := range []struct {
		r    rune
		want int
	}{
		{'a', 1}, {'é', 1}, {'Ж', 1}, {'א', 1}, {'\uff61', 1}, // Latin, Cyrillic, Hebrew, halfwidth katakana punctuation
		{'日', 2}, {'한', 2}, {'あ', 2}, {'\u3000', 2}, {'Ａ', 2}, // Han, Hangul, hiragana, ideographic space, fullwidth A
		{'😀', 2}, {'\u231a', 2}, {'\U00020000', 2}, // emoji, WATCH (emoji presentation), CJK extension B
		{'\u0301', 0}, {'\u20dd', 0}, {'\u3099', 0}, // combining acute, enclosing circle, combining kana voicing (W, but a mark)
		{'\u263a', 1}, // WHITE SMILING FACE: text presentation by default
	} {
		if got := runeWidth(tc.r); got != tc.want {
			t.Errorf("runeWidth(%U) = %d, want %d", tc.r, got, tc.want)
		}
	}
}

// A shownUnit is a unit of an excerpt line as the test reads it back.
type shownUnit struct {
	b    []byte // the bytes of the line it stands for
	cols int    // columns on a terminal
	tab  bool
}

// readExcerpt reads an excerpt line back: the "..." markers, and the units
// between them, each a \xNN escape or a character shown as itself, which
// must be valid UTF-8 and graphic or a tab.
func readExcerpt(t *testing.T, ranges [][2]rune, s string) (units []shownUnit, cutLeft, cutRight bool) {
	t.Helper()
	// The test lines hold no '.', so "..." is a cut.
	if strings.HasPrefix(s, "...") {
		cutLeft, s = true, s[3:]
	}
	if strings.HasSuffix(s, "...") {
		cutRight, s = true, s[:len(s)-3]
	}
	for s != "" {
		if strings.HasPrefix(s, `\x`) && len(s) >= 4 {
			v, err := strconv.ParseUint(s[2:4], 16, 8)
			if err != nil {
				t.Fatalf("bad escape in %q", s)
			}
			units = append(units, shownUnit{b: []byte{byte(v)}, cols: 4})
			s = s[4:]
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && size == 1:
			t.Fatalf("excerpt line holds invalid UTF-8 %q", s)
		case r == '\t':
			units = append(units, shownUnit{b: []byte{'\t'}, cols: 1, tab: true})
		case !unicode.IsGraphic(r):
			t.Fatalf("excerpt line shows %U as itself", r)
		default:
			units = append(units, shownUnit{b: []byte(s[:size]), cols: slowWidth(ranges, r)})
		}
		s = s[size:]
	}
	return units, cutLeft, cutRight
}

// excerptPieces are the pieces of the lines of TestExcerptProperties:
// ASCII, a tab, two-, three- and four-byte characters of widths 0, 1 and
// 2, controls, format characters, and bytes that are not valid UTF-8 alone
// or next to others (a lead byte without its continuation, a stray
// continuation byte).
var excerptPieces = []string{
	"a", "b", " ", "{", "\"", "\t",
	"é", "e\u0301", "\u0301", "日", "本", "😀", "\uff21", "\U00020000",
	"\x00", "\x1b", "\x7f", "\u009b", "\u202e", "\u200d", "\u2028", "\ufeff", "\U000e0001",
	"\xff", "\x80", "\xe6", "\xe6\x97", "\xf0\x9f\x98",
}

// TestExcerptProperties checks, for every byte offset of random lines made
// of excerptPieces, also offsets inside characters, that the excerpt shows
// a piece of the line holding the offset as valid UTF-8 and \xNN escapes,
// at most excerptWidth columns wide and filled to within one unit when cut,
// marked "..." exactly where cut; and that the caret line has a tab for
// each tab before the offending byte and a space for each other column
// (display width: two for a wide character, none for a mark), then the
// caret.
func TestExcerptProperties(t *testing.T) {
	ranges, _ := loadWide(t)
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 400; trial++ {
		var line []byte
		for n := rng.Intn(80); n > 0; n-- {
			line = append(line, excerptPieces[rng.Intn(len(excerptPieces))]...)
		}
		for at := 0; at <= len(line); at++ {
			checkExcerpt(t, ranges, line, at)
		}
	}
}

// checkExcerpt checks the excerpt of line at byte at (see
// TestExcerptProperties).
func checkExcerpt(t *testing.T, ranges [][2]rune, line []byte, at int) {
	t.Helper()
	out := string(appendExcerpt(nil, line, at))
	parts := strings.Split(out, "\n")
	if len(parts) != 3 || parts[2] != "" {
		t.Fatalf("%q at %d: not two lines: %q", line, at, out)
	}
	units, cutLeft, cutRight := readExcerpt(t, ranges, parts[0])
	var shown []byte
	cols := 0
	for _, u := range units {
		shown = append(shown, u.b...)
		cols += u.cols
	}
	// The caret line for the units before at, if they end exactly at it.
	caret := func(lo int) (string, bool) {
		var b strings.Builder
		if cutLeft {
			b.WriteString("   ")
		}
		n := lo
		for _, u := range units {
			if n == at {
				break
			}
			if u.tab {
				b.WriteByte('\t')
			} else {
				b.WriteString(strings.Repeat(" ", u.cols))
			}
			n += len(u.b)
		}
		b.WriteString("^")
		return b.String(), n == at
	}
	// Where the shown bytes start in line: they must hold at (end at it,
	// at the end), be cut exactly where marked, and give the caret line.
	found, foundLo := false, 0
	for lo := 0; lo+len(shown) <= len(line) && !found; lo++ {
		hi := lo + len(shown)
		if lo > at || hi < at || hi == at && at < len(line) || (lo > 0) != cutLeft || (hi < len(line)) != cutRight ||
			!bytes.Equal(line[lo:hi], shown) {
			continue
		}
		want, ok := caret(lo)
		found, foundLo = ok && parts[1] == want, lo
	}
	if !found {
		t.Fatalf("%q at %d: the excerpt\n%s\ndoes not show the line around the offset with the caret under it", line, at, out)
	}
	// Past the end or under a mark, the caret takes a column of its own.
	n := foundLo
	for _, u := range units {
		if n == at && u.cols == 0 {
			cols++
		}
		n += len(u.b)
	}
	if at == len(line) {
		cols++
	}
	// The widest unit is a four-byte character escaped: 16 columns.
	if cols > excerptWidth || (cutLeft || cutRight) && cols <= excerptWidth-16 && len(shown) < excerptBytes-16 {
		t.Fatalf("%q at %d: excerpt %d columns wide, want at most %d, and more than %d when cut:\n%s",
			line, at, cols, excerptWidth, excerptWidth-16, out)
	}
	if len(line) <= 17 && (cutLeft || cutRight) {
		t.Fatalf("%q at %d: a short line was cut:\n%s", line, at, out)
	}
	if cutLeft && foundLo < at && units[0].cols == 0 && !units[0].tab {
		t.Fatalf("%q at %d: a mark follows the cut:\n%s", line, at, out)
	}
}

// FuzzExcerpt checks the properties of TestExcerptProperties on any line
// and offset, seeded from the lines of TestExcerpt.
func FuzzExcerpt(f *testing.F) {
	for _, tc := range excerptCases() {
		f.Add([]byte(tc.line), uint16(tc.at))
	}
	f.Fuzz(func(t *testing.T, line []byte, at uint16) {
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i] // an excerpt is of one line
		}
		// "..." and a backslash followed by x are shown as they are, and
		// reading the excerpt back cannot tell them from a cut and an escape.
		if bytes.Contains(line, []byte("...")) || bytes.Contains(line, []byte(`\x`)) {
			t.Skip()
		}
		ranges, _ := loadWide(t)
		checkExcerpt(t, ranges, line, int(at)%(len(line)+1))
	})
}

// excerptCase is a line, an offset and the excerpt they give.
type excerptCase struct {
	name, line string
	at         int
	want       string
}

// TestExcerpt checks the exact excerpts of lines of non-ASCII text.
func TestExcerpt(t *testing.T) {
	for _, tc := range excerptCases() {
		if got := string(appendExcerpt(nil, []byte(tc.line), tc.at)); got != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}

func excerptCases() []excerptCase {
	cjk := strings.Repeat("日本語のテキスト", 6) // 48 characters, 96 columns
	return []excerptCase{
		{"wide characters", `{"名前": "日本", x}`, len(`{"名前": "日本", `),
			`{"名前": "日本", x}` + "\n" +
				"                 ^\n"},
		{"emoji", `["😀😀", 1 2]`, len(`["😀😀", 1 `),
			`["😀😀", 1 2]` + "\n" +
				"           ^\n"},
		{"combining marks", "[\"e\u0301e\u0301\" x]", len("[\"e\u0301e\u0301\" "),
			"[\"e\u0301e\u0301\" x]\n" +
				"      ^\n"},
		{"a mark at the offset", "\"e\u0301\"", 2,
			"\"e\u0301\"\n" +
				"  ^\n"},
		{"invalid bytes between characters", "\"日\xff本\xe6\x97\"", len("\"日\xff本"),
			`"日\xff本\xe6\x97"` + "\n" +
				"         ^\n"},
		{"an offset inside a character", "\"日本\"", 2,
			`"\xe6\x97\xa5本"` + "\n" +
				"     ^\n"},
		{"controls and format characters", "\"\u202eabc\u200d\u2028\u0085\t\x7f\"", len("\"\u202eabc\u200d\u2028\u0085\t"),
			`"\xe2\x80\xaeabc\xe2\x80\x8d\xe2\x80\xa8\xc2\x85` + "\t" + `\x7f"` + "\n" +
				strings.Repeat(" ", 1+12+3+12+12+8) + "\t^\n"},
		{"a long line cut between characters", cjk, len(cjk) / 2,
			"..." + cjk[len(cjk)/2-17*3:len(cjk)/2+19*3] + "...\n" +
				"   " + strings.Repeat(" ", 34) + "^\n"},
		{"narrow characters of four bytes, as many as fit", strings.Repeat("𝐀", 100), 200,
			"..." + strings.Repeat("𝐀", 72) + "...\n" +
				"   " + strings.Repeat(" ", 35) + "^\n"},
		{"a cut between a character and its mark", strings.Repeat("e\u0301", 100), 300,
			"..." + strings.Repeat("e\u0301", 71) + "\n" +
				"   " + strings.Repeat(" ", 71) + "^\n"},
	}
}

// TestExcerptMarks checks that a run of marks is cut at excerptBytes, not
// shown whole, and that marks cut off from their base are not shown after
// "...".
func TestExcerptMarks(t *testing.T) {
	line := "x" + strings.Repeat("\u0301", 1000)
	if got, want := string(appendExcerpt(nil, []byte(line), 0)), "x"+strings.Repeat("\u0301", (excerptBytes-1)/2)+"...\n^\n"; got != want {
		t.Errorf("after the offset: got %q, want %q", got, want)
	}
	line = strings.Repeat("\u0301", 1000) + "x"
	if got, want := string(appendExcerpt(nil, []byte(line), len(line)-1)), "...x\n   ^\n"; got != want {
		t.Errorf("before the offset: got %q, want %q", got, want)
	}
}

// TestTabShownAsItself checks how a report shows a tab, and that the usage
// text and the README say the same: a tab appears as itself and the caret
// line copies it, so that the caret stands under the offending byte
// whatever the tab stops, while the other C0 controls appear as \xNN.
func TestTabShownAsItself(t *testing.T) {
	line := "\t\x01\t\"\x1f\"x"
	want := "\t\\x01\t\"\\x1f\"x\n" +
		"\t    \t      ^\n"
	if got := string(appendExcerpt(nil, []byte(line), len(line)-1)); got != want {
		t.Errorf("excerpt: got\n%s\nwant\n%s", got, want)
	}
	r := run(t, []byte("[1,\n\t\t2 3]"), "json")
	want = "<stdin>:2:5: invalid JSON syntax: unexpected '3' in array, want ',' or ']'\n" +
		"\t\t2 3]\n" +
		"\t\t  ^\n"
	if r.code != 1 || r.stderr != want {
		t.Errorf("json: exit %d, stderr\n%s\nwant exit 1, stderr\n%s", r.code, r.stderr, want)
	}

	// The texts, with their line breaks undone.
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	help := flat(run(t, nil, "help").stdout)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ what, text, says string }{
		{"agentidemp help", help, "and so does a tab, which the caret line copies"},
		{"the README", flat(string(readme)), "a tab as itself, copied into the caret line"},
	} {
		if !strings.Contains(tc.text, tc.says) {
			t.Errorf("%s does not say %q", tc.what, tc.says)
		}
	}
}
