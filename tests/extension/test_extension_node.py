"""Runs the extension's pure-module unit tests (`node --test`) as part of pytest."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_node_unit_tests_pass():
    files = sorted(str(p) for p in HERE.glob("*.test.mjs"))
    assert len(files) >= 4
    run = subprocess.run(
        ["node", "--test", "--test-reporter=tap", *files],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=HERE,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    passed = int(re.search(r"^# pass (\d+)$", run.stdout, re.M).group(1))
    failed = int(re.search(r"^# fail (\d+)$", run.stdout, re.M).group(1))
    assert failed == 0 and passed >= 25
