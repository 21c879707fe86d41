"""What every feed (RSS, Atom, JSON Feed) says about a paper and about itself.

Dates come from the paper, never from the clock, so the same papers always give the same
feed bytes: that is what lets the HTTP layer answer 304 from an ETag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from html import escape
from urllib.parse import quote

from server.models import HF_BASE, Paper
from server.published import PublishedVersion

# A paper with neither a featured nor a published date is dated at the epoch. Not "now": that
# would change the feed on every request (no 304s) and show an old paper as new to every
# subscriber. Not the day its page was seen either: that is the scrape date, the very mistake
# other feeds make, and it would put such papers first although the store sorts them last.
UNDATED = datetime(1970, 1, 1, tzinfo=UTC)

# Characters XML 1.0 cannot carry at all (lxml refuses them): dropped from feed text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedInfo:
    title: str = "papershelf: newest papers"
    site_url: str = f"{HF_BASE}/papers"  # the page this feed mirrors
    self_url: str | None = None  # where the feed itself is served
    feed_id: str | None = None  # defaults to self_url, else a fixed tag: URI
    description: str = "Papers from Hugging Face Daily Papers, kept by papershelf."

    @property
    def id(self) -> str:
        return self.feed_id or self.self_url or "tag:papershelf,2025:feeds/papers"


def feed_info(options: dict) -> FeedInfo:
    """FeedInfo from `render(papers, **options)` keywords; unknown keywords are ignored."""
    known = {k: v for k, v in options.items() if k in FeedInfo.__dataclass_fields__ and v}
    return FeedInfo(**known)


def item_date(paper: Paper) -> datetime:
    """Midnight UTC of the featured day when known, else of the published day."""
    day = paper.featured or paper.published
    return datetime.combine(day, time(0), tzinfo=UTC) if day else UNDATED


def feed_updated(papers: list[Paper]) -> datetime:
    return max((item_date(p) for p in papers), default=UNDATED)


def item_guid(paper: Paper) -> str:
    return f"tag:papershelf,2025:papers/{quote(paper.id, safe='/.')}"


def item_link(paper: Paper) -> str:
    return paper.links.hf or paper.links.arxiv or item_guid(paper)


def author_line(paper: Paper) -> str | None:
    if paper.authors:
        return ", ".join(paper.authors)
    if paper.author_count:
        return f"{paper.author_count} authors (names not listed on the page)"
    return None


def item_html(paper: Paper, version: PublishedVersion | None = None) -> str:
    """The abstract (escaped), the authors, where it was published and the links, as one
    HTML fragment."""
    parts = []
    if version is not None:
        parts.append(f"<p>{escape(clean(published_line(version)))}</p>")
    if paper.abstract:
        parts.append(f"<p>{escape(clean(paper.abstract))}</p>")
    authors = author_line(paper)
    if authors:
        parts.append(f"<p>Authors: {escape(clean(authors))}</p>")
    links = [("Hugging Face", paper.links.hf), ("arXiv", paper.links.arxiv)]
    links += [("PDF", paper.links.pdf)]
    links += [("Code", url) for url in paper.links.code]
    links += [("Project page", url) for url in paper.links.project]
    anchors = [
        f'<a href="{escape(clean(url))}">{label}</a>' for label, url in links if is_web_url(url)
    ]
    if anchors:
        parts.append("<p>" + " · ".join(anchors) + "</p>")
    return "\n".join(parts)


def published_line(version: PublishedVersion) -> str:
    return f"Published in {version.label}"


def published_versions(options: dict) -> dict[str, PublishedVersion]:
    """The `published` render option: paper id -> its published version."""
    return dict(options.get("published") or {})


def is_web_url(url: str | None) -> bool:
    """Only http(s) links go into feed HTML: a stored `javascript:` link must not."""
    return bool(url) and url.lower().startswith(("http://", "https://"))


def clean(text: str) -> str:
    return _NOT_XML.sub("", text)
