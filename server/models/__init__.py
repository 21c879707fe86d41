"""The `Paper` record every part of papershelf shares, and its JSON shape."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date

from server.models.titles import normalise_title, quote_plus, title_id_of_key
from server.models.titles import title_id as title_id  # re-exported: ids live with the record

HF_BASE = "https://huggingface.co"
ARXIV_BASE = "https://arxiv.org"

# New-style arXiv ids (2306.10426, optionally versioned) and old-style (cs/0112017). Always
# used with fullmatch: `$` would also match before a final newline ("2301.00001\n").
ARXIV_ID_RE = re.compile(
    r"(?:\d{4}\.\d{4,5}|[a-z][a-z.-]{0,30}/\d{7})(?:v\d{1,3})?", re.IGNORECASE | re.ASCII
)


# Characters no paper field keeps: C0 controls but tab, newline and carriage return; DEL; C1
# controls; the noncharacters U+FFFE and U+FFFF. Parsers strip them on the way in, exporters
# on the way out (XML 1.0 cannot carry most of them; in BibTeX they reach TeX raw).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


# New-style (2411.15124) and old-style (cs/9901001) ids start with the year and month.
_ARXIV_MONTH_RE = re.compile(r"(?:[a-z.-]+/)?(\d{2})(\d{2})", re.ASCII | re.IGNORECASE)


def is_arxiv_id(value: str | None) -> bool:
    return isinstance(value, str) and ARXIV_ID_RE.fullmatch(value) is not None


_ARXIV_VERSION_RE = re.compile(r"v\d+\Z")


def strip_arxiv_version(arxiv_id: str) -> str:
    return _ARXIV_VERSION_RE.sub("", arxiv_id)


@dataclass(frozen=True)
class Source:
    """Where a paper was seen: the form of the input, its name or URL, and the day."""

    kind: str  # "text", "html" or "api"
    location: str
    seen: date | None = None

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "location": self.location,
            "seen": self.seen.isoformat() if self.seen else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> Source:
        seen = data.get("seen")
        return cls(data["kind"], data["location"], date.fromisoformat(seen) if seen else None)


@dataclass
class Links:
    hf: str | None = None
    arxiv: str | None = None
    pdf: str | None = None
    code: list[str] = field(default_factory=list)
    project: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "hf": self.hf,
            "arxiv": self.arxiv,
            "pdf": self.pdf,
            "code": list(self.code),
            "project": list(self.project),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> Links:
        data = data or {}
        return cls(
            hf=data.get("hf"),
            arxiv=data.get("arxiv"),
            pdf=data.get("pdf"),
            code=list(data.get("code") or []),
            project=list(data.get("project") or []),
        )


class _TitleKey:
    """`Paper.title_key`: the normalised title, computed once per record (titles are never
    reassigned) and kept as the record's own attribute, as `functools.cached_property` would,
    without the lock Python 3.11's takes on every first read (a tenth of building a Paper)."""

    def __get__(self, paper: Paper | None, owner: type | None = None):
        if paper is None:
            return self
        paper.title_key = key = normalise_title(paper.title)  # read from the record from now on
        return key


@dataclass
class Paper:
    """One paper. `None` where unknown, `[]` for unknown lists."""

    title: str
    id: str = ""
    arxiv_id: str | None = None
    abstract: str | None = None
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    # True when `authors` names every author (the API, arXiv); False when it is a part or
    # nothing (a count larger than the names shown). None: decided from count and names.
    authors_complete: bool | None = None
    published: date | None = None  # first publication (arXiv)
    featured: date | None = None  # the day it was on Daily Papers
    upvotes: int | None = None
    comments: int | None = None
    keywords: list[str] = field(default_factory=list)
    primary_category: str | None = None  # arXiv primary category, e.g. cs.LG
    categories: list[str] = field(default_factory=list)
    links: Links = field(default_factory=Links)
    sources: list[Source] = field(default_factory=list)
    # What Hugging Face shows about a paper besides the above.
    ai_summary: str | None = None
    github_stars: int | None = None
    organization: str | None = None  # the organization that submitted it, e.g. "Allen AI"
    submitter: str | None = None  # the Hugging Face user who put it on Daily Papers
    thumbnail: str | None = None  # the card image URL

    def __post_init__(self) -> None:
        if self.arxiv_id:
            self.arxiv_id = strip_arxiv_version(self.arxiv_id)
        if not self.id:
            self.id = self.arxiv_id or title_id_of_key(self.title_key)
        self.authors_complete, self.author_count = settle_authors(
            self.authors, self.author_count, self.authors_complete
        )
        self.links = with_derived_links(self.links, self.arxiv_id, self.title)

    title_key = _TitleKey()

    @property
    def has_code(self) -> bool:
        return bool(self.links.code)

    @property
    def first_seen(self) -> date | None:
        """The earliest day a page showing this paper was seen."""
        return min((s.seen for s in self.sources if s.seen), default=None)

    @property
    def sort_day(self) -> date | None:
        """The day that places the paper in time (sorts, date filters, feed items).

        The featured day, else the published day, else the day of the first page it was
        seen on, else the month its arXiv id was given out. Never the clock.
        """
        return self.featured or self.published or self.first_seen or arxiv_month(self.arxiv_id)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "arxiv_id": self.arxiv_id,
            "title": self.title,
            "abstract": self.abstract,
            "authors": list(self.authors),
            "author_count": self.author_count,
            "authors_complete": self.authors_complete,
            "published": _iso(self.published),
            "featured": _iso(self.featured),
            "upvotes": self.upvotes,
            "comments": self.comments,
            "keywords": list(self.keywords),
            "primary_category": self.primary_category,
            "categories": list(self.categories),
            "links": self.links.to_json(),
            "sources": [s.to_json() for s in self.sources],
            "ai_summary": self.ai_summary,
            "github_stars": self.github_stars,
            "organization": self.organization,
            "submitter": self.submitter,
            "thumbnail": self.thumbnail,
        }

    @classmethod
    def from_json(cls, data: dict) -> Paper:
        """Inverse of `to_json`. Raises KeyError/ValueError/TypeError on a malformed record."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
        return cls(
            id=data.get("id") or "",
            arxiv_id=data.get("arxiv_id"),
            title=data["title"],
            abstract=data.get("abstract"),
            authors=list(data.get("authors") or []),
            author_count=data.get("author_count"),
            authors_complete=data.get("authors_complete"),
            published=_date(data.get("published")),
            featured=_date(data.get("featured")),
            upvotes=data.get("upvotes"),
            comments=data.get("comments"),
            keywords=list(data.get("keywords") or []),
            primary_category=data.get("primary_category"),
            categories=list(data.get("categories") or []),
            links=Links.from_json(data.get("links")),
            sources=[Source.from_json(s) for s in data.get("sources") or []],
            ai_summary=data.get("ai_summary"),
            github_stars=data.get("github_stars"),
            organization=data.get("organization"),
            submitter=data.get("submitter"),
            thumbnail=data.get("thumbnail"),
        )


def settle_authors(
    authors: list[str], count: int | None, complete: bool | None
) -> tuple[bool, int | None]:
    """(complete, count) that agree with the names: the one rule for author lists.

    Undecided, a list is complete when it names at least as many authors as any count says.
    A complete list is counted by its names; a partial one keeps the larger count (None when
    nobody said how many). No names at all is never complete.
    """
    named = len(authors)
    if complete is None:
        complete = count is None or count <= named
    if not named:
        return False, count
    if complete:
        return True, named
    return False, None if count is None else max(count, named)


def arxiv_month(arxiv_id: str | None) -> date | None:
    """The first day of the month an arXiv id was given out (`2411.15124`: 2024-11-01)."""
    match = _ARXIV_MONTH_RE.match(arxiv_id or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return None
    return date(1900 + year if year >= 91 else 2000 + year, month, 1)


def with_derived_links(links: Links, arxiv_id: str | None, title: str) -> Links:
    """Fill the links that follow from the arXiv id (or, lacking one, a title search).

    A new Links when one is filled (the given one may be another record's), built directly:
    `dataclasses.replace` costs more than the rest of the call.
    """
    if arxiv_id:
        return Links(
            links.hf if links.hf and "?q=" not in links.hf else f"{HF_BASE}/papers/{arxiv_id}",
            links.arxiv or f"{ARXIV_BASE}/abs/{arxiv_id}",
            links.pdf or f"{ARXIV_BASE}/pdf/{arxiv_id}",
            links.code,
            links.project,
        )
    if not links.hf and title:
        search = f"{HF_BASE}/papers?q={quote_plus(title)}"
        return Links(search, links.arxiv, links.pdf, links.code, links.project)
    return links


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
