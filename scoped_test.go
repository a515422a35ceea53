package agentidemp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
)

var scopedSha256HexVectors = []struct {
	name    string
	scope   string
	content string
	want    string
}{
	// python3: SHA-256(b"user-1\x00payload").
	{"user-payload", "user-1", "payload", "ik_542cb024eb8cae6e5578227e9dd4d37e"},
	// python3: SHA-256(b"\x00").
	{"both-empty", "", "", "ik_6e340b9cffb37a989ca544e6bb780a2c"},
	// python3: SHA-256(b"user-1\x00").
	{"empty-content", "user-1", "", "ik_a9eb011b261437ca55dcc1e92953ca14"},
	// python3: SHA-256(b"\x00payload").
	{"empty-scope", "", "payload", "ik_a4e0a2dd19cbaf0e14cf7740e862e172"},
}

var scopedKeyVectors = []struct {
	name  string
	scope string
	parts []string
	want  string
}{
	// python3: SHA-256(b"s").
	{"no-parts", "s", nil, "ik_043a718774c572bd8a25adbeb1bfcd5c"},
	// python3: SHA-256(b"").
	{"empty-scope-no-parts", "", nil, "ik_e3b0c44298fc1c149afbf4c8996fb924"},
	// python3: SHA-256(b"user-1\x00payload").
	{"one-part", "user-1", []string{"payload"}, "ik_542cb024eb8cae6e5578227e9dd4d37e"},
	// python3: SHA-256(b"a\x00b\x00c").
	{"two-parts", "a", []string{"b", "c"}, "ik_8badde10c760e9b702defb4b5e225de7"},
	// python3: SHA-256(b"\x00\x00").
	{"two-empty-parts", "", []string{"", ""}, "ik_96a296d224f285c67bee93c30f8a3091"},
	// python3: SHA-256(b"tenant-42\x00POST\x00/v1/messages\x00" + body).
	{"method-path-body", "tenant-42", []string{"POST", "/v1/messages", messagesBody}, "ik_05bdbd6c7363f5a26d51e610f4784997"},
}

func TestScopedSha256Hex(t *testing.T) {
	for _, tc := range scopedSha256HexVectors {
		t.Run(tc.name, func(t *testing.T) {
			if got := ScopedSha256Hex(tc.scope, []byte(tc.content)); got != tc.want {
				t.Errorf("ScopedSha256Hex = %s, want %s", got, tc.want)
			}
			if got := AppendScopedSha256Hex([]byte("key="), tc.scope, []byte(tc.content)); string(got) != "key="+tc.want {
				t.Errorf("AppendScopedSha256Hex = %q, want %q", got, "key="+tc.want)
			}
			// The documented definition: Sha256Hex over scope || 0x00 || content.
			if got, want := ScopedSha256Hex(tc.scope, []byte(tc.content)), Sha256Hex([]byte(tc.scope+"\x00"+tc.content)); got != want {
				t.Errorf("ScopedSha256Hex = %s, Sha256Hex(scope NUL content) = %s", got, want)
			}
		})
	}
	// The published relation, spelled out.
	if got, want := ScopedSha256Hex("user-1", []byte("payload")), Sha256Hex([]byte("user-1\x00payload")); got != want {
		t.Errorf(`ScopedSha256Hex("user-1", "payload") = %s, want Sha256Hex("user-1\x00payload") = %s`, got, want)
	}
	// A nil content is the empty content.
	if got, want := ScopedSha256Hex("user-1", nil), ScopedSha256Hex("user-1", []byte{}); got != want {
		t.Errorf("ScopedSha256Hex(nil) = %s, ScopedSha256Hex([]byte{}) = %s", got, want)
	}
}

func TestScopedKey(t *testing.T) {
	for _, tc := range scopedKeyVectors {
		t.Run(tc.name, func(t *testing.T) {
			if got := ScopedKey(tc.scope, tc.parts...); got != tc.want {
				t.Errorf("ScopedKey = %s, want %s", got, tc.want)
			}
			if got := AppendScopedKey([]byte("key="), tc.scope, tc.parts...); string(got) != "key="+tc.want {
				t.Errorf("AppendScopedKey = %q, want %q", got, "key="+tc.want)
			}
			if got := refScopedKey(tc.scope, tc.parts...); got != tc.want {
				t.Errorf("refScopedKey = %s, want %s (the reference is wrong)", got, tc.want)
			}
		})
	}
}

func TestScopedKeyRelations(t *testing.T) {
	contents := []string{"", "payload", "\x00", "a\x00b", messagesBody, strings.Repeat("x", 3000)}
	scopes := []string{"", "user-1", "tenant\xff", strings.Repeat("s", 700)}
	for _, s := range scopes {
		// With no parts the scope is hashed alone.
		if got, want := ScopedKey(s), Sha256Hex([]byte(s)); got != want {
			t.Errorf("ScopedKey(%.20q) = %s, want Sha256Hex(scope) = %s", s, got, want)
		}
		for _, c := range contents {
			// With one part it equals ScopedSha256Hex.
			if got, want := ScopedKey(s, c), ScopedSha256Hex(s, []byte(c)); got != want {
				t.Errorf("ScopedKey(%.20q, %.20q) = %s, want ScopedSha256Hex = %s", s, c, got, want)
			}
		}
	}
	// A scope separates keys of the same content.
	if ScopedKey("user-1", "payload") == ScopedKey("user-2", "payload") {
		t.Error("different scopes give the same key")
	}
	if ScopedKey("user-1", "payload") == Sha256Hex([]byte("payload")) {
		t.Error("a scoped key equals the unscoped key")
	}
	// The order of parts matters.
	if ScopedKey("s", "a", "b") == ScopedKey("s", "b", "a") {
		t.Error("swapped parts give the same key")
	}
	// An empty part is not the same as no part.
	if ScopedKey("s") == ScopedKey("s", "") {
		t.Error(`ScopedKey("s") == ScopedKey("s", "")`)
	}
	// Moving the boundary between NUL-free parts changes the key.
	if ScopedKey("s", "ab", "c") == ScopedKey("s", "a", "bc") {
		t.Error("moving a part boundary gives the same key")
	}
}

// TestScopedKeyNULCollisions documents the collisions of the 0x00 separator,
// the layout of agentidemp-py's scoped_key: a NUL inside a leading part or the scope is
// indistinguishable from a separator.
func TestScopedKeyNULCollisions(t *testing.T) {
	for _, tc := range []struct {
		name   string
		scope1 string
		parts1 []string
		scope2 string
		parts2 []string
	}{
		{"nul-in-last-part", "a", []string{"b\x00c"}, "a", []string{"b", "c"}},
		{"nul-in-scope", "a\x00b", nil, "a", []string{"b"}},
		{"nul-in-leading-part", "a", []string{"b\x00c", "d"}, "a", []string{"b", "c\x00d"}},
		{"nul-in-scope-same-length", "a\x00b", []string{"c"}, "a", []string{"b\x00c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k1, k2 := ScopedKey(tc.scope1, tc.parts1...), ScopedKey(tc.scope2, tc.parts2...)
			if k1 != k2 {
				t.Errorf("ScopedKey(%q, %q) = %s, ScopedKey(%q, %q) = %s; want equal (documented collision)",
					tc.scope1, tc.parts1, k1, tc.scope2, tc.parts2, k2)
			}
		})
	}
	// The two examples quoted in the doc comment.
	if ScopedKey("a", "b\x00c") != ScopedKey("a", "b", "c") {
		t.Error(`ScopedKey("a", "b\x00c") != ScopedKey("a", "b", "c")`)
	}
	if ScopedKey("a\x00b") != ScopedKey("a", "b") {
		t.Error(`ScopedKey("a\x00b") != ScopedKey("a", "b")`)
	}
}

// refScopedKey is the slow, obvious ScopedKey: one buffer holding
// scope || (0x00 || part)*, hashed in one call.
func refScopedKey(scope string, parts ...string) string {
	msg := []byte(scope)
	for _, p := range parts {
		msg = append(msg, 0)
		msg = append(msg, p...)
	}
	sum := sha256.Sum256(msg)
	return "ik_" + hex.EncodeToString(sum[:16])
}

func checkScopedKey(t *testing.T, scope string, parts ...string) {
	t.Helper()
	want := refScopedKey(scope, parts...)
	if got := ScopedKey(scope, parts...); got != want {
		t.Errorf("ScopedKey(scope len %d, part lens %v) = %s, want %s", len(scope), partLens(parts), got, want)
	}
	if got := AppendScopedKey(nil, scope, parts...); string(got) != want {
		t.Errorf("AppendScopedKey(scope len %d, part lens %v) = %s, want %s", len(scope), partLens(parts), got, want)
	}
	if len(parts) == 1 {
		if got := ScopedSha256Hex(scope, []byte(parts[0])); got != want {
			t.Errorf("ScopedSha256Hex(scope len %d, content len %d) = %s, want %s", len(scope), len(parts[0]), got, want)
		}
		if got := AppendScopedSha256Hex(nil, scope, []byte(parts[0])); string(got) != want {
			t.Errorf("AppendScopedSha256Hex(scope len %d, content len %d) = %s, want %s", len(scope), len(parts[0]), got, want)
		}
	}
}

func partLens(parts []string) []int {
	n := make([]int, len(parts))
	for i, p := range parts {
		n[i] = len(p)
	}
	return n
}

func TestScopedKeyReference(t *testing.T) {
	t.Run("scope-only", func(t *testing.T) {
		for _, n := range boundarySizes {
			checkScopedKey(t, patterned(n, 1))
		}
	})
	t.Run("one-part", func(t *testing.T) {
		for _, ns := range boundarySizes {
			for _, np := range boundarySizes {
				checkScopedKey(t, patterned(ns, 1), patterned(np, 2))
			}
		}
	})
	t.Run("two-parts", func(t *testing.T) {
		for _, ns := range boundarySizes {
			for _, n1 := range boundarySizes {
				for _, n2 := range boundarySizes {
					checkScopedKey(t, patterned(ns, 1), patterned(n1, 2), patterned(n2, 3))
				}
			}
		}
	})
	t.Run("every-split", func(t *testing.T) {
		// Every split of 1100 bytes between scope and first part, so that
		// the separators land on every offset around the buffer's end.
		all := patterned(1100, 4)
		for i := 0; i <= len(all); i++ {
			checkScopedKey(t, all[:i], all[i:], "xy")
			checkScopedKey(t, all[:i])
		}
	})
	t.Run("many-small-parts", func(t *testing.T) {
		parts := make([]string, 1000)
		for i := range parts {
			parts[i] = patterned(i%7, byte(i))
		}
		checkScopedKey(t, "scope", parts...)
		checkScopedKey(t, "", parts...)
		checkScopedKey(t, patterned(509, 9), parts...)
	})
	t.Run("many-empty-parts", func(t *testing.T) {
		// Only separators: 600 NULs, filling the buffer exactly once.
		for _, n := range []int{510, 511, 512, 513, 600, 1024, 1025} {
			parts := make([]string, n)
			checkScopedKey(t, "", parts...)
			checkScopedKey(t, "s", parts...)
		}
	})
	t.Run("many-large-parts", func(t *testing.T) {
		for _, n := range []int{511, 512, 513, 1023} {
			parts := make([]string, 9)
			for i := range parts {
				parts[i] = patterned(n, byte(i))
			}
			checkScopedKey(t, "scope", parts...)
			checkScopedKey(t, patterned(n, 7), parts...)
		}
	})
}

// fuzzParts splits a at 0xff bytes into exactly n%8 parts: the last one
// holds the rest of a, missing ones are empty.
func fuzzParts(a []byte, n uint8) []string {
	k := int(n % 8)
	if k == 0 {
		return nil
	}
	parts := strings.SplitN(string(a), "\xff", k)
	for len(parts) < k {
		parts = append(parts, "")
	}
	return parts
}

// noNUL returns s without its NUL bytes.
func noNUL(s string) string { return strings.ReplaceAll(s, "\x00", "") }

// injectiveForm removes the NUL bytes from the scope and every part but the
// last: the inputs on which ScopedKey is documented to be injective.
func injectiveForm(scope string, parts []string) (string, []string) {
	p := slices.Clone(parts)
	for i := 0; i+1 < len(p); i++ {
		p[i] = noNUL(p[i])
	}
	return noNUL(scope), p
}

// fuzzEdit derives a second input from (scope, parts) by one edit chosen by
// e, keeping the number of parts. Component 0 is the scope, component i the
// part i-1.
func fuzzEdit(scope string, parts []string, e []byte) (string, []string) {
	comp := append([]string{scope}, parts...)
	next := func() int {
		if len(e) == 0 {
			return 0
		}
		v := int(e[0])
		e = e[1:]
		return v
	}
	op := next() % 6
	i := next() % len(comp)
	c := comp[i]
	pos := next() % (len(c) + 1)
	switch op {
	case 0: // no change
	case 1: // insert bytes
		k := next() % 4
		ins := make([]byte, 0, k)
		for j := 0; j < k; j++ {
			ins = append(ins, byte(next()))
		}
		comp[i] = c[:pos] + string(ins) + c[pos:]
	case 2: // delete bytes
		k := next()%4 + 1
		comp[i] = c[:pos] + c[min(pos+k, len(c)):]
	case 3: // replace a byte
		if pos < len(c) {
			comp[i] = c[:pos] + string([]byte{byte(next())}) + c[pos+1:]
		}
	case 4: // move the boundary between component i and i+1
		if i+1 < len(comp) {
			d := comp[i+1]
			if next()%2 == 0 {
				// the tail of c from pos moves to the front of d
				comp[i], comp[i+1] = c[:pos], c[pos:]+d
			} else {
				// the head of d up to a point moves to the end of c
				q := next() % (len(d) + 1)
				comp[i], comp[i+1] = c+d[:q], d[q:]
			}
		}
	case 5: // swap components i and i+1
		if i+1 < len(comp) {
			comp[i], comp[i+1] = comp[i+1], comp[i]
		}
	}
	return comp[0], comp[1:]
}

func FuzzScopedKey(f *testing.F) {
	for _, tc := range scopedKeyVectors {
		f.Add(tc.scope, []byte(strings.Join(tc.parts, "\xff")), []byte{4, 1, 0, 1}, uint8(len(tc.parts)))
	}
	for _, tc := range scopedSha256HexVectors {
		f.Add(tc.scope, []byte(tc.content), []byte{1, 0, 0, 2, 'x', 'y'}, uint8(1))
	}
	f.Add("a", []byte("b\x00c"), []byte{}, uint8(1))
	f.Add("a\x00b", []byte{}, []byte{2, 0, 1, 0}, uint8(0))
	f.Add(patterned(511, 1), []byte(patterned(700, 2)), []byte{4, 0, 200, 1, 3}, uint8(3))
	f.Add(patterned(512, 1), []byte("x\xffy"), []byte{5, 1}, uint8(2))
	f.Fuzz(func(t *testing.T, scope string, a, e []byte, n uint8) {
		parts := fuzzParts(a, n)
		key := ScopedKey(scope, parts...)
		if want := refScopedKey(scope, parts...); key != want {
			t.Fatalf("ScopedKey(%.80q, %.80q) = %s, reference %s", scope, parts, key, want)
		}
		if got := AppendScopedKey([]byte("pre"), scope, parts...); string(got) != "pre"+key {
			t.Fatalf("AppendScopedKey(%.80q, %.80q) = %.80q, want %.80q", scope, parts, got, "pre"+key)
		}
		one := ScopedSha256Hex(scope, a)
		if want := ScopedKey(scope, string(a)); one != want {
			t.Fatalf("ScopedSha256Hex(%.80q, %.80q) = %s, ScopedKey = %s", scope, a, one, want)
		}
		if got := AppendScopedSha256Hex(nil, scope, a); string(got) != one {
			t.Fatalf("AppendScopedSha256Hex(%.80q, %.80q) = %s, want %s", scope, a, got, one)
		}

		// Injectivity where documented.
		s1, p1 := injectiveForm(scope, parts)
		s2, p2 := injectiveForm(fuzzEdit(s1, p1, e))
		if len(p1) != len(p2) {
			t.Fatalf("edit changed the number of parts: %d to %d", len(p1), len(p2))
		}
		sameInput := s1 == s2 && slices.Equal(p1, p2)
		k1, k2 := ScopedKey(s1, p1...), ScopedKey(s2, p2...)
		if sameInput != (k1 == k2) {
			t.Fatalf("ScopedKey(%.80q, %.80q) = %s, ScopedKey(%.80q, %.80q) = %s; same input %v",
				s1, p1, k1, s2, p2, k2, sameInput)
		}

		// With no NUL byte anywhere, the bytes fix the number of parts too:
		// joining the last two parts is a different input with another key.
		if len(p1) >= 2 {
			s3, p3 := strings.ReplaceAll(s1, "\x00", ""), make([]string, len(p1))
			for i, p := range p1 {
				p3[i] = strings.ReplaceAll(p, "\x00", "")
			}
			joined := append(slices.Clone(p3[:len(p3)-2]), p3[len(p3)-2]+p3[len(p3)-1])
			if ScopedKey(s3, p3...) == ScopedKey(s3, joined...) {
				t.Fatalf("ScopedKey(%.80q, %.80q) equals the key with the last two parts joined", s3, p3)
			}
		}
	})
}

// BenchmarkScopedKey splits each size evenly over the parts.
func BenchmarkScopedKey(b *testing.B) {
	for _, k := range []int{1, 3, 8} {
		b.Run(fmt.Sprintf("parts=%d", k), func(b *testing.B) {
			benchOverSizes(b, func(b *testing.B, content []byte) {
				parts := make([]string, k)
				for i := range parts {
					parts[i] = string(content[i*len(content)/k : (i+1)*len(content)/k])
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					sinkString = ScopedKey("user-1", parts...)
				}
			})
		})
	}
}
