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
	// HexKey is the shape of [Sha256Hex]: "ik_" and 32 lowercase hex
	// digits, 35 bytes. It is the zero value.
	HexKey KeyShape = iota
	// UUIDKey is the shape of [UUID5Key]: an RFC 9562 version-5 UUID in
	// canonical lowercase form, 36 bytes.
	UUIDKey
)

// DefaultIdempotencyHeader is the header that [RequestKeys] sets when its
// Header field is empty, as the IETF Idempotency-Key draft names it.
const DefaultIdempotencyHeader = "Idempotency-Key"

// DefaultMaxBody is the body-size limit of [RequestKeys] when its MaxBody
// field is 0: 1 GiB, far above the largest request that the Anthropic and
// OpenAI APIs accept (the README lists their limits).
const DefaultMaxBody = 1 << 30

// ErrBodyTooLarge is matched, with errors.Is, by the error that
// [RequestKeys.Middleware], [RequestKeys.Transport] and
// [RequestKeys.RequestKey] return for a body longer than the limit, which
// the error states.
var ErrBodyTooLarge = errors.New("agentidemp: request body too large for an idempotency key")

// RequestKeys computes the key of an HTTP request and sets it as a header,
// as an SDK middleware ([RequestKeys.Middleware]) or as an
// [http.RoundTripper] ([RequestKeys.Transport]). Its zero value is the
// default, which [Middleware], [NewTransport] and [RequestKey] use. It is a
// plain value: copy it, compare its fields, use one from many goroutines.
//
// # The key
//
// In the hex shape, the key of a request is
//
//	ScopedKey(scope, METHOD, target, body')
//	  = Sha256Hex(scope || 0x00 || METHOD || 0x00 || target || 0x00 || body')
//
// where scope is the result of Scope ("" without one), METHOD is req.Method
// as net/http sends it (GET when empty), target is req.URL.RequestURI() (the
// escaped path, "/" when empty, then "?" and the raw query when there is
// one; no host), and body' depends on the media type of the Content-Type
// header (its first value under "Content-Type", else under the first other
// case of the name in sorted byte order; ASCII case and parameters ignored):
//
//   - application/json or a type ending in +json: the RFC 8785 form of the
//     body when [CanonicalJSON] accepts it, else the raw body;
//   - multipart/ and a subtype, even one ending in +json: the encoding of
//     its parts below;
//   - any other type, or none: the raw body.
//
// No body (nil or [http.NoBody]) and an empty body give an empty body'. The
// UUID shape is UUID5Key(NamespaceAnthropic, preimage) over the same
// preimage, with the package's own copy of the namespace: assigning to the
// variable does not change the key. The key depends on these bytes alone,
// so every attempt carries the same key, and so does the same request
// built again by another process (after a crash and restart) when its
// body' is the same: a JSON body by its canonical form, however it is
// written; a multipart body by its parts, whatever boundary the client
// draws; any other body by its raw bytes, stable only when the client
// writes the same bytes again. The README's "Specification" says why the
// raw fallbacks are safe, and what not hashing the media type implies.
//
// # Multipart bodies
//
// body' leaves out the boundary, which clients draw at random on each call,
// and only that: a body parses only where no byte left out could be read
// as structure by any parser (the README's "Specification" says why for
// each rule).
//
//   - B is the value of the one parameter named boundary of the request's
//     one Content-Type value, whose subtype is a token: a token or
//     quoted-string of 1 to 70 RFC 2046 bchars (letters, digits,
//     '()+_,-./:=? and space), not ending in a space; the parameters as in
//     RFC 9110 section 5.6.6, without empty ones (one ';' after the last
//     allowed), at most 16, no name twice or holding '*', no quoted-string
//     holding a backslash or a ';', and the word boundary (any case) in no
//     other parameter. D = "--" B.
//   - The body parses when it is D 1*( CRLF part CRLF D ) "--" [ CRLF ]:
//     no preamble, no padding, no epilogue, at least one part, and no part
//     holding D.
//   - A part is header lines, each token ":" and bytes other than controls
//     (HTAB allowed), ending in CRLF; then CRLF and its content C. H is the
//     header lines joined by CRLF, empty when the part starts with CRLF.
//   - Parsed: body' = 0x01 || for each part in order u64be(len(H)) ||
//     SHA-256(H) || u64be(len(C)) || SHA-256(C), u64be being 8 bytes
//     big-endian. Not parsed, or no valid B: body' = 0x00 || the raw body.
//
// Two bodies that parse share body' only when they are the same bytes but
// for the boundary and a final CRLF (short of a SHA-256 collision). Each H
// and C is hashed as it is read, never held.
type RequestKeys struct {
	// Header is the name of the header to set; "" means
	// DefaultIdempotencyHeader, "Idempotency-Key".
	Header string

	// Methods lists the methods whose requests get a key, compared exactly
	// (upper case) with req.Method as net/http sends it, GET for an empty
	// one. nil means POST and PATCH; an empty non-nil slice means none. It
	// decides only whether Middleware and Transport set the header:
	// RequestKey computes the key of any request.
	Methods []string

	// Scope returns the scope of a request, which tells apart requests the
	// caller means to send twice (a session or agent-run ID, a turn
	// number); nil means the empty scope. Called once per attempt, it must
	// return the same value for every attempt of a request (no attempt
	// counter, time or random value), be safe for concurrent use, and
	// should hold no NUL byte (see [ScopedKey]).
	Scope func(*http.Request) string

	// Shape is the form of the key: HexKey (the zero value) or UUIDKey.
	Shape KeyShape

	// MaxBody is the longest body, in bytes, that gets a key; 0 means
	// DefaultMaxBody, and a negative value or math.MaxInt64 means no limit.
	// A body of unknown length is read up to MaxBody+1 bytes to decide.
	// Middleware and Transport do not send a longer body: they close it and
	// return an error matching [ErrBodyTooLarge] (the README says why).
	MaxBody int64
}

// Middleware is [RequestKeys.Middleware] of the zero RequestKeys: it sets
// Idempotency-Key on POST and PATCH requests that have none, to the hex
// key of the request. Its signature is that of option.Middleware in
// github.com/anthropics/anthropic-sdk-go/v2 and github.com/openai/openai-go/v3,
// so it is passed as it is:
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

// Middleware sets the key of req as a header and passes the request on to
// next; it is meant for option.WithMiddleware of the Anthropic and OpenAI Go
// SDKs, which call it once per attempt. It passes req on untouched when its
// method is not in k.Methods or it already has the header (any case of the
// name, any value), and when it is one that net/http refuses as it is or
// would fail on: a nil req, a nil URL or a nil Header map (an [http.Client]
// gives the last a header map, and so sends it without a key). Otherwise
// next receives a shallow copy of req with a copy of its header map and the
// key set; req is not modified. Where next is an [http.Client], every
// redirect hop carries this key, the first request's (the README's
// "Redirects").
//
// The copy is the request that req would be, plus the header: the body
// that reaches next is byte for byte the body of req, with req's
// ContentLength, TransferEncoding and GetBody, so that net/http frames and
// sends it, or refuses it, as it would req:
//
//   - With GetBody, the key is computed from a copy from GetBody, and next
//     receives another, asked for after the first was read (GetBody may
//     rewind and return the same reader, or req.Body). Neither the copy
//     read nor req.Body is closed before next is called: the body next
//     receives closes each once when it is closed, unless it is that body.
//     A multipart body that does not parse, whose body' is its raw bytes,
//     is read again from a third copy, asked for before the one sent.
//     When GetBody fails or returns nil the first time, req.Body is read as
//     below; after that, a JSON-typed body is sent from the bytes read, and
//     any other, streamed and not kept, fails the request.
//   - Without GetBody, a body that is [io.NopCloser] around a
//     *bytes.Reader, *strings.Reader or *bytes.Buffer (the readers
//     net/http knows to be in memory) is hashed where it is, without being
//     read, and next receives req.Body itself. Any other req.Body is read
//     to its end, as net/http's transport reads a body (with its WriteTo
//     method when it has one, else 32 KiB at a time), and closed, and next
//     receives a reader over the same bytes that gives them in the same
//     pieces, so that a chunked body goes out in the same chunks (but for a
//     WriteTo that writes more than 32 KiB at once, and the pieces of a
//     reader that changes their size more than once every 128 bytes, past
//     its 64th change: those go out as large as the transport asks for);
//     an empty body stays an empty body, not [http.NoBody].
//
// So a body longer or shorter than its ContentLength fails in the
// transport with the error that req would, and the copy gets no GetBody
// that req lacks: an [http.Client] returns a 307 or 308 response rather
// than resend such a body, and a transport does not replay it, just as
// without the middleware.
//
// When the key cannot be computed, Middleware closes req.Body and the copy
// it read, does not call next, and returns the error: one matching
// [ErrBodyTooLarge] for a body longer than MaxBody, one that wraps the
// reader's when a body reader fails, one that wraps the context's error
// (matching [context.Canceled] or [context.DeadlineExceeded]) once
// req.Context() is done, or one for an unknown Shape. The context is
// checked before each read of the body, and of a copy from GetBody (32
// KiB at most each, or a piece that a WriteTo method writes).
func (k RequestKeys) Middleware(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	return k.send(req, next)
}

// Transport returns an [http.RoundTripper] that sets the key of each
// request as [RequestKeys.Middleware] does and passes it to base (nil means
// [http.DefaultTransport]). It is safe for concurrent use, does not modify
// the caller's request (it sends a shallow copy with its own header map),
// and closes the request body, also on error. Its CloseIdleConnections
// method calls the base's, when the base has one. An [http.Client] calls it
// once per redirect hop, and each hop is keyed as a request of its own (the
// README's "Redirects").
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

// RequestKey returns the key of req (see [RequestKeys]) whatever its
// method: 35 bytes matching ^ik_[0-9a-f]{32}$ for HexKey, a version-5 UUID
// of 36 bytes for UUIDKey. Its errors are those of Middleware, and one for
// a nil req or a nil URL, which has no target to key.
//
// It reads the body as [RequestKeys.Middleware] does, an in-memory one
// included, and leaves it readable with the same bytes. With GetBody,
// req.Body becomes another copy from GetBody, which closes the copy read
// and the original req.Body when it is closed. Without it, req.Body is read
// (as Middleware reads a body it does not send as it is), closed and
// replaced by a reader that gives the same bytes in the same pieces
// ([http.NoBody] when there are none), and req.GetBody is set to return
// another: unlike the copy that Middleware sends, req can then be resent by
// an [http.Client] after a 307 or 308 redirect, or replayed by a
// transport, and an in-memory body is no longer one. Holding its n bytes
// allocates at most n + 1 MiB of chunks, whatever ContentLength claims: at
// most min(2n + 4 KiB, n + 1 MiB) without a ContentLength, and n + 1 when
// ContentLength is n; a JSON-typed body read in more than one chunk (past
// 1 MiB, or 4 KiB without a ContentLength) is copied once more, into a
// pooled buffer (the README's "Memory"). On error, req.Body gives the bytes
// already read and then the rest of the original body (without GetBody),
// or is left in place and closes the copy read when it is closed (with
// GetBody).
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
