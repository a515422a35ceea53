package agentidemp

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// stopMask must agree with the byte table stops on every word: a word has
// a mark exactly when one of its bytes is a stop, and the lowest marked byte
// is the first stop.
func TestStopMask(t *testing.T) {
	check := func(w [8]byte) {
		t.Helper()
		want := 8
		for k, c := range w {
			if stops[c] {
				want = k
				break
			}
		}
		got := 8
		if m := stopMask(binary.LittleEndian.Uint64(w[:])); m != 0 {
			got = bits.TrailingZeros64(m) / 8
		}
		if got != want {
			t.Fatalf("stopMask(% x) marks byte %d first, want %d (8: none)", w, got, want)
		}
	}
	// Every byte value at every position, among neighbours that are stops
	// and neighbours that are not (a borrow from one byte must not hide or invent another).
	eachByteInWords([]byte{'a', ' ', '~', 0x7f, '"', 0x00, 0x80, 0xff}, check)
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 200000; n++ {
		var w [8]byte
		for k := range w {
			// Mostly bytes near the boundaries of the stops.
			w[k] = []byte{0x1f, 0x20, 0x21, '"', '#', '[', '\\', ']', 0x7e, 0x7f, 0x80, 0xdc, 0xa2, byte(r.Intn(256))}[r.Intn(14)]
		}
		check(w)
	}
}

// Every byte in every digit of a \u escape: a string is refused at the
// first byte that is not a hex digit, and one of a surrogate alone is
// refused as a lone surrogate; every other escape stands for its code
// point.
func TestUnicodeEscapeDigits(t *testing.T) {
	for _, digits := range []string{"0000", "d7ff", "DBFF", "e000", "FfFf", "0041", "dc00"} {
		for pos := 0; pos < 4; pos++ {
			for c := 0; c < 256; c++ {
				d := []byte(digits)
				d[pos] = byte(c)
				in := []byte(`"\u` + string(d) + `"`)
				out, err := CanonicalJSON(in)
				var want uint64
				_, perr := fmt.Sscanf(string(d), "%4x", &want)
				isHex := perr == nil && hexValue(d[0])|hexValue(d[1])|hexValue(d[2])|hexValue(d[3]) <= 0x0f
				var je *JSONError
				switch {
				case !isHex:
					bad := 0
					for hexValue(d[bad]) <= 0x0f {
						bad++
					}
					if !errors.As(err, &je) || je.Err != ErrInvalidString || je.Offset != 3+bad {
						t.Fatalf("CanonicalJSON(%q) = %q, %v; want ErrInvalidString at %d", in, out, err, 3+bad)
					}
				case 0xd800 <= want && want <= 0xdfff:
					if !errors.As(err, &je) || je.Err != ErrLoneSurrogate || je.Offset != 1 {
						t.Fatalf("CanonicalJSON(%q) = %q, %v; want ErrLoneSurrogate at 1", in, out, err)
					}
				default:
					if ref := refCanonicalString(t, in); err != nil || string(out) != ref {
						t.Fatalf("CanonicalJSON(%q) = %q, %v; want %q", in, out, err, ref)
					}
				}
			}
		}
	}
}

// A run of \u escapes ends at the first byte that does not start another:
// what follows is checked as string text, or as what follows a string.
func TestUnicodeEscapeRunEnd(t *testing.T) {
	for _, tc := range []struct {
		in     string
		err    error
		offset int
	}{
		{`"\u0041"u1234`, ErrTrailingData, 8},
		{"\"\\u0041\x01u1234\"", ErrInvalidString, 7},
		{"\"\\u0041\\u0042\x1fu0000\"", ErrInvalidString, 13},
		{`"\u0041\u004`, ErrUnexpectedEnd, 12},
		{`"\u0041\u004"`, ErrInvalidString, 12},
		{`"\u0041\ud800"`, ErrLoneSurrogate, 7},
		{`"\u0041\x"`, ErrInvalidString, 8},
	} {
		out, err := CanonicalJSON([]byte(tc.in))
		var je *JSONError
		if !errors.As(err, &je) || je.Err != tc.err || je.Offset != tc.offset {
			t.Errorf("CanonicalJSON(%q) = %q, %v; want %v at %d", tc.in, out, err, tc.err, tc.offset)
		}
	}
}

// Strings of escapes and text in random mixes, the escapes of code points
// at every boundary of UTF-8 and of the canonical escapes, must come out as
// a writer of RFC 8785 strings kept here, one character at a time, writes
// them: at the start, between and after runs of text of every length.
func TestEscapedText(t *testing.T) {
	points := []rune{0, 0x07, '\b', '\t', '\n', 0x0b, '\f', '\r', 0x1f, ' ', '"', '/', '\\', 'A', 0x7f,
		0x80, 0xe9, 0x7ff, 0x800, 0x20ac, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x1f680, 0x10ffff}
	shorts := []string{`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`}
	texts := []string{"a", "é", "€", "🚀", "z~", "\x7f"}
	r := rand.New(rand.NewSource(8785))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		b.WriteByte('"')
		for k := r.Intn(8); k >= 0; k-- {
			switch r.Intn(3) {
			case 0:
				p := points[r.Intn(len(points))]
				if p >= 0x10000 {
					p -= 0x10000
					fmt.Fprintf(&b, `\u%04x\u%04X`, 0xd800+p>>10, 0xdc00+p&0x3ff)
				} else {
					fmt.Fprintf(&b, []string{`\u%04x`, `\u%04X`}[r.Intn(2)], p)
				}
			case 1:
				b.WriteString(shorts[r.Intn(len(shorts))])
			default:
				for m := r.Intn(24); m > 0; m-- {
					b.WriteString(texts[r.Intn(len(texts))])
				}
			}
		}
		b.WriteByte('"')
		in := []byte(b.String())
		out, err := CanonicalJSON(in)
		if ref := refCanonicalString(t, in); err != nil || string(out) != ref {
			t.Fatalf("CanonicalJSON(%q) = %q, %v; want %q", in, out, err, ref)
		}
		// As a member name, unescaped to be sorted before "~" or after.
		name := refCanonicalString(t, in)
		if name == `"~"` {
			continue
		}
		want := `{` + name + `:1,"~":2}`
		if name > `"~"` {
			want = `{"~":2,` + name + `:1}`
		}
		obj := append(append([]byte(`{"~":2,`), in...), `:1}`...)
		if out, err = CanonicalJSON(obj); err != nil || string(out) != want {
			t.Fatalf("CanonicalJSON(%q) = %q, %v; want %q", obj, out, err, want)
		}
	}
}

// refCanonicalString returns RFC 8785's form of the JSON string in, which
// encoding/json decodes.
func refCanonicalString(t *testing.T, in []byte) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(in, &s); err != nil {
		t.Fatalf("encoding/json refuses %q: %v", in, err)
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(string(r))
		}
	}
	b.WriteByte('"')
	if !utf8.ValidString(b.String()) {
		t.Fatalf("reference output for %q is not UTF-8", in)
	}
	return b.String()
}

// Bytes that are not UTF-8 are refused wherever they fall in the word that
// holds the string's next stop, after any number of whole words of text;
// valid characters there are kept.
func TestUTF8BeforeStop(t *testing.T) {
	for lead := 0; lead < 20; lead++ {
		text := `"` + strings.Repeat("a", lead)
		for _, stop := range []string{`"`, `\n"`, `\u00e9"`} {
			tail := stop + strings.Repeat(" ", 16)
			for _, bad := range []string{"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xf0\x9f\x98"} {
				_, err := CanonicalJSON([]byte(text + bad + tail))
				var je *JSONError
				if !errors.As(err, &je) || je.Err != ErrInvalidUTF8 || je.Offset < len(text) || je.Offset >= len(text)+len(bad)+1 {
					t.Fatalf("%q: got %v, want ErrInvalidUTF8 within the bad bytes", text+bad+tail, err)
				}
			}
			for _, good := range []string{"é", "€", "😀"} {
				in := text + good + tail
				want := refCanonicalString(t, []byte(strings.TrimRight(in, " ")))
				if got, err := CanonicalJSON([]byte(in)); err != nil || string(got) != want {
					t.Fatalf("%q: got %q, %v; want %q", in, got, err, want)
				}
			}
		}
	}
}

// Decoded string values take at most maxText bytes of scratch: past that,
// a value is left for the emit pass to decode, also one dropped halfway,
// and the output is the same either way.
func TestTextBound(t *testing.T) {
	piece := `caf\u00e9 \ud83d\ude00 \"q\" \/ \n`
	var strs []string
	for _, n := range []int{1, 5000, 30000, 60000, 30000, 5000, 1} {
		strs = append(strs, `"`+strings.Repeat(piece, n)+`"`)
	}
	doc := []byte("[" + strings.Join(strs, ",") + "]")
	var want strings.Builder
	want.WriteByte('[')
	for k, s := range strs {
		if k > 0 {
			want.WriteByte(',')
		}
		want.WriteString(refCanonicalString(t, []byte(s)))
	}
	want.WriteByte(']')
	if got, err := CanonicalJSON(doc); err != nil || string(got) != want.String() {
		t.Fatalf("CanonicalJSON: %v, %d bytes; want the %d bytes of the reference", err, len(got), want.Len())
	}
	c := new(canon)
	c.in = doc
	if err := c.parse(); err != nil {
		t.Fatal(err)
	}
	if len(c.text) > maxText || cap(c.text) > 2*maxText+12 {
		t.Errorf("decoded strings took %d bytes of %d held, more than maxText %d allows", len(c.text), cap(c.text), maxText)
	}
	// In input order, each value that fits in what is left of maxText is
	// decoded: the 1,300 KB one does not fit at all, and after the first
	// three (about 770 KB) the next 660 KB does not either, while the last
	// two do: a dropped value gives its room back.
	decoded := decodedStrings(c)
	if want := []bool{true, true, true, false, false, true, true}; !slices.Equal(decoded, want) {
		t.Errorf("decoded by the parse pass: %v, want %v", decoded, want)
	}
	rec := hashRecorder{in: doc, text: c.text}
	c.writeTo(&rec, "", false)
	if rec.String() != want.String() {
		t.Errorf("streamed %d bytes, want the %d of the reference", rec.Len(), want.Len())
	}
}

// decodedStrings reports, for each string on c's tape in input order,
// whether the parse pass decoded it into c.text.
func decodedStrings(c *canon) []bool {
	var decoded []bool
	for i := 0; i < c.tape.n; i++ {
		if n := c.tape.at(i); n.kind == nodeString {
			decoded = append(decoded, n.esc == escDecoded)
		}
	}
	return decoded
}

// A string value decoded into c.text is kept there when its canonical form,
// both quotes included, fits in what is left of maxText, and is left for
// the emit pass when it takes one byte more: the room made for each run of
// text counts the byte after it, which may be the closing quote, so that
// c.text never holds more than maxText bytes. The strings here end in a run
// of plain text, and their canonical forms take maxText-1, maxText and
// maxText+1 bytes, alone or after another decoded string.
func TestTextBoundExact(t *testing.T) {
	// before is a string decoded first, and its canonical form.
	for _, before := range [][2]string{{"", ""}, {`"\/x"`, `"/x"`}} {
		for _, size := range []int{maxText - 1, maxText, maxText + 1} {
			// `"\/` and text: the canonical form is `"/`, the text and `"`.
			text := strings.Repeat("a", size-len(`"/"`)-len(before[1]))
			doc := `"\/` + text + `"`
			want := `"/` + text + `"`
			if before[0] != "" {
				doc = "[" + before[0] + "," + doc + "]"
				want = "[" + before[1] + "," + want + "]"
			}
			c := new(canon)
			c.in = []byte(doc)
			if err := c.parse(); err != nil {
				t.Fatalf("%d bytes after %q: %v", size, before[0], err)
			}
			if len(c.text) > maxText {
				t.Errorf("strings of %d bytes in all (the last after %q): c.text holds %d bytes, more than maxText %d",
					size, before[0], len(c.text), maxText)
			}
			decoded := decodedStrings(c)
			if last := decoded[len(decoded)-1]; last != (size <= maxText) {
				t.Errorf("strings of %d bytes in all (the last after %q): the last decoded by the parse pass: %v, want %v",
					size, before[0], last, size <= maxText)
			}
			rec := hashRecorder{in: c.in, text: c.text}
			c.writeTo(&rec, "", false)
			if rec.String() != want {
				t.Errorf("strings of %d bytes in all (the last after %q): streamed %d bytes, want %d", size, before[0], rec.Len(), len(want))
			}
			if got, err := CanonicalJSON([]byte(doc)); err != nil || string(got) != want {
				t.Errorf("strings of %d bytes in all (the last after %q): CanonicalJSON gave %d bytes, %v; want %d",
					size, before[0], len(got), err, len(want))
			}
		}
	}
}
