"""RSS items and Atom entries written straight as text, for streamed feeds.

feedgen (`exporters.rss_atom`) builds a tree of the whole feed, element by element, and
costs several times the reading of the papers. A streamed export writes the feed's head
and end with feedgen and each item here: the same elements, attributes, order, escaping and
indentation as feedgen's pretty-printed document (lxml's serializer), so the streamed feed
is byte for byte the one-shot one (tests/test_feed_xml.py compares them on hostile papers).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from functools import lru_cache

from exporters.feed_items import (
    TAG,
    FeedInfo,
    author_names,
    clean,
    feed_scope,
    is_web_url,
    item_link,
    quoted_id,
    replaced,
    thumbnail,
)
from exporters.feed_text import item_html_text, xml_text
from server.models import Paper
from server.published import PublishedVersion


def rss_item(paper: Paper, info: FeedInfo, version: PublishedVersion | None) -> str:
    """One `<item>` as `exporters.rss_atom` has feedgen write it, indented for its channel."""
    return rss_items(info)(paper, version)


def rss_items(info: FeedInfo) -> Callable[[Paper, PublishedVersion | None], str]:
    """`rss_item` for each item of one feed: what its items share is written once."""
    guid = f'      <guid isPermaLink="false">{_text(TAG + feed_scope(info, "rss"))}#'

    def item(paper: Paper, version: PublishedVersion | None) -> str:
        title = xml_text(paper.title)  # empty when `clean` leaves nothing
        cleaned = [clean(name) for name in paper.authors] if paper.authors else []
        description = item_html_text(paper, version, cleaned)
        if not (title or description):
            raise ValueError("Required fields not set")  # feedgen's refusal, in its words
        heading = f"\n      <title>{title}</title>" if title else ""
        link = xml_text(item_link(paper))
        link = f"\n      <link>{link}</link>" if link else ""
        if description:
            description = f"\n      <description>{description}</description>"
        keywords = "".join(
            [f"\n      <category>{xml_text(word)}</category>" for word in paper.keywords]
        )
        day = paper.sort_day
        date = f"\n      <pubDate>{_rfc2822_day(day)}</pubDate>" if day else ""
        names = "".join(
            [
                f"\n      <dc:creator>{_text(name)}</dc:creator>"
                for name in author_names(paper, cleaned)
            ]
        )
        return (
            f"    <item>{heading}{link}{description}\n{guid}{quoted_id(paper.id)}</guid>"
            f"{keywords}{date}{names}{_thumbnail(paper, '      ')}\n    </item>\n"
        )

    return item


def atom_entries(
    info: FeedInfo, feed_updated: datetime
) -> Callable[[Paper, PublishedVersion | None], str]:
    """A writer of the `<entry>`s of one feed, each as `exporters.rss_atom` has feedgen write
    it, indented for its feed: what its entries share is written once."""
    guid = f"  <entry>\n    <id>{_text(TAG + feed_scope(info, 'atom'))}#"
    undated = _iso(feed_updated)

    def entry(paper: Paper, version: PublishedVersion | None) -> str:
        title = xml_text(paper.title)  # empty when `clean` leaves nothing
        if not title:
            raise ValueError("Required fields not set")
        cleaned = [clean(name) for name in paper.authors] if paper.authors else []
        day = paper.sort_day
        stamp = _iso_day(day) if day else undated
        names = "".join(
            [
                f"\n    <author>\n      <name>{_text(name)}</name>\n    </author>"
                for name in author_names(paper, cleaned)
                if name  # feedgen leaves out an author without a name
            ]
        )
        content = item_html_text(paper, version, cleaned)
        content = (
            f'<content type="html">{content}</content>' if content else '<content type="html"/>'
        )
        abstract = paper.abstract
        summary = ""
        if abstract:
            summary = xml_text(abstract)
            summary = (
                f'\n    <summary type="text">{summary}</summary>'
                if summary
                else '\n    <summary type="text"/>'
            )
        keywords = "".join(
            [f'\n    <category term="{_attr(clean(word))}"/>' for word in paper.keywords]
        )
        related = []
        if paper.links.pdf and is_web_url(paper.links.pdf):
            related.append((paper.links.pdf, "PDF", ' type="application/pdf"'))
        related += [(url, "Code", "") for url in filter(is_web_url, paper.links.code)]
        related = "".join(
            [
                f'\n    <link href="{_attr(clean(url))}" rel="related" title="{label}"{kind}/>'
                for url, label, kind in related
            ]
        )
        return (
            f"{guid}{quoted_id(paper.id)}</id>\n    <title>{title}</title>\n    "
            f"<updated>{stamp}</updated>{names}\n    {content}\n"
            f'    <link href="{_attr(clean(item_link(paper)))}"/>{summary}{keywords}\n'
            f"    <published>{stamp}</published>{related}{_thumbnail(paper, '    ')}"
            "\n  </entry>\n"
        )

    return entry


@lru_cache(maxsize=4096)  # items share days
def rfc2822(moment: datetime) -> str:
    """`Tue, 02 Jan 2024 00:00:00 +0000`: feedgen's format in the C locale (the standard
    library's, without switching the process's locale for every item as feedgen does)."""
    return format_datetime(moment)


@lru_cache(maxsize=4096)
def _rfc2822_day(day: date) -> str:
    """`rfc2822` of the day's midnight UTC (`item_date`)."""
    return rfc2822(datetime.combine(day, time(0), tzinfo=UTC))


def _iso(moment: datetime) -> str:
    return moment.isoformat()


@lru_cache(maxsize=4096)
def _iso_day(day: date) -> str:
    """`_iso` of the day's midnight UTC (`item_date`)."""
    return _iso(datetime.combine(day, time(0), tzinfo=UTC))


def _thumbnail(paper: Paper, indent: str) -> str:
    image = thumbnail(paper)
    return f'\n{indent}<media:thumbnail url="{_attr(clean(image))}"/>' if image else ""


def _text(value: str) -> str:
    """Element text escaped as libxml2 writes it (a carriage return too, or XML readers
    would turn it into a line feed)."""
    return replaced(value, _TEXT_ESCAPES)


_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


def _attr(value: str) -> str:
    """An attribute value escaped as libxml2 writes it (whitespace kept as character
    references, or attribute normalisation would turn it into spaces)."""
    return replaced(_text(value), _ATTRIBUTE_ESCAPES)


_ATTRIBUTE_ESCAPES = (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))
