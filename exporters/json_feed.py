"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of papers.

Same items, dates and ids as the RSS and Atom feeds (see `exporters.feed_items`).
"""

from __future__ import annotations

import json
from datetime import datetime

from exporters.feed_items import (
    feed_info,
    item_date,
    item_guid,
    item_html,
    item_link,
    published_versions,
)
from server.models import Paper
from server.published import PublishedVersion

VERSION = "https://jsonfeed.org/version/1.1"


def to_json_feed(papers: list[Paper], **options) -> str:
    return json.dumps(json_feed(papers, **options), ensure_ascii=False, indent=2)


def json_feed(papers: list[Paper], **options) -> dict:
    info = feed_info(options)
    published = published_versions(options)
    feed: dict = {
        "version": VERSION,
        "title": info.title,
        "home_page_url": info.site_url,
        "description": info.description,
        "authors": [{"name": "papershelf"}],
        "language": "en",
        "items": [_item(p, published.get(p.id)) for p in papers],
    }
    if info.self_url:
        feed["feed_url"] = info.self_url
    return feed


def _item(paper: Paper, version: PublishedVersion | None = None) -> dict:
    item: dict = {
        "id": item_guid(paper),
        "url": item_link(paper),
        "title": paper.title,
        "content_html": item_html(paper, version),
        "date_published": _rfc3339(item_date(paper)),
    }
    if paper.abstract:
        item["summary"] = paper.abstract
    if paper.links.arxiv and paper.links.arxiv != item["url"]:
        item["external_url"] = paper.links.arxiv
    if paper.authors:
        item["authors"] = [{"name": name} for name in paper.authors]
    if paper.keywords:
        item["tags"] = list(paper.keywords)
    if paper.links.pdf:
        item["attachments"] = [
            {"url": paper.links.pdf, "mime_type": "application/pdf", "title": "PDF"}
        ]
    return item


def _rfc3339(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
