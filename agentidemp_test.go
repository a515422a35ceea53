package agentidemp

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"sync"
	"testing"
)

// Every expected key that is not quoted from a standard, in the tables here,
// in scoped_test.go and in namespace_test.go, was computed independently
// with Python's hashlib and uuid modules, for example
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
