"""Firefox's linter on the extension: no errors, and only the warning the dual background
entry (service_worker for Chrome, scripts for Firefox) necessarily causes."""

from __future__ import annotations

import json
import subprocess

from tests.browser.harness import EXTENSION, ROOT, build_script

WEB_EXT = build_script().WEB_EXT  # pinned there: a newer linter may add rules


def test_web_ext_lint_has_no_errors():
    run = subprocess.run(
        ["npx", "--yes", WEB_EXT, "lint", "--source-dir", str(EXTENSION), "--output", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    report = json.loads(run.stdout[run.stdout.index("{") :])
    assert report["errors"] == [], report["errors"]
    assert report["summary"]["errors"] == 0
    assert [w["code"] for w in report["warnings"]] == ["BACKGROUND_SERVICE_WORKER_IGNORED"]
    assert report["notices"] == []
