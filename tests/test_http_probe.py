"""Malformed requests over every route: each gets a 4xx that says what was wrong, never a 5xx.

The list carries the cases of issue 12's HTTP probe (numbers beyond SQLite's range, characters
XML cannot carry, query names that were url_for's own, parser crashes through both write
routes) and more of the same kinds. Cursors beyond 2^63 or nested deep are the search
helper's (store/papers.py) and are probed there.
"""

from __future__ import annotations

import json

import pytest

from server.app import create_app
from tests.conftest import SEED, TEST_TOKEN
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
OLD_ID = "mist-mutual-information-via-supervised-training-0a80d67e7a"  # now 2511.18945
BEYOND_SQLITE = str(2**63)
DEEP = "[" * 100_000 + "]" * 100_000

GETS = [
    # numbers out of range or not numbers
    f"/api/papers?min_upvotes={BEYOND_SQLITE}",
    "/api/papers?min_upvotes=" + "9" * 5000,
    "/api/papers?min_upvotes=-1",
    "/api/papers?min_upvotes=1e3",
    "/api/papers?min_upvotes=%00",
    f"/api/papers?limit={BEYOND_SQLITE}",
    "/api/papers?limit=0",
    "/api/papers?limit=-5",
    "/api/papers?has_code=maybe",
    "/api/papers?sort=%00",
    "/api/papers?since=0000-01-01",
    "/api/papers?since=10000-01-01",
    "/api/papers?until=2025-02-29",
    "/api/papers?since=%EF%BF%BF",
    f"/feeds/papers.rss?min_upvotes={BEYOND_SQLITE}",
    f"/feeds/papers.atom?min_upvotes={BEYOND_SQLITE}",
    f"/api/export?format=bibtex&min_upvotes={BEYOND_SQLITE}",
    f"/?min_upvotes={BEYOND_SQLITE}",
    # text that XML (feeds), HTML or FTS5 cannot take as it is
    "/feeds/papers.rss?q=a%EF%BF%BE",
    "/feeds/papers.atom?q=a%EF%BF%BF",
    "/feeds/papers.json?q=a%EF%BF%BF",
    "/feeds/papers.rss?q=%01%02%1B%7F",
    "/feeds/papers.atom?q=%00",
    "/feeds/papers.rss?q=%ED%A0%80",  # a surrogate's UTF-8 bytes
    "/api/export?format=rss&q=%EF%BF%BE",
    "/api/export?format=atom&q=%1B",
    "/api/export?format=bibtex&q=%00",
    "/api/papers?q=%00",
    "/api/papers?q=%22",
    "/api/papers?q=NEAR(a+b)+OR+*+%5E+-x",
    "/api/papers?q=%EF%BF%BF&sort=relevance",
    "/?q=%EF%BF%BE%00",
    "/?since=0000-01-01",
    "/?cursor=%00",
    # the old-id redirect with query names that were url_for's own
    f"/api/papers/{OLD_ID}?ref=x",
    f"/api/papers/{OLD_ID}?endpoint=x",
    f"/api/papers/{OLD_ID}?_method=POST",
    f"/api/papers/{OLD_ID}?_scheme=javascript",
    f"/api/papers/{OLD_ID}?_external=1",
    f"/api/papers/{OLD_ID}?_anchor=x",
    f"/api/papers/{OLD_ID}?format=bibtex&ref=x",
    f"/api/papers/{OLD_ID}.bib?endpoint=x&_method=GET",
    # ids, formats and paths
    "/api/papers/%00",
    "/api/papers/..%2F..%2Fetc%2Fpasswd",
    "/api/papers/2511.18945?format=%00",
    "/api/papers/2511.18945.docx",
    "/api/papers/%EF%BF%BE.rss",
    "/api/export",
    "/api/export?format=docx",
    "/api/export?format=bibtex&ids=",
    "/api/export?format=bibtex&ids=%00",
    "/api/export?format=bibtex&ids=,,,",
    "/api/export?format=bibtex&ids=" + ",".join(f"x{n}" for n in range(1001)),
    "/api/export?format=bibtex&ascii=maybe",
    "/api/export?format=bibtex&prefer=%00",
    "/api/papers/2511.18945.bib?prefer=latest",
    "/feeds/papers.xml",
    "/feeds/papers.",
    "/static/..%2Fapp.py",
    "/static/%00",
    "/api/health?x=%00",
    "/api/sources?limit=-1",
    "/api/library/status?ids=%00",
    "/api/library/status?ids=",
    "/api/library/status?ids=" + ",".join(f"x{n}" for n in range(600)),
    "/api/library/target?x=1",
]

INGEST_BODIES = [
    b"",
    b"\x00\x01\x02",
    b"\xff\xfe\x00",
    b"\xc3\x28 not UTF-8",
    DEEP.encode(),
    ('{"items": ' + DEEP + "}").encode(),
    b'[{"paper": {"id": "2301.00001", "title": "x", "summary": "y", "upvotes": '
    + b"9" * 5000
    + b"}}]",
    b'[{"paper": {"id": "2301.00001", "title": "x", "summary": "y", "upvotes": '
    + BEYOND_SQLITE.encode()
    + b"}}]",
    b'[{"paper": {"id": "2301.00001", "title": "x\\ud800", "summary": "y"}}]',
    b'[{"paper": {"id": "2301.00001\\n", "title": "x", "summary": "http://["}}]',
    b'{"items": 5}',
    b'{"items": [{"title": "x", "upvotes": ' + BEYOND_SQLITE.encode() + b"}]}",
    b"<html><body data-props='" + DEEP.encode() + b"'></body></html>",
    "Daily Papers\n\nA Title\n\nAbstract http://[ here.\n\n  • 3 authors\n·\nJan 3\n".encode(),
    "Daily Papers\n\nA Title\n\nAbstract.\n\n  • 3 authors\n·\nFeb 29\n".encode(),
]
INGEST_NAMES = ["%00", "a%0Ab", "hf-papers-page-0001-01-01.txt", "x" * 5000]

LIBRARY_BODIES = [
    b"not json",
    DEEP.encode(),
    b'{"ids": ' + DEEP.encode() + b"}",
    b"[]",
    b'{"ids": []}',
    b'{"ids": [1]}',
    json.dumps({"ids": ["x"] * 501}).encode(),
    b'{"ids": ["\\u0000"]}',
    b'{"ids": ["\\ud800"]}',
    b'{"ids": ["2511.18945"], "papers": []}',
    b'{"papers": [5]}',
    b'{"papers": [{"title": "x\\ud800"}]}',
    b'{"papers": [{"title": "y", "upvotes": ' + BEYOND_SQLITE.encode() + b"}]}",
    b'{"papers": [{"title": "z", "upvotes": ' + b"9" * 5000 + b"}]}",
    b'{"papers": [{"title": "w", "abstract": "http://[ x"}]}',
    b'{"papers": [{"title": "v", "published": "0000-01-01"}]}',
    b'{"papers": [{"title": "u", "arxiv_id": "2301.00001\\n"}]}',
    b'{"papers": [{"title": ' + DEEP.encode() + b"}]}",
]


@pytest.fixture(scope="module")
def zotero():
    with ZoteroWebDouble() as double:
        yield double


@pytest.fixture(scope="module")
def probed(tmp_path_factory, zotero):
    """A server holding the seed and a paper known by an old id, saving to the Zotero double."""
    folder = tmp_path_factory.mktemp("probe")
    app = create_app(
        {"TESTING": True, "DATABASE": str(folder / "p.sqlite3"), "API_TOKEN": TEST_TOKEN}
        | web_config(zotero)
    )
    client = app.test_client()
    assert client.post("/api/ingest", data=SEED.read_bytes(), headers=AUTH).status_code == 200
    richer = b'{"items": [{"title": "MIST: Mutual Information Via Supervised Training",'
    richer += b' "arxiv_id": "2511.18945", "authors": ["A Person"]}]}'
    assert client.post("/api/ingest", data=richer, headers=AUTH).status_code == 200
    return client


def assert_a_clear_answer(reply, path: str) -> None:
    assert reply.status_code < 500, (path, reply.status_code, reply.get_data()[:300])
    if reply.status_code >= 400 and path.startswith(("/api/", "/feeds/")):
        body = reply.get_json()
        assert body["error"] and body["message"], (path, body)


@pytest.mark.parametrize("path", GETS, ids=lambda p: p[:70])
def test_a_malformed_get_is_a_4xx_not_a_5xx(probed, path):
    assert_a_clear_answer(probed.get(path, headers=AUTH), path)


@pytest.mark.parametrize("body", INGEST_BODIES, ids=lambda b: repr(b[:40]))
def test_a_malformed_ingest_is_a_400_naming_where(probed, body):
    reply = probed.post("/api/ingest", data=body, headers=AUTH)
    assert_a_clear_answer(reply, "/api/ingest")
    if reply.status_code == 400:
        assert reply.get_json()["where"]


@pytest.mark.parametrize("name", INGEST_NAMES, ids=lambda n: n[:20])
def test_any_ingest_name_gets_a_clear_answer(probed, name):
    reply = probed.post(f"/api/ingest?name={name}", data=SEED.read_bytes(), headers=AUTH)
    assert_a_clear_answer(reply, "/api/ingest")
    if reply.status_code == 400:  # a year-1 page date in the name
        assert reply.get_json()["where"]


@pytest.mark.parametrize("body", LIBRARY_BODIES, ids=lambda b: repr(b[:40]))
def test_a_malformed_library_save_is_a_4xx_or_fails_alone(probed, body):
    reply = probed.post(
        "/api/library/items", data=body, headers={**AUTH, "Content-Type": "application/json"}
    )
    assert_a_clear_answer(reply, "/api/library/items")
    if reply.status_code == 200:
        assert [item["status"] for item in reply.get_json()["items"]] in (["failed"], ["saved"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/api/papers"),
        ("DELETE", "/api/ingest"),
        ("PATCH", "/"),
        ("POST", "/feeds/papers.rss"),
    ],
)
def test_a_wrong_method_is_a_405(probed, method, path):
    reply = probed.open(path, method=method, headers=AUTH)
    assert reply.status_code == 405


def test_a_count_beyond_sqlite_is_named(probed):
    reply = probed.get(f"/api/papers?min_upvotes={BEYOND_SQLITE}")
    assert reply.status_code == 400
    assert reply.get_json()["message"] == (
        f"min_upvotes: expected a number from 0 to {2**63 - 1}, got {BEYOND_SQLITE}"
    )


def test_the_old_id_redirect_carries_its_query_as_sent(probed):
    reply = probed.get(f"/api/papers/{OLD_ID}?ref=x&_method=POST&endpoint=y&_external=1")
    assert reply.status_code == 301
    assert reply.headers["Location"] == (
        "/api/papers/2511.18945?ref=x&_method=POST&endpoint=y&_external=1"
    )
    followed = probed.get(reply.headers["Location"])
    assert followed.get_json()["arxiv_id"] == "2511.18945"


def test_a_feed_searched_for_characters_xml_cannot_carry_still_reads(probed):
    import feedparser

    for ext in ("rss", "atom"):
        reply = probed.get(f"/feeds/papers.{ext}?q=interval%EF%BF%BE%01")
        assert reply.status_code == 200
        feed = feedparser.parse(reply.get_data())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.title == "papershelf: papers matching “interval”"


def test_a_parser_crash_is_a_400_naming_the_input_and_a_traceback_in_the_log(
    probed, monkeypatch, caplog
):
    def crash(*_args, **_kwargs):
        raise ZeroDivisionError("a parser bug")

    monkeypatch.setattr("server.ingest.parse_any", crash)
    reply = probed.post("/api/ingest?name=page.json", data=b"[]", headers=AUTH)
    assert reply.status_code == 400
    assert reply.get_json() == {
        "error": "unparseable",
        "message": "whole input: papershelf could not read it (ZeroDivisionError in its "
        "parser); nothing was stored",
        "where": "whole input",
    }
    assert "Traceback (most recent call last)" in caplog.text
    assert "ZeroDivisionError: a parser bug" in caplog.text


def test_a_record_the_database_cannot_hold_is_a_400_naming_it(probed):
    body = b'[{"paper": {"id": "2301.00009", "title": "x", "summary": "y", "upvotes": '
    body += BEYOND_SQLITE.encode() + b"}}]"
    reply = probed.post("/api/ingest", data=body, headers=AUTH)
    assert reply.status_code == 400
    answer = reply.get_json()
    if answer["error"] == "unstorable":  # the parsers may refuse it first, as a problem
        assert answer["where"] == "paper '2301.00009'"
        assert "beyond what the database holds" in answer["message"]
    assert probed.get("/api/papers/2301.00009").status_code == 404


def test_a_body_over_the_size_limit_is_a_413_naming_where(tmp_path):
    app = create_app(
        {"DATABASE": str(tmp_path / "p.sqlite3"), "API_TOKEN": TEST_TOKEN, "MAX_INGEST_BYTES": 1000}
    )
    client = app.test_client()
    for path in ("/api/ingest", "/api/library/items"):
        json_body = {**AUTH, "Content-Type": "application/json"}
        reply = client.post(path, data=b"[" + b" " * 2000 + b"]", headers=json_body)
        assert reply.status_code == 413, path
        assert reply.get_json()["where"] == "whole input"
