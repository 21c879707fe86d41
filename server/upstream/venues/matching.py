"""The rules that decide whether a record is a preprint's published version. Pure.

Matching never guesses:
1. an id link is a match: the record lists the preprint's arXiv id, or its arXiv DOI;
2. otherwise the normalised titles must be equal, the first authors' family names must
   agree, and the record's year must be the preprint's year or up to two years after.
A record that is the preprint itself (DBLP's CoRR, Semantic Scholar's arXiv.org, Crossref's
posted-content) is never a venue. One distinct version is `matched`; two or more are
`several`; none is `none`. Both are reported, never applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from exporters.names import split_name
from server.models import Paper, normalise_title, strip_arxiv_version
from server.published import EVIDENCE, PublishedVersion

YEARS_AFTER = 2  # a preprint may appear in a venue up to two years after its arXiv year
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
DBLP_HOMONYM = re.compile(r"\s+\d{4}$")  # dblp tells same-named people apart: "Wei Li 0012"


@dataclass(frozen=True)
class Candidate:
    """One record a service returned, in the terms the rules need."""

    source: str  # "Semantic Scholar", "DBLP", "Crossref"
    title: str
    first_family: str | None  # the first author's family name
    first_author: str | None  # as the record writes it (for messages)
    year: int | None
    kind: str | None  # "conference" or "journal"; None: not something to cite as a venue
    venue: str | None
    preprint: bool = False  # the record is the preprint itself
    record: str | None = None
    url: str | None = None
    doi: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    publisher: str | None = None
    arxiv_ids: tuple[str, ...] = ()  # arXiv ids the record lists
    dois: tuple[str, ...] = ()  # other DOIs the record lists (a preprint's, say)

    @property
    def citable(self) -> bool:
        return not self.preprint and self.kind is not None and bool(self.venue)

    def describe(self) -> str:
        return f"{self.venue} {self.year}" if self.year else f"{self.venue}"

    def version(self, evidence: str) -> PublishedVersion:
        return PublishedVersion(
            kind=self.kind or "conference",
            venue=self.venue or "",
            year=self.year,
            doi=self.doi,
            volume=self.volume,
            number=self.number,
            pages=self.pages,
            publisher=self.publisher,
            url=self.url,
            source=self.source,
            record=self.record,
            evidence=evidence,
        )


@dataclass(frozen=True)
class Decision:
    outcome: str  # "matched", "none" or "several"
    version: PublishedVersion | None = None
    message: str = ""
    candidates: tuple[Candidate, ...] = field(default=())  # the ones that satisfied a rule


def judge(paper: Paper, candidates: list[Candidate]) -> Decision:
    """What these records say about where `paper` was published."""
    citable = [c for c in candidates if c.citable]
    linked = [(c, link) for c in citable if (link := id_link(paper, c))]
    if linked:
        return _decide([c for c, _ in linked], linked[0][1])
    agreeing, misses = [], []
    for candidate in citable:
        miss = title_rule_miss(paper, candidate)
        if miss is None:
            agreeing.append(candidate)
        elif miss:
            misses.append(miss)
    if agreeing:
        return _decide(agreeing, "title_author_year")
    if misses:
        return Decision("none", message="; ".join(misses))
    if any(c.preprint for c in candidates):
        return Decision("none", message="only the preprint itself")
    return Decision("none", message="no published record with this title")


def id_link(paper: Paper, candidate: Candidate) -> str | None:
    """`arxiv_id` or `doi` when the record lists the preprint's arXiv id or arXiv DOI."""
    if not paper.arxiv_id:
        return None
    wanted = strip_arxiv_version(paper.arxiv_id).lower()
    if any(strip_arxiv_version(i).lower() == wanted for i in candidate.arxiv_ids):
        return "arxiv_id"
    for doi in candidate.dois:
        found = ARXIV_DOI.match(doi.strip())
        if found and strip_arxiv_version(found[1]).lower() == wanted:
            return "doi"
    return None


def title_rule_miss(paper: Paper, candidate: Candidate) -> str | None:
    """None when title, first author and year all agree; else why not ("" when the titles
    differ: a search's other hits are not worth reporting)."""
    if normalise_title(candidate.title) != paper.title_key:
        return ""
    what = f"a record with this title ({candidate.describe()})"
    if not paper.authors:
        return f"{what} exists, but the preprint's authors are not known (run papershelf enrich)"
    ours = family_key(split_name(paper.authors[0]).family)
    theirs = family_key(candidate.first_family or "")
    if not theirs or ours != theirs:
        named = candidate.first_author or "nobody"
        return f"{what} has first author {named}, not {paper.authors[0]}: not applied"
    day = paper.published or paper.featured
    if day is None:
        return f"{what} exists, but the preprint's year is not known"
    if candidate.year is None or not day.year <= candidate.year <= day.year + YEARS_AFTER:
        return (
            f"{what} is from {candidate.year or 'an unknown year'}, not {day.year} to "
            f"{day.year + YEARS_AFTER}: not applied"
        )
    return None


def family_key(name: str) -> str:
    """A family name compared case-, accent- and punctuation-blind."""
    return normalise_title(DBLP_HOMONYM.sub("", name))


def person_name(name: str) -> str:
    """A name as shown, without dblp's homonym number."""
    return DBLP_HOMONYM.sub("", " ".join(name.split()))


def _decide(candidates: list[Candidate], evidence: str) -> Decision:
    distinct: dict[str, Candidate] = {}
    for candidate in candidates:
        distinct.setdefault(candidate.version(evidence).identity, candidate)
    if len(distinct) == 1:
        (chosen,) = distinct.values()
        return Decision("matched", chosen.version(evidence), EVIDENCE[evidence], (chosen,))
    listed = "; ".join(f"{c.describe()}, {c.record or c.source}" for c in distinct.values())
    return Decision(
        "several",
        message=f"{len(distinct)} published versions fit ({listed}); none applied",
        candidates=tuple(distinct.values()),
    )
