package main

import (
	"bytes"
	"strconv"
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

// shown reports whether b appears as itself in an excerpt; any other byte
// appears as \xNN.
func shown(b byte) bool { return b == '\t' || (b >= 0x20 && b < 0x7f) }

// width returns the number of columns that b takes in an excerpt (a tab
// counts as one: the caret line copies it, so it lines up either way).
func width(b byte) int {
	if shown(b) {
		return 1
	}
	return 4
}

// appendExcerpt appends line, or a part of it excerptWidth columns wide
// around byte at, and a caret line pointing at byte at (at == len(line)
// points just past the end). Half the width goes before the caret, unless
// the line ends sooner after it.
func appendExcerpt(dst, line []byte, at int) []byte {
	lo, hi, used := at, at, 1 // past the end, the caret takes a blank column
	if at < len(line) {
		hi, used = at+1, width(line[at])
	}
	for lo > 0 && used+width(line[lo-1]) <= excerptWidth/2 {
		lo--
		used += width(line[lo])
	}
	for hi < len(line) && used+width(line[hi]) <= excerptWidth {
		used += width(line[hi])
		hi++
	}
	for lo > 0 && used+width(line[lo-1]) <= excerptWidth {
		lo--
		used += width(line[lo])
	}

	const hexDigits = "0123456789abcdef"
	if lo > 0 {
		dst = append(dst, "..."...)
	}
	for _, b := range line[lo:hi] {
		if shown(b) {
			dst = append(dst, b)
		} else {
			dst = append(dst, '\\', 'x', hexDigits[b>>4], hexDigits[b&0x0f])
		}
	}
	if hi < len(line) {
		dst = append(dst, "..."...)
	}
	dst = append(dst, '\n')

	if lo > 0 {
		dst = append(dst, "   "...)
	}
	for _, b := range line[lo:at] {
		switch {
		case b == '\t':
			dst = append(dst, '\t')
		case shown(b):
			dst = append(dst, ' ')
		default:
			dst = append(dst, "    "...)
		}
	}
	return append(dst, "^\n"...)
}
