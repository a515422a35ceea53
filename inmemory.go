// Bodies that net/http knows to be in memory: hashed in place, without
// being read, so that the very reader is sent.

package agentidemp

import (
	"bytes"
	"context"
	"hash"
	"io"
	"reflect"
	"slices"
	"strings"
)

// inMemory returns the reader in body when body is io.NopCloser around one
// of the readers that net/http knows to hold their bytes in memory
// (*bytes.Reader, *strings.Reader, *bytes.Buffer), which its transport
// sends without flushing the headers first and writes out in one piece;
// nil otherwise.
func inMemory(body io.ReadCloser) io.Reader {
	var r io.Reader = body
	for {
		switch v := r.(type) {
		case *bytes.Reader, *strings.Reader, *bytes.Buffer:
			if reflect.ValueOf(v).IsNil() {
				return nil
			}
			return r
		case io.ReadCloser:
			if !isNopCloser(v) {
				return nil
			}
			r, _ = reflect.ValueOf(v).Field(0).Interface().(io.Reader)
		default:
			return nil
		}
	}
}

// hashInMemory writes body' of the unread bytes of r, an in-memory reader
// (see inMemory), to h without reading r, so that r is sent as it is. It
// checks ctx first, and then before each further piece of copyBufLen bytes
// of a body that is not JSON-typed (a JSON body goes to the canonicalizer
// in one piece).
func (s *bodyScratch) hashInMemory(ctx context.Context, h hash.Hash, r io.Reader, isJSON bool, limit int64) error {
	var data []byte
	var at interface {
		io.ReaderAt
		Len() int
		Size() int64
	}
	switch r := r.(type) {
	case *bytes.Buffer:
		data = r.Bytes()
	case *bytes.Reader:
		at = r
	case *strings.Reader:
		at = r
	}
	n, from := len(data), int64(0)
	if at != nil {
		n = at.Len()
		from = at.Size() - int64(n)
	}
	if limit >= 0 && int64(n) > limit {
		return bodyTooLarge(limit)
	}
	if err := ctx.Err(); err != nil {
		return readError(err)
	}
	if isJSON {
		if at != nil {
			s.json = slices.Grow(s.json[:0], n)[:n]
			at.ReadAt(s.json, from)
			data = s.json
		}
		s.hashJSON(h, data)
		return nil
	}
	for off := 0; off < n; off += copyBufLen {
		if off > 0 {
			if err := ctx.Err(); err != nil {
				return readError(err)
			}
		}
		p := s.buf[:min(copyBufLen, n-off)]
		if at != nil {
			at.ReadAt(p, from+int64(off))
		} else {
			p = data[off : off+len(p)]
		}
		h.Write(p)
	}
	return nil
}

// A pieceWriter takes the bytes that an in-memory reader's WriteTo gives
// it and writes them to h in pieces of copyBufLen bytes, checking ctx
// before each and failing past limit bytes in all (when limit >= 0), as
// reading the body through a buffer would. WriteString, which
// strings.Reader's WriteTo calls, copies each piece to buf.
type pieceWriter struct {
	h     hash.Hash
	ctx   context.Context
	limit int64
	total int64
	buf   []byte
}

func (w *pieceWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k, err := w.piece(len(p))
		if err != nil {
			return n, err
		}
		w.h.Write(p[:k])
		n += k
		p = p[k:]
	}
	return n, nil
}

func (w *pieceWriter) WriteString(p string) (int, error) {
	n := 0
	for len(p) > 0 {
		k, err := w.piece(len(p))
		if err != nil {
			return n, err
		}
		w.h.Write(w.buf[:copy(w.buf[:k], p)])
		n += k
		p = p[k:]
	}
	return n, nil
}

// piece returns the length of the next piece of a write of n bytes, or the
// error that stops the body there.
func (w *pieceWriter) piece(n int) (int, error) {
	if err := w.ctx.Err(); err != nil {
		return 0, readError(err)
	}
	k := min(n, copyBufLen, len(w.buf))
	if w.limit >= 0 && w.total+int64(k) > w.limit {
		return 0, bodyTooLarge(w.limit)
	}
	w.total += int64(k)
	return k, nil
}
