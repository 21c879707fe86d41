"""RSS 2.0 and Atom 1.0 feeds of papers, written by feedgen.

Items keep the order given (newest first from the store). Every date is set explicitly:
feedgen would otherwise stamp the feed with the current time and the same papers would
never give the same bytes twice. Item ids are per feed (see `exporters.feed_items`); the
card image is a Media RSS `media:thumbnail` in both formats.
"""

from __future__ import annotations

from datetime import datetime

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from exporters.feed_items import (
    FeedInfo,
    author_names,
    clean,
    feed_info,
    feed_updated,
    is_web_url,
    item_date,
    item_guid,
    item_html,
    item_link,
    published_versions,
    thumbnail,
)
from server.models import Paper
from server.published import PublishedVersion


class RelatedLinks(BaseEntryExtension):
    """Atom `rel="related"` links (PDF, code).

    feedgen 1.0 drops the rel, type and title of every entry link it writes (a shadowed
    variable in `FeedEntry.atom_entry`), which would leave several "alternate" links per
    entry; so only the alternate link goes through feedgen and these are added here.
    """

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def add(self, href: str, title: str, type: str | None = None) -> None:
        link = {"href": href, "rel": "related", "title": title}
        self.links.append({**link, "type": type} if type else link)

    def extend_atom(self, entry):
        for link in self.links:
            xml_elem("link", entry, **link)
        return entry


def to_rss(papers: list[Paper], **options) -> str:
    generator = _feed(
        papers, feed_info(options), rss=True, published=published_versions(options),
        updated=options.get("updated"),
    )  # fmt: skip
    return generator.rss_str(pretty=True).decode("utf-8")


def to_atom(papers: list[Paper], **options) -> str:
    generator = _feed(
        papers, feed_info(options), rss=False, published=published_versions(options),
        updated=options.get("updated"),
    )  # fmt: skip
    return generator.atom_str(pretty=True).decode("utf-8")


def _feed(
    papers: list[Paper],
    info: FeedInfo,
    rss: bool,
    published: dict[str, PublishedVersion],
    updated: datetime | None = None,
) -> FeedGenerator:
    generator = FeedGenerator()
    if rss:
        generator.load_extension("dc", atom=False, rss=True)  # dc:creator: names, no e-mail
    else:
        generator.register_extension("related", BaseExtension, RelatedLinks, rss=False)
    generator.load_extension("media")
    generator.id(clean(info.id))
    generator.title(clean(info.title))
    generator.description(clean(info.description))
    generator.author({"name": "papershelf"})
    if info.self_url:
        generator.link(href=clean(info.self_url), rel="self")
    generator.link(href=clean(info.site_url), rel="alternate")  # last: feedgen's RSS <link>
    generator.language("en")
    updated = updated or feed_updated(papers)
    generator.updated(updated)
    generator.lastBuildDate(updated)
    extension = "rss" if rss else "atom"
    for paper in papers:
        entry = generator.add_entry(order="append")
        entry.title(clean(paper.title))
        version = published.get(paper.id)
        if rss:
            _rss_item(entry, paper, item_guid(paper, info, extension), version)
        else:
            _atom_entry(entry, paper, item_guid(paper, info, extension), updated, version)
        image = thumbnail(paper)
        if image:
            entry.media.thumbnail(url=clean(image), group=None)
        for keyword in paper.keywords:
            entry.category(term=clean(keyword))
    return generator


def _rss_item(entry: FeedEntry, paper: Paper, guid: str, version: PublishedVersion | None) -> None:
    entry.link(href=clean(item_link(paper)))
    entry.guid(guid, permalink=False)
    date = item_date(paper)
    if date:  # optional in RSS: an undatable paper is left undated, not given a false date
        entry.pubDate(date)
    entry.description(item_html(paper, version))
    for name in author_names(paper):
        entry.dc.dc_creator(name)


def _atom_entry(
    entry: FeedEntry,
    paper: Paper,
    guid: str,
    feed_updated_at: datetime,
    version: PublishedVersion | None,
) -> None:
    entry.id(guid)
    entry.link(href=clean(item_link(paper)), rel="alternate")
    if paper.links.pdf and is_web_url(paper.links.pdf):
        entry.related.add(clean(paper.links.pdf), "PDF", type="application/pdf")
    for url in filter(is_web_url, paper.links.code):
        entry.related.add(clean(url), "Code")
    date = item_date(paper) or feed_updated_at  # Atom requires one: the feed's own
    entry.published(date)
    entry.updated(date)
    names = author_names(paper)
    if names:
        entry.author([{"name": name} for name in names])
    if paper.abstract:
        entry.summary(clean(paper.abstract), type="text")
    entry.content(item_html(paper, version), type="html")
