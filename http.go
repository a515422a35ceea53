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
	// canonical lowercase form, 36 bytes, for servers that accept only
	// UUIDs or only [a-zA-Z0-9-].
	UUIDKey
)

// DefaultIdempotencyHeader is the header that [RequestKeys] sets when its
// Header field is empty, the name that the IETF draft
// "The Idempotency-Key HTTP Header Field" defines.
const DefaultIdempotencyHeader = "Idempotency-Key"

// DefaultMaxBody is the body-size limit of [RequestKeys] when its MaxBody
// field is 0: 1 GiB. It is far above the largest request the Anthropic and
// OpenAI APIs accept (at the time of writing, Anthropic: 32 MB for Messages
// and Token Counting, 256 MB for the Batch API, 500 MB for the Files API,
// per "Request size limits" in docs.anthropic.com/en/api/overview; OpenAI:
// 512 MB per file uploaded to the Files API, per its API reference for
// POST /files), so only a misconfigured client reaches it.
const DefaultMaxBody = 1 << 30

// ErrBodyTooLarge is matched, with errors.Is, by the error that
// [RequestKeys.Middleware], [RequestKeys.Transport] and
// [RequestKeys.RequestKey] return for a body longer than the limit. The
// error they return also states the limit.
var ErrBodyTooLarge = errors.New("agentidemp: request body too large for an idempotency key")

// RequestKeys computes the key of an HTTP request and sets it as a header,
// as an SDK middleware ([RequestKeys.Middleware]) or as an
// [http.RoundTripper] ([RequestKeys.Transport]). Its zero value is the
// default configuration, which the package-level [Middleware],
// [NewTransport] and [RequestKey] use. A RequestKeys is a plain value:
// copy it, compare the fields, and use one from many goroutines at once.
//
// # The key
//
// The key of a request in the default (hex) shape is
//
//	ScopedKey(scope, METHOD, target, body')
//	  = Sha256Hex(scope || 0x00 || METHOD || 0x00 || target || 0x00 || body')
//
// where scope is the result of the Scope function ("" without one), METHOD
// is req.Method as net/http sends it (GET when it is empty), target is the
// origin-form request
// target req.URL.RequestURI() (the escaped path, and "?" and the raw query
// when there is one; "/" for an empty path; not the host), and body' is
//
//   - the RFC 8785 canonical form of the body (as [CanonicalJSON] gives it)
//     when the media type of the Content-Type header is application/json or
//     ends in +json, in any case and with any parameters such as charset,
//     and the canonicalizer accepts the body. The header is found under any
//     case of its name in the map: the first value under "Content-Type",
//     else under the first other spelling in sorted byte order that has
//     one;
//   - an encoding of the parts that leaves the boundary out when the media
//     type is multipart/ and a subtype, in any ASCII case (see Multipart
//     bodies below);
//   - the body's bytes as they are otherwise: other media types, no
//     Content-Type, or a JSON-typed body that the canonicalizer refuses.
//
// An absent body (nil or [http.NoBody]) is empty, and so is body' of an
// empty body of any media type. The UUID shape is
// UUID5Key(NamespaceAnthropic, preimage) over exactly the same preimage,
// NamespaceAnthropic being the RFC 9562 DNS namespace
// 6ba7b810-9dad-11d1-80b4-00c04fd430c8, which the siblings use. The package
// hashes its own copy of that namespace: assigning to the exported
// variable does not change the key.
//
// The key depends on nothing but these bytes, so every attempt of a request
// carries the same key, in this process and in any other that sends the
// same request again (after a crash and restart, say): the point of an
// idempotency key, which a random key per call cannot give. The target
// keeps the same body sent to two endpoints apart, and the method the same
// body sent with two methods. Which bodies keep their key when another
// process builds the request again follows from body': a JSON body by its
// canonical form, whenever it is the same JSON value however it is written
// (member order, spacing, number spelling); a multipart body by its parts,
// whatever boundary the client draws; any other body by its raw bytes,
// which is stable only when the client writes the same bytes again.
//
// Falling back to raw bytes never lets two different requests share a key:
// a body the canonicalizer refuses is never the canonical form of anything
// (every canonical form is accepted), so a refused body hashed raw cannot
// equal any accepted body's canonical form; and two refused bodies share
// body' only when they are the same bytes. Two accepted bodies share body'
// exactly when RFC 8785 reads them as the same JSON value.
// The media type itself is not hashed: a body of another media type whose
// bytes are the canonical form of a JSON body, or the body' of a multipart
// body, sent with the same method to the same target shares that body's
// key. An endpoint normally takes one media type; for one that takes
// several, put the media type in the scope.
//
// # Multipart bodies
//
// A file upload (multipart/form-data, as anthropic-sdk-go's Files.Upload
// and openai-go's Files.New send it) is framed by a boundary that the
// client draws at random on every call. For a multipart/* media type (any
// subtype: they share the syntax of RFC 2046 section 5.1.1), body' is
// therefore computed from the parts, byte for byte as follows.
//
//   - The boundary B is the value of the parameter named boundary (in any
//     ASCII case): a token or a quoted-string whose value is 1 to 70 RFC
//     2046 bchars (letters, digits and '()+_,-./:=? and space), not ending
//     in a space. The parameters must follow RFC 9110 section 5.6.6
//     (*( OWS ";" OWS [ token "=" ( token / quoted-string ) ] ), spaces and
//     tabs allowed at the end), with exactly one named boundary.
//   - Let D = "--" B. The body parses when it is: any preamble; the first D
//     at offset 0 or right after a CRLF; then, any number of times,
//     padding CRLF part CRLF D, where padding is spaces and tabs and a part
//     ends at the first CRLF D after its start; and "--" right after the
//     last D, followed by any epilogue. Zero parts (D "--") parse. After
//     every D the next bytes must be "--" or padding CRLF: anything else,
//     such as a D followed by "x" (the boundary must not occur in a part),
//     fails, and so do a part that begins with D and a missing close
//     delimiter.
//   - A part is split at its first empty line: H, its header block, is the
//     bytes from its start up to, not including, its first CRLF CRLF, or
//     empty when the part starts with CRLF; C, its content, is the bytes
//     after that empty line. A part without an empty line fails.
//   - A body that parses has body' = 0x01 || for each part, in order,
//     u64be(len(H)) || SHA-256(H) || u64be(len(C)) || SHA-256(C), where
//     u64be is 8 bytes big-endian.
//   - A body that does not parse, or a multipart type without a valid
//     boundary, has body' = 0x00 || the raw body.
//
// The preamble, the epilogue, the padding and the boundary are left out,
// as RFC 2046 has receivers ignore them, so the same parts in the same
// order give the same key whatever the boundary. A header block is hashed
// as written: the same headers in another order or case make another
// part. Like the media type, the other parameters of the Content-Type
// (such as start of multipart/related) are not hashed. Every part is a
// record of 80 bytes, with no delimiter to confuse: two bodies that parse
// share body' only when they have the same parts, each with the same H and
// C, in the same order (short of a SHA-256 collision). Falling back to the raw body
// never lets two different requests share a key either: the first byte of
// body' keeps the two encodings apart, so a body that does not parse can
// never hash like one that does, and two that do not parse share body'
// only when they are the same bytes. The body streams through: each H and
// C is hashed as it is read, never held, and the raw body is hashed at the
// same time for the fallback.
//
// Outputs never change between releases; testdata/vectors.json pins them
// (array http_request).
type RequestKeys struct {
	// Header is the name of the header to set; "" means
	// DefaultIdempotencyHeader, "Idempotency-Key". Some APIs use another
	// name, such as "X-Idempotency-Key".
	Header string

	// Methods lists the methods whose requests get a key, compared exactly
	// (upper case) with req.Method as net/http sends it, GET for an empty
	// one. nil means POST and PATCH, the methods that are not idempotent
	// and that the IETF Idempotency-Key draft targets; an empty non-nil
	// slice means none. It decides only whether Middleware and Transport
	// set the header: RequestKey computes the key of any request.
	Methods []string

	// Scope returns the scope of a request: whatever tells apart two
	// requests that the caller means to send twice, such as a session ID,
	// an agent run ID or a turn number. nil means the empty scope. It is
	// called once per attempt with the request being sent, so it must
	// return the same value for every attempt of one request (do not put
	// an attempt counter, a time or a random value in it) and it must be
	// safe for concurrent use. It should not hold a NUL byte (see
	// [ScopedKey]).
	Scope func(*http.Request) string

	// Shape is the form of the key: HexKey (the zero value) or UUIDKey.
	Shape KeyShape

	// MaxBody is the longest body, in bytes, that gets a key; 0 means
	// DefaultMaxBody (1 GiB), and a negative value or math.MaxInt64 means
	// no limit. A body whose length is not known in advance is read up to
	// MaxBody+1 bytes to decide.
	//
	// Middleware and Transport do not send a request whose body is longer:
	// they close the body and return an error matching [ErrBodyTooLarge].
	// A user installs them to make retries safe; quietly sending a POST
	// without a key would bring back the double dispatch the user opted
	// out of. The default is far above anything the Anthropic and OpenAI
	// APIs accept, so only a misconfiguration reaches it.
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
// next; it is meant for option.WithMiddleware of the Anthropic and OpenAI
// Go SDKs, which call it once per attempt, so every attempt gets the key
// (the same one). It passes req to next untouched when its method is not in
// k.Methods or when it already has the header, in any case of its name and
// with any value (set by the caller, by option.WithHeader or by the SDK
// itself). Otherwise next receives a shallow copy of req with a copy of its
// header map and the key set; req itself is not modified.
//
// The body that reaches next is byte for byte the body that req.Body
// gives, read in one of two ways:
//
//   - With GetBody (as SDK requests have), the key is computed from a copy
//     from GetBody, and next receives another copy from GetBody, asked for
//     after the first was read: a GetBody may rewind and return the very
//     reader it returned before, or the one in req.Body. Neither the copy
//     read nor req.Body is closed before next is called, since either may
//     be the reader sent or share its state: the body next receives closes
//     them, each once, when it is closed, except one that is that body
//     itself. When GetBody fails or returns nil the first time, req.Body
//     is read as below. When it fails the second time, a JSON-typed body is
//     sent from the bytes read to canonicalize it; any other body was
//     streamed into the hash and not kept, so the request fails with an
//     error rather than send req.Body, which may have been read with the
//     copy.
//   - Without GetBody, req.Body is read to its end and closed, and next
//     receives a reader over the same bytes and a GetBody that returns
//     another, so that retries can resend them.
//
// Where next is an [http.Client] (as in the SDKs), the client follows
// redirects itself and copies the header to each hop: every hop carries
// the key of the first request, both the POST to the new target after a
// 307 or 308 and the GET that net/http sends without a body after a 301,
// 302 or 303. Every attempt sets the same key again, so a retry carries
// the same key on every hop.
//
// When the key cannot be computed, Middleware closes req.Body (and the
// copy from GetBody it read), does not call next, and returns the error: a body longer than the limit (an error
// matching [ErrBodyTooLarge]; see MaxBody), a body reader that fails (an
// error that wraps the reader's, for errors.Is and errors.As), or an
// unknown Shape.
func (k RequestKeys) Middleware(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	return k.send(req, next)
}

// Transport returns an [http.RoundTripper] that sets the key of each
// request as [RequestKeys.Middleware] does and passes it to base (nil
// means [http.DefaultTransport]). It obeys the RoundTripper contract: it is
// safe for concurrent use, it does not modify the caller's request (it
// sends a shallow copy with its own header map), and it closes the request
// body, also on error. Its CloseIdleConnections method calls the base's,
// when the base has one, so that [http.Client.CloseIdleConnections]
// reaches it.
//
// An [http.Client] calls it once for each hop of a redirect, with a new
// request that has the client's header (not the copy's) and the method and
// body net/http chose: each hop gets its own key, that of its own target.
// After a 307 or 308 the POST to the new target gets the key of that
// target; after a 301, 302 or 303 net/http sends a GET without a body,
// which gets no key unless Methods lists GET. The key of every hop depends
// on that hop alone, so a retry carries the same keys hop by hop.
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

// RequestKey returns the key of req (see [RequestKeys]) for any method:
// the Methods filter decides only whether Middleware and Transport set the
// header. Its result is 35 bytes long and matches ^ik_[0-9a-f]{32}$ for
// HexKey, and is a version-5 UUID of 36 bytes for UUIDKey.
//
// The body of req stays readable with the same bytes, and it is read as
// [RequestKeys.Middleware] describes. With GetBody, req.Body is replaced by
// another copy from GetBody, which closes the copy read and the original
// req.Body when it is closed. Without it, req.Body is read, closed and
// replaced by a reader over the same bytes, and req.GetBody is set to
// return another; a body of unknown length is held in chunks that double
// from 4 KiB to 1 MiB, so that reading n bytes allocates at most
// min(2n + 4 KiB, n + 1 MiB) (n + 1 bytes when ContentLength gives n), and
// a JSON-typed body in more than one chunk is copied once more, into a
// pooled buffer, for the canonicalizer. On error, req.Body is replaced by a
// reader that gives the bytes already read and then the rest of the
// original body (without GetBody), or left in place and made to close the
// copy read when it is closed (with GetBody). A body longer than the limit
// returns an error matching [ErrBodyTooLarge], and a body reader that fails
// returns an error that wraps the reader's.
func (k RequestKeys) RequestKey(req *http.Request) (string, error) {
	var b [UUIDKeyLen]byte
	n, put, err := k.key(&b, req)
	put.putBack(req)
	if err != nil {
		return "", err
	}
	return string(b[:n]), nil
}

// send is Middleware and Transport: it computes the key, sets it on a copy
// of req and passes the copy to next.
func (k RequestKeys) send(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	name := k.Header
	if name == "" {
		name = DefaultIdempotencyHeader
	}
	if !k.wants(sentMethod(req)) || hasHeader(req.Header, name) {
		return next(req)
	}
	var b [UUIDKeyLen]byte
	n, put, err := k.key(&b, req)
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
	if r.Header == nil {
		r.Header = make(http.Header, 1)
	}
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
