"""Semantic Scholar's Academic Graph API: the paper record of an arXiv id.

`GET {base}/paper/ARXIV:<id>?fields=...` (base https://api.semanticscholar.org/graph/v1;
the API documentation at https://api.semanticscholar.org/api-docs/graph): one paper object
holding only the fields asked for (and `paperId`), or 404 `{"error": ...}` for an id it does
not know. Semantic Scholar merges a preprint and its published version into one record: its
`venue` / `publicationVenue` / `journal` say where it appeared, `externalIds.ArXiv` lists the
arXiv id (the id link), `externalIds.DOI` the published DOI. A record whose venue is arXiv
itself is the preprint. An API key goes in the `x-api-key` header (never in the URL, so it
stays out of the response cache and of every message).
"""

from __future__ import annotations

from exporters.names import split_name
from server.models import strip_arxiv_version
from server.upstream.venues.matching import ARXIV_DOI, Candidate
from server.upstream.venues.service import VenueService, shape_error

FIELDS = "title,authors,year,venue,publicationVenue,journal,externalIds,publicationTypes,url"
ARXIV_VENUES = frozenset({"", "arxiv", "arxiv.org", "corr"})


class SemanticScholar(VenueService):
    name = "Semantic Scholar"
    rate_limit_hint = " (an API key in SEMANTIC_SCHOLAR_API_KEY raises the limit)"

    def by_arxiv_id(self, arxiv_id: str) -> list[Candidate]:
        """The record of this arXiv paper as a candidate ([] when Semantic Scholar has none)."""
        url = f"{self.base_url}/paper/ARXIV:{strip_arxiv_version(arxiv_id)}"
        data = self.get_json(url, {"fields": FIELDS}, missing_ok=True)
        if data is None:
            return []
        if not isinstance(data.get("paperId"), str) or not isinstance(data.get("title"), str):
            raise shape_error(self.name, url, "a paperId and a title")
        return [candidate(data)]


def candidate(paper: dict) -> Candidate:
    """A Semantic Scholar paper object as a candidate."""
    ids = paper.get("externalIds") if isinstance(paper.get("externalIds"), dict) else {}
    venue_record = paper.get("publicationVenue")
    venue_record = venue_record if isinstance(venue_record, dict) else {}
    journal = paper.get("journal") if isinstance(paper.get("journal"), dict) else {}
    types = [t for t in paper.get("publicationTypes") or [] if isinstance(t, str)]
    venue = _text(venue_record.get("name")) or _text(paper.get("venue"))
    kind = _kind(venue_record, journal, types)
    if kind == "journal":
        venue = _text(journal.get("name")) or venue
    authors = [
        a["name"] for a in paper.get("authors") or [] if isinstance(a, dict) and a.get("name")
    ]
    doi = _text(ids.get("DOI"))
    arxiv_doi = bool(doi and ARXIV_DOI.match(doi))
    preprint = (venue or "").strip().lower() in ARXIV_VENUES and (
        (_text(journal.get("name")) or "").lower() in ARXIV_VENUES
    )
    year = paper.get("year")
    return Candidate(
        source="Semantic Scholar",
        title=paper["title"],
        first_family=split_name(authors[0]).family if authors else None,
        first_author=authors[0] if authors else None,
        year=year if isinstance(year, int) else None,
        kind=None if preprint else kind,
        venue=venue,
        preprint=preprint,
        record=paper.get("paperId"),
        url=f"https://doi.org/{doi}" if doi and not arxiv_doi else _text(paper.get("url")),
        doi=None if arxiv_doi else doi,
        volume=_text(journal.get("volume")) if kind == "journal" else None,
        pages=_pages(journal.get("pages")),
        arxiv_ids=tuple(filter(None, [_text(ids.get("ArXiv"))])),
        dois=(doi,) if arxiv_doi else (),
    )


def _kind(venue_record: dict, journal: dict, types: list[str]) -> str | None:
    declared = (venue_record.get("type") or "").lower()
    if declared in ("conference", "journal"):
        return declared
    if "Conference" in types:
        return "conference"
    journal_name = (_text(journal.get("name")) or "").lower()
    if "JournalArticle" in types and journal_name and journal_name not in ARXIV_VENUES:
        return "journal"
    return None  # a venue we cannot tell the kind of is not cited as either


def _pages(value) -> str | None:
    text = _text(value)
    return "".join(text.split()) if text else None  # "5301 - 5310" -> "5301-5310"


def _text(value) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split()) or None if isinstance(value, str) else None
