// Reading request bodies into the key: the pooled scratch memory, the two
// ways to the body's bytes (a copy from GetBody, or req.Body itself), and
// the body put back on the request.

package agentidemp

import (
	"crypto/sha1"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// bodyScratch is the memory that computing one request key needs, pooled
// so that, once warm, a key costs the same few allocations whatever the
// size of the body.
type bodyScratch struct {
	// buf carries the prefix and non-JSON bodies from GetBody into the
	// hash, which streams them: such a body is never held whole.
	buf [16 << 10]byte
	// sha256 and sha1 are reset and reused; sum receives their digest.
	// The second of each hashes the raw fallback of a multipart body.
	sha256, sha1 [2]hash.Hash
	sum          [sha256.Size]byte
	// multipart parses multipart bodies; nil until the first.
	multipart *multipartHash
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
}

// key writes the key of req to b and returns its length, and the body that
// takes the place of req.Body, on success and on error (see bodySwap).
func (k RequestKeys) key(b *[UUIDKeyLen]byte, req *http.Request) (n int, put bodySwap, err error) {
	if k.Shape != HexKey && k.Shape != UUIDKey {
		return 0, put, fmt.Errorf("agentidemp: unknown KeyShape %d", int(k.Shape))
	}
	limit := k.maxBody()
	hasBody := req.Body != nil && req.Body != http.NoBody
	if hasBody && limit >= 0 && req.ContentLength > limit {
		return 0, put, bodyTooLarge(limit)
	}
	s := getBodyScratch()
	defer putBodyScratch(s)

	h := s.hash(k.Shape, 0)
	scope := ""
	if k.Scope != nil {
		scope = k.Scope(req)
	}
	// The preimage: scope || 0x00 || METHOD || 0x00 || target || 0x00,
	// then body'.
	prefix := scopedLayout[string]{scope: scope, parts: []string{sentMethod(req), req.URL.RequestURI(), ""}}
	s.writeLayout(h, prefix)
	if hasBody {
		ct := contentType(req.Header)
		// A multipart type is keyed by its parts even when its subtype
		// ends in +json: the body is framed by its boundary either way.
		params, multipart := multipartParams(ct)
		isJSON := !multipart && isJSONType(ct)
		if multipart {
			h = s.multipartHash(h, k.Shape, prefix, params, soleContentType(req.Header))
		}
		var copied bool
		put, copied, err = s.hashFromGetBody(h, req, isJSON, limit)
		if !copied {
			put, err = s.hashFromBody(h, req, isJSON, limit)
		}
		if err != nil {
			return 0, put, err
		}
	}
	return s.encode(b, h, k.Shape), put, nil
}

// hash returns the i-th hash of shape, reset, with the namespace written
// for UUIDKey.
func (s *bodyScratch) hash(shape KeyShape, i int) hash.Hash {
	if shape == UUIDKey {
		if s.sha1[i] == nil {
			s.sha1[i] = sha1.New()
		}
		s.sha1[i].Reset()
		s.sha1[i].Write(dnsNamespace[:])
		return s.sha1[i]
	}
	if s.sha256[i] == nil {
		s.sha256[i] = sha256.New()
	}
	s.sha256[i].Reset()
	return s.sha256[i]
}

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

// multipartHash returns a hash of prefix and body' of a multipart body
// whose Content-Type has the parameters params, and is the request's sole
// Content-Type value when sole is true (see multipart.go); h holds prefix
// already.
func (s *bodyScratch) multipartHash(h hash.Hash, shape KeyShape, prefix scopedLayout[string], params string, sole bool) hash.Hash {
	raw := s.hash(shape, 1)
	s.writeLayout(raw, prefix)
	if s.multipart == nil {
		s.multipart = new(multipartHash)
	}
	s.multipart.reset(h, raw, params, sole)
	return s.multipart
}

// encode writes the key of h's digest in shape to b and returns its length.
func (s *bodyScratch) encode(b *[UUIDKeyLen]byte, h hash.Hash, shape KeyShape) int {
	h.Sum(s.sum[:0])
	if shape == UUIDKey {
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
// too. A nil body keeps req.Body.
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
// bytes held to canonicalize it; any other body was streamed, so its bytes
// are gone, and req.Body may have been read with the copy: the error says
// so, and req.Body and the copy are closed.
func (s *bodyScratch) hashFromGetBody(h hash.Hash, req *http.Request, isJSON bool, limit int64) (put bodySwap, copied bool, err error) {
	if req.GetBody == nil {
		return put, false, nil
	}
	first, gerr := req.GetBody()
	if gerr != nil || first == nil {
		return put, false, nil
	}
	if isJSON {
		s.json, err = readBody(s.json[:0], first, req.ContentLength, limit)
		if err == nil {
			hashBody(h, s.json, true)
		}
	} else {
		err = s.stream(h, first, limit)
	}
	if err != nil {
		return bodySwap{body: closing(req.Body, first)}, true, err
	}
	again, gerr := req.GetBody()
	if gerr == nil && again != nil {
		return bodySwap{body: closing(again, first, req.Body)}, true, nil
	}
	if gerr == nil {
		gerr = errors.New("GetBody returned a nil body")
	}
	if !isJSON {
		return bodySwap{body: closing(req.Body, first)}, true,
			fmt.Errorf("agentidemp: GetBody failed after it had given the body to hash, which was streamed and not kept: %w", gerr)
	}
	// The bytes held leave the pool with the request.
	held := chunks{s.json}
	s.json = nil
	closing(first, req.Body).Close()
	return held.swap(), true, nil
}

// hashFromBody writes body' to h from req.Body, read to its end in chunks
// (see readChunks), and returns the body to send: a reader over the chunks,
// with a GetBody that returns another. req.Body is closed once read. On
// error, the body returned gives the bytes read so far and then the rest
// of req.Body, which it closes when closed.
func (s *bodyScratch) hashFromBody(h hash.Hash, req *http.Request, isJSON bool, limit int64) (bodySwap, error) {
	c, err := readChunks(req.Body, req.ContentLength, limit)
	if err != nil {
		return bodySwap{body: readCloser{io.MultiReader(c.reader(), req.Body), req.Body}}, err
	}
	req.Body.Close()
	switch {
	case !isJSON:
		for _, p := range c {
			h.Write(p)
		}
	case len(c) == 1:
		hashBody(h, c[0], true)
	default:
		// The canonicalizer needs the document in one piece: the one
		// contiguous copy, in the pooled buffer.
		s.json = slices.Grow(s.json[:0], c.len())
		for _, p := range c {
			s.json = append(s.json, p...)
		}
		hashBody(h, s.json, true)
	}
	return c.swap(), nil
}

// stream writes the body r to h through s.buf, holding none of it.
func (s *bodyScratch) stream(h hash.Hash, r io.Reader, limit int64) error {
	for total := int64(0); ; {
		n, done, err := readOnce(r, s.buf[:], total, limit)
		h.Write(s.buf[:n])
		total += int64(n)
		if done {
			return err
		}
	}
}

// hashBody writes body' of data to h: its canonical form when it is JSON
// that the canonicalizer accepts, else data itself.
func hashBody(h hash.Hash, data []byte, isJSON bool) {
	if isJSON && writeCanonical(h, data) == nil {
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
// expected length, allocated at once.
func readBody(dst []byte, r io.Reader, size, limit int64) ([]byte, error) {
	if knownSize(size, limit) && size < int64(math.MaxInt-len(dst)) {
		if need := len(dst) + int(size) + 1; need > cap(dst) {
			grown := make([]byte, len(dst), need)
			copy(grown, dst)
			dst = grown
		}
	}
	for {
		if len(dst) == cap(dst) {
			dst = append(dst, 0)[:len(dst)]
		}
		n, done, err := readOnce(r, dst[len(dst):cap(dst)], int64(len(dst)), limit)
		dst = dst[:len(dst)+n]
		if done {
			return dst, err
		}
	}
}

// knownSize reports whether size, a request's ContentLength, is a length
// to allocate at once: positive and within the limit.
func knownSize(size, limit int64) bool {
	return size > 0 && (limit < 0 || size <= limit)
}

// The chunks of a body read by readChunks double in size from firstChunk
// up to maxChunk bytes.
const (
	firstChunk = 4 << 10
	maxChunk   = 1 << 20
)

// chunks are the bytes of a body, in order.
type chunks [][]byte

// readChunks reads r to its end (at most limit+1 bytes, see readOnce) into
// new chunks: one of size+1 bytes when size is a known length, else chunks
// that double from firstChunk to maxChunk bytes, so that what is read is
// never copied. All chunks but the last are full. Reading n bytes so
// allocates at most min(2n+firstChunk, n+maxChunk) bytes of chunks (each
// chunk is allocated once the ones before, at least half its size, are
// full), and n+1 for a known length. On error it returns what it read.
func readChunks(r io.Reader, size, limit int64) (chunks, error) {
	next := firstChunk
	if knownSize(size, limit) && size < math.MaxInt {
		next = int(size) + 1
	}
	var c chunks
	var total int64
	for {
		p := make([]byte, 0, next)
		for len(p) < cap(p) {
			n, done, err := readOnce(r, p[len(p):cap(p)], total, limit)
			p = p[:len(p)+n]
			total += int64(n)
			if done {
				return append(c, p), err
			}
		}
		c = append(c, p)
		next = min(2*next, maxChunk)
	}
}

// len returns the number of bytes in c.
func (c chunks) len() int {
	n := 0
	for _, p := range c {
		n += len(p)
	}
	return n
}

// reader returns a reader over the bytes of c.
func (c chunks) reader() *chunkReader { return &chunkReader{c: c} }

// swap returns the body that carries the bytes of c: a reader over them
// and a GetBody that returns another; http.NoBody when there are none.
// The bytes were allocated for this request and are never reused: the
// transport may still read them after the call returns (HTTP/2 writes the
// body concurrently, and a response can arrive before the body is
// written), and GetBody may be called for retries and redirects at any
// time, so no moment is known after which a pool could have them back.
func (c chunks) swap() bodySwap {
	for _, p := range c {
		if len(p) > 0 {
			return bodySwap{c.reader(), func() (io.ReadCloser, error) { return c.reader(), nil }}
		}
	}
	return bodySwap{http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }}
}

// A chunkReader reads the bytes of its chunks in order. Close does
// nothing.
type chunkReader struct {
	c   chunks
	off int // in c[0]
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.c) > 0 && r.off == len(r.c[0]) {
		r.c, r.off = r.c[1:], 0
	}
	if len(r.c) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.c[0][r.off:])
	r.off += n
	return n, nil
}

func (r *chunkReader) Close() error { return nil }

// readCloser is a body read from one reader and closed through another.
type readCloser struct {
	io.Reader
	c io.Closer
}

func (r readCloser) Close() error { return r.c.Close() }

// closing returns body, made to close the others as well when it is
// closed: each once, after body, and none that is body itself or an
// earlier one of them (see sameReader), nor one whose Close does nothing
// (io.NopCloser's, http.NoBody). When there is nothing else to close it
// returns body itself.
func closing(body io.ReadCloser, others ...io.ReadCloser) io.ReadCloser {
	var keep [2]io.ReadCloser
	n := 0
	for _, o := range others {
		if o == nil || o == http.NoBody || isNopCloser(o) || sameReader(o, body) {
			continue
		}
		dup := false
		for _, seen := range keep[:n] {
			dup = dup || sameReader(o, seen)
		}
		if !dup {
			keep[n] = o
			n++
		}
	}
	if n == 0 {
		return body
	}
	return &sentBody{ReadCloser: body, others: keep, n: n}
}

// A sentBody is a body that closes up to two other readers after itself:
// the copy from GetBody that was read for the key, and the request's
// original body, which the body sent may share state with.
type sentBody struct {
	io.ReadCloser
	others [2]io.ReadCloser
	n      int
	once   sync.Once
}

func (b *sentBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(func() {
		for _, o := range b.others[:b.n] {
			o.Close()
		}
	})
	return err
}

// The types of the values io.NopCloser returns: one for readers that
// implement io.WriterTo, one for the others.
var nopCloserTypes = [2]reflect.Type{
	reflect.TypeOf(io.NopCloser(nil)),
	reflect.TypeOf(io.NopCloser(strings.NewReader(""))),
}

// isNopCloser reports whether r was made by io.NopCloser, whose Close does
// nothing.
func isNopCloser(r io.ReadCloser) bool {
	t := reflect.TypeOf(r)
	return t == nopCloserTypes[0] || t == nopCloserTypes[1]
}

// sameReader reports whether a and b are provably the same reader: equal
// interface values of one dynamic type whose values == can compare
// without panicking. Values that == cannot compare (func-typed readers, or
// structs holding them, as io.NopCloser around one) are never the same.
func sameReader(a, b io.ReadCloser) bool {
	return reflect.TypeOf(a) == reflect.TypeOf(b) && reflect.ValueOf(a).Comparable() && a == b
}
