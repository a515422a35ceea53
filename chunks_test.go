package agentidemp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"strings"
	"testing"
)

// readChunks reads r into the chunks of a held body, as req.Body with a
// ContentLength of size is read without GetBody, and returns them.
func readChunks(r io.Reader, size, limit int64) (chunks, error) {
	b, err := new(bodyScratch).hold(context.Background(), r, size, limit, false)
	return b.c, err
}

// pieceReader gives data in pieces of the sizes in sizes, in turn (as much
// as p holds when it is smaller), then what is left in one piece.
type pieceReader struct {
	data  []byte
	sizes []int
}

func (r *pieceReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := len(r.data)
	if len(r.sizes) > 0 {
		n = min(n, r.sizes[0])
		r.sizes = r.sizes[1:]
	}
	n = copy(p[:min(len(p), n)], r.data)
	r.data = r.data[n:]
	return n, nil
}

// pieceWriterTo is a pieceReader that writes itself out piece by piece.
type pieceWriterTo struct{ *pieceReader }

func (r pieceWriterTo) WriteTo(w io.Writer) (int64, error) {
	total := int64(0)
	for len(r.data) > 0 {
		n := len(r.data)
		if len(r.sizes) > 0 {
			n = min(n, r.sizes[0])
			r.sizes = r.sizes[1:]
		}
		m, err := w.Write(r.data[:n])
		total += int64(m)
		r.data = r.data[n:]
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// pieces reads r to its end as net/http's transport copies a body (with a
// buffer of copyBufLen bytes) and returns the sizes of its reads and the
// bytes.
func pieces(r io.Reader) ([]int, []byte) {
	var sizes []int
	var all []byte
	buf := make([]byte, copyBufLen)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			sizes = append(sizes, n)
			all = append(all, buf[:n]...)
		}
		if err != nil {
			return sizes, all
		}
	}
}

// TestHeldPieces: a body held gives back its bytes in the pieces its reader
// gave them in, to a reader with net/http's buffer: for random sizes (up to
// copyBufLen, and runs of equal ones), any length and ContentLength, read
// or written out through WriteTo.
func TestHeldPieces(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 300; i++ {
		data := make([]byte, rng.Intn(300<<10))
		rng.Read(data)
		var sizes []int
		for total := 0; total < len(data); {
			n := 1 + rng.Intn([]int{10, 1000, copyBufLen}[rng.Intn(3)])
			for k := rng.Intn(4); k >= 0; k-- { // runs of equal sizes
				sizes = append(sizes, n)
				total += n
			}
		}
		claim := []int64{-1, 0, int64(len(data)), int64(len(data) / 2), int64(len(data)) + 100}[rng.Intn(5)]
		writesTo := rng.Intn(2) == 0
		var src io.Reader = &pieceReader{data, sizes}
		if writesTo {
			src = pieceWriterTo{&pieceReader{data, sizes}}
		}
		want, _ := pieces(&pieceReader{data, sizes})
		b, err := new(bodyScratch).hold(context.Background(), src, claim, -1, false)
		if err != nil {
			t.Fatal(err)
		}
		got, all := pieces(b.reader())
		name := fmt.Sprintf("%d bytes, ContentLength %d, WriteTo %v", len(data), claim, writesTo)
		if !bytes.Equal(all, data) {
			t.Fatalf("%s: the body held gives %d other bytes", name, len(all))
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: pieces\n%v\nwant\n%v", name, got, want)
		}
		runs := 0 // one for each piece of another size than the one before
		for k := range want {
			if k == 0 || want[k] != want[k-1] {
				runs++
			}
		}
		if len(b.runs) != runs {
			t.Fatalf("%s: %d runs recorded for %d sizes in a row", name, len(b.runs), runs)
		}
		for k, c := range b.c {
			if k < len(b.c)-1 && len(c) != cap(c) {
				t.Fatalf("%s: chunk %d of %d not full", name, k, len(b.c))
			}
		}
	}
}

// TestHeldPiecesSmallReads: a reader asking for less than a piece gets it
// in parts, and never more than the rest of the piece.
func TestHeldPiecesSmallReads(t *testing.T) {
	data := bytes.Repeat([]byte("abcdefghij"), 100)
	b, err := new(bodyScratch).hold(context.Background(), &pieceReader{data, []int{3, 300, 7}}, -1, -1, false)
	if err != nil {
		t.Fatal(err)
	}
	r := b.reader()
	var got []int
	buf := make([]byte, 100)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			got = append(got, n)
		}
		if err != nil {
			break
		}
	}
	if want := "[3 100 100 100 7 100 100 100 100 100 100 90]"; fmt.Sprint(got) != want {
		t.Errorf("reads of 100 bytes: %v, want %s", got, want)
	}
}

// TestHeldPiecesBound: a reader that changes the size of its pieces at
// every read has the first maxRuns of them recorded and the rest given as
// large as asked for; the runs never outgrow their bound.
func TestHeldPiecesBound(t *testing.T) {
	data := make([]byte, 200<<10)
	var sizes []int
	for total := 0; total < len(data); total += 1 + len(sizes)%50 {
		sizes = append(sizes, 1+len(sizes)%50)
	}
	b, err := new(bodyScratch).hold(context.Background(), &pieceReader{data, sizes}, -1, -1, false)
	if err != nil {
		t.Fatal(err)
	}
	if bound := maxRuns(int64(len(data))); int64(len(b.runs)) > bound {
		t.Fatalf("%d runs recorded, more than %d", len(b.runs), bound)
	}
	got, all := pieces(b.reader())
	if !bytes.Equal(all, data) {
		t.Fatal("the body held gives other bytes")
	}
	k := len(b.runs)
	if fmt.Sprint(got[:k]) != fmt.Sprint(sizes[:k]) {
		t.Errorf("the first %d pieces are %v, want %v", k, got[:k], sizes[:k])
	}
	for _, n := range got[k+1 : len(got)-1] {
		if n != copyBufLen {
			t.Fatalf("past the recorded pieces: %v, want pieces of %d", got[k:], copyBufLen)
		}
	}
}

// TestHeldProbe: where net/http reads one byte first, the body is held in
// a piece of one byte and then in the pieces of reads of copyBufLen bytes,
// without its WriteTo (which would give a piece of 5000 bytes first), as
// the transport reads the rest.
func TestHeldProbe(t *testing.T) {
	data := make([]byte, 100<<10)
	src := pieceWriterTo{&pieceReader{data, []int{5000}}}
	b, err := new(bodyScratch).hold(context.Background(), src, -1, -1, true)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := pieces(b.reader())
	if want := fmt.Sprint([]int{1, copyBufLen, copyBufLen, copyBufLen, len(data) - 1 - 3*copyBufLen}); fmt.Sprint(got) != want {
		t.Errorf("pieces %v, want %s", got, want)
	}
}

// TestHeldChunkSizes: a ContentLength of n sizes the chunks to hold the
// rest of n and one byte more, 1 MiB at most each; past it, or without
// one, chunks double from firstChunk; a claim larger than the body costs
// one chunk of maxChunk bytes at most.
func TestHeldChunkSizes(t *testing.T) {
	for _, tc := range []struct {
		n, claim int64
		want     []int
	}{
		{10, 10, []int{11}},
		{10, -1, []int{firstChunk}},
		{10, 0, []int{firstChunk}},
		{10, 1 << 30, []int{maxChunk}},
		{3 << 20, 3 << 20, []int{maxChunk, maxChunk, maxChunk}},
		{3<<20 + 5, 3 << 20, []int{maxChunk, maxChunk, maxChunk, firstChunk}},
		{5<<19 + 1, 5 << 19, []int{maxChunk, maxChunk, 1<<19 + 1}},
		{maxChunk + 1, maxChunk - 1, []int{maxChunk, firstChunk}},
		{20 << 10, 100, []int{101, firstChunk, 2 * firstChunk, 4 * firstChunk}},
	} {
		c, err := readChunks(bytes.NewReader(make([]byte, tc.n)), tc.claim, -1)
		var got []int
		for _, p := range c {
			got = append(got, cap(p))
		}
		if err != nil || fmt.Sprint(got) != fmt.Sprint(tc.want) || c.len() != int(tc.n) {
			t.Errorf("%d bytes, ContentLength %d: chunks %v holding %d bytes, %v; want %v", tc.n, tc.claim, got, c.len(), err, tc.want)
		}
	}
}

// TestHeldPastLimit: the piece that crosses the limit is held whole, so
// that nothing read is lost, and the error matches ErrBodyTooLarge.
func TestHeldPastLimit(t *testing.T) {
	data := make([]byte, 100<<10)
	for _, writesTo := range []bool{false, true} {
		var src io.Reader = &pieceReader{data, []int{1000, 60 << 10}}
		if writesTo {
			src = pieceWriterTo{&pieceReader{data, []int{1000, 60 << 10}}}
		}
		b, err := new(bodyScratch).hold(context.Background(), src, -1, 2000, false)
		want := 1000 + copyBufLen
		if writesTo {
			want = 1000 + 60<<10
		}
		if !errors.Is(err, ErrBodyTooLarge) || b.c.len() != want {
			t.Errorf("WriteTo %v: %d bytes held, %v; want %d and ErrBodyTooLarge", writesTo, b.c.len(), err, want)
		}
	}
}

// readChunks takes a ContentLength of 0 (unknown, for a client's request
// with a body), -1, or one past the limit as no length: its first chunk is
// then firstChunk bytes; a known length gets one chunk of size+1 bytes.
func TestReadChunksSizes(t *testing.T) {
	const body = "0123456789"
	for _, tc := range []struct {
		size, limit int64
		want        int
	}{{0, -1, firstChunk}, {-1, -1, firstChunk}, {10, -1, 11}, {10, 10, 11}, {10, 9, firstChunk}} {
		c, err := readChunks(strings.NewReader(body), tc.size, tc.limit)
		if tc.size > tc.limit && tc.limit >= 0 {
			if !errors.Is(err, ErrBodyTooLarge) {
				t.Errorf("size %d, limit %d: error %v, want ErrBodyTooLarge", tc.size, tc.limit, err)
			}
		} else if err != nil || len(c) != 1 || string(c[0]) != body {
			t.Errorf("size %d, limit %d: %d chunks, %v; want one with the body", tc.size, tc.limit, len(c), err)
		}
		if len(c) > 0 && cap(c[0]) != tc.want {
			t.Errorf("size %d, limit %d: first chunk of %d bytes, want %d", tc.size, tc.limit, cap(c[0]), tc.want)
		}
	}
}

// A body that turns out empty is put back as http.NoBody, with a GetBody
// that gives http.NoBody: the request is sent with no body rather than as
// an empty body of unknown length.
func TestEmptyBodyBecomesNoBody(t *testing.T) {
	for _, ct := range []string{"application/json", "application/octet-stream"} {
		req := newRequest(t, "POST", "/v1/x", ct, "")
		req.Body = io.NopCloser(strings.NewReader(""))
		if _, err := RequestKey(req); err != nil {
			t.Fatal(err)
		}
		if req.Body != http.NoBody {
			t.Errorf("%s: req.Body is a %T, want http.NoBody", ct, req.Body)
		}
		if req.GetBody == nil {
			t.Errorf("%s: no GetBody", ct)
		} else if b, err := req.GetBody(); err != nil || b != http.NoBody {
			t.Errorf("%s: GetBody() = %T, %v; want http.NoBody", ct, b, err)
		}
	}
}

// TestHeldOddReaders: a reader that gives nothing forever stops at the
// context's end, checked before each read; one whose one-byte probe
// reports -1 bytes does not crash the call.
func TestHeldOddReaders(t *testing.T) {
	ctx := &doneAfter{Context: context.Background(), n: 50}
	req, err := http.NewRequestWithContext(ctx, "POST", "http://h/v1/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	req.Body = funcBody(func([]byte) (int, error) {
		if reads++; reads > 1000 {
			return 0, io.EOF // so that a missed check fails the test, not hangs it
		}
		return 0, nil
	})
	if _, err := RequestKey(req); !errors.Is(err, context.Canceled) || strings.Count(err.Error(), "agentidemp:") != 1 {
		t.Errorf("a reader that gives nothing: %v, want one agentidemp error matching context.Canceled", err)
	}
	req, err = http.NewRequest("DELETE", "http://h/v1/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Body = funcBody(func([]byte) (int, error) { return -1, io.EOF })
	req.ContentLength = -1
	if _, err := (RequestKeys{Methods: []string{"DELETE"}}).RequestKey(req); err != nil {
		t.Errorf("a probe that reports -1 bytes: %v", err)
	}
}
