// Helpers that the tests of several files share: the keys' fixtures, the
// measures of allocations, the canonicalizer's documents and spare-capacity
// checks, and the HTTP layer's requests and bodies.

package agentidemp

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"crypto/sha256"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
)

// The shapes promised by the doc comments.
var (
	hexKeyRE = regexp.MustCompile(`^ik_[0-9a-f]{32}$`)
	uuid5RE  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	uuid4RE  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

// messagesBody is a request body with sorted keys and no whitespace.
const messagesBody = `{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}`

var maxUUID = UUID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

const dnsString = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"

// Sizes around the 512-byte internal buffer of the scoped keys and some
// multiples of it.
var boundarySizes = []int{0, 1, 2, 255, 510, 511, 512, 513, 1023, 1024, 1025, 5000}

// patterned returns n bytes that vary with position and seed, NUL included.
func patterned(n int, seed byte) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = seed + byte(i*37) + byte(i>>8)
	}
	return string(b)
}

var (
	benchSizes = []struct {
		name string
		n    int
	}{{"64B", 64}, {"1KiB", 1024}, {"64KiB", 64 * 1024}}
	sinkString string
	sinkBytes  []byte
	sinkUUID   UUID
	sinkSum    [sha256.Size]byte
	sinkSum1   [sha1.Size]byte
)

// benchOverSizes runs f as a sub-benchmark over content of each size.
func benchOverSizes(b *testing.B, f func(b *testing.B, content []byte)) {
	for _, size := range benchSizes {
		content := []byte(patterned(size.n, 1))
		b.Run(size.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size.n))
			f(b, content)
		})
	}
}

// ctShort abbreviates long inputs in failure messages.
func ctShort(b []byte) string {
	const limit = 120
	if len(b) > limit {
		return string(b[:limit]) + "...(" + strconv.Itoa(len(b)) + " bytes)"
	}
	return string(b)
}

// ctSkipAllocs skips allocation counts where they mean nothing: in short
// mode, and under the race detector, which makes sync.Pool drop items at
// random.
func ctSkipAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in short mode")
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				t.Skip("skipped under the race detector")
			}
		}
	}
}

func ctAllocs(runs int, f func()) float64 {
	// With the collector off, the pools keep what the warm-up put in them:
	// a collection between runs would empty them, and the refill would
	// count as the call's own allocations.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	f() // warm-up
	return testing.AllocsPerRun(runs, f)
}

// bytesAllocated returns the bytes f allocates, measured with the garbage
// collector off.
func bytesAllocated(f func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// ctBodies returns the files in testdata/bodies, or, when there are none, one
// generated document of about 10 KiB.
func ctBodies(tb testing.TB) (names []string, bodies [][]byte) {
	tb.Helper()
	paths, err := filepath.Glob("testdata/bodies/*.json")
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		names = append(names, strings.TrimSuffix(filepath.Base(p), ".json"))
		bodies = append(bodies, b)
	}
	if len(bodies) == 0 {
		names = append(names, "generated_10k")
		bodies = append(bodies, ctGeneratedDoc(10<<10))
	}
	return names, bodies
}

// ctGeneratedDoc returns a request-like document of at least size bytes.
func ctGeneratedDoc(size int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"model": "m", "temperature": 0.25, "messages": [`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`{"role": "user", "content": "message `)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(` caf\u00e9 \ud83d\ude00 \"quoted\"\n", "n": `)
		b.WriteString(strconv.Itoa(i * 7))
		b.WriteString(`.5e-1, "ok": true}`)
	}
	b.WriteString(`], "max_tokens": 1024}`)
	return b.Bytes()
}

// ctManyValues returns a document with n scalar values, in objects whose
// members need sorting, and in an array.
func ctManyValues(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"z":[`)
	half := n / 2
	for i := 0; i < half; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(i))
		b.WriteString(".25")
	}
	b.WriteString(`],"a":{`)
	for i := half; i < n-1; i++ {
		if i > half {
			b.WriteByte(',')
		}
		b.WriteString(`"k`)
		b.WriteString(strconv.Itoa(n - i)) // descending names
		b.WriteString(`":"v\u00e9"`)
	}
	b.WriteString(`}}`)
	return b.Bytes()
}

// ctNested returns depth openers, the innermost value and the closers.
// Openers alternate between "[" and `{"k":` when mixed is set.
func ctNested(depth int, mixed bool) string {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		if mixed && i%2 == 1 {
			b.WriteString(`{"k":`)
		} else {
			b.WriteByte('[')
		}
	}
	b.WriteString("0")
	for i := depth - 1; i >= 0; i-- {
		if mixed && i%2 == 1 {
			b.WriteByte('}')
		} else {
			b.WriteByte(']')
		}
	}
	return b.String()
}

// ctWithSpare returns a copy of doc with spare bytes of capacity after it,
// each set to fill.
func ctWithSpare(doc string, spare int, fill byte) []byte {
	buf := make([]byte, len(doc)+spare)
	for i := copy(buf, doc); i < len(buf); i++ {
		buf[i] = fill
	}
	return buf[:len(doc)]
}

// ctNoFault calls f, failing t, for input in, if f reads memory it may not
// read, such as the page after a copy from guarded.
func ctNoFault(t *testing.T, in string, f func()) {
	t.Helper()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%q: %v (a read past the end of the input)", in, r)
		}
	}()
	f()
}

// ctWhileWritten calls f again and again, at least 20 times and for 5ms,
// or until it returns false, while another goroutine writes each byte of
// spares all along. Nothing orders the writes after the first and the
// calls, so that -race reports any read of spares by f.
func ctWhileWritten(f func() bool, spares ...[]byte) {
	var stop atomic.Bool
	started, done := make(chan struct{}), make(chan struct{})
	go func(started chan struct{}) {
		defer close(done)
		for b := byte(1); !stop.Load(); b++ {
			for _, spare := range spares {
				for i := range spare {
					spare[i] = b
				}
			}
			if started != nil {
				close(started)
				started = nil
			}
		}
	}(started)
	<-started
	for n, begin := 0, time.Now(); n < 20 || time.Since(begin) < 5*time.Millisecond; n++ {
		if !f() {
			break
		}
	}
	stop.Store(true)
	<-done
}

// ctRand is a splitmix64 generator.
type ctRand uint64

func (r *ctRand) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *ctRand) whitespace(dst []byte) []byte {
	n := r.next()
	for i := 0; i < int(n%4); i++ {
		n >>= 2
		dst = append(dst, " \t\n\r"[n%4])
	}
	return dst
}

// ctESNumber formats f as ECMAScript's String(f) does, for checking output
// numbers independently of the code under test.
func ctESNumber(f float64) string {
	if f == 0 {
		return "0"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // shortest digits: [-]d[.ddd]e±dd
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	e := strings.IndexByte(s, 'e')
	digits := strings.Replace(s[:e], ".", "", 1)
	exp, _ := strconv.Atoi(s[e+1:])
	n, k := exp+1, len(digits)
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	m := digits[:1]
	if k > 1 {
		m += "." + digits[1:]
	}
	es := "+"
	if n-1 < 0 {
		es = "-"
	}
	return sign + m + "e" + es + strconv.Itoa(ctAbs(n-1))
}

func ctAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// eachByteInWords calls check with every 8-byte word that holds one fill
// byte in all positions but one, and any byte value there.
func eachByteInWords(fills []byte, check func([8]byte)) {
	for _, fill := range fills {
		for pos := 0; pos < 8; pos++ {
			for c := 0; c < 256; c++ {
				var w [8]byte
				for k := range w {
					w[k] = fill
				}
				w[pos] = byte(c)
				check(w)
			}
		}
	}
}

// gzipLines returns a scanner over the lines of the gzip file at path, of up
// to 1 MiB each; the file is closed when the test ends.
func gzipLines(t *testing.T, path string) *bufio.Scanner {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fh.Close() })
	zr, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	return sc
}

// A hashRecorder is a hash.Hash that keeps what is written to it, and counts
// the writes longer than the stream buffer that are not slices of in.
type hashRecorder struct {
	bytes.Buffer
	in, text []byte // the input, and the canonicalizer's decoded strings
	copied   int
}

func (r *hashRecorder) Write(p []byte) (int, error) {
	if len(p) > streamBufLen && !within(p, r.in) && !within(p, r.text) {
		r.copied++
	}
	return r.Buffer.Write(p)
}

// within reports whether p is a slice of in's memory.
func within(p, in []byte) bool {
	if len(p) == 0 || len(in) == 0 {
		return false
	}
	start := uintptr(unsafe.Pointer(&in[0]))
	at := uintptr(unsafe.Pointer(&p[0]))
	return at >= start && at+uintptr(len(p)) <= start+uintptr(len(in))
}
func (r *hashRecorder) Sum(b []byte) []byte { return b }
func (r *hashRecorder) Size() int           { return 0 }
func (r *hashRecorder) BlockSize() int      { return 1 }

// discard is a hash.Hash that drops what it is given.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) Sum(b []byte) []byte         { return b }
func (discard) Reset()                      {}
func (discard) Size() int                   { return 0 }
func (discard) BlockSize() int              { return 1 }

// canonOnce runs one call on c, as the pool would.
func canonOnce(t *testing.T, c *canon, doc []byte) {
	t.Helper()
	c.in = doc
	if err := c.parse(); err != nil {
		t.Fatal(err)
	}
	c.writeTo(discard{}, "", false)
	c.recycle()
}

// countingBody is a request body that records reads and closes.
type countingBody struct {
	r      io.Reader
	mu     sync.Mutex
	reads  int
	closed int
}

func (b *countingBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	b.reads++
	b.mu.Unlock()
	return b.r.Read(p)
}

func (b *countingBody) Close() error {
	b.mu.Lock()
	b.closed++
	b.mu.Unlock()
	return nil
}

// recorder is the next of a middleware: it reads the body it receives, and
// the body GetBody returns, and answers 200.
type recorder struct {
	mu      sync.Mutex
	calls   int
	req     *http.Request
	key     string
	body    []byte
	getBody []byte // nil when the request had no GetBody, or it failed
}

func (r *recorder) next(req *http.Request) (*http.Response, error) {
	var body, gb []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil && rc != nil {
			gb, _ = io.ReadAll(rc)
			if gb == nil {
				gb = []byte{}
			}
		}
	}
	r.mu.Lock()
	r.calls++
	r.req, r.key, r.body, r.getBody = req, req.Header.Get("Idempotency-Key"), body, gb
	r.mu.Unlock()
	return &http.Response{StatusCode: 200, Body: http.NoBody, Request: req}, nil
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) { return r.next(req) }

const chatBody = `{"model":"claude-sonnet-4-20250514","max_tokens":1024,` +
	`"messages":[{"role":"user","content":"Refund order 1234"}]}`

func newRequest(t testing.TB, method, target, contentType, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://api.example.com"+target, r)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// readerFunc is a func-typed reader: == cannot compare two of its values.
type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// funcBody is a func-typed body, Close included.
type funcBody func([]byte) (int, error)

func (f funcBody) Read(p []byte) (int, error) { return f(p) }
func (funcBody) Close() error                 { return nil }

// wireServer records what each request it receives carried.
type wireServer struct {
	*httptest.Server
	mu   sync.Mutex
	body []byte
	key  string
}

func newWireServer(t *testing.T) *wireServer {
	s := &wireServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.body, s.key = b, r.Header.Get("Idempotency-Key")
		s.mu.Unlock()
	}))
	t.Cleanup(s.Close)
	return s
}

// sendDefault sends req through NewTransport(nil), as the issue's
// reproductions do, and checks that the server received payload with its
// key.
func (s *wireServer) sendDefault(t *testing.T, req *http.Request, payload string) {
	t.Helper()
	tr := NewTransport(nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	tr.(*transport).CloseIdleConnections()
	if want := refRequestKey("", "POST", "/v1/x", "", []byte(payload), HexKey); string(s.body) != payload || s.key != want {
		t.Errorf("the server received %q with key %s, want %q with %s", s.body, s.key, payload, want)
	}
}
