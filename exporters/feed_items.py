"""What every feed (RSS, Atom, JSON Feed) says about a paper and about itself.

Dates come from the paper, never from the clock, so the same papers always give the same
feed bytes: that is what lets the HTTP layer answer 304 from an ETag.

Item ids are unique per feed and stable: the feed's address without its host, and the
paper's id as the fragment (`tag:papershelf,2025:feeds/papers.rss?q=diffusion#2411.15124`).
The same paper in the same feed keeps its id across requests, whatever host or port the
feed is read through; in another feed or another format it has another id, because readers
such as newsboat keep one item per id across all their feeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import lru_cache
from urllib.parse import quote, urlsplit

from exporters.controls import SHORT, without_controls
from exporters.names import ET_AL, names_partial
from server.models import CONTROL_CHARACTERS, HF_BASE, Paper
from server.published import PublishedVersion

# The day a paper with no date of its own and no day it was seen on is dated (and an empty
# feed's `updated`): arXiv's first day, older than any paper it lists. Never the clock (that
# would change the feed on every request), never 1970 (readers sort such items as ancient).
EARLIEST = datetime(1991, 8, 14, tzinfo=UTC)
TAG = "tag:papershelf,2025:"


@dataclass(frozen=True)
class FeedInfo:
    title: str = "papershelf: newest papers"
    site_url: str = f"{HF_BASE}/papers"  # the page this feed mirrors
    self_url: str | None = None  # where the feed itself is served
    feed_id: str | None = None  # defaults to self_url, else a fixed tag: URI
    description: str = "Papers from Hugging Face Daily Papers, kept by papershelf."

    @property
    def id(self) -> str:
        return self.feed_id or self.self_url or f"{TAG}feeds/papers"


def feed_info(options: dict) -> FeedInfo:
    """FeedInfo from `render(papers, **options)` keywords; unknown keywords are ignored."""
    known = {k: v for k, v in options.items() if k in FeedInfo.__dataclass_fields__ and v}
    return FeedInfo(**known)


def item_date(paper: Paper) -> datetime | None:
    """Midnight UTC of the day that dates the paper (`Paper.sort_day`), None when none does."""
    day = paper.sort_day
    return datetime.combine(day, time(0), tzinfo=UTC) if day else None


def feed_updated(papers: list[Paper]) -> datetime:
    return max((d for p in papers if (d := item_date(p))), default=EARLIEST)


def item_guid(paper: Paper, info: FeedInfo, extension: str) -> str:
    """The paper's id within this feed (see the module's docstring)."""
    return f"{TAG}{feed_scope(info, extension)}#{quoted_id(paper.id)}"


@lru_cache(maxsize=256)  # the same for every item of a feed
def feed_scope(info: FeedInfo, extension: str) -> str:
    """The feed's path and query without scheme and host, its format always in the path.

    A feed not served from a URL (a CLI export) is told apart by its title, which names its
    filters.
    """
    url = info.feed_id or info.self_url
    if not url or url.startswith(TAG):
        return f"feeds/papers.{extension}?title={quote(clean(info.title), safe='')}"
    parts = urlsplit(clean(url))
    path = quote(parts.path.lstrip("/"), safe="/.-_~%")
    if not path.endswith(f".{extension}"):
        path += f".{extension}"
    return path + (f"?{quote(parts.query, safe='=&+%')}" if parts.query else "")


def item_link(paper: Paper) -> str:
    return paper.links.hf or paper.links.arxiv or f"{TAG}papers/{quoted_id(paper.id)}"


def quoted_id(paper_id: str) -> str:
    """`quote(paper_id, safe="/.")`; an id of characters it keeps (every arXiv id and title id
    papershelf makes) is checked by one regex instead."""
    return paper_id if _KEPT_BY_QUOTE.fullmatch(paper_id) else quote(paper_id, safe="/.")


# What `quote(..., safe="/.")` leaves as it is: ASCII letters, digits, `_.-~` and `/`.
_KEPT_BY_QUOTE = re.compile(r"[A-Za-z0-9_.\-~/]*")


def author_names(paper: Paper, names: list[str] | None = None) -> list[str]:
    """The names as feeds list them: "et al." last when some authors are not named.
    `names`: the paper's authors already `clean`ed, when the caller has them."""
    names = [clean(name) for name in paper.authors] if names is None else names
    return [*names, ET_AL] if names_partial(paper) else names


def author_line(paper: Paper, names: list[str] | None = None) -> str | None:
    """`names` as for `author_names`."""
    if paper.authors:
        line = ", ".join([clean(name) for name in paper.authors] if names is None else names)
        if not names_partial(paper):
            return line
        counted = f" ({paper.author_count} authors)" if paper.author_count else ""
        return f"{line} {ET_AL}{counted}"
    if paper.author_count:
        return f"{paper.author_count} authors (names not listed on the page)"
    return None


def thumbnail(paper: Paper) -> str | None:
    return paper.thumbnail if is_web_url(paper.thumbnail) else None


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
        parts.append(f"<p>Authors: {escape(authors)}</p>")
    links = [("Hugging Face", paper.links.hf), ("arXiv", paper.links.arxiv)]
    links += [("PDF", paper.links.pdf)]
    links += [("Code", url) for url in paper.links.code]
    links += [("Project page", url) for url in paper.links.project]
    anchors = [
        f'<a href="{escape(clean(url))}">{label}</a>' for label, url in links if is_web_url(url)
    ]
    if anchors:
        parts.append("<p>" + " · ".join(anchors) + "</p>")
    image = thumbnail(paper)
    if image:
        parts.append(f'<p><img src="{escape(clean(image))}" alt=""></p>')
    return "\n".join(parts)


def escape(text: str) -> str:
    """`html.escape(text)` (quotes too)."""
    return replaced(text, _HTML_ESCAPES)


_HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def replaced(text: str, replacements: tuple[tuple[str, str], ...]) -> str:
    """Each character of `replacements` replaced in turn by its text, as chained `replace`
    calls would. `in` first: it finds a character at memchr speed, while `replace` scans a
    long text many times slower even when the character is not there (most text holds none
    of them; an abstract is 1-2 KB)."""
    for character, replacement in replacements:
        if character in text:
            text = text.replace(character, replacement)
    return text


def published_line(version: PublishedVersion) -> str:
    return f"Published in {version.label}"


def published_versions(options: dict) -> dict[str, PublishedVersion]:
    """The `published` render option: paper id -> its published version."""
    return dict(options.get("published") or {})


def is_web_url(url: str | None) -> bool:
    """Only http(s) links go into feed HTML: a stored `javascript:` link must not."""
    if not url:
        return False
    # Most links are written in lowercase: told without lowering a copy of the whole link.
    return url.startswith(_WEB) or url[:8].lower().startswith(_WEB)


_WEB = ("http://", "https://")


def clean(text: str) -> str:
    """Text XML 1.0 can carry (and a reader shows): control characters and lone surrogates
    (which no encoder writes) dropped."""
    if text.isascii():  # most text; ASCII holds no surrogate
        return without_controls(text)
    if len(text) < SHORT and text.isprintable():  # see controls.without_controls
        return text
    return _UNSHOWABLE.sub("", text)


# CONTROL_CHARACTERS' character class with the surrogate range added.
_UNSHOWABLE = re.compile(f"{CONTROL_CHARACTERS.pattern[:-1]}\ud800-\udfff]")
