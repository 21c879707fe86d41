"""Published versions over HTTP: the paper's JSON lists them, exports cite them unless
`prefer=preprint`, feeds and the page say "Published in", hostile venue text stays text."""

import json
from datetime import UTC, datetime

import bibtexparser
import feedparser
import pytest

from server.app import create_app
from server.published import PublishedVersion
from server.store import db, venues
from tests.conftest import TEST_TOKEN
from tests.test_upstream_venues import PAPERS

HOSTILE = '<script>alert("venue")</script> & {Evil} 100%'


@pytest.fixture
def shelf(tmp_path, auth):
    app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "web.sqlite3"), "API_TOKEN": TEST_TOKEN}
    )
    client = app.test_client()
    assert client.post("/api/ingest", data=PAPERS.read_bytes(), headers=auth).status_code == 200
    conn = db.connect(tmp_path / "web.sqlite3")
    venues.record_check(
        conn,
        "2306.10426",
        "matched",
        PublishedVersion(
            kind="conference",
            venue="CVPR",
            year=2024,
            doi="10.1109/CVPR.2024.1",
            pages="1-9",
            source="Semantic Scholar",
            record="5c1f",
            evidence="arxiv_id",
        ),  # fmt: skip
        "the record lists the arXiv id",
        datetime(2026, 1, 5, tzinfo=UTC),
    )
    venues.record_check(
        conn, "2103.17268", "matched",
        PublishedVersion(kind="journal", venue=HOSTILE, year=2022, source="DBLP", record="j/x"),
        "", datetime(2026, 1, 5, tzinfo=UTC),
    )  # fmt: skip
    conn.close()
    return client


def test_the_paper_json_lists_its_published_versions(shelf):
    body = shelf.get("/api/papers/2306.10426").get_json()
    assert body["published_versions"] == [
        {
            "kind": "conference", "venue": "CVPR", "year": 2024, "doi": "10.1109/CVPR.2024.1",
            "volume": None, "number": None, "pages": "1-9", "publisher": None, "url": None,
            "source": "Semantic Scholar", "record": "5c1f", "evidence": "arxiv_id",
            "details_from": None, "found": "2026-01-05T00:00:00+00:00",
            "checked": "2026-01-05T00:00:00+00:00", "status": "current",
        }
    ]  # fmt: skip
    assert shelf.get("/api/papers/2511.18945").get_json()["published_versions"] == []


def test_one_paper_exports_as_published_unless_preprint_is_preferred(shelf):
    published = shelf.get("/api/papers/2306.10426.bib").get_data(as_text=True)
    (entry,) = bibtexparser.loads(published).entries
    assert (entry["ENTRYTYPE"], entry["booktitle"], entry["doi"]) == (
        "inproceedings", "CVPR", "10.1109/CVPR.2024.1",
    )  # fmt: skip
    preprint = shelf.get("/api/papers/2306.10426.bib?prefer=preprint").get_data(as_text=True)
    (misc,) = bibtexparser.loads(preprint).entries
    assert (misc["ENTRYTYPE"], misc["ID"], misc["doi"]) == (
        "misc", entry["ID"], "10.48550/arXiv.2306.10426",
    )  # fmt: skip
    csl = shelf.get("/api/papers/2306.10426?format=csl-json").get_json()
    assert csl[0]["type"] == "paper-conference"


def test_the_export_endpoint_takes_prefer(shelf):
    url = "/api/export?format=bibtex&ids=2306.10426,2511.18945"
    kinds = [
        e["ENTRYTYPE"] for e in bibtexparser.loads(shelf.get(url).get_data(as_text=True)).entries
    ]
    assert kinds == ["inproceedings", "misc"]
    before = shelf.get(url + "&prefer=preprint").get_data(as_text=True)
    assert [e["ENTRYTYPE"] for e in bibtexparser.loads(before).entries] == ["misc", "misc"]
    zotero = shelf.get("/api/export?format=zotero&ids=2306.10426").get_json()
    assert zotero[0]["itemType"] == "conferencePaper"


@pytest.mark.parametrize(
    "url", ["/api/export?format=bibtex&prefer=best", "/api/papers/2306.10426.bib?prefer=best"]
)
def test_an_unknown_preference_is_a_400_naming_it(shelf, url):
    reply = shelf.get(url)
    assert reply.status_code == 400
    assert reply.get_json()["message"] == "prefer: expected published or preprint, got 'best'"


def test_feeds_say_where_a_paper_was_published(shelf):
    rss = feedparser.parse(shelf.get("/feeds/papers.rss?limit=500").get_data())
    by_title = {e.title: e for e in rss.entries}
    ibp = by_title["Understanding Certified Training with Interval Bound Propagation"]
    assert "<p>Published in CVPR 2024</p>" in ibp.description
    warmup = by_title["Fast Certified Robust Training with Short Warmup"]
    assert "&lt;script&gt;" in warmup.description and "<script>" not in warmup.description
    feed = json.loads(shelf.get("/feeds/papers.json?limit=500").get_data())
    assert sum("Published in" in item["content_html"] for item in feed["items"]) == 2
    atom = feedparser.parse(shelf.get("/feeds/papers.atom?limit=500").get_data())
    assert atom.bozo == 0


def test_the_page_says_where_a_paper_was_published(shelf):
    page = shelf.get("/?limit=100").get_data(as_text=True)
    assert "Published in CVPR 2024" in page
    assert '<a href="https://doi.org/10.1109/CVPR.2024.1">DOI</a>' in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;venue&#34;)&lt;/script&gt; &amp; {Evil} 100% 2022" in page


def test_a_venue_found_changes_the_export_etag_and_last_modified(shelf, tmp_path):
    first = shelf.get("/api/export?format=bibtex&ids=2511.18945")
    conn = db.connect(tmp_path / "web.sqlite3")
    venues.record_check(
        conn, "2511.18945", "matched",
        PublishedVersion(kind="journal", venue="Entropy", year=2026, source="Crossref", record="x"),
        "", datetime(2030, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    conn.close()
    again = shelf.get(
        "/api/export?format=bibtex&ids=2511.18945",
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 200
    assert "@article{" in again.get_data(as_text=True)
    assert again.headers["Last-Modified"] == "Tue, 01 Jan 2030 00:00:00 GMT"
