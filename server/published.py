"""Where a preprint was published: the `PublishedVersion` record, kept beside `Paper`.

A paper's published versions live in their own table (server/store/venues.py) and are
joined where needed (exports, the JSON API, feeds, the page); `Paper` itself never changes
because a venue was found, and neither does its citation key.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime

KINDS = ("conference", "journal")
# Which rule made the match: the venue record lists the preprint's arXiv id, or its arXiv DOI
# (10.48550/arXiv.<id>); or the title, first author and year agree.
EVIDENCE = {
    "arxiv_id": "the record lists the arXiv id",
    "doi": "the record lists the preprint's DOI",
    "title_author_year": "same title, first author and year",
}
STATUSES = ("current", "withdrawn")


@dataclass(frozen=True)
class PublishedVersion:
    """One published version of a paper. `None` where the record does not say."""

    kind: str  # one of KINDS: exported as @inproceedings / @article and their equivalents
    venue: str  # the proceedings' or the journal's name
    year: int | None = None
    doi: str | None = None  # the published version's DOI (never the arXiv one)
    volume: str | None = None
    number: str | None = None  # a journal's issue
    pages: str | None = None
    publisher: str | None = None
    url: str | None = None  # the published version's page
    source: str = ""  # the service whose record matched: Semantic Scholar, DBLP or Crossref
    record: str | None = None  # that record's id there (paperId, dblp key, DOI)
    evidence: str = ""  # a key of EVIDENCE
    details_from: str | None = None  # a service that completed the fields through the DOI
    found: datetime | None = None  # first matched
    checked: datetime | None = None  # last confirmed by a check
    status: str = "current"  # one of STATUSES: a later check may withdraw it

    @property
    def identity(self) -> str:
        """What makes two records the same published version: the DOI, else the record."""
        if self.doi:
            return "doi:" + self.doi.lower()
        if self.record:
            return f"{self.source.lower()}:{self.record}"
        return f"{self.venue.lower()}:{self.year}"

    @property
    def label(self) -> str:
        """`NeurIPS 2023`: what "Published in ..." shows."""
        return f"{self.venue} {self.year}" if self.year else self.venue

    def to_json(self) -> dict:
        data = asdict(self)
        data["found"] = _iso(self.found)
        data["checked"] = _iso(self.checked)
        return data

    @classmethod
    def from_json(cls, data: dict) -> PublishedVersion:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("found", "checked"):
            if values.get(name):
                values[name] = datetime.fromisoformat(values[name])
        return cls(**values)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None
