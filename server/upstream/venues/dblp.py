"""dblp's publication search API: records with a given title.

`GET {base}/search/publ/api?q=<words>&format=json&h=<hits>&c=0` (base https://dblp.org;
dblp's FAQ "How to use the dblp search API?"): `{"result": {"hits": {"@total": "N",
"hit": [{"info": {...}}]}}}`, where `hit` is missing when nothing matched, `authors.author`
is one object rather than a list for a single author, `venue` and `ee` may be a string or a
list, and titles end with a period. A `CoRR` record (key `journals/corr/...`, type "Informal
and Other Publications") is the arXiv preprint itself, never a venue. dblp numbers people of
the same name ("Wei Li 0012").
"""

from __future__ import annotations

import re

from exporters.names import split_name
from server.upstream.venues.matching import ARXIV_DOI, Candidate, person_name
from server.upstream.venues.service import VenueService, shape_error

HITS = 10  # the records asked for; a title rarely has more than a few
KINDS = {"Conference and Workshop Papers": "conference", "Journal Articles": "journal"}
ARXIV_LINK = re.compile(r"arxiv\.org/abs/([^?#\s]+)", re.IGNORECASE)
QUERY_WORD = re.compile(r"\w+")


class Dblp(VenueService):
    name = "DBLP"

    def search_title(self, title: str) -> list[Candidate]:
        """Candidates from dblp's records whose title has these words."""
        url = f"{self.base_url}/search/publ/api"
        # dblp's query syntax gives meaning to some characters (|, -, $); words are enough.
        query = " ".join(QUERY_WORD.findall(title))
        data = self.get_json(url, {"q": query, "format": "json", "h": HITS, "c": 0})
        hits = data.get("result", {}).get("hits") if isinstance(data.get("result"), dict) else None
        if not isinstance(hits, dict):
            raise shape_error(self.name, url, "result.hits")
        found = hits.get("hit", [])
        found = [found] if isinstance(found, dict) else found
        if not isinstance(found, list):
            raise shape_error(self.name, url, "a list of hits")
        return [
            candidate(hit["info"])
            for hit in found
            if isinstance(hit, dict) and isinstance(hit.get("info"), dict)
            and isinstance(hit["info"].get("title"), str)
        ]  # fmt: skip


def candidate(info: dict) -> Candidate:
    """One dblp record (a hit's `info`) as a candidate."""
    authors = _list(info.get("authors", {}).get("author") if isinstance(info.get("authors"), dict)
                    else None)  # fmt: skip
    names = [person_name(a.get("text", "") if isinstance(a, dict) else str(a)) for a in authors]
    names = [n for n in names if n]
    key = info.get("key") if isinstance(info.get("key"), str) else None
    venues = [v for v in _list(info.get("venue")) if isinstance(v, str)]
    kind_name = info.get("type") if isinstance(info.get("type"), str) else ""
    preprint = bool(key and key.startswith("journals/corr/")) or "CoRR" in venues
    links = [e for e in _list(info.get("ee")) if isinstance(e, str)]
    doi = info.get("doi") if isinstance(info.get("doi"), str) else None
    arxiv_doi = bool(doi and ARXIV_DOI.match(doi))
    year = info.get("year")
    return Candidate(
        source="DBLP",
        title=info["title"].rstrip("."),
        first_family=split_name(names[0]).family if names else None,
        first_author=names[0] if names else None,
        year=int(year) if isinstance(year, str) and year.isdigit() else None,
        kind=None if preprint else KINDS.get(kind_name),
        venue=venues[0] if venues else None,
        preprint=preprint,
        record=key,
        url=f"https://doi.org/{doi}" if doi and not arxiv_doi else (links[0] if links else None),
        doi=None if arxiv_doi else doi,
        volume=_text(info.get("volume")),
        number=_text(info.get("number")),
        pages=_text(info.get("pages")),
        arxiv_ids=tuple(m[1] for link in links if (m := ARXIV_LINK.search(link))),
        dois=(doi,) if arxiv_doi else (),
    )


def _list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None
