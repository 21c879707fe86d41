"""Crossref's REST API: works found by a bibliographic query, and a DOI's metadata.

`GET {base}/works?query.bibliographic=<title>&query.author=<name>&rows=N&select=...` answers
`{"status": "ok", "message-type": "work-list", "message": {"items": [work...]}}`;
`GET {base}/works/<doi>` answers `{"message-type": "work", "message": work}` or 404 (base
https://api.crossref.org; documentation github.com/CrossRef/rest-api-doc, README and
api_format.md). A work has `title` and `container-title` as lists, `author` as
`{given, family}`, `issued.date-parts`, `type` (`proceedings-article`, `journal-article`,
`posted-content` for preprints, ...), and `relation.has-preprint` listing its preprint's DOI
(`10.48550/arXiv.<id>`: the id link). With a `mailto` address every request goes to the
"polite pool" (Crossref's "Etiquette"); list queries are limited to 1 a second in the public
pool and 3 in the polite one (Crossref blog, "Announcing changes to REST API rate limits").
"""

from __future__ import annotations

from urllib.parse import quote

from exporters.names import split_name
from server.upstream.venues.matching import Candidate
from server.upstream.venues.service import VenueService, shape_error

ROWS = 5
SELECT = (
    "DOI,title,author,container-title,event,type,issued,volume,issue,page,publisher,relation,URL"
)
KINDS = {
    "proceedings-article": "conference",
    "book-chapter": "conference",  # proceedings published as book series (LNCS and the like)
    "journal-article": "journal",
}


class Crossref(VenueService):
    name = "Crossref"

    def __init__(self, *args, mailto: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mailto = mailto
        if not mailto:
            self.rate_limit_hint = " (an address in CROSSREF_MAILTO moves us to the polite pool)"

    def search(self, title: str, first_author: str | None) -> list[Candidate]:
        """Candidates from the works best matching this title (and first author)."""
        url = f"{self.base_url}/works"
        params = {"query.bibliographic": title, "rows": ROWS, "select": SELECT}
        if first_author:
            params["query.author"] = split_name(first_author).family or first_author
        data = self.get_json(url, self._polite(params))
        message = data.get("message")
        if data.get("message-type") != "work-list" or not isinstance(message, dict):
            raise shape_error(self.name, url, "a work-list message")
        items = message.get("items")
        if not isinstance(items, list):
            raise shape_error(self.name, url, "message.items")
        return [candidate(work) for work in items if _is_work(work)]

    def work(self, doi: str) -> Candidate | None:
        """The work with this DOI; None when Crossref does not know it (another agency's)."""
        url = f"{self.base_url}/works/{quote(doi, safe='/')}"
        data = self.get_json(url, self._polite({}), missing_ok=True)
        if data is None:
            return None
        if data.get("message-type") != "work" or not _is_work(data.get("message")):
            raise shape_error(self.name, url, "a work message")
        return candidate(data["message"])

    def _polite(self, params: dict) -> dict:
        return {**params, "mailto": self.mailto} if self.mailto else params


def candidate(work: dict) -> Candidate:
    """One Crossref work as a candidate."""
    authors = [a for a in work.get("author") or [] if isinstance(a, dict)]
    firsts = [a for a in authors if a.get("sequence") == "first"] or authors or [{}]
    first = firsts[0]
    family = _text(first.get("family")) or _text(first.get("name"))
    shown = " ".join(filter(None, [_text(first.get("given")), family])) or None
    kind_name = work.get("type") if isinstance(work.get("type"), str) else ""
    venue = _first(work.get("container-title"))
    event = work.get("event") if isinstance(work.get("event"), dict) else {}
    if KINDS.get(kind_name) == "conference" and not venue:
        venue = _text(event.get("name"))
    doi = _text(work.get("DOI"))
    journal = KINDS.get(kind_name) == "journal"
    return Candidate(
        source="Crossref",
        title=_first(work.get("title")) or "",
        first_family=family,
        first_author=shown,
        year=_year(work),
        kind=KINDS.get(kind_name),
        venue=venue,
        preprint=kind_name == "posted-content",
        record=doi,
        url=f"https://doi.org/{doi}" if doi else None,
        doi=doi,
        volume=_text(work.get("volume")) if journal else None,
        number=_text(work.get("issue")) if journal else None,
        pages=_text(work.get("page")),
        publisher=_text(work.get("publisher")),
        dois=tuple(_preprint_dois(work)),
    )


def _preprint_dois(work: dict):
    relation = work.get("relation") if isinstance(work.get("relation"), dict) else {}
    for related in relation.get("has-preprint") or []:
        if isinstance(related, dict) and related.get("id-type") == "doi" and related.get("id"):
            yield str(related["id"])


def _year(work: dict) -> int | None:
    for name in ("issued", "published-print", "published-online", "published"):
        date = work.get(name) if isinstance(work.get(name), dict) else {}
        parts = date.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int) and not isinstance(year, bool):
                return year
    return None


def _is_work(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("title"), list)


def _first(value) -> str | None:
    if isinstance(value, list) and value and isinstance(value[0], str):
        return _text(value[0])
    return None


def _text(value) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None
