#!/usr/bin/env bash
# Retakes the pictures under docs/screenshots/ (the READMEs show them): runs the browser
# tests marked `screenshots` with PAPERSHELF_WRITE_SCREENSHOTS=1. A plain test run takes the
# same pictures into a temporary folder and checks them, leaving docs/ as it was.
# Needs what scripts/test.sh installs (chromium, firefox-esr, the test extras, puppeteer-core).
set -euo pipefail
cd "$(dirname "$0")/.."
PAPERSHELF_WRITE_SCREENSHOTS=1 exec python3 -m pytest -q -m screenshots tests/browser "$@"
