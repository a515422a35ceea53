// Keys on the wire: an SDK middleware, an http.RoundTripper and the key of
// an *http.Request. Reading the body is in http_body.go.

package agentidemp

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
)

// A KeyShape selects the form of the keys that [RequestKeys] computes.
type KeyShape int

const (
	// HexKey, the zero value, is the shape of [Sha256Hex], 35 bytes.
	HexKey KeyShape = iota
	// UUIDKey is the shape of [UUID5Key], a version-5 UUID of 36 bytes.
	UUIDKey
)

// DefaultIdempotencyHeader is the header that [RequestKeys] sets when its
// Header field is empty, as the IETF Idempotency-Key draft names it.
const DefaultIdempotencyHeader = "Idempotency-Key"

// DefaultMaxBody is the body-size limit of [RequestKeys] when MaxBody is 0:
// 1 GiB, above the largest request the Anthropic and OpenAI APIs accept.
const DefaultMaxBody = 1 << 30

// ErrBodyTooLarge is matched by the error of [RequestKeys] for a body longer
// than its limit, which the error states; such a body is not sent.
var ErrBodyTooLarge = errors.New("agentidemp: request body too large for an idempotency key")

// RequestKeys computes the key of an HTTP request and sets it as a header,
// as an SDK middleware ([RequestKeys.Middleware]) or an [http.RoundTripper]
// ([RequestKeys.Transport]). Its zero value is the default, which
// [Middleware], [NewTransport] and [RequestKey] use; it is a plain value, to
// copy and use from many goroutines.
//
// In the hex shape the key is ScopedKey(scope, METHOD, target, body'), in
// the UUID shape UUID5Key(NamespaceAnthropic, the same preimage), where
// target is req.URL.RequestURI() and body' the body's canonical form (RFC
// 8785 less Omit for JSON that [CanonicalJSON] accepts, the parts for a
// multipart body that parses), else its bytes: every attempt, and the same
// request built again by another process, carries the same key. SPEC.md
// sections 4 to 6 define every byte (NamespaceAnthropic's value included).
type RequestKeys struct {
	// Header is the header to set; "" means DefaultIdempotencyHeader.
	Header string

	// Methods lists the methods whose requests Middleware and Transport
	// key, compared exactly with req.Method (GET for an empty one). nil
	// means POST and PATCH; an empty non-nil slice means none.
	Methods []string

	// Scope returns the scope of a request, such as an agent-run ID and a
	// turn; nil means its context's ([WithScope]). It must give every
	// attempt the same value and be safe for concurrent use. A scope
	// holding a NUL byte fails the key (SPEC.md section 4).
	Scope func(*http.Request) string

	// Omit lists JSON Pointers (RFC 6901), such as "/id", to members of a
	// JSON body left out of the key (not of the bytes sent); a pointer
	// that names nothing is no error, an invalid one (such as "id") or a
	// 65th fails every key (SPEC.md section 4.5).
	Omit []string

	// Shape is the form of the key: HexKey (the zero value) or UUIDKey.
	Shape KeyShape

	// MaxBody is the longest body, in bytes, that gets a key; 0 means
	// DefaultMaxBody, a negative value or math.MaxInt64 no limit. A longer
	// body is not sent: the error matches [ErrBodyTooLarge].
	MaxBody int64
}

// Middleware is [RequestKeys.Middleware] of the zero RequestKeys, with the
// signature of option.Middleware in github.com/anthropics/anthropic-sdk-go/v2
// and github.com/openai/openai-go/v3:
//
//	client := anthropic.NewClient(option.WithMiddleware(agentidemp.Middleware))
func Middleware(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	return RequestKeys{}.Middleware(req, next)
}

// NewTransport returns [RequestKeys.Transport] of the zero RequestKeys
// over base (nil means [http.DefaultTransport]):
//
//	client := &http.Client{Transport: agentidemp.NewTransport(nil)}
func NewTransport(base http.RoundTripper) http.RoundTripper {
	return RequestKeys{}.Transport(base)
}

// RequestKey returns [RequestKeys.RequestKey] of the zero RequestKeys: the
// hex key of req in the empty scope.
func RequestKey(req *http.Request) (string, error) {
	return RequestKeys{}.RequestKey(req)
}

// Middleware sets the key of req as a header on a shallow copy of req with
// its own header map, and passes the copy to next; the SDKs call it once per
// attempt. It passes req itself on when its method is not in k.Methods, when
// it has the header already (any case, any value), and when req, its URL or
// its Header map is nil. Through an [http.Client], every redirect hop
// carries this first key.
//
// The copy sends what req would: the same body bytes, ContentLength,
// TransferEncoding and GetBody. With GetBody, the key is computed from one
// copy and next receives another (a GetBody that fails at once counts as
// none). Without it, an [io.NopCloser] around a *bytes.Reader,
// *strings.Reader or *bytes.Buffer is hashed in place and sent as it is; any
// other body is read to its end as net/http reads it (WriteTo, else 32 KiB
// at a time), and next receives a reader of the same bytes in the same
// pieces, so a chunked body keeps its chunks (but for WriteTo pieces over
// 32 KiB, and the pieces of a reader that changes their size more than once
// every 128 bytes, past its 64th change). Nothing that may be the body sent
// is closed before it is sent.
//
// When the key cannot be computed, Middleware closes the body, does not call
// next, and returns an error: one matching [ErrBodyTooLarge] beyond MaxBody,
// one wrapping the reader's or the context's error (checked before each
// read), one for an unknown Shape, an invalid Omit or a scope with a NUL
// byte (before the body is read), or, for a body that is not JSON-typed
// whose GetBody fails after giving the copy hashed, one that says so.
func (k RequestKeys) Middleware(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	return k.send(req, next)
}

// Transport returns an [http.RoundTripper] that sets the key of each
// request as [RequestKeys.Middleware] does and passes it to base (nil
// means [http.DefaultTransport]). It is safe for concurrent use, does not
// modify the caller's request, and closes the request body, also on error.
// Its CloseIdleConnections calls the base's. An [http.Client] calls it once
// per redirect hop, and each hop is keyed as a request of its own.
func (k RequestKeys) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{keys: k, base: base}
}

type transport struct {
	keys RequestKeys
	base http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.keys.send(req, t.base.RoundTrip)
}

// CloseIdleConnections calls the CloseIdleConnections method of the base
// transport when it has one, as [http.Client.CloseIdleConnections] does for
// the transport it is given.
func (t *transport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// RequestKey returns the key of req whatever its method: 35 bytes matching
// ^ik_[0-9a-f]{32}$ for HexKey, a version-5 UUID of 36 bytes for UUIDKey.
// Its errors are those of Middleware, and one for a nil req or URL.
//
// It reads the body as [RequestKeys.Middleware] does, and leaves req
// readable and resendable: req.Body becomes another copy from GetBody, or,
// without GetBody, a reader over the bytes read, with a GetBody that returns
// another. Memory follows the bytes read, whatever ContentLength claims:
// chunks of n + 1 MiB at most for n bytes, plus the record of their piece
// sizes (which a reader of ever-changing piece sizes can grow by a few MiB)
// and, for a JSON-typed body held in more than one chunk, one more copy of
// n bytes for the canonicalizer (bench/README.md, "Memory"). On error,
// req.Body still gives the body's bytes.
func (k RequestKeys) RequestKey(req *http.Request) (string, error) {
	if req == nil {
		return "", errors.New("agentidemp: nil request")
	}
	var b [UUIDKeyLen]byte
	n, put, err := k.key(&b, req, false)
	put.putBack(req)
	if err != nil {
		return "", err
	}
	return string(b[:n]), nil
}

// send is Middleware and Transport: it computes the key, sets it on a copy
// of req and passes the copy to next.
func (k RequestKeys) send(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	if req == nil || req.URL == nil || req.Header == nil {
		// What net/http does with these is next's to say.
		return next(req)
	}
	name := k.Header
	if name == "" {
		name = DefaultIdempotencyHeader
	}
	if !k.wants(sentMethod(req)) || hasHeader(req.Header, name) {
		return next(req)
	}
	var b [UUIDKeyLen]byte
	n, put, err := k.key(&b, req, true)
	r := new(http.Request)
	*r = *req
	put.putBack(r)
	if err != nil {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, err
	}
	r.Header = req.Header.Clone()
	r.Header.Set(name, string(b[:n]))
	return next(r)
}

// sentMethod returns the method of req as net/http sends it: GET when
// req.Method is empty.
func sentMethod(req *http.Request) string {
	if req.Method == "" {
		return http.MethodGet
	}
	return req.Method
}

// wants reports whether requests with method, as sent, get a key.
func (k RequestKeys) wants(method string) bool {
	if k.Methods == nil {
		return method == http.MethodPost || method == http.MethodPatch
	}
	for _, m := range k.Methods {
		if m == method {
			return true
		}
	}
	return false
}

// hasHeader reports whether h has a value for name, whatever the case of
// either, so that a header set directly in the map is found as well.
func hasHeader(h http.Header, name string) bool {
	for key, v := range h {
		if len(v) > 0 && asciiEqualFold(key, name) {
			return true
		}
	}
	return false
}

// contentType returns the Content-Type of h: the first value of the first
// key that has one, among the keys equal to "Content-Type" up to ASCII
// case, taken in this order: "Content-Type" itself (the key that Set and
// Get use), then the others in sorted byte order (the order in which
// net/http writes them on an HTTP/1 connection). It returns "" when there
// is none.
func contentType(h http.Header) string {
	const name = "Content-Type"
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	first, ct := "", ""
	for key, v := range h {
		if len(v) > 0 && key != name && asciiEqualFold(key, name) && (first == "" || key < first) {
			first, ct = key, v[0]
		}
	}
	return ct
}

// maxBody returns the effective limit, -1 for none.
func (k RequestKeys) maxBody() int64 {
	switch {
	case k.MaxBody == 0:
		return DefaultMaxBody
	case k.MaxBody < 0 || k.MaxBody == math.MaxInt64:
		// MaxInt64+1 bytes cannot be read to tell: no limit.
		return -1
	}
	return k.MaxBody
}

func bodyTooLarge(limit int64) error {
	return fmt.Errorf("%w: longer than %d bytes (RequestKeys.MaxBody raises the limit)", ErrBodyTooLarge, limit)
}

// isJSONType reports whether the media type of the Content-Type value ct is
// application/json or ends in +json, ignoring ASCII case, parameters, and
// spaces and tabs around the media type. Only ASCII letters fold: strings
// .EqualFold would also match "ſ" (U+017F) with "s", which other ports
// would not.
func isJSONType(ct string) bool {
	ct, _ = mediaType(ct)
	if asciiEqualFold(ct, "application/json") {
		return true
	}
	const suffix = "+json"
	slash := strings.IndexByte(ct, '/')
	if slash <= 0 {
		return false
	}
	sub := ct[slash+1:]
	return len(sub) > len(suffix) && asciiEqualFold(sub[len(sub)-len(suffix):], suffix)
}

// mediaType splits the Content-Type value ct at its first ';' into the
// media type, without the spaces and tabs around it, and the parameters,
// from the ';' on ("" when there is none).
func mediaType(ct string) (mt, params string) {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct, params = ct[:i], ct[i:]
	}
	return strings.Trim(ct, " \t"), params
}

// asciiEqualFold reports whether s and t are equal up to the case of ASCII
// letters.
func asciiEqualFold(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		a, b := s[i], t[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// readError wraps an error of the body's reader.
func readError(err error) error {
	return fmt.Errorf("agentidemp: reading the request body: %w", err)
}
