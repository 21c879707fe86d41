"""RSS items and Atom entries written straight as text, for streamed feeds.

feedgen (`exporters.rss_atom`) builds a tree of the whole feed, element by element, and
costs several times the reading of the papers. A streamed export writes the feed's head
and end with feedgen and each item here: the same elements, attributes, order, escaping and
indentation as feedgen's pretty-printed document (lxml's serializer), so the streamed feed
is byte for byte the one-shot one (tests/test_feed_xml.py compares them on hostile papers).
"""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache

from exporters.feed_items import (
    FeedInfo,
    author_names,
    clean,
    is_web_url,
    item_date,
    item_guid,
    item_html,
    item_link,
    replaced,
    thumbnail,
)
from server.models import Paper
from server.published import PublishedVersion


def rss_item(paper: Paper, info: FeedInfo, version: PublishedVersion | None) -> str:
    """One `<item>` as `exporters.rss_atom` has feedgen write it, indented for its channel."""
    title = clean(paper.title)
    description = item_html(paper, version)
    if not (title or description):
        raise ValueError("Required fields not set")  # feedgen's refusal, in its words
    lines = ["    <item>"]
    if title:
        lines.append(f"      <title>{_text(title)}</title>")
    link = clean(item_link(paper))
    if link:
        lines.append(f"      <link>{_text(link)}</link>")
    if description:
        lines.append(f"      <description>{_text(description)}</description>")
    lines.append(f'      <guid isPermaLink="false">{_text(item_guid(paper, info, "rss"))}</guid>')
    lines += [f"      <category>{_text(clean(k))}</category>" for k in paper.keywords]
    date = item_date(paper)
    if date:
        lines.append(f"      <pubDate>{rfc2822(date)}</pubDate>")
    lines += [f"      <dc:creator>{_text(name)}</dc:creator>" for name in author_names(paper)]
    lines += _thumbnail(paper, "      ")
    lines.append("    </item>\n")
    return "\n".join(lines)


def atom_entry(
    paper: Paper, info: FeedInfo, feed_updated: datetime, version: PublishedVersion | None
) -> str:
    """One `<entry>` as `exporters.rss_atom` has feedgen write it, indented for its feed."""
    title = clean(paper.title)
    if not title:
        raise ValueError("Required fields not set")
    stamp = _iso(item_date(paper) or feed_updated)
    lines = [
        "  <entry>",
        f"    <id>{_text(item_guid(paper, info, 'atom'))}</id>",
        f"    <title>{_text(title)}</title>",
        f"    <updated>{stamp}</updated>",
    ]
    for name in author_names(paper):
        if name:  # feedgen leaves out an author without a name
            lines += ["    <author>", f"      <name>{_text(name)}</name>", "    </author>"]
    lines.append(_element("    ", "content", item_html(paper, version), ' type="html"'))
    lines.append(f'    <link href="{_attr(clean(item_link(paper)))}"/>')
    if paper.abstract:
        lines.append(_element("    ", "summary", clean(paper.abstract), ' type="text"'))
    lines += [f'    <category term="{_attr(clean(k))}"/>' for k in paper.keywords]
    lines.append(f"    <published>{stamp}</published>")
    related = []
    if paper.links.pdf and is_web_url(paper.links.pdf):
        related.append((paper.links.pdf, "PDF", ' type="application/pdf"'))
    related += [(url, "Code", "") for url in filter(is_web_url, paper.links.code)]
    lines += [
        f'    <link href="{_attr(clean(url))}" rel="related" title="{label}"{kind}/>'
        for url, label, kind in related
    ]
    lines += _thumbnail(paper, "    ")
    lines.append("  </entry>\n")
    return "\n".join(lines)


@lru_cache(maxsize=4096)  # items share days
def rfc2822(moment: datetime) -> str:
    """`Tue, 02 Jan 2024 00:00:00 +0000`: feedgen's format in the C locale (the standard
    library's, without switching the process's locale for every item as feedgen does)."""
    return format_datetime(moment)


@lru_cache(maxsize=4096)
def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _thumbnail(paper: Paper, indent: str) -> list[str]:
    image = thumbnail(paper)
    return [f'{indent}<media:thumbnail url="{_attr(clean(image))}"/>'] if image else []


def _element(indent: str, name: str, text: str, attributes: str) -> str:
    if not text:
        return f"{indent}<{name}{attributes}/>"
    return f"{indent}<{name}{attributes}>{_text(text)}</{name}>"


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
