package agentidemp

import (
	"crypto/sha1"
	"net/http"
	"testing"
)

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

// TestNamespaceAssignment checks that assigning to the exported namespace
// variables changes no key that the package computes itself: the UUID
// request keys of the golden vectors stay as Python computed them.
func TestNamespaceAssignment(t *testing.T) {
	exported := []*UUID{&NamespaceDNS, &NamespaceURL, &NamespaceOID, &NamespaceX500, &NamespaceAnthropic}
	for i, p := range exported {
		saved := *p
		t.Cleanup(func() { *p = saved })
		*p = UUID{15: byte(i + 1)}
	}
	v := loadVectors(t)
	if len(v.HTTPRequest) == 0 {
		t.Fatal("no http_request rows")
	}
	for i, r := range v.HTTPRequest {
		scope := string(r.Scope)
		keys := RequestKeys{Shape: UUIDKey, Scope: func(*http.Request) string { return scope }}
		req := vectorRequest(t, r.Method, r.Target, r.ContentType, r.Body, "GetBody")
		if got, err := keys.RequestKey(req); err != nil || got != r.UUIDKey {
			t.Errorf("row %d (%s): with the namespaces assigned, RequestKey = %q, %v; want %s",
				i, r.Comment, got, err, r.UUIDKey)
		}
	}
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
