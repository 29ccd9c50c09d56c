#!/usr/bin/env bash
# Benchmark: a city-sized campaign (300,000 enterprises, 300,000 ledger rows over a week)
# through a release build of `bulletin run`. Prints rows/s and peak memory.
# usage: scripts/bench.sh [ENTERPRISES] [LEDGER_ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
ENTERPRISES="${1:-300000}"
ROWS="${2:-300000}"
DIR="${BENCH_DIR:-/tmp/bulletin-bench}"
rm -rf "$DIR"
mkdir -p "$DIR"
echo "generating $DIR (enterprises=$ENTERPRISES ledger_rows=$ROWS)…"
python3 scripts/gen_bench.py "$DIR/input" "$ENTERPRISES" "$ROWS"
swift build -c release --product bulletin 2>&1 | grep -E "error|warning:" || true
BIN="$(swift build -c release --show-bin-path)/bulletin"
/usr/bin/time -v "$BIN" run --input "$DIR/input" --output "$DIR/output" --week 2021-W35 \
    --template templates/周通报.txt 2> "$DIR/time.txt" || { cat "$DIR/time.txt"; exit 1; }
grep '^bulletin:' "$DIR/time.txt" || true
SECONDS_WALL=$(python3 - "$DIR/time.txt" <<'PY'
import sys, re
t = open(sys.argv[1]).read()
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
h, mnt, s = int(m.group(1) or 0), int(m.group(2)), float(m.group(3))
print(h * 3600 + mnt * 60 + s)
PY
)
RSS_KB=$(grep "Maximum resident set size" "$DIR/time.txt" | awk '{print $NF}')
INPUT_ROWS=$((ENTERPRISES + ROWS))
python3 - "$SECONDS_WALL" "$RSS_KB" "$ROWS" "$INPUT_ROWS" <<'PY'
import sys
secs, rss, ledger, total = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print(f"wall time        {secs:.2f} s")
print(f"ledger rows/s    {ledger / secs:,.0f}")
print(f"all rows/s       {total / secs:,.0f}  (enterprises.csv + ledger rows)")
print(f"peak memory      {rss / 1024:,.1f} MiB (Maximum resident set size)")
PY
ls -la "$DIR/output/2021-W35"
