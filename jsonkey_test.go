package agentidemp

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

const ctIssueKey = "ik_5c181ca05655562a20cd9639a1bea983"

func TestJSONKeySpellings(t *testing.T) {
	spellings := []string{
		// Python json.dumps(body), default separators.
		`{"model": "claude-sonnet-4-20250514", "messages": [{"role": "user", "content": "hi"}]}`,
		// Compact, insertion order.
		`{"model":"claude-sonnet-4-20250514","messages":[{"role":"user","content":"hi"}]}`,
		// Compact, sorted names.
		`{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}`,
		// Python json.dumps(body, indent=2).
		"{\n  \"model\": \"claude-sonnet-4-20250514\",\n  \"messages\": [\n    {\n      \"role\": \"user\",\n      \"content\": \"hi\"\n    }\n  ]\n}",
	}
	const canonical = `{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}`
	if k := Sha256Hex([]byte(canonical)); k != ctIssueKey {
		t.Fatalf("Sha256Hex(canonical) = %s, want %s", k, ctIssueKey)
	}
	for _, s := range spellings {
		c, err := CanonicalJSON([]byte(s))
		if err != nil || string(c) != canonical {
			t.Errorf("CanonicalJSON(%q) = %q, %v, want %q", s, c, err, canonical)
		}
		k, err := JSONKey([]byte(s))
		if err != nil || k != ctIssueKey {
			t.Errorf("JSONKey(%q) = %q, %v, want %s", s, k, err, ctIssueKey)
		}
		b, err := AppendJSONKey([]byte("k="), []byte(s))
		if err != nil || string(b) != "k="+ctIssueKey {
			t.Errorf("AppendJSONKey(%q) = %q, %v, want %q", s, b, err, "k="+ctIssueKey)
		}
	}
}

type ctMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type ctRequest struct {
	Model       string         `json:"model"`
	MaxTokens   int            `json:"max_tokens"`
	Temperature float64        `json:"temperature"`
	TopP        float64        `json:"top_p"`
	Messages    []ctMessage    `json:"messages"`
	Stop        []string       `json:"stop"`
	Metadata    map[string]any `json:"metadata"`
}

// ctRequestReordered has the fields of ctRequest in another order.
type ctRequestReordered struct {
	Metadata    map[string]any `json:"metadata"`
	Stop        []string       `json:"stop"`
	TopP        float64        `json:"top_p"`
	Messages    []ctMessage    `json:"messages"`
	Temperature float64        `json:"temperature"`
	MaxTokens   int            `json:"max_tokens"`
	Model       string         `json:"model"`
}

// TestJSONKeyEncodingJSON serializes one request in several ways with
// encoding/json and expects one key.
func TestJSONKeyEncodingJSON(t *testing.T) {
	content := "<b>Tom & Jerry</b>\u2028line two\u2029"
	meta := func() map[string]any {
		return map[string]any{"user_id": "u-1", "nested": map[string]any{"z": true, "a": nil}}
	}
	req := ctRequest{
		Model: "claude-sonnet-4-20250514", MaxTokens: 1024, Temperature: 0.7, TopP: 1e-7,
		Messages: []ctMessage{{Role: "user", Content: content}},
		Stop:     []string{"</s>"}, Metadata: meta(),
	}
	reordered := ctRequestReordered{
		Metadata: meta(), Stop: req.Stop, TopP: req.TopP, Messages: req.Messages,
		Temperature: req.Temperature, MaxTokens: req.MaxTokens, Model: req.Model,
	}
	asMap := map[string]any{
		"messages": []any{map[string]any{"content": content, "role": "user"}},
		"model":    req.Model, "max_tokens": 1024, "temperature": 0.7, "top_p": 1e-7,
		"stop": []any{"</s>"}, "metadata": meta(),
	}
	const canonical = `{"max_tokens":1024,"messages":[{"content":"<b>Tom & Jerry</b>` + "\u2028line two\u2029" +
		`","role":"user"}],"metadata":{"nested":{"a":null,"z":true},"user_id":"u-1"},` +
		`"model":"claude-sonnet-4-20250514","stop":["</s>"],"temperature":0.7,"top_p":1e-7}`

	var spellings [][]byte
	add := func(b []byte, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		spellings = append(spellings, b)
	}
	add(json.Marshal(req))
	add(json.MarshalIndent(req, "", "  "))
	add(json.MarshalIndent(req, " ", "\t"))
	add(json.Marshal(reordered))
	add(json.Marshal(asMap))
	for _, v := range []any{req, reordered, asMap} {
		for _, esc := range []bool{true, false} {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(esc)
			enc.SetIndent("", " ")
			err := enc.Encode(v)
			add(buf.Bytes(), err)
		}
	}
	// The HTML-escaped and unescaped forms really differ.
	if !bytes.Contains(spellings[0], []byte(`\u003c`)) || !bytes.Contains(spellings[0], []byte(`\u0026`)) ||
		!bytes.Contains(spellings[0], []byte(`\u2028`)) {
		t.Fatalf("json.Marshal did not escape as expected: %s", spellings[0])
	}
	if bytes.Contains(spellings[6], []byte(`\u003c`)) {
		t.Fatalf("SetEscapeHTML(false) still escaped: %s", spellings[6])
	}
	want := Sha256Hex([]byte(canonical))
	for _, s := range spellings {
		c, err := CanonicalJSON(s)
		if err != nil || string(c) != canonical {
			t.Errorf("CanonicalJSON(%q)\ngot  %q, %v\nwant %q", s, c, err, canonical)
		}
		k, err := JSONKey(s)
		if err != nil || k != want {
			t.Errorf("JSONKey(%q) = %s, %v, want %s", s, k, err, want)
		}
	}
}

func TestScopedJSONKey(t *testing.T) {
	docs := []string{
		`{"model": "claude-sonnet-4-20250514", "messages": [{"role": "user", "content": "hi"}]}`,
		`[1.0, "\u00e9", {"b": null, "a": -0}]`,
		`"top-level string"`,
		`0`,
	}
	scopes := []string{"", "user-1", "tenant\x00x", "é", strings.Repeat("s", 1000)}
	for _, d := range docs {
		c, err := CanonicalJSON([]byte(d))
		if err != nil {
			t.Fatal(err)
		}
		k, err := JSONKey([]byte(d))
		if err != nil || k != Sha256Hex(c) {
			t.Errorf("JSONKey(%q) = %s, %v, want %s", d, k, err, Sha256Hex(c))
		}
		for _, s := range scopes {
			k, err := ScopedJSONKey(s, []byte(d))
			want := ScopedSha256Hex(s, c)
			if err != nil || k != want {
				t.Errorf("ScopedJSONKey(%q, %q) = %s, %v, want %s", s, d, k, err, want)
			}
			got, err := AppendScopedJSONKey([]byte("pre:"), s, []byte(d))
			if err != nil || string(got) != "pre:"+want {
				t.Errorf("AppendScopedJSONKey(%q, %q) = %q, %v, want %q", s, d, got, err, "pre:"+want)
			}
		}
	}
	// Refused input leaves dst as it was.
	for _, bad := range []string{`{"a":1,"a":2}`, `[1 2]`, ``} {
		got, err := AppendScopedJSONKey([]byte("pre:"), "s", []byte(bad))
		if err == nil || string(got) != "pre:" {
			t.Errorf("AppendScopedJSONKey(%q) = %q, %v, want \"pre:\" and an error", bad, got, err)
		}
		if k, err := ScopedJSONKey("s", []byte(bad)); err == nil || k != "" {
			t.Errorf("ScopedJSONKey(%q) = %q, %v, want \"\" and an error", bad, k, err)
		}
	}
	// Different scopes, different keys; the scope is not just prepended.
	a, _ := ScopedJSONKey("a", []byte(`{}`))
	b, _ := ScopedJSONKey("b", []byte(`{}`))
	plain, _ := JSONKey([]byte(`{}`))
	if a == b || a == plain {
		t.Errorf("scoped keys collide: %s %s %s", a, b, plain)
	}
}

// TestJSONKeyErrors checks that the key functions refuse what CanonicalJSON
// refuses, with the same error. (The kinds and offsets themselves are
// checked by TestCanonicalInvalidTable.)
func TestJSONKeyErrors(t *testing.T) {
	for _, tc := range ctInvalid {
		_, want := CanonicalJSON([]byte(tc.in))
		if want == nil {
			continue // reported by TestCanonicalInvalidTable
		}
		k, err := JSONKey([]byte(tc.in))
		if !ctSameError(err, want) || k != "" {
			t.Errorf("JSONKey(%q) = %q, %v; CanonicalJSON said %v", tc.in, k, err, want)
		}
		k, err = ScopedJSONKey("scope", []byte(tc.in))
		if !ctSameError(err, want) || k != "" {
			t.Errorf("ScopedJSONKey(%q) = %q, %v; CanonicalJSON said %v", tc.in, k, err, want)
		}
		dst := []byte("prefix:")
		b, err := AppendJSONKey(dst, []byte(tc.in))
		if !ctSameError(err, want) {
			t.Errorf("AppendJSONKey(%q) error %v; CanonicalJSON said %v", tc.in, err, want)
		}
		if string(b) != "prefix:" {
			t.Errorf("AppendJSONKey(%q) refused but returned %q, want dst unchanged", tc.in, b)
		}
	}
}

func TestJSONKeyAllocs(t *testing.T) {
	ctSkipAllocs(t)
	names, bodies := ctBodies(t)
	bodies = append(bodies, ctManyValues(10), ctManyValues(10000))
	names = append(names, "values_10", "values_10000")
	for i, body := range bodies {
		n := ctAllocs(20, func() {
			if _, err := JSONKey(body); err != nil {
				panic(err)
			}
		})
		if n != 1 {
			t.Errorf("JSONKey(%s): %v allocations, want 1 (the returned string)", names[i], n)
		}
		dst := make([]byte, 0, HexKeyLen)
		na := ctAllocs(20, func() {
			if _, err := AppendJSONKey(dst[:0], body); err != nil {
				panic(err)
			}
		})
		ns := ctAllocs(20, func() {
			if _, err := ScopedJSONKey("scope", body); err != nil {
				panic(err)
			}
		})
		if na != 0 {
			t.Errorf("AppendJSONKey(%s) with room in dst: %v allocations, want 0", names[i], na)
		}
		if ns != 1 {
			t.Errorf("ScopedJSONKey(%s): %v allocations, want 1 (the returned string)", names[i], ns)
		}
		nas := ctAllocs(20, func() {
			if _, err := AppendScopedJSONKey(dst[:0], "scope", body); err != nil {
				panic(err)
			}
		})
		if nas != 0 {
			t.Errorf("AppendScopedJSONKey(%s) with room in dst: %v allocations, want 0", names[i], nas)
		}
		t.Logf("%s: JSONKey %v, AppendJSONKey %v, ScopedJSONKey %v, AppendScopedJSONKey %v allocations", names[i], n, na, ns, nas)
	}
}

func BenchmarkJSONKey(b *testing.B) {
	names, bodies := ctBodies(b)
	for i, body := range bodies {
		body := body
		b.Run(names[i], func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for n := 0; n < b.N; n++ {
				if _, err := JSONKey(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
