"""GET /api/export and the feeds over HTTP: formats, filters, downloads, conditional requests."""

import calendar
import json
from datetime import UTC, date, datetime

import bibtexparser
import feedparser
import pytest
import rispy

from server import store
from server.app import get_db
from server.models import Paper
from server.parsing import parse_any
from server.routes.export import export_response, feed_title
from server.store import PaperQuery
from tests.conftest import FIXTURES, SEED

HOSTILE = FIXTURES / "exporters" / "hostile.json"


def hostile_papers():
    return [Paper.from_json(item) for item in json.loads(HOSTILE.read_text())["items"]]


def seed_papers():
    return parse_any(SEED.read_bytes(), name=SEED.name).papers


def ingest(app, papers):
    with app.app_context():
        return store.ingest(get_db(), papers)


@pytest.fixture
def seeded(app):
    ingest(app, seed_papers())
    ingest(app, hostile_papers())
    return app


def bib_entries(response):
    return bibtexparser.loads(response.get_data(as_text=True)).entries


CONTENT_TYPES = {
    "json": "application/json",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl-json": "application/vnd.citationstyles.csl+json",
    "zotero": "application/json",
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "jsonfeed": "application/feed+json",
}
EXTENSIONS = {
    "json": "json",
    "bibtex": "bib",
    "ris": "ris",
    "csl-json": "csl.json",
    "zotero": "zotero.json",
    "rss": "rss",
    "atom": "atom",
    "jsonfeed": "feed.json",
}


@pytest.mark.parametrize("name", CONTENT_TYPES)
def test_every_format_downloads_with_type_and_filename(seeded, client, name):
    response = client.get(f"/api/export?format={name}")
    assert response.status_code == 200
    assert response.mimetype == CONTENT_TYPES[name]
    assert response.mimetype_params["charset"] == "utf-8"
    disposition = f'attachment; filename="papershelf-all.{EXTENSIONS[name]}"'
    assert response.headers["Content-Disposition"] == disposition
    assert response.headers["ETag"]
    assert response.headers["Cache-Control"] == "no-cache"


def test_bibtex_export_has_every_stored_paper(seeded, client):
    entries = bib_entries(client.get("/api/export?format=bibtex"))
    assert len(entries) == 45 + len(hostile_papers())
    assert len({e["ID"] for e in entries}) == len(entries)


def test_filters_narrow_the_export_and_name_the_file(seeded, client):
    response = client.get("/api/export?format=ris&q=diffusion")
    records = rispy.loads(response.get_data(as_text=True))
    assert records and all(
        "diffusion" in (r["title"] + r.get("abstract", "")).lower() for r in records
    )
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="papershelf-diffusion.ris"'
    )
    top = client.get("/api/export?format=csl-json&min_upvotes=20")
    assert [item["id"] for item in top.get_json()] == ["2411.15124"]


def test_ids_pick_papers_in_the_order_given(seeded, client):
    response = client.get("/api/export?format=bibtex&ids=2501.00002,cs/0112017,2501.00001")
    assert [e["eprint"] for e in bib_entries(response)] == [
        "2501.00002",
        "cs/0112017",
        "2501.00001",
    ]
    assert 'filename="papershelf-selection.bib"' in response.headers["Content-Disposition"]


def test_ids_with_filters_keep_only_the_matching_ones(seeded, client):
    response = client.get("/api/export?format=bibtex&ids=2501.00002,2411.15124&min_upvotes=20")
    assert [e["eprint"] for e in bib_entries(response)] == ["2411.15124"]


def test_unknown_ids_are_named_in_a_404(seeded, client):
    response = client.get("/api/export?format=bibtex&ids=2501.00001,9999.99999")
    assert response.status_code == 404
    assert "9999.99999" in response.get_json()["message"]


def test_ascii_parameter_gives_latex_encoded_bibtex(seeded, client):
    utf8 = client.get("/api/export?format=bibtex&ids=2411.15124").get_data(as_text=True)
    ascii_text = client.get("/api/export?format=bibtex&ids=2411.15124&ascii=1").get_data(
        as_text=True
    )
    assert "Zoë Ångström" in utf8
    assert r"Zo{\"e} {\AA}ngstr{\"o}m" in ascii_text


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("", "format"), ("format=endnote", "format"), ("format=ris&since=yesterday", "since")],
)
def test_bad_requests_say_which_parameter(seeded, client, query, parameter):
    response = client.get(f"/api/export?{query}")
    assert response.status_code == 400
    assert response.get_json()["message"].startswith(f"{parameter}:")


def test_export_answers_304_to_its_etag_and_changes_after_an_ingest(seeded, client):
    first = client.get("/api/export?format=bibtex")
    again = client.get(
        "/api/export?format=bibtex", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert again.get_data() == b""
    ingest(seeded, [Paper(title="A new paper about something", author_count=1)])
    changed = client.get(
        "/api/export?format=bibtex", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert changed.status_code == 200
    assert changed.headers["ETag"] != first.headers["ETag"]


def test_export_response_serves_one_paper_as_a_named_download(seeded):
    paper = hostile_papers()[4]
    with seeded.test_request_context("/api/papers/2501.00001.bib"):
        response = export_response("bibtex", [paper], paper.id, ascii=False)
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == 'attachment; filename="2501.00001.bib"'
        [entry] = bibtexparser.loads(response.get_data(as_text=True)).entries
        assert entry["eprint"] == "2501.00001"
        assert export_response("endnote", [paper], paper.id)[1] == 400


# Feeds

FEEDS = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def feed_day(entry):
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date() if parsed else None


@pytest.mark.parametrize("ext", FEEDS)
def test_feeds_are_newest_first_with_entries_as_stored(seeded, client, ext):
    response = client.get(f"/feeds/papers.{ext}?limit=500")
    assert response.status_code == 200
    assert response.mimetype == FEEDS[ext]
    assert response.headers["Cache-Control"].startswith("public")
    assert "Content-Disposition" not in response.headers
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.get("bozo_exception")
    with seeded.app_context():
        expected = {p.id: p for p in store.iter_all(get_db(), PaperQuery())}
    assert len(parsed.entries) == len(expected)
    days = [feed_day(e) for e in parsed.entries]
    # Newest first; the one paper nothing dates comes last (RSS: no pubDate; Atom, which
    # requires one, the feed's own).
    assert days[:-1] == sorted(days[:-1], reverse=True)
    assert days[-1] == {"rss": None, "atom": days[0]}[ext]
    for entry in parsed.entries[:-1]:
        scope, _, paper_id = entry.id.partition("#")
        assert scope == f"tag:papershelf,2025:feeds/papers.{ext}?limit=500"
        paper = expected[paper_id]
        assert entry.title == paper.title
        assert entry.link == paper.links.hf
        # undated seed papers: the day of the page they were seen on
        assert feed_day(entry) == (paper.featured or paper.published or date(2025, 12, 24))
    assert min(d for d in days if d) >= date(1990, 1, 1)


def test_json_feed_over_http(seeded, client):
    response = client.get("/feeds/papers.json?q=diffusion")
    assert response.mimetype == "application/feed+json"
    feed = response.get_json()
    assert feed["title"] == "papershelf: papers matching “diffusion”"
    assert feed["feed_url"] == "http://localhost/feeds/papers.json?q=diffusion"
    assert feed["items"] and all(
        "diffusion" in (i["title"] + i.get("summary", "")).lower() for i in feed["items"]
    )


def test_feed_title_names_the_filter(seeded, client):
    parsed = feedparser.parse(
        client.get("/feeds/papers.atom?q=diffusion&min_upvotes=20").get_data()
    )
    assert parsed.feed.title == "papershelf: papers matching “diffusion”, with ≥ 20 upvotes"


def test_feed_limit_defaults_to_50_and_accepts_up_to_500(seeded, client):
    assert len(feedparser.parse(client.get("/feeds/papers.rss").get_data()).entries) == 50
    assert len(feedparser.parse(client.get("/feeds/papers.rss?limit=3").get_data()).entries) == 3
    assert client.get("/feeds/papers.rss?limit=501").status_code == 400


@pytest.mark.parametrize("ext", ["rss", "atom", "json"])
def test_an_empty_filtered_feed_is_a_valid_feed(seeded, client, ext):
    response = client.get(f"/feeds/papers.{ext}?min_upvotes=100000")
    assert response.status_code == 200
    if ext == "json":
        assert response.get_json()["items"] == []
    else:
        parsed = feedparser.parse(response.get_data())
        assert not parsed.bozo and parsed.entries == []


@pytest.mark.parametrize("ext", ["rss", "atom", "json"])
def test_feeds_answer_304_to_either_validator(seeded, client, ext):
    url = f"/feeds/papers.{ext}?q=diffusion"
    first = client.get(url)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    by_etag = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_feed_on_an_empty_database_is_valid_and_unknown_feed_is_404(client):
    parsed = feedparser.parse(client.get("/feeds/papers.rss").get_data())
    assert not parsed.bozo and parsed.entries == []
    response = client.get("/feeds/papers.xml")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_feed_title_without_filters_and_with_sort():
    assert feed_title(PaperQuery()) == "papershelf: newest papers"
    assert feed_title(PaperQuery(sort="upvotes", has_code=True)) == (
        "papershelf: most upvoted papers with code"
    )
