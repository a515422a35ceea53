package agentidemp

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// ---------------------------------------------------------------------------
// Corpus

type ctCorpusDoc struct {
	Inputs    []string `json:"inputs"`
	Canonical string   `json:"canonical"`
}

const ctCorpusFile = "testdata/canonical_corpus.json.gz"

func ctLoadCorpus(tb testing.TB) []ctCorpusDoc {
	tb.Helper()
	fh, err := os.Open(ctCorpusFile)
	if err != nil {
		tb.Fatal(err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err) // includes a gzip checksum mismatch
	}
	var docs []ctCorpusDoc
	if err := json.Unmarshal(raw, &docs); err != nil {
		tb.Fatal(err)
	}
	return docs
}

// TestCanonicalCorpus checks every spelling of every document in
// testdata/canonical_corpus.json.gz (written by testdata/gen_canonical.js,
// with JavaScript as the reference) against the document's canonical form.
func TestCanonicalCorpus(t *testing.T) {
	const minDocs = 3000
	const maxReported = 20
	docs := ctLoadCorpus(t)
	if len(docs) < minDocs {
		t.Fatalf("%s has %d documents, want at least %d", ctCorpusFile, len(docs), minDocs)
	}
	inputs, bad := 0, 0
	report := func(format string, args ...any) {
		bad++
		if bad <= maxReported {
			t.Errorf(format, args...)
		}
	}
	for i, d := range docs {
		if len(d.Inputs) == 0 {
			t.Fatalf("document %d has no inputs", i)
		}
		for j, in := range d.Inputs {
			inputs++
			got, err := CanonicalJSON([]byte(in))
			if err != nil {
				report("document %d input %d: %q\nerror %v\nwant %q", i, j, in, err, d.Canonical)
				continue
			}
			if string(got) != d.Canonical {
				report("document %d input %d: %q\ngot  %q\nwant %q", i, j, in, got, d.Canonical)
			}
		}
		// The independent shape check agrees with the JavaScript reference.
		if err := ctCheckShape([]byte(d.Canonical)); err != nil {
			report("document %d: canonical form %q fails the shape check: %v", i, d.Canonical, err)
		}
		// The canonical form is a fixed point.
		got, err := CanonicalJSON([]byte(d.Canonical))
		if err != nil || string(got) != d.Canonical {
			report("document %d: canonical form %q is not a fixed point: got %q, %v", i, d.Canonical, got, err)
		}
	}
	if bad > maxReported {
		t.Errorf("%d failures in all, only the first %d shown", bad, maxReported)
	}
	t.Logf("%d documents, %d inputs checked", len(docs), inputs)
}

// ---------------------------------------------------------------------------
// RFC 8785 examples

func TestCanonicalRFC8785(t *testing.T) {
	inputs, err := filepath.Glob("testdata/rfc8785/*.input.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no testdata/rfc8785/*.input.json files")
	}
	for _, inPath := range inputs {
		name := strings.TrimSuffix(filepath.Base(inPath), ".input.json")
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(inPath)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(inPath, ".input.json") + ".expected.json")
			if err != nil {
				t.Fatal(err)
			}
			got, err := CanonicalJSON(in)
			if err != nil {
				t.Fatalf("CanonicalJSON(%s): %v", inPath, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("CanonicalJSON(%s):\ngot  %q\nwant %q", inPath, got, want)
			}
			again, err := CanonicalJSON(want)
			if err != nil || !bytes.Equal(again, want) {
				t.Errorf("expected form is not a fixed point: got %q, %v", again, err)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Hand tables

// ctValid lists accepted inputs with their exact canonical form. Every
// expected value was checked with Node (v20): for numbers String(x), for
// strings JSON.stringify(s), for objects the default JavaScript sort of the
// names (UTF-16 code units).
var ctValid = []struct {
	in, want string
}{
	// Literals and top-level scalars (RFC 8785 section 3.2.2.1; RFC 8259
	// section 2 allows any value at the top level).
	{`null`, `null`},
	{`true`, `true`},
	{`false`, `false`},
	{` 	
 true 	
 `, `true`},
	{`0`, `0`},
	{`"a"`, `"a"`},
	{`""`, `""`},
	{"1\n", `1`},
	{" -0.5e-3 \r\n", `-0.0005`}, // String(-0.0005)
	{`1e5`, `100000`},            // String(1e5)
	{"\"x\"\t", `"x"`},

	// Structure and whitespace (RFC 8785 section 3.2.1: no whitespace).
	{`[]`, `[]`},
	{`{}`, `{}`},
	{"[ \t\n\r]", `[]`},
	{"{ \t\n\r}", `{}`},
	{`[[],{},[[]],{"":{}}]`, `[[],{},[[]],{"":{}}]`},
	{"\r\n[ 1 , 2 ,\t3 ]\n", `[1,2,3]`},
	{"{ \"b\" : [ true , null ] , \"a\" : { } }", `{"a":{},"b":[true,null]}`},

	// Numbers: ECMAScript String(x) (RFC 8785 section 3.2.2.3).
	{`-0`, `0`},                         // String(-0), RFC 8785 appendix B
	{`-0.0`, `0`},                       // String(-0)
	{`-0e5`, `0`},                       // String(-0)
	{`0.0`, `0`},                        // String(0)
	{`0e-10`, `0`},                      // String(0)
	{`1.0`, `1`},                        // String(1)
	{`1.50`, `1.5`},                     // String(1.5)
	{`15e-1`, `1.5`},                    // String(1.5)
	{`1E2`, `100`},                      // String(100)
	{`1e+2`, `100`},                     // String(100)
	{`1E-2`, `0.01`},                    // String(0.01)
	{`0.1e1`, `1`},                      // String(1)
	{`1e0`, `1`},                        // String(1)
	{`1e-0`, `1`},                       // String(1)
	{`1e+0000000000000000000001`, `10`}, // String(10)
	{`-1.25e2`, `-125`},                 // String(-125)
	{`1e20`, `100000000000000000000`},   // String(1e20)
	{`1e21`, `1e+21`},                   // String(1e21)
	{`1e-6`, `0.000001`},                // String(1e-6)
	{`1e-7`, `1e-7`},                    // String(1e-7)
	{`0.0000001`, `1e-7`},               // String(1e-7)
	{`123456789e-15`, `1.23456789e-7`},  // String(1.23456789e-7)
	{`333333333.33333329`, `333333333.3333333`}, // String(333333333.3333333), RFC 8785 section 3.2.2
	{`4.50`, `4.5`},   // RFC 8785 section 3.2.2
	{`2e-3`, `0.002`}, // RFC 8785 section 3.2.2
	{`0.000000000000000000000000001`, `1e-27`}, // RFC 8785 section 3.2.2
	{`1E30`, `1e+30`},                          // RFC 8785 section 3.2.2
	{`0.1000000000000000055511151231257827021181583404541015625`, `0.1`}, // exact value of the double 0.1
	{`0.30000000000000004`, `0.30000000000000004`},                       // String(0.1+0.2)
	{`5e-324`, `5e-324`},                                  // String(Number.MIN_VALUE), RFC 8785 appendix B
	{`4.9406564584124654e-324`, `5e-324`},                 // String(Number.MIN_VALUE)
	{`2.4703282292062328e-324`, `5e-324`},                 // rounds up to Number.MIN_VALUE
	{`2.4703282292062327e-324`, `0`},                      // half of MIN_VALUE or less rounds to 0
	{`1e-400`, `0`},                                       // underflows to 0: String(Number("1e-400"))
	{`-1e-400`, `0`},                                      // underflows to -0: String(-0)
	{`1e-99999999999999999999`, `0`},                      // underflows to 0
	{`0e99999999999999999999`, `0`},                       // zero with a huge exponent
	{`1.7976931348623157e308`, `1.7976931348623157e+308`}, // String(Number.MAX_VALUE), RFC 8785 appendix B
	{`1.7976931348623158e308`, `1.7976931348623157e+308`}, // rounds to Number.MAX_VALUE
	{`-1.7976931348623157E+308`, `-1.7976931348623157e+308`},
	{`9007199254740991`, `9007199254740991`},   // 2^53-1, String(2**53-1)
	{`9007199254740992`, `9007199254740992`},   // 2^53
	{`-9007199254740992`, `-9007199254740992`}, // -2^53
	{`9007199254740994`, `9007199254740994`},   // 2^53+2, exactly its String()
	{`-9007199254740994`, `-9007199254740994`},
	{`123456789012345680000`, `123456789012345680000`},                    // String(123456789012345680000)
	{`295147905179352830000`, `295147905179352830000`},                    // String(2**68), RFC 8785 appendix B
	{`100000000000000000000`, `100000000000000000000`},                    // String(1e20)
	{`9007199254740993.0`, `9007199254740992`},                            // a double reading: ties to even
	{`9007199254740993e0`, `9007199254740992`},                            // a double reading: ties to even
	{`9007199254740995.0`, `9007199254740996`},                            // ties to even
	{`1000000000000000000000.0`, `1e+21`},                                 // String(1e21)
	{`12345678901234567890.5`, `12345678901234567000`},                    // String(12345678901234567890.5)
	{`18446744073709551616e0`, `18446744073709552000`},                    // String(2**64)
	{`1424953923781206.25`, `1424953923781206.2`},                         // RFC 8785 appendix B note 4
	{`9007199254740993.0000000000000000000000000001`, `9007199254740994`}, // just above the tie: rounds up
	{`9007199254740992.9999999999999999999999`, `9007199254740992`},       // String(Number(...))
	{`9007199254740992000`, `9007199254740992000`},                        // String(2**53*1000)
	{`-9007199254740992000`, `-9007199254740992000`},
	{`0.` + strings.Repeat("0", 500) + `1`, `0`}, // underflows to 0
	{`1` + strings.Repeat("0", 308) + `.0`, `1e+308`},
	{`[1,-1,0.5,-0.5]`, `[1,-1,0.5,-0.5]`},

	// Strings (RFC 8785 section 3.2.2.2).
	{`"\u0041\u0062"`, `"Ab"`},
	{`"\/"`, `"/"`},
	{`"/"`, `"/"`},
	{`"\u002F\u002f"`, `"//"`},
	{`"\""`, `"\""`},
	{`"\u0022"`, `"\""`},
	{`"\\"`, `"\\"`},
	{`"\u005C\u005c"`, `"\\\\"`},
	{`"\b\f\n\r\t"`, `"\b\f\n\r\t"`},
	{`"\u0008\u000C\u000a\u000D\u0009"`, `"\b\f\n\r\t"`},
	{`"\u0000\u0001\u001F\u001f\u000b\u000E"`, `"\u0000\u0001\u001f\u001f\u000b\u000e"`},
	{`"\u007f"`, "\"\x7f\""},                 // DEL is written raw
	{"\"\x7f\"", "\"\x7f\""},                 // DEL is written raw
	{`"\u2028\u2029"`, "\"\u2028\u2029\""},   // written raw, unlike encoding/json
	{"\"\u2028\u2029\"", "\"\u2028\u2029\""}, // raw in, raw out
	{`"\u00e9\u00E9"`, `"éé"`},
	{`"e\u0301"`, "\"e\u0301\""}, // no Unicode normalization
	{`"\u20ac"`, `"€"`},
	{`"\ud83d\ude00"`, `"😀"`},
	{`"\uD83D\uDE00"`, `"😀"`},
	{`"\uD83D\ude00"`, `"😀"`},
	{`"\udbff\udfff"`, "\"\U0010ffff\""},
	{`"\ud800\udc00"`, "\"\U00010000\""},
	{`"\uffff\ufffe\ufeff"`, "\"\uffff\ufffe\ufeff\""},
	{`"\ue000"`, "\"\ue000\""},
	{"\"\xf4\x8f\xbf\xbf\"", "\"\U0010ffff\""}, // largest code point, raw
	{"\"\xef\xbf\xbf\"", "\"\uffff\""},
	{"\"\xed\x9f\xbf\"", "\"\ud7ff\""}, // last code point before the surrogates
	{"\"\xee\x80\x80\"", "\"\ue000\""}, // first code point after them
	{`"'"`, `"'"`},
	{`"<>&"`, `"<>&"`},
	{`"\u003c\u003e\u0026"`, `"<>&"`},

	// Member order: UTF-16 code units of the unescaped names (RFC 8785
	// section 3.2.3).
	{`{"b":1,"a":2}`, `{"a":2,"b":1}`},
	{`{"aa":1,"a":2,"":3}`, `{"":3,"a":2,"aa":1}`},
	{`{"b":1,"a":2,"A":3,"_":4,"0":5}`, `{"0":5,"A":3,"_":4,"a":2,"b":1}`},
	{`{"10":1,"9":2,"1":3}`, `{"1":3,"10":1,"9":2}`},                     // strings, not numbers
	{`{"\ufb33":1,"\ud83d\ude00":2}`, "{\"\U0001f600\":2,\"\ufb33\":1}"}, // U+1F600 (d83d) before U+FB33
	{`{"\ue000":1,"😀":2}`, "{\"😀\":2,\"\ue000\":1}"},                     // d83d < e000, unlike UTF-8
	{`{"\uffff":1,"\ud800\udc00":2}`, "{\"\U00010000\":2,\"\uffff\":1}"},
	{`{"\u0061b":1,"a\u0000":2,"a":3}`, `{"a":3,"a\u0000":2,"ab":1}`},
	{`{"é":1,"e\u0301":2}`, "{\"e\u0301\":2,\"é\":1}"}, // different names
	{`{"a":1,"A":2}`, `{"A":2,"a":1}`},
	{`{"\\":1,"\"":2,"\n":3,"\u0001":4,"b":5,"\u0061":6}`, `{"\u0001":4,"\n":3,"\"":2,"\\":1,"a":6,"b":5}`}, // sorted unescaped
	{`{"\u0000":1,"":2}`, `{"":2,"\u0000":1}`},
	{`{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}`,
		"{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"\U0001f600\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"}, // RFC 8785 section 3.2.3
	{`{"z":{"b":[{"d":1,"c":2}],"a":null}}`, `{"z":{"a":null,"b":[{"c":2,"d":1}]}}`},
	{`[{"a":1},{"a":2}]`, `[{"a":1},{"a":2}]`}, // the same name in different objects
	{`{"a":{"a":{"a":1}}}`, `{"a":{"a":{"a":1}}}`},
	{`{"__proto__":1,"constructor":2}`, `{"__proto__":1,"constructor":2}`},
}

// ctInvalid lists refused inputs with the kind of error and its offset: the
// offset of the first byte at which the input can no longer be the start of
// a valid document; len(input) for ErrUnexpectedEnd; the opening quote of the
// second name for ErrDuplicateName; the number's first byte for
// ErrUnsafeInteger and ErrNumberRange; the backslash of the offending escape
// for ErrLoneSurrogate; and the bracket that exceeds MaxJSONDepth for
// ErrTooDeep.
var ctInvalid = []struct {
	in     string
	kind   error
	offset int
}{
	// Truncated input.
	{``, ErrUnexpectedEnd, 0},
	{` `, ErrUnexpectedEnd, 1},
	{" \t\r\n", ErrUnexpectedEnd, 4},
	{`[`, ErrUnexpectedEnd, 1},
	{`{`, ErrUnexpectedEnd, 1},
	{`[1`, ErrUnexpectedEnd, 2},
	{`[1,`, ErrUnexpectedEnd, 3},
	{`[1 `, ErrUnexpectedEnd, 3},
	{`{"a"`, ErrUnexpectedEnd, 4},
	{`{"a":`, ErrUnexpectedEnd, 5},
	{`{"a":1`, ErrUnexpectedEnd, 6},
	{`{"a":1,`, ErrUnexpectedEnd, 7},
	{`{"a":1,"b`, ErrUnexpectedEnd, 9},
	{`{"a":1,"b"`, ErrUnexpectedEnd, 10},
	{`"`, ErrUnexpectedEnd, 1},
	{`"abc`, ErrUnexpectedEnd, 4},
	{`"\`, ErrUnexpectedEnd, 2},
	{`"\u`, ErrUnexpectedEnd, 3},
	{`"\u12`, ErrUnexpectedEnd, 5},
	{`"\u1234`, ErrUnexpectedEnd, 7},
	{`"\ud800`, ErrUnexpectedEnd, 7},
	{`"\ud800\`, ErrUnexpectedEnd, 8},
	{`"\ud800\udc`, ErrUnexpectedEnd, 11},
	{"\"\xe2\x82", ErrUnexpectedEnd, 3},
	{`t`, ErrUnexpectedEnd, 1},
	{`tru`, ErrUnexpectedEnd, 3},
	{`nul`, ErrUnexpectedEnd, 3},
	{`fals`, ErrUnexpectedEnd, 4},
	{`[tru`, ErrUnexpectedEnd, 4},
	{`-`, ErrUnexpectedEnd, 1},
	{`1.`, ErrUnexpectedEnd, 2},
	{`0.`, ErrUnexpectedEnd, 2},
	{`1e`, ErrUnexpectedEnd, 2},
	{`1E`, ErrUnexpectedEnd, 2},
	{`1e+`, ErrUnexpectedEnd, 3},
	{`1e-`, ErrUnexpectedEnd, 3},
	{`1.0e+`, ErrUnexpectedEnd, 5},
	{`[-`, ErrUnexpectedEnd, 2},
	{`[1.`, ErrUnexpectedEnd, 3},

	// Grammar violations.
	{`[1 2]`, ErrSyntax, 3},
	{`{"a" 1}`, ErrSyntax, 5},
	{`{"a",1}`, ErrSyntax, 4},
	{`{"a":1,}`, ErrSyntax, 7},
	{`{"a":1 "b":2}`, ErrSyntax, 7},
	{`[1,]`, ErrSyntax, 3},
	{`[1,2,]`, ErrSyntax, 5},
	{`[,1]`, ErrSyntax, 1},
	{`[,]`, ErrSyntax, 1},
	{`{,}`, ErrSyntax, 1},
	{`{1:2}`, ErrSyntax, 1},
	{`{a:1}`, ErrSyntax, 1},
	{`{null:1}`, ErrSyntax, 1},
	{`{'a':1}`, ErrSyntax, 1},
	{`'a'`, ErrSyntax, 0},
	{`["a":1]`, ErrSyntax, 4},
	{`{"a":1]`, ErrSyntax, 6},
	{`[1}`, ErrSyntax, 2},
	{`{]`, ErrSyntax, 1},
	{`[}`, ErrSyntax, 1},
	{`]`, ErrSyntax, 0},
	{`}`, ErrSyntax, 0},
	{`:`, ErrSyntax, 0},
	{`,`, ErrSyntax, 0},
	{`{"a"::1}`, ErrSyntax, 5},
	{`[1,,2]`, ErrSyntax, 3},
	{`trux`, ErrSyntax, 3},
	{`nulL`, ErrSyntax, 3},
	{`nan`, ErrSyntax, 1},
	{`True`, ErrSyntax, 0},
	{`NULL`, ErrSyntax, 0},
	{`NaN`, ErrSyntax, 0},
	{`Infinity`, ErrSyntax, 0},
	{`[Infinity]`, ErrSyntax, 1},
	{`undefined`, ErrSyntax, 0},
	{`[truex]`, ErrSyntax, 5},
	// A literal running into letters or digits is one malformed token, not
	// a second value (as 1x is a malformed number).
	{`truex`, ErrSyntax, 4},
	{`null1`, ErrSyntax, 4},
	{`[tru]`, ErrSyntax, 4},
	{`fale`, ErrSyntax, 3},
	{`[nul,1]`, ErrSyntax, 4},
	{`[true false]`, ErrSyntax, 6},
	{`// c` + "\n1", ErrSyntax, 0},
	{`/* c */ 1`, ErrSyntax, 0},
	{`[1 /* c */]`, ErrSyntax, 3},
	{"\xef\xbb\xbf{}", ErrSyntax, 0},        // byte order mark
	{"\xc2\xa0{}", ErrSyntax, 0},            // no-break space
	{"[\xc2\xa01]", ErrSyntax, 1},           // no-break space
	{"{\"a\":\xe2\x80\xa81}", ErrSyntax, 5}, // U+2028 outside a string
	{"\v1", ErrSyntax, 0},                   // vertical tab is not JSON whitespace
	{"\f1", ErrSyntax, 0},                   // form feed is not JSON whitespace
	{"[1,\x002]", ErrSyntax, 3},
	{"\x00", ErrSyntax, 0},
	{`(1)`, ErrSyntax, 0},
	{`x`, ErrSyntax, 0},
	{`{"a":x}`, ErrSyntax, 5},

	// Numbers.
	{`+1`, ErrInvalidNumber, 0},
	{`[+1]`, ErrInvalidNumber, 1},
	{`.5`, ErrInvalidNumber, 0},
	{`[.5]`, ErrInvalidNumber, 1},
	{`-.5`, ErrInvalidNumber, 1},
	{`01`, ErrInvalidNumber, 1},
	{`00`, ErrInvalidNumber, 1},
	{`-01`, ErrInvalidNumber, 2},
	{`[01]`, ErrInvalidNumber, 2},
	{`00.5`, ErrInvalidNumber, 1},
	{`0x1p4`, ErrInvalidNumber, 1},
	{`0x10`, ErrInvalidNumber, 1},
	{`1_0`, ErrInvalidNumber, 1},
	{`1_000`, ErrInvalidNumber, 1},
	{`1.e5`, ErrInvalidNumber, 2},
	{`1.]`, ErrInvalidNumber, 2},
	{`[1.]`, ErrInvalidNumber, 3},
	{`[1e]`, ErrInvalidNumber, 3},
	{`[1e+]`, ErrInvalidNumber, 4},
	{`1e+x`, ErrInvalidNumber, 3},
	{`1ee5`, ErrInvalidNumber, 2},
	{`1e+-5`, ErrInvalidNumber, 3},
	{`1e5.5`, ErrInvalidNumber, 3},
	{`1.5.2`, ErrInvalidNumber, 3},
	{`1x`, ErrInvalidNumber, 1},
	{`[1x]`, ErrInvalidNumber, 2},
	{`1null`, ErrInvalidNumber, 1},
	{`[-]`, ErrInvalidNumber, 2},
	{`-a`, ErrInvalidNumber, 1},
	{`--1`, ErrInvalidNumber, 1},
	{`- 1`, ErrInvalidNumber, 1},
	{`-Infinity`, ErrInvalidNumber, 1},
	{`[-Infinity]`, ErrInvalidNumber, 2},
	{`-NaN`, ErrInvalidNumber, 1},
	{`2.e3`, ErrInvalidNumber, 2},
	{`1,5`, ErrTrailingData, 1},

	// Numbers a double cannot hold.
	{`1e400`, ErrNumberRange, 0},
	{`-1e400`, ErrNumberRange, 0},
	{`[0,-1e400]`, ErrNumberRange, 3},
	{`{"a":1e309}`, ErrNumberRange, 5},
	{`1.7976931348623159e308`, ErrNumberRange, 0}, // rounds to infinity
	{`2e308`, ErrNumberRange, 0},
	{`1e99999999999999999999`, ErrNumberRange, 0},
	{`9007199254740993`, ErrUnsafeInteger, 0},
	{`-9007199254740993`, ErrUnsafeInteger, 0},
	{`9007199254740995`, ErrUnsafeInteger, 0},
	{`12345678901234567890`, ErrUnsafeInteger, 0},
	{`1000000000000000000000`, ErrUnsafeInteger, 0}, // String(1e21) is 1e+21
	{`18446744073709551616`, ErrUnsafeInteger, 0},   // String(2**64) is 18446744073709552000
	{`99999999999999999999`, ErrUnsafeInteger, 0},   // reads as 1e20
	{`123456789012345678901`, ErrUnsafeInteger, 0},  // String() is 123456789012345680000
	{`[1, 9007199254740993]`, ErrUnsafeInteger, 4},
	{`1` + strings.Repeat("0", 308), ErrUnsafeInteger, 0},                 // String() is 1e+308
	{`17976931348623157` + strings.Repeat("0", 292), ErrUnsafeInteger, 0}, // String(Number.MAX_VALUE) is 1.7976931348623157e+308
	{`1` + strings.Repeat("0", 400), ErrNumberRange, 0},                   // no double at all
	{`-1` + strings.Repeat("0", 400), ErrNumberRange, 0},
	{`1` + strings.Repeat("0", 400) + `.5`, ErrNumberRange, 0},
	{`{"n":-9007199254740993}`, ErrUnsafeInteger, 5},

	// Trailing data.
	{`1 2`, ErrTrailingData, 2},
	{`{} x`, ErrTrailingData, 3},
	{`{}x`, ErrTrailingData, 2},
	{`[]]`, ErrTrailingData, 2},
	{`{"a":1}}`, ErrTrailingData, 7},
	{`[][]`, ErrTrailingData, 2},
	{`"a""b"`, ErrTrailingData, 3},
	{`"a" "b"`, ErrTrailingData, 4},
	{`1 // c`, ErrTrailingData, 2},
	{"1\n\x00", ErrTrailingData, 2},

	// Strings.
	{"\"a\nb\"", ErrInvalidString, 2},
	{"\"\x00\"", ErrInvalidString, 1},
	{"\"\x1f\"", ErrInvalidString, 1},
	{"\"\t\"", ErrInvalidString, 1},
	{"{\"a\tb\":1}", ErrInvalidString, 3}, // control character in a name
	{`"\x"`, ErrInvalidString, 2},
	{`"\'"`, ErrInvalidString, 2},
	{`"\U0041"`, ErrInvalidString, 2},
	{`"\a"`, ErrInvalidString, 2},
	{`"\0"`, ErrInvalidString, 2},
	{`"\u12g4"`, ErrInvalidString, 5},
	{`"\u12"`, ErrInvalidString, 5},
	{`"\uD83D\uDE0G"`, ErrInvalidString, 12},
	{`"\u-123"`, ErrInvalidString, 3},
	{`{"\q":1}`, ErrInvalidString, 3},

	// Invalid UTF-8.
	{"\"\xff\"", ErrInvalidUTF8, 1},
	{"\"\xfe\"", ErrInvalidUTF8, 1},
	{"\"\x80\"", ErrInvalidUTF8, 1},
	{"\"ab\xbf\"", ErrInvalidUTF8, 3},
	{"\"\xc0\xaf\"", ErrInvalidUTF8, 1},                 // overlong "/"
	{"\"\xc1\xbf\"", ErrInvalidUTF8, 1},                 // overlong
	{"\"\xe0\x80\xaf\"", ErrInvalidUTF8, 2},             // overlong "/", 3 bytes
	{"\"\xf0\x80\x80\xaf\"", ErrInvalidUTF8, 2},         // overlong "/", 4 bytes
	{"\"\xed\xa0\x80\"", ErrInvalidUTF8, 2},             // U+D800 encoded
	{"\"\xed\xbf\xbf\"", ErrInvalidUTF8, 2},             // U+DFFF encoded
	{"\"\xed\xa0\xbd\xed\xb8\x80\"", ErrInvalidUTF8, 2}, // CESU-8 surrogate pair
	{"\"\xf4\x90\x80\x80\"", ErrInvalidUTF8, 2},         // above U+10FFFF
	{"\"\xf5\x80\x80\x80\"", ErrInvalidUTF8, 1},
	{"\"\xe2\x82\"", ErrInvalidUTF8, 3},  // truncated sequence
	{"\"\xe2\x82x\"", ErrInvalidUTF8, 3}, // truncated sequence
	{"\"\xf0\x9f\x98\"", ErrInvalidUTF8, 4},
	{"{\"\xff\":1}", ErrInvalidUTF8, 2}, // in a name
	{"[\"ok\",\"\xc3\"]", ErrInvalidUTF8, 8},

	// Lone and reversed surrogate escapes.
	{`"\ud800"`, ErrLoneSurrogate, 1},
	{`"\uDBFF"`, ErrLoneSurrogate, 1},
	{`"\udc00"`, ErrLoneSurrogate, 1},
	{`"\uDFFF"`, ErrLoneSurrogate, 1},
	{`"\udc00\ud800"`, ErrLoneSurrogate, 1},
	{`"\ud800x"`, ErrLoneSurrogate, 1},
	{`"ab\ud800"`, ErrLoneSurrogate, 3},
	{`"ab\udc00cd"`, ErrLoneSurrogate, 3},
	{`"\ud800\u0041"`, ErrLoneSurrogate, 1},
	{`"\ud800\ud800"`, ErrLoneSurrogate, 1},
	{`"\ud800\n"`, ErrLoneSurrogate, 1},
	{`"\ud83d\ude00\ude00"`, ErrLoneSurrogate, 13},
	{`{"\udead":1}`, ErrLoneSurrogate, 2}, // RFC 8785 section 3.2.2.2's example, in a name

	// Duplicate names, compared after unescaping.
	{`{"a":1,"a":2}`, ErrDuplicateName, 7},
	{`{"a":1,"\u0061":2}`, ErrDuplicateName, 7},
	{`{"\u0061":1,"a":2}`, ErrDuplicateName, 12},
	{`{"a":1,"b":2,"a":3}`, ErrDuplicateName, 13},
	{`{"/":1,"\/":2}`, ErrDuplicateName, 7},
	{`{"é":1,"\u00e9":2}`, ErrDuplicateName, 8},
	{`{"😀":1,"\ud83d\ude00":2}`, ErrDuplicateName, 10},
	{`{"":1,"":2}`, ErrDuplicateName, 6},
	{`{"a":{},"a":[]}`, ErrDuplicateName, 8},
	{`[{"x":{"a":1,"b":{},"a":2}}]`, ErrDuplicateName, 20},
	{`{"a":[{"b":1,"c":2,"b":3}]}`, ErrDuplicateName, 19},
	{`{ "a" : 1 , "a" : 2 }`, ErrDuplicateName, 12},
	// The grammar is checked first; among duplicates, the one that comes
	// first in the input is reported, whatever the nesting or member order.
	{`{"a":1,"a":2} x`, ErrTrailingData, 14},
	{`[{"a":1,"a":2},1 2]`, ErrSyntax, 17},
	{`{"b":{"x":1,"x":2},"a":{"y":1,"y":2}}`, ErrDuplicateName, 12},
	{`{"a":{"y":1,"y":2},"b":{"x":1,"x":2}}`, ErrDuplicateName, 12},
	{`{"z":1,"z":2,"a":{"y":1,"y":2}}`, ErrDuplicateName, 7},
	{`{"z":{"y":1,"y":2},"z":1}`, ErrDuplicateName, 12},
}

func ctCheckRefusal(t *testing.T, in []byte, kind error, offset int) {
	t.Helper()
	got, err := CanonicalJSON(in)
	if err == nil {
		t.Errorf("CanonicalJSON(%q) = %q, want %s at offset %d", ctShort(in), got, ctKindName(kind), offset)
		return
	}
	var je *JSONError
	if !errors.As(err, &je) {
		t.Errorf("CanonicalJSON(%q): error %v (%T) is not a *JSONError", ctShort(in), err, err)
		return
	}
	if !errors.Is(err, kind) || je.Err != kind || je.Offset != offset {
		t.Errorf("CanonicalJSON(%q): got %s at offset %d (%v), want %s at offset %d",
			ctShort(in), ctKindName(je.Err), je.Offset, err, ctKindName(kind), offset)
	}
	if got != nil {
		t.Errorf("CanonicalJSON(%q): refused, but returned %q", ctShort(in), got)
	}
}

func TestCanonicalValidTable(t *testing.T) {
	for _, tc := range ctValid {
		got, err := CanonicalJSON([]byte(tc.in))
		if err != nil {
			t.Errorf("CanonicalJSON(%q): %v, want %q", tc.in, err, tc.want)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("CanonicalJSON(%q)\ngot  %q\nwant %q", tc.in, got, tc.want)
		}
		again, err := CanonicalJSON(got)
		if err != nil || !bytes.Equal(again, got) {
			t.Errorf("CanonicalJSON(%q) = %q is not a fixed point: %q, %v", tc.in, got, again, err)
		}
	}
}

func TestCanonicalInvalidTable(t *testing.T) {
	for _, tc := range ctInvalid {
		ctCheckRefusal(t, []byte(tc.in), tc.kind, tc.offset)
	}
}

// ctDetailed pairs bad inputs with the exact error CanonicalJSON returns:
// kind, offset and detail. It adds to ctInvalid the inputs that only a
// check of one rule refuses (so that dropping the rule changes the result),
// and it pins the detail of each kind of refusal, which names the offending
// byte: printable ASCII quoted, anything else as its hex value.
var ctDetailed = []struct {
	in     string
	kind   error
	offset int
	detail string
}{
	// The exponent is read capped, not wrapped: 2^64+1 read modulo 2^64 is
	// 1, which would make this 10.
	{`1.0000000000000000000000000000000001e18446744073709551617`, ErrNumberRange, 0, ""},
	{`-1.0000000000000000000000000000000001e18446744073709551617`, ErrNumberRange, 0, ""},
	{`[1.0000000000000000000000000000000001e+18446744073709551617]`, ErrNumberRange, 1, ""},
	// 2^64 read modulo 2^64 is 0, which would make it 1: it is out of range.
	{`1.0000000000000000000000000000000001e18446744073709551616`, ErrNumberRange, 0, ""},

	// A low surrogate never opens a pair, even when another follows it;
	// a high one needs a low one (U+DC00 to U+DFFF) after it.
	{`"\udc00\udc00"`, ErrLoneSurrogate, 1, "low surrogate without a high one before it"},
	{`"\uDFFF\uDFFF"`, ErrLoneSurrogate, 1, "low surrogate without a high one before it"},
	{`"\ud800\ue000"`, ErrLoneSurrogate, 1, "high surrogate without a low one after it"},
	{`"\udbff\uffff"`, ErrLoneSurrogate, 1, "high surrogate without a low one after it"},
	{`"\ud800\udbff"`, ErrLoneSurrogate, 1, "high surrogate without a low one after it"},
	{`"\ud800x"`, ErrLoneSurrogate, 1, "high surrogate without a low one after it"},
	{`"\ud800\n"`, ErrLoneSurrogate, 1, "high surrogate without a low one after it"},
	{`"\ud800\`, ErrUnexpectedEnd, 8, "inside surrogate pair"},
	{`"\ud800`, ErrUnexpectedEnd, 7, "inside surrogate pair"},
	{`"\ud800\udc`, ErrUnexpectedEnd, 11, "inside \\u escape"},
	{`"\ud800\udcxy"`, ErrInvalidString, 11, "unexpected 'x' in \\u escape, want a hex digit"},

	// Escapes: only RFC 8259's eight single-character ones and \u.
	{`"\v"`, ErrInvalidString, 2, "invalid escape character 'v'"},
	{`"a\v"`, ErrInvalidString, 3, "invalid escape character 'v'"},
	{"\"\\\x0b\"", ErrInvalidString, 2, "invalid escape character byte 0x0b"},
	{`"\`, ErrUnexpectedEnd, 2, "inside escape"},
	{`"\u00`, ErrUnexpectedEnd, 5, "inside \\u escape"},
	{`"\u00g0"`, ErrInvalidString, 5, "unexpected 'g' in \\u escape, want a hex digit"},
	{`"\u00G0"`, ErrInvalidString, 5, "unexpected 'G' in \\u escape, want a hex digit"},
	{`"\u/000"`, ErrInvalidString, 3, "unexpected '/' in \\u escape, want a hex digit"},
	{`"\u:000"`, ErrInvalidString, 3, "unexpected ':' in \\u escape, want a hex digit"},
	{`"\u@000"`, ErrInvalidString, 3, "unexpected '@' in \\u escape, want a hex digit"},
	{"\"\\u`000\"", ErrInvalidString, 3, "unexpected '`' in \\u escape, want a hex digit"},

	// Strings: raw control characters and the end of the input.
	{"\"\x1f\"", ErrInvalidString, 1, "raw control character byte 0x1f, must be escaped"},
	{"\"\n\"", ErrInvalidString, 1, "raw control character byte 0x0a, must be escaped"},
	{"\"\x00\"", ErrInvalidString, 1, "raw control character byte 0x00, must be escaped"},
	{`"ab`, ErrUnexpectedEnd, 3, "inside string"},

	// UTF-8: lead bytes that cannot start a character (continuation bytes,
	// the overlong leads C0 and C1, and F5 to FF), and bytes that cannot
	// follow a lead, with the ranges of the Unicode Standard's table 3-7.
	{"\"\xc0\xaf\"", ErrInvalidUTF8, 1, "byte 0xc0 cannot start a character"},
	{"\"\xc1\xbf\"", ErrInvalidUTF8, 1, "byte 0xc1 cannot start a character"},
	{"\"\xc0\x80\"", ErrInvalidUTF8, 1, "byte 0xc0 cannot start a character"},
	{"\"\x80\"", ErrInvalidUTF8, 1, "byte 0x80 cannot start a character"},
	{"\"\xbf\"", ErrInvalidUTF8, 1, "byte 0xbf cannot start a character"},
	{"\"\xf5\x80\x80\x80\"", ErrInvalidUTF8, 1, "byte 0xf5 cannot start a character"},
	{"\"\xff\"", ErrInvalidUTF8, 1, "byte 0xff cannot start a character"},
	{"\"\xc2\x7f\"", ErrInvalidUTF8, 2, "byte 0x7f after byte 0xc2"},
	{"\"\xc2\xc0\"", ErrInvalidUTF8, 2, "byte 0xc0 after byte 0xc2"},
	{"\"\xdf\x41\"", ErrInvalidUTF8, 2, "'A' after byte 0xdf"},
	{"\"\xe0\x9f\x80\"", ErrInvalidUTF8, 2, "byte 0x9f after byte 0xe0"},
	{"\"\xe1\x80\xc0\"", ErrInvalidUTF8, 3, "byte 0xc0 after byte 0xe1"},
	{"\"\xed\xa0\x80\"", ErrInvalidUTF8, 2, "byte 0xa0 after byte 0xed"},
	{"\"\xee\x7f\x80\"", ErrInvalidUTF8, 2, "byte 0x7f after byte 0xee"},
	{"\"\xef\xbf\x7f\"", ErrInvalidUTF8, 3, "byte 0x7f after byte 0xef"},
	{"\"\xf0\x8f\x80\x80\"", ErrInvalidUTF8, 2, "byte 0x8f after byte 0xf0"},
	{"\"\xf1\x80\x80\xc0\"", ErrInvalidUTF8, 4, "byte 0xc0 after byte 0xf1"},
	{"\"\xf4\x90\x80\x80\"", ErrInvalidUTF8, 2, "byte 0x90 after byte 0xf4"},
	{"\"\xf4\x8f\xc0\x80\"", ErrInvalidUTF8, 3, "byte 0xc0 after byte 0xf4"},
	{"\"\xf0\x9f\x98", ErrUnexpectedEnd, 4, "inside a UTF-8 sequence"},
	{"\"\xdf", ErrUnexpectedEnd, 2, "inside a UTF-8 sequence"},

	// Numbers.
	{`-`, ErrUnexpectedEnd, 1, "inside number"},
	{`1.`, ErrUnexpectedEnd, 2, "inside number, want a digit"},
	{`1e+`, ErrUnexpectedEnd, 3, "inside number, want a digit"},
	{`-x`, ErrInvalidNumber, 1, "unexpected 'x', want a digit"},
	{`1.x`, ErrInvalidNumber, 2, "unexpected 'x', want a digit"},
	{`1e/`, ErrInvalidNumber, 2, "unexpected '/', want a digit"},
	{`1e:`, ErrInvalidNumber, 2, "unexpected ':', want a digit"},
	{`01`, ErrInvalidNumber, 1, "unexpected '1' in number"},
	{`1_0`, ErrInvalidNumber, 1, "unexpected '_' in number"},
	{`1.5.2`, ErrInvalidNumber, 3, "unexpected '.' in number"},
	{`1e5+`, ErrInvalidNumber, 3, "unexpected '+' in number"},
	{`1-`, ErrInvalidNumber, 1, "unexpected '-' in number"},
	{`+1`, ErrInvalidNumber, 0, "a number starts with '-' or a digit"},
	{`.5`, ErrInvalidNumber, 0, "a number starts with '-' or a digit"},
	{`1e309`, ErrNumberRange, 0, ""},
	{`1` + strings.Repeat("0", 309), ErrNumberRange, 0, ""},
	{`9007199254740993`, ErrUnsafeInteger, 0, "a double reads it as 9007199254740992"},
	{`-9007199254740995`, ErrUnsafeInteger, 0, "a double reads it as -9007199254740996"},

	// Grammar.
	{``, ErrUnexpectedEnd, 0, "want a value"},
	{`x`, ErrSyntax, 0, "unexpected 'x', want a value"},
	{"\x7f", ErrSyntax, 0, "unexpected byte 0x7f, want a value"},
	{"~", ErrSyntax, 0, "unexpected '~', want a value"},
	{" ", ErrUnexpectedEnd, 1, "want a value"},
	{`tr`, ErrUnexpectedEnd, 2, "inside true"},
	{`fa1se`, ErrSyntax, 2, "unexpected '1' in literal false"},
	{`nullx`, ErrSyntax, 4, "unexpected 'x' after literal null"},
	// A literal or number runs into the letters, digits and '_' at either
	// end of their ranges; the bytes beside those ranges are data after it.
	{`truea`, ErrSyntax, 4, "unexpected 'a' after literal true"},
	{`truez`, ErrSyntax, 4, "unexpected 'z' after literal true"},
	{`falseA`, ErrSyntax, 5, "unexpected 'A' after literal false"},
	{`falseZ`, ErrSyntax, 5, "unexpected 'Z' after literal false"},
	{`null0`, ErrSyntax, 4, "unexpected '0' after literal null"},
	{`null9`, ErrSyntax, 4, "unexpected '9' after literal null"},
	{`true_`, ErrSyntax, 4, "unexpected '_' after literal true"},
	{`1a`, ErrInvalidNumber, 1, "unexpected 'a' in number"},
	{`1Z`, ErrInvalidNumber, 1, "unexpected 'Z' in number"},
	{"true`", ErrTrailingData, 4, "unexpected '`'"},
	{`true{`, ErrTrailingData, 4, "unexpected '{'"},
	{`true@`, ErrTrailingData, 4, "unexpected '@'"},
	{`true[`, ErrTrailingData, 4, "unexpected '['"},
	{`true/`, ErrTrailingData, 4, "unexpected '/'"},
	{`true:`, ErrTrailingData, 4, "unexpected ':'"},
	{`true^`, ErrTrailingData, 4, "unexpected '^'"},
	{`[1`, ErrUnexpectedEnd, 2, "inside array, want ',' or ']'"},
	{`[1:`, ErrSyntax, 2, "unexpected ':' in array, want ',' or ']'"},
	{`{`, ErrUnexpectedEnd, 1, "inside object, want a member name"},
	{`{1`, ErrSyntax, 1, "unexpected '1' in object, want a member name"},
	{`{"a"`, ErrUnexpectedEnd, 4, "inside object, want ':'"},
	{`{"a",`, ErrSyntax, 4, "unexpected ',' after member name, want ':'"},
	{`{"a":1`, ErrUnexpectedEnd, 6, "inside object, want ',' or '}'"},
	{`{"a":1]`, ErrSyntax, 6, "unexpected ']' in object, want ',' or '}'"},
	{`1 2`, ErrTrailingData, 2, "unexpected '2'"},
	{"1\x00", ErrTrailingData, 1, "unexpected byte 0x00"},
	{strings.Repeat("[", MaxJSONDepth+1), ErrTooDeep, MaxJSONDepth, "more than 10000 levels"},

	// Duplicate names: the detail quotes the unescaped name.
	{`{"a\n":1,"a\u000a":2}`, ErrDuplicateName, 9, `"a\n"`},
	{`{"\u00e9":1,"é":2}`, ErrDuplicateName, 12, `"é"`},
}

func TestCanonicalDetailedTable(t *testing.T) {
	for _, tc := range ctDetailed {
		ctCheckRefusal(t, []byte(tc.in), tc.kind, tc.offset)
		var je *JSONError
		if _, err := CanonicalJSON([]byte(tc.in)); errors.As(err, &je) && je.Detail != tc.detail {
			t.Errorf("CanonicalJSON(%q): detail %q, want %q", ctShort([]byte(tc.in)), je.Detail, tc.detail)
		}
	}
}

// ---------------------------------------------------------------------------
// Append forms

func TestAppendCanonicalJSON(t *testing.T) {
	const prefix = "prefix:"
	for _, tc := range ctValid {
		dst := []byte(prefix)
		got, err := AppendCanonicalJSON(dst, []byte(tc.in))
		if err != nil || string(got) != prefix+tc.want {
			t.Errorf("AppendCanonicalJSON(%q, %q) = %q, %v, want %q", prefix, tc.in, got, err, prefix+tc.want)
		}
		// With spare capacity the result extends dst in place.
		dst = make([]byte, len(prefix), len(prefix)+len(tc.want)+64)
		copy(dst, prefix)
		got, err = AppendCanonicalJSON(dst, []byte(tc.in))
		if err != nil || string(got) != prefix+tc.want {
			t.Errorf("AppendCanonicalJSON(cap, %q) = %q, %v, want %q", tc.in, got, err, prefix+tc.want)
		} else if &got[0] != &dst[0] {
			t.Errorf("AppendCanonicalJSON(cap, %q) reallocated although dst had room", tc.in)
		}
		// A nil dst.
		got, err = AppendCanonicalJSON(nil, []byte(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("AppendCanonicalJSON(nil, %q) = %q, %v, want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range ctInvalid {
		for _, spare := range []int{0, 64} {
			dst := make([]byte, len(prefix), len(prefix)+spare)
			copy(dst, prefix)
			got, err := AppendCanonicalJSON(dst, []byte(tc.in))
			_, want := CanonicalJSON([]byte(tc.in))
			if want != nil && !ctSameError(err, want) {
				t.Errorf("AppendCanonicalJSON(%q): error %v; CanonicalJSON said %v", tc.in, err, want)
			}
			if string(got) != prefix || len(got) != len(prefix) {
				t.Errorf("AppendCanonicalJSON(%q, %q) refused but returned %q, want dst unchanged", prefix, tc.in, got)
			}
		}
		got, err := AppendCanonicalJSON(nil, []byte(tc.in))
		if err == nil || len(got) != 0 {
			t.Errorf("AppendCanonicalJSON(nil, %q) = %q, %v, want empty and an error", tc.in, got, err)
		}
	}
}

// TestCanonicalJSONInputUntouched checks that the input is neither modified
// nor aliased by the result.
func TestCanonicalJSONInputUntouched(t *testing.T) {
	in := []byte(`{"b":"\u0041","a":[1.0,2e0]}`)
	orig := append([]byte(nil), in...)
	got, err := CanonicalJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(in, orig) {
		t.Errorf("input modified: %q", in)
	}
	if string(got) != `{"a":[1,2],"b":"A"}` {
		t.Errorf("got %q", got)
	}
	canonicalIn := []byte(`{"a":1}`)
	got, err = CanonicalJSON(canonicalIn)
	if err != nil {
		t.Fatal(err)
	}
	got[0] = 'X'
	if canonicalIn[0] != '{' {
		t.Error("the result of CanonicalJSON aliases its input")
	}
}

// TestCanonicalResultsIndependent keeps every result while more calls run,
// refused ones among them, and checks that no result changes afterwards.
func TestCanonicalResultsIndependent(t *testing.T) {
	var results [][]byte
	var wants []string
	for i, tc := range ctValid {
		got, err := CanonicalJSON([]byte(tc.in))
		if err != nil {
			continue
		}
		results = append(results, got)
		wants = append(wants, tc.want)
		bad := ctInvalid[i%len(ctInvalid)]
		if _, err := CanonicalJSON([]byte(bad.in)); err == nil {
			t.Errorf("CanonicalJSON(%q) accepted", bad.in)
		}
		if _, err := JSONKey([]byte(bad.in)); err == nil {
			t.Errorf("JSONKey(%q) accepted", bad.in)
		}
		if _, err := JSONKey([]byte(tc.in)); err != nil {
			t.Errorf("JSONKey(%q): %v", tc.in, err)
		}
	}
	for i, r := range results {
		if string(r) != wants[i] {
			t.Errorf("result %d changed after later calls: %q, want %q", i, r, wants[i])
		}
	}
}

// TestCanonicalConcurrent runs the corpus from several goroutines at once
// (run it with -race).
func TestCanonicalConcurrent(t *testing.T) {
	docs := ctLoadCorpus(t)
	const workers = 8
	errs := make(chan string, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				d := docs[i]
				for _, in := range d.Inputs {
					got, err := CanonicalJSON([]byte(in))
					if err != nil || string(got) != d.Canonical {
						errs <- "CanonicalJSON(" + in + ") = " + string(got) + ", want " + d.Canonical
						return
					}
					k, err := JSONKey([]byte(in))
					if err != nil || k != Sha256Hex([]byte(d.Canonical)) {
						errs <- "JSONKey(" + in + ") = " + k
						return
					}
				}
				if _, err := CanonicalJSON([]byte(`{"a":1,"a":2}`)); err == nil {
					errs <- "duplicate accepted"
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// ---------------------------------------------------------------------------
// Spare capacity

// ctSpareDocs end in what the canonicalizer reads last: short names close
// to the end of small objects (sorted by insertion), of large ones (sorted
// by keys), of a run of names that share 8 bytes and end within the next 8,
// and of objects whose order is remembered; escaped names; strings,
// escapes, numbers and literals; and refused inputs cut short.
func ctSpareDocs() []string {
	docs := []string{
		`{"b":1,"a":2}`, `{"b":1,"a":2} `, `{"bb":1,"a":2}`, `{"b":1,"ab":[]}`,
		`{"c":0,"b":1,"a":{}}`, `[{"b":1,"a":2}]`, `{"z":{"y":1,"x":2}}`,
		`{"é":1,"a":2}`, "{\"\ue000\":1,\"\U0001f600\":2}", `{"a!":1,"a":2}`,
		`{"b":1,"\u0061":2}`, `{"b":1,"\u00e9":2,"a\"":3}`, `{"b":1,"a\n":2}`,
		`[{"e":1,"d":2,"c":3,"b":4,"a":5},{"e":1,"d":2,"c":3,"b":4,"a":5}]`,
		`"abc"`, `"abcdefghijk"`, `"a\u00e9"`, `"x\n"`, `"\ud83d\ude00"`, `"\/"`,
		`"ab\u0041"`, `["\u0041"]`, `"é"`, `""`,
		`1`, `-0`, `12345678`, `1234567890123456789`, `1.5e3`, `0.1`, `1E+2`,
		`9007199254740993`, `[1,12345678]`, `true`, `null`, `[false]`,
		`{"b":1,"a"`, `{"b":1,"a":2`, `{"b":1,"a":`, `"abc`, `"\u004`, `"\ud83d\ude0`,
		`"\`, `[1,`, `tru`, `1.`, `1e`, `{"a":1,"a":2}`, "\"\xe2\x82",
	}
	// Objects of more than smallObject members, the last names short.
	var large, run strings.Builder
	large.WriteByte('{')
	run.WriteByte('{')
	for i := 19; i >= 0; i-- {
		fmt.Fprintf(&large, `"k%02d":%d,`, i, i)
		fmt.Fprintf(&run, `"k%02d":%d,`, i, i)
	}
	large.WriteString(`"b":1,"a":2}`)
	run.WriteString(`"prefix__c":1,"prefix__b":2,"prefix__a":3}`)
	return append(docs, large.String(), run.String())
}

// ctSpareResults returns what CanonicalJSON, AppendCanonicalJSON and
// JSONKey give for in.
func ctSpareResults(in []byte) string {
	out, err := CanonicalJSON(in)
	app, appErr := AppendCanonicalJSON([]byte("dst:"), in)
	key, keyErr := JSONKey(in)
	return fmt.Sprintf("%q %v | %q %v | %s %v", out, err, app, appErr, key, keyErr)
}

// The canonicalizer reads no byte of its input past len(data): input
// followed by spare capacity that holds bytes that would change the result
// if read gives the results of the same input without spare capacity; so
// does input whose spare capacity lies in a page that cannot be read
// (where mmap allows), without a fault; and so does input whose spare
// capacity another goroutine writes all along, without a data race (run
// with -race, which reports one on any read of that capacity).
func TestCanonicalSpareCapacity(t *testing.T) {
	for _, doc := range ctSpareDocs() {
		want := ctSpareResults(ctWithSpare(doc, 0, 0)) // cap == len
		for _, fill := range []byte{0, 1, '"', '\\', ':', '9', 'z', 0x80, 0xff} {
			if got := ctSpareResults(ctWithSpare(doc, 64, fill)); got != want {
				t.Errorf("%q followed by spare capacity of %#x bytes:\n got %s\nwant %s", doc, fill, got, want)
			}
		}

		if buf, free, ok := guarded([]byte(doc), 64); ok {
			ctNoFault(t, doc, func() {
				if got := ctSpareResults(buf); got != want {
					t.Errorf("%q followed by a page that cannot be read:\n got %s\nwant %s", doc, got, want)
				}
			})
			free()
		}

		buf := ctWithSpare(doc, 64, 0)
		ctWhileWritten(func() bool {
			if got := ctSpareResults(buf); got != want {
				t.Errorf("%q while another goroutine writes its spare capacity:\n got %s\nwant %s", doc, got, want)
				return false
			}
			return true
		}, buf[len(buf):cap(buf)])
	}

	// The fuzz targets' seeds, and every prefix of the valid table's
	// inputs, so that each kind of value is cut short at each of its
	// bytes, before a page that cannot be read.
	ins := ctFuzzSeeds(t)
	for _, tc := range ctValid {
		for k := range len(tc.in) {
			ins = append(ins, []byte(tc.in[:k]))
		}
	}
	for _, in := range ins {
		buf, free, ok := guarded(in, 64)
		if !ok {
			break
		}
		want := ctSpareResults(in[:len(in):len(in)])
		ctNoFault(t, string(in), func() {
			if got := ctSpareResults(buf); got != want {
				t.Errorf("%q followed by a page that cannot be read:\n got %s\nwant %s", in, got, want)
			}
		})
		free()
	}
}

// ---------------------------------------------------------------------------
// Allocations

func TestCanonicalAllocs(t *testing.T) {
	ctSkipAllocs(t)
	names, bodies := ctBodies(t)
	for i, body := range bodies {
		want, err := CanonicalJSON(body)
		if err != nil {
			t.Errorf("%s: %v", names[i], err)
			continue
		}
		dst := make([]byte, 0, len(want)+64)
		runs := 50
		if len(body) > 1<<20-1 {
			runs = 10
		}
		n := ctAllocs(runs, func() {
			if _, err := AppendCanonicalJSON(dst[:0], body); err != nil {
				panic(err)
			}
		})
		if n != 0 {
			t.Errorf("AppendCanonicalJSON(%s, %d bytes) with room in dst: %v allocations, want 0", names[i], len(body), n)
		}
		t.Logf("AppendCanonicalJSON(%s): %v allocations", names[i], n)
	}

	// 200,000 values: well past the point where a per-value allocation
	// would show, and within the pooled scratch limit the docs state.
	small, large := ctManyValues(10), ctManyValues(200000)
	count := func(doc []byte) float64 {
		want, err := CanonicalJSON(doc)
		if err != nil {
			t.Fatal(err)
		}
		dst := make([]byte, 0, len(want)+64)
		return ctAllocs(20, func() {
			if _, err := AppendCanonicalJSON(dst[:0], doc); err != nil {
				panic(err)
			}
		})
	}
	ns, nl := count(small), count(large)
	t.Logf("AppendCanonicalJSON: %v allocations for 10 values, %v for 200000", ns, nl)
	if ns != nl {
		t.Errorf("AppendCanonicalJSON: %v allocations for 10 values but %v for 200000: allocations grow with the document", ns, nl)
	}
	if ns != 0 {
		t.Errorf("AppendCanonicalJSON: %v allocations with room in dst, want 0", ns)
	}
}

// ---------------------------------------------------------------------------
// Fuzzing

func ctFuzzSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	for _, tc := range ctValid {
		seeds = append(seeds, []byte(tc.in))
	}
	for _, tc := range ctInvalid {
		seeds = append(seeds, []byte(tc.in))
	}
	paths, _ := filepath.Glob("testdata/rfc8785/*.json")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			seeds = append(seeds, b)
		}
	}
	docs := ctLoadCorpus(tb)
	for i := 0; i < len(docs); i += 25 {
		for _, in := range docs[i].Inputs {
			seeds = append(seeds, []byte(in))
		}
	}
	_, bodies := ctBodies(tb)
	for _, b := range bodies {
		if len(b) <= 16<<10 {
			seeds = append(seeds, b)
		}
	}
	seeds = append(seeds, []byte(ctNested(50, true)), ctManyValues(20))
	return seeds
}

// ctNormalize turns -0 into 0 throughout a value from encoding/json.
func ctNormalize(v any) any {
	switch x := v.(type) {
	case float64:
		if x == 0 {
			return 0.0
		}
		return x
	case []any:
		for i := range x {
			x[i] = ctNormalize(x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = ctNormalize(x[k])
		}
		return x
	}
	return v
}

// ctWhitespaceOutsideStrings reports whether b has a JSON whitespace byte
// outside its strings.
func ctWhitespaceOutsideStrings(b []byte) bool {
	in, esc := false, false
	for _, c := range b {
		switch {
		case in && esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case !in && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return true
		}
	}
	return false
}

// ctRefusableWhenValid lists the kinds of error CanonicalJSON may report for
// input that json.Valid accepts: json.Valid checks only the grammar (and
// the depth), not the names, the numbers' range, the escapes' pairing or the
// UTF-8.
var ctRefusableWhenValid = []error{
	ErrDuplicateName, ErrUnsafeInteger, ErrNumberRange, ErrLoneSurrogate, ErrInvalidUTF8, ErrTooDeep,
}

func FuzzCanonicalJSON(f *testing.F) {
	for _, s := range ctFuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := append([]byte(nil), data...)
		out, err := CanonicalJSON(data)
		if !bytes.Equal(data, orig) {
			t.Fatalf("CanonicalJSON modified its input")
		}
		if err != nil {
			var je *JSONError
			if !errors.As(err, &je) {
				t.Fatalf("CanonicalJSON(%q): error %v (%T) is not a *JSONError", data, err, err)
			}
			known := false
			for _, k := range ctKinds {
				if je.Err == k {
					known = true
				}
			}
			if !known || !errors.Is(err, je.Err) {
				t.Fatalf("CanonicalJSON(%q): unknown error kind %v", data, je.Err)
			}
			if je.Offset < 0 || je.Offset > len(data) {
				t.Fatalf("CanonicalJSON(%q): offset %d outside [0, %d]", data, je.Offset, len(data))
			}
			if je.Err == ErrUnexpectedEnd && je.Offset != len(data) {
				t.Fatalf("CanonicalJSON(%q): ErrUnexpectedEnd at offset %d, want %d", data, je.Offset, len(data))
			}
			if json.Valid(data) {
				ok := false
				for _, k := range ctRefusableWhenValid {
					if je.Err == k {
						ok = true
					}
				}
				if !ok {
					t.Fatalf("CanonicalJSON(%q) refused with %v, but encoding/json accepts the syntax", data, err)
				}
			}
			if out != nil {
				t.Fatalf("CanonicalJSON(%q) refused but returned %q", data, out)
			}
			dst := []byte("prefix")
			got, err2 := AppendCanonicalJSON(dst, data)
			if err2 == nil || err2.Error() != err.Error() || string(got) != "prefix" {
				t.Fatalf("AppendCanonicalJSON(%q) = %q, %v; CanonicalJSON said %v", data, got, err2, err)
			}
			return
		}

		if !json.Valid(data) {
			t.Fatalf("CanonicalJSON(%q) accepted input that json.Valid refuses: %q", data, out)
		}
		if !json.Valid(out) {
			t.Fatalf("CanonicalJSON(%q) = %q, which is not valid JSON", data, out)
		}
		if err := ctCheckShape(out); err != nil {
			t.Fatalf("CanonicalJSON(%q) = %q is not canonical: %v", data, out, err)
		}
		again, err := CanonicalJSON(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("CanonicalJSON(%q) = %q is not a fixed point: %q, %v", data, out, again, err)
		}
		var vin, vout any
		if err := json.Unmarshal(data, &vin); err != nil {
			t.Fatalf("encoding/json cannot decode accepted input %q: %v", data, err)
		}
		if err := json.Unmarshal(out, &vout); err != nil {
			t.Fatalf("encoding/json cannot decode output %q: %v", out, err)
		}
		if !reflect.DeepEqual(ctNormalize(vin), ctNormalize(vout)) {
			t.Fatalf("CanonicalJSON(%q) = %q decodes to a different value", data, out)
		}
		got, err := AppendCanonicalJSON([]byte("prefix"), data)
		if err != nil || string(got) != "prefix"+string(out) {
			t.Fatalf("AppendCanonicalJSON(%q) = %q, %v, want prefix%q", data, got, err, out)
		}
		k, err := JSONKey(data)
		if err != nil || k != Sha256Hex(out) {
			t.Fatalf("JSONKey(%q) = %s, %v, want %s", data, k, err, Sha256Hex(out))
		}
	})
}

// ctCheckString checks that the string token tok (with its quotes) is in
// RFC 8785 form: valid UTF-8, escapes only for '"', '\\' and the controls,
// with the short escapes where JSON has them and \u00xx (lowercase) for the
// other controls.
func ctCheckString(tok []byte) error {
	if !utf8.Valid(tok) {
		return errors.New("invalid UTF-8 in " + string(tok))
	}
	body := tok[1 : len(tok)-1]
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c < 0x20 || c == '"':
			return errors.New("unescaped control or quote in " + strconv.Quote(string(tok)))
		case c == '\\':
			i++
			switch body[i] {
			case '"', '\\', 'b', 'f', 'n', 'r', 't':
			case 'u':
				h := string(body[i+1 : i+5])
				v, err := strconv.ParseUint(h, 16, 16)
				if err != nil || v >= 0x20 || h != strings.ToLower(h) ||
					v == '\b' || v == '\f' || v == '\n' || v == '\r' || v == '\t' {
					return errors.New("escape \\u" + h + " in " + strconv.Quote(string(tok)))
				}
				i += 4
			default:
				return errors.New("escape \\" + string(body[i]) + " in " + strconv.Quote(string(tok)))
			}
		}
	}
	return nil
}

// ctCheckShape checks canonical output against RFC 8785 independently of
// the code under test: member names in strictly increasing UTF-16 order,
// numbers in String(x) form, strings in canonical form, no whitespace.
func ctCheckShape(out []byte) error {
	if ctWhitespaceOutsideStrings(out) {
		return errors.New("whitespace outside strings")
	}
	var walk func(v *ctValue) error
	walk = func(v *ctValue) error {
		switch {
		case v.isObj:
			prev := ""
			for i, raw := range v.names {
				if err := ctCheckString(raw); err != nil {
					return err
				}
				var name string
				if err := json.Unmarshal(raw, &name); err != nil {
					return err
				}
				if i > 0 && utf16Compare(prev, name) >= 0 {
					return errors.New("members out of order: " + strconv.Quote(prev) + " then " + strconv.Quote(name))
				}
				prev = name
			}
			fallthrough
		case v.isArr:
			for _, m := range v.members {
				if err := walk(m); err != nil {
					return err
				}
			}
			return nil
		}
		switch tok := string(v.raw); {
		case tok == "true" || tok == "false" || tok == "null":
			return nil
		case tok[0] == '"':
			return ctCheckString(v.raw)
		default:
			f, err := strconv.ParseFloat(tok, 64)
			if err != nil {
				return err
			}
			if want := ctESNumber(f); tok != want {
				return errors.New("number " + tok + ", want " + want)
			}
			return nil
		}
	}
	return walk(ctParse(out))
}

// ctInsertWhitespace copies the valid JSON text in, inserting random
// whitespace around every structural character; strings are copied
// untouched.
func ctInsertWhitespace(in []byte, r *ctRand) []byte {
	out := r.whitespace(nil)
	inString, esc := false, false
	for _, c := range in {
		if inString {
			out = append(out, c)
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			out = append(out, c)
		case '{', '}', '[', ']', ',', ':':
			out = r.whitespace(out)
			out = append(out, c)
			out = r.whitespace(out)
		default:
			out = append(out, c)
		}
	}
	return r.whitespace(out)
}

// ctValue is a parsed JSON value that keeps its raw tokens: a scalar's bytes,
// a member name's bytes with the quotes.
type ctValue struct {
	raw     []byte // scalars
	isObj   bool
	isArr   bool
	names   [][]byte
	members []*ctValue
}

// ctParse parses valid JSON text (it does no validation of its own).
func ctParse(in []byte) *ctValue {
	i := 0
	var val func() *ctValue
	skip := func() {
		for i < len(in) && (in[i] == ' ' || in[i] == '\t' || in[i] == '\n' || in[i] == '\r') {
			i++
		}
	}
	str := func() []byte {
		start := i
		i++
		for in[i] != '"' {
			if in[i] == '\\' {
				i++
			}
			i++
		}
		i++
		return in[start:i]
	}
	val = func() *ctValue {
		skip()
		v := &ctValue{}
		switch in[i] {
		case '{':
			v.isObj = true
			i++
			skip()
			if in[i] == '}' {
				i++
				return v
			}
			for {
				skip()
				name := str()
				skip()
				i++ // ':'
				v.names = append(v.names, name)
				v.members = append(v.members, val())
				skip()
				if in[i] == '}' {
					i++
					return v
				}
				i++ // ','
			}
		case '[':
			v.isArr = true
			i++
			skip()
			if in[i] == ']' {
				i++
				return v
			}
			for {
				v.members = append(v.members, val())
				skip()
				if in[i] == ']' {
					i++
					return v
				}
				i++ // ','
			}
		case '"':
			v.raw = str()
		default:
			start := i
			for i < len(in) && !strings.ContainsRune(" \t\n\r,:]}", rune(in[i])) {
				i++
			}
			v.raw = in[start:i]
		}
		return v
	}
	return val()
}

// ctWrite writes v with the members of every object in reverse order.
func ctWrite(dst []byte, v *ctValue) []byte {
	switch {
	case v.isObj:
		dst = append(dst, '{')
		for j := len(v.members) - 1; j >= 0; j-- {
			dst = append(dst, v.names[j]...)
			dst = append(dst, ':')
			dst = ctWrite(dst, v.members[j])
			if j > 0 {
				dst = append(dst, ',')
			}
		}
		return append(dst, '}')
	case v.isArr:
		dst = append(dst, '[')
		for j, m := range v.members {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = ctWrite(dst, m)
		}
		return append(dst, ']')
	}
	return append(dst, v.raw...)
}

func FuzzCanonicalWhitespace(f *testing.F) {
	for i, s := range ctFuzzSeeds(f) {
		f.Add(s, uint64(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		want, err := CanonicalJSON(data)
		if err != nil {
			return
		}
		r := ctRand(seed)
		spaced := ctInsertWhitespace(data, &r)
		reversed := ctWrite(nil, ctParse(data))
		both := ctInsertWhitespace(reversed, &r)
		for _, in := range [][]byte{spaced, reversed, both} {
			got, err := CanonicalJSON(in)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("CanonicalJSON(%q) = %q\nbut CanonicalJSON(%q) = %q, %v", data, want, in, got, err)
			}
		}
	})
}

// TestCanonicalRespellings runs the whitespace and member-order respelling
// of the fuzz target over the tables and the corpus, so that the helpers
// themselves are exercised by go test.
func TestCanonicalRespellings(t *testing.T) {
	seeds := ctFuzzSeeds(t)
	seeds = append(seeds, []byte(ctNested(MaxJSONDepth, true)))
	checked := 0
	for i, data := range seeds {
		want, err := CanonicalJSON(data)
		if err != nil {
			continue
		}
		if err := ctCheckShape(want); err != nil {
			t.Errorf("CanonicalJSON(%q) = %q is not canonical: %v", ctShort(data), ctShort(want), err)
		}
		r := ctRand(i)
		reversed := ctWrite(nil, ctParse(data))
		for _, in := range [][]byte{ctInsertWhitespace(data, &r), reversed, ctInsertWhitespace(reversed, &r)} {
			got, err := CanonicalJSON(in)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("CanonicalJSON(%q) = %q\nbut CanonicalJSON(%q) = %q, %v", ctShort(data), want, ctShort(in), got, err)
			}
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("only %d accepted seeds", checked)
	}
}

// ---------------------------------------------------------------------------
// Benchmarks

func BenchmarkCanonicalJSON(b *testing.B) {
	names, bodies := ctBodies(b)
	for i, body := range bodies {
		body := body
		b.Run(names[i], func(b *testing.B) {
			dst, err := CanonicalJSON(body)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				dst, err = AppendCanonicalJSON(dst[:0], body)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkJSONValid(b *testing.B) {
	names, bodies := ctBodies(b)
	for i, body := range bodies {
		body := body
		b.Run(names[i], func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for n := 0; n < b.N; n++ {
				if !json.Valid(body) {
					b.Fatal("invalid")
				}
			}
		})
	}
}
