"""Stored text as streamed RSS and Atom items write it, each piece escaped once.

An item's description is HTML (`feed_items.item_html`) that the XML escapes again: written
that way, the 1-2 KB of an abstract is scanned for each HTML special, then the whole
fragment for each XML special. Here each piece goes once through both escapings composed
(`&` is `&amp;amp;` at once), and the fragment's own markup is written already escaped.
An ASCII abstract (most) is told clean and free of specials by one C pass over its bytes.
tests/test_feed_text.py holds each function to its two-step definition.
"""

from __future__ import annotations

from exporters.feed_items import (
    author_line,
    clean,
    is_web_url,
    published_line,
    replaced,
    thumbnail,
)
from server.models import Paper
from server.published import PublishedVersion

# `feed_xml._text(feed_items.escape(...))` a character at a time. `&` goes first: the
# others' replacements hold it.
_HTML_IN_XML = (
    ("&", "&amp;amp;"),
    ("<", "&amp;lt;"),
    (">", "&amp;gt;"),
    ('"', "&amp;quot;"),
    ("'", "&amp;#x27;"),
    ("\r", "&#13;"),
)
_XML = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))

# Printable ASCII but what either escaping replaces: deleted, they leave a clean text empty.
_QUIET_HTML = bytes(c for c in range(0x20, 0x7F) if chr(c) not in "&<>\"'")
_QUIET_XML = bytes(c for c in range(0x20, 0x7F) if chr(c) not in "&<>")
# What is left of a text that `clean` keeps as it is, past the quiet characters.
_HTML_SPECIALS = b"&<>\"'"


def html_in_xml(text: str) -> str:
    """`_text(escape(text))`: HTML text as XML element text."""
    return replaced(text, _HTML_IN_XML)


def clean_html_in_xml(text: str) -> str:
    """`html_in_xml(clean(text))`."""
    if text.isascii():
        rest = text.encode().translate(None, _QUIET_HTML)
        if not rest:
            return text  # nothing to drop, nothing to escape
        if not rest.translate(None, _HTML_SPECIALS):
            return replaced(text, _HTML_IN_XML)  # nothing to drop
    return replaced(clean(text), _HTML_IN_XML)


def xml_text(text: str) -> str:
    """`_text(clean(text))`: stored text as XML element text."""
    if text.isascii() and not text.encode().translate(None, _QUIET_XML):
        return text
    return replaced(clean(text), _XML)


_P, _END_P = "&lt;p&gt;", "&lt;/p&gt;"


def item_html_text(
    paper: Paper, version: PublishedVersion | None = None, names: list[str] | None = None
) -> str:
    """`_text(item_html(paper, version))`: the item's HTML as XML element text. `names`: the
    paper's authors already `clean`ed, when the caller has them."""
    parts = []
    if version is not None:
        parts.append(f"{_P}{clean_html_in_xml(published_line(version))}{_END_P}")
    if paper.abstract:
        parts.append(f"{_P}{clean_html_in_xml(paper.abstract)}{_END_P}")
    authors = author_line(paper, names)
    if authors:
        parts.append(f"{_P}Authors: {html_in_xml(authors)}{_END_P}")
    links = paper.links
    anchors = []
    if is_web_url(links.hf):
        anchors.append(f'&lt;a href="{clean_html_in_xml(links.hf)}"&gt;Hugging Face&lt;/a&gt;')
    if is_web_url(links.arxiv):
        anchors.append(f'&lt;a href="{clean_html_in_xml(links.arxiv)}"&gt;arXiv&lt;/a&gt;')
    if is_web_url(links.pdf):
        anchors.append(f'&lt;a href="{clean_html_in_xml(links.pdf)}"&gt;PDF&lt;/a&gt;')
    if links.code:
        anchors += [
            f'&lt;a href="{clean_html_in_xml(url)}"&gt;Code&lt;/a&gt;'
            for url in links.code
            if is_web_url(url)
        ]
    if links.project:
        anchors += [
            f'&lt;a href="{clean_html_in_xml(url)}"&gt;Project page&lt;/a&gt;'
            for url in links.project
            if is_web_url(url)
        ]
    if anchors:
        parts.append(_P + " · ".join(anchors) + _END_P)
    image = thumbnail(paper)
    if image:
        parts.append(f'{_P}&lt;img src="{clean_html_in_xml(image)}" alt=""&gt;{_END_P}')
    return "\n".join(parts)
