#!/usr/bin/env python3
"""Summarize TestInterleaved's output of several passes into the tables of
bench/README.md.

    python3 summarize.py harness-before.txt harness-after.txt

Each file holds the lines TestInterleaved printed in each pass, prefixed with
"pass=N ". For each shape it prints, for each file, CanonicalJSON's CPU time
an op and its ratios to jsontext (the copy subtracted), json.Valid and, for
the large objects, sorting the names: the median of the passes' medians and,
in brackets, the least and greatest over every round of every pass.
"""

import re
import statistics
import sys

IMPL = re.compile(r"^pass=\d+ shape=(\S+) impl=(\S+) bytes=(\d+) .*cpu-ns/op: median (\S+) least (\S+) greatest (\S+);")
RATIO = re.compile(r"^pass=\d+ shape=(\S+) CanonicalJSON/(\S+) cpu ratio: median (\S+) least (\S+) greatest (\S+)")


def load(path):
    """Returns {shape: {what: [(median, least, greatest), ...]}} and sizes."""
    data, sizes = {}, {}
    with open(path) as f:
        for line in f:
            m = IMPL.match(line)
            if m:
                shape, impl, n = m.group(1), m.group(2), int(m.group(3))
                sizes[shape] = n
                data.setdefault(shape, {}).setdefault(impl, []).append(tuple(float(x) for x in m.group(4, 5, 6)))
                continue
            m = RATIO.match(line)
            if m:
                data.setdefault(m.group(1), {}).setdefault("/" + m.group(2), []).append(
                    tuple(float(x) for x in m.group(3, 4, 5)))
    return data, sizes


def summary(passes):
    """The median of the passes' medians, the least least, the greatest greatest."""
    return statistics.median(p[0] for p in passes), min(p[1] for p in passes), max(p[2] for p in passes)


def duration(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return "%.3g %s" % (ns / scale, unit)
    return "%.0f ns" % ns


def main():
    files = sys.argv[1:]
    loaded = [load(p) for p in files]
    print("| shape | bytes | run | CanonicalJSON CPU/op | ÷ jsontext | ÷ json.Valid | ÷ SortNames |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for shape in loaded[0][0]:
        for path, (data, sizes) in zip(files, loaded):
            d = data[shape]
            med, lo, hi = summary(d["CanonicalJSON"])
            cells = []
            for what in ("/JSONText-minus-CopyFloor", "/ValidFloor", "/SortNames"):
                if what in d:
                    m, l, h = summary(d[what])
                    cells.append("%.2f [%.2f–%.2f]" % (m, l, h))
                else:
                    cells.append("—")
            print("| %s | %s | %s | %s [%s–%s] | %s |" % (
                shape, format(sizes[shape], ","), path.rsplit("/", 1)[-1].removesuffix(".txt"),
                duration(med), duration(lo), duration(hi), " | ".join(cells)))


if __name__ == "__main__":
    main()
