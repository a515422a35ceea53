// The omit rows of testdata/vectors.json: RequestKeys.Omit (SPEC.md
// section 4.5) against the members an independent generator leaves out.

package agentidemp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// nullable is a member that a row must give, as a T or as null: absent, it
// stays unset, which the loader reports.
type nullable[T any] struct {
	set bool
	v   *T
}

func (n *nullable[T]) UnmarshalJSON(data []byte) error {
	n.set = true
	if bytes.Equal(data, []byte("null")) {
		n.v = nil
		return nil
	}
	n.v = new(T)
	return json.Unmarshal(data, n.v)
}

// omitVector is a row of the omit array: POST / in the empty scope, with
// RequestKeys.Omit holding the pointers of Omit, has the key Key (UUIDKey
// in the UUID shape) and the body' BodyPrime; or, when Error is set, its
// key fails, naming the pointer at that index.
type omitVector struct {
	Comment     string                `json:"comment"`
	Omit        []vectorBytes         `json:"omit"`
	ContentType nullable[string]      `json:"content_type"`
	Body        vectorBytes           `json:"body"`
	BodyPrime   optional[vectorBytes] `json:"body_prime"`
	Key         optional[string]      `json:"key"`
	UUIDKey     optional[string]      `json:"uuid_key"`
	Error       optional[int]         `json:"error"`
}

// check reports what is wrong with the row's form, "" when nothing is: every
// member the table of SPEC.md section 7 gives it, and exactly one of the
// result (body_prime, key and uuid_key) and error.
func (r *omitVector) check() string {
	switch {
	case r.Comment == "":
		return "no comment"
	case r.Omit == nil:
		return "omit missing"
	case !r.ContentType.set:
		return "content_type missing"
	case r.Body == nil:
		return "body missing"
	case r.Error.set && (r.BodyPrime.set || r.Key.set || r.UUIDKey.set):
		return "error beside a result"
	case !r.Error.set && !(r.BodyPrime.set && r.Key.set && r.UUIDKey.set):
		return "want body_prime, key and uuid_key, or error"
	case r.Error.set && (r.Error.v < 0 || r.Error.v >= len(r.Omit)):
		return fmt.Sprintf("error %d is not the index of a pointer", r.Error.v)
	}
	return ""
}

// pointers returns the row's pointers as RequestKeys.Omit takes them.
func (r *omitVector) pointers() []string {
	ptrs := make([]string, len(r.Omit))
	for i, p := range r.Omit {
		ptrs[i] = string(p)
	}
	return ptrs
}

// countingReader counts the calls of its Read, which gives nothing.
type countingReader struct{ reads int }

func (c *countingReader) Read([]byte) (int, error) {
	c.reads++
	return 0, io.EOF
}

// testOmitVectors checks every omit row: with GetBody, a plain reader and,
// for an empty body, no body at all, in both shapes, RequestKey gives the
// row's key; Middleware sends that key and the body's bytes unchanged; and
// the key is that of the row's body_prime. For a row with error, every
// way of keying the request fails, before reading the body, with an error
// that names the pointer at fault and its index.
func testOmitVectors(t *testing.T, rows []omitVector) {
	failing := 0
	for i, r := range rows {
		if msg := r.check(); msg != "" {
			t.Errorf("row %d (%s): %s", i, r.Comment, msg)
			continue
		}
		name := fmt.Sprintf("row %d (%s)", i, r.Comment)
		ptrs := r.pointers()
		kept := append([]string(nil), ptrs...)
		if r.Error.set {
			failing++
			checkOmitError(t, name, r, ptrs)
		} else {
			checkOmitKey(t, name, r, ptrs)
		}
		for j := range ptrs {
			if ptrs[j] != kept[j] {
				t.Errorf("%s: RequestKeys changed Omit[%d] from %q to %q", name, j, kept[j], ptrs[j])
			}
		}
	}
	if failing == 0 || failing == len(rows) {
		t.Errorf("%d of %d rows are errors: want both kinds", failing, len(rows))
	}
	t.Logf("%d rows checked, %d of them errors", len(rows), failing)
}

// checkOmitKey checks a row with a key.
func checkOmitKey(t *testing.T, name string, r omitVector, ptrs []string) {
	t.Helper()
	prime := string(r.BodyPrime.v)
	// The row is consistent: its keys are those of body_prime.
	if want := ScopedKey("", "POST", "/", prime); r.Key.v != want {
		t.Errorf("%s: key %s, but ScopedKey(\"\", \"POST\", \"/\", body_prime) = %s", name, r.Key.v, want)
	}
	if want := UUID5Key(NamespaceDNS, []byte("\x00POST\x00/\x00"+prime)); r.UUIDKey.v != want {
		t.Errorf("%s: uuid_key %s, but the UUID of body_prime's preimage is %s", name, r.UUIDKey.v, want)
	}
	target := requestTarget{target: "/"}
	for _, c := range []struct {
		shape KeyShape
		want  string
	}{{HexKey, r.Key.v}, {UUIDKey, r.UUIDKey.v}} {
		for _, mode := range []string{"GetBody", "reader", "nil"} {
			if mode == "nil" && len(r.Body) > 0 {
				continue
			}
			keys := RequestKeys{Omit: ptrs, Shape: c.shape}
			req := vectorRequest(t, "POST", target, r.ContentType.v, r.Body, mode)
			if got, err := keys.RequestKey(req); err != nil || got != c.want {
				t.Errorf("%s: shape %d, body %s: RequestKey = %q, %v; want %s", name, c.shape, mode, got, err, c.want)
			}
		}
	}
	// The key leaves members out, never the bytes sent.
	for _, mode := range []string{"GetBody", "reader"} {
		req := vectorRequest(t, "POST", target, r.ContentType.v, r.Body, mode)
		called := false
		_, err := RequestKeys{Omit: ptrs}.Middleware(req, func(out *http.Request) (*http.Response, error) {
			called = true
			if got := out.Header.Get(DefaultIdempotencyHeader); got != r.Key.v {
				t.Errorf("%s: body %s: Middleware sent the key %q, want %s", name, mode, got, r.Key.v)
			}
			sent, err := io.ReadAll(out.Body)
			if err != nil || !bytes.Equal(sent, r.Body) {
				t.Errorf("%s: body %s: Middleware sent the body %q, %v; want the row's body %q", name, mode, sent, err, r.Body)
			}
			return nil, nil
		})
		if err != nil || !called {
			t.Errorf("%s: body %s: Middleware: %v, next called: %v", name, mode, err, called)
		}
	}
}

// checkOmitError checks a row with an error.
func checkOmitError(t *testing.T, name string, r omitVector, ptrs []string) {
	t.Helper()
	at := r.Error.v
	index := fmt.Sprintf("RequestKeys.Omit[%d]", at)
	check := func(what string, err error) {
		t.Helper()
		switch msg := fmt.Sprint(err); {
		case err == nil:
			t.Errorf("%s: %s succeeded, want the error of Omit[%d]", name, what, at)
		case !strings.Contains(msg, index) || strings.Count(msg, "RequestKeys.Omit[") != 1:
			t.Errorf("%s: %s error %q does not name %s alone", name, what, msg, index)
		case at < 64 && !strings.Contains(msg, fmt.Sprintf("%q", ptrs[at])):
			// Below the limit of 64 pointers, the pointer itself is at
			// fault.
			t.Errorf("%s: %s error %q does not name the pointer %q", name, what, msg, ptrs[at])
		}
	}
	target := requestTarget{target: "/"}
	for _, shape := range []KeyShape{HexKey, UUIDKey} {
		for _, mode := range []string{"GetBody", "reader", "nil"} {
			if mode == "nil" && len(r.Body) > 0 {
				continue
			}
			req := vectorRequest(t, "POST", target, r.ContentType.v, r.Body, mode)
			got, err := RequestKeys{Omit: ptrs, Shape: shape}.RequestKey(req)
			if got != "" {
				t.Errorf("%s: shape %d, body %s: RequestKey returned %q with its error", name, shape, mode, got)
			}
			check(fmt.Sprintf("shape %d, body %s: RequestKey", shape, mode), err)
		}
	}
	// The list fails before the body is read, whatever the body: a body
	// that counts its reads is not read, by RequestKey or Middleware, and
	// nothing is sent.
	for _, fn := range []string{"RequestKey", "Middleware"} {
		body := new(countingReader)
		req := vectorRequest(t, "POST", target, r.ContentType.v, r.Body, "reader")
		req.Body = io.NopCloser(body)
		keys := RequestKeys{Omit: ptrs}
		var err error
		if fn == "RequestKey" {
			_, err = keys.RequestKey(req)
		} else {
			_, err = keys.Middleware(req, func(*http.Request) (*http.Response, error) {
				t.Errorf("%s: Middleware sent the request", name)
				return nil, nil
			})
		}
		check(fn, err)
		if body.reads != 0 {
			t.Errorf("%s: %s read the body %d times before failing", name, fn, body.reads)
		}
	}
}

// TestVectorNullableDecoding checks that a nullable member is unset when
// absent, set and nil when null, set to its value otherwise, and that a
// value of another type is an error.
func TestVectorNullableDecoding(t *testing.T) {
	type row struct {
		CT nullable[string] `json:"ct"`
	}
	for in, want := range map[string]string{`{}`: "unset", `{"ct": null}`: "null", `{"ct": ""}`: `""`, `{"ct": "a/b"}`: `"a/b"`} {
		var r row
		if err := json.Unmarshal([]byte(in), &r); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		got := "unset"
		switch {
		case r.CT.set && r.CT.v == nil:
			got = "null"
		case r.CT.set:
			got = fmt.Sprintf("%q", *r.CT.v)
		}
		if got != want {
			t.Errorf("%s: decoded as %s, want %s", in, got, want)
		}
	}
	for _, in := range []string{`{"ct": 1}`, `{"ct": {}}`, `{"ct": ["a"]}`} {
		var r row
		if err := json.Unmarshal([]byte(in), &r); err == nil {
			t.Errorf("%s: decoded as %+v, want an error", in, r)
		}
	}
}
