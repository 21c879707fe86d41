"""One answer per kind of failure, and a 500 leaves a scrubbed traceback in the server log."""

import logging

import pytest

from server import store
from server.app import create_app
from server.upstream.http import RateLimited as UpstreamRateLimited
from server.upstream.http import Unreachable as UpstreamUnreachable
from server.zotero.errors import RateLimited as ZoteroRateLimited
from tests.conftest import TEST_TOKEN

API_KEY = "K3yThatMustNeverBeLogged000"


@pytest.fixture
def app(tmp_path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "p.sqlite3"),
            "API_TOKEN": TEST_TOKEN,
            "ZOTERO_API_KEY": API_KEY,
        }
    )


def failing_count(exc):
    def count(_conn):
        raise exc

    return count


def test_a_crash_is_a_500_with_its_traceback_in_the_log_and_no_secret(app, monkeypatch, caplog):
    crash = RuntimeError(f"client library said: GET /keys/{API_KEY} {TEST_TOKEN} failed")
    monkeypatch.setattr(store, "count_papers", failing_count(crash))
    with caplog.at_level(logging.ERROR):
        reply = app.test_client().get("/api/health")
    assert reply.status_code == 500
    assert reply.get_json() == {
        "error": "internal_error",
        "message": "internal error; see the server log",
    }
    assert "Traceback (most recent call last)" in caplog.text
    assert "in health" in caplog.text  # the frame that failed
    assert "RuntimeError: client library said: GET /keys/*** *** failed" in caplog.text
    assert API_KEY not in caplog.text and TEST_TOKEN not in caplog.text


@pytest.mark.parametrize(
    ("error", "status", "retry_after"),
    [
        (UpstreamUnreachable("cannot reach Hugging Face at hf.example (connection refused)"),
         503, None),
        (UpstreamRateLimited("Hugging Face asks us to wait 3600 s"), 503, None),
        (ZoteroRateLimited(42.2), 503, "43"),
    ],
)  # fmt: skip
def test_each_kind_of_failure_has_its_answer(app, monkeypatch, error, status, retry_after):
    monkeypatch.setattr(store, "count_papers", failing_count(error))
    reply = app.test_client().get("/api/health")
    assert reply.status_code == status
    assert reply.get_json()["message"] == str(error)
    assert reply.headers.get("Retry-After") == retry_after
