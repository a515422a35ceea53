// Reading request bodies into the key: the pooled scratch memory, the two
// ways of reading (streamed or held) and the bodies put back on requests.

package agentidemp

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"net/http"
	"reflect"
	"sync"
)

// bodyScratch is the memory that computing one request key needs, pooled
// so that, once warm, a key costs the same few allocations whatever the
// size of the body.
type bodyScratch struct {
	// buf carries the prefix and non-JSON bodies into the hash, which
	// streams them: such a body is never held whole.
	buf [16 << 10]byte
	// sha256 and sha1 are reset and reused; sum receives their digest.
	// The second of each hashes the raw fallback of a multipart body.
	sha256, sha1 [2]hash.Hash
	sum          [sha256.Size]byte
	// multipart parses multipart bodies; nil until the first.
	multipart *multipartHash
	// json holds a JSON body read from GetBody while it is canonicalized:
	// the canonicalizer needs the whole document. Its bytes never leave
	// the call, so the buffer can be reused by the next one.
	json []byte
	// strikes counts the calls in a row that used less than half of json's
	// capacity; see putBodyScratch.
	strikes int
}

var bodyPool = sync.Pool{New: func() any { return new(bodyScratch) }}

func getBodyScratch() *bodyScratch { return bodyPool.Get().(*bodyScratch) }

// Buffers of up to keepJSON bytes are always kept. A larger one is dropped
// after dropAfter calls in a row that each needed less than half of it, so
// that one huge body does not pin its memory while smaller ones follow,
// and a buffer that serves a steady stream of large bodies is kept.
const (
	keepJSON  = 64 << 10
	dropAfter = 4
)

func putBodyScratch(s *bodyScratch) {
	s.trim()
	bodyPool.Put(s)
}

// trim empties s.json for reuse, or drops it after dropAfter calls in a row
// that used less than half of a buffer larger than keepJSON.
func (s *bodyScratch) trim() {
	if c := cap(s.json); c > keepJSON && c/2 > len(s.json) {
		s.strikes++
	} else {
		s.strikes = 0
	}
	if s.strikes >= dropAfter {
		s.json, s.strikes = nil, 0
	}
	s.json = s.json[:0]
}

// heldBody is a body read from req.Body: data to put back on the request
// on success, or on error the bytes read so far (partial) and the original
// body (orig) to read the rest from.
type heldBody struct {
	ok      bool
	data    []byte
	partial []byte
	orig    io.ReadCloser
	// fresh is a copy of the body from GetBody, to send in place of
	// req.Body.
	fresh io.ReadCloser
}

// swap puts the fresh copy from GetBody in place of the body of r, and
// closes the body it replaces unless that is the same reader.
func (h heldBody) swap(r *http.Request) {
	if r.Body != nil && !sameBody(r.Body, h.fresh) {
		r.Body.Close()
	}
	r.Body = h.fresh
}

// sameBody reports whether a and b are the same reader, without the panic
// that == gives for values of one type that is not comparable.
func sameBody(a, b io.ReadCloser) bool {
	ta := reflect.TypeOf(a)
	return ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}

// body returns a body over the held bytes and a GetBody that returns
// another. The bytes were allocated for this request and are never reused:
// the transport may still read them after the call returns (HTTP/2 writes
// the body concurrently, and a response can arrive before the body is
// written), and GetBody may be called for retries and redirects at any
// time, so no moment is known after which a pool could have them back.
func (h heldBody) body() (io.ReadCloser, func() (io.ReadCloser, error)) {
	data := h.data
	if len(data) == 0 {
		return http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
	}
	return nopBody{bytes.NewReader(data)},
		func() (io.ReadCloser, error) { return nopBody{bytes.NewReader(data)}, nil }
}

// restore returns a body that gives the bytes read so far and then the
// rest of the original body, and closes the original.
func (h heldBody) restore() io.ReadCloser {
	return restoredBody{io.MultiReader(bytes.NewReader(h.partial), h.orig), h.orig}
}

type restoredBody struct {
	io.Reader
	c io.Closer
}

func (r restoredBody) Close() error { return r.c.Close() }

// key writes the key of req to b and returns its length. When it had to
// read req.Body (no GetBody, or GetBody failed), it returns the bytes read
// in held: on success, held.ok is set and req.Body has been closed; on
// error, req.Body is not closed and held.partial has the bytes read from it.
// When it hashed a copy from GetBody, held.fresh is another copy to send.
func (k RequestKeys) key(b *[UUIDKeyLen]byte, req *http.Request) (n int, held heldBody, err error) {
	if k.Shape != HexKey && k.Shape != UUIDKey {
		return 0, held, fmt.Errorf("agentidemp: unknown KeyShape %d", int(k.Shape))
	}
	limit := k.maxBody()
	if req.Body != nil && req.Body != http.NoBody && limit >= 0 && req.ContentLength > limit {
		return 0, held, bodyTooLarge(limit)
	}
	s := getBodyScratch()
	defer putBodyScratch(s)

	scope := ""
	if k.Scope != nil {
		scope = k.Scope(req)
	}
	target := req.URL.RequestURI()
	h := s.keyHash(k.Shape, 0)
	s.writePrefix(h, scope, req.Method, target)

	ct := req.Header.Get("Content-Type")
	isJSON := isJSONType(ct)
	if params, ok := multipartParams(ct); ok {
		h = s.multipartHash(h, k.Shape, scope, req.Method, target, params)
	}
	if req.Body != nil && req.Body != http.NoBody {
		var rc io.ReadCloser
		if req.GetBody != nil {
			if c, gerr := req.GetBody(); gerr == nil && c != nil {
				rc = c
			}
		}
		if rc != nil {
			err = s.hashReader(h, rc, isJSON, req.ContentLength, limit)
			rc.Close()
			if err != nil {
				return 0, held, err
			}
			// Some clients' GetBody rewinds and returns the very reader
			// that is in req.Body (go-retryablehttp for an io.ReadSeeker,
			// openai-go for a *bytes.Reader), which hashing has just read
			// to its end; so the body sent is another copy from GetBody.
			// For a GetBody that returns independent copies, this is one
			// more copy of the same bytes.
			fresh, gerr := req.GetBody()
			if gerr == nil && fresh == nil {
				gerr = errors.New("nil body")
			}
			if gerr != nil {
				return 0, held, fmt.Errorf("agentidemp: GetBody failed after it had given the body to hash: %w", gerr)
			}
			held.fresh = fresh
		} else {
			data, rerr := readBody(nil, req.Body, req.ContentLength, limit)
			if rerr != nil {
				held.partial, held.orig = data, req.Body
				return 0, held, rerr
			}
			req.Body.Close()
			held.ok, held.data = true, data
			hashBody(h, data, isJSON)
		}
	}

	h.Sum(s.sum[:0])
	if k.Shape == UUIDKey {
		var u UUID
		copy(u[:], s.sum[:16])
		u.setVersion(5)
		encodeUUID(b, &u)
		return UUIDKeyLen, held, nil
	}
	encodeHexKey((*[HexKeyLen]byte)(b[:HexKeyLen]), &s.sum)
	return HexKeyLen, held, nil
}

// keyHash returns the i-th hasher of the key shape, reset, with the UUID
// namespace written for UUIDKey.
func (s *bodyScratch) keyHash(shape KeyShape, i int) hash.Hash {
	if shape == UUIDKey {
		if s.sha1[i] == nil {
			s.sha1[i] = sha1.New()
		}
		h := s.sha1[i]
		h.Reset()
		h.Write(NamespaceAnthropic[:])
		return h
	}
	if s.sha256[i] == nil {
		s.sha256[i] = sha256.New()
	}
	h := s.sha256[i]
	h.Reset()
	return h
}

// multipartHash returns a hash of the prefix in h and body' of a multipart
// body whose Content-Type has the parameters params (see multipart.go).
func (s *bodyScratch) multipartHash(h hash.Hash, shape KeyShape, scope, method, target, params string) hash.Hash {
	raw := s.keyHash(shape, 1)
	s.writePrefix(raw, scope, method, target)
	if s.multipart == nil {
		s.multipart = new(multipartHash)
	}
	s.multipart.reset(h, raw, params)
	return s.multipart
}

// writePrefix writes scope || 0x00 || method || 0x00 || target || 0x00 to h
// through s.buf.
func (s *bodyScratch) writePrefix(h hash.Hash, scope, method, target string) {
	n := 0
	for _, p := range [...]string{scope, method, target} {
		for len(p) > 0 {
			if n == len(s.buf) {
				h.Write(s.buf[:])
				n = 0
			}
			c := copy(s.buf[n:], p)
			n += c
			p = p[c:]
		}
		if n == len(s.buf) {
			h.Write(s.buf[:])
			n = 0
		}
		s.buf[n] = 0
		n++
	}
	h.Write(s.buf[:n])
}

// hashReader writes body' of the body r, of length size when size > 0, to
// h. A JSON body is held in s.json for the canonicalizer; any other streams
// through s.buf.
func (s *bodyScratch) hashReader(h hash.Hash, r io.Reader, isJSON bool, size, limit int64) error {
	if isJSON {
		data, err := readBody(s.json[:0], r, size, limit)
		s.json = data
		if err != nil {
			return err
		}
		hashBody(h, data, isJSON)
		return nil
	}
	var total int64
	for {
		n, err := r.Read(s.buf[:])
		h.Write(s.buf[:n])
		total += int64(n)
		if limit >= 0 && total > limit {
			return bodyTooLarge(limit)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return readError(err)
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

// readBody appends r's bytes to dst until io.EOF, and returns the extended
// buffer. It reads at most limit+1 bytes (when limit >= 0), enough to tell
// a body of limit bytes from a longer one, which returns an error matching
// ErrBodyTooLarge. size > 0 is the expected length, allocated at once.
func readBody(dst []byte, r io.Reader, size, limit int64) ([]byte, error) {
	if size > 0 && (limit < 0 || size <= limit) && size < int64(math.MaxInt-len(dst)) {
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
		end := cap(dst)
		if limit >= 0 && int64(end) > limit+1 {
			end = int(limit + 1)
		}
		n, err := r.Read(dst[len(dst):end])
		dst = dst[:len(dst)+n]
		if limit >= 0 && int64(len(dst)) > limit {
			return dst, bodyTooLarge(limit)
		}
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst, readError(err)
		}
	}
}
