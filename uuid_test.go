package agentidemp

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// refUUIDString formats u without the package's encoder.
func refUUIDString(u UUID) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

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
