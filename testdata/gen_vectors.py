#!/usr/bin/env python3
"""Generate testdata/vectors.json, the golden vectors shared by every port.

Usage, from the repository root:

    python3 testdata/gen_vectors.py [OUTDIR]

It writes vectors.json into OUTDIR, by default the directory of this script
(CI passes a temporary directory and compares the result with the committed
file).

The script uses the Python standard library and node (on PATH, for the
canonical forms of JSON texts), and no randomness: every input is written
out below or derived from a fixed label, so each run writes the same bytes.
Expected keys are computed here from the definitions with hashlib and uuid,
canonical forms by node and by a reader and writer of SPEC.md section 3
written here, targets by the steps of SPEC.md section 4.1, and the members
that omit rows leave out by the rules of SPEC.md section 4.5, independently
of any port; they are checked against published vectors and against the
values written beside the inputs before anything is written.
"""

import hashlib
import json
import math
import sys
import uuid
from pathlib import Path

if len(sys.argv) > 2:
    sys.exit("usage: gen_vectors.py [OUTDIR]")
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent) / "vectors.json"


# ---------------------------------------------------------------------------
# Reference definitions
# ---------------------------------------------------------------------------


def sha256_hex(content):
    """"ik_" + lowercase hex of the first 16 bytes of SHA-256(content)."""
    assert isinstance(content, bytes)
    return "ik_" + hashlib.sha256(content).digest()[:16].hex()


def scoped_sha256_hex(scope, content):
    """sha256_hex(scope || 0x00 || content)."""
    assert isinstance(scope, bytes) and isinstance(content, bytes)
    return sha256_hex(scope + b"\x00" + content)


def scoped_key(scope, parts):
    """sha256_hex(scope || (0x00 || part)*)."""
    assert isinstance(scope, bytes)
    data = scope
    for p in parts:
        assert isinstance(p, bytes)
        data += b"\x00" + p
    return sha256_hex(data)


def uuid5_key(namespace, name):
    """RFC 9562 version-5 UUID of name (any bytes) in namespace."""
    assert isinstance(namespace, uuid.UUID) and isinstance(name, bytes)
    digest = hashlib.sha1(namespace.bytes + name).digest()
    u = uuid.UUID(bytes=digest[:16], version=5)
    # Cross-check with the standard library wherever it can express the name.
    try:
        text = name.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        assert uuid.uuid5(namespace, text) == u, (namespace, name)
    s = str(u)
    assert s == s.lower() and len(s) == 36 and s[14] == "5" and s[19] in "89ab"
    return s


HEX = frozenset(b"0123456789abcdefABCDEF")
HYPHENS = (8, 13, 18, 23)


def parse_uuid(text):
    """The ParseUUID rules: exactly 36 UTF-8 bytes, hex digits in either case,
    hyphens at byte offsets 8, 13, 18 and 23. Returns ("uuid", canonical) or
    ("error_offset", offset), offset -1 for a wrong length."""
    b = text.encode("utf-8")
    if len(b) != 36:
        return ("error_offset", -1)
    for i, c in enumerate(b):
        if i in HYPHENS:
            if c != ord("-"):
                return ("error_offset", i)
        elif c not in HEX:
            return ("error_offset", i)
    u = uuid.UUID(text)  # the standard library agrees on every accepted input
    return ("uuid", str(u))


# ---------------------------------------------------------------------------
# Deterministic inputs
# ---------------------------------------------------------------------------


def pattern(label, n):
    """n bytes of SHA-256(label || ":" || counter) output, counter = 0, 1, ...
    Not periodic, covers every byte value, and reproducible from the label."""
    out = bytearray()
    i = 0
    while len(out) < n:
        out += hashlib.sha256(("%s:%d" % (label, i)).encode("ascii")).digest()
        i += 1
    return bytes(out[:n])


ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def text_pattern(label, n):
    """n printable ASCII bytes derived from pattern(label, n)."""
    return bytes(ALPHABET[c & 63] for c in pattern(label, n))


def utf8(s):
    """A text input: the UTF-8 bytes of s, written as {"utf8": s}."""
    return ("utf8", s)


def raw(b):
    """An arbitrary-bytes input, written as {"hex": ...}."""
    return ("hex", bytes(b))


def to_bytes(v):
    kind, val = v
    return val.encode("utf-8") if kind == "utf8" else val


def to_json(v):
    kind, val = v
    if kind == "utf8":
        val.encode("utf-8")  # rejects lone surrogates
        return {"utf8": val}
    return {"hex": val.hex()}


def long_text(label, n):
    """A long ASCII input written as text."""
    return utf8(text_pattern(label, n).decode("ascii"))


def long_raw(label, n):
    return raw(pattern(label, n))


def as_input(b):
    """Bytes as text when they are UTF-8, else as hex."""
    try:
        return utf8(b.decode("utf-8"))
    except UnicodeDecodeError:
        return raw(b)


# ---------------------------------------------------------------------------
# Published vectors, checked before anything is written
# ---------------------------------------------------------------------------

# FIPS 180-2, Appendix B.1: SHA-256("abc").
assert hashlib.sha256(b"abc").hexdigest() == (
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
assert sha256_hex(b"abc") == "ik_ba7816bf8f01cfea414140de5dae2223"
# FIPS 180-2, Appendix B.2: the 448-bit (56-byte) two-block message.
FIPS_56 = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
assert len(FIPS_56) == 56
assert hashlib.sha256(FIPS_56).hexdigest() == (
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
# SHA-256 of the empty string (FIPS 180-4 test value).
assert hashlib.sha256(b"").hexdigest() == (
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

# The request-body key pinned in agentidemp-rs's tests (serde_json's output
# for the body, members sorted).
BODY = b'{"messages":[{"content":"hi","role":"user"}],"model":"claude-sonnet-4-20250514"}'
assert sha256_hex(BODY) == "ik_5c181ca05655562a20cd9639a1bea983"

# RFC 9562, Appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
assert uuid5_key(uuid.NAMESPACE_DNS, b"www.example.com") == (
    "2ed6657d-e927-568b-95e1-2665a8aea6a2")
# Python documentation, uuid module examples: uuid5(NAMESPACE_DNS, "python.org").
assert uuid5_key(uuid.NAMESPACE_DNS, b"python.org") == (
    "886313e1-3b8a-5372-9b90-0c9aee199e5d")

# The scoped definition.
assert scoped_sha256_hex(b"user-1", b"payload") == sha256_hex(b"user-1\x00payload")

# RFC 9562, section 6.6: the name-space IDs.
NAMESPACES = [
    ("DNS", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
    ("URL", "6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
    ("OID", "6ba7b812-9dad-11d1-80b4-00c04fd430c8"),
    ("X500", "6ba7b814-9dad-11d1-80b4-00c04fd430c8"),
    # The siblings' namespace is the DNS namespace, not a namespace of its own.
    ("Anthropic", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
]
assert uuid.UUID(NAMESPACES[0][1]) == uuid.NAMESPACE_DNS
assert uuid.UUID(NAMESPACES[1][1]) == uuid.NAMESPACE_URL
assert uuid.UUID(NAMESPACES[2][1]) == uuid.NAMESPACE_OID
assert uuid.UUID(NAMESPACES[3][1]) == uuid.NAMESPACE_X500
NS = {name: uuid.UUID(s) for name, s in NAMESPACES}


# ---------------------------------------------------------------------------
# sha256_hex
# ---------------------------------------------------------------------------

sha256_rows = []


def add_sha256(comment, content, expect=None):
    key = sha256_hex(to_bytes(content))
    if expect is not None:
        assert key == expect, (comment, key, expect)
    sha256_rows.append({"comment": comment, "content": to_json(content), "key": key})


add_sha256("empty input", utf8(""), "ik_e3b0c44298fc1c149afbf4c8996fb924")
add_sha256("empty input, hex encoding", raw(b""), "ik_e3b0c44298fc1c149afbf4c8996fb924")
add_sha256("\"abc\" (FIPS 180-2 B.1)", utf8("abc"), "ik_ba7816bf8f01cfea414140de5dae2223")
add_sha256("\"abc\" in hex encoding gives the same key", raw(b"abc"),
           "ik_ba7816bf8f01cfea414140de5dae2223")
add_sha256("request-body vector pinned in agentidemp-rs's tests",
           utf8(BODY.decode("ascii")), "ik_5c181ca05655562a20cd9639a1bea983")
add_sha256("the same body with a space after the first colon: a different key "
           "(Sha256Hex hashes bytes, not JSON values)",
           utf8(BODY.decode("ascii").replace(":", ": ", 1)))
add_sha256("56-byte two-block message (FIPS 180-2 B.2)", utf8(FIPS_56.decode("ascii")),
           "ik_248d6a61d20638b8e5c026930c3e6039")
add_sha256("one byte 0x00", raw(b"\x00"))
add_sha256("one byte 0xff", raw(b"\xff"))
add_sha256("one ASCII byte", utf8("a"))
for n in (1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000):
    add_sha256("%d bytes of pattern \"sha256/%d\" (SHA-256 block boundary)" % (n, n),
               long_raw("sha256/%d" % n, n))
for n in (55, 56, 64, 1000):
    add_sha256("%d ASCII bytes of text pattern \"sha256-text/%d\"" % (n, n),
               long_text("sha256-text/%d" % n, n))
add_sha256("all 256 byte values, 0x00 to 0xff", raw(bytes(range(256))))
add_sha256("binary with NUL and 0xff bytes", raw(b"\x00\xff\x00\x01\xfe\xff\x00"))
add_sha256("invalid UTF-8: lone continuation byte", raw(b"a\x80b"))
add_sha256("NUL inside text", utf8("a\u0000b"))
add_sha256("accents, precomposed (NFC): caf\u00e9", utf8("caf\u00e9"))
add_sha256("accents, decomposed (NFD): a different key, no Unicode normalization",
           utf8("cafe\u0301"))
add_sha256("accented text: na\u00efve r\u00e9sum\u00e9 \u00c5ngstr\u00f6m", utf8("na\u00efve r\u00e9sum\u00e9 \u00c5ngstr\u00f6m"))
add_sha256("CJK text", utf8("\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 \u4e2d\u6587 \ud55c\uad6d\uc5b4"))
add_sha256("emoji outside the BMP (surrogate pairs in JSON)", utf8("\U0001f980\U0001f44d\U0001f3fd"))
add_sha256("emoji ZWJ sequence", utf8("\U0001f468\u200d\U0001f469\u200d\U0001f467"))
add_sha256("the same emoji text as hex bytes", raw("\U0001f980\U0001f44d\U0001f3fd".encode("utf-8")))
add_sha256("JSON body with non-ASCII content",
           utf8('{"messages":[{"content":"\u00bfqu\u00e9 tal? \u4f60\u597d \U0001f600","role":"user"}]}'))
add_sha256("line breaks and tab", utf8("line1\nline2\r\n\tend"))

# ---------------------------------------------------------------------------
# scoped_sha256_hex
# ---------------------------------------------------------------------------

scoped_rows = []


def add_scoped(comment, scope, content, expect=None):
    key = scoped_sha256_hex(to_bytes(scope), to_bytes(content))
    if expect is not None:
        assert key == expect, (comment, key, expect)
    scoped_rows.append({"comment": comment, "scope": to_json(scope),
                        "content": to_json(content), "key": key})


add_scoped("scope \"user-1\", content \"payload\": Sha256Hex of \"user-1\\u0000payload\"",
           utf8("user-1"), utf8("payload"), sha256_hex(b"user-1\x00payload"))
add_scoped("different scope, same content: a different key", utf8("user-2"), utf8("payload"))
add_scoped("empty scope: Sha256Hex of \"\\u0000\" || content", utf8(""), utf8("payload"),
           sha256_hex(b"\x00payload"))
add_scoped("empty content", utf8("user-1"), utf8(""), sha256_hex(b"user-1\x00"))
add_scoped("empty scope and content: Sha256Hex of one 0x00 byte", utf8(""), raw(b""),
           sha256_hex(b"\x00"))
add_scoped("published request body in scope \"tenant-42\"", utf8("tenant-42"),
           utf8(BODY.decode("ascii")))
add_scoped("non-ASCII scope and content", utf8("\u7528\u6237-\u00e9\U0001f511"),
           utf8("contenu \u00e0 signer \u2713"))
add_scoped("binary content with NUL and 0xff", utf8("s"), raw(b"\xff\x00\x00\xff"))
add_scoped("binary scope, invalid UTF-8", raw(b"\xff\xfe\x80"), utf8("x"))
add_scoped("NUL inside the scope: equals the next row, expected by design",
           utf8("a\u0000b"), utf8("c"))
add_scoped("NUL inside the content: equals the previous row, expected by design",
           utf8("a"), utf8("b\u0000c"))
assert scoped_rows[-1]["key"] == scoped_rows[-2]["key"]
for sn, cn in ((1, 510), (1, 511), (1, 512), (0, 511), (0, 1024), (511, 0), (511, 1),
               (512, 0), (512, 1), (513, 1), (1024, 1), (1025, 600), (200, 2000)):
    add_scoped("scope of %d bytes, content of %d bytes (512-byte buffer boundaries)" % (sn, cn),
               long_text("scoped/scope/%d/%d" % (sn, cn), sn),
               long_raw("scoped/content/%d/%d" % (sn, cn), cn))

# ---------------------------------------------------------------------------
# scoped_key
# ---------------------------------------------------------------------------

scoped_key_rows = []


def add_scoped_key(comment, scope, parts, expect=None):
    key = scoped_key(to_bytes(scope), [to_bytes(p) for p in parts])
    if expect is not None:
        assert key == expect, (comment, key, expect)
    scoped_key_rows.append({"comment": comment, "scope": to_json(scope),
                            "parts": [to_json(p) for p in parts], "key": key})
    return key


add_scoped_key("no parts: Sha256Hex of the scope alone", utf8("user-1"), [],
               sha256_hex(b"user-1"))
add_scoped_key("no parts, empty scope: Sha256Hex of the empty input", utf8(""), [],
               "ik_e3b0c44298fc1c149afbf4c8996fb924")
add_scoped_key("no parts, scope \"abc\": equals Sha256Hex(\"abc\")", utf8("abc"), [],
               "ik_ba7816bf8f01cfea414140de5dae2223")
add_scoped_key("one part: equals ScopedSha256Hex(\"user-1\", \"payload\")",
               utf8("user-1"), [utf8("payload")], scoped_sha256_hex(b"user-1", b"payload"))
add_scoped_key("one part, empty scope", utf8(""), [utf8("payload")],
               scoped_sha256_hex(b"", b"payload"))
add_scoped_key("one empty part", utf8("s"), [utf8("")], sha256_hex(b"s\x00"))
add_scoped_key("two empty parts", utf8("s"), [utf8(""), utf8("")], sha256_hex(b"s\x00\x00"))
add_scoped_key("empty scope, one empty part: Sha256Hex of one 0x00 byte", utf8(""), [utf8("")],
               sha256_hex(b"\x00"))
add_scoped_key("empty scope, three empty parts", utf8(""), [utf8("")] * 3,
               sha256_hex(b"\x00\x00\x00"))
add_scoped_key("empty part between two parts", utf8("s"), [utf8("a"), utf8(""), utf8("b")],
               sha256_hex(b"s\x00a\x00\x00b"))
add_scoped_key("two parts", utf8("tenant-42"), [utf8("POST"), utf8("/v1/messages")],
               sha256_hex(b"tenant-42\x00POST\x00/v1/messages"))
add_scoped_key("three parts", utf8("user-1"),
               [utf8("POST"), utf8("/v1/messages"), utf8(BODY.decode("ascii"))])
add_scoped_key("parts in another order: a different key", utf8("user-1"),
               [utf8("/v1/messages"), utf8("POST"), utf8(BODY.decode("ascii"))])
k1 = add_scoped_key("NUL inside a part: equals the next row, expected by design "
                    "(the 0x00 separator is not escaped)",
                    utf8("a"), [utf8("b\u0000c")], sha256_hex(b"a\x00b\x00c"))
k2 = add_scoped_key("two parts \"b\", \"c\": equals the previous row, expected by design",
                    utf8("a"), [utf8("b"), utf8("c")])
assert k1 == k2
k3 = add_scoped_key("NUL inside the scope, no parts: equals the next row, expected by design",
                    utf8("a\u0000b"), [])
k4 = add_scoped_key("scope \"a\", one part \"b\": equals the previous row, expected by design",
                    utf8("a"), [utf8("b")])
assert k3 == k4
add_scoped_key("non-ASCII scope and parts", utf8("\u00e9quipe-\u6771\u4eac"),
               [utf8("\u00fcber"), utf8("\u4e2d\u6587"), utf8("\U0001f680\U0001f30d")])
add_scoped_key("binary parts with NUL, 0xff and invalid UTF-8", raw(b"\xff"),
               [raw(b"\x00"), raw(b"\xff\xfe"), raw(b"\xc3\x28"), raw(b"\x80\x00\xff")])
add_scoped_key("8 parts", utf8("scope-8"), [utf8("part-%d" % i) for i in range(8)])
add_scoped_key("50 parts", utf8("scope-50"), [utf8("p%d" % i) for i in range(50)])
add_scoped_key("50 one-byte binary parts 0x00..0x31", utf8(""),
               [raw(bytes([i])) for i in range(50)])
# Boundaries of a 512-byte staging buffer: the bytes before a separator, a
# separator landing on the last slot or the first slot after a flush, and parts
# that fill, just overflow or span the buffer several times.
BUFFER_CASES = [
    (511, [0]),
    (511, [0, 0]),
    (511, [1]),
    (512, [0]),
    (512, [1]),
    (513, [0]),
    (1023, [0]),
    (1024, [0]),
    (1024, [1]),
    (1025, [1]),
    (600, []),
    (1024, []),
    (1025, []),
    (1, [510]),
    (1, [510, 0]),
    (1, [510, 1]),
    (1, [511]),
    (1, [511, 1]),
    (0, [511]),
    (0, [511, 0]),
    (0, [512]),
    (0, [513]),
    (0, [1023]),
    (0, [1024]),
    (0, [1025]),
    (0, [2000, 3]),
    (10, [500, 0]),
    (10, [500, 1]),
    (10, [501, 0]),
    (100, [300, 100, 9, 0, 1, 600]),
    (5, [506, 511, 511, 1]),
    (700, [700, 700]),
]
for sn, pns in BUFFER_CASES:
    tag = "%d/%s" % (sn, ",".join(str(n) for n in pns) or "-")
    scope = long_text("scoped_key/scope/" + tag, sn)
    parts = []
    for i, n in enumerate(pns):
        label = "scoped_key/part/%s/%d" % (tag, i)
        # Alternate the two encodings so that both decoders see long inputs.
        parts.append(long_raw(label, n) if i % 2 == 0 else long_text(label, n))
    add_scoped_key("scope of %d bytes, parts of %s bytes (512-byte buffer boundaries)"
                   % (sn, pns), scope, parts)
# A scope of 511 bytes followed by many one-byte parts walks the buffer fill
# level through every position.
add_scoped_key("scope of 511 bytes, 300 one-byte parts", long_text("scoped_key/walk", 511),
               [raw(bytes([i % 256])) for i in range(300)])

# ---------------------------------------------------------------------------
# uuid5
# ---------------------------------------------------------------------------

uuid5_rows = []

# Not RFC namespaces: a version-4-shaped ID written out by hand, the Nil and
# Max UUIDs, and a namespace that is itself a version-5 UUID.
CUSTOM_NS = uuid.UUID("8f14e45f-ceea-467a-9a36-dedd4bea2543")
NIL_NS = uuid.UUID("00000000-0000-0000-0000-000000000000")
MAX_NS = uuid.UUID("ffffffff-ffff-ffff-ffff-ffffffffffff")
DERIVED_NS = uuid.UUID(uuid5_key(NS["URL"], b"https://example.com/agentidemp"))


def add_uuid5(comment, ns, name, expect=None):
    key = uuid5_key(ns, to_bytes(name))
    if expect is not None:
        assert key == expect, (comment, key, expect)
    uuid5_rows.append({"comment": comment, "namespace": str(ns), "name": to_json(name),
                       "key": key})


add_uuid5("RFC 9562 Appendix A.4: \"www.example.com\" in the DNS namespace",
          NS["DNS"], utf8("www.example.com"), "2ed6657d-e927-568b-95e1-2665a8aea6a2")
add_uuid5("RFC 9562 Appendix A.4 with the name in hex encoding",
          NS["DNS"], raw(b"www.example.com"), "2ed6657d-e927-568b-95e1-2665a8aea6a2")
add_uuid5("Python uuid documentation example: \"python.org\" in the DNS namespace",
          NS["DNS"], utf8("python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d")
for nsname in ("DNS", "URL", "OID", "X500"):
    add_uuid5("empty name, %s namespace" % nsname, NS[nsname], utf8(""))
add_uuid5("URL namespace", NS["URL"], utf8("https://example.com/v1/messages?x=1"))
add_uuid5("OID namespace", NS["OID"], utf8("1.3.6.1.4.1.343"))
add_uuid5("X500 namespace", NS["X500"], utf8("CN=Example,O=Example Org,C=US"))
add_uuid5("request body in the DNS namespace (the siblings' NAMESPACE_ANTHROPIC)",
          NS["DNS"], utf8(BODY.decode("ascii")))
add_uuid5("custom namespace", CUSTOM_NS, utf8("www.example.com"))
add_uuid5("custom namespace, empty name", CUSTOM_NS, raw(b""))
add_uuid5("Nil UUID as namespace", NIL_NS, utf8("www.example.com"))
add_uuid5("Max UUID as namespace", MAX_NS, utf8("www.example.com"))
add_uuid5("a version-5 UUID as namespace", DERIVED_NS, utf8("job-17"))
add_uuid5("non-ASCII name: accents", NS["DNS"], utf8("m\u00fcnchen-caf\u00e9.example"))
add_uuid5("non-ASCII name: CJK", NS["DNS"], utf8("\u4f8b\u3048.\u30c6\u30b9\u30c8"))
add_uuid5("non-ASCII name: emoji", NS["URL"], utf8("https://example.com/\U0001f600"))
add_uuid5("NUL inside the name", NS["DNS"], utf8("a\u0000b"))
add_uuid5("invalid UTF-8 name: single 0xff", NS["DNS"], raw(b"\xff"))
add_uuid5("invalid UTF-8 name: lone continuation byte", NS["DNS"], raw(b"\x80"))
add_uuid5("invalid UTF-8 name: 0xc3 0x28", NS["DNS"], raw(b"\xc3\x28"))
add_uuid5("invalid UTF-8 name: overlong \"/\" (0xc0 0xaf)", NS["DNS"], raw(b"\xc0\xaf"))
add_uuid5("invalid UTF-8 name: encoded surrogate U+D800", NS["DNS"], raw(b"\xed\xa0\x80"))
add_uuid5("invalid UTF-8 name: truncated 3-byte sequence", NS["DNS"], raw(b"\xe6\x97"))
add_uuid5("invalid UTF-8 name: all 256 byte values", CUSTOM_NS, raw(bytes(range(256))))
for n in (39, 40, 47, 48, 49, 103, 104, 1000):
    # SHA-1 hashes 16 namespace bytes before the name; 55, 56, 63, 64 and 65
    # bytes in total are block boundaries.
    add_uuid5("name of %d bytes (%d bytes hashed with the namespace)" % (n, n + 16),
              NS["DNS"], long_raw("uuid5/%d" % n, n))
add_uuid5("name of 200 ASCII bytes", NS["URL"], long_text("uuid5-text/200", 200))
for row in uuid5_rows:
    if row["comment"].startswith("invalid UTF-8"):
        name = bytes.fromhex(row["name"]["hex"])
        try:
            name.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise AssertionError("name is valid UTF-8: " + row["comment"])

# ---------------------------------------------------------------------------
# namespaces
# ---------------------------------------------------------------------------

namespace_rows = [{"name": name, "uuid": s} for name, s in NAMESPACES]

# ---------------------------------------------------------------------------
# parse_uuid
# ---------------------------------------------------------------------------

parse_rows = []
DNS_S = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"


def at(s, i, repl, width=1):
    """s with width characters at index i replaced by repl."""
    return s[:i] + repl + s[i + width:]


def add_parse(comment, text, expect):
    """expect is a canonical UUID string or an int error offset."""
    got = parse_uuid(text)
    want = ("uuid", expect) if isinstance(expect, str) else ("error_offset", expect)
    assert got == want, (comment, text, got, want)
    row = {"comment": comment, "input": text}
    row[got[0]] = got[1]
    parse_rows.append(row)


add_parse("canonical lowercase (DNS namespace)", DNS_S, DNS_S)
add_parse("uppercase hex digits", DNS_S.upper(), DNS_S)
add_parse("mixed-case hex digits", "6Ba7B810-9dAd-11D1-80b4-00C04fD430c8", DNS_S)
add_parse("RFC 9562 Appendix A.4 result", "2ed6657d-e927-568b-95e1-2665a8aea6a2",
          "2ed6657d-e927-568b-95e1-2665a8aea6a2")
add_parse("Nil UUID", str(NIL_NS), str(NIL_NS))
add_parse("Max UUID, uppercase", str(MAX_NS).upper(), str(MAX_NS))
add_parse("version and variant are not checked", "01234567-89ab-cdef-0123-456789abcdef",
          "01234567-89ab-cdef-0123-456789abcdef")
add_parse("every hex digit in both cases", "0123abcd-ABCD-ef01-EF23-456789aBcDeF",
          "0123abcd-abcd-ef01-ef23-456789abcdef")

add_parse("empty string", "", -1)
add_parse("35 bytes: last digit missing", DNS_S[:-1], -1)
add_parse("37 bytes: one digit too many", DNS_S + "0", -1)
add_parse("32 hex digits without hyphens", DNS_S.replace("-", ""), -1)
add_parse("one hyphen missing (35 bytes)", DNS_S[:8] + DNS_S[9:], -1)
add_parse("36 hex digits, no hyphens: first error at offset 8", (DNS_S.replace("-", "") + "abcd"), 8)
add_parse("first hyphen moved one place left", "6ba7b81-09dad-11d1-80b4-00c04fd430c8", 7)
add_parse("first hyphen moved one place right", "6ba7b8109-dad-11d1-80b4-00c04fd430c8", 8)
add_parse("last hyphen moved one place right", "6ba7b810-9dad-11d1-80b40-0c04fd430c8", 23)
add_parse("underscore instead of a hyphen", at(DNS_S, 13, "_"), 13)
add_parse("hex digit in the last hyphen position", at(DNS_S, 23, "0"), 23)
add_parse("all hyphens", "-" * 36, 0)
add_parse("'g' at offset 0", at(DNS_S, 0, "g"), 0)
add_parse("'g' at offset 35", at(DNS_S, 35, "g"), 35)
add_parse("'G' at offset 14", at(DNS_S, 14, "G"), 14)
add_parse("'/' (just below '0') at offset 1", at(DNS_S, 1, "/"), 1)
add_parse("':' (just above '9') at offset 9", at(DNS_S, 9, ":"), 9)
add_parse("'@' (just below 'A') at offset 19", at(DNS_S, 19, "@"), 19)
add_parse("'`' (just below 'a') at offset 24", at(DNS_S, 24, "`"), 24)
add_parse("'x' at offset 30", at(DNS_S, 30, "x"), 30)
add_parse("NUL byte at offset 5", at(DNS_S, 5, "\u0000"), 5)
add_parse("two errors: the lower offset is reported", at(at(DNS_S, 20, "z"), 3, "z"), 3)
add_parse("braces", "{" + DNS_S + "}", -1)
add_parse("braces replacing the first and last digits (36 bytes)",
          "{" + DNS_S[1:35] + "}", 0)
add_parse("urn:uuid: prefix", "urn:uuid:" + DNS_S, -1)
add_parse("leading space", " " + DNS_S, -1)
add_parse("trailing space", DNS_S + " ", -1)
add_parse("trailing newline", DNS_S + "\n", -1)
add_parse("leading space, last digit dropped (36 bytes)", " " + DNS_S[:-1], 0)
add_parse("non-ASCII: 'e' with acute (2 UTF-8 bytes) replacing two digits at offset 0",
          at(DNS_S, 0, "\u00e9", 2), 0)
add_parse("non-ASCII: 'e' with acute replacing the last two digits; offsets count bytes",
          at(DNS_S, 34, "\u00e9", 2), 34)
add_parse("non-ASCII: 'e' with acute replacing one digit gives 37 bytes; lengths count "
          "UTF-8 bytes, not characters", at(DNS_S, 3, "\u00e9"), -1)
add_parse("non-ASCII: fullwidth digit zero (3 UTF-8 bytes) replacing three digits",
          at(DNS_S, 24, "\uff10", 3), 24)
add_parse("non-ASCII: emoji (4 UTF-8 bytes) replacing four digits at offset 9",
          at(DNS_S, 9, "\U0001f600", 4), 9)
add_parse("non-ASCII: non-breaking space replacing a hyphen and a digit",
          at(DNS_S, 8, "\u00a0", 2), 8)

# ---------------------------------------------------------------------------
# Canonical JSON (SPEC.md section 3): the reference reader and writers
# ---------------------------------------------------------------------------

# Every canonical form below is computed twice, and the two must agree:
#
#   - by Node: JSON.parse, then the serializer NODE_CANON (members sorted by
#     JavaScript's default string order, which compares UTF-16 code units;
#     numbers as String(x), ECMAScript's Number::toString; strings as
#     JSON.stringify writes them), the definitions RFC 8785 itself uses;
#   - by read_json and write_json here: a reader of section 3's rules, with
#     Python's float() (correctly rounded, any length) for number values and
#     es_number for ECMAScript's Number::toString.
#
# JSON.parse is lenient (it takes duplicate names, lone surrogates and any
# integer), so Node is only given texts that read_json accepts. For a text
# that read_json refuses, the error kind and offset come from read_json
# alone, which follows section 3.3; every refusal row also states the kind
# and offset that section 3.3 gives it, and the two must agree. Every
# accepted row but the longest states its canonical form too.

MAX_JSON_DEPTH = 10000
MAX_JSON_LEN = 2 ** 32 - 1
JSON_WS = frozenset(b" \t\n\r")
DIGITS = frozenset(b"0123456789")
LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
AFTER_NUMBER = LETTERS | DIGITS | frozenset(b"_.+-")
AFTER_LITERAL = LETTERS | DIGITS | frozenset(b"_")
HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
ESCAPED = {ord('"'): '"', ord("\\"): "\\", ord("/"): "/", ord("b"): "\b", ord("f"): "\f",
           ord("n"): "\n", ord("r"): "\r", ord("t"): "\t"}
# Unicode table 3-7: for each lead byte, the length of the sequence and the
# range of its second byte (the others are 0x80 to 0xBF).
UTF8_LEADS = {}
for _lead in range(0xC2, 0xE0):
    UTF8_LEADS[_lead] = (2, 0x80, 0xBF)
for _lead in range(0xE0, 0xF0):
    UTF8_LEADS[_lead] = (3, 0x80, 0xBF)
for _lead in range(0xF0, 0xF5):
    UTF8_LEADS[_lead] = (4, 0x80, 0xBF)
UTF8_LEADS[0xE0] = (3, 0xA0, 0xBF)
UTF8_LEADS[0xED] = (3, 0x80, 0x9F)
UTF8_LEADS[0xF0] = (4, 0x90, 0xBF)
UTF8_LEADS[0xF4] = (4, 0x80, 0x8F)
# The deepest documents below recurse once per level.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * MAX_JSON_DEPTH))


class Refusal(Exception):
    """A refused JSON text: the error kind, named as in section 3.2, and the
    byte offset of section 3.3."""

    def __init__(self, kind, offset):
        super().__init__(kind, offset)
        self.kind, self.offset = kind, offset


def utf16_order(name):
    """The sort key of a member name: its UTF-16 code units, compared
    unsigned, a proper prefix first."""
    return name.encode("utf-16-be")


def es_number(x):
    """ECMAScript's Number::toString of the finite double x (section 3.4)."""
    assert math.isfinite(x)
    if x == 0:
        return "0"
    if x < 0:
        return "-" + es_number(-x)
    # repr gives the shortest digits that read back as x, nearest to x among
    # equally short ones, in Python's layout: take out the digits d1...dk
    # and n with x = 0.d1...dk * 10^n, then lay them out as ECMAScript does.
    mant, _, exp = repr(x).partition("e")
    ip, _, fp = mant.partition(".")
    digits = (ip + fp).lstrip("0")
    e10 = (int(exp) if exp else 0) - len(fp)  # x = int(digits) * 10^e10
    k = len(digits.rstrip("0"))
    e10 += len(digits) - k
    digits = digits[:k]
    n = e10 + k
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    return (digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if n >= 1 else "-")
            + str(abs(n - 1)))


# Section 3.4's examples of Number::toString.
for _x, _s in [(100.0, "100"), (1e20, "100000000000000000000"), (4.5, "4.5"),
               (333333333.3333333, "333333333.3333333"), (0.002, "0.002"), (0.000001, "0.000001"),
               (1e21, "1e+21"), (1e-7, "1e-7"), (5e-324, "5e-324"), (1.5e300, "1.5e+300"),
               (-0.0, "0"), (-1.5, "-1.5"), (9007199254740994.0, "9007199254740994"),
               (123456789012345680000.0, "123456789012345680000")]:
    assert es_number(_x) == _s, (_x, es_number(_x), _s)


def read_json(b):
    """The value of the JSON text b (bytes) by section 3's rules, or raises
    Refusal. A value is None, True, False, ("num", float), str, a list, or
    ("obj", [(name, value), ...]) in input order."""
    n = len(b)
    if n > MAX_JSON_LEN:
        raise Refusal("ErrTooLarge", 0)
    dups = []  # for each object with a duplicate name, the offset to report

    def ws(i):
        while i < n and b[i] in JSON_WS:
            i += 1
        return i

    def at(i):
        """The byte at i; an input that ends before i ends early."""
        if i >= n:
            raise Refusal("ErrUnexpectedEnd", n)
        return b[i]

    def hex4(i):
        """The code unit of the \\u escape whose backslash is at i."""
        for j in range(i + 2, i + 6):
            if at(j) not in HEX_DIGITS:
                raise Refusal("ErrInvalidString", j)
        return int(b[i + 2:i + 6], 16), i + 6

    def string(i):
        i += 1
        out = []
        while True:
            c = at(i)
            if c == ord('"'):
                return "".join(out), i + 1
            if c == ord("\\"):
                e = at(i + 1)
                if e in ESCAPED:
                    out.append(ESCAPED[e])
                    i += 2
                    continue
                if e != ord("u"):
                    raise Refusal("ErrInvalidString", i + 1)
                start = i
                u, i = hex4(i)
                if 0xDC00 <= u <= 0xDFFF:
                    raise Refusal("ErrLoneSurrogate", start)
                if not 0xD800 <= u <= 0xDBFF:
                    out.append(chr(u))
                    continue
                # A high surrogate: the next escape is read before the pair
                # is judged.
                if at(i) != ord("\\"):
                    raise Refusal("ErrLoneSurrogate", start)
                e = at(i + 1)
                if e in ESCAPED:
                    raise Refusal("ErrLoneSurrogate", start)
                # Whether a bad escape here is reported as such or as the
                # lone high surrogate, section 3.3 leaves open: no row has one.
                assert e == ord("u"), "high surrogate before a bad escape"
                low, i = hex4(i)
                if not 0xDC00 <= low <= 0xDFFF:
                    raise Refusal("ErrLoneSurrogate", start)
                out.append(chr(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)))
                continue
            if c < 0x20:
                raise Refusal("ErrInvalidString", i)
            if c < 0x80:
                out.append(chr(c))
                i += 1
                continue
            if c not in UTF8_LEADS:
                raise Refusal("ErrInvalidUTF8", i)
            size, lo, hi = UTF8_LEADS[c]
            for j in range(i + 1, i + size):
                if not lo <= at(j) <= hi:
                    raise Refusal("ErrInvalidUTF8", j)
                lo, hi = 0x80, 0xBF
            out.append(b[i:i + size].decode("utf-8"))
            i += size

    def number(i):
        start = i
        if b[i] == ord("-"):
            i += 1
        c = at(i)
        if c == ord("0"):
            i += 1
        elif c in DIGITS:
            while i < n and b[i] in DIGITS:
                i += 1
        else:
            raise Refusal("ErrInvalidNumber", i)
        integer = True
        if i < n and b[i] == ord("."):
            integer = False
            i += 1
            if at(i) not in DIGITS:
                raise Refusal("ErrInvalidNumber", i)
            while i < n and b[i] in DIGITS:
                i += 1
        if i < n and b[i] in b"eE":
            integer = False
            i += 1
            if at(i) in b"+-":
                i += 1
            if at(i) not in DIGITS:
                raise Refusal("ErrInvalidNumber", i)
            while i < n and b[i] in DIGITS:
                i += 1
        # The grammar and the byte after the number before its value.
        if i < n and b[i] in AFTER_NUMBER:
            raise Refusal("ErrInvalidNumber", i)
        lit = b[start:i].decode("ascii")
        x = float(lit)
        if math.isinf(x):
            raise Refusal("ErrNumberRange", start)
        if integer and abs(int(lit)) > 2 ** 53 and es_number(x) != lit:
            raise Refusal("ErrUnsafeInteger", start)
        return ("num", x), i

    def literal(i, word, v):
        for j, c in enumerate(word):
            if at(i + j) != c:
                raise Refusal("ErrSyntax", i + j)
        i += len(word)
        if i < n and b[i] in AFTER_LITERAL:
            raise Refusal("ErrSyntax", i)
        return v, i

    def value(i, depth):
        c = at(i)
        if c == ord("[") or c == ord("{"):
            if depth > MAX_JSON_DEPTH:
                raise Refusal("ErrTooDeep", i)
            is_obj = c == ord("{")
            close = ord("}") if is_obj else ord("]")
            items = []
            i = ws(i + 1)
            if at(i) != close:
                while True:
                    if is_obj:
                        if at(i) != ord('"'):
                            raise Refusal("ErrSyntax", i)
                        quote = i
                        name, i = string(i)
                        i = ws(i)
                        if at(i) != ord(":"):
                            raise Refusal("ErrSyntax", i)
                        v, i = value(ws(i + 1), depth + 1)
                        items.append((name, v, quote))
                    else:
                        v, i = value(i, depth + 1)
                        items.append(v)
                    i = ws(i)
                    if at(i) == ord(","):
                        i = ws(i + 1)
                        continue
                    if b[i] != close:
                        raise Refusal("ErrSyntax", i)
                    break
            if not is_obj:
                return items, i + 1
            # The duplicated name that sorts first, at its second occurrence.
            seen, second = set(), {}
            for name, _, quote in items:
                if name in seen:
                    second.setdefault(name, quote)
                seen.add(name)
            if second:
                dups.append(second[min(second, key=utf16_order)])
            return ("obj", [(name, v) for name, v, _ in items]), i + 1
        if c == ord('"'):
            return string(i)
        if c == ord("-") or c in DIGITS:
            return number(i)
        if c == ord("+") or c == ord("."):
            raise Refusal("ErrInvalidNumber", i)
        if c == ord("t"):
            return literal(i, b"true", True)
        if c == ord("f"):
            return literal(i, b"false", False)
        if c == ord("n"):
            return literal(i, b"null", None)
        raise Refusal("ErrSyntax", i)

    v, i = value(ws(0), 1)
    i = ws(i)
    if i < n:
        raise Refusal("ErrTrailingData", i)
    # Duplicate names only when there is no other fault.
    if dups:
        raise Refusal("ErrDuplicateName", min(dups))
    return v


STRING_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
                  "\r": "\\r"}


def write_json(v):
    """The canonical form (section 3.1) of a value of read_json, as text."""
    if v is None or v is True or v is False:
        return {None: "null", True: "true", False: "false"}[v]
    if isinstance(v, str):
        return '"' + "".join(STRING_ESCAPES.get(ch) or ("\\u%04x" % ord(ch) if ch < " " else ch)
                             for ch in v) + '"'
    if isinstance(v, list):
        return "[" + ",".join(write_json(w) for w in v) + "]"
    tag, val = v
    if tag == "num":
        return es_number(val)
    return "{" + ",".join(write_json(name) + ":" + write_json(w)
                          for name, w in sorted(val, key=lambda m: utf16_order(m[0]))) + "}"


def json_refusal(b):
    """(kind, offset) when read_json refuses b, else None."""
    try:
        read_json(b)
    except Refusal as r:
        return (r.kind, r.offset)
    return None


NODE_CANON = r"""
// The canonical form of a value of JSON.parse, written with a stack of work
// rather than recursion, so that deep nesting does not exhaust the stack.
const canon = root => {
  const out = [];
  const work = [{ value: root }];
  while (work.length > 0) {
    const w = work.pop();
    if (typeof w === "string") {
      out.push(w);
      continue;
    }
    const v = w.value;
    if (v === null || typeof v === "boolean") {
      out.push(String(v));
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new Error("not a finite number");
      out.push(String(v));
    } else if (typeof v === "string") {
      out.push(JSON.stringify(v));
    } else {
      const items = [];
      if (Array.isArray(v)) {
        items.push("[");
        v.forEach((x, i) => items.push(...(i > 0 ? [","] : []), { value: x }));
        items.push("]");
      } else {
        items.push("{");
        Object.keys(v).sort().forEach((k, i) =>
          items.push(...(i > 0 ? [","] : []), JSON.stringify(k) + ":", { value: v[k] }));
        items.push("}");
      }
      for (let i = items.length - 1; i >= 0; i--) work.push(items[i]);
    }
  }
  return out.join("");
};
const chunks = [];
process.stdin.on("data", d => chunks.push(d));
process.stdin.on("end", () => {
  const texts = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  process.stdout.write(JSON.stringify(texts.map(t => canon(JSON.parse(t)))));
});
"""

CANON = {}


def prepare_canonical(texts):
    """Computes the canonical forms of the JSON texts (bytes) that read_json
    accepts, with node and with write_json, checks that they agree, and keeps
    them in CANON."""
    import subprocess
    texts = [t for t in dict.fromkeys(texts) if t not in CANON]
    out = subprocess.run(["node", "-e", NODE_CANON], check=True, capture_output=True,
                         input=json.dumps([t.decode("utf-8") for t in texts]).encode("utf-8"))
    for t, c in zip(texts, json.loads(out.stdout)):
        c = c.encode("utf-8")
        mine = write_json(read_json(t)).encode("utf-8")
        assert c == mine, (t[:200], c[:200], mine[:200])
        # A canonical form is accepted and is its own canonical form.
        assert write_json(read_json(c)).encode("utf-8") == c
        CANON[t] = c


# ---------------------------------------------------------------------------
# canonical_json
# ---------------------------------------------------------------------------

# Each case: a comment, the input, and what section 3 gives for it: the
# canonical form, ACCEPTED (accepted, the canonical form too long to write
# out here) or (kind, offset). Text stands for its UTF-8 bytes.

ACCEPTED = object()
canonical_cases = []


def case(comment, text, expect):
    if isinstance(text, str):
        text = text.encode("utf-8")
    if isinstance(expect, str):
        expect = expect.encode("utf-8")
    canonical_cases.append((comment, text, expect))


ALL_CONTROLS = "".join("\\u%04X" % c for c in range(0x20))

# Accepted: structure and whitespace.
case("section 3.1's example: members sorted, numbers and escapes rewritten",
     '{"b":[1.50,2E2,-0], "a":"\\u00e9\\/\\u001F"}', '{"a":"\u00e9/\\u001f","b":[1.5,200,0]}')
case("section 2's example", '{"b":1,"a":[1.0,2E0]}', '{"a":[1,2],"b":1}')
case("SP, HTAB, LF and CR around every token are dropped",
     ' \t\n\r{ \t\n\r"a" \t\n\r: \t\n\r[ 1 ,\t2\n]\r,"b":{ } } \r\n', '{"a":[1,2],"b":{}}')
case("empty object and arrays", '[ {}, [ ], {"": []} ]', '[{},[],{"":[]}]')
case("a top-level string", ' "x" ', '"x"')
case("a top-level true", "true", "true")
case("a top-level false", "false", "false")
case("a top-level null", "\nnull\n", "null")
case("a top-level number", "\t-0.0\t", "0")
case("nested objects are sorted at every level; arrays keep their order",
     '{"z":{"y":[3,1,2],"b":{"d":1,"c":2}},"a":[{"b":1,"a":2},{"a":3}]}',
     '{"a":[{"a":2,"b":1},{"a":3}],"z":{"b":{"c":2,"d":1},"y":[3,1,2]}}')
case("literals in an object", '{"t":true,"f":false,"n":null}', '{"f":false,"n":null,"t":true}')
case("nesting of exactly MaxJSONDepth = 10000: 9999 arrays, then an object holding a number "
     "(scalars add no depth)", "[" * 9999 + '{"a":1}' + "]" * 9999, ACCEPTED)

# Accepted: strings.
case("\\u escapes become raw UTF-8, a surrogate pair one 4-byte character",
     '"\\u00e9\\u4E2D\\ud83d\\ude00"', '"\u00e9\u4e2d\U0001f600"')
case("raw UTF-8 stays raw, 1 to 4 bytes per character",
     '"A\u00e9\u4e2d\U0001f600\U0010ffff"', '"A\u00e9\u4e2d\U0001f600\U0010ffff"')
case("\\/ is written as /", '["\\/", "a/b"]', '["/","a/b"]')
case("every control character escaped in the input: \\b \\t \\n \\f \\r short, the others "
     "\\u00xx in lowercase", '"' + ALL_CONTROLS + '"',
     '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e'
     '\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a'
     '\\u001b\\u001c\\u001d\\u001e\\u001f"')
case("short escapes stay short", '"\\b\\f\\n\\r\\t"', '"\\b\\f\\n\\r\\t"')
case("\\u escapes of quote and backslash become \\\" and \\\\", '"\\u0022\\u005C\\"\\\\"',
     '"\\"\\\\\\"\\\\"')
case("DEL, U+0080, U+2028, U+2029, U+FEFF, U+FFFF and HTML characters are written raw",
     '"\\u007f\\u0080\\u2028\\u2029\\ufeff\\uffff<>&\'"',
     '"\x7f\u0080\u2028\u2029\ufeff\uffff<>&\'"')
case("escaped ASCII letters are unescaped", '"\\u0041\\u0062c"', '"Abc"')
case("a name written with escapes sorts by what it unescapes to",
     '{"\\u0062":1,"a":2}', '{"a":2,"b":1}')

# Accepted: member order.
case("U+1F600 (d83d de00) sorts before U+FB33: UTF-16 code units, not code points",
     '{"\\ufb33":1,"\\ud83d\\ude00":2}', '{"\U0001f600":2,"\ufb33":1}')
case("U+10000 (d800 dc00) sorts before U+E000, raw UTF-8 names",
     '{"\ue000":1,"\U00010000":2}', '{"\U00010000":2,"\ue000":1}')
case("U+10FFFF (dbff dfff) sorts before U+FFFF",
     '{"\\uffff":1,"\\udbff\\udfff":2}', '{"\U0010ffff":2,"\uffff":1}')
case("RFC 8785 section 3.2.3's sorting example",
     '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh",'
     '"1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control",'
     '"\\u00f6":"Latin Small Letter O With Diaeresis"}',
     '{"\\r":"Carriage Return","1":"One","\u0080":"Control",'
     '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",'
     '"\U0001f600":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}')
case("a proper prefix sorts first; the empty name first of all",
     '{"ab":1,"b":2,"a":3,"":4,"a\\u0000":5}', '{"":4,"a":3,"a\\u0000":5,"ab":1,"b":2}')
case("upper case before lower case, by code unit, no case folding",
     '{"b":1,"B":2,"a":3,"A":4,"_":5}', '{"A":4,"B":2,"_":5,"a":3,"b":1}')
case("names that look like numbers sort as strings", '{"10":1,"2":2,"1":3,"-1":4,"01":5}',
     '{"-1":4,"01":5,"1":3,"10":1,"2":2}')
case("precomposed and decomposed e-acute are two names (no normalization)",
     '{"\\u00e9":1,"e\\u0301":2}', '{"e\u0301":2,"\u00e9":1}')

# Accepted: numbers.
case("1e21 and up in exponent form, with +; below it, digits and zeros",
     "[1e21,1e+21,1E21,1e20,100000000000000000000,999999999999999900000]",
     "[1e+21,1e+21,1e+21,100000000000000000000,100000000000000000000,999999999999999900000]")
case("1e-7 and below in exponent form; 1e-6 and above as 0.000...",
     "[1e-7,0.0000001,1e-6,0.000001,0.00001,1.5e-7]",
     "[1e-7,1e-7,0.000001,0.000001,0.00001,1.5e-7]")
case("both zeros in any spelling are 0", "[-0,-0.0,-0e5,0e-5,0.000,-0E+0,0e99999999999999999999]",
     "[0,0,0,0,0,0,0]")
case("subnormals: 5e-324 is the least; at most half of it reads as 0",
     "[5e-324,4.9406564584124654e-324,3e-324,2.4703282292062328e-324,"
     "2.4703282292062327e-324,2e-324,1e-400,-1e-400]",
     "[5e-324,5e-324,5e-324,5e-324,0,0,0,0]")
case("shortest round-trip digits", "[0.1,0.2,0.30000000000000004,1.0,0.1e1,123e-2,4.50,2E2,0.5e1]",
     "[0.1,0.2,0.30000000000000004,1,1,1.23,4.5,200,5]")
case("large exponents", "[1e308,1.5e300,1.7976931348623157e308,-1.7976931348623157e308,1e-300,"
     "1.7976931348623158e308]",
     "[1e+308,1.5e+300,1.7976931348623157e+308,-1.7976931348623157e+308,1e-300,"
     "1.7976931348623157e+308]")
case("exponent spellings", "[1E+2,1e-0,1e+0,10e-1,1e0001,1E-01]", "[100,1,1,1,10,0.1]")
case("negative numbers", "[-1.5,-0.001,-1e-7,-1e21,-123456789012345680000]",
     "[-1.5,-0.001,-1e-7,-1e+21,-123456789012345680000]")
case("more digits than a double holds", "[333333333.33333329,0.1000000000000000055511151231257827,"
     "1.00000000000000011102230246251565]", "[333333333.3333333,0.1,1]")
case("the integer rule: 2^53 and below, and integers beyond 2^53 written as their double's "
     "Number::toString, pass",
     "[9007199254740992,-9007199254740992,9007199254740991,9007199254740994,-9007199254740994,"
     "123456789012345680000,18446744073709552000]",
     "[9007199254740992,-9007199254740992,9007199254740991,9007199254740994,-9007199254740994,"
     "123456789012345680000,18446744073709552000]")
case("a fraction or an exponent makes a double by its spelling: no integer rule",
     "[9007199254740993.0,9007199254740993e0,-9007199254740993.0,1000000000000000000000.0,"
     "12345678901234567890e0]",
     "[9007199254740992,9007199254740992,-9007199254740992,1e+21,12345678901234567000]")

# Refused. Every kind of section 3.2 but ErrTooLarge (an input of 4 GiB).
case("empty input", "", ("ErrUnexpectedEnd", 0))
case("whitespace only", " \t\r\n", ("ErrUnexpectedEnd", 4))
case("ends after a comma", "[1,", ("ErrUnexpectedEnd", 3))
case("ends after a colon", '{"a":', ("ErrUnexpectedEnd", 5))
case("ends inside a string", '"abc', ("ErrUnexpectedEnd", 4))
case("ends inside a literal", "tru", ("ErrUnexpectedEnd", 3))
case("ends after a decimal point", "1.", ("ErrUnexpectedEnd", 2))
case("ends after an exponent sign", "1e+", ("ErrUnexpectedEnd", 3))
case("a lone minus sign", "-", ("ErrUnexpectedEnd", 1))
case("ends inside a \\u escape", '"\\u12', ("ErrUnexpectedEnd", 5))
case("ends after a high-surrogate escape", '"\\ud800', ("ErrUnexpectedEnd", 7))
case("ends after a high-surrogate escape and a backslash", '"\\ud800\\', ("ErrUnexpectedEnd", 8))
case("ends inside a UTF-8 sequence", b'"\xc3', ("ErrUnexpectedEnd", 2))
case("ends before the closing brace", '{"a":1', ("ErrUnexpectedEnd", 6))

case("two values in an array without a comma", "[1 2]", ("ErrSyntax", 3))
case("a trailing comma in an array", "[1,]", ("ErrSyntax", 3))
case("a trailing comma in an object", '{"a":1,}', ("ErrSyntax", 7))
case("a leading comma", "[,1]", ("ErrSyntax", 1))
case("single quotes", "'a'", ("ErrSyntax", 0))
case("a comment", "/*c*/1", ("ErrSyntax", 0))
case("NaN", "[NaN]", ("ErrSyntax", 1))
case("Infinity", "Infinity", ("ErrSyntax", 0))
case("a literal in the wrong case", "True", ("ErrSyntax", 0))
case("nan: the first byte that cannot stand is reported, not the token's start", "nan",
     ("ErrSyntax", 1))
case("a byte order mark", b"\xef\xbb\xbf{}", ("ErrSyntax", 0))
case("a form feed is not JSON whitespace", "\f1", ("ErrSyntax", 0))
case("a vertical tab is not JSON whitespace", "[\v1]", ("ErrSyntax", 1))
case("a no-break space is not JSON whitespace", b"\xc2\xa01", ("ErrSyntax", 0))
case("a non-ASCII byte outside a string", b"[\xc3\xa9]", ("ErrSyntax", 1))
case("an unquoted name", "{a:1}", ("ErrSyntax", 1))
case("a missing colon", '{"a" 1}', ("ErrSyntax", 5))
case("two colons", '{"a"::1}', ("ErrSyntax", 5))
case("a missing comma between members", '{"a":1 "b":2}', ("ErrSyntax", 7))
case("the wrong closing bracket", "[1}", ("ErrSyntax", 2))
case("a digit right after a literal", "true1", ("ErrSyntax", 4))
case("a letter right after a literal", "[nullx]", ("ErrSyntax", 5))
case("a wrong letter inside a literal", "[fals3]", ("ErrSyntax", 5))

case("two top-level values", "1 2", ("ErrTrailingData", 2))
case("a word after an object", "{} x", ("ErrTrailingData", 3))
case("a non-ASCII byte after the value", b"1 \xff", ("ErrTrailingData", 2))
case("an extra closing bracket", "[1]]", ("ErrTrailingData", 3))
case("two objects", "{}{}", ("ErrTrailingData", 2))
case("a NUL after the value", "{}\u0000", ("ErrTrailingData", 2))
case("a } after a number is not part of it", "1}", ("ErrTrailingData", 1))
case("trailing data after whitespace", '"a"\n\n#', ("ErrTrailingData", 5))

case("a plus sign", "+1", ("ErrInvalidNumber", 0))
case("a leading zero", "01", ("ErrInvalidNumber", 1))
case("a leading zero after a minus sign", "-01", ("ErrInvalidNumber", 2))
case("two zeros", "[00]", ("ErrInvalidNumber", 2))
case("no digit before the point", ".5", ("ErrInvalidNumber", 0))
case("no digit after the point", "[1.]", ("ErrInvalidNumber", 3))
case("no digit after the point, then an exponent", "[1.e5]", ("ErrInvalidNumber", 3))
case("hexadecimal", "0x1p4", ("ErrInvalidNumber", 1))
case("an underscore", "1_0", ("ErrInvalidNumber", 1))
case("a minus sign after a number", "1-2", ("ErrInvalidNumber", 1))
case("a second point", "1.5.3", ("ErrInvalidNumber", 3))
case("a second exponent", "1e5e", ("ErrInvalidNumber", 3))
case("no digit in the exponent", "[1ex]", ("ErrInvalidNumber", 3))
case("two exponent signs", "1E+-1", ("ErrInvalidNumber", 3))
case("a minus sign alone in an array", "[-]", ("ErrInvalidNumber", 2))
case("-Infinity", "-Infinity", ("ErrInvalidNumber", 1))
case("letters after a number", "[1,2a]", ("ErrInvalidNumber", 4))
case("the byte after a number is checked before its value: not ErrNumberRange", "1e400x",
     ("ErrInvalidNumber", 5))
case("the byte after a number is checked before its value: not ErrUnsafeInteger",
     "[9007199254740993x]", ("ErrInvalidNumber", 17))

case("1e400 is infinite", "1e400", ("ErrNumberRange", 0))
case("an infinite number in an array: the offset of its first byte", "[1e400]",
     ("ErrNumberRange", 1))
case("negative infinity: the offset of the minus sign", '{"a":[0,-1e309]}', ("ErrNumberRange", 8))
case("just past the largest double: rounds to infinity", "1.7976931348623159e308",
     ("ErrNumberRange", 0))
case("an integer literal of 310 digits is infinite: ErrNumberRange, not ErrUnsafeInteger",
     "1" + "0" * 309, ("ErrNumberRange", 0))
case("the first fault in the input is reported: the number before the bad comma", "[1e400,]",
     ("ErrNumberRange", 1))

case("2^53 + 1 is not a double's Number::toString", "9007199254740993",
     ("ErrUnsafeInteger", 0))
case("-(2^53 + 1): the offset of the minus sign", "-9007199254740993", ("ErrUnsafeInteger", 0))
case("2^53 + 3 reads as 9007199254740996", "9007199254740995", ("ErrUnsafeInteger", 0))
case("12345678901234567890 reads as 12345678901234567000", "12345678901234567890",
     ("ErrUnsafeInteger", 0))
case("10^21 as an integer literal: its double's form is 1e+21", "1000000000000000000000",
     ("ErrUnsafeInteger", 0))
case("2^64 written out: its double's form is 18446744073709552000", "18446744073709551616",
     ("ErrUnsafeInteger", 0))
case("10^308 written out: its double's form is 1e+308", "1" + "0" * 308, ("ErrUnsafeInteger", 0))
case("an unsafe integer in an array", "[1,9007199254740993]", ("ErrUnsafeInteger", 3))
case("an unsafe integer as a member value", '{"id":9007199254740993}', ("ErrUnsafeInteger", 6))
case("an unsafe integer before a syntax error: reported first", "[9007199254740993,]",
     ("ErrUnsafeInteger", 1))

case("a raw tab in a string", '"a\tb"', ("ErrInvalidString", 2))
case("a raw line feed in a string", '["a\nb"]', ("ErrInvalidString", 3))
case("a raw U+001F in a string", '"\u001f"', ("ErrInvalidString", 1))
case("a raw NUL in a name", '{"\u0000":1}', ("ErrInvalidString", 2))
case("\\x is not an escape", '"\\x"', ("ErrInvalidString", 2))
case("\\U is not an escape", '"\\U0041"', ("ErrInvalidString", 2))
case("\\' is not an escape", '"\\\'"', ("ErrInvalidString", 2))
case("\\0 is not an escape", '"a\\0"', ("ErrInvalidString", 3))
case("a bad hex digit in \\u", '"\\u12G4"', ("ErrInvalidString", 5))
case("a \\u escape with three digits", '"\\u00e"', ("ErrInvalidString", 6))
case("a space inside \\u", '"\\u 123"', ("ErrInvalidString", 3))
case("a bad hex digit in the low half of a pair", '"\\ud800\\u12G4"', ("ErrInvalidString", 11))

case("0xff in a string", b'"\xff"', ("ErrInvalidUTF8", 1))
case("a lone continuation byte", b'"\x80"', ("ErrInvalidUTF8", 1))
case("a continuation byte after a complete character", b'"\xc3\xa9\xa9"', ("ErrInvalidUTF8", 3))
case("0xc1, an overlong lead byte", b'"\xc1\xbf"', ("ErrInvalidUTF8", 1))
case("overlong '/' (0xc0 0xaf)", b'"\xc0\xaf"', ("ErrInvalidUTF8", 1))
case("overlong 3-byte form: the second byte is reported", b'"\xe0\x80\xaf"',
     ("ErrInvalidUTF8", 2))
case("overlong 4-byte form: the second byte is reported", b'"\xf0\x80\x80\xaf"',
     ("ErrInvalidUTF8", 2))
case("an encoded surrogate U+D800", b'"\xed\xa0\x80"', ("ErrInvalidUTF8", 2))
case("beyond U+10FFFF (0xf4 0x90)", b'"\xf4\x90\x80\x80"', ("ErrInvalidUTF8", 2))
case("0xf5, a lead byte beyond U+10FFFF", b'"\xf5\x80\x80\x80"', ("ErrInvalidUTF8", 1))
case("a 3-byte sequence cut short by the closing quote", b'"\xe6\x97"', ("ErrInvalidUTF8", 3))
case("a 4-byte sequence cut short by the closing quote", b'"\xf0\x9f\x98"', ("ErrInvalidUTF8", 4))
case("invalid UTF-8 in a member name", b'{"a\xff":1}', ("ErrInvalidUTF8", 3))

case("a high surrogate before the closing quote", '"\\ud800"', ("ErrLoneSurrogate", 1))
case("a low surrogate alone", '"\\udc00"', ("ErrLoneSurrogate", 1))
case("a low surrogate before a high one", '"\\udc00\\ud800"', ("ErrLoneSurrogate", 1))
case("a high surrogate before a non-surrogate escape", '"\\ud800\\u0041"', ("ErrLoneSurrogate", 1))
case("a high surrogate before a raw character", '"a\\uD800b"', ("ErrLoneSurrogate", 2))
case("a high surrogate before a short escape", '"\\ud800\\n"', ("ErrLoneSurrogate", 1))
case("two high surrogates: the first is reported", '"\\ud800\\ud800\\udc00"',
     ("ErrLoneSurrogate", 1))
case("a low surrogate after a complete pair", '"\\ud83d\\ude00\\ude00"', ("ErrLoneSurrogate", 13))
case("a lone surrogate in a name, in an object that also has a duplicate name",
     '{"a":1,"a":2,"\\udfff":3}', ("ErrLoneSurrogate", 14))

case("two equal names", '{"a":1,"a":2}', ("ErrDuplicateName", 7))
case("equal after unescaping", '{"a":1,"\\u0061":2}', ("ErrDuplicateName", 7))
case("equal after unescaping a surrogate pair", '{"\U0001f600":1,"\\ud83d\\ude00":2}',
     ("ErrDuplicateName", 10))
case("the empty name twice", '{"":1,"":2}', ("ErrDuplicateName", 6))
case("the same value twice is still a duplicate", '{"a":null,"a":null}', ("ErrDuplicateName", 10))
case("three times: the second occurrence", '{"a":1,"a":2,"a":3}', ("ErrDuplicateName", 7))
case("section 3.3: the duplicated name that sorts first, not the first duplicate in the input",
     '{"b":0,"b":1,"a":2,"a":3}', ("ErrDuplicateName", 19))
case("the name that sorts first by UTF-16 code units (U+1F600 before U+FB33); offsets count bytes",
     '{"\ufb33":1,"\U0001f600":1,"\ufb33":2,"\U0001f600":2}', ("ErrDuplicateName", 26))
case("section 3.3: a duplicate in an inner object closed first, at the least offset",
     '{"z":{"y":1,"y":2},"z":1}', ("ErrDuplicateName", 12))
case("an outer duplicate before an inner one: the least offset, not the object closed first",
     '{"a":1,"a":{"b":1,"b":2}}', ("ErrDuplicateName", 7))
case("duplicates in two objects: the least offset", '[{"b":1,"b":2},{"a":1,"a":2}]',
     ("ErrDuplicateName", 8))
case("a duplicate and a later syntax error: the syntax error", '{"a":1,"a":2,]', ("ErrSyntax", 13))
case("a duplicate and a later unexpected end: the end", '{"a":1,"a":2', ("ErrUnexpectedEnd", 12))
case("a duplicate and trailing data: the trailing data", '{"a":1,"a":2} x', ("ErrTrailingData", 14))
case("a duplicate and a later infinite number: the number", '[{"a":1,"a":2},1e400]',
     ("ErrNumberRange", 15))

case("10001 nested arrays: the bracket that opens depth 10001", "[" * 10001, ("ErrTooDeep", 10000))
case("10000 nested arrays and an object: objects count toward the depth",
     "[" * 10000 + '{"a":1}' + "]" * 10000, ("ErrTooDeep", 10000))

# Every case the tables of sections 3.2 and 3.3 give an offset for is above.
for _comment, _text, _expect in canonical_cases:
    if isinstance(_expect, tuple):
        assert json_refusal(_text) == _expect, (_comment, json_refusal(_text), _expect)
    else:
        assert json_refusal(_text) is None, (_comment, json_refusal(_text))
KINDS = ("ErrUnexpectedEnd", "ErrSyntax", "ErrTrailingData", "ErrInvalidNumber", "ErrNumberRange",
         "ErrUnsafeInteger", "ErrInvalidString", "ErrInvalidUTF8", "ErrLoneSurrogate",
         "ErrDuplicateName", "ErrTooDeep")
assert {e[0] for _, _, e in canonical_cases if isinstance(e, tuple)} == set(KINDS)


# ---------------------------------------------------------------------------
# json_key
# ---------------------------------------------------------------------------

json_key_cases = []


def key_case(comment, text, scope=None, expect=None, same_as=None, differs_from=None):
    if isinstance(text, str):
        text = text.encode("utf-8")
    json_key_cases.append((comment, text, scope, expect, same_as, differs_from))
    return len(json_key_cases) - 1


CHAT = (b'{"model":"claude-sonnet-4-20250514","max_tokens":1024,'
        b'"messages":[{"role":"user","content":"Refund order 1234"}]}')
CHAT_PRETTY = b'''{
  "messages": [ { "content": "Refund order 1234", "role": "user" } ],
  "max_tokens": 1024.0,
  "model": "claude-sonnet-4-20250514"
}
'''
k0 = key_case("section 2's example: JSONKey of a document that is not canonical",
              '{"b":1,"a":[1.0,2E0]}', expect="ik_94a786c3662bc7beeb598efa7d8cb58d")
key_case("its canonical form has the same key, Sha256Hex of its bytes", '{"a":[1,2],"b":1}',
         expect=sha256_hex(b'{"a":[1,2],"b":1}'), same_as=k0)
key_case("another spelling of the same value: same key",
         '\n{ "a" : [ 1E0 , 20e-1 ] , "\\u0062" : 1.000 }\n', same_as=k0)
key_case("ScopedJSONKey in the empty scope: not JSONKey", '{"b":1,"a":[1.0,2E0]}', scope=utf8(""),
         expect=scoped_sha256_hex(b"", b'{"a":[1,2],"b":1}'), differs_from=k0)
key_case("ScopedJSONKey", '{"b":1,"a":[1.0,2E0]}', scope=utf8("tenant-42"),
         expect=scoped_sha256_hex(b"tenant-42", b'{"a":[1,2],"b":1}'))
k1 = key_case("a chat request", CHAT)
key_case("the same chat request pretty-printed, members reordered, 1024.0: same key", CHAT_PRETTY,
         same_as=k1)
key_case("the chat request in a session scope", CHAT_PRETTY, scope=utf8("session-42/turn-1"))
key_case("a scope that is not UTF-8 and holds a NUL", CHAT, scope=raw(b"\xff\x00s"))
key_case("escapes, non-ASCII names and the UTF-16 order",
         '{"\\ufb33":"\\u00e9","\\ud83d\\ude00":"\\/","\\u0080":"\\u001F"}')
key_case("integers beyond 2^53 that pass the integer rule",
         '{"id":9007199254740994,"big":123456789012345680000}')
key_case("number formatting edges", "[1e21,1e-7,-0,5e-324,0.1,1e308]")
key_case("a top-level string", '"\\u0041"', expect=sha256_hex(b'"A"'))
key_case("a top-level null in a non-ASCII scope", " null ", scope=utf8("\u00e9quipe"),
         expect=scoped_sha256_hex("\u00e9quipe".encode("utf-8"), b"null"))


# ---------------------------------------------------------------------------
# The target (SPEC.md section 4.1)
# ---------------------------------------------------------------------------

ALNUM = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
# A raw path of these bytes only is used as written; any other byte makes the
# path decoded and escaped again, keeping only PATH_KEPT.
PATH_AS_WRITTEN = ALNUM | frozenset(b"-._~!$&'()*+,/:;=@[]%")
PATH_KEPT = ALNUM | frozenset(b"-._~$&+,/:;=@")


def valid_escapes(s):
    """Every % in s is followed by two hex digits."""
    return all(s[i + 1:i + 2] and s[i + 1] in HEX_DIGITS and s[i + 2:i + 3] and s[i + 2] in HEX_DIGITS
               for i, c in enumerate(s) if c == ord("%"))


def target_of(url):
    """The target of the absolute URL url (text) by section 4.1, as bytes."""
    b = url.encode("utf-8")
    b, hash_, fragment = b.partition(b"#")                           # 1
    assert valid_escapes(fragment), url
    assert not any(c < 0x20 or c == 0x7F for c in b), url            # 2
    scheme, colon, rest = b.partition(b":")                          # 3
    assert colon and scheme and scheme[0] in LETTERS and set(scheme) <= ALNUM | frozenset(b"+-."), url
    rest, question, query = rest.partition(b"?")                     # 4
    if not rest.startswith(b"/"):                                    # 5
        path = rest
    else:
        if rest.startswith(b"//"):                                   # 6
            slash = rest.find(b"/", 2)
            rest = rest[slash:] if slash >= 0 else b""
        assert valid_escapes(rest), url                              # 7
        if set(rest) <= PATH_AS_WRITTEN:                             # 8
            path = rest
        else:
            decoded, i = bytearray(), 0
            while i < len(rest):
                if rest[i] == ord("%"):
                    decoded.append(int(rest[i + 1:i + 3], 16))
                    i += 3
                else:
                    decoded.append(rest[i])
                    i += 1
            path = b"".join(bytes([c]) if c in PATH_KEPT else b"%%%02X" % c for c in decoded)
    if not path:                                                     # 9
        path = b"/"
    return path + question + query                                   # 10


# Section 4.1's table.
for _url, _target in [
        ("https://api.example.com", "/"),
        ("https://api.example.com/v1/items?", "/v1/items?"),
        ("https://api.example.com/v1/items?a=1#frag", "/v1/items?a=1"),
        ("https://api.example.com/a b?q=x y", "/a%20b?q=x y"),
        ("https://api.example.com/caf\u00e9", "/caf%C3%A9"),
        ("https://api.example.com/%e2%82%ac", "/%e2%82%ac"),
        ("https://api.example.com/a%2Fb c", "/a/b%20c"),
        ("https://api.example.com/a%41b/./c", "/a%41b/./c"),
        ("https://api.example.com/a[b]!*'", "/a[b]!*'"),
        ("https://api.example.com/a\"b<c>", "/a%22b%3Cc%3E"),
        ("https://api.example.com/a?b?c", "/a?b?c"),
        ("https://user:pw@api.example.com:8443/p?q", "/p?q"),
        ("mailto:joe@example.com?subject=hi", "joe@example.com?subject=hi")]:
    assert target_of(_url) == _target.encode("utf-8"), (_url, target_of(_url))


# ---------------------------------------------------------------------------
# canonical_json and json_key rows
# ---------------------------------------------------------------------------

prepare_canonical([t for _, t, e in canonical_cases if not isinstance(e, tuple)]
                  + [c[1] for c in json_key_cases])

canonical_rows = []
for _comment, _text, _expect in canonical_cases:
    _row = {"comment": _comment, "input": to_json(as_input(_text))}
    if isinstance(_expect, tuple):
        _row["error"], _row["offset"] = _expect
    else:
        assert _expect is ACCEPTED or CANON[_text] == _expect, (_comment, CANON[_text], _expect)
        _row["canonical"] = to_json(as_input(CANON[_text]))
    canonical_rows.append(_row)

json_key_rows = []
for _comment, _text, _scope, _expect, _same_as, _differs_from in json_key_cases:
    if _scope is None:
        _key = sha256_hex(CANON[_text])
    else:
        _key = scoped_sha256_hex(to_bytes(_scope), CANON[_text])
    assert _expect is None or _key == _expect, (_comment, _key, _expect)
    assert _same_as is None or json_key_rows[_same_as]["key"] == _key, _comment
    assert _differs_from is None or json_key_rows[_differs_from]["key"] != _key, _comment
    _row = {"comment": _comment}
    if _scope is not None:
        _row["scope"] = to_json(_scope)
    _row["input"] = to_json(as_input(_text))
    _row["key"] = _key
    json_key_rows.append(_row)


# ---------------------------------------------------------------------------
# http_request
# ---------------------------------------------------------------------------

# The key of an HTTP request, as RequestKeys computes it:
#   preimage = scope || 0x00 || METHOD || 0x00 || target || 0x00 || body'
# where METHOD is GET for an empty method, as net/http sends it.
#   key      = sha256_hex(preimage)
#   uuid_key = uuid5_key(DNS namespace, preimage)
# body' is the canonical form of the body (CANON, above) when the media type
# of the Content-Type value is JSON-typed (section 4.3) and read_json accepts
# the body; otherwise the raw body. A row may also give a URL, whose target
# target_of derives.

RFC8785_DIR = Path(__file__).resolve().parent / "rfc8785"


def ascii_lower(s):
    """s with A-Z folded to a-z, and nothing else."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def media_type(ct):
    """The media type of a Content-Type value: the text before its first ';',
    without SP and HTAB (only those) at either end."""
    return ct.split(";", 1)[0].strip(" \t")


def is_json_type(ct):
    """Section 4.3: the media type is application/json, or it holds a '/'
    that is not its first byte and the subtype after the first '/' is longer
    than 5 bytes and ends in +json, ASCII case-insensitively. (A multipart
    type is never JSON-typed: see add_http.)"""
    if ct is None:
        return False
    mt = media_type(ct)
    if ascii_lower(mt) == "application/json":
        return True
    slash = mt.find("/")
    if slash <= 0:
        return False
    sub = mt[slash + 1:]
    return len(sub.encode("utf-8")) > len("+json") and ascii_lower(sub).endswith("+json")


# Section 4.3's table.
for _ct, _yes in [
        ("application/json", True), ("Application/JSON", True), (" application/json ", True),
        ("application/vnd.api+json", True), ("a/b+json", True), ("a/b+JSON", True),
        ("a/++json", True), ("*/*+json", True), ("a//+json", True), ("a/b/c+json", True),
        ("a/ b+json", True), ("application/+json", False), ("a/+json", False), ("+json", False),
        ("x+json", False), ("/x+json", False), ("a/b+jsonx", False), ("a/b+json+x", False),
        ("text/json", False), ("application/json-seq", False), ("\vapplication/json", False)]:
    assert is_json_type(_ct) == _yes, _ct


http_rows = []
PATCH = b'{"status":"shipped","note":"caf\\u00e9","weight":1.50,"count":2E1}'
RFC_SORTING = (RFC8785_DIR / "sec3.2.3-sorting.input.json").read_bytes()
RFC_PRIMITIVES = (RFC8785_DIR / "sec3.2.2-primitives.input.json").read_bytes()
JSON_TEXTS = [CHAT, CHAT_PRETTY, PATCH, RFC_SORTING, RFC_PRIMITIVES]
prepare_canonical(JSON_TEXTS)
# The RFC's own expected output agrees with both.
assert CANON[RFC_SORTING] == (RFC8785_DIR / "sec3.2.3-sorting.expected.json").read_bytes()
assert CANON[RFC_PRIMITIVES] == (RFC8785_DIR / "sec3.2.2-primitives.expected.json").read_bytes()
# The two spellings of the chat request are one JSON value.
assert CANON[CHAT] == CANON[CHAT_PRETTY]
assert CANON[PATCH] == '{"count":20,"note":"caf\u00e9","status":"shipped","weight":1.5}'.encode("utf-8")


def is_multipart_type(ct):
    """Section 4.3: the media type is longer than multipart/ and starts with
    it, ASCII case-insensitively."""
    if ct is None:
        return False
    mt = ascii_lower(media_type(ct))
    return mt.startswith("multipart/") and len(mt) > len("multipart/")


def add_http(comment, method, target, content_type, body, scope=utf8(""), expect_json=None,
             same_as=None, differs_from=None, prime=None, url=None):
    """expect_json: True when body' must be the canonical form, False when it
    must be the raw body; checked against is_json_type and read_json.
    prime: body' of a multipart-typed body, which the caller computes from the
    parts it framed (see below); None for every other media type. url: an
    absolute URL for the row to give beside its target, which must be the
    target section 4.1 gives for it. Returns the index of the row."""
    b = to_bytes(body)
    s = to_bytes(scope)
    if url is not None:
        assert target_of(url) == target.encode("utf-8"), (comment, target_of(url), target)
    t = target.encode("utf-8")
    # A multipart type is never JSON-typed, even when it ends in +json.
    json_typed = is_json_type(content_type) and not is_multipart_type(content_type)
    assert (prime is not None) == is_multipart_type(content_type), comment
    if prime is not None:
        body2 = prime
        used_json = False
    elif json_typed and json_refusal(b) is None:
        prepare_canonical([b])
        body2 = CANON[b]
        used_json = True
    else:
        body2 = b
        used_json = False
    assert expect_json is None or expect_json == used_json, comment
    # An empty method is sent, and hashed, as GET.
    sent = (method or "GET").encode("ascii")
    pre = s + b"\x00" + sent + b"\x00" + t + b"\x00" + body2
    key = sha256_hex(pre)
    assert key == scoped_key(s, [sent, t, body2])
    row = {"comment": comment, "method": method}
    if url is not None:
        row["url"] = url
    row.update({"target": target, "content_type": content_type, "scope": to_json(scope), "body": to_json(body),
                "key": key, "uuid_key": uuid5_key(NS["DNS"], pre)})
    if same_as is not None:
        assert http_rows[same_as]["key"] == key, comment
    if differs_from is not None:
        assert http_rows[differs_from]["key"] != key, comment
    http_rows.append(row)
    return len(http_rows) - 1


def row_of(comment):
    """The index of the http_request row with this comment."""
    (i,) = [i for i, r in enumerate(http_rows) if r["comment"] == comment]
    return i


add_http("chat request, application/json: body' is its canonical form",
         "POST", "/v1/messages", "application/json", utf8(CHAT.decode()), expect_json=True)
add_http("the same request pretty-printed, members reordered, 1024.0: same key",
         "POST", "/v1/messages", "application/json", utf8(CHAT_PRETTY.decode()),
         expect_json=True, same_as=0)
add_http("charset parameter ignored", "POST", "/v1/messages", "application/json; charset=utf-8",
         utf8(CHAT.decode()), expect_json=True, same_as=0)
add_http("media type in upper case, parameter without a space", "POST", "/v1/messages",
         "Application/JSON;charset=UTF-8", utf8(CHAT_PRETTY.decode()), expect_json=True, same_as=0)
add_http("the same body to another endpoint: another key", "POST", "/v1/messages/count_tokens",
         "application/json", utf8(CHAT.decode()), expect_json=True, differs_from=0)
add_http("the same body with another method: another key", "PUT", "/v1/messages",
         "application/json", utf8(CHAT.decode()), expect_json=True, differs_from=0)
add_http("scope: a session and turn", "POST", "/v1/messages", "application/json",
         utf8(CHAT.decode()), scope=utf8("session-42/turn-1"), differs_from=0)
add_http("scope: the next turn of the same session", "POST", "/v1/messages", "application/json",
         utf8(CHAT.decode()), scope=utf8("session-42/turn-2"), differs_from=6)
add_http("non-ASCII scope", "POST", "/v1/messages", "application/json", utf8(CHAT.decode()),
         scope=utf8("tenant-\u00e9\u4f8b"))
add_http("PATCH, application/merge-patch+json: escapes and numbers canonicalized",
         "PATCH", "/v1/orders/1234", "application/merge-patch+json", utf8(PATCH.decode()),
         expect_json=True)
add_http("RFC 8785 section 3.2.3 sorting example as an application/vnd.api+json body",
         "POST", "/v1/items", "application/vnd.api+json", raw(RFC_SORTING), expect_json=True)
add_http("RFC 8785 section 3.2.2 primitives example, application/problem+json",
         "POST", "/v1/items", "application/problem+json", raw(RFC_PRIMITIVES), expect_json=True)
add_http("text/plain: the raw bytes, not the canonical form", "POST", "/v1/messages",
         "text/plain", utf8(CHAT_PRETTY.decode()), expect_json=False, differs_from=0)
add_http("no Content-Type: raw bytes", "POST", "/v1/messages", None,
         utf8(CHAT_PRETTY.decode()), expect_json=False, same_as=12)
add_http("a canonical body sent as text/plain hashes like its JSON-typed self", "POST",
         "/v1/messages", "text/plain", utf8(CANON[CHAT].decode()), expect_json=False, same_as=0)
add_http("application/jsonx is not JSON", "POST", "/v1/messages", "application/jsonx",
         utf8(CHAT_PRETTY.decode()), expect_json=False, same_as=12)
add_http("application/json-seq is not JSON", "POST", "/v1/messages", "application/json-seq",
         utf8(CHAT_PRETTY.decode()), expect_json=False, same_as=12)
add_http("text/json is not JSON (neither application/json nor +json)", "POST", "/v1/messages",
         "text/json", utf8(CHAT_PRETTY.decode()), expect_json=False, same_as=12)
add_http("a bare +json subtype is not JSON", "POST", "/v1/messages", "application/+json",
         utf8(CHAT_PRETTY.decode()), expect_json=False, same_as=12)
add_http("JSON-typed, duplicate member names: refused, raw bytes", "POST", "/v1/items",
         "application/json", utf8('{"a":1,"a":2}'), expect_json=False)
add_http("JSON-typed, trailing comma: refused, raw bytes", "POST", "/v1/items",
         "application/json", utf8("[1,]"), expect_json=False)
add_http("JSON-typed, integer beyond 2^53 not canonical: refused, raw bytes", "POST", "/v1/items",
         "application/json", utf8('{"id":9007199254740993}'), expect_json=False)
add_http("JSON-typed, NaN: refused, raw bytes", "POST", "/v1/items", "application/json",
         utf8("[NaN]"), expect_json=False)
add_http("JSON-typed, invalid UTF-8 in a string: refused, raw bytes", "POST", "/v1/items",
         "application/json", raw(b'{"a":"\xff"}'), expect_json=False)
add_http("JSON-typed, empty body: refused, raw (empty)", "POST", "/v1/items",
         "application/json", raw(b""), expect_json=False)
add_http("no body: hashed as an empty body", "POST", "/v1/items", None, raw(b""), same_as=24)
add_http("binary body, application/octet-stream", "POST", "/v1/files",
         "application/octet-stream", raw(bytes(range(256))))
add_http("query string: part of the target", "POST", "/v1/jobs?dry_run=true&x=%20y", None, raw(b""))
add_http("empty query after '?': part of the target", "POST", "/v1/items?", None, raw(b""),
         differs_from=25)
add_http("escaped path", "POST", "/v1/files/a%2Fb%20c", None, raw(b""))
add_http("GET: RequestKey computes keys for every method", "GET", "/v1/models", None, raw(b""))
add_http("empty method: net/http sends GET, and it is hashed as GET", "", "/v1/models", None,
         raw(b""), same_as=len(http_rows) - 1)
# The prefix goes through a 16 KiB buffer, and non-JSON bodies through the
# same buffer: lengths around its size.
for n in (16382, 16383, 16384, 16385):
    add_http("scope of %d bytes (buffer boundaries)" % n, "POST", "/v1/x", None, utf8("b"),
             scope=long_text("http/scope/%d" % n, n))
for n in (16384 - 10, 16384 - 9, 16384 * 3 + 1):
    add_http("text/plain body of %d bytes after a 9-byte prefix (buffer boundaries)" % n,
             "POST", "/v1/x", "text/plain", long_raw("http/body/%d" % n, n))

# ---------------------------------------------------------------------------
# http_request: multipart bodies
# ---------------------------------------------------------------------------

# For a multipart/* media type, body' leaves out the boundary, which clients
# draw at random, and is computed from the parts, but only where no byte it
# leaves out can be read as structure by a real parser (the strict rule):
#
#   B: from the one Content-Type value; its parameters follow RFC 9110
#   section 5.6.6, at most 16 of them, no quoted-string holds a backslash
#   or a ';', the word "boundary" (any case) occurs in them only as the
#   whole name of one parameter and inside B itself, and B is that
#   parameter's value unquoted: 1 to 70 RFC 2046 bchars, not ending in a
#   space. D = "--" B.
#
#     body   = D 1*( CRLF part CRLF D ) "--" [ CRLF ]
#     part   = *( header-line CRLF ) CRLF content
#     header-line = token ":" *( HTAB / SP / %x21-7E / %x80-FF )
#
#   with no preamble, no transport padding, no epilogue, and no D anywhere
#   in a part (its header lines or its content). Then
#     body' = 0x01 || for each part: u64be(len(H)) || SHA-256(H) || u64be(len(C)) || SHA-256(C)
#   H being the part's header lines joined by CRLF (empty for a part that
#   starts with CRLF) and C its content. Anything else, or no valid B:
#   body' = 0x00 || the raw body. An empty body has an empty body'.
#
# Five tightenings beyond the rule's first text, each where Go's
# mime/multipart or Python's email read a body that text parses otherwise
# (bench/multipart_test.go finds them): zero parts do not parse (Python's
# email finds no start delimiter in "--B--"); no empty parameter but one ";"
# after the last (Go refuses "a;; boundary=B"); no parameter name twice (Go
# refuses a name with two values); no '*' in a parameter name (Python's
# email raises on "x*=a; x*0=b"); and the media subtype is a token (Go
# refuses "multipart/form data", Python reads "multipart/a/b" as
# text/plain).
#
# Every body below is built here from its parts, so its parts are known
# without parsing it: build_multipart says, from how it wrote the body,
# whether the body is framed to the rule, and each row states whether it
# parses, which add_multipart checks.

BCHARS = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'()+_,-./:=? ")
TCHARS = frozenset(b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
VALUE_BYTES = frozenset(b"\t ") | frozenset(range(0x21, 0x7f)) | frozenset(range(0x80, 0x100))
# qdtext of RFC 9110 without the backslash (no quoted-pair) and ';'.
QDTEXT = ((frozenset(b"\t !") | frozenset(range(0x23, 0x7f)) | frozenset(range(0x80, 0x100)))
          - frozenset(b"\\;"))


def token_len(s):
    n = 0
    while n < len(s) and s[n] in TCHARS:
        n += 1
    return n


def header_line_ok(line):
    """line is token ":" *( HTAB / SP / %x21-7E / %x80-FF )."""
    n = token_len(line)
    return 0 < n < len(line) and line[n:n + 1] == b":" and set(line[n + 1:]) <= VALUE_BYTES


def boundary_of(content_type):
    """B of a multipart Content-Type value under the rule, or None."""
    ct = content_type.encode("latin-1")
    mt, sep, params = ct.partition(b";")
    params = sep + params
    mt = mt.strip(b" \t")
    assert mt[:10].lower() == b"multipart/" and len(mt) > 10, content_type
    if token_len(mt[10:]) != len(mt) - 10:
        return None  # the subtype is not a token
    names, b = [], None
    p = params
    while True:
        p = p.lstrip(b" \t")
        if not p:
            break
        if p[:1] != b";":
            return None
        p = p[1:].lstrip(b" \t")
        if not p:
            break  # one ";" after the last parameter
        n = token_len(p)
        if n == 0 or p[n:n + 1] != b"=":
            return None  # an empty parameter, or no "="
        name, p = p[:n].lower(), p[n + 1:]
        if p[:1] == b'"':
            end = p.find(b'"', 1)
            if end < 0 or not set(p[1:end]) <= QDTEXT:
                return None
            value, p = p[1:end], p[end + 1:]
        else:
            n = token_len(p)
            if n == 0:
                return None
            value, p = p[:n], p[n:]
        if b"*" in name or name in names or len(names) == 16:
            return None
        names.append(name)
        if name == b"boundary":
            b = value
    if b is None or params.lower().count(b"boundary") != 1 + b.lower().count(b"boundary"):
        return None
    if not (1 <= len(b) <= 70 and set(b) <= BCHARS and not b.endswith(b" ")):
        return None
    return b


def parts_prime(parts):
    """body' of the parts, a list of (header lines, content)."""
    out = b"\x01"
    for lines, content in parts:
        for e in (b"\r\n".join(lines), content):
            out += len(e).to_bytes(8, "big") + hashlib.sha256(e).digest()
    return out


def build_multipart(boundary, parts, preamble=b"", padding=b"", epilogue=b"", ends=None):
    """The body that frames parts with boundary: the preamble as it is, then
    for each part the delimiter, the padding, CRLF (or ends[i] in its place),
    each header line and CRLF, CRLF, the content and CRLF; then the close
    delimiter and the epilogue. Returns the body and whether it is framed to
    the rule, which follows from how it was written: no preamble, padding
    or other line end, an epilogue of nothing or CRLF, at least one part,
    and parts of valid header lines and contents without D."""
    assert 1 <= len(boundary) <= 70 and set(boundary) <= BCHARS and not boundary.endswith(b" ")
    assert set(padding) <= set(b" \t")
    ends = ends or {}
    d = b"--" + boundary
    out = preamble
    framed = not preamble and not padding and not ends and epilogue in (b"", b"\r\n") and bool(parts)
    for i, (lines, content) in enumerate(parts):
        out += d + padding + ends.get(i, b"\r\n") + b"".join(line + b"\r\n" for line in lines)
        out += b"\r\n" + content + b"\r\n"
        framed = framed and d not in content and all(header_line_ok(l) and d not in l for l in lines)
    return out + d + b"--" + epilogue, framed


def add_multipart(comment, content_type, boundary, parts, parsed, target="/v1/files", **kw):
    """A row whose body frames parts with boundary (keyword arguments of
    build_multipart and add_http pass through). parsed says whether the
    body parses under content_type; checked against how the body was built
    and the boundary the Content-Type gives."""
    frame = {k: kw.pop(k) for k in ("preamble", "padding", "epilogue", "ends") if k in kw}
    body, framed = build_multipart(boundary, parts, **frame)
    assert parsed == (framed and boundary_of(content_type) == boundary), comment
    return add_http(comment, "POST", target, content_type, as_input(body),
                    prime=parts_prime(parts) if parsed else b"\x00" + body, **kw)


def add_unparsed(comment, content_type, body, target="/v1/files", **kw):
    """A multipart-typed row whose body does not parse: body' = 0x00 || body."""
    return add_http(comment, "POST", target, content_type, as_input(body),
                    prime=b"\x00" + body if body else b"", **kw)


def go_style(label):
    """A boundary as Go's mime/multipart draws it: 60 hex digits."""
    return pattern(label, 30).hex().encode("ascii")


FILE_LINES = [b'Content-Disposition: form-data; name="file"; filename="notes.txt"',
              b"Content-Type: application/octet-stream"]
PURPOSE_LINES = [b'Content-Disposition: form-data; name="purpose"']
UPLOAD = [(FILE_LINES, b"Refund order 1234\n"), (PURPOSE_LINES, b"user_data")]
FD = "multipart/form-data; boundary="

# The upload of ExampleRequestKey_multipart, framed as mime/multipart writes
# it (no preamble, "\r\n" after the close delimiter), with two boundaries.
upload = add_multipart("file upload framed as Go's mime/multipart writes it",
                       FD + "first-boundary", b"first-boundary", UPLOAD, True, epilogue=b"\r\n")
add_multipart("the same upload with another boundary: same key", FD + "another.boundary.9f2c",
              b"another.boundary.9f2c", UPLOAD, True, epilogue=b"\r\n", same_as=upload)
add_multipart("the same upload, a browser's boundary holding the word boundary: same key",
              FD + "----WebKitFormBoundary7MA4YWxkTrZu0gW", b"----WebKitFormBoundary7MA4YWxkTrZu0gW",
              UPLOAD, True, epilogue=b"\r\n", same_as=upload)
add_multipart("the same upload, a 60-hex-digit boundary as Go draws one, no final CRLF",
              FD + go_style("mp/go").decode(), go_style("mp/go"), UPLOAD, True, same_as=upload)
add_multipart("the same upload, a curl-style boundary", FD + "-" * 24 + "4e1b2f0c9a7d3e85",
              b"-" * 24 + b"4e1b2f0c9a7d3e85", UPLOAD, True, same_as=upload)
add_multipart("the same upload, a one-byte boundary", FD + "x", b"x", UPLOAD, True, same_as=upload)
add_multipart("the same upload, a boundary of 70 bytes", FD + "7" * 70, b"7" * 70, UPLOAD, True,
              same_as=upload)
add_multipart("the same upload, a boundary of dashes only", FD + "-" * 5, b"-" * 5, UPLOAD, True,
              same_as=upload)
add_multipart("quoted boundary with a space and the bchars a token cannot hold",
              FD + "\"a b'()+_,-./:=?\"", b"a b'()+_,-./:=?", UPLOAD, True, same_as=upload)
add_multipart("quoted boundary starting with a space", FD + "\" B0\"", b" B0", UPLOAD, True,
              same_as=upload)
add_multipart("multipart/mixed, upper-case parameter name, other parameters, one ';' at the end: "
              "same key", "multipart/mixed;charset=utf-8; BOUNDARY=B1 ; x=\"y z\";", b"B1", UPLOAD,
              True, same_as=upload)
add_multipart("Multipart/Related in mixed case: same key", "Multipart/Related; boundary=B2",
              b"B2", UPLOAD, True, same_as=upload)
add_multipart("multipart/x-custom+json: a multipart type, never JSON-typed: same key",
              "multipart/x-custom+json; boundary=B4", b"B4", UPLOAD, True, same_as=upload)
add_multipart("multipart/x-custom subtype: same key", "multipart/x-custom; boundary=B3", b"B3",
              UPLOAD, True, same_as=upload)
add_multipart("another file content: another key", FD + "B0", b"B0",
              [(FILE_LINES, b"Refund order 1235\n"), UPLOAD[1]], True, differs_from=upload)
add_multipart("one header byte changed (filename): another key", FD + "B0", b"B0",
              [([FILE_LINES[0].replace(b"notes", b"notez"), FILE_LINES[1]], UPLOAD[0][1]),
               UPLOAD[1]], True, differs_from=upload)
add_multipart("the parts in the other order: another key", FD + "B0", b"B0", UPLOAD[::-1], True,
              differs_from=upload)
add_multipart("the second part left out: another key", FD + "B0", b"B0", UPLOAD[:1], True,
              differs_from=upload)
add_multipart("an empty part added: another key", FD + "B0", b"B0", UPLOAD + [([], b"")], True,
              differs_from=upload)
add_multipart("the same upload to another endpoint: another key", FD + "B0", b"B0", UPLOAD, True,
              target="/v1/uploads", differs_from=upload)
add_multipart("a part without headers, content starting with CRLF", FD + "B0", b"B0",
              [([], b"\r\nline 2\r\n")], True)
add_multipart("a part with an empty header block and empty content", FD + "B0", b"B0",
              [([], b"")], True)
add_multipart("empty content", FD + "B0", b"B0", [(PURPOSE_LINES, b"")], True)
add_multipart("content holding CR, LF, CRLF, an empty line and near-delimiters without D",
              FD + "B0", b"B0", [(FILE_LINES, b"a\rb\nc\r\n\r\nd -B0\r\n-B0\n--B\r\n--b0\r--\r\n")],
              True)
add_multipart("header values with bytes above 0x7f, a tab and nothing", FD + "B0", b"B0",
              [([b"X-Name: caf\xc3\xa9 \xff", b"X-Tab:\ta\tb", b"X-Empty:"], b"x")], True)
add_multipart("binary content, every byte value", FD + "B0", b"B0",
              [(FILE_LINES, bytes(range(256)))], True)
add_multipart("content of 40000 bytes", FD + "B0", b"B0",
              [(FILE_LINES, pattern("mp/large", 40000).replace(b"\r", b"."))], True)
add_multipart("many parts", FD + "B0", b"B0",
              [([b"Content-Disposition: form-data; name=\"f%d\"" % i], b"%d" % i)
               for i in range(50)], True)

# Not parsed: the framing. Each row is the upload above with one change.
add_multipart("not parsed, zero parts (a tightening: Python's email finds no start delimiter "
              "in \"--B0--\")", FD + "B0", b"B0", [], False)
add_multipart("not parsed, zero parts and a final CRLF (a tightening, as above)", FD + "B0", b"B0",
              [], False, epilogue=b"\r\n")
add_multipart("not parsed, a preamble", FD + "B0", b"B0", UPLOAD, False,
              preamble=b"This is a preamble.\r\nIt is ignored.\r\n")
add_multipart("not parsed, LF before the first delimiter (\"\\n--B0\")", FD + "B0", b"B0", UPLOAD,
              False, preamble=b"\n")
add_multipart("not parsed, \"x\\r\" before the first delimiter", FD + "B0", b"B0", UPLOAD, False,
              preamble=b"x\r")
add_multipart("not parsed, CRLF before the first delimiter", FD + "B0", b"B0", UPLOAD, False,
              preamble=b"\r\n")
add_multipart("not parsed, transport padding after a delimiter", FD + "B0", b"B0", UPLOAD, False,
              padding=b" \t ")
add_multipart("not parsed, junk after the close delimiter (\"--B0--junk\")", FD + "B0", b"B0",
              UPLOAD, False, epilogue=b"junk")
add_multipart("not parsed, an epilogue after the close delimiter's CRLF", FD + "B0", b"B0", UPLOAD,
              False, epilogue=b"\r\nEPILOGUE")
add_multipart("not parsed, an epilogue holding another part", FD + "B0", b"B0", UPLOAD, False,
              epilogue=b"\r\n--B0\r\n\r\nx\r\n--B0--")
add_multipart("not parsed, two CRLFs after the close delimiter", FD + "B0", b"B0", UPLOAD, False,
              epilogue=b"\r\n\r\n")
add_multipart("not parsed, a delimiter line ending in LF", FD + "B0", b"B0", UPLOAD, False,
              ends={0: b"\n"})
add_multipart("not parsed, a delimiter line ending in CR", FD + "B0", b"B0", UPLOAD, False,
              ends={1: b"\r"})
add_multipart("not parsed, D inside a part's content", FD + "B0", b"B0",
              [(FILE_LINES, b"a --B0 b"), UPLOAD[1]], False)
add_multipart("not parsed, content holding a longer boundary: D inside it", FD + "B0", b"B0",
              [([], b"x\r\n--B01")], False)
add_multipart("not parsed, content holding \"\\r--B0\"", FD + "B0", b"B0",
              [([], b"x\r--B0\r\n\r\ny")], False)
add_multipart("not parsed, content holding \"\\n--B0\"", FD + "B0", b"B0",
              [([], b"x\n--B0\r\n\r\ny")], False)
add_multipart("not parsed, D inside a header line", FD + "B0", b"B0",
              [([b"X-Note: see --B0"], b"x")], False)
add_multipart("not parsed, a header line without a colon", FD + "B0", b"B0",
              [([b"No colon here"], b"x")], False)
add_multipart("not parsed, a header line with a bare LF", FD + "B0", b"B0",
              [([b"X-A: 1\nX-B: 2"], b"x")], False)
add_multipart("not parsed, a header line starting with a space", FD + "B0", b"B0",
              [([b" X-A: 1"], b"x")], False)
add_multipart("not parsed, a header name that is not a token", FD + "B0", b"B0",
              [([b"X A: 1"], b"x")], False)
add_multipart("not parsed, a header value with a control byte", FD + "B0", b"B0",
              [([b"X-A: a\x7fb"], b"x")], False)
good = build_multipart(b"B0", UPLOAD)[0]
add_unparsed("not parsed, truncated in a part: 0x00 and the raw body", FD + "B0",
             good[:len(good) // 2])
add_unparsed("not parsed, no close delimiter", FD + "B0", good[:-len(b"--")])
add_unparsed("not parsed, junk right after a delimiter", FD + "B0",
             b"--B0\r\n\r\nx\r\n--B0x\r\n\r\ny\r\n--B0--")
add_unparsed("not parsed, a part without an empty line", FD + "B0", b"--B0\r\nA: 1\r\n--B0--")
add_unparsed("not parsed, LF-only line ends", FD + "B0", good.replace(b"\r\n", b"\n"))

# Not parsed: no valid B. Each row is the upload framed with the boundary
# the Content-Type would give a lenient reader.
for comment, content_type, boundary in [
        ("not parsed, no boundary parameter", "multipart/form-data", b"B0"),
        ("not parsed, the declared boundary is not the body's", FD + "B9", b"B0"),
        ("not parsed, two boundary parameters", FD + "B0; boundary=B0", b"B0"),
        ("not parsed, a quoted-pair in the boundary (\\b stands for b)", FD + "\"a\\bc\"", b"abc"),
        ("not parsed, a quoted-pair in another parameter", FD + "B0; x=\"y\\z\"", b"B0"),
        ("not parsed, a ';' in a quoted-string", FD + "B0; x=\"y;z\"", b"B0"),
        ("not parsed, boundary*= (RFC 2231)", "multipart/form-data; boundary*=utf-8''Y", b"Y"),
        ("not parsed, boundary*0= (RFC 2231)", "multipart/form-data; boundary*0=Y", b"Y"),
        ("not parsed, \"boundary\" inside another parameter's value",
         "multipart/form-data; x=\"boundary=Y\"; boundary=X", b"X"),
        ("not parsed, \"boundary\" as another parameter's value",
         "multipart/form-data; x=boundary; boundary=X", b"X"),
        ("not parsed, a second Content-Type value joined with a comma",
         FD + "B0, multipart/mixed; boundary=B1", b"B0"),
        ("not parsed, an empty parameter (a tightening: Go refuses \";;\")",
         "multipart/form-data;; boundary=B0", b"B0"),
        ("not parsed, two ';' after the last parameter (a tightening, as above)", FD + "B0;;",
         b"B0"),
        ("not parsed, a parameter name twice (a tightening: Go refuses a name with two values)",
         "multipart/form-data; charset=a; boundary=B0; CHARSET=b", b"B0"),
        ("not parsed, '*' in a parameter name (a tightening: Python's email raises on these two)",
         FD + "B0; x*=a; x*0=b", b"B0"),
        ("not parsed, a media subtype that is not a token (a tightening: Go refuses it)",
         "multipart/form data; boundary=B0", b"B0"),
        ("not parsed, 17 parameters (at most 16)",
         "multipart/form-data" + "".join("; p%d=1" % i for i in range(16)) + "; boundary=B0", b"B0"),
]:
    assert boundary_of(content_type) != boundary, comment
    add_unparsed(comment, content_type, build_multipart(boundary, UPLOAD)[0])
add_multipart("16 parameters and one ';' after the last: parsed, same key",
              "multipart/form-data" + "".join("; p%d=1" % i for i in range(15)) + "; boundary=B0;",
              b"B0", UPLOAD, True, epilogue=b"\r\n", same_as=upload)
add_unparsed("not parsed, a boundary of 71 bytes", FD + "7" * 71,
             build_multipart(b"7" * 70, UPLOAD)[0].replace(b"7" * 70, b"7" * 71))

# Two Content-Type values (no valid B) are not written here: a row holds one.
add_unparsed("not parsed, multipart/x+json with a JSON body: 0x00 and the raw body, not its "
             "canonical form", "multipart/x+json; boundary=B0", b'{"b": 1, "a": 2}')
add_unparsed("multipart-typed empty body: body' is empty", FD + "B0", b"", target="/v1/items",
             same_as=24)

# Two more first delimiters not at offset 0.
add_multipart("not parsed, \"--\" before the first delimiter (the body starts \"----B0\")",
              FD + "B0", b"B0", UPLOAD, False, preamble=b"--")
add_multipart("not parsed, a space before the first delimiter", FD + "B0", b"B0", UPLOAD, False,
              preamble=b" ")

# ---------------------------------------------------------------------------
# http_request: media types a port may misread
# ---------------------------------------------------------------------------

# Each row sends the pretty-printed chat request with one Content-Type
# value: JSON-typed ones share the key of row 0 (its canonical form), the
# others that of the text/plain row (its raw bytes).
CHAT_JSON = row_of("chat request, application/json: body' is its canonical form")
CHAT_RAW = row_of("text/plain: the raw bytes, not the canonical form")
for _ct, _why in [
        ("a/b+json", "any type with a subtype ending in +json, not only application/"),
        ("a/++json", "the subtype ++json is longer than +json"),
        ("*/*+json", "type and subtype need not be tokens"),
        ("a//+json", "the subtype is what follows the first '/': /+json"),
        ("a/ b+json", "a space inside the media type is not trimmed, and changes nothing here"),
        ("APPLICATION/VND.API+JSON", "ASCII case-insensitive"),
        (" \tapplication/json\t ", "SP and HTAB around the media type are trimmed"),
        ("application/json \t; charset=utf-8", "SP and HTAB before ';' are trimmed"),
        ("\t application/problem+json\t;x=1", "a +json type with blanks around it"),
        ("application/json;", "a ';' with no parameter after it"),
]:
    add_http("JSON-typed: %r (%s)" % (_ct, _why), "POST", "/v1/messages", _ct,
             utf8(CHAT_PRETTY.decode()), expect_json=True, same_as=CHAT_JSON)
for _ct, _why in [
        ("+json", "no '/'"),
        ("x+json", "no '/'"),
        ("/x+json", "the '/' is the first byte"),
        ("a/+json", "the subtype is +json itself"),
        ("\u000bapplication/json", "VT before it: only SP and HTAB are trimmed"),
        ("application/json\u000b", "VT after it"),
        ("application/json\r", "CR after it"),
        ("\napplication/json", "LF before it"),
        ("\u000capplication/json", "FF before it"),
        ("\u00a0application/json", "a no-break space before it: only SP and HTAB are trimmed"),
        ("application/j\u017fon", "U+017F folds to 's' in Unicode, but the match is ASCII only"),
        ("application/vnd.api+j\u017fon", "U+017F in the suffix, as above"),
        ("application/json, text/plain", "a comma does not split the value"),
        ("", "an empty Content-Type value"),
]:
    add_http("not JSON-typed: %r (%s): the raw body" % (_ct, _why), "POST", "/v1/messages", _ct,
             utf8(CHAT_PRETTY.decode()), expect_json=False, same_as=CHAT_RAW)

# ---------------------------------------------------------------------------
# http_request: rows that give a URL
# ---------------------------------------------------------------------------

# The target of each is derived from the URL by target_of (section 4.1),
# checked against the target written beside it, and written in the row.
API = "https://api.example.com"
add_http("URL: the same request as row 0, from its URL", "POST", "/v1/messages",
         "application/json", utf8(CHAT.decode()), url=API + "/v1/messages", same_as=CHAT_JSON)
add_http("URL: the fragment is dropped", "POST", "/v1/messages", "application/json",
         utf8(CHAT.decode()), url=API + "/v1/messages#frag", same_as=CHAT_JSON)
add_http("URL: scheme, user information, host and port are not in the target", "POST",
         "/v1/messages", "application/json", utf8(CHAT.decode()),
         url="https://user:pw@api.example.com:8443/v1/messages", same_as=CHAT_JSON)
add_http("URL: ending in '?' keeps the '?' (an empty query)", "POST", "/v1/items?", None, raw(b""),
         url=API + "/v1/items?", same_as=row_of("empty query after '?': part of the target"))
for _comment, _url, _target in [
        ("no path: the target is /", API, "/"),
        ("the path / alone", API + "/", "/"),
        ("a query and no path: / then the query", API + "?x=1", "/?x=1"),
        ("'?' and no path", API + "?", "/?"),
        ("a fragment and no path", API + "#top", "/"),
        ("an empty fragment", API + "/v1/items#", "/v1/items"),
        ("a '?' inside the fragment is not a query", API + "/p#x?y", "/p"),
        ("a space in the path is escaped, a space in the query kept", API + "/a b?q=x y",
         "/a%20b?q=x y"),
        ("non-ASCII in the path: its UTF-8 bytes escaped, uppercase hex", API + "/caf\u00e9",
         "/caf%C3%A9"),
        ("non-ASCII in the path escaped, in the query kept raw", API + "/\u00fc?\u00fc",
         "/%C3%BC?\u00fc"),
        ("valid escapes in lowercase are kept as written", API + "/%e2%82%ac", "/%e2%82%ac"),
        ("%2F is kept, not decoded to '/'", API + "/a%2Fb", "/a%2Fb"),
        ("%41 and a dot segment are kept: no normalization", API + "/a%41b/./c", "/a%41b/./c"),
        ("a path that must be escaped again: %2F decoded to '/', the space escaped",
         API + "/a%2Fb c", "/a/b%20c"),
        ("escaping again writes every escape in uppercase", API + "/%e2%82%ac b",
         "/%E2%82%AC%20b"),
        ("an escaped '?' stays escaped when the path is escaped again", API + "/a%3Fb c?d",
         "/a%3Fb%20c?d"),
        ("%25 stays %25 when the path is escaped again", API + "/100%25 off", "/100%25%20off"),
        ("%00 is kept as written", API + "/a%00b", "/a%00b"),
        ("[ ] ! * ' ( ) stand as written in a path of allowed bytes only", API + "/a[b]!*'()",
         "/a[b]!*'()"),
        ("[ ] ! * ' ( ) are escaped when another byte makes the path escaped again",
         API + "/a[b]!*'() c", "/a%5Bb%5D%21%2A%27%28%29%20c"),
        ("\" < > | ^ { } \\ and ` are escaped", API + "/a\"b<c>|^{}\\`",
         "/a%22b%3Cc%3E%7C%5E%7B%7D%5C%60"),
        ("unreserved and sub-delimiter bytes are kept", API + "/~u/a-b_c.d+e;f=g,h:i@j$k&l",
         "/~u/a-b_c.d+e;f=g,h:i@j$k&l"),
        ("the query is all after the first '?', more '?' included", API + "/a?b?c", "/a?b?c"),
        ("two '?' at the end: the query is '?'", API + "/a??", "/a??"),
        ("the query verbatim: non-ASCII, a bad escape, a quote and a space",
         API + "/p?q=caf\u00e9&r=%zz&s=\"t u\"", "/p?q=caf\u00e9&r=%zz&s=\"t u\""),
        ("empty path segments are kept", API + "/a//b/", "/a//b/"),
        ("the scheme and host in upper case", "HTTPS://API.EXAMPLE.COM/Path", "/Path"),
        ("an IPv6 host and a port", "http://[::1]:8080/x?y", "/x?y"),
        ("an opaque URL with nothing before '?': the path is /", "mailto:?to=joe", "/?to=joe"),
]:
    add_http("URL: " + _comment, "GET", _target, None, raw(b""), url=_url)
add_http("URL: an empty method, a query and a JSON body", "", "/v1/items?dry_run=1",
         "application/json; charset=utf-8", utf8('{ "b": 1, "a": 2.50 }'),
         url=API + "/v1/items?dry_run=1#top")
add_http("URL: section 4's example", "POST", "/v1/items?dry_run=1", "application/json; charset=utf-8",
         utf8('{ "b": 1, "a": 2.50 }'), url=API + "/v1/items?dry_run=1#top", expect_json=True)
assert http_rows[-1]["key"] == "ik_fa551eb2ade8569fc86270652245d6d7"
assert http_rows[-1]["uuid_key"] == "688aaee7-3732-5ad2-8fce-cd02ea9ddb13"
_turn7 = add_http("scope: a run and turn, as ExampleWithScope gives it with WithScope", "POST",
                  "/v1/messages", "application/json", utf8(CHAT.decode()), scope=utf8("run-1/turn-7"),
                  differs_from=0)
add_http("scope: the run's next turn, as ExampleWithScope gives it", "POST", "/v1/messages",
         "application/json", utf8(CHAT.decode()), scope=utf8("run-1/turn-8"), differs_from=_turn7)


# ---------------------------------------------------------------------------
# omit: members left out of body' (SPEC.md section 4.5)
# ---------------------------------------------------------------------------

# RequestKeys.Omit is a list of JSON Pointers (RFC 6901). Each omit row keys
# the request POST / in the empty scope:
#   preimage = 0x00 || "POST" || 0x00 || "/" || 0x00 || body'
#   key      = sha256_hex(preimage) = ScopedKey("", "POST", "/", body')
#   uuid_key = uuid5_key(DNS namespace, preimage)
# body' is that of section 4.4, but where it is C(body) (a JSON-typed body
# that read_json accepts) the members the pointers name are left out of
# the value read_json gives before write_json writes it. A list that is not
# valid gives no body' and no key: the row gives the index of the first
# pointer at fault instead, whatever the body and its media type.
#
# Everything here is written from section 4.5 and RFC 6901, apart from the
# library: pointer_fault validates, tokens_of decodes, walk resolves and
# omit_prime removes. Every row states the body' (or the index) it was
# written with, and the two must agree; each pruned document is also given
# to Node, in its members' input order, whose canonical form must be the
# one write_json gives.

MAX_OMIT = 64


def utf8_ok(b):
    """Whether b is well-formed UTF-8 by Unicode table 3-7 (UTF8_LEADS)."""
    i = 0
    while i < len(b):
        c = b[i]
        if c < 0x80:
            i += 1
            continue
        if c not in UTF8_LEADS:
            return False
        size, lo, hi = UTF8_LEADS[c]
        if i + size > len(b):
            return False
        for j in range(i + 1, i + size):
            if not lo <= b[j] <= hi:
                return False
            lo, hi = 0x80, 0xBF
        i += size
    return True


def pointer_ok(p):
    """Section 4.5: p starts with '/', every '~' in it is followed by '0' or
    '1', and it is valid UTF-8."""
    if not p.startswith(b"/"):
        return False
    i = 0
    while i < len(p):
        if p[i] == ord("~"):
            if i + 1 == len(p) or p[i + 1] not in (ord("0"), ord("1")):
                return False
            i += 2
        else:
            i += 1
    ok = utf8_ok(p)
    # Python's decoder follows the same table.
    try:
        p.decode("utf-8")
    except UnicodeDecodeError:
        assert not ok, p
    else:
        assert ok, p
    return ok


def omit_fault(pointers):
    """The index of the first pointer at fault, or None when the list is
    valid: at most MAX_OMIT pointers, each of them valid. With more, the
    pointer at index MAX_OMIT is at fault when the ones before it are valid."""
    for i, p in enumerate(pointers):
        if i == MAX_OMIT or not pointer_ok(p):
            return i
    return None


def tokens_of(p):
    """The reference tokens of the valid pointer p, unescaped: each '/' starts
    one, and in it "~1" stands for '/' and "~0" for '~', read left to right."""
    out = []
    for t in p[1:].split(b"/"):
        tok = bytearray()
        i = 0
        while i < len(t):
            if t[i] == ord("~"):
                tok += b"/" if t[i + 1] == ord("1") else b"~"
                i += 2
            else:
                tok.append(t[i])
                i += 1
        out.append(bytes(tok))
    return out


assert tokens_of(b"/~01") == [b"~1"]
assert tokens_of(b"/~10") == [b"/0"]
assert tokens_of(b"/a~1b/m~0n") == [b"a/b", b"m~n"]
assert tokens_of(b"/") == [b""] and tokens_of(b"//") == [b"", b""]


def is_obj(v):
    return isinstance(v, tuple) and v[0] == "obj"


def array_index(t, n):
    """The element a token t selects in an array of n elements: t is "0" or a
    digit 1-9 followed by ASCII digits, read as a decimal index below n;
    anything else ("00", "-", "+1", "1e0", other digits) selects nothing."""
    digits = b"0123456789"
    if not t or any(c not in digits for c in t) or (t[0] == ord("0") and len(t) > 1):
        return None
    i = int(t.decode("ascii"))
    return i if i < n else None


NOTHING = object()


def member(v, t):
    """The member (name, value) of the object v whose name, as UTF-8 bytes,
    is the token t, or NOTHING."""
    found = [(name, w) for name, w in v[1] if name.encode("utf-8") == t]
    assert len(found) <= 1  # read_json accepted v: names are unique
    return found[0] if found else NOTHING


def walk(v, tokens):
    """The value that tokens select from v, token by token, or NOTHING where
    the path breaks off: at an object the member whose name, as UTF-8 bytes,
    is the token; at an array the element of array_index; at anything else
    nothing."""
    for t in tokens:
        if is_obj(v):
            m = member(v, t)
            if m is NOTHING:
                return NOTHING
            v = m[1]
        elif isinstance(v, list):
            i = array_index(t, len(v))
            if i is None:
                return NOTHING
            v = v[i]
        else:
            return NOTHING
    return v


# RFC 6901 section 5: its example document and what each pointer selects
# (all but "", which section 4.5 refuses).
RFC6901_DOC = ('{"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,'
               '"i\\\\j":5,"k\\"l":6," ":7,"m~n":8}')
for _p, _want in [("/foo", ["bar", "baz"]), ("/foo/0", "bar"), ("/", 0), ("/a~1b", 1),
                  ("/c%d", 2), ("/e^f", 3), ("/g|h", 4), ("/i\\j", 5), ("/k\"l", 6), ("/ ", 7),
                  ("/m~0n", 8)]:
    _got = walk(read_json(RFC6901_DOC.encode()), tokens_of(_p.encode()))
    if isinstance(_want, int):
        _want = ("num", float(_want))
    assert _got == _want, (_p, _got, _want)


def named_member(doc, p):
    """(id of the object's member list, name as read) of the member the pointer p
    names in doc, or None: the member its last token selects, if that token
    selects a member of an object (never an array element)."""
    tokens = tokens_of(p)
    parent = walk(doc, tokens[:-1])
    if not is_obj(parent):
        return None
    m = member(parent, tokens[-1])
    if m is NOTHING:
        return None
    return (id(parent[1]), m[0])


def without(v, named):
    """v without the members in named, at every depth."""
    if isinstance(v, list):
        return [without(w, named) for w in v]
    if is_obj(v):
        return ("obj", [(name, without(w, named)) for name, w in v[1]
                        if (id(v[1]), name) not in named])
    return v


def in_order(v):
    """A JSON text of a value of read_json, members in their order, for Node
    to read and canonicalize; numbers as Python's repr writes them."""
    if v is None or v is True or v is False or isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ",".join(in_order(w) for w in v) + "]"
    tag, val = v
    if tag == "num":
        return repr(val)
    return "{" + ",".join(json.dumps(name) + ":" + in_order(w) for name, w in val) + "}"


def omit_prime(body, pointers):
    """C(body) without the members the valid pointers name: every pointer is
    resolved against the document as read, and the members named are left
    out together. Returns body' and the text to give Node."""
    doc = read_json(body)
    named = {m for m in (named_member(doc, p) for p in pointers) if m is not None}
    left = without(doc, named)
    return write_json(left).encode("utf-8"), in_order(left).encode("utf-8")


omit_rows = []
omit_node = []  # (the pruned document in input order, body') for Node


def add_omit(comment, pointers, content_type, body, expect, prime=None, same_as=None,
             differs_from=None):
    """A row keying POST / with Omit = pointers (text or bytes each), the body
    (text or bytes) sent with content_type (None: no Content-Type). expect is
    the body' written by hand (text or bytes), or the index of the pointer at
    fault (an int). prime is the body' of a multipart-typed body, which the
    caller makes from the parts it framed, as add_multipart does. Returns the
    index of the row."""
    ps = [p.encode("utf-8") if isinstance(p, str) else p for p in pointers]
    b = body.encode("utf-8") if isinstance(body, str) else body
    row = {"comment": comment, "omit": [to_json(as_input(p)) for p in ps],
           "content_type": content_type, "body": to_json(as_input(b))}
    fault = omit_fault(ps)
    multipart = is_multipart_type(content_type)
    assert prime is None or multipart, comment
    if fault is not None:
        assert expect == fault, (comment, fault, expect)
        assert same_as is None and differs_from is None, comment
        row["error"] = fault
        omit_rows.append(row)
        return len(omit_rows) - 1
    if isinstance(expect, str):
        expect = expect.encode("utf-8")
    assert isinstance(expect, bytes), (comment, expect)
    if not b:
        body2 = b""
    elif multipart:
        assert prime is not None, comment
        body2 = prime
    elif is_json_type(content_type) and json_refusal(b) is None:
        body2, node_text = omit_prime(b, ps)
        omit_node.append((node_text, body2))
        # Nothing named: body' is the canonical form of the body itself.
        if write_json(read_json(b)).encode("utf-8") == body2:
            omit_node.append((b, body2))
        # What is left is a canonical form: accepted, and its own C.
        assert write_json(read_json(body2)).encode("utf-8") == body2, comment
    else:
        body2 = b
    assert body2 == expect, (comment, body2, expect)
    pre = b"\x00POST\x00/\x00" + body2
    key = sha256_hex(pre)
    assert key == scoped_key(b"", [b"POST", b"/", body2])
    row.update({"body_prime": to_json(as_input(body2)), "key": key,
                "uuid_key": uuid5_key(NS["DNS"], pre)})
    if same_as is not None:
        assert omit_rows[same_as]["key"] == key, comment
    if differs_from is not None:
        assert omit_rows[differs_from]["key"] != key, comment
    omit_rows.append(row)
    return len(omit_rows) - 1


AJ = "application/json"

# Section 4.5's table, row by row.
_mcp = add_omit("an MCP tools/call, as ExampleRequestKeys_omit sends it: /id left out", ["/id"], AJ,
                '{"jsonrpc":"2.0","id":1,"method":"tools/call",'
                '"params":{"name":"refund","arguments":{"order":"1234"}}}',
                '{"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"order":"1234"},"name":"refund"}}')
add_omit("the same tools/call retried with a new id: the same key", ["/id"], AJ,
         '{"jsonrpc":"2.0","id":2,"method":"tools/call",'
         '"params":{"name":"refund","arguments":{"order":"1234"}}}',
         '{"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"order":"1234"},"name":"refund"}}',
         same_as=_mcp)
add_omit("section 4.5's table: /id of a JSON-RPC request", ["/id"], AJ,
         '{"jsonrpc":"2.0","id":7,"method":"tools/call"}', '{"jsonrpc":"2.0","method":"tools/call"}')
add_omit("section 4.5's table: a member, again, and the object above it: all removed together",
         ["/a/b", "/a/b", "/a"], AJ, '{"a":{"b":1,"c":2}}', "{}")
add_omit("section 4.5's table: ~1, ~0 and \"/\", the empty name", ["/a~1b", "/m~0n", "/"], AJ,
         '{"a/b":1,"m~n":2,"":3}', "{}")
add_omit("section 4.5's table: a member of an array element", ["/0/id"], AJ,
         '[{"id":1,"x":2},{"id":3}]', '[{"x":2},{"id":3}]')
add_omit("section 4.5's table: an array element, \"-\" and a missing member name nothing",
         ["/a/0", "/a/-", "/b"], AJ, '{"a":[1,2]}', '{"a":[1,2]}')
add_omit("section 4.5's table: C refuses the body (a duplicate name): the raw body", ["/id"], AJ,
         '{"id":1,"id":2}', '{"id":1,"id":2}')
for _p, _why in [("", "the empty pointer, which names the whole document"),
                 ("id", "no leading '/'"), ("/a~2", "'~' followed by '2'"),
                 (b"/\xff", "ill-formed UTF-8")]:
    add_omit("section 4.5's table: %s is not valid: error at index 0" % _why, [_p], AJ,
             '{"a":1,"id":2}', 0)
add_omit("section 4.5's table: its four invalid pointers in one list: the first is at fault",
         ["", "id", "/a~2", b"/\xff"], AJ, '{"a":1,"id":2}', 0)

# The JSON-RPC id of an MCP tool call, which every attempt renews.
MCP = ('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"refund",'
       '"arguments":{"order_id":"1234","amount":12.50}}}')
MCP_PRIME = ('{"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"amount":12.5,'
             '"order_id":"1234"},"name":"refund"}}')
mcp = add_omit("/id of an MCP tools/call request", ["/id"], AJ, MCP, MCP_PRIME)
add_omit("the next attempt of the same MCP call, a new id (a string), pretty-printed, members "
         "reordered: same key", ["/id"], AJ,
         '{\n  "id": "attempt-2",\n  "method": "tools/call",\n  "jsonrpc": "2.0",\n  "params": {\n'
         '    "arguments": { "amount": 12.5, "order_id": "1234" },\n    "name": "refund"\n  }\n}\n',
         MCP_PRIME, same_as=mcp)
add_omit("the MCP call with charset=utf-8 and an id of null: same key", ["/id"],
         "application/json; charset=utf-8", MCP.replace('"id":1', '"id":null'), MCP_PRIME,
         same_as=mcp)
mcp_all = add_omit("the MCP call, an empty Omit list: body' is C(body), id included", [], AJ, MCP,
                   '{"id":1,"jsonrpc":"2.0","method":"tools/call","params":{"arguments":'
                   '{"amount":12.5,"order_id":"1234"},"name":"refund"}}', differs_from=mcp)
add_omit("the MCP call with another id and no Omit: another key", [], AJ,
         MCP.replace('"id":1', '"id":2'),
         '{"id":2,"jsonrpc":"2.0","method":"tools/call","params":{"arguments":'
         '{"amount":12.5,"order_id":"1234"},"name":"refund"}}', differs_from=mcp_all)
add_omit("another MCP call (another amount), /id left out: another key", ["/id"], AJ,
         MCP.replace("12.50", "13"), MCP_PRIME.replace("12.5", "13"), differs_from=mcp)
MCP_META = ('{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"_meta":{"progressToken":'
            '"tok-9"},"name":"refund","arguments":{"order_id":"1234","amount":12.50}}}')
add_omit("/id and the progress token of an MCP call: the _meta object stays, empty",
         ["/id", "/params/_meta/progressToken"], AJ, MCP_META,
         '{"jsonrpc":"2.0","method":"tools/call","params":{"_meta":{},"arguments":'
         '{"amount":12.5,"order_id":"1234"},"name":"refund"}}')
add_omit("/id and /params/_meta of an MCP call: same key as the call without _meta",
         ["/params/_meta", "/id"], AJ, MCP_META, MCP_PRIME, same_as=mcp)

# Pointers that name nothing: no error, nothing removed.
add_omit("a member that is not there names nothing", ["/b"], AJ, '{"a":1}', '{"a":1}')
add_omit("names compare as bytes: /ID does not name \"id\"", ["/ID"], AJ, '{"id":1}', '{"id":1}')
add_omit("no Unicode normalization: e and U+0301 do not name \u00e9", ["/e\u0301"], AJ,
         '{"\u00e9":1}', '{"\u00e9":1}')
add_omit("a trailing space is part of the token", ["/a "], AJ, '{"a":1}', '{"a":1}')
add_omit("percent-encoding is not decoded: /%61 does not name \"a\", it names \"%61\"",
         ["/%61"], AJ, '{"a":1,"%61":2}', '{"a":1}')
add_omit("a path that breaks off at a null, true, string and number names nothing",
         ["/a/x", "/t/x", "/s/0", "/n/0"], AJ, '{"a":null,"t":true,"s":"x","n":1}',
         '{"a":null,"n":1,"s":"x","t":true}')
add_omit("a path through a missing member names nothing", ["/x/y/z"], AJ, '{"x":{"z":1}}',
         '{"x":{"z":1}}')

# Into arrays.
ARR = '{"a":[{"x":1,"y":2},{"x":3,"y":4}]}'
ARR_C = '{"a":[{"x":1,"y":2},{"x":3,"y":4}]}'
add_omit("index 1: a member of the second element", ["/a/1/x"], AJ, ARR,
         '{"a":[{"x":1,"y":2},{"y":4}]}')
add_omit("index 0: a member of the first element", ["/a/0/x"], AJ, ARR,
         '{"a":[{"y":2},{"x":3,"y":4}]}')
add_omit("members of both elements", ["/a/0/y", "/a/1/x"], AJ, ARR, '{"a":[{"x":1},{"y":4}]}')
for _tok, _why in [
        ("2", "index 2 of 2 elements is out of range"),
        ("-", "\"-\" (past the last element) selects nothing"),
        ("00", "\"00\": a leading zero"),
        ("01", "\"01\": a leading zero"),
        ("+1", "\"+1\": a sign"),
        ("-0", "\"-0\": a sign"),
        ("1e0", "\"1e0\": an exponent"),
        (" 1", "\" 1\": a space before the digit"),
        ("1 ", "\"1 \": a space after the digit"),
        ("0x1", "\"0x1\": hexadecimal"),
        ("", "the empty token"),
        ("\u0661", "U+0661, an Arabic-Indic digit one, is not an ASCII digit"),
        ("99999999999999999999999999999", "a huge index"),
        ("18446744073709551617", "2^64 + 1, which a 64-bit counter that wraps reads as 1"),
        ("18446744073709551616", "2^64, which a 64-bit counter that wraps reads as 0"),
        ("9223372036854775809", "2^63 + 1, negative as a signed 64-bit integer"),
        ("4294967297", "2^32 + 1, which a 32-bit counter that wraps reads as 1"),
]:
    add_omit("into an array: %s: nothing removed" % _why, ["/a/%s/x" % _tok], AJ, ARR, ARR_C)
add_omit("an index into an empty array selects nothing", ["/a/0/x"], AJ, '{"a":[]}', '{"a":[]}')
add_omit("at an object, \"0\" is a member name: the member named \"0\" goes, and \"/a/0/x\" "
         "goes into the array", ["/0/x", "/a/0/x"], AJ, '{"0":{"x":1,"y":2},"a":[{"x":3}]}',
         '{"0":{"y":2},"a":[{}]}')
add_omit("at an object, the last token \"0\" names the member \"0\"", ["/0"], AJ, '{"0":1,"1":2}',
         '{"1":2}')
add_omit("at an object, tokens an array would refuse are names: 00, -, 01, +1",
         ["/00", "/-", "/01", "/+1"], AJ, '{"00":1,"-":2,"01":3,"+1":4,"x":5}', '{"x":5}')
add_omit("a last token that selects an array element names nothing: elements stay",
         ["/a/0", "/a/1", "/a/2"], AJ, '{"a":[1,{"x":2},3]}', '{"a":[1,{"x":2},3]}')
add_omit("a top-level array: a member of its second element", ["/1/a"], AJ, '[1,{"a":1,"b":2}]',
         '[1,{"b":2}]')
add_omit("a top-level array: its elements are never removed", ["/0", "/1"], AJ, "[1,2]", "[1,2]")
add_omit("arrays in arrays", ["/1/0/id"], AJ, '[[{"id":1}],[{"id":2,"k":3}]]',
         '[[{"id":1}],[{"k":3}]]')
add_omit("the empty token at an array selects nothing", ["//x"], AJ, '[{"x":1}]', '[{"x":1}]')

# ~ escapes.
add_omit("~0 is '~'", ["/~0"], AJ, '{"~":1,"a":2}', '{"a":2}')
add_omit("~1 is '/'", ["/~1"], AJ, '{"/":1,"a":2}', '{"a":2}')
add_omit("~01 is \"~1\" (read left to right), not \"/\"", ["/~01"], AJ,
         '{"~1":1,"/":2,"~/":3}', '{"/":2,"~/":3}')
add_omit("~10 is \"/0\"", ["/~10"], AJ, '{"/0":1,"~0":2,"~":3}', '{"~":3,"~0":2}')
add_omit("~0~1 is \"~/\"", ["/~0~1"], AJ, '{"~/":1,"/~":2}', '{"/~":2}')
add_omit("~1~0 is \"/~\"", ["/~1~0"], AJ, '{"~/":1,"/~":2}', '{"~/":1}')
add_omit("~00 is \"~0\"", ["/~00"], AJ, '{"~0":1,"~":2}', '{"~":2}')
add_omit("a name holding '/', written \\/ in the body, is named with ~1",
         ["/a~1b"], AJ, '{"a\\/b":1,"a":{"b":2}}', '{"a":{"b":2}}')
add_omit("without ~1, '/' separates tokens: /a/b names b inside a", ["/a/b"], AJ,
         '{"a\\/b":1,"a":{"b":2}}', '{"a":{},"a/b":1}')
add_omit("a backslash in a pointer is no escape: /a\\\\/b names b inside the member \"a\\\\\"",
         ["/a\\/b"], AJ, '{"a\\\\":{"b":1,"c":2}}', '{"a\\\\":{"c":2}}')
for _p, _why in [("/~", "'~' alone"), ("/a~", "'~' at the end"), ("/~2", "~2"), ("/~a", "~a"),
                 ("/~~0", "'~' followed by '~'"), ("/a/~/b", "'~' alone in a middle token"),
                 ("/~1/~3", "~3 after a valid ~1")]:
    add_omit("%s: error at index 0" % _why, [_p], AJ, '{"~":1}', 0)

# The empty name.
add_omit("\"/\" names the member with the empty name", ["/"], AJ, '{"":1,"a":2}', '{"a":2}')
add_omit("\"//\" names the empty name inside the empty name", ["//"], AJ, '{"":{"":1,"b":2}}',
         '{"":{"b":2}}')
add_omit("\"/a/\" names the empty name inside a", ["/a/"], AJ, '{"a":{"":1,"b":2}}',
         '{"a":{"b":2}}')

# Duplicates and pointers below a removed member.
add_omit("the same pointer three times", ["/id", "/id", "/id"], AJ, '{"id":1,"b":2}', '{"b":2}')
below = add_omit("a member and a pointer below it", ["/a", "/a/b/c"], AJ,
                 '{"a":{"b":{"c":1}},"d":2}', '{"d":2}')
add_omit("a pointer below a member, then the member: the order changes nothing",
         ["/a/b/c", "/a"], AJ, '{"a":{"b":{"c":1}},"d":2}', '{"d":2}', same_as=below)
add_omit("a member and one below it, the object above them kept", ["/a/b", "/a/b/c"], AJ,
         '{"a":{"b":{"c":1}},"d":2}', '{"a":{},"d":2}')
add_omit("resolved on the document as read: /a/b/c names c although /a/b is left out too",
         ["/a/b/c", "/a/b"], AJ, '{"a":{"b":{"c":1},"e":3}}', '{"a":{"e":3}}')

# Invalid lists: the first pointer at fault and its index.
for _p, _why in [("id", "no leading '/'"), ("#/id", "a URI fragment"), (" /id", "a space first"),
                 (b"/\xc0\xaf", "the overlong form of '/'"),
                 (b"/\xed\xa0\x80", "an encoded surrogate"),
                 (b"/caf\xc3", "a truncated sequence at the end"),
                 (b"/\xf4\x90\x80\x80", "a code point above U+10FFFF"),
                 (b"/a\x80b", "a lone continuation byte")]:
    add_omit("invalid: %s: error at index 0" % _why, [_p], AJ, '{"id":1}', 0)
add_omit("a valid pointer, then an invalid one: error at index 1", ["/id", "x"], AJ,
         '{"id":1}', 1)
add_omit("two valid pointers, then \"/~\": error at index 2", ["/id", "/ok", "/~"], AJ,
         '{"id":1}', 2)
add_omit("the first of two invalid pointers is at fault", ["/a", "", "id"], AJ, '{"id":1}', 1)
K64 = ["/k%d" % i for i in range(64)]
BIG = "{" + ",".join('"k%d":%d' % (i, i) for i in range(66)) + ',"keep":true}'
add_omit("64 pointers, the most a list holds: valid", K64, AJ, BIG,
         '{"k64":64,"k65":65,"keep":true}')
add_omit("65 valid pointers: the 65th, at index 64, is at fault", K64 + ["/k64"], AJ, BIG, 64)
add_omit("66 valid pointers: index 64 is at fault", K64 + ["/k64", "/k65"], AJ, BIG, 64)
add_omit("65 pointers, index 64 not valid either: index 64", K64 + [""], AJ, BIG, 64)
add_omit("65 pointers, index 3 not valid: the first pointer at fault is index 3",
         K64[:3] + ["k3"] + K64[4:] + ["/k64"], AJ, BIG, 3)
add_omit("64 copies of one pointer: valid", ["/k0"] * 64, AJ, '{"k0":0,"k1":1}', '{"k1":1}')
add_omit("65 copies of one pointer: duplicates count, index 64", ["/k0"] * 65, AJ,
         '{"k0":0,"k1":1}', 64)

# An invalid list fails whatever the body and its media type.
for _ct, _body, _why in [
        ("text/plain", '{"id":1}', "a text/plain body"),
        (None, '{"id":1}', "no Content-Type"),
        (AJ, "", "an empty body"),
        (None, "", "no Content-Type and an empty body"),
        (AJ, '{"id":1,"id":2}', "a JSON body that C refuses"),
        (FD + "B0", build_multipart(b"B0", UPLOAD)[0], "a multipart body that parses"),
        ("application/octet-stream", bytes(range(256)), "a binary body")]:
    add_omit("an invalid pointer fails the key of %s: error at index 0" % _why, ["id"], _ct,
             _body, 0)

# Names written with escapes in the body, and names that are not ASCII.
add_omit("a name written \\u0069d in the body is \"id\"", ["/id"], AJ, '{"\\u0069d":1,"x":2}',
         '{"x":2}')
ete = add_omit("a non-ASCII name, its token in UTF-8", ["/\u00e9t\u00e9"], AJ,
               '{"\u00e9t\u00e9":1,"x":2}', '{"x":2}')
add_omit("the same name written with \\u escapes: same key", ["/\u00e9t\u00e9"], AJ,
         '{"\\u00e9t\\u00e9":1,"x":2}', '{"x":2}', same_as=ete)
add_omit("a name outside the BMP, written as a surrogate pair, named by its 4 UTF-8 bytes",
         ["/\U0001f600"], AJ, '{"\\ud83d\\ude00":1,"x":2}', '{"x":2}', same_as=ete)
add_omit("a CJK name and a CJK value", ["/\u540d\u524d"], AJ,
         '{"\u540d\u524d":"\u65e5\u672c","x":"\u5024"}', '{"x":"\u5024"}')
add_omit("a name holding a comma and a space: one pointer, not a list of two", ["/a, b"], AJ,
         '{"a, b":1,"a":2," b":3}', '{" b":3,"a":2}')
add_omit("a name holding '=' and a leading '-'", ["/-x=1"], AJ, '{"-x=1":1,"-x":2}', '{"-x":2}')
add_omit("a name holding a line feed", ["/a\nb"], AJ, '{"a\\nb":1,"a":2}', '{"a":2}')
add_omit("a name holding a NUL byte (a token may hold one)", ["/a\u0000b"], AJ,
         '{"a\\u0000b":1,"a":2}', '{"a":2}')
add_omit("RFC 6901 section 5's document: every member named", [
    "/foo", "/", "/a~1b", "/c%d", "/e^f", "/g|h", "/i\\j", "/k\"l", "/ ", "/m~0n"], AJ,
    RFC6901_DOC, "{}")
add_omit("RFC 6901 section 5's document: \"/foo/0\" names an element, which stays",
         ["/foo/0", "/ ", "/m~0n"], AJ, RFC6901_DOC,
         '{"":0,"a/b":1,"c%d":2,"e^f":3,"foo":["bar","baz"],"g|h":4,"i\\\\j":5,"k\\"l":6}')

# Depth.
add_omit("100 nested objects: the innermost id", ["/a" * 100 + "/id"], AJ,
         '{"a":' * 100 + '{"id":1,"x":2}' + "}" * 100, '{"a":' * 100 + '{"x":2}' + "}" * 100)
add_omit("objects and arrays mixed", ["/a/0/b/1/c/id"], AJ,
         '{"a":[{"b":[0,{"c":{"id":1,"k":2}}]}]}', '{"a":[{"b":[0,{"c":{"k":2}}]}]}')
add_omit("nesting of MaxJSONDepth: 9999 arrays and an object, a pointer of 10000 tokens",
         ["/0" * 9999 + "/a"], AJ, "[" * 9999 + '{"a":1,"b":2}' + "]" * 9999,
         "[" * 9999 + '{"b":2}' + "]" * 9999)

# What is left.
add_omit("every member removed: {}", ["/a", "/b"], AJ, '{"a":1,"b":2}', "{}")
add_omit("every member of an inner object removed: {} stays in its place", ["/p/a"], AJ,
         '{"p":{"a":1},"q":2}', '{"p":{},"q":2}')
add_omit("the members left are canonicalized: sorted, numbers and strings rewritten", ["/id"], AJ,
         '{"z":1.50,"id":3,"b":2E2,"a":"\\u00e9\\/","n":-0}', '{"a":"\u00e9/","b":200,"n":0,"z":1.5}')
for _body, _ptr, _prime in [('"x"', "/x", '"x"'), ("42", "/0", "42"), ("null", "/a", "null"),
                            ("true", "/", "true"), (" 1.50 ", "/a", "1.5")]:
    add_omit("a top-level scalar %s: nothing to leave out" % _body.strip(), [_ptr], AJ, _body,
             _prime)
add_omit("whitespace everywhere; only the top-level id goes", ["/id"], AJ,
         ' \r\n\t{ \n "id" :\t7 ,\r\n "b" : [ 1 ,\t2 ] , "c" : { "id" : 8 } }\n\t ',
         '{"b":[1,2],"c":{"id":8}}')

# C refuses the body: the raw body, the members named included.
for _body, _why in [('{"id":{"a":1,"a":2},"x":1}', "a duplicate name inside the member left out"),
                    ('{"id":1,"x":9007199254740993}', "an unsafe integer in another member"),
                    ('{"id":[1,],"x":1}', "a trailing comma inside the member left out"),
                    (b'{"id":"\xff","x":1}', "ill-formed UTF-8 inside the member left out"),
                    ('{"id":1,"x":1} x', "trailing data")]:
    add_omit("C refuses the body (%s): the raw body, members included" % _why, ["/id"], AJ,
             _body, _body)

# Bodies that are not JSON-typed are unaffected.
add_omit("text/plain: the raw body, id included", ["/id"], "text/plain", '{"id":7,"x":1}',
         '{"id":7,"x":1}')
add_omit("no Content-Type: the raw body, id included", ["/id"], None, '{"id":7,"x":1}',
         '{"id":7,"x":1}')
add_omit("text/json is not JSON-typed: the raw body", ["/id"], "text/json", '{"id":7,"x":1}',
         '{"id":7,"x":1}')
_parts = [([b'Content-Disposition: form-data; name="rpc"', b"Content-Type: application/json"],
           b'{"id":7,"x":1}')]
_body, _framed = build_multipart(b"B0", _parts)
assert _framed and boundary_of(FD + "B0") == b"B0"
add_omit("multipart/form-data holding a JSON part: the multipart body' of section 5, unaffected",
         ["/id"], FD + "B0", _body, parts_prime(_parts), prime=parts_prime(_parts))
add_omit("multipart/x+json is multipart, not JSON-typed: unaffected", ["/id"],
         "multipart/x+json; boundary=B0", _body, parts_prime(_parts), prime=parts_prime(_parts))
add_omit("multipart/form-data, a body that does not parse: 0x00 and the raw body", ["/id"],
         FD + "B0", '{"id":7,"x":1}', b'\x00{"id":7,"x":1}', prime=b'\x00{"id":7,"x":1}')
add_omit("application/vnd.api+json is JSON-typed: meta.requestId left out",
         ["/meta/requestId"], "application/vnd.api+json",
         '{"data":{"type":"orders","id":"1234","attributes":{"note":"x"}},"meta":{"requestId":"r-7"}}',
         '{"data":{"attributes":{"note":"x"},"id":"1234","type":"orders"},"meta":{}}')
add_omit("Application/Problem+JSON with blanks around it is JSON-typed", ["/instance"],
         " Application/Problem+JSON ; charset=utf-8",
         '{"type":"about:blank","instance":"/req/42","status":409}',
         '{"status":409,"type":"about:blank"}')

# Empty bodies: an empty body'.
add_omit("an empty JSON-typed body: an empty body'", ["/id"], AJ, "", "")
add_omit("an empty body, no Content-Type: an empty body'", ["/id"], None, "", "")
add_omit("an empty multipart-typed body: an empty body'", ["/id"], FD + "B0", "", "")

# Node canonicalizes every pruned document, given in its input order, and
# agrees with write_json.
prepare_canonical([t for t, _ in omit_node])
for _text, _prime in omit_node:
    assert CANON[_text] == _prime, (_text[:200], CANON[_text][:200], _prime[:200])


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

doc = {
    "description": (
        "Golden vectors for agentidemp idempotency keys; every port (Go, Python, "
        "Rust) must reproduce every row exactly. "
        "sha256_hex: Sha256Hex(content) is \"ik_\" followed by the lowercase hex of "
        "the first 16 bytes of SHA-256(content). "
        "scoped_sha256_hex: ScopedSha256Hex(scope, content) is Sha256Hex(scope || 0x00 "
        "|| content). "
        "scoped_key: ScopedKey(scope, parts...) is Sha256Hex(scope || (0x00 || part) "
        "for each part), so with no parts it is Sha256Hex(scope); the 0x00 separator "
        "is not escaped, so some rows share a key by design. "
        "uuid5: UUID5Key(namespace, name) is the RFC 9562 version-5 UUID of SHA-1("
        "namespace bytes || name) in canonical lowercase 8-4-4-4-12 form; any bytes "
        "are a valid name. "
        "namespaces: the RFC 9562 section 6.6 name-space IDs; Anthropic is the DNS "
        "namespace. "
        "parse_uuid: ParseUUID(input) accepts only the 36-byte canonical form with "
        "hex digits in either case and returns the UUID (given here in canonical "
        "lowercase); otherwise it fails, and error_offset is the UTF-8 byte offset "
        "of the first offending byte, or -1 when the input is not 36 UTF-8 bytes "
        "long. "
        "http_request: the key of an HTTP request is Sha256Hex(scope || 0x00 || "
        "method || 0x00 || target || 0x00 || body'), and uuid_key is the version-5 "
        "UUID of the same bytes in the DNS namespace; method is GET when the row's "
        "method is empty, as net/http sends it; target is the origin-form "
        "request target, body' the RFC 8785 canonical form of body when the media "
        "type of content_type (null: no Content-Type) is JSON-typed (SPEC.md section "
        "4.3: the text before the first ';', without SP and HTAB at its ends, is "
        "application/json, or has a '/' after its first byte and a subtype longer "
        "than 5 bytes ending in +json, ASCII case-insensitively) and the body is "
        "JSON that canonical_json accepts; for a multipart/* media type, 0x01 "
        "followed, for each part in order, by u64be(len(H)) || SHA-256(H) || "
        "u64be(len(C)) || SHA-256(C) (H the part's header block, C its content; "
        "SPEC.md section 5 defines the parsing), or 0x00 followed by the raw body when the body "
        "does not parse with its boundary parameter; and the raw body otherwise. An "
        "empty body has an empty body'. A row with a url, an absolute URL, sends the "
        "request to it: its target is what Go's net/url gives with Parse and "
        "RequestURI (SPEC.md section 4.1), the path and query without scheme, host "
        "or fragment, the path escaped again when it holds a byte outside Go's set; "
        "the row's target is that target, to check the derivation against. "
        "canonical_json: CanonicalJSON(input), the RFC 8785 form of the JSON text "
        "(SPEC.md section 3), is canonical; or the input is refused with the error "
        "kind named by error, such as ErrDuplicateName, at the byte offset offset. "
        "json_key: JSONKey(input) is Sha256Hex of the canonical form of input, or, "
        "when the row has a scope, ScopedJSONKey(scope, input) is ScopedSha256Hex("
        "scope, canonical form). Canonical forms come from Node (JSON.parse and an "
        "RFC 8785 serializer) and agree with a reader and writer of SPEC.md section "
        "3 in Python; errors and offsets come from that reader and agree with the "
        "ones each row was written with. "
        "omit: the key of the request POST / in the empty scope, sent with "
        "content_type and body, when RequestKeys.Omit holds the JSON Pointers "
        "(RFC 6901) of omit: key is ScopedKey(\"\", \"POST\", \"/\", body_prime), "
        "uuid_key its UUID shape, where body_prime is the body' of http_request "
        "except that, where that is the canonical form of the body, the object "
        "members the pointers name are left out of it first (SPEC.md section 4.5: "
        "each token names a member by its name, or an array element by an index "
        "0 or [1-9][0-9]* below the array's length; a last token at an array "
        "element names nothing; all pointers are resolved on the document as read). "
        "A row with error instead gives the index of the first pointer at fault "
        "in a list that is not valid (more than 64 pointers, or a pointer that "
        "does not start with '/', holds a '~' not followed by 0 or 1, or is not "
        "valid UTF-8): such a list fails the key, whatever the body."
    ),
    "encoding": (
        "Every byte string (content, scope, each element of parts, name, body, input, "
        "canonical, each element of omit, body_prime) is an object with exactly one member: {\"utf8\": \"...\"} stands "
        "for the UTF-8 encoding of a JSON string, {\"hex\": \"...\"} for arbitrary "
        "bytes written as lowercase hexadecimal, two digits per byte. Any other member "
        "name, or an "
        "object with zero or two members, is an error. The file itself is ASCII: "
        "non-ASCII text appears as JSON \\u escapes. The parse_uuid input is a JSON "
        "string, passed to ParseUUID as its UTF-8 bytes, and so are the http_request "
        "target, url and content_type."
    ),
    "generator": "testdata/gen_vectors.py",
    "sha256_hex": sha256_rows,
    "scoped_sha256_hex": scoped_rows,
    "scoped_key": scoped_key_rows,
    "uuid5": uuid5_rows,
    "namespaces": namespace_rows,
    "parse_uuid": parse_rows,
    "canonical_json": canonical_rows,
    "json_key": json_key_rows,
    "http_request": http_rows,
    "omit": omit_rows,
}

# Rows are unique, and every array is non-empty.
for name in ("sha256_hex", "scoped_sha256_hex", "scoped_key", "uuid5", "namespaces",
             "parse_uuid", "canonical_json", "json_key", "http_request", "omit"):
    rows = doc[name]
    assert rows, name
    seen = set()
    for row in rows:
        k = json.dumps(row, sort_keys=True)
        assert k not in seen, (name, row)
        seen.add(k)

text = json.dumps(doc, indent=2, ensure_ascii=True) + "\n"
with open(OUT, "w", encoding="ascii", newline="\n") as f:
    f.write(text)
print("wrote %s: %s" % (
    OUT,
    ", ".join("%s %d" % (k, len(v)) for k, v in doc.items() if isinstance(v, list))))
