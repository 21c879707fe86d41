"""Streamed RSS and Atom (items written by `exporters.feed_xml`) against feedgen's one-shot
documents: the same bytes, so the same feed in feedparser with every element kept; hostile
text (control characters, XML specials, lone surrogates) still gives well-formed XML."""

import json
from datetime import UTC, date, datetime

import feedparser
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from exporters.feed_items import feed_updated
from exporters.rss_atom import to_atom, to_rss
from exporters.streams import stream_atom, stream_rss
from server.models import Links, Paper
from server.parsing import parse_any
from server.published import PublishedVersion
from tests.conftest import FIXTURES, SEED
from tests.properties import bounded

WRITERS = {"rss": (to_rss, stream_rss), "atom": (to_atom, stream_atom)}
OPTIONS = {
    "title": "papershelf: papers matching “diffusion” & <more>",
    "self_url": "http://localhost/feeds/papers.rss?q=diffusion&min_upvotes=3",
}
ICLR = PublishedVersion(
    kind="conference", venue="ICLR & <Co>", year=2024, source="DBLP", record="conf/iclr/H24",
    evidence="title_author_year",
)  # fmt: skip
BOUNDED = bounded(80)


# A paper with every element a feed item carries.
RICH = Paper(
    title="RAG & <BERT>: a\rtest", arxiv_id="2402.00002", abstract="Abs & <b>",
    authors=["Zoë Ångström", "A & B"], author_count=5, featured=date(2025, 3, 4),
    keywords=["diffusion", "x&y"], thumbnail="https://example.com/t.png?a=1&b=2",
    links=Links(code=["https://github.com/a/b"]),
)  # fmt: skip


def library() -> list[Paper]:
    papers = parse_any(SEED.read_bytes(), name=SEED.name).papers
    hostile = json.loads((FIXTURES / "exporters" / "hostile.json").read_text())["items"]
    return [RICH, *papers, *(Paper.from_json(item) for item in hostile)]


def both(kind: str, papers: list[Paper], **options) -> tuple[str, str]:
    """(feedgen's document, the streamed one) for the same papers and options."""
    one_shot, streamed = WRITERS[kind]
    updated = feed_updated(papers)
    return (
        one_shot(papers, updated=updated, **options),
        "".join(streamed(iter(papers), updated=updated, **options)),
    )


def readable(parsed) -> list[dict]:
    """What a reader gets of each entry, plain data to compare."""
    return [json.loads(json.dumps(entry, default=str)) for entry in parsed.entries]


@pytest.mark.parametrize("kind", WRITERS)
def test_the_streamed_feed_is_feedgens_byte_for_byte_and_reads_the_same(kind):
    papers = library()
    published = {RICH.id: ICLR, papers[-1].id: ICLR}
    expected, streamed = both(kind, papers, published=published, **OPTIONS)
    assert streamed == expected
    parsed = feedparser.parse(streamed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert readable(parsed) == readable(feedparser.parse(expected))
    assert len(parsed.entries) == len(papers)
    # Every element the feeds carry is there: ids, dates, authors, thumbnails, links,
    # the published version, categories.
    rich = parsed.entries[0]
    assert rich.id.endswith(f"?q=diffusion&min_upvotes=3#{RICH.id}")
    assert rich.published_parsed[:3] == (2025, 3, 4)
    assert [a["name"] for a in rich.authors] == ["Zoë Ångström", "A & B", "et al."]
    assert rich.media_thumbnail == [{"url": RICH.thumbnail}]
    assert rich.link == RICH.links.hf
    assert [tag.term for tag in rich.tags] == ["diffusion", "x&y"]
    html = rich.content[0].value if kind == "atom" else rich.summary
    assert html.startswith("<p>Published in ICLR &amp; &lt;Co&gt; 2024</p>")
    assert '<a href="https://github.com/a/b">Code</a>' in html
    if kind == "atom":
        assert rich.summary == RICH.abstract
        assert [(link.rel, link.href) for link in rich.links[1:]] == [
            ("related", RICH.links.pdf), ("related", "https://github.com/a/b")
        ]  # fmt: skip


# Text as hostile as it comes: XML specials, control characters, carriage returns, tabs,
# noncharacters, lone surrogates, astral characters.
hostile_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("&<>\"' \t\r\n]]>\x00\x01\x1b\x7f\x85\x9f\ufffe\uffff\ud800\udfff")),
        st.characters(exclude_categories=()),
    ),
    max_size=24,
)
days = st.none() | st.dates(min_value=date(1991, 8, 14), max_value=date(2030, 1, 1))
web_urls = st.builds(lambda t: "https://example.com/" + t, hostile_text)


@st.composite
def papers(draw) -> Paper:
    title = draw(hostile_text)
    arxiv = draw(st.none() | st.sampled_from(["2401.00001", "2312.12345v2"]))
    return Paper(
        title=title.encode("utf-8", "surrogatepass").decode("utf-8", "replace") or "t",
        id=arxiv or "p-" + str(len(title)),  # the id is stored: it cannot hold a surrogate
        arxiv_id=arxiv,
        abstract=draw(st.none() | hostile_text),
        authors=draw(st.lists(hostile_text, max_size=3)),
        author_count=draw(st.none() | st.integers(min_value=0, max_value=9)),
        published=draw(days),
        featured=draw(days),
        keywords=draw(st.lists(hostile_text, max_size=2)),
        thumbnail=draw(st.none() | web_urls),
        links=Links(pdf=draw(st.none() | web_urls), code=draw(st.lists(web_urls, max_size=2))),
    )


@BOUNDED
@given(st.lists(papers(), max_size=4), st.sampled_from(list(WRITERS)), hostile_text)
def test_hostile_papers_stream_as_feedgen_writes_them_and_parse(items, kind, title):
    for item in items:  # surrogates where the store could not hold them: text fields
        item.abstract = item.abstract and item.abstract + "\ud800"
    options = {"title": title, "published": {p.id: ICLR for p in items[:1]}}
    unique = list({p.id: p for p in items}.values())
    try:
        expected, streamed = both(kind, unique, **options)
    except ValueError as refused:  # an empty title: feedgen refuses it, and so do we
        assert "Required fields not set" in str(refused)
        with pytest.raises(ValueError, match="Required fields not set"):
            "".join(WRITERS[kind][1](iter(unique), updated=datetime.now(UTC), **options))
        return
    assert streamed == expected
    etree.fromstring(streamed.encode("utf-8"))  # well-formed, or lxml says where not
