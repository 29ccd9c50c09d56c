#!/usr/bin/env bash
# Makes sure the C library the workbooks are written with (libxlsxwriter, Debian's
# libxlsxwriter-dev) and pkg-config are installed; installs them with apt-get when it can,
# else says exactly what to install.
set -euo pipefail
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists xlsxwriter 2>/dev/null; then
  exit 0
fi
echo "bulletin: libxlsxwriter-dev is missing; installing it with apt-get…" >&2
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxlsxwriter-dev pkg-config >&2
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxlsxwriter-dev pkg-config >&2
else
  echo "bulletin: please install it first:  sudo apt-get install libxlsxwriter-dev pkg-config" >&2
  exit 1
fi
