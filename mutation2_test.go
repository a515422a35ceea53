package agentidemp

import (
	"bytes"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// A limit equal to the room of a read buffer: the body of a streamed copy
// from GetBody (s.buf), and the doubling chunks of a body of unknown length
// (firstChunk, then firstChunk+2*firstChunk in two chunks). A body of
// exactly MaxBody bytes is keyed and one byte more is refused, however its
// length is told.
func TestLimitAtBufferSizes(t *testing.T) {
	for _, limit := range []int{firstChunk, 3 * firstChunk, len(bodyScratch{}.buf)} {
		for _, n := range []int{limit, limit + 1} {
			body := strings.Repeat("z", n)
			want := refRequestKey("", "POST", "/v1/x", "application/octet-stream", []byte(body), HexKey)
			for _, size := range []int64{int64(n), -1} {
				for _, getBody := range []bool{true, false} {
					req := newRequest(t, "POST", "/v1/x", "application/octet-stream", body)
					req.ContentLength = size
					if !getBody {
						req.GetBody = nil
					}
					got, err := RequestKeys{MaxBody: int64(limit)}.RequestKey(req)
					if n == limit && (err != nil || got != want) || n > limit && !errors.Is(err, ErrBodyTooLarge) {
						t.Errorf("MaxBody %d, body %d bytes, ContentLength %d, GetBody %v: %s, %v", limit, n, size, getBody, got, err)
					}
				}
			}
		}
	}
}

// asciiEqualFold folds the 26 ASCII letters and nothing else: checked on
// every pair of bytes against bytes.EqualFold, which agrees with it on
// ASCII.
func TestASCIIEqualFoldEveryByte(t *testing.T) {
	for a := 0; a < 256; a++ {
		for b := 0; b < 256; b++ {
			x, y := []byte{byte(a)}, []byte{byte(b)}
			want := a == b
			if a < 0x80 && b < 0x80 {
				want = bytes.EqualFold(x, y)
			}
			if got := asciiEqualFold(string(x), string(y)); got != want {
				t.Errorf("asciiEqualFold(%q, %q) = %v, want %v", x, y, got, want)
			}
		}
	}
}

// A Content-Type that starts with ';' has an empty media type, whatever
// the parameters hold.
func TestMediaTypeLeadingSemicolon(t *testing.T) {
	for _, ct := range []string{";a/b+json", "; application/json", ";multipart/form-data; boundary=x"} {
		if mt, params := mediaType(ct); mt != "" || params != ct {
			t.Errorf("mediaType(%q) = %q, %q; want \"\", the whole value", ct, mt, params)
		}
		if isJSONType(ct) {
			t.Errorf("isJSONType(%q) = true", ct)
		}
	}
}

// A reader may return its last bytes together with io.EOF: bytes past
// MaxBody that come so are refused too, on every path (req.Body read into
// chunks, a copy from GetBody read whole for JSON or streamed otherwise).
func TestLimitLastReadWithEOF(t *testing.T) {
	const payload = `{"b":[1,2,3],"a":"x"}`
	n := len(payload)
	for _, ct := range []string{"application/json", "application/octet-stream"} {
		want := refRequestKey("", "POST", "/v1/x", ct, []byte(payload), HexKey)
		for _, limit := range []int{n, n - 1} {
			for _, getBody := range []bool{true, false} {
				req := newRequest(t, "POST", "/v1/x", ct, "")
				open := func() (io.ReadCloser, error) {
					return io.NopCloser(iotest.DataErrReader(strings.NewReader(payload))), nil
				}
				req.Body, _ = open()
				req.ContentLength = -1
				if getBody {
					req.GetBody = open
				}
				got, err := RequestKeys{MaxBody: int64(limit)}.RequestKey(req)
				if limit == n && (err != nil || got != want) || limit < n && !errors.Is(err, ErrBodyTooLarge) {
					t.Errorf("%s, MaxBody %d, GetBody %v: %s, %v", ct, limit, getBody, got, err)
				}
			}
		}
	}
}

// decodeHex4 against strconv on every string of up to five bytes drawn
// from the hex digits at each end of their ranges and the bytes beside them.
func TestDecodeHex4Exhaustive(t *testing.T) {
	const alphabet = "/09:@AFG`afg"
	var h []byte
	var walk func()
	walk = func() {
		n := 0
		for n < len(h) && n < 4 && strings.IndexByte("0123456789abcdefABCDEF", h[n]) >= 0 {
			n++
		}
		var want uint64
		if n > 0 {
			want, _ = strconv.ParseUint(string(h[:n]), 16, 32)
		}
		if r, got := decodeHex4(h); got != n || uint64(r) != want {
			t.Fatalf("decodeHex4(%q) = %#x, %d; want %#x, %d", h, r, got, want, n)
		}
		if len(h) == 5 {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			h = append(h, alphabet[i])
			walk()
			h = h[:len(h)-1]
		}
	}
	walk()
}

// readBody allocates a known length at once, when dst is full: what dst
// holds, then room for size bytes and the one more that tells a longer
// body, and no more.
func TestReadBodyKnownSize(t *testing.T) {
	for _, size := range []int{1, 5000, 100000} {
		body := strings.Repeat("r", size)
		for _, prefix := range []string{"", "ab"} {
			dst := []byte(prefix)
			out, err := readBody(dst[:len(dst):len(dst)], strings.NewReader(body), int64(size), -1)
			if err != nil || string(out) != prefix+body || cap(out) != len(prefix)+size+1 {
				t.Errorf("size %d, dst %q: %d bytes, cap %d, %v; want cap %d", size, prefix, len(out), cap(out), err, len(prefix)+size+1)
			}
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

// Without a limit, a ContentLength too large to allocate (math.MaxInt64) is
// read as an unknown length, from req.Body and from a copy from GetBody.
func TestHugeContentLengthNoLimit(t *testing.T) {
	const payload = `{"b":[1,2,3],"a":"x"}`
	for _, ct := range []string{"application/json", "application/octet-stream"} {
		want := refRequestKey("", "POST", "/v1/x", ct, []byte(payload), HexKey)
		for _, getBody := range []bool{true, false} {
			req := newRequest(t, "POST", "/v1/x", ct, payload)
			req.ContentLength = math.MaxInt64
			if !getBody {
				req.GetBody = nil
			}
			if got, err := (RequestKeys{MaxBody: -1}).RequestKey(req); err != nil || got != want {
				t.Errorf("%s, GetBody %v: %s, %v; want %s", ct, getBody, got, err, want)
			}
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
