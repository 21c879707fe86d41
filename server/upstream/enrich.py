"""Complete stored papers from Hugging Face and arXiv.

A paper known only by its title (from a text copy) is searched on Hugging Face by title; only
a result whose normalised title equals it exactly is accepted (none or several are reported,
not guessed). That gives the arXiv id, authors in order, upvotes, code link and featured date.
arXiv then gives the primary category and categories. Everything is gathered first and stored
in one ingest: on any upstream failure the store is left as it was. The merge never replaces
known data with emptier data, and a paper that gains an arXiv id keeps its old id as an alias.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from server import store
from server.merge import merge_papers
from server.models import ARXIV_BASE, Paper, Source, normalise_title
from server.parsing.hf_api import parse_api_json
from server.store import fetches
from server.upstream.arxiv_api import ArxivApi, ArxivEntry
from server.upstream.fetch import FetchOutcome, record_outcome
from server.upstream.hf_api import HfApi
from server.upstream.http import Unreachable, UpstreamError

RUN_NAME = "enrich"


@dataclass
class EnrichItem:
    paper_id: str
    title: str
    outcome: str  # "found", "none", "several", "not_indexed"
    message: str = ""

    def __str__(self) -> str:
        return f"{self.outcome}: {self.paper_id}: {self.message}"


@dataclass
class EnrichReport:
    status: str = "ok"  # "ok", "failed" or "offline"
    message: str = ""
    items: list[EnrichItem] = field(default_factory=list)
    categorised: int = 0  # papers arXiv gave categories for
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    def summary(self) -> str:
        if self.status != "ok":
            return f"enrich: {self.status}: {self.message}"
        return (
            f"enrich: {self.count('found')} found on Hugging Face, {self.count('none')} without "
            f"an exact title match, {self.count('several')} with several matches, "
            f"{self.categorised} categorised by arXiv; {self.updated} papers updated"
        )


def enrich(
    conn: sqlite3.Connection,
    hf: HfApi,
    arxiv: ArxivApi,
    ids: list[str] | None = None,
    limit: int | None = None,
    today: date | None = None,
) -> EnrichReport:
    """Enrich the stored papers (or those with these ids). Never raises UpstreamError."""
    today = today or date.today()
    run = fetches.start_run(conn, RUN_NAME)
    report = EnrichReport()
    try:
        found = _gather(conn, hf, arxiv, _candidates(conn, ids), limit, today, report)
        result = store.ingest(conn, found)
    except Unreachable as exc:
        report.status, report.message = "offline", str(exc)
    except UpstreamError as exc:
        report.status, report.message = "failed", str(exc)
    except Exception as exc:
        record_outcome(conn, run, FetchOutcome(RUN_NAME, "failed", message=type(exc).__name__))
        raise
    else:
        report.added, report.updated, report.unchanged = (
            result.added,
            result.updated,
            result.unchanged,
        )
    record_outcome(
        conn,
        run,
        FetchOutcome(
            RUN_NAME,
            report.status,
            report.added,
            report.updated,
            report.unchanged,
            message=report.message or report.summary(),
        ),
    )
    if report.status != "ok":
        report.items, report.categorised = [], 0  # nothing of it was stored
    return report


def _candidates(conn: sqlite3.Connection, ids: list[str] | None) -> list[Paper]:
    if ids is not None:
        return list(store.get_papers(conn, ids).values())
    return list(store.iter_all(conn, store.PaperQuery(sort="oldest")))


def _gather(
    conn: sqlite3.Connection,
    hf: HfApi,
    arxiv: ArxivApi,
    papers: list[Paper],
    limit: int | None,
    today: date,
    report: EnrichReport,
) -> list[Paper]:
    """The richer records to ingest: Hugging Face's first, then arXiv's."""
    found: list[Paper] = []
    title_only = [p for p in papers if not p.arxiv_id]
    for paper in title_only[:limit] if limit is not None else title_only:
        match = _match_by_title(conn, hf, paper, today, report)
        if match is not None:
            found.append(match)
    for paper in papers:
        if paper.arxiv_id and not paper.authors:
            fetched = hf.paper(paper.arxiv_id)
            if fetched is None:
                report.items.append(
                    EnrichItem(paper.id, paper.title, "not_indexed", "not on Hugging Face")
                )
                continue
            found.extend(parse_api_json(fetched.items, fetched.url, today).papers)
    need_arxiv = [p.arxiv_id for p in [*papers, *found] if p.arxiv_id and not p.primary_category]
    if need_arxiv:
        entries = arxiv.entries(need_arxiv)
        report.categorised = sum(1 for e in entries.values() if e.primary_category)
        found = with_arxiv(found, [paper_from_arxiv(e, today) for e in entries.values()])
    return found


def with_arxiv(found: list[Paper], from_arxiv: list[Paper]) -> list[Paper]:
    """One record per paper: Hugging Face's, completed by arXiv's (so each is stored once)."""
    by_id = {paper.arxiv_id: paper for paper in found}
    for paper in from_arxiv:
        hf_record = by_id.get(paper.arxiv_id)
        by_id[paper.arxiv_id] = merge_papers(hf_record, paper) if hf_record else paper
    return list(by_id.values())


def _match_by_title(
    conn: sqlite3.Connection, hf: HfApi, paper: Paper, today: date, report: EnrichReport
) -> Paper | None:
    fetched = hf.search(paper.title)
    parsed = parse_api_json(fetched.items, fetched.url, today)
    key = normalise_title(paper.title)
    matches = {p.arxiv_id: p for p in parsed.papers if p.title_key == key}
    if not matches:
        report.items.append(
            EnrichItem(paper.id, paper.title, "none", "no paper with exactly this title")
        )
        return None
    if len(matches) > 1:
        report.items.append(
            EnrichItem(
                paper.id,
                paper.title,
                "several",
                f"{len(matches)} papers have this title: {', '.join(sorted(matches))}",
            )
        )
        return None
    ((arxiv_id, match),) = matches.items()
    # When the arXiv record is already stored, ingesting the match folds this title-only
    # record into it (store._upsert), so one paper remains either way.
    already = store.resolve_id(conn, arxiv_id) is not None
    note = f"arXiv {arxiv_id}" + (" (merged with the stored record)" if already else "")
    report.items.append(EnrichItem(paper.id, paper.title, "found", note))
    return match


def paper_from_arxiv(entry: ArxivEntry, today: date) -> Paper:
    return Paper(
        title=entry.title,
        arxiv_id=entry.arxiv_id,
        authors=list(entry.authors),
        abstract=entry.abstract,
        published=entry.published,
        primary_category=entry.primary_category,
        categories=list(entry.categories),
        sources=[Source("api", f"{ARXIV_BASE}/abs/{entry.arxiv_id}", today)],
    )
