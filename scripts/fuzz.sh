#!/usr/bin/env bash
# Builds one libFuzzer target of Fuzz/ (swiftc -sanitize=fuzzer,address) and runs it.
# usage: scripts/fuzz.sh csv|xlsx|date|codes|plan SECONDS
# Seeds: Tests/Fixtures/broken (the demo's and fixture's plan files for `plan`); the growing corpus
# stays in Fuzz/.corpus/<target>/ (ignored). A crashing input is kept in
# Tests/Fixtures/fuzz/<target>/, where FuzzRegressionTests replays it on every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
case "${1:-}" in
    csv) product=FuzzCSV ;; date) product=FuzzDate ;; codes) product=FuzzCodes ;; plan) product=FuzzPlan ;; xlsx) product=FuzzXLSX ;;
    *) echo "usage: scripts/fuzz.sh csv|xlsx|date|codes|plan SECONDS" >&2; exit 2 ;;
esac
seconds="${2:-600}"
target="$1"
(cd Fuzz && swift build -c debug --product "$product" -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | grep -E "error|warning: unre|Compiling|Build" | tail -3)
bin="$(cd Fuzz && swift build -c debug --show-bin-path)/$product"
corpus="Fuzz/.corpus/$target"
crashes="Tests/Fixtures/fuzz/$target"
mkdir -p "$corpus" "$crashes"
seeds=(Tests/Fixtures/broken)
if [ "$target" = xlsx ]; then
    # Whole workbooks (the cell-type and hostile fixtures) and bare sheet XML (packed by the target).
    seeds=(Fuzz/.corpus/xlsx-seeds)
    mkdir -p "${seeds[0]}"
    cp Tests/Fixtures/xlsx/*.xlsx "${seeds[0]}/"
    rm -f "${seeds[0]}/bomb.xlsx"  # 16 MiB streamed before it is refused: slower than -timeout under ASan
    for f in Tests/Fixtures/xlsx/strings.xlsx Tests/Fixtures/xlsx/formulas.xlsx Tests/Fixtures/xlsx/no-references.xlsx; do
        python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml"))' "$f" \
            > "${seeds[0]}/sheet-$(basename "$f" .xlsx).xml"
    done
fi
if [ "$target" = plan ]; then
    seeds=(Fuzz/.corpus/plan-seeds)
    mkdir -p "${seeds[0]}"
    cp input/plan.yaml "${seeds[0]}/demo.yaml"
    cp Tests/Fixtures/linjiang-2024/plan.yaml "${seeds[0]}/linjiang.yaml"
    cp Tests/Fixtures/linjiang-2024/2024-W11/plan.yaml "${seeds[0]}/overlay.yaml" 2>/dev/null || true
fi
# A failed check must end the run at once for libFuzzer to keep the input (no interactive backtrace).
log="Fuzz/.corpus/$target.log"
SWIFT_BACKTRACE=enable=no "$bin" "$corpus" "${seeds[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="$crashes/" -print_final_stats=1 > "$log" 2>&1 || true
# The last coverage line, the final statistics, and any crash libFuzzer reported.
grep -E "^#[0-9]+.*(pulse|DONE|NEW)" "$log" | tail -1
grep -E "^(Done|stat::|==[0-9]+==ERROR|SUMMARY)|deadly signal|Fatal error" "$log" || true
ls "$crashes" | sed "s|^|kept: $crashes/|"
