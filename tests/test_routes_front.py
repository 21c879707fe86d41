"""The WSGI front: a feed, a listing page or the health answer asked again before the store
changes is sent from memory as the view sent it (headers, security headers, access log line
and all), a current feed copy gets the view's 304, and nothing unusual is answered there."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from server import store
from server.app import create_app, get_db
from server.models import Paper
from server.parsing import parse_any
from tests.conftest import SEED, TEST_TOKEN
from tests.test_access_log import access_lines
from tests.test_state_watch import commit_elsewhere

KEPT = ["/feeds/papers.rss?q=model", "/feeds/papers.json", "/api/papers?limit=3", "/api/health"]
VIEWS = ("export.feed", "papers.list_papers", "papers.health")


@pytest.fixture
def seeded(app):
    with app.app_context():
        store.ingest(get_db(), parse_any(SEED.read_bytes(), name=SEED.name).papers)
    return app


def views_broken(app, monkeypatch):
    """Every view that keeps answers fails from now on: what still answers is the front."""

    def broken(*_args, **_kwargs):
        raise AssertionError("the view was asked")

    for name in VIEWS:
        monkeypatch.setitem(app.view_functions, name, broken)


@pytest.mark.parametrize("url", KEPT)
def test_an_answer_asked_again_is_the_same_without_its_view(seeded, client, monkeypatch, url):
    first = client.get(url)
    assert first.status_code == 200
    views_broken(seeded, monkeypatch)
    again = client.get(url)
    assert again.status_code == 200
    assert again.get_data() == first.get_data()
    assert sorted(again.headers.items()) == sorted(first.headers.items())
    assert again.headers["X-Frame-Options"] == "DENY"
    assert client.get(url + ("&" if "?" in url else "?") + "x=1").status_code == 500  # not kept


def test_a_kept_answer_goes_when_the_store_changes(seeded, client):
    before = client.get("/api/health").get_json()["papers"]
    feed = client.get("/feeds/papers.rss").get_data()
    with seeded.app_context():
        store.ingest(get_db(), [Paper(title="A new paper", arxiv_id="2601.00001")])
    assert client.get("/api/health").get_json()["papers"] == before + 1
    fresh = client.get("/feeds/papers.rss").get_data()
    assert fresh != feed and b"A new paper" in fresh


def test_a_current_copy_gets_the_views_304_from_memory(seeded, client, monkeypatch):
    url = "/feeds/papers.atom?min_upvotes=1"
    etag = client.get(url).headers["ETag"]
    # Another process on the same database has kept nothing: its view answers the 304.
    other = create_app(
        {"DATABASE": seeded.extensions["papershelf"].database, "API_TOKEN": TEST_TOKEN}
    ).test_client()
    from_view = other.get(url, headers={"If-None-Match": etag})
    views_broken(seeded, monkeypatch)
    from_memory = client.get(url, headers={"If-None-Match": etag})
    assert (from_view.status_code, from_memory.status_code) == (304, 304)
    assert from_memory.get_data() == from_view.get_data() == b""
    assert sorted(from_memory.headers.items()) == sorted(from_view.headers.items())
    assert from_memory.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_foreign_host_never_gets_a_kept_answer(seeded, client):
    assert client.get("/feeds/papers.rss").status_code == 200
    rebound = client.get("/feeds/papers.rss", headers={"Host": "evil.example"})
    assert rebound.status_code == 421
    assert b"<rss" not in rebound.get_data()


def test_a_kept_answer_gets_cors_for_an_extension_only(seeded, client):
    client.get("/api/papers?limit=3")
    origin = "chrome-extension://abcdef"
    extension = client.get("/api/papers?limit=3", headers={"Origin": origin})
    assert extension.headers["Access-Control-Allow-Origin"] == origin
    assert "Origin" in extension.headers.getlist("Vary")  # beside Accept-Encoding
    page = client.get("/api/papers?limit=3", headers={"Origin": "https://example.com"})
    assert "Access-Control-Allow-Origin" not in page.headers


def test_a_kept_answer_is_sent_without_reading_the_store_until_it_changes(
    seeded, client, monkeypatch
):
    reads = []
    read = store.store_state
    monkeypatch.setattr(store, "store_state", lambda conn: reads.append(1) or read(conn))
    first = client.get("/api/health").get_json()  # the view keeps it
    client.get("/api/health")  # the front finds SQLite's sign of change
    client.get("/api/health")
    asked = len(reads)
    for _ in range(5):
        assert client.get("/api/health").get_json() == first
    assert len(reads) == asked  # nothing has committed: no query
    changed(seeded)
    assert client.get("/api/health").get_json()["papers"] == first["papers"]
    assert len(reads) > asked


def test_a_store_that_cannot_be_read_is_not_answered_from_memory(seeded, client, monkeypatch):
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/health").status_code == 200  # from memory
    changed(seeded)  # something committed: the state must be read again, and cannot be

    def unreadable(_conn):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(store, "store_state", unreadable)
    failed = client.get("/api/health")  # the view meets it too, and says so
    assert failed.status_code == 500
    assert failed.get_json() == {
        "error": "internal_error",
        "message": "internal error; see the server log",
    }


def changed(app) -> None:
    """A commit by another connection, as another process would make it."""
    commit_elsewhere(
        app.extensions["papershelf"].database, "UPDATE store_state SET generation = generation + 1"
    )


def test_an_answer_from_memory_is_logged_like_any(seeded, client, caplog):
    client.get("/feeds/papers.rss")
    etag = client.get("/feeds/papers.rss").headers["ETag"]
    with caplog.at_level(logging.INFO, logger="papershelf.access"):
        client.get("/feeds/papers.rss")
        client.get("/feeds/papers.rss", headers={"If-None-Match": etag})
    lines = access_lines(caplog)
    assert [(m["target"], m["status"]) for m in lines] == [
        ("/feeds/papers.rss", "200"),
        ("/feeds/papers.rss", "304"),
    ]
    assert int(lines[0]["size"]) > 1000 and lines[1]["size"] == "-"


def test_an_answer_from_memory_cannot_write_a_line_of_its_own(seeded, client, monkeypatch, caplog):
    url = "/api/papers?limit=2&q=a%0A127.0.0.1%20-%20-%20fake%22"
    assert client.get(url).status_code == 200
    views_broken(seeded, monkeypatch)
    with caplog.at_level(logging.INFO, logger="papershelf.access"):
        assert client.get(url).status_code == 200
    (line,) = access_lines(caplog)
    assert line["target"] == url


def test_an_error_is_never_kept(seeded, client, monkeypatch):
    from server.routes import heavy

    url = "/api/papers?q=model&limit=2"
    with monkeypatch.context() as busy:
        busy.setattr(heavy, "SEARCH_BUDGET", -1.0)  # the search runs out of time: a 503
        busy.setattr(heavy, "_CHECK_EVERY", 1)
        assert client.get(url).status_code == 503
        assert client.get(url).status_code == 503  # asked again: the view again
    answer = client.get(url)
    assert answer.status_code == 200 and answer.get_json()["items"]
