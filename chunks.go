// Bodies held to be sent again: the chunks that hold the bytes of a body
// read without GetBody, the sizes of the pieces its reader gave them in, and
// the reader that gives them back in those pieces.

package agentidemp

import (
	"context"
	"io"
	"math"
	"net/http"
)

// copyBufLen is the size of the buffer through which net/http's transport
// copies a request body to the connection (io.Copy's): each read of a body
// that it makes asks for this many bytes, unless the body writes itself
// out with WriteTo. In a chunked body each piece so read becomes a chunk on
// the wire.
const copyBufLen = 32 << 10

// The chunks of a held body double in size from firstChunk up to maxChunk
// bytes; with a ContentLength of n, the first is min(n+1, maxChunk) bytes
// and the next ones take the rest of n, maxChunk bytes at most each.
const (
	firstChunk = 4 << 10
	maxChunk   = 1 << 20
)

// chunks are the bytes of a body, in order.
type chunks [][]byte

// len returns the number of bytes in c.
func (c chunks) len() int {
	n := 0
	for _, p := range c {
		n += len(p)
	}
	return n
}

// A run is count pieces of size bytes each, read in a row.
type run struct{ size, count uint32 }

// A heldBody is the bytes of a request body, in chunks all full but the
// last, and the sizes of the pieces in which its reader gave them, in runs
// of equal sizes. runs covers the first pieces, or all of them (see
// holder.record); the bytes after those were given in pieces not recorded.
type heldBody struct {
	c    chunks
	runs []run
	// idle: the body's first Read, net/http's one-byte probe, gave no byte
	// and no error, which the transport takes as nothing learnt; the
	// reader's first Read does the same.
	idle bool
}

// A holder is the io.Writer that a body is copied into, a piece at a time,
// to be held: the bytes go into chunks allocated as they arrive, and the
// size of each piece into the runs. Write fails once the body is past the
// limit or the context is done; the piece that tells is held all the same,
// so that nothing read is lost.
type holder struct {
	heldBody
	ctx   context.Context
	limit int64 // -1 for none
	total int64 // bytes held
	room  int64 // bytes of the chunks allocated
	claim int64 // the ContentLength when it is a length to size chunks by, else 0
	next  int   // the size of the next chunk past the claim
	full  bool  // no more runs are recorded
	err   error
}

func (h *holder) Write(p []byte) (int, error) {
	if h.err != nil {
		return 0, h.err
	}
	h.store(p)
	if h.limit >= 0 && h.total > h.limit {
		h.err = bodyTooLarge(h.limit)
	} else if err := h.ctx.Err(); err != nil {
		h.err = readError(err)
	}
	return len(p), h.err
}

// store holds the piece p.
func (h *holder) store(p []byte) {
	if len(p) == 0 {
		return
	}
	h.record(len(p))
	h.total += int64(len(p))
	for len(p) > 0 {
		last := len(h.c) - 1
		if last < 0 || len(h.c[last]) == cap(h.c[last]) {
			size := h.chunkSize()
			h.c = append(h.c, make([]byte, 0, size))
			h.room += int64(size)
			last++
		}
		c := h.c[last]
		n := copy(c[len(c):cap(c)], p)
		h.c[last] = c[:len(c)+n]
		p = p[n:]
	}
}

// chunkSize returns the size of the next chunk: the rest of the claim and
// one byte more, at most maxChunk; past the claim, next, which doubles up
// to maxChunk.
func (h *holder) chunkSize() int {
	if h.claim > h.room {
		return int(min(h.claim-h.room, maxChunk-1) + 1)
	}
	size := h.next
	h.next = min(2*h.next, maxChunk)
	return size
}

// maxRuns is the number of runs a held body of total bytes may record:
// 64, and one more for each 128 bytes, so that the runs (8 bytes each) take
// at most 512 bytes and 1/16 of the bytes held.
func maxRuns(total int64) int64 { return 64 + total/128 }

// record adds a piece of n bytes to the runs. A reader that gives pieces of
// ever-changing sizes, far smaller than net/http asks for, would have the
// runs outgrow the bytes: past maxRuns, or at a piece of 4 GiB or more, no
// more pieces are recorded.
func (h *holder) record(n int) {
	switch k := len(h.runs); {
	case h.full:
	case k > 0 && int64(h.runs[k-1].size) == int64(n) && h.runs[k-1].count < math.MaxUint32:
		h.runs[k-1].count++
	case int64(k) < maxRuns(h.total) && int64(n) <= math.MaxUint32:
		h.runs = append(h.runs, run{uint32(n), 1})
	default:
		h.full = true
	}
}

// hold copies src to its end into a held body as net/http's transport
// copies a request body to the connection, so that the body held gives the
// same pieces, which a chunked body turns into its chunks: with src's
// WriteTo when it has one, else by reads of copyBufLen bytes through s.buf.
// probe makes the first read one byte, as the transport's is for a body of
// unknown length on a method that usually has none (see probes).
//
// size is req.ContentLength: a positive size within the limit sizes the
// chunks (see chunkSize), and is trusted no further than the bytes that
// arrive, so that n bytes held take at most n + maxChunk bytes of chunks,
// n + 1 when size is n, and min(2n + firstChunk, n + maxChunk) without a
// size. The context is checked before the first read and after each piece,
// and the limit after each piece: past it, or once the context is done,
// hold stops with an error and returns what it read. A WriteTo may write
// any number of bytes past the limit in one piece; those are held too.
func (s *bodyScratch) hold(ctx context.Context, src io.Reader, size, limit int64, probe bool) (heldBody, error) {
	h := holder{ctx: ctx, limit: limit, next: firstChunk}
	if knownSize(size, limit) {
		h.claim = size
	}
	if err := ctx.Err(); err != nil {
		return h.heldBody, readError(err)
	}
	wt, writesTo := src.(io.WriterTo)
	var err error
	if probe {
		// The transport reads the rest without WriteTo, unless the byte
		// read is neither there nor refused.
		var n int
		n, err = src.Read(s.buf[:1])
		n = max(0, min(n, 1)) // a reader that breaks io.Reader's contract
		h.Write(s.buf[:n])
		h.idle = n == 0 && err == nil
		writesTo = writesTo && h.idle
	}
	switch {
	case err != nil || h.err != nil:
	case writesTo:
		_, err = wt.WriteTo(&h)
	default:
		err = s.copyPieces(&h, src)
	}
	switch {
	case h.err != nil:
		err = h.err
	case err == io.EOF:
		err = nil
	case err != nil:
		err = readError(err)
	}
	return h.heldBody, err
}

// copyPieces copies src to h as io.CopyBuffer does with a buffer of
// copyBufLen bytes, and returns src's error or h's.
func (s *bodyScratch) copyPieces(h *holder, src io.Reader) error {
	buf := s.buf[:copyBufLen]
	for {
		if err := h.ctx.Err(); err != nil {
			return err // before each read, for a reader that gives nothing
		}
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := h.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if err != nil {
			return err
		}
	}
}

// probes reports whether net/http's transport reads one byte of the body of
// req before the rest, to tell an empty body of unknown length from
// another: for a method that usually has no body, a body of unknown length
// and no Transfer-Encoding set.
func probes(req *http.Request) bool {
	if req.ContentLength > 0 || len(req.TransferEncoding) > 0 {
		return false
	}
	switch sentMethod(req) {
	case "GET", "HEAD", "DELETE", "OPTIONS", "PROPFIND", "SEARCH":
		return true
	}
	return false
}

// reader returns a reader over the bytes of b in its pieces.
func (b heldBody) reader() *heldReader {
	return &heldReader{c: b.c, runs: b.runs, idle: b.idle}
}

// swap returns the body that carries the bytes of b. For the copy that
// Middleware and Transport send (send set), it is a reader over them, even
// an empty one, which net/http sends as an empty chunked body as it does
// the caller's, and no GetBody. For RequestKey, whose req.Body it becomes,
// it comes with a GetBody that returns another, and is http.NoBody when
// there are no bytes.
//
// The bytes were allocated for this request and are never reused: the
// transport may still read them after the call returns (HTTP/2 writes the
// body concurrently, and a response can arrive before the body is
// written), and GetBody may be called for retries and redirects at any
// time, so no moment is known after which a pool could have them back.
func (b heldBody) swap(send bool) bodySwap {
	switch {
	case send:
		return bodySwap{body: b.reader()}
	case b.c.len() == 0:
		return bodySwap{http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }}
	}
	return bodySwap{b.reader(), func() (io.ReadCloser, error) { return b.reader(), nil }}
}

// A heldReader gives the bytes of a held body in the pieces recorded: each
// Read gives at most the rest of the current piece, and past the recorded
// pieces as much as p holds. A transport reading it with a buffer of
// copyBufLen bytes so gets each piece whole when it is no larger. Close
// does nothing.
type heldReader struct {
	c     chunks
	off   int // in c[0]
	runs  []run
	cur   run // what is left of the current run
	piece int // bytes left in the current piece; -1 past the recorded ones
	idle  bool
}

func (r *heldReader) Read(p []byte) (int, error) {
	if len(p) == 0 || r.idle {
		r.idle = false
		return 0, nil
	}
	if r.piece == 0 {
		if r.cur.count == 0 && len(r.runs) > 0 {
			r.cur, r.runs = r.runs[0], r.runs[1:]
		}
		r.piece = -1
		if r.cur.count > 0 {
			r.cur.count--
			r.piece = int(r.cur.size)
		}
	}
	want := len(p)
	if r.piece > 0 && r.piece < want {
		want = r.piece
	}
	n := 0
	for n < want {
		for len(r.c) > 0 && r.off == len(r.c[0]) {
			r.c, r.off = r.c[1:], 0
		}
		if len(r.c) == 0 {
			break
		}
		m := copy(p[n:want], r.c[0][r.off:])
		r.off += m
		n += m
	}
	if r.piece > 0 {
		r.piece -= n
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (r *heldReader) Close() error { return nil }
