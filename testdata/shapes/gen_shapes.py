#!/usr/bin/env python3
"""Generate deterministic JSON documents of four shapes, benchmark inputs for
the canonicalizer beside the request bodies of ../bodies.

Run from the repository root:

    python3 testdata/shapes/gen_shapes.py [OUTDIR]

The script writes geojson.json, escapes.json, random.json and api.json into
OUTDIR, by default the directory of this script (CI passes a temporary
directory and compares the result with the committed files). It uses only
the standard library and the fixed-seed SplitMix64 generator of
../bodies/gen_bodies.py, so every run writes byte-identical files on any
Python 3 version. Numbers are written digit by digit from that generator,
never through a float's repr, so no platform's formatting shows through.

The shapes:

- geojson.json: number-dominated. A GeoJSON-like FeatureCollection of
  polygons and line strings whose coordinates have 15, 16 or 17
  significant digits (a third each), as GIS exports write them.
- escapes.json: escape-heavy text. Records whose strings are written with
  every non-ASCII character as a \\uXXXX escape (surrogate pairs beyond the
  BMP), in Latin, Greek, Cyrillic, CJK, Arabic and emoji, with quotes,
  backslashes, newlines, tabs and other control characters.
- random.json: mixed random documents. An array of random trees of objects,
  arrays, strings (raw UTF-8 or escaped), integers, decimals, exponents,
  booleans and nulls, with member names in random order.
- api.json: an API response. A page of issue-tracker records the way a web
  API sends them: members in struct order, ids, URLs, timestamps, nested
  users and labels, nulls, and Markdown bodies.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # leave no __pycache__ beside the bodies
sys.path.insert(0, os.path.join(HERE, "..", "bodies"))
from gen_bodies import Rng  # noqa: E402  (the shared SplitMix64)


class Num:
    """A number literal written as is."""

    def __init__(self, text):
        self.text = text


def dump(v, ensure_ascii, out):
    """Appends the compact JSON text of v to the list out."""
    if isinstance(v, Num):
        out.append(v.text)
    elif isinstance(v, dict):
        out.append("{")
        for k, (name, x) in enumerate(v.items()):
            if k:
                out.append(",")
            out.append(json.dumps(name, ensure_ascii=ensure_ascii))
            out.append(":")
            dump(x, ensure_ascii, out)
        out.append("}")
    elif isinstance(v, list):
        out.append("[")
        for k, x in enumerate(v):
            if k:
                out.append(",")
            dump(x, ensure_ascii, out)
        out.append("]")
    else:  # str, int, bool, None
        out.append(json.dumps(v, ensure_ascii=ensure_ascii))


def write(out_dir, name, v, ensure_ascii):
    out = []
    dump(v, ensure_ascii, out)
    data = "".join(out).encode("utf-8")
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(data)
    return len(data)


def decimal(rng, int_digits, sig):
    """A literal with sig significant digits, int_digits of them before the
    point (int_digits may be 0: then it starts with "0."; at most sig - 1, so
    that a digit follows the point), the last nonzero."""
    int_digits = min(int_digits, sig - 1)
    digits = [str(rng.between(1, 9))] + [str(rng.below(10)) for _ in range(sig - 2)] + [str(rng.between(1, 9))]
    s = "".join(digits)
    if int_digits == 0:
        return "0." + s
    return s[:int_digits] + "." + s[int_digits:]


def coordinate(rng, limit_digits):
    sig = rng.between(15, 17)
    int_digits = rng.between(1, limit_digits)
    sign = "-" if rng.chance(50) else ""
    return Num(sign + decimal(rng, int_digits, sig))


def build_geojson(target):
    rng = Rng(0x6E0)
    features = []
    size = 0
    fid = 0
    while size < target:
        fid += 1
        n = rng.between(8, 60)
        ring = [[coordinate(rng, 3), coordinate(rng, 2)] for _ in range(n)]
        if rng.chance(60):
            ring.append(ring[0])
            geometry = {"type": "Polygon", "coordinates": [ring]}
        else:
            geometry = {"type": "LineString", "coordinates": ring}
        features.append({
            "type": "Feature",
            "id": fid,
            "properties": {"name": "parcel-%05d" % fid, "area": Num(decimal(rng, rng.between(1, 5), 15)),
                           "zone": rng.choice(["R1", "R2", "C1", "I2", "OS"])},
            "geometry": geometry,
        })
        size += 36 * n + 120
    return {"type": "FeatureCollection", "features": features}


WORDS = [
    # Latin with accents, Greek, Cyrillic, CJK, Arabic, emoji beyond the BMP.
    "caf\u00e9", "na\u00efve", "se\u00f1or", "\u00fcber", "gar\u00e7on", "\u0153uvre",
    "\u03ba\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1", "\u03ba\u03cc\u03c3\u03bc\u03b5",
    "\u043f\u0440\u0438\u0432\u0435\u0442", "\u043c\u0438\u0440", "\u0434\u0430\u043d\u043d\u044b\u0435",
    "\u65e5\u672c\u8a9e", "\u4e2d\u6587", "\u6f22\u5b57", "\ud55c\uad6d\uc5b4",
    "\u0645\u0631\u062d\u0628\u0627", "\u0634\u0643\u0631\u0627",
    "\U0001F600", "\U0001F680", "\U0001F9FE", "\U0001F642", "\u2603", "\u20ac",
    "ok", "the", "and", "data", "x",
    "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "cr\r\n", "bell\u0007", "nul\u0000",
]


def text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def build_escapes(target):
    rng = Rng(0xE5C)
    records = []
    size = 0
    while size < target:
        rec = {
            "id": len(records) + 1,
            "title": text(rng, rng.between(2, 6)),
            "body": text(rng, rng.between(20, 120)),
            "tags": [text(rng, 1) for _ in range(rng.between(1, 4))],
        }
        records.append(rec)
        size += len(json.dumps(rec, ensure_ascii=True, separators=(",", ":")))
    return {"records": records}


NAME_PARTS = ["id", "name", "value", "kind", "\u00e9t\u00e9", "\u540d\u524d", "a", "b", "zeta", "alpha",
              "\U0001F511", "\uff21", "data", "items", "meta", "_x", "Z"]


class Escaped:
    """A string to write with every non-ASCII character escaped."""

    def __init__(self, s):
        self.s = s


def random_number(rng):
    k = rng.below(6)
    if k == 0:
        return rng.between(-1000, 1000)
    if k == 1:
        return rng.between(-(1 << 53), 1 << 53)
    if k == 2:
        return Num(("-" if rng.chance(30) else "") + decimal(rng, rng.between(0, 4), rng.between(2, 17)))
    if k == 3:
        mant = decimal(rng, 1, rng.between(2, 17))
        return Num(mant + rng.choice(["e", "E", "e+", "e-"]) + str(rng.between(0, 300)))
    if k == 4:
        return Num(str(rng.between(1, 999)) + ".0")
    return Num("0." + "0" * rng.between(1, 8) + str(rng.between(1, 99999)))


def random_value(rng, depth):
    k = rng.below(10 if depth < 5 else 6)
    if k == 0:
        return None
    if k == 1:
        return rng.chance(50)
    if k in (2, 3):
        return random_number(rng)
    if k in (4, 5):
        s = text(rng, rng.between(0, 8))
        return Escaped(s) if rng.chance(30) else s
    if k in (6, 7):
        return [random_value(rng, depth + 1) for _ in range(rng.between(0, 8))]
    obj = {}
    for _ in range(rng.between(0, 10)):
        name = rng.choice(NAME_PARTS) + "_" + rng.token(rng.between(0, 4))
        obj[name] = random_value(rng, depth + 1)
    return obj


def escape_strings(v):
    """Replaces each Escaped by a Num holding its ASCII-escaped text."""
    if isinstance(v, Escaped):
        return Num(json.dumps(v.s, ensure_ascii=True))
    if isinstance(v, dict):
        return {k: escape_strings(x) for k, x in v.items()}
    if isinstance(v, list):
        return [escape_strings(x) for x in v]
    return v


def build_random(target):
    rng = Rng(0x2A4D)
    docs = []
    size = 0
    while size < target:
        doc = {}
        for _ in range(rng.between(3, 12)):
            doc[rng.choice(NAME_PARTS) + "_" + rng.token(3)] = random_value(rng, 0)
        doc = escape_strings(doc)
        docs.append(doc)
        out = []
        dump(doc, False, out)
        size += len("".join(out).encode("utf-8")) + 1
    return docs


def timestamp(rng):
    return "2026-%02d-%02dT%02d:%02d:%02dZ" % (rng.between(1, 12), rng.between(1, 28), rng.below(24), rng.below(60), rng.below(60))


def user(rng, users):
    login = rng.choice(users)
    uid = 1000 + users.index(login) * 7919
    base = "https://api.example.com/users/" + login
    return {
        "login": login, "id": uid, "node_id": "MDQ6VXNlcj" + rng.token(6),
        "avatar_url": "https://avatars.example.com/u/%d?v=4" % uid,
        "url": base, "html_url": "https://example.com/" + login,
        "followers_url": base + "/followers", "repos_url": base + "/repos",
        "type": "User", "site_admin": False,
    }


def markdown(rng):
    lines = []
    for _ in range(rng.between(3, 14)):
        k = rng.below(5)
        if k == 0:
            lines.append("```go\nfunc main() {\n\tfmt.Println(\"hello\")\n}\n```")
        elif k == 1:
            lines.append("- [ ] " + text(rng, rng.between(3, 9)))
        else:
            lines.append(" ".join(rng.token(rng.between(2, 9)) for _ in range(rng.between(6, 20))))
    return "\r\n\r\n".join(lines)


def build_api(target):
    rng = Rng(0xA91)
    users = ["octo" + rng.token(4).lower() for _ in range(40)]
    labels = [{"id": 100000 + k, "node_id": "LA_" + rng.token(10), "name": n, "color": "%06x" % rng.below(1 << 24),
               "default": k == 0, "description": None if k % 2 else n + " issues"}
              for k, n in enumerate(["bug", "enhancement", "question", "documentation", "performance", "good first issue"])]
    items = []
    size = 0
    while size < target:
        number = 4000 - len(items)
        url = "https://api.example.com/repos/acme/widgets/issues/%d" % number
        item = {
            "url": url, "repository_url": "https://api.example.com/repos/acme/widgets",
            "labels_url": url + "/labels{/name}", "comments_url": url + "/comments",
            "html_url": "https://example.com/acme/widgets/issues/%d" % number,
            "id": 2100000000 + rng.below(90000000), "node_id": "I_kwDO" + rng.token(14), "number": number,
            "title": " ".join(rng.token(rng.between(3, 9)) for _ in range(rng.between(3, 10))),
            "user": user(rng, users),
            "labels": [labels[rng.below(len(labels))] for _ in range(rng.below(3))],
            "state": rng.choice(["open", "closed"]), "locked": rng.chance(5),
            "assignee": user(rng, users) if rng.chance(30) else None,
            "milestone": None, "comments": rng.below(40),
            "created_at": timestamp(rng), "updated_at": timestamp(rng),
            "closed_at": timestamp(rng) if rng.chance(40) else None,
            "author_association": rng.choice(["OWNER", "MEMBER", "CONTRIBUTOR", "NONE"]),
            "body": markdown(rng),
            "reactions": {"url": url + "/reactions", "total_count": rng.below(9), "+1": rng.below(5), "-1": 0,
                          "laugh": 0, "hooray": rng.below(2), "confused": 0, "heart": rng.below(3)},
            "score": Num("1.0") if rng.chance(50) else Num(decimal(rng, 1, rng.between(3, 8))),
        }
        items.append(item)
        out = []
        dump(item, False, out)
        size += len("".join(out)) + 1
    return {"total_count": len(items), "incomplete_results": False, "items": items}


def main():
    if len(sys.argv) > 2:
        sys.exit("usage: gen_shapes.py [OUTDIR]")
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    sizes = {
        "geojson.json": write(out, "geojson.json", build_geojson(400 << 10), ensure_ascii=True),
        "escapes.json": write(out, "escapes.json", build_escapes(300 << 10), ensure_ascii=True),
        "random.json": write(out, "random.json", build_random(300 << 10), ensure_ascii=False),
        "api.json": write(out, "api.json", build_api(300 << 10), ensure_ascii=False),
    }
    for name, n in sizes.items():
        print("%-14s %8d bytes" % (name, n))


if __name__ == "__main__":
    main()
