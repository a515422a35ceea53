package agentidemp

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"
)

// vectorsFile is the language-neutral golden-vector file for every port,
// written by testdata/gen_vectors.py with Python's hashlib and uuid.
const vectorsFile = "testdata/vectors.json"

// vectorBytes is a byte-string input: a JSON object with exactly one member,
// {"utf8": text} or {"hex": lowercase hex}.
type vectorBytes []byte

func (b *vectorBytes) UnmarshalJSON(data []byte) error {
	// Walk the tokens rather than decoding into a map, so that a repeated
	// member name counts as a second member instead of overwriting the first.
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("byte string %s: not an object", data)
	}
	var enc, val string
	n := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("byte string %s: %w", data, err)
		}
		enc = tok.(string) // object keys are always strings
		// Decoding null into a string is not an error, so check for a
		// string literal first.
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("byte string %s: member %q: %w", data, enc, err)
		}
		if len(raw) == 0 || raw[0] != '"' {
			return fmt.Errorf("byte string %s: member %q is not a string", data, enc)
		}
		if err := json.Unmarshal(raw, &val); err != nil {
			return fmt.Errorf("byte string %s: member %q: %w", data, enc, err)
		}
		n++
	}
	if n != 1 {
		return fmt.Errorf("byte string %s: want exactly one member, got %d", data, n)
	}
	switch enc {
	case "utf8":
		*b = vectorBytes(val)
	case "hex":
		v, err := hex.DecodeString(val)
		if err != nil {
			return fmt.Errorf("byte string %s: %w", data, err)
		}
		if hex.EncodeToString(v) != val {
			return fmt.Errorf("byte string %s: hex must be lowercase", data)
		}
		*b = v
	default:
		return fmt.Errorf("byte string %s: unknown encoding %q", data, enc)
	}
	return nil
}

// optional is a member that a row may leave out. When present it must hold
// a T: null is an error, not a way to leave the member out.
type optional[T any] struct {
	set bool
	v   T
}

func (o *optional[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(data, []byte("null")) {
		return errors.New("null where a value is expected")
	}
	if err := json.Unmarshal(data, &o.v); err != nil {
		return err
	}
	o.set = true
	return nil
}

// requestTarget is where the request of an http_request row goes: its
// target, and, for a row that also gives a URL, that URL (which loadVectors
// copies in from the row's url member).
type requestTarget struct {
	target string
	url    optional[string]
}

func (r *requestTarget) UnmarshalJSON(data []byte) error {
	var target optional[string]
	if err := target.UnmarshalJSON(data); err != nil {
		return err
	}
	r.target = target.v
	return nil
}

type vectorFile struct {
	Description string `json:"description"`
	Encoding    string `json:"encoding"`
	Generator   string `json:"generator"`

	Sha256Hex []struct {
		Comment string      `json:"comment"`
		Content vectorBytes `json:"content"`
		Key     string      `json:"key"`
	} `json:"sha256_hex"`

	ScopedSha256Hex []struct {
		Comment string      `json:"comment"`
		Scope   vectorBytes `json:"scope"`
		Content vectorBytes `json:"content"`
		Key     string      `json:"key"`
	} `json:"scoped_sha256_hex"`

	ScopedKey []struct {
		Comment string        `json:"comment"`
		Scope   vectorBytes   `json:"scope"`
		Parts   []vectorBytes `json:"parts"`
		Key     string        `json:"key"`
	} `json:"scoped_key"`

	UUID5 []struct {
		Comment   string      `json:"comment"`
		Namespace string      `json:"namespace"`
		Name      vectorBytes `json:"name"`
		Key       string      `json:"key"`
	} `json:"uuid5"`

	Namespaces []struct {
		Name string `json:"name"`
		UUID string `json:"uuid"`
	} `json:"namespaces"`

	ParseUUID []struct {
		Comment     string  `json:"comment"`
		Input       string  `json:"input"`
		UUID        *string `json:"uuid"`
		ErrorOffset *int    `json:"error_offset"`
	} `json:"parse_uuid"`

	CanonicalJSON []struct {
		Comment   string                `json:"comment"`
		Input     vectorBytes           `json:"input"`
		Canonical optional[vectorBytes] `json:"canonical"`
		Error     optional[string]      `json:"error"`
		Offset    optional[int]         `json:"offset"`
	} `json:"canonical_json"`

	JSONKey []struct {
		Comment string                `json:"comment"`
		Scope   optional[vectorBytes] `json:"scope"`
		Input   vectorBytes           `json:"input"`
		Key     string                `json:"key"`
	} `json:"json_key"`

	HTTPRequest []struct {
		Comment     string           `json:"comment"`
		Method      string           `json:"method"`
		Target      requestTarget    `json:"target"`
		URL         optional[string] `json:"url"`
		ContentType *string          `json:"content_type"`
		Scope       vectorBytes      `json:"scope"`
		Body        vectorBytes      `json:"body"`
		Key         string           `json:"key"`
		UUIDKey     string           `json:"uuid_key"`
	} `json:"http_request"`
	Omit []omitVector `json:"omit"`
}

// loadVectors decodes the vector file strictly: an unknown member anywhere
// (such as a new array this test does not check yet) fails the test.
func loadVectors(t *testing.T) *vectorFile {
	t.Helper()
	data, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var v vectorFile
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: %v", vectorsFile, err)
	}
	if dec.More() {
		t.Fatalf("%s: data after the top-level object", vectorsFile)
	}
	if v.Description == "" || v.Encoding == "" || v.Generator == "" {
		t.Fatalf("%s: description, encoding or generator missing", vectorsFile)
	}
	for name, n := range map[string]int{
		"sha256_hex":        len(v.Sha256Hex),
		"scoped_sha256_hex": len(v.ScopedSha256Hex),
		"scoped_key":        len(v.ScopedKey),
		"uuid5":             len(v.UUID5),
		"namespaces":        len(v.Namespaces),
		"parse_uuid":        len(v.ParseUUID),
		"canonical_json":    len(v.CanonicalJSON),
		"json_key":          len(v.JSONKey),
		"http_request":      len(v.HTTPRequest),
		"omit":              len(v.Omit),
	} {
		if n == 0 {
			t.Fatalf("%s: array %q is missing or empty", vectorsFile, name)
		}
	}
	for i := range v.HTTPRequest {
		r := &v.HTTPRequest[i]
		if r.Target.target == "" || r.URL.set && r.URL.v == "" {
			t.Fatalf("%s: http_request row %d (%s): target missing or empty, or url empty", vectorsFile, i, r.Comment)
		}
		r.Target.url = r.URL
	}
	return &v
}

// appendPrefix is what every Append function is given to append to.
const appendPrefix = "prefix:"

// checkAppend checks that out is appendPrefix followed by want, and that the
// caller's prefix buffer is unchanged.
func checkAppend(t *testing.T, fn string, prefix, out []byte, want string) {
	t.Helper()
	if string(prefix) != appendPrefix {
		t.Errorf("%s modified its dst argument: %q", fn, prefix)
	}
	if string(out) != appendPrefix+want {
		t.Errorf("%s = %q, want %q", fn, out, appendPrefix+want)
	}
}

func newPrefix() []byte { return []byte(appendPrefix) }

func TestVectors(t *testing.T) {
	v := loadVectors(t)

	t.Run("sha256_hex", func(t *testing.T) {
		for i, r := range v.Sha256Hex {
			if r.Comment == "" {
				t.Errorf("row %d: no comment", i)
			}
			if got := Sha256Hex(r.Content); got != r.Key {
				t.Errorf("row %d (%s): Sha256Hex = %s, want %s", i, r.Comment, got, r.Key)
			}
			p := newPrefix()
			checkAppend(t, fmt.Sprintf("row %d (%s): AppendSha256Hex", i, r.Comment),
				p, AppendSha256Hex(p, r.Content), r.Key)
		}
		t.Logf("%d rows checked", len(v.Sha256Hex))
	})

	t.Run("scoped_sha256_hex", func(t *testing.T) {
		for i, r := range v.ScopedSha256Hex {
			if r.Comment == "" {
				t.Errorf("row %d: no comment", i)
			}
			scope := string(r.Scope)
			if got := ScopedSha256Hex(scope, r.Content); got != r.Key {
				t.Errorf("row %d (%s): ScopedSha256Hex = %s, want %s", i, r.Comment, got, r.Key)
			}
			p := newPrefix()
			checkAppend(t, fmt.Sprintf("row %d (%s): AppendScopedSha256Hex", i, r.Comment),
				p, AppendScopedSha256Hex(p, scope, r.Content), r.Key)
		}
		t.Logf("%d rows checked", len(v.ScopedSha256Hex))
	})

	t.Run("scoped_key", func(t *testing.T) {
		for i, r := range v.ScopedKey {
			if r.Comment == "" {
				t.Errorf("row %d: no comment", i)
			}
			if r.Parts == nil {
				t.Errorf("row %d (%s): parts missing", i, r.Comment)
			}
			scope := string(r.Scope)
			parts := make([]string, len(r.Parts))
			for j, b := range r.Parts {
				parts[j] = string(b)
			}
			if got := ScopedKey(scope, parts...); got != r.Key {
				t.Errorf("row %d (%s): ScopedKey = %s, want %s", i, r.Comment, got, r.Key)
			}
			p := newPrefix()
			checkAppend(t, fmt.Sprintf("row %d (%s): AppendScopedKey", i, r.Comment),
				p, AppendScopedKey(p, scope, parts...), r.Key)
			// The documented special cases hold for every row they apply to.
			switch len(parts) {
			case 0:
				if got := Sha256Hex(r.Scope); got != r.Key {
					t.Errorf("row %d (%s): Sha256Hex(scope) = %s, want %s", i, r.Comment, got, r.Key)
				}
			case 1:
				if got := ScopedSha256Hex(scope, r.Parts[0]); got != r.Key {
					t.Errorf("row %d (%s): ScopedSha256Hex = %s, want %s", i, r.Comment, got, r.Key)
				}
			}
		}
		t.Logf("%d rows checked", len(v.ScopedKey))
	})

	t.Run("uuid5", func(t *testing.T) {
		for i, r := range v.UUID5 {
			if r.Comment == "" {
				t.Errorf("row %d: no comment", i)
			}
			ns, err := ParseUUID(r.Namespace)
			if err != nil {
				t.Errorf("row %d (%s): namespace: %v", i, r.Comment, err)
				continue
			}
			if ns.String() != r.Namespace {
				t.Errorf("row %d (%s): namespace %q is not canonical", i, r.Comment, r.Namespace)
			}
			u := UUID5(ns, r.Name)
			if got := u.String(); got != r.Key {
				t.Errorf("row %d (%s): UUID5 = %s, want %s", i, r.Comment, got, r.Key)
			}
			if u.Version() != 5 {
				t.Errorf("row %d (%s): UUID5 version = %d, want 5", i, r.Comment, u.Version())
			}
			if got := UUID5Key(ns, r.Name); got != r.Key {
				t.Errorf("row %d (%s): UUID5Key = %s, want %s", i, r.Comment, got, r.Key)
			}
			p := newPrefix()
			checkAppend(t, fmt.Sprintf("row %d (%s): AppendUUID5Key", i, r.Comment),
				p, AppendUUID5Key(p, ns, r.Name), r.Key)
		}
		t.Logf("%d rows checked", len(v.UUID5))
	})

	t.Run("namespaces", func(t *testing.T) {
		vars := map[string]UUID{
			"DNS":       NamespaceDNS,
			"URL":       NamespaceURL,
			"OID":       NamespaceOID,
			"X500":      NamespaceX500,
			"Anthropic": NamespaceAnthropic,
		}
		seen := make(map[string]bool)
		for i, r := range v.Namespaces {
			want, ok := vars[r.Name]
			if !ok {
				t.Errorf("row %d: unknown namespace %q", i, r.Name)
				continue
			}
			if seen[r.Name] {
				t.Errorf("row %d: namespace %q listed twice", i, r.Name)
			}
			seen[r.Name] = true
			if got := want.String(); got != r.UUID {
				t.Errorf("Namespace%s = %s, want %s", r.Name, got, r.UUID)
			}
		}
		for name := range vars {
			if !seen[name] {
				t.Errorf("namespace %q has no row", name)
			}
		}
		t.Logf("%d rows checked", len(v.Namespaces))
	})

	t.Run("parse_uuid", func(t *testing.T) {
		for i, r := range v.ParseUUID {
			if r.Comment == "" {
				t.Errorf("row %d: no comment", i)
			}
			if (r.UUID == nil) == (r.ErrorOffset == nil) {
				t.Errorf("row %d (%s): want exactly one of uuid and error_offset", i, r.Comment)
				continue
			}
			u, err := ParseUUID(r.Input)
			var tu UUID
			terr := tu.UnmarshalText([]byte(r.Input))
			if r.UUID != nil {
				if err != nil {
					t.Errorf("row %d (%s): ParseUUID(%q): %v", i, r.Comment, r.Input, err)
					continue
				}
				if got := u.String(); got != *r.UUID {
					t.Errorf("row %d (%s): ParseUUID(%q) = %s, want %s", i, r.Comment, r.Input, got, *r.UUID)
				}
				if terr != nil || tu != u {
					t.Errorf("row %d (%s): UnmarshalText(%q) = %v, %v; want %v", i, r.Comment, r.Input, tu, terr, u)
				}
				continue
			}
			if err == nil {
				t.Errorf("row %d (%s): ParseUUID(%q) = %s, want an error at offset %d",
					i, r.Comment, r.Input, u, *r.ErrorOffset)
				continue
			}
			if u != (UUID{}) {
				t.Errorf("row %d (%s): ParseUUID(%q) returned %s with its error", i, r.Comment, r.Input, u)
			}
			if !errors.Is(err, ErrInvalidUUID) {
				t.Errorf("row %d (%s): ParseUUID(%q) error %v does not match ErrInvalidUUID", i, r.Comment, r.Input, err)
			}
			var ue *UUIDError
			if !errors.As(err, &ue) {
				t.Errorf("row %d (%s): ParseUUID(%q) error %T is not a *UUIDError", i, r.Comment, r.Input, err)
				continue
			}
			if ue.Offset != *r.ErrorOffset {
				t.Errorf("row %d (%s): ParseUUID(%q) error offset %d, want %d", i, r.Comment, r.Input, ue.Offset, *r.ErrorOffset)
			}
			if ue.Len != len(r.Input) {
				t.Errorf("row %d (%s): ParseUUID(%q) error Len %d, want %d", i, r.Comment, r.Input, ue.Len, len(r.Input))
			}
			if ue.Offset >= 0 && ue.Offset < len(r.Input) && ue.Char != r.Input[ue.Offset] {
				t.Errorf("row %d (%s): ParseUUID(%q) error Char %q, want %q", i, r.Comment, r.Input, ue.Char, r.Input[ue.Offset])
			}
			if terr == nil || !errors.Is(terr, ErrInvalidUUID) {
				t.Errorf("row %d (%s): UnmarshalText(%q) error %v, want ErrInvalidUUID", i, r.Comment, r.Input, terr)
			}
			if tu != (UUID{}) {
				t.Errorf("row %d (%s): UnmarshalText(%q) changed its receiver on error", i, r.Comment, r.Input)
			}
		}
		t.Logf("%d rows checked", len(v.ParseUUID))
	})

	t.Run("canonical_json", func(t *testing.T) {
		for i, r := range v.CanonicalJSON {
			if r.Comment == "" {
				t.Errorf("row %d: no comment", i)
			}
			if r.Canonical.set == r.Error.set || r.Error.set != r.Offset.set {
				t.Errorf("row %d (%s): want canonical, or error and offset", i, r.Comment)
				continue
			}
			name := fmt.Sprintf("row %d (%s)", i, r.Comment)
			got, err := CanonicalJSON(r.Input)
			p := newPrefix()
			app, appErr := AppendCanonicalJSON(p, r.Input)
			key, keyErr := JSONKey(r.Input)
			if r.Canonical.set {
				want := r.Canonical.v
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("%s: CanonicalJSON = %q, %v; want %q", name, got, err, want)
				}
				if appErr != nil {
					t.Errorf("%s: AppendCanonicalJSON: %v", name, appErr)
				}
				checkAppend(t, name+": AppendCanonicalJSON", p, app, string(want))
				// A canonical form is accepted and is its own canonical form.
				if again, err := CanonicalJSON(want); err != nil || !bytes.Equal(again, want) {
					t.Errorf("%s: CanonicalJSON(canonical) = %q, %v; want it unchanged", name, again, err)
				}
				if want := Sha256Hex(want); keyErr != nil || key != want {
					t.Errorf("%s: JSONKey = %q, %v; want %s", name, key, keyErr, want)
				}
				continue
			}
			kind, ok := jsonErrorKinds[r.Error.v]
			if !ok {
				t.Errorf("%s: unknown error kind %q", name, r.Error.v)
				continue
			}
			if got != nil {
				t.Errorf("%s: CanonicalJSON returned %q with its error", name, got)
			}
			if string(app) != appendPrefix || string(p) != appendPrefix {
				t.Errorf("%s: AppendCanonicalJSON changed dst on error: %q", name, app)
			}
			if key != "" {
				t.Errorf("%s: JSONKey returned %q with its error", name, key)
			}
			for fn, err := range map[string]error{"CanonicalJSON": err, "AppendCanonicalJSON": appErr, "JSONKey": keyErr} {
				var je *JSONError
				switch {
				case err == nil:
					t.Errorf("%s: %s accepted the input, want %s at offset %d", name, fn, r.Error.v, r.Offset.v)
				case !errors.Is(err, kind) || !errors.As(err, &je):
					t.Errorf("%s: %s error %v, want a *JSONError matching %s", name, fn, err, r.Error.v)
				case je.Offset != r.Offset.v:
					t.Errorf("%s: %s error offset %d (%v), want %d", name, fn, je.Offset, err, r.Offset.v)
				}
			}
		}
		t.Logf("%d rows checked", len(v.CanonicalJSON))
	})

	t.Run("json_key", func(t *testing.T) {
		for i, r := range v.JSONKey {
			if r.Comment == "" {
				t.Errorf("row %d: no comment", i)
			}
			name := fmt.Sprintf("row %d (%s)", i, r.Comment)
			p := newPrefix()
			if r.Scope.set {
				scope := string(r.Scope.v)
				if got, err := ScopedJSONKey(scope, r.Input); err != nil || got != r.Key {
					t.Errorf("%s: ScopedJSONKey = %q, %v; want %s", name, got, err, r.Key)
				}
				out, err := AppendScopedJSONKey(p, scope, r.Input)
				if err != nil {
					t.Errorf("%s: AppendScopedJSONKey: %v", name, err)
				}
				checkAppend(t, name+": AppendScopedJSONKey", p, out, r.Key)
				continue
			}
			if got, err := JSONKey(r.Input); err != nil || got != r.Key {
				t.Errorf("%s: JSONKey = %q, %v; want %s", name, got, err, r.Key)
			}
			out, err := AppendJSONKey(p, r.Input)
			if err != nil {
				t.Errorf("%s: AppendJSONKey: %v", name, err)
			}
			checkAppend(t, name+": AppendJSONKey", p, out, r.Key)
		}
		t.Logf("%d rows checked", len(v.JSONKey))
	})

	t.Run("http_request", func(t *testing.T) {
		for i, r := range v.HTTPRequest {
			if r.Comment == "" || r.Key == "" || r.UUIDKey == "" {
				t.Errorf("row %d (%s): comment, key or uuid_key missing", i, r.Comment)
				continue
			}
			scope := string(r.Scope)
			for _, c := range []struct {
				shape KeyShape
				want  string
			}{{HexKey, r.Key}, {UUIDKey, r.UUIDKey}} {
				// Every way of holding the body gives the row's key: GetBody,
				// a plain reader, and no body at all for an empty one; and
				// so does either way of giving the scope: a Scope function,
				// or the request's context, where a Scope function is nil.
				for _, mode := range []string{"GetBody", "reader", "nil"} {
					if mode == "nil" && len(r.Body) > 0 {
						continue
					}
					for _, way := range []string{"Scope", "WithScope"} {
						keys := RequestKeys{Shape: c.shape, Scope: func(*http.Request) string { return scope }}
						req := vectorRequest(t, r.Method, r.Target, r.ContentType, r.Body, mode)
						if way == "WithScope" {
							keys.Scope = nil
							req = req.WithContext(WithScope(req.Context(), scope))
						}
						got, err := keys.RequestKey(req)
						if err != nil || got != c.want {
							t.Errorf("row %d (%s): shape %d, body %s, scope by %s: RequestKey = %q, %v; want %s",
								i, r.Comment, c.shape, mode, way, got, err, c.want)
						}
					}
				}
			}
		}
		t.Logf("%d rows checked", len(v.HTTPRequest))
	})

	t.Run("omit", func(t *testing.T) { testOmitVectors(t, v.Omit) })
}

// vectorRequest builds the request of an http_request row, checking that
// its target is the row's target. A row with a URL is sent to the URL, so
// that its target is what net/url makes of it; any other row to its target
// on example.com. mode says how the body is held: "GetBody" (bytes.Reader,
// as http.NewRequest sets it up), "reader" (a reader without GetBody) or
// "nil" (no body).
func vectorRequest(t *testing.T, method string, target requestTarget, contentType *string, body []byte, mode string) *http.Request {
	t.Helper()
	url := "http://example.com" + target.target
	if target.url.set {
		url = target.url.v
	}
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if got := req.URL.RequestURI(); got != target.target {
		t.Fatalf("%q: the target reads as %q, want %q", url, got, target.target)
	}
	req.Method = method // http.NewRequest turns "" into "GET"
	if contentType != nil {
		req.Header.Set("Content-Type", *contentType)
	}
	switch mode {
	case "reader":
		req.Body = io.NopCloser(struct{ io.Reader }{bytes.NewReader(body)})
		req.GetBody = nil
	case "nil":
		req.Body, req.GetBody = nil, nil
	}
	return req
}

// jsonErrorKinds maps the error names of canonical_json rows to the kinds.
var jsonErrorKinds = map[string]error{
	"ErrUnexpectedEnd": ErrUnexpectedEnd,
	"ErrSyntax":        ErrSyntax,
	"ErrTrailingData":  ErrTrailingData,
	"ErrInvalidNumber": ErrInvalidNumber,
	"ErrNumberRange":   ErrNumberRange,
	"ErrUnsafeInteger": ErrUnsafeInteger,
	"ErrInvalidString": ErrInvalidString,
	"ErrInvalidUTF8":   ErrInvalidUTF8,
	"ErrLoneSurrogate": ErrLoneSurrogate,
	"ErrDuplicateName": ErrDuplicateName,
	"ErrTooDeep":       ErrTooDeep,
	"ErrTooLarge":      ErrTooLarge,
}

// TestVectorBytesDecoding checks that the byte-string decoder used above
// rejects every malformed object, so a damaged file cannot pass quietly.
func TestVectorBytesDecoding(t *testing.T) {
	good := map[string]string{
		`{"utf8": ""}`:              "",
		`{"utf8": "a\u0000\u00e9"}`: "a\x00\xc3\xa9",
		`{"hex": ""}`:               "",
		`{"hex": "00ff61"}`:         "\x00\xffa",
	}
	for in, want := range good {
		var b vectorBytes
		if err := json.Unmarshal([]byte(in), &b); err != nil {
			t.Errorf("%s: %v", in, err)
		} else if string(b) != want {
			t.Errorf("%s = %q, want %q", in, b, want)
		}
	}
	bad := []string{
		`{}`,
		`null`,
		`"abc"`,
		`["abc"]`,
		`{"utf8": "a", "hex": "61"}`,
		`{"utf8": "a", "utf8": "b"}`,
		`{"base64": "YQ=="}`,
		`{"UTF8": "a"}`,
		`{"hex": "6"}`,
		`{"hex": "zz"}`,
		`{"hex": "FF"}`,
		`{"hex": 97}`,
		`{"utf8": null}`,
	}
	for _, in := range bad {
		var b vectorBytes
		if err := json.Unmarshal([]byte(in), &b); err == nil {
			t.Errorf("%s: decoded as %q, want an error", in, b)
		}
	}
}

// TestVectorOptionalDecoding checks that an optional member is unset when
// absent, set when present, and that null or a value of another type is an
// error rather than an absent member.
func TestVectorOptionalDecoding(t *testing.T) {
	var row struct {
		Scope  optional[vectorBytes] `json:"scope"`
		Offset optional[int]         `json:"offset"`
	}
	if err := json.Unmarshal([]byte(`{}`), &row); err != nil || row.Scope.set || row.Offset.set {
		t.Errorf("{}: %+v, %v; want both unset", row, err)
	}
	if err := json.Unmarshal([]byte(`{"scope": {"utf8": ""}, "offset": 0}`), &row); err != nil ||
		!row.Scope.set || len(row.Scope.v) != 0 || !row.Offset.set || row.Offset.v != 0 {
		t.Errorf("empty scope and offset 0: %+v, %v; want both set", row, err)
	}
	for _, in := range []string{`{"scope": null}`, `{"offset": null}`, `{"offset": "1"}`, `{"offset": 1.5}`, `{"scope": "a"}`} {
		var r struct {
			Scope  optional[vectorBytes] `json:"scope"`
			Offset optional[int]         `json:"offset"`
		}
		if err := json.Unmarshal([]byte(in), &r); err == nil {
			t.Errorf("%s: decoded as %+v, want an error", in, r)
		}
	}
}
