package agentidemp_test

import (
	"errors"
	"fmt"

	"github.com/agentidemp/agentidemp-go"
)

// One chat request, as four serializers write it. Hashing the bytes gives
// four keys; hashing the canonical form gives one.
func ExampleJSONKey() {
	bodies := []string{
		// Python json.dumps, default separators, insertion order.
		`{"model": "claude-sonnet-4-20250514", "messages": [{"role": "user", "content": "hi"}]}`,
		// Compact, insertion order: Go structs, JavaScript JSON.stringify.
		`{"model":"claude-sonnet-4-20250514","messages":[{"role":"user","content":"hi"}]}`,
		// Compact, keys sorted: serde_json with sorted maps.
		`{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}`,
		// Pretty-printed.
		"{\n  \"model\": \"claude-sonnet-4-20250514\",\n  \"messages\": [\n    {\n      \"role\": \"user\",\n      \"content\": \"hi\"\n    }\n  ]\n}",
	}
	for _, body := range bodies {
		key, err := agentidemp.JSONKey([]byte(body))
		if err != nil {
			panic(err)
		}
		fmt.Println(agentidemp.Sha256Hex([]byte(body)), key)
	}
	// Output:
	// ik_5289b958188b3fbab8ea5252a03f67fe ik_5c181ca05655562a20cd9639a1bea983
	// ik_3fd03aef9c63510a3bfabc23a63b64f8 ik_5c181ca05655562a20cd9639a1bea983
	// ik_5c181ca05655562a20cd9639a1bea983 ik_5c181ca05655562a20cd9639a1bea983
	// ik_4fc840ebb2fcb694c04ccc241da6b7f2 ik_5c181ca05655562a20cd9639a1bea983
}

func ExampleCanonicalJSON() {
	out, err := agentidemp.CanonicalJSON([]byte(`{
		"temperature": 0.70, "max_tokens": 1e3,
		"stop": ["\u00e9t\u00e9", "\/end"], "seed": -0
	}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	// Output:
	// {"max_tokens":1000,"seed":0,"stop":["été","/end"],"temperature":0.7}
}

func ExampleAppendCanonicalJSON() {
	buf := make([]byte, 0, 1024) // reused across calls: no allocation
	for _, body := range []string{`{"b":2,"a":1}`, `[1.50, 2E2]`} {
		var err error
		buf, err = agentidemp.AppendCanonicalJSON(buf[:0], []byte(body))
		if err != nil {
			panic(err)
		}
		fmt.Println(string(buf))
	}
	// Output:
	// {"a":1,"b":2}
	// [1.5,200]
}

// Input that could give two different requests one key is refused, with the
// kind of problem and where it is.
func ExampleCanonicalJSON_errors() {
	for _, body := range []string{
		`{"a":1,"b`,
		`[1 2]`,
		`{"id":1,"\u0069d":2}`,
		`{"seed":9007199254740993}`,
		`[1e400]`,
	} {
		_, err := agentidemp.CanonicalJSON([]byte(body))
		var jerr *agentidemp.JSONError
		if errors.As(err, &jerr) {
			fmt.Println(jerr.Offset, errors.Is(err, agentidemp.ErrDuplicateName), err)
		}
	}
	// Output:
	// 9 false agentidemp: unexpected end of JSON input at offset 9: inside string
	// 3 false agentidemp: invalid JSON syntax at offset 3: unexpected '2' in array, want ',' or ']'
	// 8 true agentidemp: duplicate JSON member name at offset 8: "id"
	// 8 false agentidemp: JSON integer beyond 2^53 not in canonical form at offset 8: a double reads it as 9007199254740992
	// 1 false agentidemp: JSON number out of double range at offset 1
}

func ExampleAppendJSONKey() {
	key, err := agentidemp.AppendJSONKey([]byte("Idempotency-Key: "), []byte(`{"b":2,"a":1}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(string(key))
	// Output:
	// Idempotency-Key: ik_43258cff783fe7036d8a43033f830adf
}

func ExampleScopedJSONKey() {
	body := []byte(`{"amount":100,"currency":"eur"}`)
	a, _ := agentidemp.ScopedJSONKey("user-1", body)
	b, _ := agentidemp.ScopedJSONKey("user-2", body)
	fmt.Println(a)
	fmt.Println(b)
	// Output:
	// ik_337034ec806b8ee42cf65753e627c572
	// ik_c206d624a57a4e244a000339bc6a944b
}

// Integer literals beyond 2^53 pass only when already canonical: a double
// cannot tell 9007199254740993 from 9007199254740992. With a fraction or an
// exponent, a number is a double by its own spelling.
func ExampleCanonicalJSON_integers() {
	for _, n := range []string{
		"9007199254740992",
		"9007199254740993",
		"9007199254740994",
		"123456789012345680000",
		"12345678901234567890",
		"1000000000000000000000",
		"1e21",
		"9007199254740993.0",
	} {
		out, err := agentidemp.CanonicalJSON([]byte(n))
		if err != nil {
			fmt.Printf("%-22s refused: %v\n", n, errors.Is(err, agentidemp.ErrUnsafeInteger))
			continue
		}
		fmt.Printf("%-22s %s\n", n, out)
	}
	// Output:
	// 9007199254740992       9007199254740992
	// 9007199254740993       refused: true
	// 9007199254740994       9007199254740994
	// 123456789012345680000  123456789012345680000
	// 12345678901234567890   refused: true
	// 1000000000000000000000 refused: true
	// 1e21                   1e+21
	// 9007199254740993.0     9007199254740992
}

func ExampleAppendScopedJSONKey() {
	buf := make([]byte, 0, 64) // reused across calls: no allocation
	for _, user := range []string{"user-1", "user-2"} {
		var err error
		buf, err = agentidemp.AppendScopedJSONKey(buf[:0], user, []byte(`{"currency":"eur","amount":100}`))
		if err != nil {
			panic(err)
		}
		fmt.Println(string(buf))
	}
	// Output:
	// ik_337034ec806b8ee42cf65753e627c572
	// ik_c206d624a57a4e244a000339bc6a944b
}

// Numbers with a fraction or an exponent are read as doubles, as RFC 8785
// says: spellings of the same double canonicalize alike.
func ExampleCanonicalJSON_doubles() {
	out, err := agentidemp.CanonicalJSON([]byte(`[1.0, 1, 0.1, 0.10000000000000001, 1e-400, 0, 2E2, 1.50]`))
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	// Output:
	// [1,1,0.1,0.1,0,0,200,1.5]
}
