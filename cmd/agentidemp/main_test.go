package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/agentidemp/agentidemp-go"
)

// binary is the command, built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "agentidemp-cmd-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "agentidemp")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	// go test puts its own toolchain's bin directory first in PATH.
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the command: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs the command with args, stdin (nil: an empty pipe) as standard
// input, and returns what it wrote and its exit status.
func run(t *testing.T, stdin []byte, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	return wait(t, cmd)
}

// runFile runs the command with the file at path as standard input, as the
// shell does for "< path".
func runFile(t *testing.T, path string, args ...string) result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = f
	return wait(t, cmd)
}

func wait(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%v: %v", cmd.Args, err)
		}
		r.code = ee.ExitCode()
	}
	return r
}

// wantKey checks that r is a success that printed key and a newline.
func wantKey(t *testing.T, what string, r result, key string) {
	t.Helper()
	if r.code != 0 || r.stdout != key+"\n" || r.stderr != "" {
		t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 0, stdout %q", what, r.code, r.stdout, r.stderr, key+"\n")
	}
}

// writeTemp writes data to a new file in a test's temporary directory.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// vectorBytes is a byte string of testdata/vectors.json: {"utf8": s} or
// {"hex": h}.
type vectorBytes []byte

func (v *vectorBytes) UnmarshalJSON(b []byte) error {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if len(m) != 1 {
		return fmt.Errorf("byte string with %d members", len(m))
	}
	if s, ok := m["utf8"]; ok {
		*v = []byte(s)
		return nil
	}
	if h, ok := m["hex"]; ok {
		b, err := hex.DecodeString(h)
		*v = b
		return err
	}
	return fmt.Errorf("byte string %s", b)
}

type vectors struct {
	Sha256Hex []struct {
		Content vectorBytes
		Key     string
	} `json:"sha256_hex"`
	ScopedSha256Hex []struct {
		Scope, Content vectorBytes
		Key            string
	} `json:"scoped_sha256_hex"`
	ScopedKey []struct {
		Scope vectorBytes
		Parts []vectorBytes
		Key   string
	} `json:"scoped_key"`
	UUID5 []struct {
		Namespace string
		Name      vectorBytes
		Key       string
	} `json:"uuid5"`
	Namespaces []struct {
		Name, UUID string
	} `json:"namespaces"`
}

func loadVectors(t *testing.T) *vectors {
	t.Helper()
	data, err := os.ReadFile("../../testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Sha256Hex) == 0 || len(v.ScopedSha256Hex) == 0 || len(v.ScopedKey) == 0 || len(v.UUID5) == 0 || len(v.Namespaces) == 0 {
		t.Fatal("testdata/vectors.json: an array is missing or empty")
	}
	return &v
}

// argOK reports whether s can be passed as a command-line argument: the
// operating system ends arguments at a NUL byte.
func argOK(s []byte) bool { return bytes.IndexByte(s, 0) < 0 }

// TestKeyVectors checks key against every sha256_hex row, over a pipe, a
// file argument and a file as standard input.
func TestKeyVectors(t *testing.T) {
	v := loadVectors(t)
	for i, row := range v.Sha256Hex {
		if lib := agentidemp.Sha256Hex(row.Content); lib != row.Key {
			t.Fatalf("row %d: the library gives %s, the vector %s", i, lib, row.Key)
		}
		wantKey(t, fmt.Sprintf("row %d, key < pipe", i), run(t, row.Content, "key"), row.Key)
		path := writeTemp(t, "content", row.Content)
		wantKey(t, fmt.Sprintf("row %d, key FILE", i), run(t, nil, "key", path), row.Key)
		wantKey(t, fmt.Sprintf("row %d, key - < file", i), runFile(t, path, "key", "-"), row.Key)
	}
}

// TestKeyScopedVectors checks key -scope against the scoped_sha256_hex rows
// whose scope can be an argument.
func TestKeyScopedVectors(t *testing.T) {
	v := loadVectors(t)
	used, empty := 0, 0
	for i, row := range v.ScopedSha256Hex {
		if !argOK(row.Scope) {
			continue
		}
		used++
		if lib := agentidemp.ScopedSha256Hex(string(row.Scope), row.Content); lib != row.Key {
			t.Fatalf("row %d: the library gives %s, the vector %s", i, lib, row.Key)
		}
		if len(row.Scope) == 0 {
			// -scope "" is no scope (TestEmptyScope): the empty scope is
			// scoped's, with the content as its one part.
			if argOK(row.Content) {
				empty++
				wantKey(t, fmt.Sprintf("row %d, scoped", i), run(t, nil, "scoped", "", string(row.Content)), row.Key)
			}
			continue
		}
		wantKey(t, fmt.Sprintf("row %d", i), run(t, row.Content, "key", "-scope", string(row.Scope)), row.Key)
	}
	if used < len(v.ScopedSha256Hex)*3/4 || empty == 0 {
		t.Fatalf("only %d of %d rows have scopes without NUL, %d of them the empty scope", used, len(v.ScopedSha256Hex), empty)
	}
}

// TestScopedVectors checks scoped against the scoped_key rows whose scope
// and parts can be arguments.
func TestScopedVectors(t *testing.T) {
	v := loadVectors(t)
	used := 0
	for i, row := range v.ScopedKey {
		args := []string{"scoped", string(row.Scope)}
		ok := argOK(row.Scope)
		for _, p := range row.Parts {
			ok = ok && argOK(p)
			args = append(args, string(p))
		}
		if !ok {
			continue
		}
		used++
		if lib := agentidemp.ScopedKey(args[1], args[2:]...); lib != row.Key {
			t.Fatalf("row %d: the library gives %s, the vector %s", i, lib, row.Key)
		}
		wantKey(t, fmt.Sprintf("row %d", i), run(t, nil, args...), row.Key)
	}
	if used < len(v.ScopedKey)/2 {
		t.Fatalf("only %d of %d rows are free of NUL", used, len(v.ScopedKey))
	}
}

// TestUUID5Vectors checks uuid5 against every uuid5 row, with the name from
// standard input and, where it can be one, as an argument.
func TestUUID5Vectors(t *testing.T) {
	v := loadVectors(t)
	for i, row := range v.UUID5 {
		ns, err := agentidemp.ParseUUID(row.Namespace)
		if err != nil {
			t.Fatal(err)
		}
		if lib := agentidemp.UUID5Key(ns, row.Name); lib != row.Key {
			t.Fatalf("row %d: the library gives %s, the vector %s", i, lib, row.Key)
		}
		wantKey(t, fmt.Sprintf("row %d, name < pipe", i), run(t, row.Name, "uuid5", "-ns", row.Namespace), row.Key)
		if argOK(row.Name) {
			wantKey(t, fmt.Sprintf("row %d, name argument", i), run(t, nil, "uuid5", "-ns", row.Namespace, string(row.Name)), row.Key)
		}
	}
}

// TestUUID5Namespaces checks the -ns names and the default namespace
// against the namespaces rows and the RFC 9562 Appendix A.4 vector.
func TestUUID5Namespaces(t *testing.T) {
	v := loadVectors(t)
	const name = "www.example.com"
	byName := map[string]string{}
	for _, row := range v.Namespaces {
		byName[row.Name] = row.UUID
	}
	for _, flagName := range []string{"dns", "url", "oid", "x500", "URL"} {
		nsUUID := byName[strings.ToUpper(flagName)]
		if nsUUID == "" {
			t.Fatalf("no namespace row for %s", flagName)
		}
		ns, err := agentidemp.ParseUUID(nsUUID)
		if err != nil {
			t.Fatal(err)
		}
		want := agentidemp.UUID5Key(ns, []byte(name))
		wantKey(t, "-ns "+flagName, run(t, nil, "uuid5", "-ns", flagName, name), want)
		wantKey(t, "-ns "+nsUUID, run(t, nil, "uuid5", "-ns", strings.ToUpper(nsUUID), name), want)
	}
	// RFC 9562 Appendix A.4: www.example.com in the DNS namespace; the
	// default namespace is the siblings' NamespaceAnthropic, which is DNS.
	if byName["Anthropic"] != byName["DNS"] {
		t.Fatalf("the vectors' Anthropic namespace is %s, not DNS", byName["Anthropic"])
	}
	wantKey(t, "default namespace", run(t, nil, "uuid5", name), "2ed6657d-e927-568b-95e1-2665a8aea6a2")
	wantKey(t, "-ns dns", run(t, nil, "uuid5", "-ns", "dns", name), "2ed6657d-e927-568b-95e1-2665a8aea6a2")
	// NAME "-" is the name "-", not standard input; an empty NAME is the
	// empty name.
	wantKey(t, `NAME "-"`, run(t, []byte("ignored"), "uuid5", "-"), agentidemp.UUID5Key(agentidemp.NamespaceDNS, []byte("-")))
	wantKey(t, `NAME ""`, run(t, []byte("ignored"), "uuid5", ""), agentidemp.UUID5Key(agentidemp.NamespaceDNS, nil))
}

// The four serializations of one chat request in the README's table (and
// ExampleJSONKey), with their Sha256Hex keys; their JSONKey is the
// siblings' pinned vector, ik_5c181ca05655562a20cd9639a1bea983.
var readmeTable = []struct{ body, sha256Key string }{
	{`{"model": "claude-sonnet-4-20250514", "messages": [{"role": "user", "content": "hi"}]}`, "ik_5289b958188b3fbab8ea5252a03f67fe"},
	{`{"model":"claude-sonnet-4-20250514","messages":[{"role":"user","content":"hi"}]}`, "ik_3fd03aef9c63510a3bfabc23a63b64f8"},
	{`{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}`, "ik_5c181ca05655562a20cd9639a1bea983"},
	{"{\n  \"model\": \"claude-sonnet-4-20250514\",\n  \"messages\": [\n    {\n      \"role\": \"user\",\n      \"content\": \"hi\"\n    }\n  ]\n}", "ik_4fc840ebb2fcb694c04ccc241da6b7f2"},
}

func TestJSONReadmeTable(t *testing.T) {
	const jsonKey = "ik_5c181ca05655562a20cd9639a1bea983"
	const canonical = `{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}`
	for i, row := range readmeTable {
		wantKey(t, fmt.Sprintf("row %d, key", i), run(t, []byte(row.body), "key"), row.sha256Key)
		wantKey(t, fmt.Sprintf("row %d, json", i), run(t, []byte(row.body), "json"), jsonKey)
		path := writeTemp(t, "body.json", []byte(row.body))
		wantKey(t, fmt.Sprintf("row %d, json FILE", i), run(t, nil, "json", path), jsonKey)
		if r := run(t, nil, "canon", path); r.code != 0 || r.stdout != canonical || r.stderr != "" {
			t.Errorf("row %d, canon: exit %d, stdout %q, stderr %q", i, r.code, r.stdout, r.stderr)
		}
		lib, err := agentidemp.JSONKey([]byte(row.body))
		if err != nil || lib != jsonKey || agentidemp.Sha256Hex([]byte(row.body)) != row.sha256Key {
			t.Fatalf("row %d: the library gives %s, %v", i, lib, err)
		}
		// The scoped key of a document is the scoped key of its canonical
		// bytes: computed here with crypto/sha256 alone.
		want := sha256Key([]byte("tenant-42\x00" + canonical))
		wantKey(t, fmt.Sprintf("row %d, json -scope", i), run(t, []byte(row.body), "json", "-scope", "tenant-42"), want)
		if lib, err := agentidemp.ScopedJSONKey("tenant-42", []byte(row.body)); err != nil || lib != want {
			t.Fatalf("row %d: the library gives %s, %v", i, lib, err)
		}
	}
}

// sha256Key is the hex key of b computed with crypto/sha256, without the
// library.
func sha256Key(b []byte) string {
	sum := sha256.Sum256(b)
	return "ik_" + hex.EncodeToString(sum[:16])
}

// The SHA-256 digests of the benchmark bodies and of their canonical forms,
// from testdata/bodies/README.md (computed with Python and Node.js).
var bodies = []struct{ file, fileSHA, canonSHA string }{
	{"chat_1k.json", "00634ee61e36de42bd0cfd4e937dee2e2d194a85664da608db7c2e26e2193d9a", "03737a3810fd9d5e50abd67aa43aba8c0e8d88b500232e9d3e19ac2277e0bbf1"},
	{"agent_10k.json", "a3885b335037823db3e1eb6a6ee9fd269e6917ecdce954cab79bb5b8a4701df8", "7a14ad205479084b9e816ffe4fa1a8be0c80f5bf42200af433ada480a2ae3743"},
	{"agent_150k.json", "72fbb8b88c209912d11e68fac103a3e2d9b7c89798cbe706ddc3c468ac168c22", "e0b41bf44dfc2c825999511b52e01e7bd172024d110c3a2538658db5c3812353"},
	{"image_1m.json", "c22ccd2529be74fc629a5adc935cc170a353bb2135bd0b5a8a265defe2221db5", "615621d5786d69c39d489a48eb02d8a6b4ffa5de8493afaef65bb18dd17c4229"},
}

func TestBodies(t *testing.T) {
	for _, b := range bodies {
		path := filepath.Join("..", "..", "testdata", "bodies", b.file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		wantKey(t, b.file+": key", run(t, nil, "key", path), "ik_"+b.fileSHA[:32])
		wantKey(t, b.file+": json", run(t, nil, "json", path), "ik_"+b.canonSHA[:32])
		wantKey(t, b.file+": json < file", runFile(t, path, "json"), "ik_"+b.canonSHA[:32])
		wantKey(t, b.file+": json < pipe", run(t, data, "json", "-"), "ik_"+b.canonSHA[:32])
		if lib, err := agentidemp.JSONKey(data); err != nil || lib != "ik_"+b.canonSHA[:32] {
			t.Fatalf("%s: the library gives %s, %v", b.file, lib, err)
		}

		r := run(t, nil, "canon", path)
		sum := sha256.Sum256([]byte(r.stdout))
		if r.code != 0 || r.stderr != "" || hex.EncodeToString(sum[:]) != b.canonSHA {
			t.Errorf("%s: canon: exit %d, stderr %q, output of %d bytes with SHA-256 %x, want %s",
				b.file, r.code, r.stderr, len(r.stdout), sum, b.canonSHA)
		}
		lib, err := agentidemp.CanonicalJSON(data)
		if err != nil || string(lib) != r.stdout {
			t.Errorf("%s: canon output differs from CanonicalJSON (%v)", b.file, err)
		}
		// -scope hashes scope, 0x00 and the canonical bytes just checked.
		want := sha256Key(append([]byte("tenant-42\x00"), r.stdout...))
		wantKey(t, b.file+": json -scope", run(t, nil, "json", "-scope", "tenant-42", path), want)
	}
}

// TestCanonRFC8785 checks canon against the examples of RFC 8785 in
// testdata/rfc8785, byte for byte.
func TestCanonRFC8785(t *testing.T) {
	inputs, err := filepath.Glob("../../testdata/rfc8785/*.input.json")
	if err != nil || len(inputs) < 5 {
		t.Fatalf("RFC 8785 examples: %v, %v", inputs, err)
	}
	for _, in := range inputs {
		want, err := os.ReadFile(strings.TrimSuffix(in, ".input.json") + ".expected.json")
		if err != nil {
			t.Fatal(err)
		}
		r := run(t, nil, "canon", in)
		if r.code != 0 || r.stdout != string(want) || r.stderr != "" {
			t.Errorf("%s: exit %d, stderr %q, stdout\n%q\nwant\n%q", in, r.code, r.stderr, r.stdout, want)
		}
	}
}

var randomKeyRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n$`)

func TestRandom(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 4; i++ {
		r := run(t, nil, "random")
		if r.code != 0 || !randomKeyRE.MatchString(r.stdout) || r.stderr != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		if seen[r.stdout] {
			t.Fatalf("the key %q came twice", r.stdout)
		}
		seen[r.stdout] = true
	}
}

// TestVersion checks version against the build information as the go
// command reads it from the binary.
func TestVersion(t *testing.T) {
	out, err := exec.Command("go", "version", "-m", binary).Output()
	if err != nil {
		t.Fatal(err)
	}
	var want string
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(strings.TrimSpace(line), "\t")
		if len(f) >= 3 && f[0] == "mod" && f[1] == "github.com/agentidemp/agentidemp-go" {
			want = f[2]
		}
	}
	if want == "" {
		t.Fatalf("no mod line in go version -m:\n%s", out)
	}
	wantKey(t, "version", run(t, nil, "version"), want)
}

// TestRefused checks the exit status and the exact report of refused JSON:
// NAME:LINE:COLUMN: message, the line, the caret.
func TestRefused(t *testing.T) {
	long := strings.Repeat("0123456789", 12) // 120 bytes
	for _, tc := range []struct {
		name  string
		input string
		want  string // standard error, with NAME for the input's name
	}{
		{"truncated", "{\n  \"model\": \"m\",\n  \"messages\": [\n    {\"role\": \"user\", \"cont",
			"NAME:4:27: unexpected end of JSON input: inside string\n" +
				`    {"role": "user", "cont` + "\n" +
				"                          ^\n"},
		{"truncated after a newline", "{\"a\": [1,\n",
			"NAME:2:1: unexpected end of JSON input: want a value\n" +
				"\n" +
				"^\n"},
		{"duplicate name, tab-indented", "{\n\t\"id\": 1,\n\t\"name\": \"x\",\n\t\"\\u0069d\": 2\n}",
			"NAME:4:2: duplicate JSON member name: \"id\"\n" +
				"\t\"\\u0069d\": 2\n" +
				"\t^\n"},
		{"unsafe integer", "{\"a\": 1,\n \"seed\": 9007199254740993}\n",
			"NAME:2:10: JSON integer beyond 2^53 not in canonical form: a double reads it as 9007199254740992\n" +
				" \"seed\": 9007199254740993}\n" +
				"         ^\n"},
		{"invalid UTF-8 after a tab and valid non-ASCII", "[\"x\",\n\t\"\xc3\xa9t\xff\"]",
			"NAME:2:6: invalid UTF-8 in JSON string: byte 0xff cannot start a character\n" +
				"\t" + `"ét\xff"]` + "\n" +
				"\t" + "   ^\n"},
		{"a prompt in Japanese, cut between characters", "{\"messages\": [{\"content\": \"" + strings.Repeat("日本語の", 20) + "\x1b[2J\"}]}",
			"NAME:1:268: invalid JSON string: raw control character byte 0x1b, must be escaped\n" +
				"..." + strings.Repeat("日本語の", 8)[6:] + `\x1b[2J"}]}` + "\n" +
				"   " + strings.Repeat(" ", 60) + "^\n"},
		{"control byte", "\"a\x1bb\"",
			"NAME:1:3: invalid JSON string: raw control character byte 0x1b, must be escaped\n" +
				`"a\x1bb"` + "\n" +
				"  ^\n"},
		{"CRLF line ends", "[1,\r\n2,\r\n]\r\n",
			"NAME:3:1: invalid JSON syntax: unexpected ']', want a value\n" +
				`]\x0d` + "\n" +
				"^\n"},
		{"syntax error at the end of a long line", "[\"" + long + "\", 1 2]",
			"NAME:1:128: invalid JSON syntax: unexpected '2' in array, want ',' or ']'\n" +
				"..." + long[55:] + "\", 1 2]\n" +
				"   " + strings.Repeat(" ", 70) + "^\n"},
		{"error in the middle of a long line", "[\"" + long + "\" \"" + long + "\"]",
			"NAME:1:125: invalid JSON syntax: unexpected '\"' in array, want ',' or ']'\n" +
				"..." + long[87:] + "\" \"" + long[:36] + "...\n" +
				"   " + strings.Repeat(" ", 35) + "^\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, []byte(tc.input), "json")
			want := strings.Replace(tc.want, "NAME", "<stdin>", 1)
			if r.code != 1 || r.stdout != "" || r.stderr != want {
				t.Errorf("json < input: exit %d, stdout %q, stderr\n%s\nwant exit 1, stderr\n%s", r.code, r.stdout, r.stderr, want)
			}
			path := writeTemp(t, "in.json", []byte(tc.input))
			for _, cmd := range []string{"json", "canon"} {
				r := run(t, nil, cmd, path)
				want := strings.Replace(tc.want, "NAME", path, 1)
				if r.code != 1 || r.stdout != "" || r.stderr != want {
					t.Errorf("%s FILE: exit %d, stdout %q, stderr\n%s\nwant exit 1, stderr\n%s", cmd, r.code, r.stdout, r.stderr, want)
				}
			}
			r = run(t, []byte(tc.input), "json", "-scope", "s")
			if r.code != 1 || r.stdout != "" || r.stderr != want {
				t.Errorf("json -scope: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
			checkPosition(t, tc.input, r.stderr)
		})
	}
}

var positionRE = regexp.MustCompile(`^<stdin>:(\d+):(\d+): `)

// checkPosition checks the LINE and COLUMN of a report on input against
// the offset of the library's *JSONError, counting lines another way.
func checkPosition(t *testing.T, input, stderr string) {
	t.Helper()
	_, err := agentidemp.CanonicalJSON([]byte(input))
	jerr, ok := err.(*agentidemp.JSONError)
	if !ok {
		t.Fatalf("CanonicalJSON: %v", err)
	}
	m := positionRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no position in %q", stderr)
	}
	var line, col int
	fmt.Sscan(m[1], &line)
	fmt.Sscan(m[2], &col)
	lines := strings.SplitAfter(input, "\n")
	off := 0
	for _, l := range lines[:line-1] {
		off += len(l)
	}
	if off+col-1 != jerr.Offset {
		t.Errorf("line %d, column %d is offset %d; the error's offset is %d", line, col, off+col-1, jerr.Offset)
	}
}

// TestBadNamespace checks the report of a -ns value that is neither a
// name nor a UUID: misuse, in one report in the compiler's form that lists
// the names and says why the value is no UUID, with the caret under the
// offending character, or under the first one when the length is wrong.
func TestBadNamespace(t *testing.T) {
	const not = "not dns, url, oid, x500 (in any case) or a UUID: "
	for _, tc := range []struct{ ns, want string }{
		{"6ba7b810-9dad-11d1-80b4-00c04fd430cz",
			"<-ns>:1:36: " + not + "'z', want a hex digit\n" +
				"6ba7b810-9dad-11d1-80b4-00c04fd430cz\n" +
				"                                   ^\n"},
		{"6ba7b810-9dad-11d1-80b4_00c04fd430c8",
			"<-ns>:1:24: " + not + "'_', want '-'\n" +
				"6ba7b810-9dad-11d1-80b4_00c04fd430c8\n" +
				"                       ^\n"},
		{"{6ba7b810-9dad-11d1-80b4-00c04fd430c8}",
			"<-ns>:1:1: " + not + "length 38, want 36\n" +
				"{6ba7b810-9dad-11d1-80b4-00c04fd430c8}\n" +
				"^\n"},
		{"6ba7b810-9dad-11d1-80b4-00c04fd430c",
			"<-ns>:1:1: " + not + "length 35, want 36\n" +
				"6ba7b810-9dad-11d1-80b4-00c04fd430c\n" +
				"^\n"},
		{"dnz",
			"<-ns>:1:1: " + not + "length 3, want 36\n" +
				"dnz\n" +
				"^\n"},
		{"",
			"<-ns>:1:1: " + not + "length 0, want 36\n" +
				"\n" +
				"^\n"},
		{"6ba7b810-9dad-11d1-80b4-00c04fd430\xc3\xa9",
			"<-ns>:1:35: " + not + "byte 0xc3, want a hex digit\n" +
				"6ba7b810-9dad-11d1-80b4-00c04fd430\xc3\xa9\n" +
				"                                  ^\n"},
		{"bogus",
			"<-ns>:1:1: " + not + "length 5, want 36\n" +
				"bogus\n" +
				"^\n"},
		{"dnſ", // not "dns": only ASCII letters fold
			"<-ns>:1:1: " + not + "length 4, want 36\n" +
				"dnſ\n" +
				"^\n"},
	} {
		r := run(t, nil, "uuid5", "-ns", tc.ns, "name")
		want := tc.want + "usage: agentidemp uuid5 [-ns NS] [NAME]\n"
		if r.code != 2 || r.stdout != "" || r.stderr != want {
			t.Errorf("-ns %q: exit %d, stdout %q, stderr\n%s\nwant exit 2, stderr\n%s", tc.ns, r.code, r.stdout, r.stderr, want)
		}
		// One report, its caret under a character of a value that has one.
		lines := strings.Split(r.stderr, "\n")
		if len(lines) != 5 || !strings.HasPrefix(lines[0], "<-ns>:1:") || tc.ns != "" && len(lines[2]) > len(tc.ns) {
			t.Errorf("-ns %q: not one report with the caret under the value:\n%s", tc.ns, r.stderr)
		}
	}
}

var consoleRE = regexp.MustCompile("(?s)```console\n\\$ printf '([^']*)' \\| agentidemp (\\w+)\n(.*?)```")

// TestReadmeConsole runs the README's console examples, printf '...' |
// agentidemp COMMAND, and checks that the command writes what they show.
func TestReadmeConsole(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := consoleRE.FindAllStringSubmatch(string(readme), -1)
	if len(examples) < 2 {
		t.Fatalf("found %d console examples in the README, want 2 or more", len(examples))
	}
	for _, m := range examples {
		// printf's escapes here are Go's: \n and \xNN.
		input, err := strconv.Unquote(`"` + strings.ReplaceAll(m[1], `"`, `\"`) + `"`)
		if err != nil {
			t.Fatalf("printf '%s': %v", m[1], err)
		}
		r := run(t, []byte(input), m[2])
		if got := r.stdout + r.stderr; got != m[3] {
			t.Errorf("printf '%s' | agentidemp %s: got\n%s\nthe README shows\n%s", m[1], m[2], got, m[3])
		}
	}
}

// TestUsage checks help and misuse: exit status 0 for help, 2 with a usage
// line on standard error for misuse, and nothing on standard output then.
func TestUsage(t *testing.T) {
	cmds := []string{"key", "json", "canon", "scoped", "uuid5", "request", "random", "version", "help"}
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"-help"}} {
		r := run(t, nil, args...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("%q: exit %d, stderr %q", args, r.code, r.stderr)
		}
		for _, name := range cmds {
			if !strings.Contains(r.stdout, "\n  agentidemp "+name) || !strings.Contains(r.stdout, "example: agentidemp "+name) {
				t.Errorf("%q: the usage lacks %s or its example:\n%s", args, name, r.stdout)
			}
		}
	}
	for _, name := range cmds {
		for _, args := range [][]string{{name, "-h"}, {"help", name}} {
			r := run(t, nil, args...)
			if r.code != 0 || r.stderr != "" || !strings.HasPrefix(r.stdout, "usage: agentidemp "+name) ||
				!strings.Contains(r.stdout, "example: agentidemp "+name) {
				t.Errorf("%q: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
			}
		}
	}

	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.json")
	for _, tc := range []struct {
		args       []string
		wantStderr string // a substring
	}{
		{nil, "usage: agentidemp COMMAND"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"-scope", "s", "key"}, "unknown flag -scope"},
		{[]string{"help", "frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"key", "-x"}, "flag provided but not defined: -x"},
		{[]string{"json", "-scope"}, "flag needs an argument: -scope"},
		{[]string{"canon", "-scope", "s"}, "flag provided but not defined: -scope"},
		{[]string{"uuid5", "-ns"}, "flag needs an argument: -ns"},
		{[]string{"key", "a", "b"}, "too many arguments"},
		{[]string{"json", "body.json", "-scope", "s"}, `too many arguments: ["-scope" "s"] (flags go before the other arguments)`},
		{[]string{"key", "a", "-b"}, `too many arguments: ["-b"]` + "\n"},
		{[]string{"key", "a", "--scope=s"}, `too many arguments: ["--scope=s"] (flags go before the other arguments)`},
		{[]string{"uuid5", "a", "b"}, "too many arguments"},
		{[]string{"random", "x"}, "too many arguments"},
		{[]string{"version", "x"}, "too many arguments"},
		{[]string{"scoped"}, "missing argument"},
		{[]string{"key", missing}, "missing.json"},
		{[]string{"json", missing}, "missing.json"},
		{[]string{"canon", dir}, dir},
	} {
		r := run(t, nil, tc.args...)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, tc.wantStderr) || !strings.Contains(r.stderr, "usage: agentidemp ") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q with a usage line", tc.args, r.code, r.stdout, r.stderr, tc.wantStderr)
		}
	}
}

// TestScopedArguments checks that arguments are passed on as they are:
// "--" ends the flags, parts may look like flags, and an argument may be
// empty or not UTF-8.
func TestScopedArguments(t *testing.T) {
	for _, args := range [][]string{
		{"tenant-42", "user-7", "refund", "order-1234"},
		{"s", "-x", "--", ""},
		{"", ""},
		{"caf\xe9", "\xff\xfe"},
	} {
		wantKey(t, fmt.Sprintf("%q", args), run(t, nil, append([]string{"scoped"}, args...)...), agentidemp.ScopedKey(args[0], args[1:]...))
	}
	// An independent value: SHA-256 of "tenant-42\x00user-7\x00refund\x00order-1234".
	wantKey(t, "README example", run(t, nil, "scoped", "tenant-42", "user-7", "refund", "order-1234"),
		sha256Key([]byte("tenant-42\x00user-7\x00refund\x00order-1234")))
	wantKey(t, "--", run(t, nil, "scoped", "--", "-s", "p"), sha256Key([]byte("-s\x00p")))
}

// TestInputExact checks that input bytes are hashed exactly as read: no
// newline stripped, no BOM or CR dropped.
func TestInputExact(t *testing.T) {
	for _, in := range []string{"", "abc\n", "abc\r\n", "\xef\xbb\xbfabc", "\x00\xff"} {
		wantKey(t, fmt.Sprintf("key %q", in), run(t, []byte(in), "key"), sha256Key([]byte(in)))
		wantKey(t, fmt.Sprintf("key -scope %q", in), run(t, []byte(in), "key", "-scope", "t"), sha256Key([]byte("t\x00"+in)))
	}
	// JSON followed by a newline is the same document: whitespace around
	// the value is allowed.
	wantKey(t, "json with a newline", run(t, []byte("{\"b\":2,\"a\":1}\n"), "json"), sha256Key([]byte(`{"a":1,"b":2}`)))
}

// TestLargeInput hashes a 16 MiB body read from a pipe, a file and a file
// on standard input; the body is already canonical, so its key is the
// SHA-256 of its bytes.
func TestLargeInput(t *testing.T) {
	const n = 16 << 20
	body := make([]byte, 0, n)
	body = append(body, `{"data":"`...)
	for len(body) < n-2 {
		body = append(body, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"...)
	}
	body = append(body[:n-2], `"}`...)
	want := sha256Key(body)
	path := writeTemp(t, "large.json", body)
	wantKey(t, "json < pipe", run(t, body, "json"), want)
	wantKey(t, "json FILE", run(t, nil, "json", path), want)
	wantKey(t, "json < file", runFile(t, path, "json"), want)
	wantKey(t, "key < pipe", run(t, body, "key"), want)
	if r := run(t, body, "canon"); r.code != 0 || r.stdout != string(body) {
		t.Errorf("canon: exit %d, %d bytes out, stderr %q", r.code, len(r.stdout), r.stderr)
	}
}

// patternBlock is what patternReader repeats: 4093 bytes, a prime number,
// so that its copies do not line up with power-of-two buffers.
var patternBlock = func() []byte {
	b := make([]byte, 4093)
	for i := range b {
		b[i] = byte(i ^ i>>8)
	}
	return b
}()

// patternReader gives n bytes, patternBlock repeated, and holds none of
// them.
type patternReader struct{ n, off int64 }

func (r *patternReader) Read(p []byte) (int, error) {
	if r.off == r.n {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n-r.off)]
	for i := 0; i < len(p); {
		i += copy(p[i:], patternBlock[(r.off+int64(i))%int64(len(patternBlock)):])
	}
	r.off += int64(len(p))
	return len(p), nil
}

// TestKeyStreams runs key on 64 MiB from standard input and 16 MiB from a
// FILE and checks that it allocates less than 256 KiB in all: it streams.
func TestKeyStreams(t *testing.T) {
	const n = 64 << 20
	path := filepath.Join(t.TempDir(), "in.bin")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(f, &patternReader{n: n / 4})
	if err := errors.Join(err, f.Close()); err != nil {
		t.Fatal(err)
	}
	// The keys, computed here with crypto/sha256 alone.
	keyOf := func(prefix string, size int64) string {
		h := sha256.New()
		io.WriteString(h, prefix)
		io.Copy(h, &patternReader{n: size})
		return "ik_" + hex.EncodeToString(h.Sum(nil)[:16])
	}
	plain := keyOf("", n)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"key"}, plain},
		{[]string{"key", "-scope", "tenant-42"}, keyOf("tenant-42\x00", n)},
		{[]string{"key", "-"}, plain},
		{[]string{"key", path}, keyOf("", n/4)},
	} {
		var stdout, stderr bytes.Buffer
		c := &cli{stdin: &patternReader{n: n}, stdout: &stdout, stderr: &stderr}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		code := c.main(tc.args)
		runtime.ReadMemStats(&after)
		if code != 0 || stdout.String() != tc.want+"\n" || stderr.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %s", tc.args, code, stdout.String(), stderr.String(), tc.want)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<10 {
			t.Errorf("%q: allocated %d bytes, want less than 256 KiB", tc.args, alloc)
		}
	}
}

// errReader fails every Read.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("the device is gone") }

// TestReadError checks that input that fails while it is read is misuse,
// reported with the reader's error, for key, which streams, and for json.
func TestReadError(t *testing.T) {
	for _, cmd := range []string{"key", "json", "canon"} {
		var stdout, stderr bytes.Buffer
		c := &cli{stdin: errReader{}, stdout: &stdout, stderr: &stderr}
		code := c.main([]string{cmd})
		want := "agentidemp " + cmd + ": reading standard input: the device is gone\nusage: agentidemp " + cmd
		if code != 2 || stdout.Len() != 0 || !strings.HasPrefix(stderr.String(), want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2, %q", cmd, code, stdout.String(), stderr.String(), want)
		}
	}
	// A directory opens but cannot be read.
	dir := t.TempDir()
	r := run(t, nil, "key", dir)
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "agentidemp key: read "+dir+": is a directory\n") {
		t.Errorf("key DIR: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestWriteError checks that a failed write is reported with exit status 1.
func TestWriteError(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full on this system:", err)
	}
	defer full.Close()
	cmd := exec.Command(binary, "random")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = full, &stderr
	err = cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "writing the output") {
		t.Errorf("random > /dev/full: %v, stderr %q; want exit status 1", err, stderr.String())
	}
}
