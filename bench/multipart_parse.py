#!/usr/bin/env python3
"""Parse multipart bodies with Python's email package, for multipart_test.go.

Reads JSON lines from standard input, one per case:

    {"h": [[NAME, VALUE_HEX], ...], "b": BODY_HEX}

h holds the request's header fields (the Content-Type values), b the body.
The message parsed is each field as NAME ": " VALUE CRLF, an empty line,
then the body, with BytesParser and policy compat32 (the parser keeps every
byte: headers and payloads are ASCII text with surrogate escapes).

Writes one JSON line per case, in order:

    {"ok": true, "parts": [PART, ...], "d": [DEFECT, ...]}
    {"ok": false, "why": "...", "d": [DEFECT, ...]}

ok is false when the message has no multipart payload (not a multipart
type, or the parser kept the body as text), when the parser records a
defect of the boundary framing (no start or no close delimiter, no boundary,
a multipart type without parts), or when it raises. d lists the message's
defects by class name. A PART is

    {"h": [[NAME_HEX, VALUE_HEX], ...], "c": CONTENT_HEX, "d": [DEFECT, ...]}

with the part's header fields in order (NAME lower-cased, VALUE with spaces
and tabs trimmed at both ends) and its content as the raw bytes; for a part
of a multipart/* or message/* type, which the parser reads as a message of
its own, "c" is null and "n" describes what the parser made of the content
(the same fields, recursively, as a JSON string).

Standard library only.
"""

import email.errors
import email.policy
import json
import sys
from email.parser import BytesParser

# Defects that say the body does not frame parts with the boundary.
FRAMING = (
    email.errors.StartBoundaryNotFoundDefect,
    email.errors.CloseBoundaryNotFoundDefect,
    email.errors.NoBoundaryInMultipartDefect,
    email.errors.MultipartInvariantViolationDefect,
)


def raw(s):
    """The bytes of a parsed str (ASCII with surrogate escapes)."""
    return s.encode("ascii", "surrogateescape")


def headers(msg):
    # The raw (name, value) pairs as the parser stored them: compat32 keeps
    # the value after the colon without its leading blanks and line end.
    out = []
    for name, value in msg.raw_items():
        if not isinstance(value, str):
            value = str(value)
        out.append([raw(name.lower()).hex(), raw(value).strip(b" \t").hex()])
    return out


def defects(msg):
    return [type(d).__name__ for d in msg.defects]


def payload_bytes(msg):
    # The stored payload, not get_payload(): with decode=False that decodes
    # text holding non-ASCII bytes with the declared charset and 'replace'.
    p = msg._payload
    if p is None:
        return b""
    if isinstance(p, bytes):
        return p
    return raw(p)


def nested(msg):
    """What the parser made of a message, for comparing two parses."""
    out = {"h": headers(msg), "d": defects(msg)}
    if isinstance(msg._payload, list):
        out["n"] = [nested(m) for m in msg._payload]
        out["pre"] = msg.preamble
        out["epi"] = msg.epilogue
    else:
        out["c"] = payload_bytes(msg).hex()
    return out


def part(msg):
    out = {"h": headers(msg), "d": defects(msg)}
    if msg.get_content_maintype() in ("multipart", "message"):
        out["c"] = None
        out["n"] = json.dumps(nested(msg), sort_keys=True)
    else:
        out["c"] = payload_bytes(msg).hex()
    return out


def parse(case):
    head = b"".join(raw_name.encode("ascii") + b": " + bytes.fromhex(v) + b"\r\n"
                    for raw_name, v in case["h"])
    data = head + b"\r\n" + bytes.fromhex(case["b"])
    try:
        msg = BytesParser(policy=email.policy.compat32).parsebytes(data)
        if msg.get_content_maintype() != "multipart":
            return {"ok": False, "why": "not multipart: " + msg.get_content_type(),
                    "d": defects(msg)}
        framing = [type(d).__name__ for d in msg.defects if isinstance(d, FRAMING)]
        if framing or not isinstance(msg._payload, list):
            return {"ok": False, "why": "framing defects %s" % framing, "d": defects(msg)}
        return {"ok": True, "parts": [part(m) for m in msg._payload], "d": defects(msg)}
    except Exception as e:  # the parser raising is a refusal too
        return {"ok": False, "why": "raised %s: %s" % (type(e).__name__, e), "d": []}


def main():
    out = sys.stdout
    for line in sys.stdin:
        if line.strip():
            out.write(json.dumps(parse(json.loads(line)), sort_keys=True) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
