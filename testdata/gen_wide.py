#!/usr/bin/env python3
"""Generate testdata/wide.txt, the characters that take two columns on a
terminal, for the width table of cmd/agentidemp (width.go).

Usage, from the repository root:

    python3 testdata/gen_wide.py [OUTDIR]

It writes wide.txt into OUTDIR, by default the directory of this script (CI
passes a temporary directory and compares the result with the committed
file).

A character is wide when Unicode gives it the East_Asian_Width W (wide) or
F (fullwidth), as Python's unicodedata.east_asian_width reports them, and it
is graphic: not a control, format, surrogate, private-use or unassigned
character, nor a line or paragraph separator (the command shows those as
\\xNN escapes, so their width never matters). Every character with the
Emoji_Presentation property has East_Asian_Width W since Unicode 9.0, so
emoji are covered. The Unicode version is Python's unicodedata.unidata_version
and is written in the file's first line: a Python with another Unicode
version writes another file, and the test of width.go names the difference.

The output is one range a line, "FIRST..LAST" in uppercase hex (the notation
of the Unicode data files), consecutive code points merged, in ascending
order. The script uses the Python standard library only.
"""

import sys
import unicodedata
from pathlib import Path

if len(sys.argv) > 2:
    sys.exit("usage: gen_wide.py [OUTDIR]")
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent) / "wide.txt"

# The general categories shown as escapes, not as text.
NOT_GRAPHIC = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def wide(cp):
    ch = chr(cp)
    return unicodedata.east_asian_width(ch) in ("W", "F") and unicodedata.category(ch) not in NOT_GRAPHIC


ranges = []
for cp in range(0x110000):
    if wide(cp):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])

# Facts any version since Unicode 9.0 agrees on, checked before writing.
for cp in (0x1100, 0x3000, 0x4E00, 0xAC00, 0xFF01, 0x1F600, 0x20000):
    assert wide(cp), hex(cp)
for cp in (0x41, 0xE9, 0x0301, 0x200B, 0xFF61, 0x2028):
    assert not wide(cp), hex(cp)

lines = [
    "# East_Asian_Width W and F, graphic characters only: Unicode %s (Python unicodedata).\n"
    % unicodedata.unidata_version,
    "# Written by gen_wide.py; width.go in cmd/agentidemp holds the same ranges.\n",
]
lines += ["%04X..%04X\n" % (lo, hi) for lo, hi in ranges]
OUT.write_text("".join(lines), encoding="ascii")
