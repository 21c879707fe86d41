"""RSS, Atom and JSON Feed read back with feedparser."""

import calendar
import html
import json
import re
from datetime import UTC, date, datetime

import feedparser
import jsonschema
import pytest

from exporters.json_feed import json_feed, to_json_feed
from exporters.rss_atom import to_atom, to_rss
from server.models import Links, Paper
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "exporters" / "hostile.json"
# A paper with no day at all: no pubDate in RSS; Atom requires one and gets the feed's own.
ATOM_UNDATED = {"rss": None, "atom": date(2025, 12, 24)}
RENDERERS = {"rss": to_rss, "atom": to_atom, "jsonfeed": to_json_feed}
XML_FEEDS = ("rss", "atom")  # feedparser 6.0 has no JSON Feed reader: that one has a schema
JSON_FEED_SCHEMA = json.loads((FIXTURES / "exporters" / "jsonfeed-1.1.schema.json").read_text())
OPTIONS = {
    "title": "papershelf: papers matching “diffusion”",
    "self_url": "http://localhost/feeds/papers.rss?q=diffusion",
    "site_url": "http://localhost/?q=diffusion",
}


def hostile_papers():
    return [Paper.from_json(item) for item in json.loads(HOSTILE.read_text())["items"]]


def expected_day(paper: Paper) -> date | None:
    return paper.featured or paper.published or paper.first_seen


def entry_day(entry) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date() if parsed else None


def entry_abstract(kind: str, entry) -> str:
    if kind == "rss":  # description is HTML: the abstract is its first paragraph, escaped
        first = re.match(r"<p>(.*?)</p>", entry.summary, re.S)
        return html.unescape(first.group(1)) if first else ""
    return entry.get("summary", "")


@pytest.mark.parametrize("kind", XML_FEEDS)
def test_every_entry_reads_back_as_stored(kind):
    papers = hostile_papers()
    parsed = feedparser.parse(RENDERERS[kind](papers, **OPTIONS))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == OPTIONS["title"]
    assert len(parsed.entries) == len(papers)
    for paper, entry in zip(papers, parsed.entries, strict=True):
        assert entry.title == paper.title
        assert entry.link == paper.links.hf
        assert entry.id.endswith(f"#{paper.id}")
        assert entry_day(entry) == (expected_day(paper) or ATOM_UNDATED[kind])
        assert entry_abstract(kind, entry) == (paper.abstract or "").strip()
        if paper.authors:
            assert [a["name"] for a in entry.authors] == paper.authors


@pytest.mark.parametrize("kind", XML_FEEDS)
def test_empty_feed_is_valid(kind):
    parsed = feedparser.parse(RENDERERS[kind]([], **OPTIONS))
    assert not parsed.bozo
    assert parsed.entries == []
    assert parsed.feed.title == OPTIONS["title"]


@pytest.mark.parametrize("kind", RENDERERS)
def test_same_papers_give_the_same_bytes(kind):
    assert RENDERERS[kind](hostile_papers(), **OPTIONS) == RENDERERS[kind](
        hostile_papers(), **OPTIONS
    )


def test_rss_dates_are_rfc822_from_the_paper_and_links_include_pdf_and_code():
    text = to_rss(hostile_papers(), **OPTIONS)
    assert "<pubDate>Mon, 25 Nov 2024 00:00:00 +0000</pubDate>" in text  # featured, not published
    assert "<pubDate>Wed, 24 Dec 2025 00:00:00 +0000</pubDate>" in text  # undated: day seen
    assert text.count("<pubDate>") == len(hostile_papers()) - 1  # one with no day at all
    assert "1970" not in text
    # the newest item date, not the time of the request
    assert "<lastBuildDate>Wed, 24 Dec 2025 00:00:00 +0000</lastBuildDate>" in text
    entry = feedparser.parse(text).entries[0]
    assert 'href="https://arxiv.org/pdf/2411.15124"' in entry.summary
    assert 'href="https://github.com/allenai/open_instruct#readme"' in entry.summary
    assert [t.term for t in entry.tags] == ["post_training", "R&D", "50%", "<tag>"]
    assert "<script>" not in entry.summary


def test_atom_has_self_link_and_related_pdf_and_code_links():
    parsed = feedparser.parse(to_atom(hostile_papers(), **OPTIONS))
    assert {"rel": "self", "href": OPTIONS["self_url"]}.items() <= next(
        link for link in parsed.feed.links if link["rel"] == "self"
    ).items()
    related = [link for link in parsed.entries[0].links if link["rel"] == "related"]
    assert [(link["title"], link["href"]) for link in related] == [
        ("PDF", "https://arxiv.org/pdf/2411.15124"),
        ("Code", "https://github.com/allenai/open_instruct#readme"),
    ]
    alternates = [link for link in parsed.entries[0].links if link["rel"] == "alternate"]
    assert len(alternates) == 1


def test_json_feed_is_valid_and_every_item_reads_back_as_stored():
    papers = hostile_papers()
    feed = json.loads(to_json_feed(papers, **OPTIONS))
    jsonschema.validate(feed, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert feed["title"] == OPTIONS["title"]
    for paper, item in zip(papers, feed["items"], strict=True):
        assert item["title"] == paper.title
        assert item["url"] == paper.links.hf
        assert item["id"].endswith(f"#{paper.id}")
        day = expected_day(paper)
        assert item.get("date_published") == (day.isoformat() + "T00:00:00Z" if day else None)
        assert item.get("summary") == paper.abstract
        assert [a["name"] for a in item.get("authors", [])] == paper.authors


def test_empty_json_feed_is_valid():
    feed = json.loads(to_json_feed([], **OPTIONS))
    jsonschema.validate(feed, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert feed["items"] == []


def test_json_feed_is_version_1_1_with_attachments_and_rfc3339_dates():
    feed = json_feed(hostile_papers(), **OPTIONS)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == OPTIONS["self_url"]
    first = feed["items"][0]
    assert first["date_published"] == "2024-11-25T00:00:00Z"
    assert first["attachments"] == [
        {"url": "https://arxiv.org/pdf/2411.15124", "mime_type": "application/pdf", "title": "PDF"}
    ]
    assert first["tags"] == ["post_training", "R&D", "50%", "<tag>"]


def test_characters_xml_cannot_carry_are_dropped_not_fatal():
    paper = Paper(title="Bell\x07 character", abstract="Vertical\x0btab", featured=date(2025, 1, 1))
    for kind in ("rss", "atom"):
        parsed = feedparser.parse(RENDERERS[kind]([paper]))
        assert not parsed.bozo
        assert parsed.entries[0].title == "Bell character"


def test_only_web_links_reach_feed_html():
    paper = Paper(title="x", links=Links(code=["javascript:alert(1)", "https://github.com/a/b"]))
    for kind in ("rss", "atom"):
        text = RENDERERS[kind]([paper])
        assert "javascript:" not in text
        assert "https://github.com/a/b" in text


def feed_ids(kind: str, papers, **options) -> list[str]:
    text = RENDERERS[kind](papers, **options)
    if kind == "jsonfeed":
        return [item["id"] for item in json.loads(text)["items"]]
    return [entry.id for entry in feedparser.parse(text).entries]


def served(kind: str, query: str = "") -> dict:
    ext = {"rss": "rss", "atom": "atom", "jsonfeed": "json"}[kind]
    url = f"http://127.0.0.1:5000/feeds/papers.{ext}" + (f"?{query}" if query else "")
    return {"self_url": url, "feed_id": url}


def test_item_ids_are_unique_per_feed_stable_and_differ_between_feeds_and_formats():
    papers = hostile_papers()
    ids = {kind: feed_ids(kind, papers, **served(kind)) for kind in RENDERERS}
    for kind, found in ids.items():
        assert len(set(found)) == len(papers)  # unique within the feed
        assert found == feed_ids(kind, hostile_papers(), **served(kind))  # stable
    assert ids["rss"][0] == "tag:papershelf,2025:feeds/papers.rss#2411.15124"
    every = [i for found in ids.values() for i in found]
    assert len(set(every)) == len(every)  # the same paper has another id in another format
    search = feed_ids("rss", papers[:1], **served("rss", "q=diffusion"))
    assert search == ["tag:papershelf,2025:feeds/papers.rss?q=diffusion#2411.15124"]
    # the same feed read through another host name or port: the same ids
    other_host = {
        k: v.replace("127.0.0.1:5000", "localhost:8080") for k, v in served("rss").items()
    }
    assert feed_ids("rss", papers, **other_host) == ids["rss"]
    # a feed that is not served (a CLI export) is told apart by its title
    cli = feed_ids("atom", papers[:1], title="papershelf: papers matching “x”")
    assert cli[0].startswith("tag:papershelf,2025:feeds/papers.atom?title=papershelf")


@pytest.mark.parametrize("kind", RENDERERS)
def test_no_item_is_dated_before_1990(kind):
    text = RENDERERS[kind](hostile_papers(), **OPTIONS)
    assert "1970" not in text
    if kind == "jsonfeed":
        days = [i.get("date_published") for i in json.loads(text)["items"]]
        assert min(d for d in days if d) >= "1990"
    else:
        days = [entry_day(e) for e in feedparser.parse(text).entries]
        assert min(d for d in days if d) >= date(1990, 1, 1)


def test_an_undated_paper_with_an_arxiv_id_is_dated_by_the_month_of_its_id():
    paper = Paper(title="Cards only", arxiv_id="2512.20001")
    assert entry_day(feedparser.parse(to_rss([paper])).entries[0]) == date(2025, 12, 1)
    old = Paper(title="Old style", arxiv_id="cs/9901001")
    assert entry_day(feedparser.parse(to_atom([old])).entries[0]) == date(1999, 1, 1)


def test_feeds_show_the_thumbnail_authors_and_code_link():
    paper = Paper(
        title="Thumbnail",
        arxiv_id="2512.20001",
        authors=["Ada Lovelace", "Alan Turing"],
        featured=date(2025, 12, 24),
        links=Links(code=["https://github.com/example/dia"]),
        thumbnail="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2512.20001.png",
    )
    for kind in XML_FEEDS:
        text = RENDERERS[kind]([paper])
        entry = feedparser.parse(text).entries[0]
        assert entry.media_thumbnail == [{"url": paper.thumbnail}]
        assert [a["name"] for a in entry.authors] == paper.authors
        html = entry.content[0].value if kind == "atom" else entry.summary
        assert 'href="https://github.com/example/dia">Code</a>' in html
        assert f'src="{paper.thumbnail}"' in html and "<img" in html
    item = json_feed([paper])["items"][0]
    assert item["image"] == paper.thumbnail
    assert [a["name"] for a in item["authors"]] == paper.authors
    assert "https://github.com/example/dia" in item["content_html"]
    stored_javascript = Paper(title="x", thumbnail="javascript:alert(1)")
    assert "javascript:" not in to_rss([stored_javascript])
    assert "image" not in json_feed([stored_javascript])["items"][0]


def test_control_characters_stored_before_never_reach_xml_or_bibtex():
    from exporters.bibtex import to_bibtex

    paper = Paper(
        title="Escape\x1b[31m red\x07 and C1\x9b here",
        authors=["Ada\x00 Lovelace"],
        abstract="Bell\x07, NUL\x00, DEL\x7f, U+FFFF\uffff.",
        featured=date(2025, 1, 1),
    )
    for text in (to_rss([paper]), to_atom([paper]), to_bibtex([paper])):
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", text)
    assert feedparser.parse(to_atom([paper])).entries[0].title == "Escape[31m red and C1 here"
