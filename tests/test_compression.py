"""Gzip for kept answers: a client that asks for gzip gets the same text compressed, under its
own ETag, with `Vary: Accept-Encoding`; the view and the front send the same bytes; a 304
names the copy the client holds; a real feed reader (feedparser over HTTP, which asks for
gzip) reads the served feed as the text one."""

from __future__ import annotations

import gzip
import urllib.request

import feedparser
import pytest

from server import store
from server.app import create_app, get_db
from server.models import Paper
from server.parsing import parse_any
from server.routes.compression import accepts_gzip
from tests.conftest import SEED, TEST_TOKEN
from tests.served import serving

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
FEED = "/feeds/papers.rss?limit=20"


@pytest.fixture
def seeded(app):
    with app.app_context():
        store.ingest(get_db(), parse_any(SEED.read_bytes(), name=SEED.name).papers)
    return app


@pytest.mark.parametrize(
    ("header", "takes_gzip"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("GZIP;Q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("br;q=1.0, *;q=0.1", True),
        ("*;q=0, gzip", True),
        ("gzip;q=0", False),
        ("gzip;q=0, *", False),
        ("*;q=0", False),
        ("gzip;q=nonsense", False),
        ("identity", False),
        ("deflate, br", False),
        ("", False),
        (None, False),
    ],
)
def test_accept_encoding_is_read_as_rfc_9110_says(header, takes_gzip):
    assert accepts_gzip(header) is takes_gzip


def other_process(app):
    """A second server process on the same database: it has kept nothing."""
    database = app.extensions["papershelf"].database
    return create_app({"DATABASE": database, "API_TOKEN": TEST_TOKEN}).test_client()


@pytest.mark.parametrize("url", [FEED, "/feeds/papers.atom", "/api/papers?limit=20"])
def test_a_client_asking_for_gzip_gets_the_text_compressed(seeded, client, url):
    text = client.get(url)
    packed = client.get(url, headers=GZIP)  # the second is sent by the front, from memory
    fresh = other_process(seeded).get(url, headers=GZIP)  # made by the view
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in text.headers
    assert gzip.decompress(packed.get_data()) == text.get_data()
    assert len(packed.get_data()) * 2 < len(text.get_data())
    assert int(packed.headers["Content-Length"]) == len(packed.get_data())
    assert fresh.get_data() == packed.get_data()
    assert sorted(fresh.headers.items()) == sorted(packed.headers.items())
    for answer in (text, packed):
        assert "Accept-Encoding" in answer.headers.getlist("Vary")
    if "ETag" in text.headers:
        assert packed.headers["ETag"] == text.headers["ETag"][:-1] + '-gz"'


def test_a_client_refusing_gzip_gets_text(seeded, client):
    client.get(FEED)
    refused = client.get(FEED, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    assert b"<rss" in refused.get_data()


def test_a_small_answer_is_not_compressed(seeded, client):
    client.get("/api/health", headers=GZIP)
    health = client.get("/api/health", headers=GZIP)
    assert "Content-Encoding" not in health.headers
    assert health.get_json()["papers"] == 45


def test_a_304_names_the_copy_the_client_holds(seeded, client):
    text_tag = client.get(FEED).headers["ETag"]
    packed_tag = client.get(FEED, headers=GZIP).headers["ETag"]
    assert packed_tag != text_tag
    for asker in (client, other_process(seeded)):  # from memory, and from the view
        for tag, headers in ((packed_tag, GZIP), (text_tag, GZIP), (text_tag, {})):
            answer = asker.get(FEED, headers={"If-None-Match": tag, **headers})
            assert answer.status_code == 304
            assert answer.headers["ETag"] == tag
            assert "Accept-Encoding" in answer.headers.getlist("Vary")
    with seeded.app_context():
        store.ingest(get_db(), [Paper(title="A paper that moves the store on", upvotes=5)])
    assert client.get(FEED, headers={"If-None-Match": packed_tag, **GZIP}).status_code == 200


def test_a_real_feed_reader_reads_the_served_feed_compressed(tmp_path):
    with serving(tmp_path) as served:
        url = served.base + FEED
        with urllib.request.urlopen(url) as answer:
            text = answer.read()
        urllib.request.urlopen(url).close()  # kept now: the next is sent from memory
        packed_request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(packed_request) as answer:
            assert answer.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(answer.read()) == text
        parsed = feedparser.parse(url)  # feedparser asks for gzip and unpacks it
        assert parsed.headers.get("content-encoding") == "gzip"
        assert not parsed.bozo
        expected = feedparser.parse(text)
        assert [e.id for e in parsed.entries] == [e.id for e in expected.entries]
        assert len(parsed.entries) > 10
