package bench

// Differential test of the multipart body': the strict rule, written here
// as a slow reference, against Go's mime/multipart and Python's email
// package (multipart_parse.py), and the library's RequestKey against the
// reference.
//
// The rule leaves the boundary (and a final CRLF) out of the key, which is
// safe only when no byte left out can be read as structure by a real
// parser. So wherever the reference parses a body, both parsers must find
// exactly the reference's parts (property a); the library's key must be the
// reference's (property b); and two requests that share a key must be
// parsed alike by each parser (property c). Last, weaker references, each
// a plausible mistake, must make property a or c fail: that shows the cases
// reach what the rule guards against.
//
// The reference is the rule with five tightenings (see mpRule), each made
// where Go or Python read a case the rule's first text parsed otherwise:
// zero parts, an empty parameter, a parameter name twice, '*' in a
// parameter name and a media subtype that is not a token give no parse.

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/agentidemp/agentidemp-go"
)

// mpSeed seeds the random cases, so that a failure reproduces.
const mpSeed = 2046

// mpField is one Content-Type field value of a request, with the name it
// is sent under.
type mpField struct{ name, value string }

// mpPart is a part as the generator writes it: its header lines and its
// content, or, when head is not nil, the verbatim bytes before the content
// (for parts whose header block is malformed on purpose).
type mpPart struct {
	lines   [][]byte
	content []byte
	head    []byte
}

type mpCase struct {
	label  string
	fields []mpField
	body   []byte
	// format is the Content-Type with "{B}" where the boundary goes: two
	// cases with the same format differ at most in the boundary.
	format string
	// built is set for the bodies written to the rule from parts; the
	// reference must find exactly these parts in them.
	built bool
	parts []mpPart
	// expect is 1 when the reference must parse the case, -1 when it must
	// not, 0 when not known.
	expect int8
	// goLimit marks a case past a limit of Go's mime/multipart (10,000
	// header lines in a part): Go refusing it is logged, not failed.
	goLimit bool
	// twin, when not 0, is 1 + the index of a case built from the same
	// parts with another boundary or final CRLF: the two share a key.
	twin int
}

// ---------------------------------------------------------------------------
// The reference: the strict rule, written from its text, slow and plain.

// mpRule is the rule with switches. mpStrict is the one the library must
// follow. The first five switches tighten the rule beyond its first text
// where Go's mime/multipart or Python's email parse a body that text
// accepts otherwise than it does (see TestMultipartDifferential); the
// others weaken it, each in a way the test must notice.
type mpRule struct {
	// tokenSubtype: B is valid only when the media subtype is a token
	// (Go refuses others; Python reads "multipart/a b" as multipart but
	// "multipart/a/b" as text/plain).
	tokenSubtype bool
	// plainParams: no empty parameter, but one ";" after the last (Go
	// refuses ";;" and "; ;").
	plainParams bool
	// uniqueParams: no parameter name twice, in any case (Go refuses a
	// name given two values).
	uniqueParams bool
	// noStarParams: no parameter name holds '*' (Python raises on "x*"
	// beside "x*0"; both parsers decode RFC 2231 names).
	noStarParams bool
	// partsRequired: zero parts do not parse (Python records
	// StartBoundaryNotFoundDefect for "--B--", Go finds zero parts).
	partsRequired bool

	allowQuotedPair  bool // a quoted-pair in a quoted-string stands for its character
	noWordCount      bool // only the parameter names are checked for "boundary"
	allowPreamble    bool // the first delimiter may follow anything and a CRLF
	allowPadding     bool // spaces and tabs after a delimiter line's D and after the close "--"
	allowEpilogue    bool // anything after the close delimiter's CRLF
	allowDelimInPart bool // a part ends at the first CRLF D, and may hold D elsewhere
	allowLFDelimiter bool // a delimiter line may end in LF alone
}

var mpStrict = mpRule{tokenSubtype: true, plainParams: true, uniqueParams: true, noStarParams: true, partsRequired: true}

const mpBchars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'()+_,-./:=? "

func mpIsTchar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func mpTokenLen(s string) int {
	n := 0
	for n < len(s) && mpIsTchar(s[n]) {
		n++
	}
	return n
}

func mpLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func mpTrimOWS(s string) string { return strings.TrimLeft(s, " \t") }

// multipartType returns the parameters of the Content-Type value ct (from
// its first ';') and whether its media type is multipart/ and a non-empty
// subtype, ASCII case ignored, spaces and tabs around it ignored.
func (mpRule) multipartType(ct string) (subtype, params string, ok bool) {
	mt := ct
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		mt, params = ct[:i], ct[i:]
	}
	mt = strings.Trim(mt, " \t")
	const prefix = "multipart/"
	if len(mt) <= len(prefix) || mpLower(mt[:len(prefix)]) != prefix {
		return "", "", false
	}
	return mt[len(prefix):], params, true
}

// boundary returns B from the Content-Type values of a request whose
// first value has a multipart media type.
func (rule mpRule) boundary(fields []mpField) (string, bool) {
	if len(fields) != 1 {
		return "", false
	}
	subtype, params, _ := rule.multipartType(fields[0].value)
	if rule.tokenSubtype && mpTokenLen(subtype) != len(subtype) {
		return "", false
	}
	var names []string
	b, found := "", false
	for p := params; ; {
		p = mpTrimOWS(p)
		if p == "" {
			break
		}
		if p[0] != ';' {
			return "", false
		}
		p = mpTrimOWS(p[1:])
		if p == "" {
			break
		}
		if p[0] == ';' {
			if rule.plainParams {
				return "", false
			}
			continue
		}
		n := mpTokenLen(p)
		if n == 0 || n == len(p) || p[n] != '=' {
			return "", false
		}
		name := mpLower(p[:n])
		p = p[n+1:]
		var value []byte
		if p != "" && p[0] == '"' {
			i := 1
			for ; i < len(p) && p[i] != '"'; i++ {
				c := p[i]
				switch {
				case c == '\\' && rule.allowQuotedPair:
					i++
					if i == len(p) || !(p[i] == '\t' || p[i] >= 0x20 && p[i] != 0x7f) {
						return "", false
					}
					value = append(value, p[i])
				case c == '\t' || c == ' ' || c == 0x21 || 0x23 <= c && c <= 0x7e && c != '\\' && c != ';' || c >= 0x80:
					value = append(value, c)
				default:
					return "", false
				}
			}
			if i == len(p) {
				return "", false
			}
			p = p[i+1:]
		} else {
			n := mpTokenLen(p)
			if n == 0 {
				return "", false
			}
			value, p = []byte(p[:n]), p[n:]
		}
		if rule.noStarParams && strings.Contains(name, "*") {
			return "", false
		}
		for _, seen := range names {
			if rule.uniqueParams && seen == name {
				return "", false
			}
		}
		names = append(names, name)
		if name == "boundary" {
			if found {
				return "", false
			}
			b, found = string(value), true
		}
	}
	if len(names) > 16 {
		return "", false
	}
	if !found || !rule.noWordCount && strings.Count(mpLower(params), "boundary") != 1+strings.Count(mpLower(b), "boundary") {
		return "", false
	}
	if len(b) < 1 || len(b) > 70 || b[len(b)-1] == ' ' {
		return "", false
	}
	for i := 0; i < len(b); i++ {
		if strings.IndexByte(mpBchars, b[i]) < 0 {
			return "", false
		}
	}
	return b, true
}

// refPart is a part as the reference finds it: its header block H and its
// content C.
type refPart struct{ h, c []byte }

// parse returns the parts of body under boundary b, and whether it parses:
//
//	body   = D *( CRLF part CRLF D ) "--" [ CRLF ]
//	part   = *( header-line CRLF ) CRLF content
//	header-line = token ":" *( HTAB / SP / %x21-7E / %x80-FF )
//
// with D = "--" b and no part holding D.
func (rule mpRule) parse(b string, body []byte) ([]refPart, bool) {
	d := []byte("--" + b)
	crlfD := append([]byte("\r\n"), d...)
	var pos int
	if rule.allowPreamble {
		i := bytes.Index(append([]byte("\r\n"), body...), crlfD)
		if i < 0 {
			return nil, false
		}
		pos = i + len(d)
	} else {
		if !bytes.HasPrefix(body, d) {
			return nil, false
		}
		pos = len(d)
	}
	var parts []refPart
	for {
		padded := false
		if rule.allowPadding {
			for pos < len(body) && (body[pos] == ' ' || body[pos] == '\t') {
				pos, padded = pos+1, true
			}
		}
		rest := body[pos:]
		if !padded && bytes.HasPrefix(rest, []byte("--")) {
			tail := rest[2:]
			if rule.allowPadding {
				tail = bytes.TrimLeft(tail, " \t")
			}
			if len(tail) > 0 && !bytes.Equal(tail, []byte("\r\n")) &&
				!(rule.allowEpilogue && bytes.HasPrefix(tail, []byte("\r\n"))) {
				return nil, false
			}
			if len(parts) == 0 && rule.partsRequired {
				return nil, false
			}
			return parts, true
		}
		switch {
		case bytes.HasPrefix(rest, []byte("\r\n")):
			pos += 2
		case rule.allowLFDelimiter && bytes.HasPrefix(rest, []byte("\n")):
			pos++
		default:
			return nil, false
		}
		start, end := pos, 0
		if rule.allowDelimInPart {
			k := bytes.Index(body[start:], crlfD)
			if k < 0 {
				return nil, false
			}
			end = start + k
		} else {
			// The first D after the part's start is the delimiter that
			// ends it, preceded by CRLF: then the part holds no D.
			j := bytes.Index(body[start:], d)
			if j < 2 || body[start+j-2] != '\r' || body[start+j-1] != '\n' {
				return nil, false
			}
			end = start + j - 2
		}
		h, c, ok := mpSplitPart(body[start:end])
		if !ok {
			return nil, false
		}
		parts = append(parts, refPart{h, c})
		pos = end + len(crlfD)
	}
}

// mpSplitPart splits a part into its header block and content.
func mpSplitPart(part []byte) (h, c []byte, ok bool) {
	if bytes.HasPrefix(part, []byte("\r\n")) {
		return part[:0], part[2:], true
	}
	k := bytes.Index(part, []byte("\r\n\r\n"))
	if k < 0 {
		return nil, nil, false
	}
	h, c = part[:k], part[k+4:]
	for _, line := range bytes.Split(h, []byte("\r\n")) {
		n := mpTokenLen(string(line))
		if n == 0 || n == len(line) || line[n] != ':' {
			return nil, nil, false
		}
		for _, ch := range line[n+1:] {
			if !(ch == '\t' || ch == ' ' || 0x21 <= ch && ch <= 0x7e || ch >= 0x80) {
				return nil, nil, false
			}
		}
	}
	return h, c, true
}

// result is what the reference makes of a case: whether the first
// Content-Type value is multipart, whether the body parsed, its parts.
type refResult struct {
	multipart, parsed bool
	parts             []refPart
}

func (rule mpRule) result(c *mpCase) refResult {
	if len(c.fields) == 0 {
		return refResult{}
	}
	if _, _, ok := rule.multipartType(c.fields[0].value); !ok {
		return refResult{}
	}
	res := refResult{multipart: true}
	if b, ok := rule.boundary(c.fields); ok {
		res.parts, res.parsed = rule.parse(b, c.body)
	}
	return res
}

// bodyPrime is body' of the case: empty for an empty body; the raw body
// for a media type that is not multipart (no case is JSON-typed); for a
// multipart one, 0x01 and a record of each part when the body parses,
// else 0x00 and the raw body.
func (rule mpRule) bodyPrime(c *mpCase) []byte {
	if len(c.body) == 0 {
		return nil
	}
	res := rule.result(c)
	switch {
	case !res.multipart:
		return c.body
	case !res.parsed:
		return append([]byte{0}, c.body...)
	}
	out := []byte{1}
	for _, p := range res.parts {
		for _, e := range [][]byte{p.h, p.c} {
			sum := sha256.Sum256(e)
			out = binary.BigEndian.AppendUint64(out, uint64(len(e)))
			out = append(out, sum[:]...)
		}
	}
	return out
}

// mpTarget is the request target of every case.
const mpTarget = "/upload"

// key is the hex key of a POST to mpTarget in the empty scope:
// "ik_" + hex(SHA-256(scope || 0x00 || METHOD || 0x00 || target || 0x00 ||
// body')[:16]).
func (rule mpRule) key(c *mpCase) string {
	pre := []byte("\x00POST\x00" + mpTarget + "\x00")
	sum := sha256.Sum256(append(pre, rule.bodyPrime(c)...))
	return "ik_" + hex.EncodeToString(sum[:16])
}

// ---------------------------------------------------------------------------
// The library's key and the two parsers.

func mpRequest(t *testing.T, c *mpCase) *http.Request {
	req, err := http.NewRequest("POST", "http://x"+mpTarget, bytes.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range c.fields {
		req.Header[f.name] = append(req.Header[f.name], f.value)
	}
	return req
}

func libraryKey(t *testing.T, c *mpCase) string {
	k, err := agentidemp.RequestKey(mpRequest(t, c))
	if err != nil {
		t.Fatalf("%s: RequestKey: %v", c.label, err)
	}
	return k
}

// mpPair is a header field as a parser gives it: the name in lower case,
// the value without spaces and tabs around it.
type mpPair struct{ name, value string }

type parsedPart struct {
	fields []mpPair // sorted
	// content is the part's content; nested, for Python, replaces it for a
	// part of a multipart/* or message/* type.
	content []byte
	nested  string
	defects []string
}

type parseResult struct {
	ok      bool
	why     string
	parts   []parsedPart
	defects []string
}

// sig is a canonical form of the result, equal for two results exactly
// when the parser made the same of both bodies.
func (p *parseResult) sig() string {
	if !p.ok {
		return "refused"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%q", p.defects)
	for _, q := range p.parts {
		fmt.Fprintf(&b, "|%q %q %x %q", q.fields, q.defects, q.content, q.nested)
	}
	return b.String()
}

func (p *parseResult) String() string {
	if !p.ok {
		return "refused (" + p.why + ")"
	}
	var parts []string
	for _, q := range p.parts {
		s := fmt.Sprintf("{%q ", q.fields)
		if q.nested != "" {
			s += "nested " + mpClip([]byte(q.nested))
		} else {
			s += mpEsc(q.content)
		}
		if len(q.defects) > 0 {
			s += fmt.Sprintf(" defects %q", q.defects)
		}
		parts = append(parts, s+"}")
	}
	return fmt.Sprintf("%d parts %s", len(parts), strings.Join(parts, " "))
}

func mpSortPairs(p []mpPair) []mpPair {
	sort.Slice(p, func(i, j int) bool {
		if p[i].name != p[j].name {
			return p[i].name < p[j].name
		}
		return p[i].value < p[j].value
	})
	return p
}

// refFields splits the header block of a reference part into the pairs a
// parser gives: each line at its first ':', the name lower-cased, the value
// trimmed.
func refFields(h []byte) []mpPair {
	out := []mpPair{}
	if len(h) == 0 {
		return out
	}
	for _, line := range bytes.Split(h, []byte("\r\n")) {
		name, value, _ := bytes.Cut(line, []byte(":"))
		out = append(out, mpPair{mpLower(string(name)), string(bytes.Trim(value, " \t"))})
	}
	return mpSortPairs(out)
}

// goParse parses a case as a Go server would: the first Content-Type value,
// mime.ParseMediaType, a multipart/ media type, its boundary parameter,
// then mime/multipart's NextRawPart to the end.
func goParse(c *mpCase) parseResult {
	h := http.Header{}
	for _, f := range c.fields {
		h[f.name] = append(h[f.name], f.value)
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return parseResult{why: "ParseMediaType: " + err.Error()}
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return parseResult{why: "media type " + mt}
	}
	b, ok := params["boundary"]
	if !ok {
		return parseResult{why: "no boundary parameter"}
	}
	r := multipart.NewReader(bytes.NewReader(c.body), b)
	res := parseResult{ok: true}
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			return res
		}
		if err != nil {
			return parseResult{why: fmt.Sprintf("part %d: %v", len(res.parts), err)}
		}
		content, err := io.ReadAll(p)
		if err != nil {
			return parseResult{why: fmt.Sprintf("part %d content: %v", len(res.parts), err)}
		}
		fields := []mpPair{}
		for k, vs := range p.Header {
			for _, v := range vs {
				fields = append(fields, mpPair{mpLower(k), strings.Trim(v, " \t")})
			}
		}
		res.parts = append(res.parts, parsedPart{fields: mpSortPairs(fields), content: content})
	}
}

// pythonParse parses every case with multipart_parse.py in one python3
// process.
func pythonParse(t *testing.T, python string, cases []mpCase) []parseResult {
	type input struct {
		H [][2]string `json:"h"`
		B string      `json:"b"`
	}
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for i := range cases {
		c := &cases[i]
		x := input{H: [][2]string{}, B: hex.EncodeToString(c.body)}
		for _, f := range c.fields {
			x.H = append(x.H, [2]string{f.name, hex.EncodeToString([]byte(f.value))})
		}
		if err := enc.Encode(x); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(python, "multipart_parse.py")
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 multipart_parse.py: %v\n%s", err, stderr.Bytes())
	}
	type output struct {
		OK    bool     `json:"ok"`
		Why   string   `json:"why"`
		D     []string `json:"d"`
		Parts []struct {
			H [][2]string `json:"h"`
			C *string     `json:"c"`
			N string      `json:"n"`
			D []string    `json:"d"`
		} `json:"parts"`
	}
	unhex := func(s string) string {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatalf("python output: %v", err)
		}
		return string(b)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	results := make([]parseResult, len(cases))
	for i := range results {
		var o output
		if err := dec.Decode(&o); err != nil {
			t.Fatalf("python output, case %d of %d: %v", i, len(cases), err)
		}
		res := parseResult{ok: o.OK, why: o.Why, defects: o.D}
		for _, p := range o.Parts {
			q := parsedPart{fields: []mpPair{}, defects: p.D, nested: p.N}
			for _, f := range p.H {
				q.fields = append(q.fields, mpPair{unhex(f[0]), unhex(f[1])})
			}
			mpSortPairs(q.fields)
			if p.C != nil {
				q.content = []byte(unhex(*p.C))
			}
			res.parts = append(res.parts, q)
		}
		results[i] = res
	}
	if dec.More() {
		t.Fatal("python output: more results than cases")
	}
	return results
}

// sameParts reports how a parser's result differs from the reference's
// parts ("" when it does not): the same number of parts, each with the
// same header fields as a multiset and the same content (not compared for
// a part the parser read as a message of its own).
func sameParts(ref []refPart, got *parseResult) string {
	if !got.ok {
		return "refused: " + got.why
	}
	if len(got.parts) != len(ref) {
		return fmt.Sprintf("%d parts, the reference %d", len(got.parts), len(ref))
	}
	for i, p := range ref {
		q := &got.parts[i]
		if want := refFields(p.h); fmt.Sprint(want) != fmt.Sprint(q.fields) {
			return fmt.Sprintf("part %d: header fields %q, the reference %q", i, q.fields, want)
		}
		if q.nested == "" && !bytes.Equal(q.content, p.c) {
			return fmt.Sprintf("part %d: content %s, the reference %s", i, mpClip(q.content), mpClip(p.c))
		}
	}
	return ""
}

// mpEsc writes b as a quoted string of printable ASCII, \r, \n, \t, \" and
// \\, and \xNN for every other byte.
func mpEsc(b []byte) string {
	var s strings.Builder
	s.WriteByte('"')
	for _, c := range b {
		switch {
		case c == '\r':
			s.WriteString(`\r`)
		case c == '\n':
			s.WriteString(`\n`)
		case c == '\t':
			s.WriteString(`\t`)
		case c == '"' || c == '\\':
			s.WriteByte('\\')
			s.WriteByte(c)
		case 0x20 <= c && c < 0x7f:
			s.WriteByte(c)
		default:
			fmt.Fprintf(&s, `\x%02x`, c)
		}
	}
	s.WriteByte('"')
	return s.String()
}

// mpClip is mpEsc of at most the first 300 bytes of b.
func mpClip(b []byte) string {
	if len(b) > 300 {
		return mpEsc(b[:300]) + fmt.Sprintf("... (%d bytes)", len(b))
	}
	return mpEsc(b)
}

// kind is the case's label without the list of edits of a mutated body.
func (c *mpCase) kind() string {
	if k, _, ok := strings.Cut(c.label, ":"); ok && k == "mutated" {
		return k
	}
	return c.label
}

func (c *mpCase) String() string {
	var cts []string
	for _, f := range c.fields {
		cts = append(cts, f.name+": "+mpEsc([]byte(f.value)))
	}
	return fmt.Sprintf("%s [%s] body %s", c.label, strings.Join(cts, ", "), mpClip(c.body))
}

// ---------------------------------------------------------------------------
// The test.

// mpFindPython returns the path of python3, or skips the test (fails it
// where AGENTIDEMP_REQUIRE_PYTHON or CI is set) when it is missing.
func mpFindPython(t *testing.T) string {
	path, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("AGENTIDEMP_REQUIRE_PYTHON") != "" || os.Getenv("CI") != "" {
			t.Fatalf("python3 is required (AGENTIDEMP_REQUIRE_PYTHON or CI is set) but not found: %v", err)
		}
		t.Skip("python3 not installed")
	}
	return path
}

// mpVectorCase is a multipart row of ../testdata/vectors.json: its case,
// and the key the row gives with its scope and target.
type mpVectorCase struct {
	scope, target, key string
}

// vectorCases returns the multipart rows of ../testdata/vectors.json as
// cases.
func vectorCases(t *testing.T) ([]mpCase, []mpVectorCase) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		HTTPRequest []struct {
			Comment     string            `json:"comment"`
			Target      string            `json:"target"`
			ContentType *string           `json:"content_type"`
			Scope       map[string]string `json:"scope"`
			Body        map[string]string `json:"body"`
			Key         string            `json:"key"`
		} `json:"http_request"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	bytesOf := func(m map[string]string) []byte {
		if s, ok := m["utf8"]; ok {
			return []byte(s)
		}
		b, err := hex.DecodeString(m["hex"])
		if err != nil || len(m) != 1 {
			t.Fatalf("vectors.json: bad byte string %v", m)
		}
		return b
	}
	var cases []mpCase
	var rows []mpVectorCase
	for _, r := range v.HTTPRequest {
		if r.ContentType == nil {
			continue
		}
		c := mpCase{
			label:  "vectors.json: " + r.Comment,
			fields: []mpField{{"Content-Type", *r.ContentType}},
			body:   bytesOf(r.Body),
			format: *r.ContentType,
		}
		if _, _, ok := mpStrict.multipartType(*r.ContentType); !ok || len(c.body) == 0 {
			continue
		}
		cases = append(cases, c)
		rows = append(rows, mpVectorCase{string(bytesOf(r.Scope)), r.Target, r.Key})
	}
	if len(cases) == 0 {
		t.Fatal("vectors.json: no multipart rows")
	}
	return cases, rows
}

func TestMultipartDifferential(t *testing.T) {
	cases := multipartCases()
	vcases, vrows := vectorCases(t)
	first := len(cases)
	cases = append(cases, vcases...)

	// The rows of vectors.json, made by gen_vectors.py from how it builds
	// each body, give the reference's keys.
	t.Run("reference on vectors.json", func(t *testing.T) {
		for n, row := range vrows {
			c := &cases[first+n]
			pre := []byte(row.scope + "\x00POST\x00" + row.target + "\x00")
			sum := sha256.Sum256(append(pre, mpStrict.bodyPrime(c)...))
			if k := "ik_" + hex.EncodeToString(sum[:16]); k != row.key {
				t.Errorf("%s: the reference's key %s, the row's %s", c, k, row.key)
			}
		}
		t.Logf("%d rows", len(vrows))
	})

	refs := make([]refResult, len(cases))
	goRes := make([]parseResult, len(cases))
	parsed := 0
	for i := range cases {
		refs[i] = mpStrict.result(&cases[i])
		goRes[i] = goParse(&cases[i])
		if refs[i].parsed {
			parsed++
		}
	}
	t.Logf("%d cases, %d of them parsed by the reference", len(cases), parsed)

	// The built bodies are the rule's by construction: the reference must
	// find their parts (zero parts aside, which the rule refuses).
	t.Run("reference on built bodies", func(t *testing.T) {
		bad := 0
		for i := range cases {
			c := &cases[i]
			if !c.built {
				continue
			}
			want := len(c.parts) > 0
			ok := refs[i].parsed == want
			if ok && want {
				for j, p := range c.parts {
					h := bytes.Join(p.lines, []byte("\r\n"))
					if !bytes.Equal(refs[i].parts[j].h, h) || !bytes.Equal(refs[i].parts[j].c, p.content) {
						ok = false
					}
				}
			}
			if !ok {
				if bad++; bad <= 5 {
					t.Errorf("%s: the reference parsed %v with %d parts; built from %d parts", c, refs[i].parsed, len(refs[i].parts), len(c.parts))
				}
			}
		}
	})

	t.Run("reference on the cases written out", func(t *testing.T) {
		for i := range cases {
			c := &cases[i]
			if c.expect != 0 && refs[i].parsed != (c.expect > 0) {
				t.Errorf("%s: the reference parses it: %v", c, refs[i].parsed)
			}
		}
	})

	t.Run("a: Go parses as the reference", func(t *testing.T) {
		bad := 0
		for i := range cases {
			if !refs[i].parsed {
				continue
			}
			if diff := sameParts(refs[i].parts, &goRes[i]); diff != "" {
				if mpPastGoLimit(&cases[i], &goRes[i]) {
					t.Logf("%s: Go: %s (a limit of Go's; Go refuses the same parts under any boundary)", cases[i].label, diff)
					continue
				}
				if bad++; bad <= 10 {
					t.Errorf("%s: Go: %s", &cases[i], diff)
				}
			}
		}
		if bad > 0 {
			t.Errorf("Go differs from the reference on %d of %d parsed cases", bad, parsed)
		}
	})

	// The library's keys, which property c groups the cases by.
	keys := make([]string, len(cases))
	for i := range cases {
		keys[i] = libraryKey(t, &cases[i])
	}

	t.Run("b: RequestKey is the reference's key", func(t *testing.T) {
		bad := 0
		byKind := map[string]int{}
		for i := range cases {
			c := &cases[i]
			if want := mpStrict.key(c); keys[i] != want {
				byKind[c.kind()]++
				if bad++; bad <= 10 {
					t.Errorf("%s: RequestKey %s, the reference %s (the reference parses it: %v)", c, keys[i], want, refs[i].parsed)
				}
			}
		}
		if bad > 0 {
			t.Errorf("RequestKey differs from the reference on %d of %d cases; by kind: %s", bad, len(cases), mpCounts(byKind))
		}
	})

	// Property c on the reference's keys too: the rule itself, whatever
	// the library does.
	refKeys := make([]string, len(cases))
	for i := range cases {
		refKeys[i] = mpStrict.key(&cases[i])
	}

	t.Run("c: the same parts under another boundary share the key", func(t *testing.T) {
		n := 0
		for i := range cases {
			c := &cases[i]
			if c.twin == 0 {
				continue
			}
			n++
			o := &cases[c.twin-1]
			if refKeys[i] != refKeys[c.twin-1] {
				t.Errorf("the reference's keys differ:\n  %s\n  %s", o, c)
			}
			if keys[i] != keys[c.twin-1] {
				t.Errorf("RequestKey differs:\n  %s\n  %s", o, c)
			}
		}
		t.Logf("%d pairs", n)
	})

	t.Run("c: Go parses alike the requests that share a key", func(t *testing.T) {
		mpCheckShared(t, "Go", cases, keys, goRes)
	})
	t.Run("c: Go parses alike the requests that share a reference key", func(t *testing.T) {
		mpCheckShared(t, "Go", cases, refKeys, goRes)
	})

	python := mpFindPython(t)
	pyRes := pythonParse(t, python, cases)

	t.Run("a: Python parses as the reference", func(t *testing.T) {
		bad, nested := 0, 0
		defects := map[string]int{}
		for i := range cases {
			if !refs[i].parsed {
				continue
			}
			if diff := sameParts(refs[i].parts, &pyRes[i]); diff != "" {
				if bad++; bad <= 10 {
					t.Errorf("%s: Python: %s", &cases[i], diff)
				}
				continue
			}
			for _, p := range pyRes[i].parts {
				if p.nested != "" {
					nested++
				}
				for _, d := range p.defects {
					defects[d]++
				}
			}
		}
		if bad > 0 {
			t.Errorf("Python differs from the reference on %d of %d parsed cases", bad, parsed)
		}
		// A part of a multipart/* type without a boundary, say, has a
		// defect of its own but the same headers and content.
		t.Logf("parts Python read as messages of their own (headers compared, content not): %d; defects Python noted in parts it parsed alike: %s",
			nested, mpCounts(defects))
	})

	t.Run("c: Python parses alike the requests that share a key", func(t *testing.T) {
		mpCheckShared(t, "Python", cases, keys, pyRes)
	})
	t.Run("c: Python parses alike the requests that share a reference key", func(t *testing.T) {
		mpCheckShared(t, "Python", cases, refKeys, pyRes)
	})

	// Requests that share a key because the Content-Type is not hashed:
	// logged, not failed. Those with identical bodies and other boundary
	// parameters fall back to the raw body under both.
	t.Run("c, by design: Content-Types that differ", func(t *testing.T) {
		for _, k := range []struct {
			name string
			keys []string
		}{{"RequestKey", keys}, {"the reference's key", refKeys}} {
			t.Logf("grouped by %s:", k.name)
			mpLogByDesign(t, "Go", cases, k.keys, goRes)
			mpLogByDesign(t, "Python", cases, k.keys, pyRes)
		}
	})

	// Go and Python on each other, whatever the reference says: where both
	// parse, and only one does. For the log.
	t.Run("Go and Python", func(t *testing.T) {
		both, onlyGo, onlyPy, differ := 0, 0, 0, 0
		for i := range cases {
			g, p := &goRes[i], &pyRes[i]
			switch {
			case g.ok && p.ok:
				both++
				if mpPartsOnly(g) != mpPartsOnly(p) {
					differ++
				}
			case g.ok:
				onlyGo++
			case p.ok:
				onlyPy++
			}
		}
		t.Logf("both parse %d cases (%d of them into different parts), only Go %d, only Python %d", both, differ, onlyGo, onlyPy)
	})

	t.Run("weaker references are noticed", func(t *testing.T) {
		mpCheckMutants(t, cases, goRes, pyRes)
	})
}

// mpPastGoLimit reports whether Go refused a case for being past one of
// its limits, as the case expects.
func mpPastGoLimit(c *mpCase, res *parseResult) bool {
	return c.goLimit && !res.ok && strings.Contains(res.why, "message too large")
}

// mpPartsOnly is a parse result's parts with headers and content only,
// nested parts by their headers: what two parsers are compared on.
func mpPartsOnly(p *parseResult) string {
	var b strings.Builder
	for _, q := range p.parts {
		fmt.Fprintf(&b, "|%q", q.fields)
		if q.nested == "" {
			fmt.Fprintf(&b, " %x", q.content)
		}
	}
	return b.String()
}

func mpCounts(m map[string]int) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return m[ks[i]] > m[ks[j]] || m[ks[i]] == m[ks[j]] && ks[i] < ks[j] })
	var s []string
	for _, k := range ks {
		s = append(s, fmt.Sprintf("%s: %d", k, m[k]))
	}
	return strings.Join(s, "; ")
}

// mpShared holds the pairs of cases that share a key and that a parser
// reads differently, by what tells the two requests apart.
type mpShared struct {
	// differ: the bodies differ, and the Content-Types at most in the
	// boundary. The key hides a difference in what the parser reads:
	// property c fails.
	differ [][2]int
	// The Content-Type is not hashed, by design (the README's
	// "Specification"): identical bodies whose Content-Types differ in
	// the boundary alone (sameBodyBoundary) or in more (sameBodyOther),
	// and different bodies whose Content-Types differ in more than the
	// boundary (otherType: a multipart/digest part is a message to
	// Python, a multipart/mixed one is not).
	sameBodyBoundary, sameBodyOther, otherType [][2]int
}

// sharedKeyPairs groups the cases by key and sorts the pairs in a group
// that the parser reads differently (sigs: its results' sig).
func sharedKeyPairs(cases []mpCase, keys []string, sigs []string) mpShared {
	groups := map[string][]int{}
	var order []string
	for i, k := range keys {
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	var s mpShared
	for _, k := range order {
		g := groups[k]
		// One representative of each distinct (body, format, parse).
		type rep struct {
			body, format, sig string
		}
		seen := map[rep]bool{}
		var reps []int
		for _, i := range g {
			r := rep{string(cases[i].body), cases[i].format, sigs[i]}
			if !seen[r] {
				seen[r] = true
				reps = append(reps, i)
			}
		}
		for x := 0; x < len(reps); x++ {
			for y := x + 1; y < len(reps); y++ {
				i, j := reps[x], reps[y]
				if sigs[i] == sigs[j] {
					continue
				}
				p := [2]int{i, j}
				sameBody, sameFormat := bytes.Equal(cases[i].body, cases[j].body), cases[i].format == cases[j].format
				switch {
				case sameBody && sameFormat:
					s.sameBodyBoundary = append(s.sameBodyBoundary, p)
				case sameBody:
					s.sameBodyOther = append(s.sameBodyOther, p)
				case !sameFormat:
					s.otherType = append(s.otherType, p)
				default:
					s.differ = append(s.differ, p)
				}
			}
		}
	}
	return s
}

func mpSigs(res []parseResult) []string {
	sigs := make([]string, len(res))
	for i := range res {
		sigs[i] = res[i].sig()
	}
	return sigs
}

// mpCheckShared fails for each pair of different bodies that share a key
// and that the parser reads differently.
func mpCheckShared(t *testing.T, parser string, cases []mpCase, keys []string, res []parseResult) {
	differ := sharedKeyPairs(cases, keys, mpSigs(res)).differ
	for n, p := range differ {
		if n == 10 {
			break
		}
		i, j := p[0], p[1]
		t.Errorf("key %s shared by two bodies %s parses differently:\n  %s\n    %s: %s\n  %s\n    %s: %s",
			keys[i], parser, &cases[i], parser, &res[i], &cases[j], parser, &res[j])
	}
	if len(differ) > 0 {
		t.Errorf("%d pairs of different bodies share a key and %s parses them differently", len(differ), parser)
	}
}

// mpLogByDesign counts the pairs that share a key, that a parser reads
// differently, and whose Content-Types differ: the key does not hold the
// Content-Type, by design. The first two of each kind are shown.
func mpLogByDesign(t *testing.T, parser string, cases []mpCase, keys []string, res []parseResult) {
	s := sharedKeyPairs(cases, keys, mpSigs(res))
	for _, c := range []struct {
		what  string
		pairs [][2]int
	}{
		{"identical bodies, boundary parameters that differ", s.sameBodyBoundary},
		{"identical bodies, Content-Types that differ in more than the boundary", s.sameBodyOther},
		{"different bodies, Content-Types that differ in more than the boundary", s.otherType},
	} {
		t.Logf("%s: %d pairs share a key and %s parses them differently", c.what, len(c.pairs), parser)
		for n, p := range c.pairs {
			if n == 2 {
				break
			}
			i, j := p[0], p[1]
			t.Logf("  for example %s\n    %s: %s\n  and %s\n    %s: %s", &cases[i], parser, &res[i], &cases[j], parser, &res[j])
		}
	}
}

// mpMutants are weaker references: the strict rule with one tightening
// undone or one plausible mistake made. noticed says whether the cases
// must tell it from the rule through Go or Python; the others guard
// against parsers other than these two, and are only logged.
var mpMutants = []struct {
	name    string
	change  func(*mpRule)
	noticed bool
}{
	{"zero parts allowed", func(r *mpRule) { r.partsRequired = false }, true},
	{"empty parameters allowed (\";;\")", func(r *mpRule) { r.plainParams = false }, true},
	{"a parameter name allowed twice", func(r *mpRule) { r.uniqueParams = false }, true},
	{"'*' allowed in parameter names", func(r *mpRule) { r.noStarParams = false }, true},
	{"any media subtype", func(r *mpRule) { r.tokenSubtype = false }, true},
	{"quoted-pairs allowed in the parameters", func(r *mpRule) { r.allowQuotedPair = true }, true},
	{"a preamble allowed (the first D after a CRLF)", func(r *mpRule) { r.allowPreamble = true }, true},
	{"transport padding allowed (as RFC 2046 has it)", func(r *mpRule) { r.allowPadding = true }, true},
	{"an epilogue allowed (as RFC 2046 has it, after a CRLF)", func(r *mpRule) { r.allowEpilogue = true }, false},
	{"D allowed in a part (a part ends at the first CRLF D)", func(r *mpRule) { r.allowDelimInPart = true }, true},
	{"a delimiter line ending in LF allowed", func(r *mpRule) { r.allowLFDelimiter = true }, true},
	{"\"boundary\" checked as a parameter name only", func(r *mpRule) { r.noWordCount = true }, false},
}

// mpCheckMutants checks that each weaker reference makes property a or c
// fail against one of the parsers, with the cases above.
func mpCheckMutants(t *testing.T, cases []mpCase, goRes, pyRes []parseResult) {
	goSigs, pySigs := mpSigs(goRes), mpSigs(pyRes)
	for _, m := range mpMutants {
		rule := mpStrict
		m.change(&rule)
		aGo, aPy := 0, 0
		var examples []string
		seen := map[string]bool{}
		example := func(i int, s string) {
			if k := cases[i].kind(); !seen[k] && len(examples) < 3 {
				seen[k] = true
				examples = append(examples, s)
			}
		}
		for i := range cases {
			res := rule.result(&cases[i])
			if !res.parsed {
				continue
			}
			if d := sameParts(res.parts, &goRes[i]); d != "" && !mpPastGoLimit(&cases[i], &goRes[i]) {
				aGo++
				example(i, fmt.Sprintf("%s: Go: %s", &cases[i], d))
			}
			if d := sameParts(res.parts, &pyRes[i]); d != "" {
				aPy++
				example(i, fmt.Sprintf("%s: Python: %s", &cases[i], d))
			}
		}
		keys := make([]string, len(cases))
		for i := range cases {
			keys[i] = rule.key(&cases[i])
		}
		cGo := sharedKeyPairs(cases, keys, goSigs).differ
		cPy := sharedKeyPairs(cases, keys, pySigs).differ
		for _, p := range append(append([][2]int{}, cGo...), cPy...) {
			example(p[0], fmt.Sprintf("a key shared by %s and %s", &cases[p[0]], &cases[p[1]]))
		}
		failed := aGo + aPy + len(cGo) + len(cPy)
		t.Logf("%s: property a fails on %d cases against Go, %d against Python; property c on %d pairs against Go, %d against Python",
			m.name, aGo, aPy, len(cGo), len(cPy))
		for _, e := range examples {
			t.Logf("  %s", e)
		}
		if m.noticed && failed == 0 {
			t.Errorf("%s: no case tells this weaker reference from the rule", m.name)
		}
	}
}

// ---------------------------------------------------------------------------
// The cases.

type mpGen struct {
	r     *rand.Rand
	cases []mpCase
}

// multipartCases returns the cases, the same on every call.
func multipartCases() []mpCase {
	g := &mpGen{r: rand.New(rand.NewSource(mpSeed))}
	g.fixed()
	for i := 0; i < 1200; i++ {
		g.built()
	}
	for i := 0; i < 1500; i++ {
		g.framed()
	}
	for i := 0; i < 2000; i++ {
		g.mutated()
	}
	for i := 0; i < 400; i++ {
		g.contentTypes()
	}
	return g.cases
}

func (g *mpGen) add(label, format, b string, body []byte) *mpCase {
	g.cases = append(g.cases, mpCase{
		label:  label,
		fields: []mpField{{"Content-Type", strings.ReplaceAll(format, "{B}", b)}},
		body:   body,
		format: format,
	})
	return &g.cases[len(g.cases)-1]
}

// mpFrame says how mpBuild frames the parts; the zero value is the rule's
// framing without the final CRLF.
type mpFrame struct {
	pre   string         // before the first delimiter
	after map[int]string // after the i-th delimiter instead of CRLF
	close string         // after the last delimiter instead of "--"
	final bool           // CRLF after "--"
}

func mpBuild(b string, parts []mpPart, f mpFrame) []byte {
	d := "--" + b
	var out []byte
	out = append(out, f.pre...)
	out = append(out, d...)
	for i, p := range parts {
		if s, ok := f.after[i]; ok {
			out = append(out, s...)
		} else {
			out = append(out, "\r\n"...)
		}
		if p.head != nil {
			out = append(out, p.head...)
		} else {
			for _, line := range p.lines {
				out = append(out, line...)
				out = append(out, "\r\n"...)
			}
			out = append(out, "\r\n"...)
		}
		out = append(out, p.content...)
		out = append(out, "\r\n"...)
		out = append(out, d...)
	}
	if f.close != "" {
		return append(out, f.close...)
	}
	out = append(out, "--"...)
	if f.final {
		out = append(out, "\r\n"...)
	}
	return out
}

func (g *mpGen) pick(s ...string) string { return s[g.r.Intn(len(s))] }

func (g *mpGen) randomFrom(set string, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[g.r.Intn(len(set))]
	}
	return b
}

const (
	mpHexDigits = "0123456789abcdef"
	mpAlnum     = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	mpPrintable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
)

// boundary returns a random valid boundary.
func (g *mpGen) boundary() string {
	r := g.r
	var b []byte
	switch r.Intn(12) {
	case 0:
		return strings.Repeat("-", 1+r.Intn(r.Intn(70)+1))
	case 1: // as Go's mime/multipart draws one
		b = g.randomFrom(mpHexDigits, 60)
	case 2: // as curl draws one
		b = append([]byte(strings.Repeat("-", 24)), g.randomFrom(mpHexDigits, 16)...)
	case 3: // as Firefox draws one
		b = append([]byte(strings.Repeat("-", 27)), g.randomFrom("0123456789", 20)...)
	case 4:
		b = g.randomFrom(mpBchars, 1+r.Intn(3))
	case 5:
		b = append([]byte(" "), g.randomFrom(mpBchars, 1+r.Intn(20))...)
	case 6:
		b = g.randomFrom(mpBchars, 69+r.Intn(2))
	case 7:
		b = g.randomFrom("'()+_,-./:=? ", 1+r.Intn(10))
	default:
		b = g.randomFrom(mpBchars, 1+r.Intn(70))
	}
	if b[len(b)-1] == ' ' {
		b[len(b)-1] = 'z'
	}
	return string(b)
}

// render writes b as a parameter value: a token when it can be one
// (mostly), else a quoted-string.
func (g *mpGen) render(b string) string {
	if mpTokenLen(b) == len(b) && g.r.Intn(3) > 0 {
		return b
	}
	return `"` + b + `"`
}

// format returns a valid Content-Type format.
func (g *mpGen) format() string {
	r := g.r
	if r.Intn(3) == 0 {
		return "multipart/form-data; boundary={B}"
	}
	mt := g.pick("multipart/form-data", "multipart/form-data", "multipart/mixed", "Multipart/Related",
		"MULTIPART/FORM-DATA", "multipart/alternative", "multipart/x-custom+json", "multipart/digest",
		"multipart/byteranges")
	params := []string{g.pick("boundary", "boundary", "Boundary", "BOUNDARY") + "={B}"}
	for _, p := range []string{"charset=utf-8", `name="a b"`, "x=\"caf\xc3\xa9 \xff\"", `empty=""`, "q=1.0", `t="a=b,c/d"`} {
		if r.Intn(8) == 0 {
			i := r.Intn(len(params) + 1)
			params = append(params[:i], append([]string{p}, params[i:]...)...)
		}
	}
	s := g.pick("", "", "", " ", "\t") + mt + g.pick("", "", " ", "\t")
	for _, p := range params {
		s += g.pick("; ", "; ", ";", " ; ", ";\t", "\t;  ") + p
	}
	return s + g.pick("", "", "", ";", " ", "; ", " ;\t")
}

var mpHeaderNames = []string{"Content-Disposition", "Content-Disposition", "Content-Type", "content-type",
	"Content-Transfer-Encoding", "X-Note", "Content-ID", "x-a"}

var mpHeaderValues = []string{
	`form-data; name="field"`, `form-data; name="file"; filename="notes.txt"`,
	"text/plain", "text/plain; charset=utf-8", "application/octet-stream",
	"binary", "base64", "quoted-printable", "8bit",
	"", " ", "  padded  ", "a\tb", "\tleading tab", "trailing tab\t",
	"caf\xc3\xa9 \xff\x80 bytes above 0x7f", "<id@example>", "a: b: c",
}

// mpNestedValues make Python read a part as a message of its own, under
// Content-Type.
var mpNestedValues = []string{"message/rfc822", "multipart/mixed; boundary=inner", "multipart/mixed", "message/delivery-status"}

// headerLine returns a random valid header line without D.
func (g *mpGen) headerLine(d string) []byte {
	r := g.r
	for {
		name := g.pick(mpHeaderNames...)
		if r.Intn(6) == 0 {
			name = string(g.randomFrom(mpAlnum+"!#$%&'*+-.^_`|~", 1+r.Intn(12)))
		}
		var value string
		if r.Intn(4) == 0 {
			var v []byte
			for n := r.Intn(40); n > 0; n-- {
				switch r.Intn(10) {
				case 0:
					v = append(v, '\t')
				case 1:
					v = append(v, byte(0x80+r.Intn(0x80)))
				default:
					v = append(v, byte(0x20+r.Intn(0x5f)))
				}
			}
			value = string(v)
		} else if r.Intn(40) == 0 {
			value = g.pick(mpNestedValues...)
		} else {
			value = g.pick(mpHeaderValues...)
		}
		line := []byte(name + g.pick(": ", ": ", ":", ":  ", ":\t") + value)
		if !bytes.Contains(line, []byte(d)) {
			return line
		}
	}
}

// content returns a random content without D.
func (g *mpGen) content(b string) []byte {
	r := g.r
	d := "--" + b
	var c []byte
	switch r.Intn(10) {
	case 0:
	case 1:
		c = g.randomFrom(mpPrintable, 1+r.Intn(100))
	case 2:
		c = make([]byte, 1+r.Intn(300))
		r.Read(c)
	case 3:
		if r.Intn(4) == 0 {
			c = make([]byte, 4000+r.Intn(16000))
			r.Read(c)
		} else {
			c = g.randomFrom(mpPrintable+"\r\n", 1+r.Intn(400))
		}
	default:
		pieces := []string{"\r", "\n", "\r\n", "\r\n\r\n", "--", "-", "x", " ", "\t", b, "-" + b,
			d[:len(d)-1], "\r\n" + d[:len(d)-1], "\r\n-" + b, "\n-" + b, "\r" + d[1:], d[1:],
			"--" + b[:len(b)/2], "\r\n--", "\n--", "\r--", b + "--", "Content-Type: text/plain\r\n"}
		for n := 1 + r.Intn(8); n > 0; n-- {
			c = append(c, g.pick(pieces...)...)
		}
	}
	for bytes.Contains(c, []byte(d)) {
		c = bytes.ReplaceAll(c, []byte(d), []byte(d[1:]))
	}
	return c
}

func (g *mpGen) parts(b string) []mpPart {
	r := g.r
	n := 1 + r.Intn(4)
	if r.Intn(10) == 0 {
		n = 5 + r.Intn(20)
	}
	parts := make([]mpPart, n)
	for i := range parts {
		nl := g.pick("0", "1", "1", "2", "2", "3", "4")[0] - '0'
		for j := byte(0); j < nl; j++ {
			parts[i].lines = append(parts[i].lines, g.headerLine("--"+b))
		}
		parts[i].content = g.content(b)
	}
	return parts
}

// fits reports whether the parts can be framed with b: no D in them.
func mpFits(b string, parts []mpPart) bool {
	d := []byte("--" + b)
	for _, p := range parts {
		if bytes.Contains(p.content, d) {
			return false
		}
		for _, l := range p.lines {
			if bytes.Contains(l, d) {
				return false
			}
		}
	}
	return true
}

// built adds a body written to the rule from random parts, and often the
// same parts framed with another boundary, or without the final CRLF.
func (g *mpGen) built() {
	r := g.r
	b := g.boundary()
	parts := g.parts(b)
	format := g.format()
	final := r.Intn(2) == 0
	c := g.add("built", format, g.render(b), mpBuild(b, parts, mpFrame{final: final}))
	c.built, c.parts = true, parts
	twin := len(g.cases)
	if r.Intn(2) == 0 {
		for try := 0; try < 10; try++ {
			b2 := g.boundary()
			if b2 != b && mpFits(b2, parts) {
				c := g.add("built, another boundary", format, g.render(b2), mpBuild(b2, parts, mpFrame{final: r.Intn(2) == 0}))
				c.built, c.parts, c.twin = true, parts, twin
				break
			}
		}
	}
	if r.Intn(4) == 0 {
		c := g.add("built, final CRLF toggled", format, g.render(b), mpBuild(b, parts, mpFrame{final: !final}))
		c.built, c.parts, c.twin = true, parts, twin
	}
}

// framed adds a body from random parts with one change to its framing or
// to a part.
func (g *mpGen) framed() {
	r := g.r
	b := g.boundary()
	d := "--" + b
	parts := g.parts(b)
	format := g.format()
	f := mpFrame{final: r.Intn(2) == 0, after: map[int]string{}}
	i := r.Intn(len(parts))
	p := &parts[i]
	var label string
	switch r.Intn(26) {
	case 0:
		label = "preamble"
		f.pre = string(g.randomFrom(mpPrintable+"\r\n", r.Intn(60))) + "\r\n"
	case 1:
		label = "LF before the first delimiter"
		f.pre = g.pick("\n", "x\n", "\r\n\n")
	case 2:
		label = "CR before the first delimiter"
		f.pre = g.pick("\r", "x\r", "\r\r")
	case 3:
		label = "CRLF before the first delimiter"
		f.pre = "\r\n"
	case 4:
		label = "a long preamble line"
		f.pre = strings.Repeat("p", 4000+r.Intn(2000)) + "\r\n"
	case 5:
		label = "epilogue"
		f.close = "--" + g.pick("\r\n\r\n", "\r\nepilogue", "\r\nepilogue\r\n", "\r\n"+d+"--", "\r\n"+d+"\r\n\r\nx\r\n"+d+"--", "\r\n\n", "\r\n\r")
	case 6:
		label = "junk after the close delimiter"
		f.close = "--" + g.pick("junk", "-", "x\r\n", "\n", "\r", " ", "\t\r\n", " \r\n", "--")
	case 7:
		label = "no close delimiter"
		f.close = g.pick("\r\n", "-", "\r\n\r\n", "\n", "x")
	case 8:
		label = "delimiter line ending in LF"
		f.after[i] = "\n"
	case 9:
		label = "delimiter line ending in CR"
		f.after[i] = "\r"
	case 10:
		label = "transport padding"
		f.after[i] = g.pick(" ", "\t", " \t ") + "\r\n"
	case 11:
		label = "transport padding on every delimiter"
		for j := range parts {
			f.after[j] = " \r\n"
		}
		f.close = g.pick("-- ", "--\t\r\n", "--")
	case 12:
		label = "long transport padding"
		f.after[i] = strings.Repeat(" ", 4000+r.Intn(2000)) + "\r\n"
	case 13:
		label = "padding before the close dashes"
		f.close = g.pick(" --", "\t--\r\n")
	case 14:
		label = "junk after a delimiter"
		f.after[i] = g.pick("x", "-", "--x", "x\r\n", "=\r\n") + g.pick("", "\r\n")
	case 15:
		label = "D in a content"
		k := r.Intn(len(p.content) + 1)
		p.content = append(p.content[:k:k], append([]byte(g.pick(d, d, "\r\n"+d, "\n"+d, "\r"+d, d+"--", d+"\r\n", "x"+d)), p.content[k:]...)...)
	case 16:
		label = "D in a header line"
		p.lines = append(p.lines, []byte("X-D: a"+d+g.pick("", "b", "--")))
	case 17:
		label = "D starting a header line"
		p.lines = append(p.lines, []byte(d+g.pick("", ": x", "--")))
	case 18:
		label = "header line without a colon"
		p.lines = append(p.lines, []byte(g.pick("NoColon", "No colon here", "X-A")))
	case 19:
		label = "header line with a bare LF"
		p.lines = append(p.lines, []byte(g.pick("X-A: 1\nX-B: 2", "X-A: 1\n", "X-A: 1\n\tfolded")))
	case 20:
		label = "header line starting with a blank"
		p.lines = append(p.lines, []byte(g.pick(" X-A: 1", "\tX-A: 1", " folded")))
	case 21:
		label = "header name not a token"
		p.lines = append(p.lines, []byte(g.pick("X A: 1", "X-A : 1", ": empty name", "X@A: 1", "X\x80: 1", "From x: 1")))
	case 22:
		label = "header value with a control byte"
		p.lines = append(p.lines, []byte("X-A: a"+g.pick("\x00", "\x7f", "\x1b", "\v", "\f", "\r")+"b"))
	case 23:
		label = "part without an empty line"
		var head []byte
		for _, l := range p.lines {
			head = append(head, l...)
			head = append(head, "\r\n"...)
		}
		if len(head) == 0 {
			head = []byte("X-A: 1\r\n")
		}
		p.head = head
	case 24:
		label = "zero parts"
		parts = nil
		f.after = nil
		f.close = g.pick("--", "--\r\n")
	case 25:
		label = "header block ending in LF LF"
		p.head = []byte("X-A: 1\n\n")
	}
	c := g.add(label, format, g.render(b), mpBuild(b, parts, f))
	if label == "zero parts" {
		c.built = true
	}
}

// mutated adds a built body with random byte edits, as a fuzzer makes.
func (g *mpGen) mutated() {
	r := g.r
	b := g.boundary()
	d := "--" + b
	parts := g.parts(b)
	body := mpBuild(b, parts, mpFrame{final: r.Intn(2) == 0})
	inserts := []string{"\r", "\n", "--", "-", d, "\r\n" + d, "\r\n", "\r\n\r\n", " ", "\t", d + "--", "\r\n" + d + "\r\n", "\r\n" + d + "\r\n\r\n"}
	var ops []string
	for n := 1 + r.Intn(3); n > 0; n-- {
		// Mostly near a delimiter, where the framing is.
		pos := r.Intn(len(body) + 1)
		if r.Intn(2) == 0 {
			var at []int
			for k := 0; ; {
				j := bytes.Index(body[k:], []byte(d))
				if j < 0 {
					break
				}
				at = append(at, k+j)
				k += j + 1
			}
			if len(at) > 0 {
				pos = at[r.Intn(len(at))] + r.Intn(len(d)+5) - 2
				pos = max(0, min(pos, len(body)))
			}
		}
		switch r.Intn(5) {
		case 0:
			c := byte(r.Intn(256))
			if r.Intn(2) == 0 {
				c = g.pick("\r", "\n", "-", " ", "\t", ":")[0]
			}
			body = append(body[:pos:pos], append([]byte{c}, body[pos:]...)...)
			ops = append(ops, "insert a byte")
		case 1:
			if pos < len(body) {
				body = append(body[:pos:pos], body[pos+1:]...)
			}
			ops = append(ops, "delete a byte")
		case 2:
			if pos < len(body) {
				body[pos] = byte(r.Intn(256))
			}
			ops = append(ops, "replace a byte")
		case 3:
			body = append(body[:pos:pos], append([]byte(g.pick(inserts...)), body[pos:]...)...)
			ops = append(ops, "insert a piece")
		case 4:
			body = body[:pos]
			ops = append(ops, "truncate")
		}
	}
	g.add("mutated: "+strings.Join(ops, ", "), g.format(), g.render(b), body)
}

// mpBadFormats are Content-Types that the rule gives no valid B (some
// only with its tightenings), each with a well-framed body.
var mpBadFormats = []struct{ label, format string }{
	{"no boundary parameter", "multipart/form-data"},
	{"no boundary parameter, a charset", "multipart/form-data; charset=utf-8"},
	{"boundary*=", "multipart/form-data; boundary*=utf-8''{B}"},
	{"boundary*0=", "multipart/form-data; boundary*0={B}"},
	{"boundary and boundary*", "multipart/form-data; boundary={B}; boundary*=utf-8''other"},
	{"boundary* and boundary", "multipart/form-data; boundary*=utf-8''{B}; boundary=other"},
	{"\"boundary\" inside a quoted value", `multipart/form-data; x="boundary=other"; boundary={B}`},
	{"\"boundary\" as a value", "multipart/form-data; x=boundary; boundary={B}"},
	{"two boundary parameters, one value", "multipart/form-data; boundary={B}; boundary={B}"},
	{"two boundary parameters, two values", "multipart/form-data; boundary={B}; BOUNDARY=other"},
	{"an empty parameter", "multipart/form-data;; boundary={B}"},
	{"two semicolons at the end", "multipart/form-data; boundary={B};;"},
	{"an empty parameter with blanks", "multipart/form-data; ; boundary={B}"},
	{"one semicolon at the end", "multipart/form-data; boundary={B};"},
	{"a parameter name twice, two values", "multipart/form-data; charset=a; boundary={B}; charset=b"},
	{"a parameter name twice, one value", "multipart/form-data; charset=a; boundary={B}; CHARSET=a"},
	{"an RFC 2231 parameter", "multipart/form-data; boundary={B}; title*=utf-8''a%20b"},
	{"RFC 2231 sections", "multipart/form-data; boundary={B}; x*=a; x*0=b"},
	{"a semicolon in a quoted value", `multipart/form-data; x="y;z"; boundary={B}`},
	{"a quoted-pair in another value", `multipart/form-data; x="y\z"; boundary={B}`},
	{"blanks around =", "multipart/form-data; boundary = {B}"},
	{"a subtype with a blank", "multipart/form data; boundary={B}"},
	{"a subtype with a slash", "multipart/a/b; boundary={B}"},
	{"a subtype with obs-text", "multipart/f\xffo; boundary={B}"},
	{"a subtype with a quote", `multipart/"x; boundary={B}`},
	{"an empty subtype", "multipart/; boundary={B}"},
	{"no subtype", "multipart; boundary={B}"},
	{"a dotted capital I in the type", "mult\u0130part/form-data; boundary={B}"},
	{"a blank before the slash", "multipart /form-data; boundary={B}"},
	{"a comma-joined second value", "multipart/form-data; boundary={B}, multipart/mixed; boundary=other"},
	{"text/plain", "text/plain; boundary={B}"},
	{"a vertical tab as a blank", "multipart/form-data;\vboundary={B}"},
	{"a parameter without a value", "multipart/form-data; x; boundary={B}"},
	{"an empty token value", "multipart/form-data; x=; boundary={B}"},
}

// contentTypes adds well-framed bodies under Content-Types that do not
// give B, or that give it in odd ways; and the same body under two
// Content-Types.
func (g *mpGen) contentTypes() {
	r := g.r
	b := g.boundary()
	parts := g.parts(b)
	body := mpBuild(b, parts, mpFrame{final: r.Intn(2) == 0})
	switch r.Intn(4) {
	case 0:
		f := mpBadFormats[r.Intn(len(mpBadFormats))]
		g.add("Content-Type: "+f.label, f.format, g.render(b), body)
	case 1:
		// The boundary parameter itself is not a valid B.
		label, v := "boundary with a quoted-pair", ""
		switch r.Intn(9) {
		case 0:
			k := r.Intn(len(b) + 1)
			v = `"` + b[:k] + `\` + g.pick("q", "\\", `"`, " ", b[k:min(k+1, len(b))]) + b[k:] + `"`
		case 1:
			label, v = "boundary of 71 bytes", `"`+b+strings.Repeat("x", max(0, 71-len(b)))+`"`
		case 2:
			label, v = "boundary ending in a space", `"`+b+` "`
		case 3:
			label, v = "empty boundary", `""`
		case 4:
			label, v = "boundary in angle brackets", "<"+b+">"
		case 5:
			label, v = "boundary with a byte that is not a bchar", `"`+b+g.pick("@", "\xe9", "\t", "!", "[", "\x00")+`"`
		case 6:
			label, v = "boundary with a blank, unquoted", b+" x"
		case 7:
			label, v = "boundary holding the word boundary", g.pick(`"`+b+`boundary"`, "----WebKitFormBoundary"+string(g.randomFrom(mpAlnum, 16)))
		case 8:
			label, v = "boundary with an unclosed quote", `"`+b
		}
		c := g.add(label, "multipart/form-data; boundary={B}", v, body)
		c.format = "multipart/form-data; boundary=" + label
	case 2:
		// Two Content-Type values.
		name := g.pick("Content-Type", "content-type")
		g.cases = append(g.cases, mpCase{
			label:  "two Content-Type values, the second under " + name,
			fields: []mpField{{"Content-Type", "multipart/form-data; boundary=" + g.render(b)}, {name, "multipart/form-data; boundary=" + g.render(g.boundary())}},
			body:   body,
			format: "two values",
		})
	case 3:
		// The same body under other Content-Types: another boundary,
		// another media type, other parameters.
		g.add("same body, its own boundary", "multipart/form-data; boundary={B}", g.render(b), body)
		g.add("same body, another boundary", "multipart/form-data; boundary={B}", g.render(g.boundary()), body)
		g.add("same body, another format", g.format(), g.render(b), body)
		if len(b) > 1 {
			g.add("same body, a prefix of its boundary", "multipart/form-data; boundary={B}", `"`+strings.TrimRight(b[:len(b)-1], " ")+`"`, body)
		}
	}
}

// fixed adds the cases written out: one of each kind the rule names.
func (g *mpGen) fixed() {
	fd := "multipart/form-data; boundary={B}"
	file := []byte(`Content-Disposition: form-data; name="file"; filename="a.txt"`)
	one := []mpPart{{lines: [][]byte{file}, content: []byte("hello")}}
	upload := string(mpBuild("B", one, mpFrame{final: true}))
	for _, c := range []struct {
		label, format, b, body string
		parses                 bool // under the rule
	}{
		{"upload", fd, "B", upload, true},
		{"upload, no final CRLF", fd, "B", strings.TrimSuffix(upload, "\r\n"), true},
		{"upload, another boundary", fd, "another.9f2c", strings.ReplaceAll(upload, "--B", "--another.9f2c"), true},
		{"upload, a boundary holding the word boundary", fd, "another.boundary", strings.ReplaceAll(upload, "--B", "--another.boundary"), true},
		{"zero parts", fd, "B", "--B--", false},
		{"zero parts, final CRLF", fd, "B", "--B--\r\n", false},
		{"empty header block", fd, "B", "--B\r\n\r\nx\r\n--B--", true},
		{"empty header block, empty content", fd, "B", "--B\r\n\r\n\r\n--B--", true},
		{"content with CR, LF, CRLF CRLF", fd, "B", "--B\r\nA: 1\r\n\r\na\rb\nc\r\n\r\nd\r\n--B--", true},
		{"content with near-delimiters", fd, "B", "--B\r\n\r\n-B --Cx \r\n-B\n-B\r-B --\r\n--\r\n--B--", true},
		{"header bytes above 0x7f", fd, "B", "--B\r\nX-A: caf\xc3\xa9 \xff\r\n\r\nx\r\n--B--", true},
		{"header value with a tab", fd, "B", "--B\r\nX-A:\ta\tb\t\r\n\r\nx\r\n--B--", true},
		{"header value empty", fd, "B", "--B\r\nX-A:\r\n\r\nx\r\n--B--", true},
		{"part of type multipart/mixed", fd, "B", "--B\r\nContent-Type: multipart/mixed; boundary=Z\r\n\r\n--Z\r\n\r\nin\r\n--Z--\r\n--B--", true},
		{"part of type multipart/mixed, its close only", fd, "B", "--B\r\nContent-Type: multipart/mixed; boundary=Z\r\n\r\nabc\r\n--Z--\r\nxyz\r\n--B--", true},
		{"part of type multipart/mixed without boundary", fd, "B", "--B\r\nContent-Type: multipart/mixed\r\n\r\nabc\r\n--B--", true},
		{"part of type message/rfc822", fd, "B", "--B\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\nbody\r\n--B--", true},
		{"multipart/digest, part without Content-Type", "multipart/digest; boundary={B}", "B", "--B\r\n\r\nSubject: x\r\n\r\nbody\r\n--B--", true},
		{"boundary with a leading space", fd, `" B"`, "-- B\r\n\r\nx\r\n-- B--", true},
		{"boundary like an encoded word", fd, `"=?utf-8?q?B?="`, "--=?utf-8?q?B?=\r\n\r\nx\r\n--=?utf-8?q?B?=--", true},
		{"header named From", fd, "B", "--B\r\nFrom: a\r\nFrom:b\r\n\r\nx\r\n--B--", true},
		{"all-dash boundary", fd, "-", "---\r\n\r\nx-\r\n-----", true},
		{"all-dash boundary, content of dashes", fd, "--", "----\r\n\r\n---\r\n------\r\n", true},
		{"LF before the first delimiter", fd, "B", "\n" + upload, false},
		{"x CR before the first delimiter", fd, "B", "x\r" + upload, false},
		{"preamble", fd, "B", "preamble\r\n" + upload, false},
		{"junk after the close delimiter", fd, "B", strings.TrimSuffix(upload, "\r\n") + "junk", false},
		{"epilogue", fd, "B", upload + "EPILOGUE", false},
		{"padding after a delimiter", fd, "B", strings.Replace(upload, "--B\r\n", "--B \r\n", 1), false},
		{"D in a content", fd, "B", "--B\r\n\r\nx--By\r\n--B--", false},
		{"D in a header line", fd, "B", "--B\r\nX-A: --B\r\n\r\nx\r\n--B--", false},
		{"content holding CR D", fd, "B", "--B\r\n\r\nx\r--B\r\ny\r\n--B--", false},
		{"content holding LF D", fd, "B", "--B\r\n\r\nx\n--B\r\ny\r\n--B--", false},
		{"header line without a colon", fd, "B", "--B\r\nNoColon\r\n\r\nx\r\n--B--", false},
		{"header line with a bare LF", fd, "B", "--B\r\nX-A: 1\nX-B: 2\r\n\r\nx\r\n--B--", false},
		{"header line starting with a space", fd, "B", "--B\r\n X-A: 1\r\n\r\nx\r\n--B--", false},
		{"boundary with a quoted-pair", "multipart/form-data; boundary={B}", `"a\bc"`, "--abc\r\n\r\nx\r\n--abc--", false},
		{"boundary*=", "multipart/form-data; boundary*=utf-8''{B}", "Y", "--Y\r\n\r\nx\r\n--Y--", false},
		{"boundary*0=", "multipart/form-data; boundary*0={B}", "Y", "--Y\r\n\r\nx\r\n--Y--", false},
		{"boundary= inside a quoted value", `multipart/form-data; x="boundary=Y"; boundary={B}`, "X", "--X\r\n\r\nx\r\n--X--", false},
		{"an empty parameter", "multipart/form-data;; boundary={B}", "B", upload, false},
		{"a parameter name twice", "multipart/form-data; charset=a; boundary={B}; charset=b", "B", upload, false},
		{"RFC 2231 sections", "multipart/form-data; boundary={B}; x*=a; x*0=b", "B", upload, false},
		{"a subtype with a blank", "multipart/form data; boundary={B}", "B", upload, false},
		{"a subtype with a slash", "multipart/a/b; boundary={B}", "B", upload, false},
	} {
		g.add("fixed: "+c.label, c.format, c.b, []byte(c.body)).expect = map[bool]int8{false: -1, true: 1}[c.parses]
	}
	// Go's mime/multipart refuses a part of more than 10,000 header lines
	// (the default of GODEBUG multipartmaxheaders).
	for _, n := range []int{10000, 10001} {
		c := g.add(fmt.Sprintf("fixed: a part of %d header lines", n), fd, "B",
			[]byte("--B\r\n"+strings.Repeat("a: b\r\n", n)+"\r\nx\r\n--B--"))
		c.expect, c.goLimit = 1, n > 10000
	}
}
