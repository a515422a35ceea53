#!/usr/bin/env python3
"""Generate deterministic LLM API request bodies used as canonicalization
benchmark inputs.

Run from the repository root:

    python3 testdata/bodies/gen_bodies.py [OUTDIR]

The script writes chat_1k.json, agent_10k.json, agent_150k.json and
image_1m.json into OUTDIR, by default the directory of this script (CI passes
a temporary directory and compares the result with the committed files). It uses only the standard library and its own
fixed-seed PRNG (SplitMix64), so every run writes byte-identical files on any
Python 3 version.

The shapes follow the public Anthropic Messages API (model, max_tokens,
system, tools[].input_schema, content blocks text / image / tool_use /
tool_result) and the OpenAI chat format (messages with a "system" role). The
files are written the way a typical client sends them: keys in insertion order
(not sorted), with a mix of compact and default separators and of escaped and
raw non-ASCII text. All text content is invented for these fixtures.
"""

import base64
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MASK64 = (1 << 64) - 1
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class Rng:
    """SplitMix64: tiny, fixed, and independent of Python's random module."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def below(self, n):
        return self.next64() % n

    def between(self, lo, hi):
        return lo + self.below(hi - lo + 1)

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, percent):
        return self.below(100) < percent

    def token(self, n):
        return "".join(B62[self.below(62)] for _ in range(n))

    def raw(self, n):
        out = bytearray()
        while len(out) < n:
            out += self.next64().to_bytes(8, "little")
        return bytes(out[:n])


def write(out_dir, name, obj, compact, ensure_ascii):
    seps = (",", ":") if compact else (", ", ": ")
    text = json.dumps(obj, ensure_ascii=ensure_ascii, separators=seps)
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(text.encode("utf-8"))
    return len(text.encode("utf-8"))


def tool_id(rng):
    return "toolu_01" + rng.token(22)


# --------------------------------------------------------------------------
# Shared tool definitions (JSON Schema input_schema objects)
# --------------------------------------------------------------------------

TOOLS = [
    {
        "name": "read_file",
        "description": "Read a text file from the workspace. Returns the content "
                       "with 1-based line numbers, one tab between number and text.",
        "input_schema": {
            "type": "object",
            "properties": {
                "path": {"type": "string", "description": "Path relative to the workspace root."},
                "offset": {"type": "integer", "minimum": 1, "description": "First line to return."},
                "limit": {"type": "integer", "minimum": 1, "maximum": 2000, "default": 400},
            },
            "required": ["path"],
            "additionalProperties": False,
        },
    },
    {
        "name": "search_code",
        "description": "Search the workspace with a regular expression and return matching lines.",
        "input_schema": {
            "type": "object",
            "properties": {
                "pattern": {"type": "string", "description": "RE2 syntax, e.g. \"func \\\\w+Ledger\"."},
                "file_glob": {"type": "string", "default": "**/*"},
                "case_sensitive": {"type": "boolean", "default": True},
                "max_results": {"type": "integer", "minimum": 1, "maximum": 500},
                "context": {
                    "type": "object",
                    "properties": {
                        "before": {"type": "integer", "minimum": 0, "maximum": 20},
                        "after": {"type": "integer", "minimum": 0, "maximum": 20},
                    },
                },
            },
            "required": ["pattern"],
        },
    },
    {
        "name": "edit_file",
        "description": "Apply exact text replacements to one file. Each old_text must "
                       "occur exactly once.",
        "input_schema": {
            "type": "object",
            "properties": {
                "path": {"type": "string"},
                "edits": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "properties": {
                            "old_text": {"type": "string"},
                            "new_text": {"type": "string"},
                        },
                        "required": ["old_text", "new_text"],
                    },
                },
                "dry_run": {"type": "boolean", "default": False},
            },
            "required": ["path", "edits"],
        },
    },
    {
        "name": "run_command",
        "description": "Run a shell command in the workspace and return stdout, stderr "
                       "and the exit code.",
        "input_schema": {
            "type": "object",
            "properties": {
                "command": {"type": "string"},
                "timeout_ms": {"type": "integer", "minimum": 1000, "maximum": 600000},
                "env": {"type": "object", "additionalProperties": {"type": "string"}},
                "shell": {"type": "string", "enum": ["bash", "sh", "pwsh"], "default": "bash"},
            },
            "required": ["command"],
        },
    },
    {
        "name": "http_request",
        "description": "Send an HTTP request to a service running in the sandbox.",
        "input_schema": {
            "type": "object",
            "properties": {
                "method": {"type": "string", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE"]},
                "url": {"type": "string", "format": "uri"},
                "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                "body": {"description": "Request body; objects are sent as JSON.",
                         "type": ["object", "array", "string", "null"]},
                "retry": {
                    "type": "object",
                    "properties": {
                        "attempts": {"type": "integer", "minimum": 0, "maximum": 5},
                        "backoff": {"type": "string", "enum": ["none", "linear", "exponential"]},
                        "jitter": {"type": "number", "minimum": 0, "maximum": 1},
                    },
                    "required": ["attempts"],
                },
            },
            "required": ["method", "url"],
        },
    },
]

SYSTEM_AGENT = (
    "You are a careful software engineering assistant working inside a sandboxed "
    "checkout of the \"ledgerline\" service. Use the tools to inspect code before "
    "changing it, keep edits minimal, and run the test suite after every change.\n\n"
    "Rules:\n"
    "\t1. Never print secrets or tokens, even when a file contains them.\n"
    "\t2. Quote file paths exactly, e.g. \"internal/ledger/post.go\".\n"
    "\t3. When a regex needs a backslash, write it as \\\\d or \\\\s in JSON strings.\n"
)

# --------------------------------------------------------------------------
# Word lists and content generators (invented material)
# --------------------------------------------------------------------------

NOUNS = ["order", "invoice", "ledger", "account", "shipment", "batch", "cursor",
         "window", "bucket", "tenant", "quota", "replica", "segment", "snapshot",
         "entry", "journal", "posting", "balance", "refund", "payout"]
VERBS = ["load", "store", "merge", "split", "flush", "apply", "resolve", "encode",
         "decode", "verify", "retry", "drain", "compact", "reconcile", "settle"]
PKGS = ["ledger", "billing", "ingest", "store", "api", "worker", "reconcile"]
LEVELS = ["DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR"]
HOSTS = ["api-0", "api-1", "worker-3", "worker-7", "cron-1"]

USER_NOTES = [
    "The nightly reconcile job failed again. Can you find out why?",
    "Please also handle the case where the amount is negative.",
    "Merci ! Peux-tu aussi vérifier le cas où la quantité est négative ?",
    "テストがまだ失敗しています。ログをもう一度確認してください。",
    "请把重试的超时改成 30 秒，然后再跑一遍测试。",
    "Looks good \U0001F44D, but the log line still says \"retry=0\". Why?",
    "Grüße aus Zürich: the CSV export mangles \"Straße\" and \"Ærøskøbing\".",
    "Can you check whether the cache key includes the tenant id?",
    "The staging deploy reports a 502 on /v2/postings. Is it ours?",
    "Añade un test para el caso de un lote vacío, por favor.",
    "Ship it \U0001F680 once the linter is quiet.",
]

ASSISTANT_NOTES = [
    "I'll start by searching for where the {noun} is {verb}ed.",
    "The failure comes from {func}: it returns early when the {noun} list is empty.",
    "Let me read the test file to see what the fixture expects.",
    "The log shows the {noun} being {verb}ed twice; I'll check the retry loop.",
    "That change compiles. Running the package tests now.",
    "I found the cause: the cache key is built without the tenant id, so two tenants share one {noun}.",
    "Before editing, let me confirm the exact text of {func}.",
]


def cap(s):
    return s[0].upper() + s[1:]


def go_file(rng, pkg):
    lines = [
        "// Package %s implements %s handling for the ledgerline service." % (pkg, rng.choice(NOUNS)),
        "package " + pkg,
        "",
        "import (",
        "\t\"context\"",
        "\t\"errors\"",
        "\t\"fmt\"",
        "\t\"regexp\"",
        "\t\"strings\"",
        "\t\"time\"",
        ")",
        "",
        "var idPattern = regexp.MustCompile(`^[a-z]{3}-\\d{4,8}$`)",
        "",
        "// ErrNotFound is returned when no record matches.",
        "var ErrNotFound = errors.New(\"%s: not found\")" % pkg,
        "",
    ]
    for _ in range(rng.between(3, 6)):
        noun, verb = rng.choice(NOUNS), rng.choice(VERBS)
        typ = cap(noun)
        limit = rng.choice([50, 100, 250, 1000])
        lines += [
            "// %s%s %ss the %s identified by id, reading at most limit rows." % (cap(verb), typ, verb, noun),
            "func (s *Service) %s%s(ctx context.Context, id string, limit int) ([]%s, error) {" % (cap(verb), typ, typ),
            "\tif !idPattern.MatchString(id) {",
            "\t\treturn nil, fmt.Errorf(\"%s %s: bad id %%q\", id)" % (verb, noun),
            "\t}",
            "\tif limit <= 0 || limit > %d {" % limit,
            "\t\tlimit = %d" % limit,
            "\t}",
            "\tctx, cancel := context.WithTimeout(ctx, %d*time.Millisecond)" % rng.choice([250, 500, 1500, 3000]),
            "\tdefer cancel()",
            "\tkey := strings.Join([]string{s.tenant, \"%s\", id}, \"\\x1f\")" % noun,
            "\trows, err := s.db.Query(ctx, \"SELECT * FROM %ss WHERE key = $1 LIMIT $2\", key, limit)" % noun,
            "\tif err != nil {",
            "\t\treturn nil, fmt.Errorf(\"%s %s %%s: %%w\", id, err)" % (verb, noun),
            "\t}",
            "\tdefer rows.Close()",
            "\tvar out []%s" % typ,
            "\tfor rows.Next() {",
            "\t\tvar v %s" % typ,
            "\t\tif err := rows.Scan(&v); err != nil {",
            "\t\t\treturn out, err",
            "\t\t}",
            "\t\tout = append(out, v)",
            "\t}",
            "\tif len(out) == 0 {",
            "\t\treturn nil, ErrNotFound",
            "\t}",
            "\treturn out, rows.Err()",
            "}",
            "",
        ]
    return lines


def py_file(rng):
    noun = rng.choice(NOUNS)
    lines = [
        "\"\"\"Helpers for exporting %s records as CSV.\"\"\"" % noun,
        "",
        "import csv",
        "import io",
        "import re",
        "",
        "_AMOUNT = re.compile(r\"^-?\\d+(\\.\\d{1,4})?$\")",
        "",
        "",
        "def export_rows(rows, delimiter=\";\"):",
        "    \"\"\"Return rows as CSV text; amounts keep four decimals.\"\"\"",
        "    buf = io.StringIO()",
        "    w = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)",
        "    w.writerow([\"id\", \"name\", \"amount\", \"note\"])",
        "    for r in rows:",
        "        if not _AMOUNT.match(str(r[\"amount\"])):",
        "            raise ValueError(\"bad amount %r in row %s\" % (r[\"amount\"], r[\"id\"]))",
        "        w.writerow([r[\"id\"], r[\"name\"], r[\"amount\"], r.get(\"note\", \"\").replace(\"\\n\", \" \")])",
        "    return buf.getvalue()",
        "",
    ]
    for _ in range(rng.between(2, 4)):
        verb = rng.choice(VERBS)
        lines += [
            "",
            "def %s_%s(items, tenant):" % (verb, noun),
            "    out = []",
            "    for it in items:",
            "        if it.get(\"tenant\") != tenant:",
            "            continue",
            "        it[\"key\"] = \"%s\\t%s\" % (tenant, it[\"id\"])",
            "        out.append(it)",
            "    return out",
        ]
    return lines


def numbered(lines, start=1):
    return "\n".join("%6d\t%s" % (i + start, line) for i, line in enumerate(lines)) + "\n"


def log_block(rng, n, t0):
    out = []
    t = t0
    for _ in range(n):
        t += rng.between(3, 4000)
        sec, ms = divmod(t, 1000)
        mins, s = divmod(sec, 60)
        h, m = divmod(mins, 60)
        lvl = rng.choice(LEVELS)
        noun, verb = rng.choice(NOUNS), rng.choice(VERBS)
        line = "2025-03-14T%02d:%02d:%02d.%03dZ %-5s %s %s %s job=%s-%d elapsed_ms=%d.%d retries=%d" % (
            h % 24, m, s, ms, lvl, rng.choice(HOSTS), verb, noun, noun[:3], rng.between(10000, 99999),
            rng.between(0, 4000), rng.below(10), rng.below(4))
        if lvl == "ERROR":
            line += " err=\"%s %s: context deadline exceeded\"" % (verb, noun)
        elif lvl == "WARN":
            line += " msg=\"slow query\" sql=\"SELECT * FROM %ss WHERE key = $1\"" % noun
        out.append(line)
    return "\n".join(out) + "\n", t


def test_output(rng, pkg, fail):
    out = []
    total = 0.0
    for _ in range(rng.between(4, 9)):
        name = "Test%s%s" % (cap(rng.choice(VERBS)), cap(rng.choice(NOUNS)))
        dur = rng.between(0, 900) / 100.0
        total += dur
        out.append("=== RUN   " + name)
        if fail and rng.chance(30):
            out.append("    %s_test.go:%d: got %d rows, want %d" % (pkg, rng.between(20, 400), rng.below(5), rng.between(5, 9)))
            out.append("    %s_test.go:%d: diff:\n\t-\t\"amount\": \"12.5000\",\n\t+\t\"amount\": \"12.5\"," % (pkg, rng.between(20, 400)))
            out.append("--- FAIL: %s (%.2fs)" % (name, dur))
        else:
            out.append("--- PASS: %s (%.2fs)" % (name, dur))
    status = "FAIL" if fail else "ok  "
    out.append("%s\tledgerline/internal/%s\t%.3fs" % (status, pkg, total))
    return "\n".join(out) + "\n"


def config_json_text(rng):
    # A JSON document carried inside a JSON string: lots of escaped quotes.
    cfg = {
        "service": "ledgerline",
        "region": rng.choice(["eu-west", "us-east", "ap-northeast"]),
        "db": {"pool": rng.between(4, 64), "timeout": "%ds" % rng.between(1, 30),
               "dsn": "postgres://ledger@db:5432/ledger?sslmode=disable"},
        "retry": {"attempts": rng.between(1, 5), "backoff": 0.25, "jitter": 0.1},
        "features": {"dual_write": rng.chance(50), "csv_bom": False},
        "labels": {"owner": "payments", "tier": "1"},
    }
    return json.dumps(cfg, indent=2)


def dir_listing(rng, pkg):
    out = []
    for _ in range(rng.between(6, 14)):
        name = "%s_%s%s" % (rng.choice(VERBS), rng.choice(NOUNS), rng.choice([".go", "_test.go", ".go", ".sql", ".md"]))
        out.append("-rw-r--r--  1 dev  dev  %6d  Mar 14 09:%02d  internal/%s/%s" % (
            rng.between(200, 40000), rng.below(60), pkg, name))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# chat_1k.json: OpenAI-style chat request, default separators, ASCII-escaped
# --------------------------------------------------------------------------

def build_chat_1k():
    return {
        "model": "chat-model-mini-2025-01",
        "messages": [
            {"role": "system", "content": "You are a concise assistant for a small bakery's "
             "order desk. Answer in the customer's language and never invent prices."},
            {"role": "user", "content": "Hi! Do you still have the rye sourdough on Saturdays?"},
            {"role": "assistant", "content": "Yes, rye sourdough is baked every Saturday morning. "
             "It usually sells out by noon, so reserving one is a good idea."},
            {"role": "user", "content": "Great. Can I reserve two loaves and a café crème "
             "for pickup at 9:30? My name is Renée."},
            {"role": "assistant", "content": "Done: two rye sourdough loaves and one café crème "
             "for Renée, pickup Saturday 9:30. Anything else?"},
            {"role": "user", "content": "Could you add one \"pain au chocolat\" too?"},
            {"role": "assistant", "content": "Added. Your order: 2 rye sourdough, 1 café crème, "
             "1 pain au chocolat."},
            {"role": "user", "content": "Perfect, thank you!"},
        ],
        "max_tokens": 256,
        "temperature": 0.7,
        "top_p": 1,
        "n": 1,
        "stream": False,
        "user": "order-desk-4471",
    }


# --------------------------------------------------------------------------
# agent_10k.json: Anthropic-style agent turn, compact, raw UTF-8
# --------------------------------------------------------------------------

def build_agent_10k():
    rng = Rng(0x10C0FFEE)
    ids = [tool_id(rng) for _ in range(8)]
    post_go = [
        "package ledger",
        "",
        "import (",
        "\t\"fmt\"",
        "\t\"regexp\"",
        ")",
        "",
        "var amountRe = regexp.MustCompile(`^-?\\d+(\\.\\d{1,4})?$`)",
        "",
        "// Post validates and records one posting.",
        "func (l *Ledger) Post(p Posting) error {",
        "\tif !amountRe.MatchString(p.Amount) {",
        "\t\treturn fmt.Errorf(\"post: bad amount %q\", p.Amount)",
        "\t}",
        "\tif p.Amount[0] == '-' {",
        "\t\treturn nil // BUG: negative amounts are silently dropped",
        "\t}",
        "\treturn l.store.Append(p.Account, p.Amount, p.Memo)",
        "}",
    ]
    encode_go = [
        "// encodeRecord serializes one record for the append-only log.",
        "func encodeRecord(r Record) ([]byte, error) {",
        "\tvar buf bytes.Buffer",
        "\tenc := json.NewEncoder(&buf)",
        "\tif err := enc.Encode(r); err != nil {",
        "\t\treturn nil, fmt.Errorf(\"encode %s: %w\", r.ID, err)",
        "\t}",
        "\tenc.SetEscapeHTML(true)",
        "\t// escapeNonASCII rewrites runes > 0x7f as \\uXXXX",
        "\treturn escapeNonASCII(buf.Bytes()), nil",
        "}",
        "",
        "func escapeNonASCII(b []byte) []byte {",
        "\tvar out []byte",
        "\tfor _, r := range string(b) {",
        "\t\tif r < 0x80 {",
        "\t\t\tout = append(out, byte(r))",
        "\t\t\tcontinue",
        "\t\t}",
        "\t\tout = append(out, fmt.Sprintf(\"\\\\u%04x\", r)...)",
        "\t}",
        "\treturn out",
        "}",
    ]
    messages = [
        {"role": "user", "content": [
            {"type": "text", "text": "Negative postings vanish from the ledger. Refunds like "
             "\"-12.50\" for the café in São Paulo never show up. Please find and fix it."},
        ]},
        {"role": "assistant", "content": [
            {"type": "text", "text": "I'll look for where postings are validated."},
            {"type": "tool_use", "id": ids[0], "name": "search_code",
             "input": {"pattern": "func \\(l \\*Ledger\\) Post", "file_glob": "internal/**/*.go",
                       "case_sensitive": True, "max_results": 20,
                       "context": {"before": 0, "after": 2}}},
        ]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": ids[0],
             "content": "internal/ledger/post.go:11:func (l *Ledger) Post(p Posting) error {\n"
                        "internal/ledger/post.go-12-\tif !amountRe.MatchString(p.Amount) {\n"
                        "internal/ledger/post.go-13-\t\treturn fmt.Errorf(\"post: bad amount %q\", p.Amount)\n"},
        ]},
        {"role": "assistant", "content": [
            {"type": "tool_use", "id": ids[1], "name": "read_file",
             "input": {"path": "internal/ledger/post.go", "offset": 1, "limit": 400}},
        ]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": ids[1], "content": [
                {"type": "text", "text": numbered(post_go)},
            ]},
        ]},
        {"role": "assistant", "content": [
            {"type": "text", "text": "Found it: line 15 returns nil for any amount starting with '-', "
             "so refunds are dropped without an error. I'll record them instead."},
            {"type": "tool_use", "id": ids[2], "name": "edit_file",
             "input": {"path": "internal/ledger/post.go", "edits": [
                 {"old_text": "\tif p.Amount[0] == '-' {\n\t\treturn nil // BUG: negative amounts are silently dropped\n\t}\n",
                  "new_text": "\tif p.Amount[0] == '-' && p.Kind != KindRefund {\n\t\treturn fmt.Errorf(\"post: negative amount %q needs kind \\\"refund\\\"\", p.Amount)\n\t}\n"},
             ], "dry_run": False}},
        ]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": ids[2], "content": "Applied 1 edit to internal/ledger/post.go (+3 -3)."},
        ]},
        {"role": "assistant", "content": [
            {"type": "tool_use", "id": ids[3], "name": "run_command",
             "input": {"command": "go test ./internal/ledger/... -run 'Post|Refund' -count=1",
                       "timeout_ms": 120000, "env": {"CGO_ENABLED": "0", "TZ": "UTC"}, "shell": "bash"}},
        ]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": ids[3], "is_error": True, "content":
             "=== RUN   TestPostRefund\n"
             "    post_test.go:42: memo mismatch:\n"
             "\t-\t\"Erstattung für Müller – Café Olé\"\n"
             "\t+\t\"Erstattung f\\u00fcr M\\u00fcller \\u2013 Caf\\u00e9 Ol\\u00e9\"\n"
             "--- FAIL: TestPostRefund (0.01s)\n"
             "=== RUN   TestPostRejectsBadAmount\n"
             "--- PASS: TestPostRejectsBadAmount (0.00s)\n"
             "FAIL\tledgerline/internal/ledger\t0.214s\n"
             "exit status 1\n"},
        ]},
        {"role": "assistant", "content": [
            {"type": "text", "text": "The refund is now stored, but the memo is written with ASCII "
             "escapes. The store's JSON encoder escapes non-ASCII text; the test expects raw UTF-8. "
             "Let me check the encoder settings."},
            {"type": "tool_use", "id": ids[4], "name": "search_code",
             "input": {"pattern": "SetEscapeHTML|ensure_ascii|\\\\u00", "max_results": 10}},
        ]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": ids[4], "content":
             "internal/store/encode.go:27:\tenc.SetEscapeHTML(true)\n"
             "internal/store/encode.go:28:\t// escapeNonASCII rewrites runes > 0x7f as \\uXXXX\n"
             "internal/store/encode.go:29:\treturn escapeNonASCII(buf.Bytes()), nil\n"},
            {"type": "text", "text": "Also: our Tokyo office reports the same for 東京支店の返金 "
             "and 데이터베이스 메모. Keep emoji like \U0001F9FE intact too, please."},
        ]},
        {"role": "assistant", "content": [
            {"type": "text", "text": "Understood: Latin, CJK, Hangul and emoji should all be stored "
             "as raw UTF-8. Reading the encoder first."},
            {"type": "tool_use", "id": ids[5], "name": "read_file",
             "input": {"path": "internal/store/encode.go", "offset": 20, "limit": 40}},
        ]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": ids[5], "content": numbered(encode_go, 20)},
        ]},
        {"role": "assistant", "content": [
            {"type": "text", "text": "escapeNonASCII is only needed by the legacy CSV bridge, which "
             "has its own writer. I'll remove the call so memos keep their original bytes."},
            {"type": "tool_use", "id": ids[6], "name": "edit_file",
             "input": {"path": "internal/store/encode.go", "edits": [
                 {"old_text": "\t// escapeNonASCII rewrites runes > 0x7f as \\uXXXX\n"
                              "\treturn escapeNonASCII(buf.Bytes()), nil\n",
                  "new_text": "\treturn bytes.TrimSuffix(buf.Bytes(), []byte(\"\\n\")), nil\n"},
                 {"old_text": "\tenc.SetEscapeHTML(true)\n", "new_text": "\tenc.SetEscapeHTML(false)\n"},
             ]}},
        ]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": ids[6], "content": "Applied 2 edits to internal/store/encode.go (+2 -3)."},
        ]},
        {"role": "assistant", "content": [
            {"type": "tool_use", "id": ids[7], "name": "run_command",
             "input": {"command": "go test ./internal/... -count=1", "timeout_ms": 300000,
                       "env": {"CGO_ENABLED": "0", "LANG": "C.UTF-8"}}},
        ]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": ids[7], "content": [
                {"type": "text", "text": "ok  \tledgerline/internal/api\t0.412s\n"
                                         "ok  \tledgerline/internal/ledger\t0.198s\n"
                                         "ok  \tledgerline/internal/store\t0.087s\n"},
            ]},
            {"type": "text", "text": "Merci beaucoup ! Un dernier point : le mémo « Crème brûlée – "
             "remboursé » s'affiche-t-il correctement maintenant ? \U0001F642"},
        ]},
    ]
    return {
        "model": "agent-model-large-2025-06",
        "max_tokens": 4096,
        "system": SYSTEM_AGENT,
        "tools": TOOLS,
        "tool_choice": {"type": "auto"},
        "messages": messages,
        "temperature": 0.2,
        "metadata": {"user_id": "u-" + rng.token(12)},
    }


# --------------------------------------------------------------------------
# agent_150k.json: long transcript, default separators, ASCII-escaped
# --------------------------------------------------------------------------

def build_agent_150k(target):
    rng = Rng(0x150150150)
    messages = [{"role": "user", "content": "The nightly reconcile job failed again. "
                 "Can you find out why and fix it? Logs are under var/log/reconcile."}]
    clock = 9 * 3600 * 1000
    turn = 0

    def size():
        return len(json.dumps(messages, separators=(", ", ": ")).encode("utf-8"))

    while size() < target - 9 * 1024:
        turn += 1
        pkg = rng.choice(PKGS)
        noun, verb = rng.choice(NOUNS), rng.choice(VERBS)
        func = "%s%s" % (cap(verb), cap(noun))
        tid = tool_id(rng)
        kind = rng.below(7)
        text = rng.choice(ASSISTANT_NOTES).format(noun=noun, verb=verb, func=func)
        if kind == 0:
            call = {"name": "read_file", "input": {"path": "internal/%s/%s.go" % (pkg, noun), "offset": 1, "limit": 400}}
            result = numbered(go_file(rng, pkg))
        elif kind == 1:
            call = {"name": "read_file", "input": {"path": "tools/export/%s_csv.py" % noun}}
            result = numbered(py_file(rng))
        elif kind == 2:
            call = {"name": "run_command", "input": {"command": "tail -n 200 var/log/reconcile/%s.log" % pkg,
                                                     "timeout_ms": 30000}}
            result, clock = log_block(rng, rng.between(40, 120), clock)
        elif kind == 3:
            call = {"name": "run_command", "input": {"command": "go test ./internal/%s/... -count=1" % pkg,
                                                     "timeout_ms": 300000,
                                                     "env": {"GOFLAGS": "-mod=mod", "LEDGER_TZ": "UTC"},
                                                     "shell": "bash"}}
            result = test_output(rng, pkg, fail=rng.chance(40))
        elif kind == 4:
            call = {"name": "read_file", "input": {"path": "deploy/%s.json" % pkg}}
            result = config_json_text(rng)
        elif kind == 5:
            call = {"name": "run_command", "input": {"command": "ls -l internal/%s" % pkg}}
            result = dir_listing(rng, pkg)
        else:
            call = {"name": "http_request", "input": {
                "method": rng.choice(["GET", "POST"]),
                "url": "http://localhost:8080/v2/%ss/%s-%d" % (noun, noun[:3], rng.between(1000, 99999)),
                "headers": {"Accept": "application/json", "X-Tenant": "t-%d" % rng.between(1, 40)},
                "body": {"limit": 50, "sample_rate": 1e-3, "threshold": 0.7, "since_ms": 1741939200000,
                         "trace_id": rng.between(1 << 40, 1 << 53),
                         "min_amount": rng.between(-99999, 0) / 100.0, "fx_tolerance": 2.5e-05,
                         "epsilon": 1e-07, "max_notional": 6.02e+23, "weight": 100.0, "offset": -0.0},
                "retry": {"attempts": 3, "backoff": "exponential", "jitter": 0.25}}}
            result = json.dumps({
                "id": rng.between(1 << 54, 1 << 62),
                "status": rng.choice(["open", "settled", "failed"]),
                "amount": rng.between(-50000, 500000) / 100.0,
                "fx_rate": 1.0 + rng.below(100000) / 1e6,
                "fee": 2.5e-05,
                "score": 100.0,
                "delta": -0.0,
                "tiny": 1e-07,
                "huge": 6.02e+23,
                "counts": [rng.below(1000) for _ in range(12)],
                "note": "Réconciliation partielle – voir journal \u00a7 4.2",
            }, indent=2)
        tool_use = {"type": "tool_use", "id": tid, "name": call["name"], "input": call["input"]}
        assistant = [{"type": "text", "text": text}, tool_use] if rng.chance(60) else [tool_use]
        messages.append({"role": "assistant", "content": assistant})
        tr = {"type": "tool_result", "tool_use_id": tid}
        if rng.chance(50):
            tr["content"] = result
        else:
            tr["content"] = [{"type": "text", "text": result}]
        if kind == 3 and "FAIL" in result:
            tr["is_error"] = True
        user = [tr]
        if turn % 5 == 0:
            user.append({"type": "text", "text": rng.choice(USER_NOTES)})
        messages.append({"role": "user", "content": user})

    messages.append({"role": "assistant", "content": [{"type": "text", "text":
        "Summary: the reconcile job skipped refunds because negative amounts were dropped "
        "before posting, and retries reused a cache key without the tenant id. Both are "
        "fixed and the package tests pass."}]})
    messages.append({"role": "user", "content": "Thanks. Please write the changelog entry."})

    return {
        "model": "agent-model-large-2025-06",
        "max_tokens": 8192,
        "system": [
            {"type": "text", "text": SYSTEM_AGENT},
            {"type": "text", "text": "Repository map:\n" + dir_listing(rng, "ledger"),
             "cache_control": {"type": "ephemeral"}},
        ],
        "tools": TOOLS,
        "tool_choice": {"type": "auto", "disable_parallel_tool_use": False},
        "messages": messages,
        "temperature": 0.7,
        "top_k": 40,
        "stop_sequences": ["\n\nEND_OF_TURN"],
        "stream": True,
        "metadata": {"user_id": "u-" + rng.token(12)},
    }


# --------------------------------------------------------------------------
# image_1m.json: one image block with ~1 MiB of base64, compact
# --------------------------------------------------------------------------

def build_image_1m():
    rng = Rng(0x1A6E)
    # 786432 raw bytes -> exactly 1048576 base64 characters. The bytes start with
    # the PNG signature, but the rest is pseudo-random, not a decodable image.
    raw = b"\x89PNG\r\n\x1a\n" + rng.raw(786432 - 8)
    data = base64.b64encode(raw).decode("ascii")
    return {
        "model": "vision-model-2025-03",
        "max_tokens": 1024,
        "messages": [
            {"role": "user", "content": [
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": data}},
                {"type": "text", "text": "This is a photo of a whiteboard from today's planning meeting. "
                 "Transcribe the task list and mark which items have an owner."},
            ]},
        ],
    }


def main():
    if len(sys.argv) > 2:
        sys.exit("usage: gen_bodies.py [OUTDIR]")
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    sizes = {}
    sizes["chat_1k.json"] = write(out, "chat_1k.json", build_chat_1k(), compact=False, ensure_ascii=True)
    sizes["agent_10k.json"] = write(out, "agent_10k.json", build_agent_10k(), compact=True, ensure_ascii=False)
    sizes["agent_150k.json"] = write(out, "agent_150k.json", build_agent_150k(150 * 1024), compact=False, ensure_ascii=True)
    sizes["image_1m.json"] = write(out, "image_1m.json", build_image_1m(), compact=True, ensure_ascii=False)
    for name, n in sizes.items():
        print("%-16s %8d bytes" % (name, n))


if __name__ == "__main__":
    main()
