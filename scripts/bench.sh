#!/usr/bin/env bash
# Benchmark: a city-sized campaign (300,000 enterprises, 300,000 ledger rows over a week)
# through a release build of `bulletin run`, measured against the floor: bench/floor.c,
# raw libxlsxwriter writing the same number of cells and text bytes as bulletin's workbooks,
# sequentially on one thread. Runs A B C A B C… (A = bulletin, B = the floor, C = the reading
# floor) and prints the median ratio of the A/B pairs, per-stage and per-output tables, wall
# times, rows/s and peak memory. The reading floor, bench/readfloor.c, only reads the input
# tree on as many threads as bulletin uses (every file read whole; each CSV checked to be
# UTF-8 and split into records and fields; each .xlsx part inflated): beside bulletin's
# reading stages it shows what of them is reading and what is bulletin's own work.
# The cell counts come from a warm-up run's `--timings` JSON. Everything stays in BENCH_DIR
# (timings-N.json, time-*-N.txt from /usr/bin/time -v, pairs.tsv).
#
# BENCH_WEEKS=N (N > 1) times a campaign of N weeks instead (LEDGER_ROWS ledger rows in each
# week folder): `run --all` (every week and 总结/, each file read once) against the sum of
# `run --week W` for each week, PAIRS times, checks that each week folder of the two is
# byte-identical, and prints both wall times, their ratio and peak memory. No floor.
# usage: scripts/bench.sh [ENTERPRISES] [LEDGER_ROWS]
# env:   BENCH_DIR     work folder (default /tmp/bulletin-bench; emptied first)
#        BENCH_WEEKS   weeks of the generated campaign (default 1: the one-week benchmark)
#        PAIRS         timed A/B pairs after the warm-up run (default 3)
#        BENCH_JOBS    passed to bulletin as --jobs N (omitted when unset; the floor stays on one thread)
#        BULLETIN_BIN  run this binary instead of building the release one
#        BENCH_XLSX    1: the ledgers (走访台账) arrive as .xlsx, converted from the generated
#                      CSVs by scripts/csv_to_xlsx.py (openpyxl; shared strings, numbers, dates)
set -euo pipefail
cd "$(dirname "$0")/.."
ENTERPRISES="${1:-300000}"
ROWS="${2:-300000}"
DIR="${BENCH_DIR:-/tmp/bulletin-bench}"
PAIRS="${PAIRS:-3}"
[[ "$PAIRS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: PAIRS must be a positive integer" >&2; exit 2; }
[[ -z "${BENCH_JOBS:-}" || "$BENCH_JOBS" =~ ^[1-9][0-9]*$ ]] \
    || { echo "bench: BENCH_JOBS must be a positive integer" >&2; exit 2; }
WEEKS="${BENCH_WEEKS:-1}"
[[ "$WEEKS" =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_WEEKS must be a positive integer" >&2; exit 2; }
rm -rf "$DIR"
mkdir -p "$DIR"
echo "generating $DIR (enterprises=$ENTERPRISES ledger_rows=$ROWS per week, weeks=$WEEKS)…"
python3 scripts/gen_bench.py "$DIR/input" "$ENTERPRISES" "$ROWS" "$WEEKS"
if [[ "${BENCH_XLSX:-}" == 1 ]]; then
    echo "saving the ledgers as .xlsx…"
    find "$DIR/input" -path '*/走访台账/*.csv' -print0 | xargs -0 python3 scripts/csv_to_xlsx.py
fi

if [[ -n "${BULLETIN_BIN:-}" ]]; then
    BIN="$(cd "$(dirname "$BULLETIN_BIN")" && pwd)/$(basename "$BULLETIN_BIN")"
else
    echo "building the release binary (log: $DIR/build.log)…"
    swift build -c release --product bulletin > "$DIR/build.log" 2>&1 \
        || { grep -E "error" "$DIR/build.log" || cat "$DIR/build.log"; exit 1; }
    grep -E "warning:" "$DIR/build.log" || true
    BIN="$(swift build -c release --show-bin-path)/bulletin"
fi
[[ -x "$BIN" ]] || { echo "bench: no bulletin binary at $BIN" >&2; exit 1; }

if (( WEEKS > 1 )); then
    JOBS=()
    if [[ -n "${BENCH_JOBS:-}" ]]; then JOBS=(--jobs "$BENCH_JOBS"); fi
    mapfile -t FOLDERS < <(cd "$DIR/input" && ls -d 20??-W?? | sort)
    COMMON=(--input "$DIR/input" --template templates/周通报.txt "${JOBS[@]}")
    echo "weeks: ${FOLDERS[*]}"
    echo "A: $BIN run --all ${COMMON[*]} --summary-template templates/活动总结.txt --output $DIR/all"
    echo "B: for W in weeks: $BIN run --week W ${COMMON[*]} --output $DIR/single"
    # Warm-up (page cache, binary).
    "$BIN" run --all "${COMMON[@]}" --output "$DIR/all" > /dev/null 2>&1
    : > "$DIR/weeks.tsv"
    for ((p = 1; p <= PAIRS; p++)); do
        rm -rf "$DIR/all" "$DIR/single"
        /usr/bin/time -v "$BIN" run --all "${COMMON[@]}" --summary-template templates/活动总结.txt --output "$DIR/all" \
            > "$DIR/all-$p.out" 2> "$DIR/time-all-$p.txt" || { cat "$DIR/time-all-$p.txt"; exit 1; }
        for w in "${FOLDERS[@]}"; do
            /usr/bin/time -v "$BIN" run --week "$w" "${COMMON[@]}" --output "$DIR/single" \
                > "$DIR/single-$w-$p.out" 2> "$DIR/time-single-$w-$p.txt" || { cat "$DIR/time-single-$w-$p.txt"; exit 1; }
        done
        for w in "${FOLDERS[@]}"; do
            diff -r "$DIR/all/$w" "$DIR/single/$w" > /dev/null \
                || { echo "bench: $w differs between run --all and run --week $w" >&2; exit 1; }
        done
        python3 - "$DIR" "$p" "${FOLDERS[@]}" <<'PY'
import re, sys
def time_v(path):
    """Wall seconds, max RSS (KiB) and CPU seconds (user + system) from /usr/bin/time -v."""
    t = open(path, encoding="utf-8", errors="replace").read()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", t))
    return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3)), int(rss.group(1)), cpu
d, p, weeks = sys.argv[1], sys.argv[2], sys.argv[3:]
a, a_rss, a_cpu = time_v(f"{d}/time-all-{p}.txt")
singles = [time_v(f"{d}/time-single-{w}-{p}.txt") for w in weeks]
b = sum(s for s, _, _ in singles)
b_cpu = sum(c for _, _, c in singles)
print(f"pair {p}: run --all {a:.2f} s ({a_cpu:.2f} s CPU); run --week × {len(weeks)} {b:.2f} s "
      f"({' + '.join(f'{s:.2f}' for s, _, _ in singles)}; {b_cpu:.2f} s CPU); ratio {a / b:.2f} wall, {a_cpu / b_cpu:.2f} CPU")
with open(f"{d}/weeks.tsv", "a") as f:
    f.write(f"{a}\t{a_rss}\t{b}\t{max(r for _, r, _ in singles)}\t{a_cpu}\t{b_cpu}\n")
PY
    done
    python3 - "$DIR" "$PAIRS" "${#FOLDERS[@]}" <<'PY'
import statistics, sys
d, pairs, weeks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = [[float(x) for x in line.split("\t")] for line in open(f"{d}/weeks.tsv").read().splitlines()]
ratios = [r[0] / r[2] for r in rows]
cpu_ratios = [r[4] / r[5] for r in rows]
print()
print(f"run --all        {statistics.median(r[0] for r in rows):.2f} s wall, {statistics.median(r[4] for r in rows):.2f} s CPU "
      f"(median of {pairs}; peak memory {max(r[1] for r in rows) / 1024:,.1f} MiB)")
print(f"sum of --week    {statistics.median(r[2] for r in rows):.2f} s wall, {statistics.median(r[5] for r in rows):.2f} s CPU "
      f"({weeks} single-week runs, median of {pairs}; largest peak {max(r[3] for r in rows) / 1024:,.1f} MiB)")
print(f"ratio all / sum  {statistics.median(ratios):.2f} wall (pairs: {', '.join(f'{r:.2f}' for r in ratios)}), "
      f"{statistics.median(cpu_ratios):.2f} CPU (pairs: {', '.join(f'{r:.2f}' for r in cpu_ratios)})")
print("every week folder of run --all is byte-identical to its run --week")
PY
    ls -la "$DIR/all/总结"
    exit 0
fi
# shellcheck disable=SC2046  # pkg-config prints several words on purpose
cc -O2 bench/floor.c -o "$DIR/floor" $(pkg-config --cflags --libs xlsxwriter)
cc -O2 -pthread bench/readfloor.c -o "$DIR/readfloor" -lz

ARGS=(run --input "$DIR/input" --output "$DIR/output" --week 2021-W35 --template templates/周通报.txt)
if [[ -n "${BENCH_JOBS:-}" ]]; then ARGS+=(--jobs "$BENCH_JOBS"); fi
# The reading floor reads on as many threads as bulletin does (--jobs, by default the cores).
READ_JOBS="${BENCH_JOBS:-$(nproc)}"

# Warm-up (page cache, binary): also tells how many cells each workbook holds.
echo "warm-up: $BIN ${ARGS[*]} --timings $DIR/timings-warmup.json"
"$BIN" "${ARGS[@]}" --timings "$DIR/timings-warmup.json" > "$DIR/warmup.out" 2> "$DIR/warmup.err" \
    || { cat "$DIR/warmup.out" "$DIR/warmup.err"; exit 1; }
grep '^bulletin:' "$DIR/warmup.err" || true

# Floor SPECs: one CELLS:TEXTBYTES:COLUMNS per output that is a workbook (cells > 0).
SPECS=$(python3 - "$DIR/timings-warmup.json" <<'PY'
import json, sys
outputs = json.load(open(sys.argv[1], encoding="utf-8"))["outputs"]
specs = []
for o in outputs:
    if o["cells"] > 0:
        if o["columns"] < 1:
            sys.exit(f"bench: timings.json: workbook {o['name']} has {o['cells']} cells but columns = {o['columns']}")
        specs.append(f"{o['cells']}:{o['text_bytes']}:{o['columns']}")
if not specs:
    sys.exit("bench: timings.json lists no workbook (no output with cells > 0)")
print(" ".join(specs))
PY
)
echo "floor specs (cells:text_bytes:columns): $SPECS"

# Timed pairs. Each run starts from an empty output folder so every run does the same work.
for ((p = 1; p <= PAIRS; p++)); do
    rm -rf "$DIR/output"
    /usr/bin/time -v "$BIN" "${ARGS[@]}" --timings "$DIR/timings-$p.json" \
        > "$DIR/bulletin-$p.out" 2> "$DIR/time-bulletin-$p.txt" \
        || { cat "$DIR/time-bulletin-$p.txt"; exit 1; }
    rm -rf "$DIR/floor-out"
    mkdir -p "$DIR/floor-out"
    # shellcheck disable=SC2086  # SPECS is a list of words
    /usr/bin/time -v "$DIR/floor" "$DIR/floor-out" $SPECS \
        > "$DIR/floor-$p.out" 2> "$DIR/time-floor-$p.txt" \
        || { cat "$DIR/floor-$p.out" "$DIR/time-floor-$p.txt"; exit 1; }
    /usr/bin/time -v "$DIR/readfloor" -j "$READ_JOBS" "$DIR/input" \
        > "$DIR/readfloor-$p.out" 2> "$DIR/time-readfloor-$p.txt" \
        || { cat "$DIR/readfloor-$p.out" "$DIR/time-readfloor-$p.txt"; exit 1; }
    # One line per pair in pairs.tsv: bulletin wall s, bulletin max RSS KiB, floor wall s,
    # reading floor wall s.
    python3 - "$DIR/time-bulletin-$p.txt" "$DIR/time-floor-$p.txt" "$DIR/time-readfloor-$p.txt" "$p" "$DIR/pairs.tsv" <<'PY'
import re, sys
def time_v(path):
    """Wall seconds and max RSS (KiB) from /usr/bin/time -v output."""
    t = open(path, encoding="utf-8", errors="replace").read()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3)), int(rss.group(1))
(a, rss), (b, _), (r, _) = time_v(sys.argv[1]), time_v(sys.argv[2]), time_v(sys.argv[3])
print(f"pair {sys.argv[4]}: bulletin {a:.2f} s, floor {b:.2f} s, ratio {a / max(b, 0.01):.2f}; reading floor {r:.2f} s")
with open(sys.argv[5], "a") as f:
    f.write(f"{a}\t{rss}\t{b}\t{r}\n")
PY
done
cat "$DIR/floor-1.out" "$DIR/readfloor-1.out"

python3 - "$DIR" "$PAIRS" "$ENTERPRISES" "$ROWS" <<'PY'
import json, os, statistics, sys, unicodedata

d, pairs, enterprises, ledger = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rows = [line.split("\t") for line in open(f"{d}/pairs.tsv").read().splitlines()]
runs = [(float(a), int(rss)) for a, rss, _, _ in rows]
floors = [float(b) for _, _, b, _ in rows]
read_floors = [float(r) for _, _, _, r in rows]
ratios = [a / max(b, 0.01) for (a, _), b in zip(runs, floors)]  # time -v has 10 ms steps
# The median run: the bulletin run of median wall time (the lower middle one when even).
mid = sorted(range(pairs), key=lambda i: runs[i][0])[(pairs - 1) // 2]
wall, rss_kb = runs[mid]
timings = json.load(open(f"{d}/timings-{mid + 1}.json", encoding="utf-8"))

def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

def table(header, rows):
    """Print rows of strings; the first column left-aligned, the others right-aligned."""
    widths = [max(width(r[i]) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        cells = [r[0] + " " * (widths[0] - width(r[0]))]
        cells += [" " * (w - width(c)) + c for c, w in zip(r[1:], widths[1:])]
        print("  ".join(cells).rstrip())

def rate(n, secs):
    return f"{n / secs:,.0f}" if n and secs > 0 else "-"

print()
print(f"ratio = bulletin / floor = {statistics.median(ratios):.2f} "
      f"(median of {pairs} pairs; pairs: {', '.join(f'{r:.2f}' for r in ratios)})")
print()
print(f"stages (run {mid + 1}, the median run; jobs = {timings.get('jobs', '?')})")
table(["stage", "seconds", "rows", "rows/s", "files", "peak MiB"],
      [[s["stage"], f"{s['seconds']:.2f}", f"{s['rows']:,}", rate(s["rows"], s["seconds"]),
        f"{s['files']:,}", f"{s['peak_mib']:,.1f}"] for s in timings["stages"]])
print()
def mib(path):
    return f"{os.path.getsize(path) / 2**20:,.1f}" if os.path.exists(path) else "-"

# The file sizes (last run) show whether the floor's text compresses like bulletin's.
print("outputs (MiB: the file bulletin wrote; floor MiB: the floor's workbook of as many cells)")
workbooks = 0
out_rows = []
for o in timings["outputs"]:
    workbooks += o["cells"] > 0
    floor_file = f"{d}/floor-out/floor-{workbooks}.xlsx" if o["cells"] > 0 else ""
    out_rows.append([o["name"], f"{o['seconds']:.2f}", f"{o['cells']:,}" if o["cells"] else "-",
                     rate(o["cells"], o["seconds"]), mib(f"{d}/output/2021-W35/{o['name']}"), mib(floor_file)])
table(["name", "seconds", "cells", "cells/s", "MiB", "floor MiB"], out_rows)
print()
print(f"bulletin wall    {wall:.2f} s (run {mid + 1}, the median run of {pairs}; runs: {', '.join(f'{r[0]:.2f}' for r in runs)})")
print(f"floor wall       {statistics.median(floors):.2f} s (median of {pairs}; runs: {', '.join(f'{f:.2f}' for f in floors)})")
# What of bulletin's time is reading: its stages before the first output is written against
# the reading floor (time -v has 10 ms steps).
stage = {s["stage"]: s["seconds"] for s in timings["stages"]}
reading = stage.get("扫描", 0) + stage.get("读取与校验", 0)
read_floor = statistics.median(read_floors)
print(f"reading floor    {read_floor:.2f} s (median of {pairs}; runs: {', '.join(f'{f:.2f}' for f in read_floors)}): "
      f"bench/readfloor.c -j {timings.get('jobs', '?')}, the input read and split, nothing checked")
print(f"reading stages   {reading:.2f} s (扫描 + 读取与校验, run {mid + 1}) = {reading / max(read_floor, 0.01):.1f}× the reading floor; "
      f"统计 {stage.get('统计', 0):.2f} s; 写出 {stage.get('写出', 0):.2f} s = {stage.get('写出', 0) / max(statistics.median(floors), 0.01):.2f}× the floor")
print(f"peak memory      {rss_kb / 1024:,.1f} MiB (bulletin's maximum resident set size, median run)")
print(f"ledger rows/s    {ledger / wall:,.0f}")
print(f"all rows/s       {(enterprises + ledger) / wall:,.0f}  (enterprises.csv + ledger rows)")
PY
ls -la "$DIR/output/2021-W35"
