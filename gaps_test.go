package agentidemp

import (
	"errors"
	"strings"
	"testing"
)

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
