package agentidemp

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The shapes promised by the doc comments.
var (
	hexKeyRE = regexp.MustCompile(`^ik_[0-9a-f]{32}$`)
	uuid5RE  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	uuid4RE  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

// messagesBody is a request body with sorted keys and no whitespace.
const messagesBody = `{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}`

// Every expected key below that is not quoted from a standard was computed
// independently with Python's hashlib and uuid modules, for example
//
//	python3 -c 'import hashlib; print("ik_" + hashlib.sha256(b"a\0b\0c").hexdigest()[:32])'
//	python3 -c 'import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, "https://www.example.com/"))'
//
// and none was taken from the output of this package.

var sha256HexVectors = []struct {
	name    string
	content string
	want    string
}{
	// SHA-256("") is the well-known e3b0c442...; the key keeps its first half.
	{"empty", "", "ik_e3b0c44298fc1c149afbf4c8996fb924"},
	// FIPS 180-2, appendix B.1: SHA-256("abc").
	{"abc", "abc", "ik_ba7816bf8f01cfea414140de5dae2223"},
	// FIPS 180-2, appendix B.2: the two-block message.
	{"two-block", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "ik_248d6a61d20638b8e5c026930c3e6039"},
	// FIPS 180-2, appendix B.3: one million 'a'.
	{"million-a", strings.Repeat("a", 1000000), "ik_cdc76e5c9914fb9281a1c7e284d73e67"},
	// The sorted-key request body whose key agentidemp-rs's tests pin.
	{"messages-body", messagesBody, "ik_5c181ca05655562a20cd9639a1bea983"},
	// python3: SHA-256(b"\x00").
	{"nul", "\x00", "ik_6e340b9cffb37a989ca544e6bb780a2c"},
}

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

var uuid5Vectors = []struct {
	name      string
	namespace UUID
	input     string
	want      string
}{
	// RFC 9562, appendix A.4.
	{"rfc9562-a4", NamespaceDNS, "www.example.com", "2ed6657d-e927-568b-95e1-2665a8aea6a2"},
	// python3: uuid.uuid5(uuid.NAMESPACE_DNS, "").
	{"empty-name", NamespaceDNS, "", "4ebd0208-8328-5d69-8c44-ec50939c0967"},
	// python3: uuid.uuid5(uuid.NAMESPACE_URL, "https://www.example.com/").
	{"url", NamespaceURL, "https://www.example.com/", "3d3ed9d2-aa3d-5fa6-90e8-ed662e90f559"},
	// python3: uuid.uuid5(uuid.NAMESPACE_OID, "1.3.6.1").
	{"oid", NamespaceOID, "1.3.6.1", "1447fa61-5277-5fef-a9b3-fbc6e44f4af3"},
	// python3: uuid.uuid5(uuid.NAMESPACE_X500, "cn=John Doe,o=Example").
	{"x500", NamespaceX500, "cn=John Doe,o=Example", "af514fe8-6655-5388-a197-79d1296fbf5a"},
	// python3: uuid.uuid5(uuid.NAMESPACE_DNS, body).
	{"anthropic-body", NamespaceAnthropic, messagesBody, "cd0eea0e-34a7-5d67-a155-204e25d939e3"},
	// python3: uuid.UUID(bytes=hashlib.sha1(uuid.NAMESPACE_DNS.bytes +
	// b"\xff\xfe\x00").digest()[:16], version=5). Not valid UTF-8.
	{"binary-name", NamespaceDNS, "\xff\xfe\x00", "29f1890a-5427-541d-bceb-cccd42267f14"},
}

func TestSha256Hex(t *testing.T) {
	for _, tc := range sha256HexVectors {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sha256Hex([]byte(tc.content)); got != tc.want {
				t.Errorf("Sha256Hex = %s, want %s", got, tc.want)
			}
			if got := AppendSha256Hex([]byte("key="), []byte(tc.content)); string(got) != "key="+tc.want {
				t.Errorf("AppendSha256Hex = %q, want %q", got, "key="+tc.want)
			}
			if got := AppendSha256Hex(nil, []byte(tc.content)); string(got) != tc.want {
				t.Errorf("AppendSha256Hex(nil) = %q, want %q", got, tc.want)
			}
		})
	}
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

func TestUUID5Key(t *testing.T) {
	for _, tc := range uuid5Vectors {
		t.Run(tc.name, func(t *testing.T) {
			if got := UUID5Key(tc.namespace, []byte(tc.input)); got != tc.want {
				t.Errorf("UUID5Key = %s, want %s", got, tc.want)
			}
			if got := AppendUUID5Key([]byte("key="), tc.namespace, []byte(tc.input)); string(got) != "key="+tc.want {
				t.Errorf("AppendUUID5Key = %q, want %q", got, "key="+tc.want)
			}
			u := UUID5(tc.namespace, []byte(tc.input))
			if got := refUUIDString(u); got != tc.want {
				t.Errorf("UUID5 = %s, want %s", got, tc.want)
			}
			if u.Version() != 5 {
				t.Errorf("UUID5(...).Version() = %d, want 5", u.Version())
			}
			if r := refUUID5(tc.namespace, []byte(tc.input)); r != u {
				t.Errorf("refUUID5 = %s, UUID5 = %s", refUUIDString(r), refUUIDString(u))
			}
		})
	}
	// The published vector, spelled out.
	if got, want := UUID5Key(NamespaceDNS, []byte("www.example.com")), "2ed6657d-e927-568b-95e1-2665a8aea6a2"; got != want {
		t.Errorf("UUID5Key(NamespaceDNS, www.example.com) = %s, want %s", got, want)
	}
	// A nil name is the empty name.
	if UUID5(NamespaceDNS, nil) != UUID5(NamespaceDNS, []byte{}) {
		t.Error("UUID5 of a nil name differs from the empty name")
	}
}

func TestKeyShapes(t *testing.T) {
	contents := [][]byte{nil, {}, []byte("abc"), {0}, []byte(messagesBody), bytes.Repeat([]byte{0xff}, 1000)}
	for _, c := range contents {
		for name, key := range map[string]string{
			"Sha256Hex":             Sha256Hex(c),
			"AppendSha256Hex":       string(AppendSha256Hex(nil, c)),
			"ScopedSha256Hex":       ScopedSha256Hex("scope", c),
			"AppendScopedSha256Hex": string(AppendScopedSha256Hex(nil, "", c)),
			"ScopedKey":             ScopedKey(string(c), string(c), "x"),
			"ScopedKey-no-parts":    ScopedKey(string(c)),
			"AppendScopedKey":       string(AppendScopedKey(nil, "s", string(c))),
		} {
			if !hexKeyRE.MatchString(key) || len(key) != HexKeyLen {
				t.Errorf("%s(%.10q) = %q, does not match %s", name, c, key, hexKeyRE)
			}
		}
		for _, ns := range []UUID{NamespaceDNS, NamespaceURL, NamespaceOID, NamespaceX500, {}, maxUUID} {
			for name, key := range map[string]string{
				"UUID5Key":       UUID5Key(ns, c),
				"AppendUUID5Key": string(AppendUUID5Key(nil, ns, c)),
				"UUID5.String":   UUID5(ns, c).String(),
			} {
				if !uuid5RE.MatchString(key) || len(key) != UUIDKeyLen {
					t.Errorf("%s(%s, %.10q) = %q, does not match %s", name, ns, c, key, uuid5RE)
				}
			}
		}
	}
	for i := 0; i < 100; i++ {
		for name, key := range map[string]string{
			"RandomKey":         RandomKey(),
			"RandomUUID.String": RandomUUID().String(),
		} {
			if !uuid4RE.MatchString(key) || len(key) != UUIDKeyLen {
				t.Errorf("%s() = %q, does not match %s", name, key, uuid4RE)
			}
		}
	}
	if HexKeyLen != 35 || UUIDKeyLen != 36 || HexKeyPrefix != "ik_" {
		t.Errorf("HexKeyLen, UUIDKeyLen, HexKeyPrefix = %d, %d, %q; want 35, 36, \"ik_\"", HexKeyLen, UUIDKeyLen, HexKeyPrefix)
	}
}

var maxUUID = UUID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

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

// refUUID5 is the slow, obvious UUID5, with the version and variant bits set
// one by one.
func refUUID5(namespace UUID, name []byte) UUID {
	msg := make([]byte, 0, 16+len(name))
	msg = append(msg, namespace[:]...)
	msg = append(msg, name...)
	sum := sha1.Sum(msg)
	var u UUID
	copy(u[:], sum[:16])
	// Version 5 = 0101 in bits 7-4 of byte 6.
	u[6] &^= 0xf0
	u[6] |= 1 << 6
	u[6] |= 1 << 4
	// Variant 10 in bits 7-6 of byte 8.
	u[8] &^= 0xc0
	u[8] |= 1 << 7
	return u
}

// refUUIDString formats u without the package's encoder.
func refUUIDString(u UUID) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

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

func TestUUID5Reference(t *testing.T) {
	for _, ns := range []UUID{NamespaceDNS, NamespaceURL, NamespaceOID, NamespaceX500, {}, maxUUID} {
		for _, n := range append(boundarySizes, 55, 56, 63, 64, 65, 119, 120) {
			name := []byte(patterned(n, 5))
			want := refUUID5(ns, name)
			if got := UUID5(ns, name); got != want {
				t.Errorf("UUID5(%s, len %d) = %s, want %s", ns, n, refUUIDString(got), refUUIDString(want))
			}
			if got := UUID5Key(ns, name); got != refUUIDString(want) {
				t.Errorf("UUID5Key(%s, len %d) = %s, want %s", ns, n, got, refUUIDString(want))
			}
			if got := AppendUUID5Key(nil, ns, name); string(got) != refUUIDString(want) {
				t.Errorf("AppendUUID5Key(%s, len %d) = %s, want %s", ns, n, got, refUUIDString(want))
			}
		}
	}
}

const dnsString = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"

func TestParseUUIDValid(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want UUID
	}{
		{dnsString, NamespaceDNS},
		{"6BA7B810-9DAD-11D1-80B4-00C04FD430C8", NamespaceDNS},
		{"6Ba7b810-9dAd-11D1-80b4-00c04Fd430C8", NamespaceDNS},
		{"6ba7b811-9dad-11d1-80b4-00c04fd430c8", NamespaceURL},
		{"00000000-0000-0000-0000-000000000000", UUID{}},
		{"ffffffff-ffff-ffff-ffff-ffffffffffff", maxUUID},
		{"FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", maxUUID},
		{"01234567-89ab-cdef-0123-456789ABCDEF", UUID{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}},
		{"2ed6657d-e927-568b-95e1-2665a8aea6a2", UUID{0x2e, 0xd6, 0x65, 0x7d, 0xe9, 0x27, 0x56, 0x8b, 0x95, 0xe1, 0x26, 0x65, 0xa8, 0xae, 0xa6, 0xa2}},
	} {
		u, err := ParseUUID(tc.in)
		if err != nil {
			t.Errorf("ParseUUID(%q) error: %v", tc.in, err)
			continue
		}
		if u != tc.want {
			t.Errorf("ParseUUID(%q) = %v, want %v", tc.in, u, tc.want)
		}
		if got := u.String(); got != strings.ToLower(tc.in) {
			t.Errorf("ParseUUID(%q).String() = %q, want %q", tc.in, got, strings.ToLower(tc.in))
		}
	}
}

var invalidUUIDs = []struct {
	name   string
	in     string
	offset int
	char   byte
	msg    string // full error text, when checked
}{
	{"empty", "", -1, 0, "agentidemp: invalid UUID: length 0, want 36"},
	{"short", dnsString[:35], -1, 0, "agentidemp: invalid UUID: length 35, want 36"},
	{"long", dnsString + "0", -1, 0, "agentidemp: invalid UUID: length 37, want 36"},
	{"braces", "{" + dnsString + "}", -1, 0, ""},
	{"urn", "urn:uuid:" + dnsString, -1, 0, ""},
	{"no-hyphens", "6ba7b8109dad11d180b400c04fd430c8", -1, 0, "agentidemp: invalid UUID: length 32, want 36"},
	{"trailing-space", dnsString + " ", -1, 0, ""},
	{"multibyte-long", "6ba7b810-9dad-11d1-80b4-00c04fd430c\u00e9", -1, 0, ""},
	{"leading-space", " ba7b810-9dad-11d1-80b4-00c04fd430c8", 0, ' ', "agentidemp: invalid UUID: ' ' at offset 0, want a hex digit"},
	{"g-first", "gba7b810-9dad-11d1-80b4-00c04fd430c8", 0, 'g', "agentidemp: invalid UUID: 'g' at offset 0, want a hex digit"},
	{"hyphen-first", "-ba7b810-9dad-11d1-80b4-00c04fd430c8", 0, '-', ""},
	{"G-last", "6ba7b810-9dad-11d1-80b4-00c04fd430cG", 35, 'G', ""},
	{"hyphen-8", "6ba7b8109-dad-11d1-80b4-00c04fd430c8", 8, '9', "agentidemp: invalid UUID: '9' at offset 8, want '-'"},
	{"underscore-13", "6ba7b810-9dad_11d1-80b4-00c04fd430c8", 13, '_', "agentidemp: invalid UUID: '_' at offset 13, want '-'"},
	{"colon-18", "6ba7b810-9dad-11d1:80b4-00c04fd430c8", 18, ':', ""},
	{"nul-23", "6ba7b810-9dad-11d1-80b4\x0000c04fd430c8", 23, 0, "agentidemp: invalid UUID: byte 0x00 at offset 23, want '-'"},
	{"hyphen-in-group", "6ba7b810-9dad-11d1-80-4-00c04fd430c8", 21, '-', ""},
	{"byte-ff", "6ba7b810-9dad-11d1-8\xffb4-00c04fd430c8", 20, 0xff, "agentidemp: invalid UUID: byte 0xff at offset 20, want a hex digit"},
	{"multibyte-36", "6ba7b810-9dad-11d1-80b4-00c04fd430\u00e9", 34, 0xc3, ""},
	{"del", "6ba7b810-9dad-11d1-80b4-00c04fd4\x7f0c8", 32, 0x7f, "agentidemp: invalid UUID: byte 0x7f at offset 32, want a hex digit"},
	{"quote", "6ba7b810-9dad-11d1-80b4-00c04fd4'0c8", 32, '\'', `agentidemp: invalid UUID: '\'' at offset 32, want a hex digit`},
	{"first-of-many", "zzzzzzzz-9dad-11d1-80b4-00c04fd430c8", 0, 'z', ""},
	// The byte just past each hex range.
	{"slash", "/ba7b810-9dad-11d1-80b4-00c04fd430c8", 0, '/', ""},
	{"colon", ":ba7b810-9dad-11d1-80b4-00c04fd430c8", 0, ':', ""},
	{"at", "@ba7b810-9dad-11d1-80b4-00c04fd430c8", 0, '@', ""},
	{"backtick", "`ba7b810-9dad-11d1-80b4-00c04fd430c8", 0, '`', ""},
}

func TestParseUUIDInvalid(t *testing.T) {
	for _, tc := range invalidUUIDs {
		t.Run(tc.name, func(t *testing.T) {
			u, err := ParseUUID(tc.in)
			if err == nil {
				t.Fatalf("ParseUUID(%q) = %s, want an error", tc.in, u)
			}
			if u != (UUID{}) {
				t.Errorf("ParseUUID(%q) returned %v with its error, want the zero UUID", tc.in, u)
			}
			if !errors.Is(err, ErrInvalidUUID) {
				t.Errorf("ParseUUID(%q) error %v does not match ErrInvalidUUID", tc.in, err)
			}
			var ue *UUIDError
			if !errors.As(err, &ue) {
				t.Fatalf("ParseUUID(%q) error %T is not a *UUIDError", tc.in, err)
			}
			if ue.Offset != tc.offset || ue.Len != len(tc.in) {
				t.Errorf("ParseUUID(%q): Offset, Len = %d, %d; want %d, %d", tc.in, ue.Offset, ue.Len, tc.offset, len(tc.in))
			}
			if tc.offset >= 0 && ue.Char != tc.char {
				t.Errorf("ParseUUID(%q): Char = %q, want %q", tc.in, ue.Char, tc.char)
			}
			msg := err.Error()
			if tc.msg != "" && msg != tc.msg {
				t.Errorf("ParseUUID(%q) error = %q, want %q", tc.in, msg, tc.msg)
			}
			if !strings.HasPrefix(msg, "agentidemp: invalid UUID: ") {
				t.Errorf("ParseUUID(%q) error = %q, want the prefix %q", tc.in, msg, "agentidemp: invalid UUID: ")
			}
			switch {
			case tc.offset < 0:
				if want := fmt.Sprintf("length %d, want 36", len(tc.in)); !strings.Contains(msg, want) {
					t.Errorf("ParseUUID(%q) error = %q, want it to contain %q", tc.in, msg, want)
				}
			case tc.offset == 8 || tc.offset == 13 || tc.offset == 18 || tc.offset == 23:
				if want := "offset " + strconv.Itoa(tc.offset) + ", want '-'"; !strings.Contains(msg, want) {
					t.Errorf("ParseUUID(%q) error = %q, want it to contain %q", tc.in, msg, want)
				}
			default:
				if want := "offset " + strconv.Itoa(tc.offset) + ", want a hex digit"; !strings.Contains(msg, want) {
					t.Errorf("ParseUUID(%q) error = %q, want it to contain %q", tc.in, msg, want)
				}
			}
			// UnmarshalText reports the same error and keeps the old value.
			v := NamespaceX500
			if err2 := v.UnmarshalText([]byte(tc.in)); err2 == nil || err2.Error() != msg || !errors.Is(err2, ErrInvalidUUID) {
				t.Errorf("UnmarshalText(%q) error = %v, want %q", tc.in, err2, msg)
			}
			if v != NamespaceX500 {
				t.Errorf("UnmarshalText(%q) changed the value to %v", tc.in, v)
			}
		})
	}
}

// TestParseUUIDEveryPosition replaces each byte of a valid UUID by each byte
// value and checks that exactly the canonical characters are accepted.
func TestParseUUIDEveryPosition(t *testing.T) {
	for i := 0; i < len(dnsString); i++ {
		for c := 0; c < 256; c++ {
			s := dnsString[:i] + string([]byte{byte(c)}) + dnsString[i+1:]
			hyphen := i == 8 || i == 13 || i == 18 || i == 23
			var ok bool
			if hyphen {
				ok = c == '-'
			} else {
				ok = strings.IndexByte("0123456789abcdefABCDEF", byte(c)) >= 0
			}
			u, err := ParseUUID(s)
			if ok != (err == nil) {
				t.Errorf("ParseUUID(%q) error = %v, want ok = %v", s, err, ok)
				continue
			}
			if ok {
				if got := u.String(); got != strings.ToLower(s) {
					t.Errorf("ParseUUID(%q).String() = %q", s, got)
				}
				continue
			}
			var ue *UUIDError
			if !errors.As(err, &ue) || ue.Offset != i || ue.Char != byte(c) || ue.Len != 36 {
				t.Errorf("ParseUUID(%q) error = %#v, want offset %d, char %#x", s, err, i, c)
			}
		}
	}
}

func TestUUIDRoundTrip(t *testing.T) {
	us := []UUID{NamespaceDNS, NamespaceURL, NamespaceOID, NamespaceX500, {}, maxUUID}
	for i := 0; i < 100; i++ {
		us = append(us, RandomUUID(), UUID5(NamespaceDNS, []byte(strconv.Itoa(i))))
	}
	for i := 0; i < 16; i++ {
		var u UUID
		u[i] = 0xa5
		us = append(us, u)
	}
	for _, u := range us {
		s := u.String()
		if want := refUUIDString(u); s != want {
			t.Errorf("%x.String() = %q, want %q", u[:], s, want)
		}
		v, err := ParseUUID(s)
		if err != nil || v != u {
			t.Errorf("ParseUUID(%q) = %v, %v; want %v", s, v, err, u)
		}
		v, err = ParseUUID(strings.ToUpper(s))
		if err != nil || v != u {
			t.Errorf("ParseUUID(%q) = %v, %v; want %v", strings.ToUpper(s), v, err, u)
		}
		if got := fmt.Sprint(u); got != s {
			t.Errorf("fmt.Sprint(%x) = %q, want %q", u[:], got, s)
		}
	}
}

func TestUUIDText(t *testing.T) {
	var (
		_ fmt.Stringer             = UUID{}
		_ encoding.TextMarshaler   = UUID{}
		_ encoding.TextUnmarshaler = (*UUID)(nil)
	)

	text, err := NamespaceURL.MarshalText()
	if err != nil || string(text) != "6ba7b811-9dad-11d1-80b4-00c04fd430c8" {
		t.Errorf("MarshalText = %q, %v", text, err)
	}

	var u UUID
	if err := u.UnmarshalText([]byte("6BA7B811-9DAD-11D1-80B4-00C04FD430C8")); err != nil || u != NamespaceURL {
		t.Errorf("UnmarshalText = %v, %v; want %v", u, err, NamespaceURL)
	}
	// A valid text overwrites every byte of a non-zero value.
	u = maxUUID
	if err := u.UnmarshalText([]byte(dnsString)); err != nil || u != NamespaceDNS {
		t.Errorf("UnmarshalText over max = %v, %v; want %v", u, err, NamespaceDNS)
	}
	// An invalid text late in the string leaves the value alone.
	u = NamespaceOID
	err = u.UnmarshalText([]byte("00000000-0000-0000-0000-00000000000x"))
	if !errors.Is(err, ErrInvalidUUID) || u != NamespaceOID {
		t.Errorf("UnmarshalText(bad) = %v, %v; want unchanged %v and ErrInvalidUUID", u, err, NamespaceOID)
	}

	// AppendText.
	b, err := NamespaceDNS.AppendText([]byte("id="))
	if err != nil || string(b) != "id="+dnsString {
		t.Errorf("AppendText = %q, %v", b, err)
	}
	b, err = NamespaceDNS.AppendText(nil)
	if err != nil || string(b) != dnsString {
		t.Errorf("AppendText(nil) = %q, %v", b, err)
	}
	// Appending into spare capacity does not touch the prefix.
	buf := make([]byte, 2, 64)
	copy(buf, "ab")
	b, _ = maxUUID.AppendText(buf)
	if string(b) != "abffffffff-ffff-ffff-ffff-ffffffffffff" || &b[0] != &buf[0] {
		t.Errorf("AppendText(cap 64) = %q, want it in place", b)
	}
}

func TestUUIDJSON(t *testing.T) {
	type request struct {
		ID   UUID  `json:"id"`
		Prev *UUID `json:"prev,omitempty"`
	}
	prev := NamespaceURL
	in := request{ID: NamespaceDNS, Prev: &prev}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","prev":"6ba7b811-9dad-11d1-80b4-00c04fd430c8"}`; string(data) != want {
		t.Errorf("json.Marshal = %s, want %s", data, want)
	}
	var out request
	if err := json.Unmarshal(data, &out); err != nil || out.ID != in.ID || out.Prev == nil || *out.Prev != prev {
		t.Errorf("json.Unmarshal(%s) = %+v, %v", data, out, err)
	}

	// Upper case is accepted.
	out = request{}
	if err := json.Unmarshal([]byte(`{"id":"6BA7B810-9DAD-11D1-80B4-00C04FD430C8"}`), &out); err != nil || out.ID != NamespaceDNS {
		t.Errorf("json.Unmarshal(upper) = %+v, %v", out, err)
	}

	// As a map key, too.
	m := map[UUID]int{NamespaceOID: 1}
	data, err = json.Marshal(m)
	if err != nil || string(data) != `{"6ba7b812-9dad-11d1-80b4-00c04fd430c8":1}` {
		t.Errorf("json.Marshal(map) = %s, %v", data, err)
	}
	var m2 map[UUID]int
	if err := json.Unmarshal(data, &m2); err != nil || m2[NamespaceOID] != 1 || len(m2) != 1 {
		t.Errorf("json.Unmarshal(map) = %v, %v", m2, err)
	}

	// A bad string fails with ErrInvalidUUID.
	for _, bad := range []string{`{"id":"not-a-uuid"}`, `{"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c"}`, `{"id":"{6ba7b810-9dad-11d1-80b4-00c04fd430c8}"}`, `{"id":""}`} {
		out := request{ID: NamespaceX500}
		err := json.Unmarshal([]byte(bad), &out)
		if !errors.Is(err, ErrInvalidUUID) {
			t.Errorf("json.Unmarshal(%s) error = %v, want ErrInvalidUUID", bad, err)
		}
		if out.ID != NamespaceX500 {
			t.Errorf("json.Unmarshal(%s) changed ID to %s", bad, out.ID)
		}
	}
	// A non-string fails too.
	if err := json.Unmarshal([]byte(`{"id":5}`), &out); err == nil {
		t.Error("json.Unmarshal of a number into a UUID succeeded")
	}
}

func TestUUIDVersion(t *testing.T) {
	for _, tc := range []struct {
		u    UUID
		want int
	}{
		{UUID{}, 0},
		{maxUUID, 15},
		{NamespaceDNS, 1},
		{UUID5(NamespaceDNS, []byte("x")), 5},
		{RandomUUID(), 4},
		{UUID{6: 0x7f}, 7},
		{UUID{6: 0x0f, 7: 0xff}, 0},
	} {
		if got := tc.u.Version(); got != tc.want {
			t.Errorf("%v.Version() = %d, want %d", tc.u, got, tc.want)
		}
	}
}

func TestNamespaces(t *testing.T) {
	// RFC 9562, section 6.6.
	for _, tc := range []struct {
		name string
		u    UUID
		want string
	}{
		{"DNS", NamespaceDNS, "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
		{"URL", NamespaceURL, "6ba7b811-9dad-11d1-80b4-00c04fd430c8"},
		{"OID", NamespaceOID, "6ba7b812-9dad-11d1-80b4-00c04fd430c8"},
		{"X500", NamespaceX500, "6ba7b814-9dad-11d1-80b4-00c04fd430c8"},
		{"Anthropic", NamespaceAnthropic, "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
	} {
		if got := tc.u.String(); got != tc.want {
			t.Errorf("Namespace%s = %s, want %s", tc.name, got, tc.want)
		}
		if got := refUUIDString(tc.u); got != tc.want {
			t.Errorf("Namespace%s bytes = %s, want %s", tc.name, got, tc.want)
		}
	}
	if NamespaceAnthropic != NamespaceDNS {
		t.Errorf("NamespaceAnthropic = %s, want NamespaceDNS %s", NamespaceAnthropic, NamespaceDNS)
	}
	if UUID5Key(NamespaceAnthropic, []byte("www.example.com")) != UUID5Key(NamespaceDNS, []byte("www.example.com")) {
		t.Error("UUID5Key differs between NamespaceAnthropic and NamespaceDNS")
	}
}

func TestRandomVersionVariant(t *testing.T) {
	for i := 0; i < 10000; i++ {
		u := RandomUUID()
		if u[6]>>4 != 4 || u[8]>>6 != 2 {
			t.Fatalf("RandomUUID() = %s: version %d, variant bits %02b", u, u[6]>>4, u[8]>>6)
		}
		k := RandomKey()
		if !uuid4RE.MatchString(k) {
			t.Fatalf("RandomKey() = %q, does not match %s", k, uuid4RE)
		}
	}
}

func TestRandomUnique(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a million keys")
	}
	const n = 1000000
	seen := make(map[UUID]struct{}, n)
	for i := 0; i < n; i++ {
		u := RandomUUID()
		if _, dup := seen[u]; dup {
			t.Fatalf("RandomUUID repeated %s after %d calls", u, i)
		}
		seen[u] = struct{}{}
	}
	keys := make(map[string]struct{}, 10000)
	for i := 0; i < 10000; i++ {
		k := RandomKey()
		if _, dup := keys[k]; dup {
			t.Fatalf("RandomKey repeated %s after %d calls", k, i)
		}
		keys[k] = struct{}{}
	}
}

// TestRandomBitBalance checks that each of the 122 random bits is set in
// 40% to 60% of 10,000 UUIDs. For a fair bit the count has a standard
// deviation of 50, so the bounds are 20 standard deviations away: a false
// failure has a probability far below 1e-80. The 6 fixed bits must always
// hold their values.
func TestRandomBitBalance(t *testing.T) {
	const n = 10000
	var counts [128]int
	for i := 0; i < n; i++ {
		u := RandomUUID()
		for bit := 0; bit < 128; bit++ {
			if u[bit/8]&(0x80>>(bit%8)) != 0 {
				counts[bit]++
			}
		}
	}
	fixed := map[int]int{
		48: 0, 49: 1, 50: 0, 51: 0, // version 0100, bits 0-3 of byte 6
		64: 1, 65: 0, // variant 10, bits 0-1 of byte 8
	}
	random := 0
	for bit, c := range counts {
		if v, ok := fixed[bit]; ok {
			if c != v*n {
				t.Errorf("fixed bit %d set in %d of %d UUIDs, want %d", bit, c, n, v*n)
			}
			continue
		}
		random++
		if c < n*40/100 || c > n*60/100 {
			t.Errorf("random bit %d set in %d of %d UUIDs, want 40%% to 60%%", bit, c, n)
		}
	}
	if random != 122 {
		t.Errorf("%d random bits, want 122", random)
	}
}

// TestConcurrent runs every function from 8 goroutines on shared inputs;
// with -race it checks that none of them writes shared state.
func TestConcurrent(t *testing.T) {
	content := []byte(messagesBody)
	big := []byte(patterned(3000, 3))
	parts := []string{"POST", "/v1/messages", messagesBody, string(big)}
	type result struct {
		sha, appSha, scoped, appScoped, key0, key4, appKey, u5, appU5, bigU5, str, text string
		parsed                                                                          UUID
	}
	compute := func(dst []byte) result {
		var r result
		r.sha = Sha256Hex(content)
		r.appSha = string(AppendSha256Hex(dst[:0], big))
		r.scoped = ScopedSha256Hex("user-1", big)
		r.appScoped = string(AppendScopedSha256Hex(dst[:0], "user-1", content))
		r.key0 = ScopedKey("tenant-42")
		r.key4 = ScopedKey("tenant-42", parts...)
		r.appKey = string(AppendScopedKey(dst[:0], string(big), parts...))
		r.u5 = UUID5Key(NamespaceAnthropic, content)
		r.appU5 = string(AppendUUID5Key(dst[:0], NamespaceURL, big))
		r.bigU5 = UUID5(NamespaceDNS, big).String()
		r.str = NamespaceDNS.String()
		txt, _ := NamespaceOID.MarshalText()
		r.text = string(txt)
		r.parsed, _ = ParseUUID(dnsString)
		return r
	}
	want := compute(make([]byte, 0, 64))

	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dst := make([]byte, 0, 64)
			for i := 0; i < 200; i++ {
				if got := compute(dst); got != want {
					t.Errorf("concurrent result %+v, want %+v", got, want)
					return
				}
				if k := RandomKey(); !uuid4RE.MatchString(k) {
					t.Errorf("concurrent RandomKey() = %q", k)
					return
				}
				if u := RandomUUID(); u.Version() != 4 {
					t.Errorf("concurrent RandomUUID() = %s", u)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestAllocs pins the allocation count of every function. The count of
// RandomKey depends on the Go version; see randomKeyAllocs.
func TestAllocs(t *testing.T) {
	content := []byte(messagesBody)
	big := []byte(patterned(10*1024, 1))
	bigParts := []string{patterned(600, 1), patterned(1500, 2), patterned(513, 3)}
	parts := make([]string, 50)
	for i := range parts {
		parts[i] = patterned(i, byte(i))
	}
	u := NamespaceDNS
	dst := make([]byte, 0, 64)
	dnsText := []byte(dnsString)
	dnsTextUpper := []byte(strings.ToUpper(dnsString))
	var sink string
	var sinkUUID UUID
	for _, tc := range []struct {
		name string
		want float64
		f    func()
	}{
		{"Sha256Hex", 1, func() { sink = Sha256Hex(content) }},
		{"Sha256Hex/10KiB", 1, func() { sink = Sha256Hex(big) }},
		{"ScopedSha256Hex", 1, func() { sink = ScopedSha256Hex("user-1", content) }},
		{"ScopedSha256Hex/10KiB", 1, func() { sink = ScopedSha256Hex(bigParts[1], big) }},
		{"ScopedKey/0", 1, func() { sink = ScopedKey("user-1") }},
		{"ScopedKey/1", 1, func() { sink = ScopedKey("user-1", messagesBody) }},
		{"ScopedKey/3", 1, func() { sink = ScopedKey("user-1", "POST", "/v1/messages", messagesBody) }},
		{"ScopedKey/8", 1, func() { sink = ScopedKey("user-1", parts[:8]...) }},
		{"ScopedKey/50", 1, func() { sink = ScopedKey("user-1", parts...) }},
		{"ScopedKey/large", 1, func() { sink = ScopedKey(bigParts[0], bigParts...) }},
		{"UUID5Key", 1, func() { sink = UUID5Key(NamespaceDNS, content) }},
		{"UUID5Key/10KiB", 1, func() { sink = UUID5Key(NamespaceDNS, big) }},
		{"UUID5", 0, func() { sinkUUID = UUID5(NamespaceDNS, big) }},
		{"UUID.String", 1, func() { sink = u.String() }},
		{"UUID.MarshalText", 1, func() { b, _ := u.MarshalText(); dst = b[:0] }},
		{"AppendSha256Hex", 0, func() { dst = AppendSha256Hex(dst[:0], big) }},
		{"AppendScopedSha256Hex", 0, func() { dst = AppendScopedSha256Hex(dst[:0], "user-1", big) }},
		{"AppendScopedKey/0", 0, func() { dst = AppendScopedKey(dst[:0], "user-1") }},
		{"AppendScopedKey/3", 0, func() { dst = AppendScopedKey(dst[:0], "user-1", "POST", "/v1/messages", messagesBody) }},
		{"AppendScopedKey/50", 0, func() { dst = AppendScopedKey(dst[:0], "user-1", parts...) }},
		{"AppendScopedKey/large", 0, func() { dst = AppendScopedKey(dst[:0], bigParts[0], bigParts...) }},
		{"AppendUUID5Key", 0, func() { dst = AppendUUID5Key(dst[:0], NamespaceDNS, content) }},
		{"AppendUUID5Key/10KiB", 0, func() { dst = AppendUUID5Key(dst[:0], NamespaceDNS, big) }},
		{"UUID.AppendText", 0, func() { dst, _ = u.AppendText(dst[:0]) }},
		{"ParseUUID", 0, func() { sinkUUID, _ = ParseUUID(dnsString) }},
		{"ParseUUID/upper", 0, func() { sinkUUID, _ = ParseUUID("6BA7B810-9DAD-11D1-80B4-00C04FD430C8") }},
		{"UUID.UnmarshalText", 0, func() { _ = sinkUUID.UnmarshalText(dnsText) }},
		{"UUID.UnmarshalText/upper", 0, func() { _ = sinkUUID.UnmarshalText(dnsTextUpper) }},
		{"UUID.Version", 0, func() { sinkUUID[0] = byte(u.Version()) }},
		{"RandomKey", randomKeyAllocs, func() { sink = RandomKey() }},
		{"RandomUUID", randomKeyAllocs - 1, func() { sinkUUID = RandomUUID() }},
	} {
		if got := testing.AllocsPerRun(100, tc.f); got != tc.want {
			t.Errorf("%s: %v allocations, want %v", tc.name, got, tc.want)
		}
	}
	_, _ = sink, sinkUUID
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

func FuzzUUID5(f *testing.F) {
	for _, tc := range uuid5Vectors {
		f.Add(tc.namespace[:], []byte(tc.input))
	}
	f.Add([]byte{}, []byte(patterned(1000, 1)))
	f.Fuzz(func(t *testing.T, ns, name []byte) {
		var namespace UUID
		copy(namespace[:], ns)
		want := refUUID5(namespace, name)
		if got := UUID5(namespace, name); got != want {
			t.Fatalf("UUID5(%v, %q) = %v, reference %v", namespace, name, got, want)
		}
		key := UUID5Key(namespace, name)
		if key != refUUIDString(want) || !uuid5RE.MatchString(key) {
			t.Fatalf("UUID5Key(%v, %q) = %s, reference %s", namespace, name, key, refUUIDString(want))
		}
		if got := AppendUUID5Key([]byte("pre"), namespace, name); string(got) != "pre"+key {
			t.Fatalf("AppendUUID5Key(%v, %q) = %q, want %q", namespace, name, got, "pre"+key)
		}
	})
}

// fuzzUUIDMessage is the error message that ParseUUID must give for the
// invalid UUID s, worked out from s alone: the length when it is not 36,
// otherwise the first byte that breaks the pattern, named as a quoted
// character when it is printable ASCII and by its hex value otherwise.
func fuzzUUIDMessage(s string) string {
	const pattern = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
	if len(s) != len(pattern) {
		return fmt.Sprintf("agentidemp: invalid UUID: length %d, want 36", len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		isHex := strings.IndexByte("0123456789abcdefABCDEF", c) >= 0
		if pattern[i] == '-' && c == '-' || pattern[i] == 'x' && isHex {
			continue
		}
		what := fmt.Sprintf("byte 0x%02x", c)
		if ' ' <= c && c <= '~' {
			what = fmt.Sprintf("%q", rune(c))
		}
		want := "a hex digit"
		if pattern[i] == '-' {
			want = "'-'"
		}
		return fmt.Sprintf("agentidemp: invalid UUID: %s at offset %d, want %s", what, i, want)
	}
	return "" // s is valid
}

func FuzzParseUUID(f *testing.F) {
	for _, tc := range invalidUUIDs {
		f.Add(tc.in)
	}
	f.Add(dnsString)
	f.Add("6BA7B810-9DAD-11D1-80B4-00C04FD430C8")
	f.Add("0123456789abcdef")
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUUID(s)
		if err == nil {
			lower := strings.ToLower(s)
			v, err := ParseUUID(lower)
			if err != nil || v != u {
				t.Fatalf("ParseUUID(%q) = %v, but ParseUUID(%q) = %v, %v", s, u, lower, v, err)
			}
			if got := u.String(); got != lower {
				t.Fatalf("ParseUUID(%q).String() = %q, want %q", s, got, lower)
			}
		} else {
			if !errors.Is(err, ErrInvalidUUID) {
				t.Fatalf("ParseUUID(%q) error %v does not match ErrInvalidUUID", s, err)
			}
			var ue *UUIDError
			if !errors.As(err, &ue) {
				t.Fatalf("ParseUUID(%q) error %T is not a *UUIDError", s, err)
			}
			switch {
			case ue.Offset == -1:
				if len(s) == 36 {
					t.Fatalf("ParseUUID(%q): length error for 36 bytes", s)
				}
			case ue.Offset < 0 || ue.Offset >= 36 || len(s) != 36 || s[ue.Offset] != ue.Char:
				t.Fatalf("ParseUUID(%q): bad error %#v", s, ue)
			}
			if u != (UUID{}) {
				t.Fatalf("ParseUUID(%q) returned %v with its error", s, u)
			}
			if got, want := err.Error(), fuzzUUIDMessage(s); got != want {
				t.Fatalf("ParseUUID(%q) error = %q, want %q", s, got, want)
			}
		}
		var w UUID
		err2 := w.UnmarshalText([]byte(s))
		if (err2 == nil) != (err == nil) || w != u {
			t.Fatalf("UnmarshalText(%q) = %v, %v; ParseUUID = %v, %v", s, w, err2, u, err)
		}
		if err != nil && err2.Error() != err.Error() {
			t.Fatalf("UnmarshalText(%q) error = %q, ParseUUID's = %q", s, err2, err)
		}
		// Any 16 bytes round-trip through the canonical form.
		if len(s) >= 16 {
			var r UUID
			copy(r[:], s)
			v, err := ParseUUID(r.String())
			if err != nil || v != r {
				t.Fatalf("ParseUUID(%q) = %v, %v; want %v", r.String(), v, err, r)
			}
		}
	})
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

func BenchmarkSha256Hex(b *testing.B) {
	benchOverSizes(b, func(b *testing.B, content []byte) {
		for i := 0; i < b.N; i++ {
			sinkString = Sha256Hex(content)
		}
	})
}

func BenchmarkAppendSha256Hex(b *testing.B) {
	benchOverSizes(b, func(b *testing.B, content []byte) {
		dst := make([]byte, 0, HexKeyLen)
		for i := 0; i < b.N; i++ {
			dst = AppendSha256Hex(dst[:0], content)
		}
		sinkBytes = dst
	})
}

// BenchmarkSha256Sum is the floor for the hex keys: the hash alone.
func BenchmarkSha256Sum(b *testing.B) {
	benchOverSizes(b, func(b *testing.B, content []byte) {
		for i := 0; i < b.N; i++ {
			sinkSum = sha256.Sum256(content)
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

func BenchmarkUUID5Key(b *testing.B) {
	benchOverSizes(b, func(b *testing.B, name []byte) {
		for i := 0; i < b.N; i++ {
			sinkString = UUID5Key(NamespaceDNS, name)
		}
	})
}

func BenchmarkAppendUUID5Key(b *testing.B) {
	benchOverSizes(b, func(b *testing.B, name []byte) {
		dst := make([]byte, 0, UUIDKeyLen)
		for i := 0; i < b.N; i++ {
			dst = AppendUUID5Key(dst[:0], NamespaceDNS, name)
		}
		sinkBytes = dst
	})
}

// BenchmarkSha1Sum is the floor for the UUID keys: SHA-1 over a prepared
// namespace || name.
func BenchmarkSha1Sum(b *testing.B) {
	benchOverSizes(b, func(b *testing.B, name []byte) {
		msg := append(append([]byte(nil), NamespaceDNS[:]...), name...)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkSum1 = sha1.Sum(msg)
		}
	})
}

func BenchmarkRandomKey(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkString = RandomKey()
	}
}

func BenchmarkRandomUUID(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkUUID = RandomUUID()
	}
}

func BenchmarkParseUUID(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkUUID, _ = ParseUUID(dnsString)
	}
}

func BenchmarkUUIDString(b *testing.B) {
	b.ReportAllocs()
	u := NamespaceDNS
	for i := 0; i < b.N; i++ {
		sinkString = u.String()
	}
}
