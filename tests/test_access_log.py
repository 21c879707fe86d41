"""An operable server: one access log line per request, a traceback for each 500, and
`serve --log-level` to choose how much of that is written."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.conftest import ROOT, wait_for_json
from tests.served import serving

# 127.0.0.1 - - [28/Nov/2026:08:50:19 +0000] "GET /api/papers?q=x HTTP/1.1" 200 1234 3ms
LINE = re.compile(
    r"(?P<host>\S+) - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "
    r'"(?P<method>[A-Z]+) (?P<target>\S+) HTTP/1\.[01]" (?P<status>\d{3}) (?P<size>\d+|-) \d+ms'
)


def access_lines(caplog) -> list[re.Match]:
    lines = [r.getMessage() for r in caplog.records if r.name == "papershelf.access"]
    matches = [LINE.fullmatch(line) for line in lines]
    assert all(matches), lines
    return matches


def test_each_request_is_one_line_in_common_log_format(client, caplog):
    with caplog.at_level(logging.INFO, logger="papershelf.access"):
        client.get("/api/papers?q=interval&limit=2")
        client.get("/api/papers/nope")
        client.post("/api/ingest", data=b"x")  # refused: no token
        client.get("/api/health", headers={"Host": "evil.example"})  # refused before the view
    found = access_lines(caplog)
    assert [(m["method"], m["target"], m["status"]) for m in found] == [
        ("GET", "/api/papers?q=interval&limit=2", "200"),
        ("GET", "/api/papers/nope", "404"),
        ("POST", "/api/ingest", "401"),
        ("GET", "/api/health", "421"),
    ]
    assert found[0]["host"] == "127.0.0.1"
    assert int(found[1]["size"]) > 0


def test_a_request_cannot_write_a_line_of_its_own(client, caplog):
    with caplog.at_level(logging.INFO, logger="papershelf.access"):
        client.get("/api/papers/x%0A127.0.0.1%20-%20-%20fake?q=a%0Ab%22c")
    (line,) = access_lines(caplog)
    assert line["target"] == "/api/papers/x%0A127.0.0.1%20-%20-%20fake?q=a%0Ab%22c"


def test_a_500_leaves_its_traceback_and_its_access_line(client, caplog, monkeypatch):
    from server import store

    monkeypatch.setattr(store, "count_papers", lambda _conn: 1 / 0)
    with caplog.at_level(logging.INFO):
        assert client.get("/api/health").status_code == 500
    assert "Traceback (most recent call last)" in caplog.text
    assert "ZeroDivisionError: division by zero" in caplog.text
    assert [m["status"] for m in access_lines(caplog)] == ["500"]


def serve_and_log(tmp_path, *options) -> tuple[str, str]:
    """Run `papershelf serve` with options, make three requests (one with the token), stop
    it: what it logged, and the token."""
    token = subprocess.run(
        [sys.executable, "-m", "server", "token"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    with serving(tmp_path, *options) as served:
        wait_for_json(f"{served.base}/api/papers?limit=1")
        empty = urllib.request.Request(
            f"{served.base}/api/ingest?name=x", data=b"", method="POST",
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(empty, timeout=10)
    return served.output(), token


def test_serve_logs_each_request_at_the_default_level(tmp_path):
    log, token = serve_and_log(tmp_path)
    assert re.search(r' INFO papershelf\.access: 127\.0\.0\.1 - - \[.*\] "GET /api/health ', log)
    assert '"GET /api/papers?limit=1 HTTP/1.1" 200 ' in log
    assert '"POST /api/ingest?name=x HTTP/1.1" 400 ' in log
    assert len(token) >= 32 and token not in log


def test_serve_log_level_warning_leaves_requests_out(tmp_path):
    log, _token = serve_and_log(tmp_path, "--log-level", "warning")
    assert "papershelf.access" not in log
    assert "GET /api/papers" not in log


def test_serve_refuses_an_unknown_log_level(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "server", "serve", "--log-level", "chatty"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2
    assert "'chatty' is not one of 'debug', 'info', 'warning', 'error'" in run.stderr
