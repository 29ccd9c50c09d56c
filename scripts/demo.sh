#!/usr/bin/env bash
# Quick start 1: the demo campaign's latest week (input/ → output/2021-W36/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
swift build --product bulletin
.build/debug/bulletin run --input input --output output "$@"
