#!/usr/bin/env bash
# The sheet tokenizer against Foundation's XMLParser (the measurement quoted in
# Sources/BulletinCore/Input/XMLScanner.swift): the city week's ledger rows (scripts/gen_bench.py,
# 300,000 by default) as one sheet's XML in the layout scripts/csv_to_xlsx.py writes, read by
# both with the same cell bookkeeping, in an -O build.
# usage: scripts/xml_scan_bench.sh [LEDGER_ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-300000}"
DIR="${BENCH_DIR:-/tmp/bulletin-xml-bench}"
rm -rf "$DIR"
mkdir -p "$DIR"
python3 scripts/gen_bench.py "$DIR/input" 1000 "$ROWS" > /dev/null
python3 - "$DIR" <<'PY'
import csv, glob, re, sys
d = sys.argv[1]
iso, whole = re.compile(r"\d{4}-\d\d-\d\d"), re.compile(r"[1-9]\d{0,14}")
strings = {}
def col(i):
    s = ""; i += 1
    while i:
        i, r = divmod(i - 1, 26); s = chr(65 + r) + s
    return s
out = open(f"{d}/sheet.xml", "w", encoding="utf-8")
out.write('<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
r = 0
for path in sorted(glob.glob(f"{d}/input/*/走访台账/*.csv")):
    for record in list(csv.reader(open(path, encoding="utf-8")))[1:]:
        r += 1
        cells = []
        for c, v in enumerate(record):
            if not v: continue
            ref = f"{col(c)}{r}"
            if iso.fullmatch(v): cells.append(f'<c r="{ref}" s="1"><v>44438</v></c>')
            elif whole.fullmatch(v): cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else: cells.append(f'<c r="{ref}" t="s"><v>{strings.setdefault(v, len(strings))}</v></c>')
        out.write(f'<row r="{r}">{"".join(cells)}</row>')
out.write("</sheetData></worksheet>")
print(f"{r} rows")
PY
ls -la "$DIR/sheet.xml"
cp bench/xml_scan_bench.swift "$DIR/main.swift"  # top-level code lives in main.swift
swiftc -O -o "$DIR/xmlbench" Sources/BulletinCore/Input/XMLScanner.swift "$DIR/main.swift"
"$DIR/xmlbench" "$DIR/sheet.xml"
