package agentidemp

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// mpPart is one part of a multipart body: its header block and content.
type mpPart struct{ h, c string }

// refMultipartParts is the slow, obvious reading of a multipart body with
// boundary b by the strict grammar, the whole body in memory: the parts, or
// ok false.
func refMultipartParts(body []byte, b string) (parts []mpPart, ok bool) {
	d := "--" + b
	s, found := strings.CutPrefix(string(body), d)
	if !found {
		return nil, false
	}
	for {
		if (s == "--" || s == "--\r\n") && len(parts) > 0 {
			return parts, true
		}
		if s, found = strings.CutPrefix(s, "\r\n"); !found {
			return nil, false
		}
		part, rest, found := strings.Cut(s, "\r\n"+d)
		if !found || strings.Contains(part, d) {
			return nil, false
		}
		h, c, ok := refSplitPart(part)
		if !ok {
			return nil, false
		}
		parts = append(parts, mpPart{h, c})
		s = rest
	}
}

// refSplitPart splits a part at the empty line that ends its header lines.
func refSplitPart(part string) (h, c string, ok bool) {
	if c, found := strings.CutPrefix(part, "\r\n"); found {
		return "", c, true
	}
	h, c, found := strings.Cut(part, "\r\n\r\n")
	if !found {
		return "", "", false
	}
	for _, line := range strings.Split(h, "\r\n") {
		name, value, found := strings.Cut(line, ":")
		if !found || name == "" || strings.Trim(name, "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "" {
			return "", "", false
		}
		for i := 0; i < len(value); i++ {
			if value[i] < ' ' && value[i] != '\t' || value[i] == 0x7f {
				return "", "", false
			}
		}
	}
	return h, c, true
}

// refEncodeParts is body' of parsed parts: 0x01, then for each part
// u64be(len(H)) || SHA-256(H) || u64be(len(C)) || SHA-256(C).
func refEncodeParts(parts []mpPart) []byte {
	out := []byte{1}
	for _, p := range parts {
		for _, e := range []string{p.h, p.c} {
			out = binary.BigEndian.AppendUint64(out, uint64(len(e)))
			sum := sha256.Sum256([]byte(e))
			out = append(out, sum[:]...)
		}
	}
	return out
}

// refMultipartBody is body' of a body with a multipart Content-Type whose
// boundary is b (ok false: missing or invalid).
func refMultipartBody(body []byte, b string, ok bool) []byte {
	if len(body) == 0 {
		return nil
	}
	if ok {
		if parts, ok := refMultipartParts(body, b); ok {
			return refEncodeParts(parts)
		}
	}
	return append([]byte{0}, body...)
}

// buildMultipart writes parts with boundary b, the preamble pre, padding
// pad after every delimiter and the epilogue epi.
func buildMultipart(b, pre, pad, epi string, parts []mpPart) []byte {
	var s strings.Builder
	s.WriteString(pre)
	for _, p := range parts {
		if pre != "" || s.Len() > 0 {
			s.WriteString("\r\n")
		}
		s.WriteString("--" + b + pad + "\r\n")
		if p.h != "" {
			s.WriteString(p.h + "\r\n")
		}
		s.WriteString("\r\n" + p.c)
	}
	if pre != "" || s.Len() > 0 {
		s.WriteString("\r\n")
	}
	s.WriteString("--" + b + "--" + epi)
	return []byte(s.String())
}

// bytesHash is a hash.Hash whose "digest" is every byte written to it, so
// that a test sees body' itself.
type bytesHash struct{ bytes.Buffer }

func (h *bytesHash) Sum(b []byte) []byte { return append(b, h.Bytes()...) }
func (h *bytesHash) Size() int           { return 0 }
func (h *bytesHash) BlockSize() int      { return 1 }

// streamMultipart is body' as multipartHash computes it, fed the body in
// chunks of the given lengths (cycled; 0 means the rest): its parsed
// encoding when it parses, else 0x00 and the body, or nothing for an empty
// body.
func streamMultipart(body []byte, params string, chunks []int) []byte {
	m := new(multipartHash)
	m.reset(new(bytesHash), params, true)
	raw := body
	for i := 0; len(body) > 0; i++ {
		n := len(body)
		if len(chunks) > 0 && chunks[i%len(chunks)] > 0 {
			n = min(n, chunks[i%len(chunks)])
		}
		m.Write(body[:n])
		body = body[n:]
		if m.held > maxHeld {
			return []byte(fmt.Sprintf("%d bytes held", m.held))
		}
	}
	if !m.ok() && len(raw) > 0 {
		return append([]byte{0}, raw...)
	}
	return m.Sum(nil)
}

// chunkings are the ways every table body is fed to the stream.
var chunkings = [][]int{nil, {1}, {2}, {3, 1}, {5, 7, 1}, {64}, {100, 1, 1}}

const fileHeader = `Content-Disposition: form-data; name="file"; filename="a.txt"` + "\r\nContent-Type: text/plain"

// multipartCases pairs bodies with their parts; parts nil means the body
// does not parse. The boundary is "B0" unless params says otherwise.
var multipartCases = []struct {
	name   string
	params string
	body   string
	parts  []mpPart
}{
	{"two parts", "", "--B0\r\n" + fileHeader + "\r\n\r\nhello\r\n--B0\r\nA: 1\r\n\r\nx\r\n--B0--",
		[]mpPart{{fileHeader, "hello"}, {"A: 1", "x"}}},
	{"final CRLF", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B0--\r\n", []mpPart{{"A: 1", "x"}}},
	{"no headers", "", "--B0\r\n\r\nx\r\n--B0--", []mpPart{{"", "x"}}},
	{"no headers, content starting with CRLF", "", "--B0\r\n\r\n\r\nx\r\n--B0--", []mpPart{{"", "\r\nx"}}},
	{"empty content", "", "--B0\r\nA: 1\r\n\r\n\r\n--B0--", []mpPart{{"A: 1", ""}}},
	{"no headers, empty content", "", "--B0\r\n\r\n\r\n--B0--", []mpPart{{"", ""}}},
	{"content with CR, LF, CRLF and an empty line", "", "--B0\r\nA: 1\r\n\r\na\r\rb\n\r\n\r\nc-B0\r\n\r\n--B0--", []mpPart{{"A: 1", "a\r\rb\n\r\n\r\nc-B0\r\n"}}},
	{"header lines of every kind of byte", "", "--B0\r\nA-b.C~!#$%&'*+^_`|9:\r\nX:\t v\x7e\x80\xff:;\r\n\r\nx\r\n--B0--", []mpPart{{"A-b.C~!#$%&'*+^_`|9:\r\nX:\t v\x7e\x80\xff:;", "x"}}},
	{"quoted boundary with a space", `; boundary="a b:c"`, "--a b:c\r\nA: 1\r\n\r\nx\r\n--a b:c--", []mpPart{{"A: 1", "x"}}},
	{"boundary of 70 bytes", "; boundary=" + strings.Repeat("b", 70), "--" + strings.Repeat("b", 70) + "\r\n\r\nx\r\n--" + strings.Repeat("b", 70) + "--", []mpPart{{"", "x"}}},
	{"all-dash boundary", "; boundary=--", "----\r\n\r\nx\r\n------", []mpPart{{"", "x"}}},

	// The body starts with D: no preamble.
	{"preamble", "", "preamble text\r\n--B0\r\nA: 1\r\n\r\nx\r\n--B0--", nil},
	{"preamble of one CRLF", "", "\r\n--B0\r\nA: 1\r\n\r\nx\r\n--B0--", nil},
	{"LF before the first delimiter", "", "\n--B0\r\nA: 1\r\n\r\nx\r\n--B0--\r\n", nil},
	{"CR before the first delimiter", "", "x\r--B0\r\nA: 1\r\n\r\nx\r\n--B0--\r\n", nil},
	{"zero parts, preamble", "", "pre\r\n--B0--", nil},
	// At least one part: Python's email finds no start delimiter in D "--".
	{"zero parts", "", "--B0--", nil},
	{"zero parts, final CRLF", "", "--B0--\r\n", nil},
	{"no delimiter", "", "A: 1\r\n\r\nx", nil},
	{"first delimiter cut short", "", "--B", nil},
	// After the close delimiter, an optional CRLF and nothing else.
	{"epilogue", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B0--\r\nepilogue", nil},
	{"junk right after the close delimiter", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B0--junk", nil},
	{"a part after the close delimiter", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B0--\r\n--B0\r\n\r\ny\r\n--B0--", nil},
	{"close delimiter and CR", "", "--B0\r\n\r\nx\r\n--B0--\r", nil},
	{"close delimiter and LF", "", "--B0\r\n\r\nx\r\n--B0--\n", nil},
	{"close delimiter and two CRLF", "", "--B0\r\n\r\nx\r\n--B0--\r\n\r\n", nil},
	{"close delimiter and padding", "", "--B0\r\n\r\nx\r\n--B0-- \r\n", nil},
	// Right after a D: CRLF or "--", no padding.
	{"padding", "", "--B0 \t \r\nA: 1\r\n\r\nx\r\n--B0--", nil},
	{"a space after a delimiter", "", "--B0 \r\nA: 1\r\n\r\nx\r\n--B0--", nil},
	{"padding before a later part", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B0\t\r\n\r\ny\r\n--B0--", nil},
	{"boundary prefixed by another", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B01\r\n--B0--", nil},
	{"junk after a delimiter", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B0x\r\n\r\ny\r\n--B0--", nil},
	{"one dash after a delimiter", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B0-x", nil},
	{"CR without LF after a delimiter", "", "--B0\rA: 1\r\n\r\nx\r\n--B0--", nil},
	{"LF-only line ends", "", "--B0\nA: 1\n\nx\n--B0--", nil},
	// D nowhere in a part.
	{"D inside content", "", "--B0\r\nA: 1\r\n\r\na--B0b\r\n--B0--", nil},
	{"D at the end of content", "", "--B0\r\nA: 1\r\n\r\na--B0\r\n--B0--", nil},
	{"CR before D in content", "", "--B0\r\nA: 1\r\n\r\na\r--B0\r\n\r\nb\r\n--B0--", nil},
	{"LF before D in content", "", "--B0\r\nA: 1\r\n\r\na\n--B0\r\n\r\nb\r\n--B0--", nil},
	{"D at the start of content", "", "--B0\r\nA: 1\r\n\r\n--B0\r\n\r\nx\r\n--B0--", nil},
	{"D in a header value", "", "--B0\r\nA: --B0\r\n\r\n" + strings.Repeat("x", 2*maxHeld) + "\r\n--B0--", nil},
	{"D as a header name", "", "--B0\r\n--B0:\r\n\r\n" + strings.Repeat("x", 2*maxHeld) + "\r\n--B0--", nil},
	{"part beginning with the delimiter", "", "--B0\r\n--B0\r\n\r\nx\r\n--B0--", nil},
	{"header block ending at the delimiter", "", "--B0\r\nA: 1\r\n\r\n--B0--", nil},
	{"empty part", "", "--B0\r\n\r\n--B0--", nil},
	// Header lines: token ":" field bytes, each ending in CRLF.
	{"part without an empty line", "", "--B0\r\nA: 1\r\n--B0--", nil},
	{"header line without a colon", "", "--B0\r\nA 1\r\n\r\nx\r\n--B0--", nil},
	{"space before the colon", "", "--B0\r\nA : 1\r\n\r\nx\r\n--B0--", nil},
	{"empty header name", "", "--B0\r\n: 1\r\n\r\nx\r\n--B0--", nil},
	{"folded header line", "", "--B0\r\nA: 1\r\n 2\r\n\r\nx\r\n--B0--", nil},
	{"header line starting with a space", "", "--B0\r\n A: 1\r\n\r\nx\r\n--B0--", nil},
	{"bare LF in a header line", "", "--B0\r\nA: 1\nB: 2\r\n\r\nx\r\n--B0--", nil},
	{"bare CR in a header line", "", "--B0\r\nA: 1\rB: 2\r\n\r\nx\r\n--B0--", nil},
	{"LF-only empty line", "", "--B0\r\nA: 1\r\n\nx\r\n--B0--", nil},
	{"control byte in a header value", "", "--B0\r\nA: \x01\r\n\r\nx\r\n--B0--", nil},
	{"DEL in a header value", "", "--B0\r\nA: \x7f\r\n\r\nx\r\n--B0--", nil},
	{"non-token byte in a header name", "", "--B0\r\nA\x80: 1\r\n\r\nx\r\n--B0--", nil},
	// Truncated bodies.
	{"truncated in content", "", "--B0\r\nA: 1\r\n\r\nhel", nil},
	{"truncated in headers", "", "--B0\r\nA: 1", nil},
	{"missing close delimiter", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B0\r\n", nil},
	{"ends right after a delimiter", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B0", nil},
	{"ends after one dash", "", "--B0\r\nA: 1\r\n\r\nx\r\n--B0-", nil},
	// No valid boundary.
	{"no boundary parameter", "; charset=utf-8", "--B0\r\nA: 1\r\n\r\nx\r\n--B0--", nil},
	{"invalid boundary parameter", "; boundary=B0;x", "--B0\r\nA: 1\r\n\r\nx\r\n--B0--", nil},
	{"escaped boundary", `; boundary="B\0"`, "--B0\r\nA: 1\r\n\r\nx\r\n--B0--", nil},
	{"empty body", "", "", nil},
}

func caseParams(params string) string {
	if params == "" {
		return "; boundary=B0"
	}
	return params
}

// TestMultipartRules checks every case against its parts, in the
// reference and in the stream fed in every chunking.
func TestMultipartRules(t *testing.T) {
	for _, c := range multipartCases {
		body := []byte(c.body)
		var want []byte
		switch {
		case len(body) == 0:
		case c.parts != nil:
			want = refEncodeParts(c.parts)
		default:
			want = append([]byte{0}, body...)
		}
		b, ok := boundaryParam(caseParams(c.params))
		if ref := refMultipartBody(body, b, ok); !bytes.Equal(ref, want) {
			t.Errorf("%s: reference body' %q, want %q", c.name, ref, want)
		}
		for _, ch := range chunkings {
			if got := streamMultipart(body, caseParams(c.params), ch); !bytes.Equal(got, want) {
				t.Errorf("%s: chunks %v: body' %q, want %q", c.name, ch, got, want)
			}
		}
	}
}

// randomParts returns n parts drawn from r, with headers and contents of
// various lengths (some empty), none holding the boundaries used below.
func randomParts(r *rand.Rand, n int) []mpPart {
	parts := make([]mpPart, n)
	for i := range parts {
		h := ""
		if r.Intn(4) > 0 {
			h = fmt.Sprintf("Content-Disposition: form-data; name=\"f%d\"", r.Intn(1000))
		}
		c := make([]byte, r.Intn(3)*r.Intn(300))
		for j := range c {
			c[j] = "ab\r\n-\x00\xff"[r.Intn(7)]
		}
		parts[i] = mpPart{h, string(c)}
	}
	return parts
}

func multipartKey(t *testing.T, ct string, body []byte) string {
	t.Helper()
	req := newRequest(t, "POST", "/v1/files", ct, string(body))
	key, err := RequestKey(req)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// TestMultipartKeyProperties: the same parts give one key whatever the
// boundary, with or without a final CRLF; any change to the parts gives
// another.
func TestMultipartKeyProperties(t *testing.T) {
	r := rand.New(rand.NewSource(13))
	type framing struct{ params, b, pre, pad, epi string }
	framings := []framing{
		{"; boundary=B0", "B0", "", "", ""},
		{"; boundary=\"quoted b'()+_,-./:=?\"", "quoted b'()+_,-./:=?", "", "", ""},
		{"; boundary=" + strings.Repeat("7", 70), strings.Repeat("7", 70), "", "", "\r\n"},
		{";boundary=x", "x", "", "", "\r\n"},
	}
	for trial := 0; trial < 40; trial++ {
		parts := randomParts(r, 1+r.Intn(6))
		var key string
		for i, f := range framings {
			body := buildMultipart(f.b, f.pre, f.pad, f.epi, parts)
			k := multipartKey(t, "multipart/form-data"+f.params, body)
			if i == 0 {
				key = k
			} else if k != key {
				t.Fatalf("parts %q: boundary %q gives %s, %q gives %s", parts, framings[0].b, key, f.b, k)
			}
		}
		ct := "multipart/form-data; boundary=B0"
		others := map[string][]mpPart{}
		if len(parts) > 0 {
			i := r.Intn(len(parts))
			q := append([]mpPart(nil), parts...)
			q = append(q[:i], q[i+1:]...)
			others["a part removed"] = q
			if p := parts[i]; p.h != "" {
				q := append([]mpPart(nil), parts...)
				j := r.Intn(len(p.h))
				q[i].h = p.h[:j] + string(p.h[j]^1) + p.h[j+1:]
				others["a header byte changed"] = q
			}
			if p := parts[i]; p.c != "" {
				q := append([]mpPart(nil), parts...)
				j := r.Intn(len(p.c))
				q[i].c = p.c[:j] + string(p.c[j]^0x20) + p.c[j+1:]
				others["a content byte changed"] = q
			}
			q = append([]mpPart(nil), parts...)
			q[i].h, q[i].c = splitElsewhere(q[i])
			others["header and content moved across the empty line"] = q
		}
		if len(parts) > 1 && parts[0] != parts[1] {
			q := append([]mpPart(nil), parts...)
			q[0], q[1] = q[1], q[0]
			others["two parts swapped"] = q
		}
		others["a part added"] = append(append([]mpPart(nil), parts...), mpPart{"", ""})
		for what, q := range others {
			if k := multipartKey(t, ct, buildMultipart("B0", "", "", "", q)); k == key {
				t.Errorf("parts %q: %s, same key %s", parts, what, k)
			}
		}
	}
}

// splitElsewhere moves the first byte of the content to the end of the header block,
// or the reverse: the same bytes in all, split at another place.
func splitElsewhere(p mpPart) (h, c string) {
	if p.c != "" && p.c[0] != '\r' && p.c[0] != '\n' {
		return p.h + p.c[:1], p.c[1:]
	}
	if p.h != "" {
		return p.h[:len(p.h)-1], p.h[len(p.h)-1:] + p.c
	}
	return "x", p.c
}

// TestMultipartDomains: a body that does not parse is hashed as 0x00 and
// its bytes, so that it never shares a key with a parsed body, nor with the
// same bytes sent as another media type.
func TestMultipartDomains(t *testing.T) {
	body := []byte("--B0\r\n\r\nx\r\n--B0")
	mp := multipartKey(t, "multipart/form-data; boundary=B0", body)
	if want := ScopedKey("", "POST", "/v1/files", "\x00"+string(body)); mp != want {
		t.Errorf("unparsed multipart key %s, want %s", mp, want)
	}
	if raw := multipartKey(t, "application/octet-stream", body); raw == mp {
		t.Errorf("unparsed multipart body and octet-stream share key %s", raw)
	}
	if empty := multipartKey(t, "multipart/form-data; boundary=B0", nil); empty != ScopedKey("", "POST", "/v1/files", "") {
		t.Errorf("empty multipart body: key %s, want that of an empty body'", empty)
	}
	// An empty body that is not http.NoBody, read on each path.
	for _, getBody := range []bool{true, false} {
		req := newRequest(t, "POST", "/v1/files", "multipart/form-data; boundary=B0", "")
		req.Body = io.NopCloser(iotest.HalfReader(strings.NewReader("")))
		req.GetBody = nil
		if getBody {
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("")), nil }
		}
		if k, err := RequestKey(req); err != nil || k != ScopedKey("", "POST", "/v1/files", "") {
			t.Errorf("empty body, GetBody %v: key %s, %v; want that of an empty body'", getBody, k, err)
		}
	}
	// The Content-Type under a lower-case map key, as it is sent.
	parts := []mpPart{{"A: 1", "x"}}
	req := newRequest(t, "POST", "/v1/files", "", string(buildMultipart("B0", "", "", "", parts)))
	req.Header["content-type"] = []string{"multipart/form-data; boundary=B0"}
	if k, err := RequestKey(req); err != nil || k != ScopedKey("", "POST", "/v1/files", string(refEncodeParts(parts))) {
		t.Errorf("Content-Type under a lower-case key: key %s, %v; want the parsed encoding's", k, err)
	}
}

// TestMultipartUUIDShape: the UUID shape hashes the same preimage.
func TestMultipartUUIDShape(t *testing.T) {
	for _, c := range multipartCases {
		ct := "multipart/form-data" + caseParams(c.params)
		b, ok := boundaryParam(caseParams(c.params))
		want := UUID5Key(NamespaceAnthropic, append([]byte("\x00POST\x00/v1/files\x00"), refMultipartBody([]byte(c.body), b, ok)...))
		req := newRequest(t, "POST", "/v1/files", ct, c.body)
		if got, err := (RequestKeys{Shape: UUIDKey}).RequestKey(req); err != nil || got != want {
			t.Errorf("%s: UUID key %s, %v; want %s", c.name, got, err, want)
		}
	}
}

// TestMultipartAllocs: once warm, the parser allocates nothing, however
// many parts and however large; and a multipart request key costs what any
// other does.
func TestMultipartAllocs(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	big := buildMultipart("B0", "", "", "", randomParts(r, 2000))
	huge := buildMultipart("B0", "", "", "", []mpPart{{"A: 1", strings.Repeat("y\r\n", 1<<18)}})
	m := new(multipartHash)
	out := sha256.New()
	for _, body := range [][]byte{big, huge} {
		allocs := testing.AllocsPerRun(5, func() {
			out.Reset()
			m.reset(out, "; boundary=B0", true)
			m.Write(body)
			if !m.ok() {
				t.Fatalf("state %d", m.state)
			}
		})
		if allocs != 0 {
			t.Errorf("%d bytes: %v allocations, want 0", len(body), allocs)
		}
	}
	if requestKeyAllocs < 0 {
		return
	}
	for _, body := range [][]byte{big, huge} {
		req := newRequest(t, "POST", "/v1/files", "multipart/form-data; boundary=B0", string(body))
		f := func() {
			if _, err := RequestKey(req); err != nil {
				t.Fatal(err)
			}
		}
		f()
		if allocs := testing.AllocsPerRun(10, f); allocs != requestKeyAllocs {
			t.Errorf("RequestKey of %d bytes: %v allocations, want %d", len(body), allocs, requestKeyAllocs)
		}
	}
}

// FuzzMultipart feeds a body in the chunking that cuts describes to the
// stream, and compares body' with the reference.
func FuzzMultipart(f *testing.F) {
	for _, c := range multipartCases {
		f.Add([]byte(c.body), caseParams(c.params), []byte{3, 1, 0})
	}
	f.Add(buildMultipart("B0", "", "", "\r\n", randomParts(rand.New(rand.NewSource(2)), 3)), "; boundary=B0", []byte{17})
	f.Fuzz(func(t *testing.T, body []byte, params string, cuts []byte) {
		b, ok := boundaryParam(params)
		want := refMultipartBody(body, b, ok)
		chunks := make([]int, len(cuts))
		for i, c := range cuts {
			chunks[i] = int(c)
		}
		if got := streamMultipart(body, params, chunks); !bytes.Equal(got, want) {
			t.Fatalf("params %q, chunks %v: body' %q, want %q", params, chunks, got, want)
		}
	})
}

// TestMultipartKeyBodyPaths: the key is the same whichever way the body is
// read (a copy from GetBody, an in-memory reader read in place, a reader
// held), for a body that parses and for one hashed raw, which each path
// reads a second time; and the body sent is the body, byte for byte.
func TestMultipartKeyBodyPaths(t *testing.T) {
	parts := []mpPart{{fileHeader, strings.Repeat("z", 40000)}}
	parsed := buildMultipart("B0", "", "", "", parts)
	unparsed := buildMultipart("B0", "", "", "\r\nepilogue", parts)
	for _, c := range []struct {
		body   []byte
		want   string
		parses bool
	}{
		{parsed, ScopedKey("", "POST", "/v1/files", string(refEncodeParts(parts))), true},
		{unparsed, ScopedKey("", "POST", "/v1/files", "\x00"+string(unparsed)), false},
	} {
		for _, path := range []string{"GetBody", "in memory", "held"} {
			for _, mw := range []bool{true, false} {
				req := newRequest(t, "POST", "/v1/files", "multipart/form-data; boundary=B0", string(c.body))
				calls := 0
				if path == "GetBody" {
					req.GetBody = func() (io.ReadCloser, error) {
						calls++
						return io.NopCloser(bytes.NewReader(c.body)), nil
					}
				} else {
					req.GetBody = nil
				}
				if path == "held" {
					req.Body = io.NopCloser(iotest.HalfReader(bytes.NewReader(c.body)))
				}
				var key string
				var sent []byte
				if mw {
					var rec recorder
					if _, err := Middleware(req, rec.next); err != nil {
						t.Fatal(err)
					}
					key, sent = rec.key, rec.body
				} else {
					var err error
					if key, err = RequestKey(req); err != nil {
						t.Fatal(err)
					}
					sent, _ = io.ReadAll(req.Body)
				}
				if key != c.want || !bytes.Equal(sent, c.body) {
					t.Errorf("%s, Middleware %v, parses %v: key %s, want %s; body intact %v", path, mw, c.parses, key, c.want, bytes.Equal(sent, c.body))
				}
				// One copy hashed, one sent, one more for the raw bytes, and
				// the recorder's own.
				if want := 3 - boolInt(c.parses) + boolInt(mw); path == "GetBody" && calls != want {
					t.Errorf("Middleware %v, parses %v: GetBody called %d times, want %d", mw, c.parses, calls, want)
				}
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestMultipartRawFromSharedReader: a GetBody that rewinds one shared
// reader is asked for the raw bytes of a body that does not parse before
// it is asked for the copy sent, so that the copy sent is not left read.
func TestMultipartRawFromSharedReader(t *testing.T) {
	body := buildMultipart("B0", "pre", "", "", []mpPart{{"A: 1", "x"}})
	shared := bytes.NewReader(body)
	req := newRequest(t, "POST", "/v1/files", "multipart/form-data; boundary=B0", "")
	req.Body = io.NopCloser(shared)
	req.GetBody = func() (io.ReadCloser, error) {
		shared.Seek(0, io.SeekStart)
		return io.NopCloser(shared), nil
	}
	var rec recorder
	if _, err := Middleware(req, rec.next); err != nil {
		t.Fatal(err)
	}
	if want := ScopedKey("", "POST", "/v1/files", "\x00"+string(body)); rec.key != want || !bytes.Equal(rec.body, body) {
		t.Errorf("key %s, want %s; body sent %q", rec.key, want, rec.body)
	}
}

// TestMultipartRawGetBodyFails: when GetBody fails when asked again for the
// raw bytes, no key can be computed and nothing is sent.
func TestMultipartRawGetBodyFails(t *testing.T) {
	body := buildMultipart("B0", "pre", "", "", []mpPart{{"A: 1", "x"}})
	req := newRequest(t, "POST", "/v1/files", "multipart/form-data; boundary=B0", string(body))
	calls := 0
	req.GetBody = func() (io.ReadCloser, error) {
		if calls++; calls > 1 {
			return nil, errors.New("gone")
		}
		return io.NopCloser(bytes.NewReader(body)), nil
	}
	var rec recorder
	if _, err := Middleware(req, rec.next); err == nil || !strings.Contains(err.Error(), "gone") || rec.calls != 0 {
		t.Errorf("error %v, next called %d times; want GetBody's error and no call", err, rec.calls)
	}
}

// TestMultipartHashReset: after Reset, the hash is that of a fresh one
// over hashers with no prefix, as hash.Hash requires.
func TestMultipartHashReset(t *testing.T) {
	body := buildMultipart("B0", "", "", "", []mpPart{{"A: 1", "x"}})
	for _, params := range []string{"; boundary=B0", "; boundary=B0;x"} {
		fresh := new(multipartHash)
		fresh.reset(sha256.New(), params, true)
		fresh.Write(body)
		m := new(multipartHash)
		out := sha256.New()
		out.Write([]byte("prefix"))
		m.reset(out, params, true)
		m.Write(body[:7])
		m.Reset()
		m.Write(body)
		if got, want := m.Sum(nil), fresh.Sum(nil); !bytes.Equal(got, want) || m.ok() != fresh.ok() {
			t.Errorf("%s: after Reset %x, %v; fresh %x, %v", params, got, m.ok(), want, fresh.ok())
		}
		if m.Size() != sha256.Size || m.BlockSize() != sha256.BlockSize {
			t.Errorf("Size %d, BlockSize %d", m.Size(), m.BlockSize())
		}
	}
}

// BenchmarkMultipartKey compares the key of an upload, one file part of
// each size, as multipart (parsed), as application/octet-stream (the raw
// bytes hashed), and SHA-256 of the body held in memory, the floor:
//
//	go test -run '^$' -bench MultipartKey -benchtime 200ms
func BenchmarkMultipartKey(b *testing.B) {
	r := rand.New(rand.NewSource(3))
	for _, size := range []int{1 << 10, 1 << 20, 64 << 20} {
		content := make([]byte, size)
		r.Read(content)
		body := buildMultipart("B0", "", "", "", []mpPart{{fileHeader, string(content)}, {`Content-Disposition: form-data; name="purpose"`, "user_data"}})
		for _, c := range []struct{ name, ct string }{
			{"multipart", "multipart/form-data; boundary=B0"},
			{"raw", "application/octet-stream"},
		} {
			b.Run(fmt.Sprintf("size=%d/type=%s", size, c.name), func(b *testing.B) {
				// A body from bytes, with the GetBody that http.NewRequest
				// gives it, as the SDKs send an upload.
				req, err := http.NewRequest("POST", "https://api.example.com/v1/files", bytes.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				req.Header.Set("Content-Type", c.ct)
				b.ReportAllocs()
				b.SetBytes(int64(len(body)))
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if _, err := RequestKey(req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(fmt.Sprintf("size=%d/type=sha256", size), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for i := 0; i < b.N; i++ {
				sinkSum = sha256.Sum256(body)
			}
		})
	}
}

// goParts reads a request body as a Go server does, with mime/multipart:
// the boundary from mime.ParseMediaType, each part's header and raw
// content.
func goParts(ct string, body []byte) ([]goPart, error) {
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil, err
	}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var parts []goPart
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			return parts, nil
		}
		if err != nil {
			return nil, err
		}
		c, err := io.ReadAll(p)
		if err != nil {
			return nil, err
		}
		parts = append(parts, goPart{textproto.MIMEHeader(p.Header), string(c)})
	}
}

// goPart is a part as mime/multipart reads it.
type goPart struct {
	h textproto.MIMEHeader
	c string
}

// mimeHeader is H read as textproto does: each line's name in canonical
// form, its value without the spaces and tabs around it.
func mimeHeader(h string) textproto.MIMEHeader {
	m := textproto.MIMEHeader{}
	if h == "" {
		return m
	}
	for _, line := range strings.Split(h, "\r\n") {
		name, value, _ := strings.Cut(line, ":")
		m.Add(name, strings.Trim(value, " \t"))
	}
	return m
}

// TestMultipartCollisions: bodies that a server reads as different parts,
// which an earlier, lenient grammar gave one key, get two. Each pair is
// first read by mime/multipart, to show that a Go server tells them apart
// (Python's email tells the bodies of "bytes after the close delimiter"
// apart: it reads "--B--junk" as content, not as the close).
func TestMultipartCollisions(t *testing.T) {
	const part = "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	for _, c := range []struct {
		name, ct, body string
		goReads        bool // mime/multipart reads the payload
	}{
		{"LF before the first delimiter", "multipart/form-data; boundary=B",
			"\n--B\r\n" + part + "PAYLOAD\r\n--B--\r\n", true},
		{"CR before the first delimiter", "multipart/form-data; boundary=B",
			"x\r--B\r\n" + part + "PAYLOAD\r\n--B--\r\n", false},
		{"bytes after the close delimiter", "multipart/form-data; boundary=B",
			"--B\r\n" + part + "x\r\n--B--junk\r\n--B\r\n" + part + "PAYLOAD\r\n--B--\r\n", false},
		{"quoted-pair in the boundary", `multipart/form-data; boundary="a\bc"`,
			"--a\\bc\r\n" + part + "PAYLOAD\r\n--a\\bc--\r\n--abc\r\n" + part + "tail\r\n--abc--\r\n", true},
		{"RFC 2231 boundary*", `multipart/form-data; boundary=X; boundary*=utf-8''Y`,
			"--Y\r\n" + part + "PAYLOAD\r\n--Y--\r\n--X\r\n" + part + "tail\r\n--X--\r\n", true},
		{"RFC 2231 boundary*0", `multipart/form-data; boundary=X; boundary*0=Y`,
			"--Y\r\n" + part + "PAYLOAD\r\n--Y--\r\n--X\r\n" + part + "tail\r\n--X--\r\n", true},
	} {
		one := strings.Replace(c.body, "PAYLOAD", "ONE", 1)
		two := strings.Replace(c.body, "PAYLOAD", "TWO", 1)
		if c.goReads {
			p, err := goParts(c.ct, []byte(one))
			if err != nil || len(p) == 0 || p[0].c != "ONE" {
				t.Errorf("%s: mime/multipart reads %v, %v; want the first part ONE", c.name, p, err)
			}
		}
		k1, k2 := multipartKey(t, c.ct, []byte(one)), multipartKey(t, c.ct, []byte(two))
		if k1 == k2 {
			t.Errorf("%s: ONE and TWO share key %s", c.name, k1)
		}
		if want := ScopedKey("", "POST", "/v1/files", "\x00"+one); k1 != want {
			t.Errorf("%s: key %s, want the raw fallback's %s", c.name, k1, want)
		}
	}
}

// TestMultipartTwoContentTypes: with two Content-Type values, servers
// differ on the one that counts, so the body is hashed raw.
func TestMultipartTwoContentTypes(t *testing.T) {
	body := "--B0\r\n\r\nx\r\n--B0--"
	for _, h := range []http.Header{
		{"Content-Type": {"multipart/form-data; boundary=B0", "multipart/form-data; boundary=Z"}},
		{"Content-Type": {"multipart/form-data; boundary=B0"}, "content-type": {"text/plain"}},
	} {
		req := newRequest(t, "POST", "/v1/files", "", body)
		req.Header = h
		got, err := RequestKey(req)
		if want := ScopedKey("", "POST", "/v1/files", "\x00"+body); err != nil || got != want {
			t.Errorf("%v: key %s, %v; want the raw fallback's %s", h, got, err, want)
		}
	}
}

// FuzzMultipartMatchesMime: whenever the strict grammar parses a body,
// mime/multipart reads the same parts from it: the same contents, byte for
// byte, and the same headers.
func FuzzMultipartMatchesMime(f *testing.F) {
	for _, c := range multipartCases {
		f.Add([]byte(c.body), caseParams(c.params))
	}
	f.Fuzz(func(t *testing.T, body []byte, params string) {
		b, ok := boundaryParam(params)
		if !ok {
			return
		}
		ours, ok := refMultipartParts(body, b)
		if got := streamMultipart(body, params, []int{7}); ok != (len(got) > 0 && got[0] == 1) {
			t.Fatalf("params %q, body %q: the stream parsed %v, the reference %v", params, body, !ok, ok)
		}
		if !ok {
			return
		}
		theirs, err := goParts("multipart/form-data"+params, body)
		if err != nil || len(theirs) != len(ours) {
			t.Fatalf("params %q, body %q: mime/multipart reads %d parts, %v; the grammar %d", params, body, len(theirs), err, len(ours))
		}
		for i, p := range ours {
			if q := theirs[i]; q.c != p.c || !reflect.DeepEqual(q.h, mimeHeader(p.h)) {
				t.Fatalf("params %q, body %q: part %d is %q %q to mime/multipart, %q %q to the grammar", params, body, i, q.h, q.c, p.h, p.c)
			}
		}
	})
}
