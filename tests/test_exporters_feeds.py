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
