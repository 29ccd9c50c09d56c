#!/usr/bin/env bash
# Quick start 2: the whole test suite (unit, golden, end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
swift test "$@"
