package agentidemp_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"

	"github.com/agentidemp/agentidemp-go"
)

// Compute the key once per request, before the first attempt, and send it
// with every attempt. The server here fails twice with 503, then succeeds;
// it prints the key each attempt carried.
func Example() {
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := attempts.Add(1)
		fmt.Printf("attempt %d: Idempotency-Key: %s\n", n, r.Header.Get("Idempotency-Key"))
		if n < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()

	body := []byte(`{"model":"claude-sonnet-4-20250514","max_tokens":1024,` +
		`"messages":[{"role":"user","content":"Refund order 1234"}]}`)
	key, err := agentidemp.JSONKey(body)
	if err != nil {
		panic(err) // not JSON, or JSON that could give two requests one key
	}
	for attempt := 1; attempt <= 3; attempt++ {
		req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		if err != nil {
			panic(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key) // the same key on every attempt
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue // back off, then try again
		}
		resp.Body.Close()
		if resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests {
			fmt.Println("done:", resp.Status)
			break
		}
	}
	// Output:
	// attempt 1: Idempotency-Key: ik_65f5796bf78f076f9e5cea79ced61d7a
	// attempt 2: Idempotency-Key: ik_65f5796bf78f076f9e5cea79ced61d7a
	// attempt 3: Idempotency-Key: ik_65f5796bf78f076f9e5cea79ced61d7a
	// done: 200 OK
}

func ExampleSha256Hex() {
	body := []byte(`{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}`)
	fmt.Println(agentidemp.Sha256Hex(body))
	fmt.Println(agentidemp.Sha256Hex([]byte("abc")))
	// Output:
	// ik_5c181ca05655562a20cd9639a1bea983
	// ik_ba7816bf8f01cfea414140de5dae2223
}

func ExampleAppendSha256Hex() {
	buf := make([]byte, 0, 64)
	buf = append(buf, "Idempotency-Key: "...)
	buf = agentidemp.AppendSha256Hex(buf, []byte("abc"))
	fmt.Println(string(buf))
	// Output:
	// Idempotency-Key: ik_ba7816bf8f01cfea414140de5dae2223
}

func ExampleScopedSha256Hex() {
	payload := []byte("payload")
	fmt.Println(agentidemp.ScopedSha256Hex("user-1", payload))
	fmt.Println(agentidemp.ScopedSha256Hex("user-2", payload))
	// The scoped key is the key of scope, a NUL byte and the content.
	fmt.Println(agentidemp.Sha256Hex([]byte("user-1\x00payload")))
	// Output:
	// ik_542cb024eb8cae6e5578227e9dd4d37e
	// ik_562aeacc6771648e968122bff38f2a72
	// ik_542cb024eb8cae6e5578227e9dd4d37e
}

func ExampleAppendScopedSha256Hex() {
	buf := []byte("key=")
	buf = agentidemp.AppendScopedSha256Hex(buf, "user-1", []byte("payload"))
	fmt.Println(string(buf))
	// Output:
	// key=ik_542cb024eb8cae6e5578227e9dd4d37e
}

func ExampleScopedKey() {
	body := `{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}`
	// Method, path and body, within a tenant.
	fmt.Println(agentidemp.ScopedKey("tenant-42", "POST", "/v1/messages", body))
	// One part is ScopedSha256Hex; no part hashes the scope alone.
	fmt.Println(agentidemp.ScopedKey("user-1", "payload"))
	fmt.Println(agentidemp.ScopedKey("abc"))
	// Output:
	// ik_05bdbd6c7363f5a26d51e610f4784997
	// ik_542cb024eb8cae6e5578227e9dd4d37e
	// ik_ba7816bf8f01cfea414140de5dae2223
}

// The 0x00 separator is not escaped: a NUL byte inside the scope or a part
// other than the last can move a boundary, and then two inputs share a key.
func ExampleScopedKey_separator() {
	fmt.Println(agentidemp.ScopedKey("a", "b\x00c") == agentidemp.ScopedKey("a", "b", "c"))
	fmt.Println(agentidemp.ScopedKey("a\x00b") == agentidemp.ScopedKey("a", "b"))
	// With no NUL byte in the scope or any part, the boundaries are fixed
	// and different inputs give different keys.
	fmt.Println(agentidemp.ScopedKey("a", "bc") == agentidemp.ScopedKey("a", "b", "c"))
	// Output:
	// true
	// true
	// false
}

func ExampleAppendScopedKey() {
	var buf []byte
	for _, path := range []string{"/v1/messages", "/v1/complete"} {
		buf = agentidemp.AppendScopedKey(buf[:0], "tenant-42", "POST", path)
		fmt.Printf("%s %s\n", path, buf)
	}
	// Output:
	// /v1/messages ik_b48e5e1a37bdedd7459394b7d46441fc
	// /v1/complete ik_cd2198d62b8ebb0d47d7bec591203b01
}

func ExampleUUID5Key() {
	// RFC 9562, appendix A.4.
	fmt.Println(agentidemp.UUID5Key(agentidemp.NamespaceDNS, []byte("www.example.com")))
	// The siblings' namespace is the DNS namespace.
	fmt.Println(agentidemp.UUID5Key(agentidemp.NamespaceAnthropic, []byte("www.example.com")))
	// Output:
	// 2ed6657d-e927-568b-95e1-2665a8aea6a2
	// 2ed6657d-e927-568b-95e1-2665a8aea6a2
}

func ExampleUUID5() {
	u := agentidemp.UUID5(agentidemp.NamespaceURL, []byte("https://www.example.com/"))
	fmt.Println(u)
	fmt.Println(u.Version())
	// Output:
	// 3d3ed9d2-aa3d-5fa6-90e8-ed662e90f559
	// 5
}

func ExampleAppendUUID5Key() {
	buf := []byte("Idempotency-Key: ")
	buf = agentidemp.AppendUUID5Key(buf, agentidemp.NamespaceDNS, []byte("www.example.com"))
	fmt.Println(string(buf))
	// Output:
	// Idempotency-Key: 2ed6657d-e927-568b-95e1-2665a8aea6a2
}

func ExampleParseUUID() {
	u, err := agentidemp.ParseUUID("6BA7B810-9DAD-11D1-80B4-00C04FD430C8")
	fmt.Println(u, err)
	fmt.Println(u == agentidemp.NamespaceDNS)

	_, err = agentidemp.ParseUUID("6ba7b810-9dad-11d1-80b4_00c04fd430c8")
	fmt.Println(err)
	var ue *agentidemp.UUIDError
	if errors.As(err, &ue) {
		fmt.Println(ue.Offset, string(ue.Char))
	}
	fmt.Println(errors.Is(err, agentidemp.ErrInvalidUUID))

	_, err = agentidemp.ParseUUID("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}")
	fmt.Println(err)
	// Output:
	// 6ba7b810-9dad-11d1-80b4-00c04fd430c8 <nil>
	// true
	// agentidemp: invalid UUID: '_' at offset 23, want '-'
	// 23 _
	// true
	// agentidemp: invalid UUID: length 38, want 36
}

func ExampleUUID_String() {
	u := agentidemp.UUID{0x6b, 0xa7, 0xb8, 0x14, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	fmt.Println(u.String())
	fmt.Println(u == agentidemp.NamespaceX500)
	// Output:
	// 6ba7b814-9dad-11d1-80b4-00c04fd430c8
	// true
}

func ExampleUUID_MarshalText() {
	type job struct {
		ID   agentidemp.UUID `json:"id"`
		Name string          `json:"name"`
	}
	in := job{ID: agentidemp.UUID5(agentidemp.NamespaceDNS, []byte("www.example.com")), Name: "nightly"}
	data, err := json.Marshal(in)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(data))

	var out job
	if err := json.Unmarshal(data, &out); err != nil {
		panic(err)
	}
	fmt.Println(out.ID == in.ID)

	err = json.Unmarshal([]byte(`{"id":"not-a-uuid"}`), &out)
	fmt.Println(errors.Is(err, agentidemp.ErrInvalidUUID))
	// Output:
	// {"id":"2ed6657d-e927-568b-95e1-2665a8aea6a2","name":"nightly"}
	// true
	// true
}

func ExampleRandomKey() {
	key := agentidemp.RandomKey()
	// The key itself differs on every call; its shape does not.
	fmt.Println(len(key))
	fmt.Println("version:", key[14:15])
	fmt.Println("variant ok:", strings.ContainsAny(key[19:20], "89ab"))
	fmt.Println("fresh:", key != agentidemp.RandomKey())
	// Output:
	// 36
	// version: 4
	// variant ok: true
	// fresh: true
}

func ExampleUUID_AppendText() {
	buf := []byte("urn:uuid:")
	buf, _ = agentidemp.NamespaceURL.AppendText(buf) // the error is always nil
	fmt.Println(string(buf))
	// Output:
	// urn:uuid:6ba7b811-9dad-11d1-80b4-00c04fd430c8
}

func ExampleUUID_UnmarshalText() {
	var u agentidemp.UUID
	err := u.UnmarshalText([]byte("2ED6657D-E927-568B-95E1-2665A8AEA6A2"))
	fmt.Println(u, err)
	err = u.UnmarshalText([]byte("{2ed6657d-e927-568b-95e1-2665a8aea6a2}"))
	fmt.Println(u, err)
	// Output:
	// 2ed6657d-e927-568b-95e1-2665a8aea6a2 <nil>
	// 2ed6657d-e927-568b-95e1-2665a8aea6a2 agentidemp: invalid UUID: length 38, want 36
}

func ExampleUUID_Version() {
	fmt.Println(agentidemp.NamespaceDNS.Version())
	fmt.Println(agentidemp.UUID5(agentidemp.NamespaceDNS, []byte("www.example.com")).Version())
	fmt.Println(agentidemp.RandomUUID().Version())
	// Output:
	// 1
	// 5
	// 4
}

func ExampleRandomUUID() {
	u := agentidemp.RandomUUID()
	// The value differs on every call; its version and variant do not.
	fmt.Println(u.Version(), u[8]>>6 == 0b10, u != agentidemp.RandomUUID())
	// Output:
	// 4 true true
}
