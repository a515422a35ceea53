#!/usr/bin/env bash
# Measures the peak RSS of agentidemp that the README's "Command line"
# section gives: json FILE, canon FILE, json from a pipe and key from a pipe
# on the documents of memdocs, each the median of 3 runs of
# /usr/bin/time -v (its "Maximum resident set size"), in MiB, with the
# lowest and highest of the runs of json from a pipe where they differ. Run it from
# anywhere; it needs GNU time (Debian's package time) and about 1 GB of
# disk in $TMPDIR, and prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/../../.."

[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/agentidemp" ./cmd/agentidemp
go run ./cmd/agentidemp/testdata/memdocs "$dir"

# peak FILE COMMAND...: the peak RSS in KiB of COMMAND, its standard input
# FILE through a pipe or, for FILE -, none.
peak() {
	local in=$1
	shift
	if [ "$in" = - ]; then
		/usr/bin/time -v "$@" 2>&1 >/dev/null </dev/null
	else
		cat "$in" | /usr/bin/time -v "$@" 2>&1 >/dev/null
	fi | awk '/Maximum resident set size/ { print $6 }'
}

# median FILE COMMAND...: the median of 3 peaks, in MiB with one decimal.
median() {
	for run in 1 2 3; do peak "$@"; done | sort -n | sed -n 2p | awk '{ printf "%.1f", $1 / 1024 }'
}

# spread FILE COMMAND...: the median of 3 peaks and, in parentheses, the
# lowest and the highest, where they differ by more than 1 MiB: from a pipe
# the peak depends on when the garbage collector runs.
spread() {
	for run in 1 2 3; do peak "$@"; done | sort -n | tr '\n' ' ' |
		awk '{ printf "%.1f", $2 / 1024; if ($3 - $1 > 1024) printf " (%.1f to %.1f)", $1 / 1024, $3 / 1024 }'
}

echo "$(go version), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) CPUs"
echo
echo '| document | input | `json FILE` | `canon FILE` | `json` < pipe | `key` < pipe |'
echo '|---|---:|---:|---:|---:|---:|'
for kind in strings objects; do
	for mb in 10 50 200; do
		f=$dir/$kind-$mb.json
		size=$(awk -v n="$(stat -c %s "$f")" 'BEGIN { printf "%.1f", n / 1048576 }')
		echo "| $kind-$mb.json | $size" \
			"| $(median - "$dir/agentidemp" json "$f")" \
			"| $(median - "$dir/agentidemp" canon "$f")" \
			"| $(spread "$f" "$dir/agentidemp" json)" \
			"| $(median "$f" "$dir/agentidemp" key) |"
	done
done
