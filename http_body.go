// Reading request bodies into the key: the pooled scratch memory, the
// three ways to the body's bytes (a copy from GetBody, an in-memory reader
// read in place, or req.Body itself, held in chunks.go), and the body put
// back on the request.

package agentidemp

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"net/http"
	"slices"
	"sync"
)

// bodyScratch is the memory that computing one request key needs, pooled
// so that, once warm, a key costs the same few allocations whatever the
// size of the body.
type bodyScratch struct {
	// buf carries the prefix and non-JSON bodies from GetBody into the
	// hash, which streams them: such a body is never held whole. A body
	// held to be sent again is read through it, copyBufLen bytes a read.
	buf [copyBufLen]byte
	// ctx reads a copy from GetBody, failing once the request's context
	// is done; it holds no reader between calls.
	ctx ctxReader
	// pieces takes an in-memory copy from GetBody (see stream); it holds
	// nothing between calls.
	pieces pieceWriter
	// sha256 and sha1 are reset and reused; sum receives their digest.
	sha256, sha1 hash.Hash
	sum          [sha256.Size]byte
	// multipart parses multipart bodies; nil until the first.
	multipart *multipartHash
	// shape, scope and parts are the key's shape and the preimage's
	// prefix, from which the raw fallback of a multipart body that does
	// not parse starts over (see fallback); recycle empties scope and parts.
	shape KeyShape
	scope string
	parts [3]string
	// omit is RequestKeys.Omit, read for the call.
	omit omitList
	// json holds a JSON body while it is canonicalized: the canonicalizer
	// needs the whole document in one piece. Its bytes never leave the
	// call (unless detached, see hashFromGetBody), so the next call can
	// reuse the buffer.
	json []byte
	// strikes counts the calls in a row that used little of json; see
	// keepScratch.
	strikes int
}

var bodyPool = sync.Pool{New: func() any { return new(bodyScratch) }}

func getBodyScratch() *bodyScratch { return bodyPool.Get().(*bodyScratch) }

func putBodyScratch(s *bodyScratch) {
	s.recycle()
	bodyPool.Put(s)
}

// recycle empties s.json, or drops it by the retention rule (see
// keepScratch).
func (s *bodyScratch) recycle() {
	if !keepScratch(&s.strikes, cap(s.json), len(s.json)) {
		s.json = nil
	}
	s.json = s.json[:0]
	s.scope, s.parts = "", [3]string{}
}

// errNoURL is the error of RequestKey for a request without a URL, which
// has no target to hash.
var errNoURL = errors.New("agentidemp: the request has no URL, so no target to key")

// key writes the key of req to b and returns its length, and the body that
// takes the place of req.Body, on success and on error (see bodySwap). send
// is set for the copy that Middleware and Transport send, which must be
// framed and sent as req would be (see hashFromBody), and clear for
// RequestKey, which leaves req re-sendable.
func (k RequestKeys) key(b *[UUIDKeyLen]byte, req *http.Request, send bool) (n int, put bodySwap, err error) {
	if k.Shape != HexKey && k.Shape != UUIDKey {
		return 0, put, fmt.Errorf("agentidemp: unknown KeyShape %d", int(k.Shape))
	}
	if req.URL == nil {
		return 0, put, errNoURL
	}
	limit := k.maxBody()
	hasBody := req.Body != nil && req.Body != http.NoBody
	if hasBody && limit >= 0 && req.ContentLength > limit {
		return 0, put, bodyTooLarge(limit)
	}
	s := getBodyScratch()
	defer putBodyScratch(s)

	// The preimage: scope || 0x00 || METHOD || 0x00 || target || 0x00,
	// then body'.
	s.shape = k.Shape
	if s.scope, err = k.scope(req); err != nil {
		return 0, put, err
	}
	if err = s.omit.set(k.Omit); err != nil {
		return 0, put, err
	}
	s.parts = [3]string{sentMethod(req), req.URL.RequestURI(), ""}
	h := s.start()
	if hasBody {
		ct := contentType(req.Header)
		// A multipart type is keyed by its parts even when its subtype
		// ends in +json: the body is framed by its boundary either way.
		params, multipart, framed := multipartParams(ct)
		isJSON := !multipart && isJSONType(ct)
		if multipart {
			if s.multipart == nil {
				s.multipart = new(multipartHash)
			}
			s.multipart.reset(h, params, framed && soleContentType(req.Header))
			h = s.multipart
		}
		var copied bool
		put, copied, err = s.hashFromGetBody(h, req, isJSON, limit, send)
		if !copied {
			// The copy sent carries an in-memory body as it is; any other
			// is held, and so is RequestKey's, to be given a GetBody.
			var mem io.Reader
			if send {
				mem = inMemory(req.Body)
			}
			if mem != nil {
				err = s.hashInMemory(req.Context(), h, mem, isJSON, limit)
				if err == nil {
					if raw, unparsed := s.fallback(h); unparsed {
						err = s.hashInMemory(req.Context(), raw, mem, false, limit)
					}
				}
			} else {
				put, err = s.hashFromBody(h, req, isJSON, limit, send)
			}
		}
		if err != nil {
			return 0, put, err
		}
	}
	return s.encode(b, h), put, nil
}

// start returns the hash of s.shape, reset, with the namespace written for
// UUIDKey and then the preimage's prefix.
func (s *bodyScratch) start() hash.Hash {
	var h hash.Hash
	if s.shape == UUIDKey {
		if s.sha1 == nil {
			s.sha1 = sha1.New()
		}
		h = s.sha1
		h.Reset()
		h.Write(dnsNamespace[:])
	} else {
		if s.sha256 == nil {
			s.sha256 = sha256.New()
		}
		h = s.sha256
		h.Reset()
	}
	s.writeLayout(h, scopedLayout[string]{scope: s.scope, parts: s.parts[:]})
	return h
}

// fallback reports whether h is a multipart hash of a non-empty body that
// did not parse, whose body' is then 0x00 || the raw body: it starts that
// over in the hash that h writes to (so that h's digest becomes the key),
// and returns it for the caller to write the raw body to.
func (s *bodyScratch) fallback(h hash.Hash) (hash.Hash, bool) {
	m, ok := h.(*multipartHash)
	if !ok || m.ok() || !m.wrote {
		return nil, false
	}
	raw := s.start()
	raw.Write(zeroByte[:])
	return raw, true
}

// zeroByte starts the raw fallback of a multipart body.
var zeroByte [1]byte

// writeLayout writes the bytes of l, a copy, to h through s.buf.
func (s *bodyScratch) writeLayout(h hash.Hash, l scopedLayout[string]) {
	for {
		n := l.fill(s.buf[:])
		h.Write(s.buf[:n])
		if n < len(s.buf) {
			return
		}
	}
}

// encode writes the key of h's digest in s.shape to b and returns its length.
func (s *bodyScratch) encode(b *[UUIDKeyLen]byte, h hash.Hash) int {
	h.Sum(s.sum[:0])
	if s.shape == UUIDKey {
		var u UUID
		copy(u[:], s.sum[:16])
		u.setVersion(5)
		encodeUUID(b, &u)
		return UUIDKeyLen
	}
	encodeHexKey((*[HexKeyLen]byte)(b[:HexKeyLen]), &s.sum)
	return HexKeyLen
}

// A bodySwap is the body that takes the place of req.Body once the key is
// computed, and the GetBody that comes with it when it replaces req.GetBody
// too. A nil body keeps req.Body, a nil GetBody req.GetBody.
type bodySwap struct {
	body    io.ReadCloser
	getBody func() (io.ReadCloser, error)
}

// putBack puts the body on r.
func (p bodySwap) putBack(r *http.Request) {
	if p.body != nil {
		r.Body = p.body
	}
	if p.getBody != nil {
		r.GetBody = p.getBody
	}
}

// hashFromGetBody writes body' to h from a copy of the body that GetBody
// gives, and returns the body to send: a second copy from GetBody, called
// after the first was read (GetBody may rewind and return the very reader
// it returned before, or the one in req.Body). copied is false, and
// nothing was read, when there is no GetBody or its first call fails or
// returns nil.
//
// Neither the copy read nor req.Body is closed before the body sent is:
// either may be that very reader, or share its state, and nothing can tell.
// The body sent closes them when it is closed (see sentBody).
//
// When the second call fails or returns nil, a JSON body is sent from the
// bytes held to canonicalize it, as an in-memory reader over them, which
// net/http sends as it does the readers of http.NewRequest; any other body
// was streamed, so its bytes are gone, and req.Body may have been read with
// the copy: the error says so, and req.Body and the copy are closed.
func (s *bodyScratch) hashFromGetBody(h hash.Hash, req *http.Request, isJSON bool, limit int64, send bool) (put bodySwap, copied bool, err error) {
	if req.GetBody == nil {
		return put, false, nil
	}
	first, gerr := req.GetBody()
	if gerr != nil || first == nil {
		return put, false, nil
	}
	s.ctx = ctxReader{req.Context(), first}
	if isJSON {
		s.json, err = readBody(s.json[:0], &s.ctx, req.ContentLength, limit)
		if err == nil {
			s.hashJSON(h, s.json)
		}
	} else {
		err = s.stream(h, req.Context(), first, limit)
	}
	s.ctx = ctxReader{}
	var extra io.ReadCloser
	if err == nil {
		if raw, unparsed := s.fallback(h); unparsed {
			extra, err = s.rawFromGetBody(raw, req, limit)
		}
	}
	if err != nil {
		return bodySwap{body: closing(req.Body, first, extra)}, true, err
	}
	again, gerr := req.GetBody()
	if gerr == nil && again != nil {
		return bodySwap{body: closing(again, first, req.Body, extra)}, true, nil
	}
	if gerr == nil {
		gerr = errors.New("GetBody returned a nil body")
	}
	if !isJSON {
		return bodySwap{body: closing(req.Body, first, extra)}, true,
			fmt.Errorf("agentidemp: GetBody failed after it had given the body to hash, which was streamed and not kept: %w", gerr)
	}
	// The bytes held leave the pool with the request.
	held := s.json
	s.json = nil
	closing(first, req.Body).Close()
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(held)), nil }
	put.body, _ = open()
	if !send {
		put.getBody = open
	}
	return put, true, nil
}

// rawFromGetBody writes the raw bytes of another copy from GetBody to raw,
// for a multipart body that did not parse, and returns that copy, to be
// closed with the body sent (it may share state with it). It is asked for
// before the copy to send, which a GetBody that rewinds a shared reader
// would otherwise leave read to its end.
func (s *bodyScratch) rawFromGetBody(raw hash.Hash, req *http.Request, limit int64) (io.ReadCloser, error) {
	extra, err := req.GetBody()
	if err == nil && extra == nil {
		err = errors.New("GetBody returned a nil body")
	}
	if err != nil {
		return nil, fmt.Errorf("agentidemp: GetBody failed when asked again for the raw bytes of a multipart body that does not parse: %w", err)
	}
	return extra, s.stream(raw, req.Context(), extra, limit)
}

// hashFromBody writes body' to h from req.Body, read to its end (see hold),
// and returns the body to send in its place (see heldBody.swap). req.Body
// is closed once read. On error, the body returned gives the bytes read so
// far and then the rest of req.Body, which it closes when closed.
//
// The body held is read as net/http's transport reads a request body, and
// gives back its bytes in the same pieces, so that the copy Middleware and
// Transport send goes out with the same framing, chunk for chunk, as req
// would; its ContentLength is req's, so a body longer or shorter than it
// claims fails in the transport as req's would.
func (s *bodyScratch) hashFromBody(h hash.Hash, req *http.Request, isJSON bool, limit int64, send bool) (bodySwap, error) {
	b, err := s.hold(req.Context(), req.Body, req.ContentLength, limit, probes(req))
	if err != nil {
		return bodySwap{body: readCloser{io.MultiReader(b.reader(), req.Body), req.Body}}, err
	}
	req.Body.Close()
	switch c := b.c; {
	case !isJSON:
		for _, p := range c {
			h.Write(p)
		}
		if raw, unparsed := s.fallback(h); unparsed {
			for _, p := range c {
				raw.Write(p)
			}
		}
	case len(c) <= 1:
		var p []byte
		if len(c) == 1 {
			p = c[0]
		}
		s.hashJSON(h, p)
	default:
		// The canonicalizer needs the document in one piece: the one
		// contiguous copy, in the pooled buffer.
		s.json = slices.Grow(s.json[:0], c.len())
		for _, p := range c {
			s.json = append(s.json, p...)
		}
		s.hashJSON(h, s.json)
	}
	return b.swap(send), nil
}

// stream writes the body r, a copy from GetBody, to h, holding none of it,
// and checks ctx before each piece of copyBufLen bytes: a copy that is an
// in-memory reader gives its bytes in place, through its WriteTo method
// (see pieceWriter); any other is read through s.buf.
func (s *bodyScratch) stream(h hash.Hash, ctx context.Context, r io.ReadCloser, limit int64) error {
	if wt, ok := inMemory(r).(io.WriterTo); ok {
		s.pieces = pieceWriter{h: h, ctx: ctx, limit: limit, buf: s.buf[:]}
		_, err := wt.WriteTo(&s.pieces)
		s.pieces = pieceWriter{}
		return err
	}
	s.ctx = ctxReader{ctx, r}
	defer func() { s.ctx = ctxReader{} }()
	for total := int64(0); ; {
		n, done, err := readOnce(&s.ctx, s.buf[:], total, limit)
		h.Write(s.buf[:n])
		total += int64(n)
		if done {
			return err
		}
	}
}

// hashJSON writes body' of the JSON-typed body data to h: its canonical
// form less the members that s.omit names, when the canonicalizer accepts
// it, else data itself.
func (s *bodyScratch) hashJSON(h hash.Hash, data []byte) {
	if writeCanonical(h, data, &s.omit) == nil {
		return
	}
	h.Write(data)
}

// readOnce makes one Read call of r into p, after total bytes read before,
// giving it no more room than limit+1 bytes in all (when limit >= 0):
// enough to tell a body of limit bytes from a longer one. done reports
// that the body has ended, with err nil at io.EOF, an error matching
// ErrBodyTooLarge past the limit, or one that wraps the reader's.
func readOnce(r io.Reader, p []byte, total, limit int64) (n int, done bool, err error) {
	if limit >= 0 && int64(len(p)) > limit+1-total {
		p = p[:limit+1-total]
	}
	n, err = r.Read(p)
	switch {
	case limit >= 0 && total+int64(n) > limit:
		return n, true, bodyTooLarge(limit)
	case err == io.EOF:
		return n, true, nil
	case err != nil:
		return n, true, readError(err)
	}
	return n, false, nil
}

// readBody appends r's bytes to dst until io.EOF, and returns the extended
// buffer, reading at most limit+1 bytes (see readOnce). size > 0 is the
// expected length, which is trusted no further than the bytes that arrive:
// when dst is full, it grows first by min(size+1, maxChunk) bytes, then to
// twice its length each time it is full again (to len+size+1 at most while
// fewer than size bytes were read). Without a size, the first growth is
// firstChunk bytes. Reading n bytes into an empty dst so allocates at most
// 4n + maxChunk bytes in all, the last buffer at most 2n + maxChunk. Each
// read asks for copyBufLen bytes at most, so that r's context, when r is a
// ctxReader, is checked that often.
func readBody(dst []byte, r io.Reader, size, limit int64) ([]byte, error) {
	want, first := -1, firstChunk // want: len(dst)+size+1, when size is known
	if knownSize(size, limit) && size < int64(math.MaxInt-len(dst)) {
		want, first = len(dst)+int(size)+1, int(min(size+1, maxChunk))
	}
	for {
		if len(dst) == cap(dst) {
			grow := max(len(dst), first)
			if want > len(dst) {
				grow = min(grow, want-len(dst))
			}
			grown := make([]byte, len(dst), len(dst)+grow)
			copy(grown, dst)
			dst, first = grown, 0
		}
		room := dst[len(dst):min(cap(dst), len(dst)+copyBufLen)]
		n, done, err := readOnce(r, room, int64(len(dst)), limit)
		dst = dst[:len(dst)+n]
		if done {
			return dst, err
		}
	}
}

// knownSize reports whether size, a request's ContentLength, is a length
// to size buffers by: positive and within the limit.
func knownSize(size, limit int64) bool {
	return size > 0 && (limit < 0 || size <= limit)
}

// A ctxReader is a reader that fails with the error of its context once
// the context is done, checked before each read.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
