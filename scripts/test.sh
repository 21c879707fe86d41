#!/usr/bin/env bash
# Installs everything the test suite needs on a bare Debian machine, then runs all of it:
# ruff, then pytest, which also runs the extension's JavaScript unit tests (node --test), the
# real-Chromium and real-Firefox browser tests, real bibtex and biber runs, and web-ext (lint
# and build, through npx).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || apt_packages+=(firefox-esr)
command -v bibtex >/dev/null 2>&1 || apt_packages+=(texlive-binaries)
kpsewhich plain.bst >/dev/null 2>&1 || apt_packages+=(texlive-base)
command -v biber >/dev/null 2>&1 || apt_packages+=(biber)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs npm)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "installing system packages: ${apt_packages[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'

# Puppeteer drives Debian's firefox-esr: its own browser download is skipped (and would fail).
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/browser/firefox --no-audit --no-fund --loglevel=error

echo "== ruff"
python3 -m ruff check .
python3 -m ruff format --check .

echo "== pytest"
python3 -m pytest "$@"
