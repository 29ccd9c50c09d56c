#!/usr/bin/env bash
# Quick start 2: the whole test suite (unit, golden, end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
# openpyxl lets the workbook read-back tests run; without it they are skipped (and fail when
# CI is set: .ci/run installs it, LibreOffice and python-docx).
python3 -c 'import openpyxl' 2>/dev/null || python3 -m pip install --quiet openpyxl >/dev/null 2>&1 || true
# python-docx reads 周通报.docx back; without it that test is skipped (fails under CI).
python3 -c 'import docx' 2>/dev/null || python3 -m pip install --quiet python-docx >/dev/null 2>&1 || true
swift test "$@"
