"""Streamed feed items escape each piece once (`exporters.feed_text`): the same text as
cleaning, HTML-escaping and XML-escaping in turn, on any text (long abstracts, every ASCII
character, control characters, carriage returns, lone surrogates), and the same feeds as
feedgen writes for papers with long abstracts."""

import html
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from exporters.controls import SHORT
from exporters.feed_items import clean, escape, feed_updated, is_web_url, item_html
from exporters.feed_text import clean_html_in_xml, html_in_xml, item_html_text, xml_text
from exporters.feed_xml import _text
from exporters.rss_atom import to_atom, to_rss
from exporters.streams import stream_atom, stream_rss
from server.models import CONTROL_CHARACTERS, Links, Paper
from server.published import PublishedVersion
from tests.properties import EVERY_CHARACTER, bounded

BOUNDED = bounded(150)
ICLR = PublishedVersion(
    kind="conference", venue="ICLR & <Co>", year=2024, source="DBLP", record="conf/iclr/H24",
    evidence="title_author_year",
)  # fmt: skip
PIECES = list("&<>\"' \t\r\n\x00\x01\x1b\x7f\x85\x9f\ufffe\uffff\ud800é李😀") + [
    "&amp;", "]]>", "Model", "a b"
]  # fmt: skip
short_texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=12).map("".join)
long_texts = st.builds(
    lambda a, b: "Plain words. " * (SHORT // 13 + 1) + a + b, short_texts, short_texts
)
texts = short_texts | long_texts


def reference_clean(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "", CONTROL_CHARACTERS.sub("", text))


@BOUNDED
@given(texts)
def test_text_is_cleaned_and_escaped_as_in_turn(text):
    assert xml_text(text) == _text(clean(text))
    assert clean_html_in_xml(text) == _text(escape(clean(text)))
    assert html_in_xml(text) == _text(html.escape(text))
    kept = reference_clean(text)
    assert xml_text(text) == kept.replace("&", "&amp;").replace("<", "&lt;").replace(
        ">", "&gt;"
    ).replace("\r", "&#13;")


def test_every_character_is_cleaned_and_escaped_as_in_turn():
    long = "Plain words. " * (SHORT // 13 + 1)  # past SHORT: the one-pass check for ASCII
    for character in EVERY_CHARACTER:
        texts = [f"ab{character}cd", long + character] if character.isascii() else [character]
        for text in texts:
            assert xml_text(text) == _text(clean(text)), hex(ord(character))
            assert clean_html_in_xml(text) == _text(escape(clean(text))), hex(ord(character))


def test_a_link_is_a_web_link_as_its_lowercase_says_for_every_character():
    for character in EVERY_CHARACTER:
        for url in (f"{character}ttps://x", f"htt{character}://x", f"https:/{character}x"):
            expected = url.lower().startswith(("http://", "https://"))
            assert is_web_url(url) == expected, hex(ord(character))
    assert is_web_url("HTTPS://Example.com") and not is_web_url("javascript:alert(1)")


web_urls = st.builds(lambda t: "https://example.com/" + t, short_texts)


@st.composite
def papers(draw) -> Paper:
    arxiv = draw(st.none() | st.sampled_from(["2401.00001", "2312.12345"]))
    return Paper(
        title=draw(texts).encode("utf-8", "surrogatepass").decode("utf-8", "replace") or "t",
        id=arxiv or draw(st.sampled_from(["p-1", "p-2"])),
        arxiv_id=arxiv,
        abstract=draw(st.none() | texts),
        authors=draw(st.lists(short_texts, max_size=3)),
        author_count=draw(st.none() | st.integers(min_value=0, max_value=9)),
        published=draw(st.none() | st.dates(min_value=date(1991, 8, 14))),
        keywords=draw(st.lists(short_texts, max_size=2)),
        thumbnail=draw(st.none() | web_urls),
        links=Links(
            hf=draw(st.none() | web_urls | short_texts),
            pdf=draw(st.none() | web_urls),
            code=draw(st.lists(web_urls | short_texts, max_size=2)),
            project=draw(st.lists(web_urls, max_size=2)),
        ),
    )


@BOUNDED
@given(papers(), st.booleans())
def test_an_items_html_is_escaped_as_in_turn(paper, cited):
    version = ICLR if cited else None
    names = [clean(name) for name in paper.authors]
    assert item_html_text(paper, version) == _text(item_html(paper, version))
    assert item_html_text(paper, version, names) == _text(item_html(paper, version))


@bounded(60)
@given(st.lists(papers(), max_size=4), st.sampled_from(["rss", "atom"]))
def test_papers_with_long_abstracts_stream_as_feedgen_writes_them(items, kind):
    one_shot, streamed = {"rss": (to_rss, stream_rss), "atom": (to_atom, stream_atom)}[kind]
    unique = list({p.id: p for p in items}.values())
    options = {"title": "papershelf & <co>", "published": {p.id: ICLR for p in unique[:1]}}
    updated = feed_updated(unique)
    try:
        expected = one_shot(unique, updated=updated, **options)
    except ValueError as refused:  # a title of nothing XML carries: feedgen refuses it
        assert "Required fields not set" in str(refused)
        with pytest.raises(ValueError, match="Required fields not set"):
            "".join(streamed(iter(unique), updated=updated, **options))
        return
    text = "".join(streamed(iter(unique), updated=updated, **options))
    assert text == expected
    etree.fromstring(text.encode("utf-8"))  # well-formed
