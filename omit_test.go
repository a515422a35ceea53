package agentidemp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// refOmit is a reference of SPEC.md section 4.5 built on encoding/json,
// apart from the emit pass: it decodes body, resolves every pointer on the
// decoded value, deletes the members found, all together, and returns C of
// what is left. ok is false when C refuses body. Tokens are decoded as RFC
// 6901 says, ~1 first and then ~0, over the whole token.
func refOmit(t testing.TB, body []byte, ptrs []string) (canon []byte, ok bool) {
	t.Helper()
	if _, err := CanonicalJSON(body); err != nil {
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var doc any
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("encoding/json refuses %q, which CanonicalJSON accepts: %v", body, err)
	}
	type found struct {
		obj  map[string]any
		name string
	}
	var del []found
	for _, p := range ptrs {
		toks := strings.Split(p, "/")[1:]
		v := doc
		for i, tok := range toks {
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
			last := i == len(toks)-1
			if obj, isObj := v.(map[string]any); isObj {
				if _, has := obj[tok]; has && last {
					del = append(del, found{obj, tok})
				}
				v = obj[tok]
				continue
			}
			arr, isArr := v.([]any)
			if !isArr || !refIndex.MatchString(tok) {
				break
			}
			k, err := strconv.Atoi(tok)
			if err != nil || k >= len(arr) {
				break
			}
			v = arr[k]
		}
	}
	for _, f := range del {
		delete(f.obj, f.name)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	canon, err = CanonicalJSON(out)
	if err != nil {
		t.Fatalf("CanonicalJSON refuses encoding/json's %q: %v", out, err)
	}
	return canon, true
}

var refIndex = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)

// omitKey returns the key of POST / with body as JSON, and Omit ptrs.
func omitKey(t testing.TB, body []byte, ptrs []string, getBody bool) (string, error) {
	req, err := http.NewRequest("POST", "http://h/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if !getBody {
		// Of unknown length, so a body over 4 KiB is held in more than
		// one chunk and joined for the canonicalizer.
		req.GetBody, req.ContentLength = nil, 0
		req.Body = funcBody(bytes.NewReader(body).Read)
	}
	return RequestKeys{Omit: ptrs}.RequestKey(req)
}

// checkOmit checks the key of body with Omit ptrs against the reference,
// through GetBody and a plain reader, and returns the reference's body'.
func checkOmit(t testing.TB, body []byte, ptrs []string) []byte {
	t.Helper()
	want, ok := refOmit(t, body, ptrs)
	if !ok {
		want = body // the raw fallback: nothing is left out
	}
	w := ScopedKey("", "POST", "/", string(want))
	for _, getBody := range []bool{true, false} {
		got, err := omitKey(t, body, ptrs, getBody)
		if err != nil || got != w {
			t.Fatalf("%q, Omit %q (GetBody %v): key %q, %v; want %s, the key of body' %q",
				body, ptrs, getBody, got, err, w, want)
		}
	}
	// The middleware hashes an in-memory body without GetBody in place.
	req, err := http.NewRequest("POST", "http://h/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Body = io.NopCloser(bytes.NewReader(body))
	var rec recorder
	if _, err := (RequestKeys{Omit: ptrs}).Middleware(req, rec.next); err != nil || rec.key != w {
		t.Fatalf("%q, Omit %q (in memory): key %q, %v; want %s", body, ptrs, rec.key, err, w)
	}
	return want
}

// TestOmitCases: the cases of SPEC.md section 4.5, each with its body'
// written out, and the reference agreeing with it.
func TestOmitCases(t *testing.T) {
	for _, c := range []struct {
		body string
		omit []string
		want string
	}{
		{`{"jsonrpc":"2.0","id":7,"method":"tools/call"}`, []string{"/id"}, `{"jsonrpc":"2.0","method":"tools/call"}`},
		{`{"a":{"b":1,"c":2}}`, []string{"/a/b", "/a/b", "/a"}, `{}`},
		{`{"a":{"b":1,"c":2}}`, []string{"/a/b"}, `{"a":{"c":2}}`},
		{`{"a":{"b":1,"c":2}}`, []string{"/a/c", "/a/b"}, `{"a":{}}`},
		{`{"a/b":1,"m~n":2,"":3,"k":0}`, []string{"/a~1b", "/m~0n", "/"}, `{"k":0}`},
		{`{"~1":1,"/":2,"~":3}`, []string{"/~01"}, `{"/":2,"~":3}`},
		{`{"~1":1,"/":2,"~":3}`, []string{"/~1"}, `{"~":3,"~1":1}`},
		{`[{"id":1,"x":2},{"id":3}]`, []string{"/0/id"}, `[{"x":2},{"id":3}]`},
		{`[{"id":1},{"id":3}]`, []string{"/1/id", "/2/id", "/-/id"}, `[{"id":1},{}]`},
		{`[{"id":1},{"id":3}]`, []string{"/01/id", "/00/id", "/+1/id", "/1&/id", "/ 1/id", "/1e0/id", "/99999999999/id"}, `[{"id":1},{"id":3}]`},
		{`{"x\u0064":1,"\u0061b":2,"i\u0064":3}`, []string{"/id", "/abc"}, `{"ab":2,"xd":1}`},
		{`{"a":[1,2]}`, []string{"/a/0", "/a/-", "/b"}, `{"a":[1,2]}`},
		{`{"0":{"id":1}}`, []string{"/0/id"}, `{"0":{}}`},
		{`{"a":"s","b":1}`, []string{"/a/0", "/b/x"}, `{"a":"s","b":1}`},
		{`{"\u0069d":1,"x\/y":2,"z":3,"\"q\n":4}`, []string{"/id", "/x~1y", "/\"q\n"}, `{"z":3}`},
		{`{"é":1,"\u00e9x":2,"😀":3,"\ud83d\ude00!":4}`, []string{"/é", "/éx", "/😀", "/😀!"}, `{}`},
		{`{ "b" : 1.50 , "id" : "x" , "a" : [ ] }`, []string{"/id"}, `{"a":[],"b":1.5}`},
		{`17`, []string{"/id"}, `17`},
		{`{"id":1,"id":2}`, []string{"/id"}, `{"id":1,"id":2}`},
		{`{"keep":1,"id":{"x":1,"x":2}}`, []string{"/id"}, `{"keep":1,"id":{"x":1,"x":2}}`},
		{`{"id":1,"pad":"` + strings.Repeat("x", 3*firstChunk) + `"}`, []string{"/id"}, `{"pad":"` + strings.Repeat("x", 3*firstChunk) + `"}`},
		// A byte below '0' is no digit, though byte arithmetic would read
		// " " as 240: the element 240 keeps its member.
		{"[" + strings.Repeat(`{"id":0},`, 240) + `{"id":1}]`, []string{"/ /id", "/240/x"},
			"[" + strings.Repeat(`{"id":0},`, 240) + `{"id":1}]`},
	} {
		if got := checkOmit(t, []byte(c.body), c.omit); string(got) != c.want {
			t.Errorf("%s, Omit %q: the reference gives %s, want %s", c.body, c.omit, got, c.want)
		}
	}
}

// TestOmitDeep: a pointer as deep as the deepest document, and one token
// deeper, which names nothing.
func TestOmitDeep(t *testing.T) {
	const depth = MaxJSONDepth
	body := strings.Repeat(`{"a":`, depth-1) + `{"a":1,"b":2}` + strings.Repeat(`}`, depth-1)
	ptr := strings.Repeat("/a", depth)
	want := strings.Repeat(`{"a":`, depth-1) + `{"b":2}` + strings.Repeat(`}`, depth-1)
	for _, c := range []struct{ ptr, want string }{{ptr, want}, {ptr + "/a", body}} {
		got, err := omitKey(t, []byte(body), []string{c.ptr}, true)
		canon, _ := CanonicalJSON([]byte(c.want))
		if w := ScopedKey("", "POST", "/", string(canon)); err != nil || got != w {
			t.Errorf("pointer of %d tokens: key %q, %v; want %s", strings.Count(c.ptr, "/"), got, err, w)
		}
	}
}

// TestOmitPointers: every pointer list that SPEC.md section 4.5 refuses
// fails the key, naming the first pointer at fault and its index, and the
// limit of 64 pointers holds at 64.
func TestOmitPointers(t *testing.T) {
	many := func(n int, last string) []string {
		ptrs := make([]string, n)
		for i := range ptrs {
			ptrs[i] = "/m" + strconv.Itoa(i)
		}
		if last != "" {
			ptrs[n-1] = last
		}
		return ptrs
	}
	for _, c := range []struct {
		omit  []string
		index int
		why   string
	}{
		{[]string{""}, 0, `"" names the whole body`},
		{[]string{"id"}, 0, "does not start with '/'"},
		{[]string{"/ok", "id/x"}, 1, "does not start with '/'"},
		{[]string{"/a~2"}, 0, "'~' at byte 2 is not followed"},
		{[]string{"/a~"}, 0, "'~' at byte 2 is not followed"},
		{[]string{"/x/~/y"}, 0, "'~' at byte 3 is not followed"},
		{[]string{"/~0/~1/a~"}, 0, "'~' at byte 8 is not followed"},
		{[]string{"/a", "/\xff"}, 1, "not valid UTF-8"},
		{[]string{"/a", "/\xed\xa0\x80"}, 1, "not valid UTF-8"},
		{[]string{"/a", "", "id"}, 1, `"" names the whole body`},
		{many(65, ""), 64, "more than 64 pointers"},
		{many(65, "id"), 64, "more than 64 pointers"},
		{many(64, "id"), 63, "does not start with '/'"},
	} {
		_, err := omitKey(t, []byte(`{"id":1}`), c.omit, true)
		prefix := fmt.Sprintf("agentidemp: RequestKeys.Omit[%d]", c.index)
		if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("Omit %q: error %v; want %q ... %q", c.omit, err, prefix, c.why)
		}
	}
	// 64 pointers are the most, and each one counts.
	body := `{`
	for i := 0; i < 64; i++ {
		body += fmt.Sprintf(`"m%d":%d,`, i, i)
	}
	body += `"keep":true}`
	if got := checkOmit(t, []byte(body), many(64, "")); string(got) != `{"keep":true}` {
		t.Errorf("64 pointers: body' %s", got)
	}
}

// TestOmitFailsEarly: an invalid Omit fails every request that would get a
// key, before its body is read, whatever the body; the middleware closes
// the body and sends nothing. A request that gets no key is sent as it is.
func TestOmitFailsEarly(t *testing.T) {
	keys := RequestKeys{Omit: []string{"id"}}
	for _, ct := range []string{"application/json", "text/plain", "multipart/form-data; boundary=b", ""} {
		for _, withBody := range []bool{true, false} {
			req := newRequest(t, "POST", "/v1/x", ct, "")
			body := &countingBody{r: strings.NewReader(`{"id":1}`)}
			if withBody {
				req.Body = body
			}
			var rec recorder
			_, err := keys.Middleware(req, rec.next)
			if err == nil || rec.calls != 0 || body.reads != 0 {
				t.Errorf("%q, body %v: err %v, %d calls of next, %d reads; want an error, none, none", ct, withBody, err, rec.calls, body.reads)
			}
			if withBody && body.closed != 1 {
				t.Errorf("%q: the body was closed %d times, want once", ct, body.closed)
			}
			if _, err := keys.RequestKey(newRequest(t, "GET", "/v1/x", ct, "")); err == nil {
				t.Errorf("%q: RequestKey of a GET with an invalid Omit succeeds", ct)
			}
		}
	}
	var rec recorder
	if _, err := keys.Middleware(newRequest(t, "GET", "/v1/x", "", ""), rec.next); err != nil || rec.calls != 1 || rec.key != "" {
		t.Errorf("a GET, which gets no key: err %v, %d calls, key %q; want it sent as it is", err, rec.calls, rec.key)
	}
}

// TestOmitOtherBodies: Omit changes only the body' of a JSON-typed body
// that C accepts; the key of any other body is the key without it, and the
// bytes sent are the bytes given.
func TestOmitOtherBodies(t *testing.T) {
	const mp = "--b\r\nContent-Type: application/json\r\n\r\n{\"id\":1}\r\n--b--"
	for _, c := range []struct{ ct, body string }{
		{"text/plain", `{"id":1,"a":2}`},
		{"", `{"id":1,"a":2}`},
		{"application/json", `{"id":1,"a":2,}`},
		{"application/json", `{"id":1,"id":2}`},
		{"multipart/form-data; boundary=b", mp},
		{"multipart/form-data; boundary=c", mp},
		{"application/json", ""},
	} {
		without, err := RequestKey(newRequest(t, "POST", "/v1/x", c.ct, c.body))
		if err != nil {
			t.Fatal(err)
		}
		var rec recorder
		keys := RequestKeys{Omit: []string{"/id", "/a"}}
		if _, err := keys.Middleware(newRequest(t, "POST", "/v1/x", c.ct, c.body), rec.next); err != nil || rec.key != without {
			t.Errorf("%q %q: key %q, %v; want %s, the key without Omit", c.ct, c.body, rec.key, err, without)
		}
		if string(rec.body) != c.body {
			t.Errorf("%q %q: sent %q", c.ct, c.body, rec.body)
		}
	}
	// A JSON body is sent as it was given, the members left out included.
	var rec recorder
	body := `{ "id" : 7, "a" : 1.0 }`
	if _, err := (RequestKeys{Omit: []string{"/id"}}).Middleware(newRequest(t, "POST", "/v1/x", "application/json", body), rec.next); err != nil || string(rec.body) != body {
		t.Errorf("sent %q, %v; want %q", rec.body, err, body)
	}
	if want := ScopedKey("", "POST", "/v1/x", `{"a":1}`); rec.key != want {
		t.Errorf("key %s, want %s", rec.key, want)
	}
}

// TestOmitLeavesNoTrace: a key with Omit leaves nothing behind in the
// pooled canonicalizer that a JSONKey after it would use.
func TestOmitLeavesNoTrace(t *testing.T) {
	doc := []byte(`{"a":2,"id":1}`) // canonical: JSONKey is Sha256Hex
	for i := 0; i < 20; i++ {
		if _, err := omitKey(t, doc, []string{"/id"}, true); err != nil {
			t.Fatal(err)
		}
		if got, err := JSONKey(doc); err != nil || got != Sha256Hex(doc) {
			t.Fatalf("JSONKey after a key with Omit = %q, %v; want %s", got, err, Sha256Hex(doc))
		}
	}
}

// TestOmitStreams: with members left out, the canonical form still streams
// through the fixed buffer, in pieces of the input where they are long.
func TestOmitStreams(t *testing.T) {
	tried := 0
	docs := memDocs(t)
	const depth = streamBufLen + 100 // more '[' than the buffer holds
	docs["arrays"] = []byte(strings.Repeat("[", depth) + `{"x":1,"y":2}` + strings.Repeat("]", depth))
	for name, doc := range docs {
		var l omitList
		ptrs := memberPointers(t, doc, 7)
		if name == "arrays" {
			// A pointer into every array on the way: the buffer still
			// empties, with nothing but '[' between members.
			ptrs = []string{strings.Repeat("/0", depth) + "/x"}
		}
		if len(ptrs) == 0 {
			continue // no object in it
		}
		tried++
		if err := l.set(ptrs); err != nil {
			t.Fatal(err)
		}
		want, _ := refOmit(t, doc, ptrs)
		c := new(canon)
		c.in = doc
		if err := c.parse(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c.omit = &l
		rec := hashRecorder{in: doc, text: c.text}
		c.writeTo(&rec, "", false)
		if !bytes.Equal(rec.Bytes(), want) {
			t.Errorf("%s: streamed %d bytes, want the %d of the reference", name, rec.Len(), len(want))
		}
		if cap(c.stream) != streamBufLen || rec.copied > 0 {
			t.Errorf("%s: the stream buffer grew to %d bytes; %d long writes were copies", name, cap(c.stream), rec.copied)
		}
	}
	if tried < 8 {
		t.Errorf("members left out of %d documents only", tried)
	}
}

// memberPointers returns pointers to every k-th member of doc, in the
// order encoding/json's decoder gives them, and to a member of each
// member's value where there is one, at most 64 in all.
func memberPointers(t testing.TB, doc []byte, k int) []string {
	var v any
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	var all []string
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			names := make([]string, 0, len(v))
			for name := range v {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				m := v[name]
				p := at + "/" + strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
				all = append(all, p)
				walk(m, p)
			}
		case []any:
			for i, e := range v {
				walk(e, at+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(v, "")
	var ptrs []string
	for i := 0; i < len(all) && len(ptrs) < maxOmit; i += k {
		ptrs = append(ptrs, all[i])
	}
	return ptrs
}

// refValid reports whether p is a pointer that SPEC.md section 4.5
// accepts, by its own reading of the rules.
func refValid(p string) bool {
	return strings.HasPrefix(p, "/") && utf8.ValidString(p) && !badTilde.MatchString(p)
}

var badTilde = regexp.MustCompile(`~([^01]|$)`)

// TestOmitProperty: random documents, with names written raw or escaped,
// and pointers to their members, into their arrays, and to nothing, give
// the reference's key.
func TestOmitProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 4))
	names := []string{"id", "a", "", "~", "/", "~1", "x/y", "é", "😀", "0", "1", "-"}
	spell := func(name string) string {
		if rng.IntN(2) == 0 {
			return strconv.Quote(name)
		}
		var b strings.Builder
		b.WriteByte('"')
		for _, r := range name {
			switch {
			case rng.IntN(2) == 0:
				b.WriteString(strconv.Quote(string(r))[1 : len(strconv.Quote(string(r)))-1])
			case r == '/':
				b.WriteString(`\/`)
			default:
				for _, u := range utf16.Encode([]rune{r}) {
					fmt.Fprintf(&b, `\u%04x`, u)
				}
			}
		}
		b.WriteByte('"')
		return b.String()
	}
	var value func(depth int) string
	value = func(depth int) string {
		switch k := rng.IntN(6); {
		case depth > 4 || k < 2:
			return []string{"1", "-0.50", `"s"`, "null", "true", "[]", "{}"}[rng.IntN(7)]
		case k < 3:
			var elems []string
			for i := rng.IntN(4); i > 0; i-- {
				elems = append(elems, value(depth+1))
			}
			return "[" + strings.Join(elems, ",") + "]"
		}
		var members []string
		for _, i := range rng.Perm(len(names))[:rng.IntN(6)] {
			members = append(members, spell(names[i])+" : "+value(depth+1))
		}
		return "{ " + strings.Join(members, " , ") + " }"
	}
	tokens := []string{"id", "a", "", "~0", "~1", "~01", "x~1y", "é", "😀", "0", "1", "00", "01", "-", "9"}
	checked := 0
	for i := 0; i < 3000; i++ {
		doc := []byte(value(0))
		ptrs := memberPointers(t, doc, 1+rng.IntN(3))
		for j := rng.IntN(4); j > 0; j-- {
			var p string
			for n := 1 + rng.IntN(3); n > 0; n-- {
				p += "/" + tokens[rng.IntN(len(tokens))]
			}
			ptrs = append(ptrs, p)
		}
		rng.Shuffle(len(ptrs), func(a, b int) { ptrs[a], ptrs[b] = ptrs[b], ptrs[a] })
		if len(ptrs) > maxOmit {
			ptrs = ptrs[:maxOmit]
		}
		if want := checkOmit(t, doc, ptrs); !bytes.Equal(want, mustCanon(t, doc)) {
			checked++
		}
	}
	if checked < 1000 {
		t.Errorf("members were left out of %d documents only", checked)
	}
}

func mustCanon(t testing.TB, doc []byte) []byte {
	c, err := CanonicalJSON(doc)
	if err != nil {
		t.Fatalf("%s: %v", doc, err)
	}
	return c
}

// FuzzOmit: for any body and two pointers, the key is the reference's, or
// the pointers are invalid by the reference's reading too.
func FuzzOmit(f *testing.F) {
	f.Add([]byte(`{"jsonrpc":"2.0","id":7,"method":"tools/call"}`), "/id", "/params/arguments/x")
	f.Add([]byte(`[{"a~b":1,"c/d":[2,{"e":3}]}]`), "/0/a~0b", "/0/c~1d/1/e")
	f.Add([]byte(`{"\u0061":{"\/":1}}`), "/a/~1", "/a")
	f.Add([]byte(`{"a":1}`), "", "/a~2")
	f.Fuzz(func(t *testing.T, body []byte, p1, p2 string) {
		ptrs := []string{p1, p2}
		var l omitList
		if err := l.set(ptrs); (err == nil) != (refValid(p1) && refValid(p2)) {
			t.Fatalf("Omit %q: set says %v", ptrs, err)
		} else if err != nil {
			return
		}
		checkOmit(t, body, ptrs)
	})
}

// BenchmarkOmit: the key of each test body as a JSON request, without and
// with members left out (two top-level members and one nested, which the
// bodies have, and one they lack).
func BenchmarkOmit(b *testing.B) {
	names, bodies := ctBodies(b)
	for i, body := range bodies {
		for _, keys := range []RequestKeys{{}, {Omit: []string{"/model", "/max_tokens", "/messages/0/role", "/id"}}} {
			req := newRequest(b, "POST", "/v1/messages", "application/json", string(body))
			b.Run(fmt.Sprintf("%s/omit=%d", names[i], len(keys.Omit)), func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for n := 0; n < b.N; n++ {
					if _, err := keys.RequestKey(req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
