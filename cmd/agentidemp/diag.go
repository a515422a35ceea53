package main

import (
	"bytes"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// excerptWidth is the most columns of an offending line that a diagnostic
// shows, besides the "..." markers of a cut.
const excerptWidth = 72

// appendDiagnostic appends to dst the report of a problem at byte offset off
// of data: the line "NAME:LINE:COLUMN: msg", the line of data holding off
// (cut to excerptWidth columns around it), and a caret line. off is clamped
// to [0, len(data)]; len(data) points just past the last byte.
func appendDiagnostic(dst []byte, name string, data []byte, off int, msg string) []byte {
	if off < 0 {
		off = 0
	}
	if off > len(data) {
		off = len(data)
	}
	line, col, start, end := position(data, off)
	dst = append(dst, name...)
	dst = append(dst, ':')
	dst = strconv.AppendInt(dst, int64(line), 10)
	dst = append(dst, ':')
	dst = strconv.AppendInt(dst, int64(col), 10)
	dst = append(dst, ": "...)
	dst = append(dst, msg...)
	dst = append(dst, '\n')
	return appendExcerpt(dst, data[start:end], off-start)
}

// position returns the 1-based line and byte column of offset off in data,
// counting only '\n' as a line break, and the bounds [start, end) of that
// line without its '\n'.
func position(data []byte, off int) (line, col, start, end int) {
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	start = bytes.LastIndexByte(data[:off], '\n') + 1
	end = len(data)
	if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
		end = off + i
	}
	return line, off - start + 1, start, end
}

// excerptBytes is the most bytes of the offending line that a diagnostic
// shows. No unit of an excerpt but a mark, which takes no column, has more
// than four bytes a column (a narrow character beyond U+FFFF has four bytes
// in one column), so this binds only on runs of marks.
const excerptBytes = 4 * excerptWidth

// nextUnit returns the length in bytes of the first unit of b and the
// columns it takes, and whether it is shown as text. A unit is a character
// that is valid UTF-8 and graphic (unicode.IsGraphic: letters, marks,
// numbers, punctuation, symbols and spaces), or a tab, shown as itself; or
// else a character that is valid UTF-8 but not graphic (a C0 or C1 control
// character, DEL, a format character such as a bidirectional control, a
// zero-width space or joiner or U+FEFF, U+2028 and U+2029, a private-use or
// unassigned character), or a single byte that is not valid UTF-8, shown
// as one \xNN escape of four columns for each of its bytes. Nothing that a
// terminal could interpret, hide or reorder is shown as itself.
func nextUnit(b []byte) (size, cols int, text bool) {
	r, size := utf8.DecodeRune(b)
	cols, text = look(r, size)
	return size, cols, text
}

// lastUnit is nextUnit for the last unit of b.
func lastUnit(b []byte) (size, cols int, text bool) {
	r, size := utf8.DecodeLastRune(b)
	cols, text = look(r, size)
	return size, cols, text
}

// look returns the columns that the character r, decoded from size bytes,
// takes in an excerpt, and whether it is shown as text (see nextUnit).
// A tab counts as one column: the caret line copies it, so the caret lines
// up whatever the terminal's tab stops.
func look(r rune, size int) (cols int, text bool) {
	switch {
	case r == '\t':
		return 1, true
	case r == utf8.RuneError && size == 1, !unicode.IsGraphic(r):
		return 4 * size, false
	}
	return runeWidth(r), true
}

// appendExcerpt appends line, or a part of it excerptWidth columns wide
// around byte at, and a caret line pointing at byte at (at == len(line)
// points just past the end). Half the width goes before the caret, unless
// the line ends sooner after it. The part starts and ends between units
// (see nextUnit), and so does byte at: a character that holds byte at
// other than as its first byte is shown as escapes, so the caret can stand
// under the very byte. The caret line copies the tabs before the caret and
// has a space for every other column, counting display width: two columns
// for a wide character (see runeWidth), none for a mark.
func appendExcerpt(dst, line []byte, at int) []byte {
	lo, hi, used := at, at, 1 // past the end, the caret takes a blank column
	if at < len(line) {
		size, cols, _ := nextUnit(line[at:])
		hi, used = at+size, max(cols, 1)
	}
	// Units before at are read from line[:at], so that none spans it.
	left := func(limit int) {
		for lo > 0 {
			size, cols, _ := lastUnit(line[:lo])
			if used+cols > limit || hi-lo+size > excerptBytes {
				return
			}
			lo, used = lo-size, used+cols
		}
	}
	left(excerptWidth / 2)
	for hi < len(line) {
		size, cols, _ := nextUnit(line[hi:])
		if used+cols > excerptWidth || hi-lo+size > excerptBytes {
			break
		}
		hi, used = hi+size, used+cols
	}
	left(excerptWidth)
	// After a cut, marks whose base was cut off would draw on the "...".
	for lo > 0 && lo < at {
		size, cols, text := nextUnit(line[lo:at])
		if cols != 0 || !text {
			break
		}
		lo += size
	}

	if lo > 0 {
		dst = append(dst, "..."...)
	}
	for i := lo; i < hi; {
		end := hi
		if i < at {
			end = at
		}
		size, _, text := nextUnit(line[i:end])
		if text {
			dst = append(dst, line[i:i+size]...)
		} else {
			for _, b := range line[i : i+size] {
				dst = append(dst, '\\', 'x', hexDigits[b>>4], hexDigits[b&0x0f])
			}
		}
		i += size
	}
	if hi < len(line) {
		dst = append(dst, "..."...)
	}
	dst = append(dst, '\n')

	if lo > 0 {
		dst = append(dst, "   "...)
	}
	for i := lo; i < at; {
		size, cols, _ := nextUnit(line[i:at])
		if line[i] == '\t' {
			dst = append(dst, '\t')
		} else {
			for ; cols > 0; cols-- {
				dst = append(dst, ' ')
			}
		}
		i += size
	}
	return append(dst, "^\n"...)
}

const hexDigits = "0123456789abcdef"
