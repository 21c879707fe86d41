"""Check stored papers for their published versions and store what each check concludes.

For each paper due a check: Semantic Scholar's record of its arXiv id, else dblp's records
with its title, else Crossref's works. The first service whose records decide (`matched` or
`several`) ends the search; a match with a DOI is completed from Crossref's metadata for
that DOI when Crossref has it under the same title. Each paper's conclusion is stored as soon
as it is reached, so a failure never loses the checks made before it. A service that cannot
be reached, is too slow, keeps rate-limiting us or answers out of shape ends the run with one
line: the paper being checked, and those after it, stay exactly as they were.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from server import store
from server.models import Paper, normalise_title
from server.published import PublishedVersion
from server.store import fetches, venues
from server.upstream.fetch import FetchOutcome, record_outcome
from server.upstream.http import Unreachable, UpstreamError
from server.upstream.venues.clients import VenueClients
from server.upstream.venues.matching import Candidate, Decision, judge

RUN_NAME = "venues"


@dataclass
class VenueItem:
    paper_id: str
    title: str
    outcome: str  # "matched", "none" or "several"
    change: str  # see store.venues.CHANGES
    message: str = ""
    version: PublishedVersion | None = None

    def line(self) -> str:
        if self.version is not None:
            how = f"{self.version.source}: {self.message}"
            return f"{self.change}: {self.title} -> {self.version.label} ({how})"
        prefix = "withdrawn" if self.change == "withdrawn" else self.outcome
        return f"{prefix}: {self.title} ({self.message})"


@dataclass
class VenuesReport:
    status: str = "ok"  # "ok", "offline" or "failed"
    message: str = ""
    items: list[VenueItem] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    def changed(self, change: str) -> int:
        return sum(1 for item in self.items if item.change == change)

    def summary(self) -> str:
        checked = len(self.items)
        if self.status != "ok":
            if not checked:
                return f"venues: {self.status}: {self.message}; nothing changed"
            kept = f"{checked} paper{'s were' if checked != 1 else ' was'} checked before that"
            return f"venues: {self.status}: {self.message}; {kept}, nothing else changed"
        asked = sum(self.requests.values())
        by_service = ", ".join(f"{name} {n}" for name, n in self.requests.items() if n)
        return (
            f"venues: {checked} papers checked: {self.count('matched')} published "
            f"({self.changed('new')} new, {self.changed('confirmed')} confirmed, "
            f"{self.changed('updated')} changed), {self.count('none')} not found, "
            f"{self.count('several')} with several candidates; {self.changed('withdrawn')} "
            f"withdrawn; {asked} requests" + (f" ({by_service})" if by_service else "")
        )

    def notable(self) -> list[VenueItem]:
        """Items worth a line of their own: all but plain "nothing found" ones."""
        return [
            item
            for item in self.items
            if item.outcome != "none" or item.change == "withdrawn" or "not applied" in item.message
        ]


def check_venues(
    conn: sqlite3.Connection,
    clients: VenueClients,
    *,
    since: date | None = None,
    limit: int | None = None,
    ids: list[str] | None = None,
    recheck_days: int | None = 30,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> VenuesReport:
    """Check the papers due (or those of `ids` that are due). Never raises UpstreamError."""
    start = clock()
    checked_before = start - timedelta(days=recheck_days) if recheck_days is not None else None
    if ids is not None:  # an id may have changed since (a text copy's paper got its arXiv id)
        ids = list(dict.fromkeys(store.resolve_id(conn, i) or i for i in ids))
    due = venues.papers_due(conn, checked_before, since, limit, ids)
    papers = store.get_papers(conn, due)
    before = clients.requests()
    report = VenuesReport()
    run = fetches.start_run(conn, RUN_NAME)
    try:
        for paper_id in due:
            paper = papers[paper_id]
            decision = find_published(paper, clients)
            change = venues.record_check(
                conn, paper.id, decision.outcome, decision.version, decision.message, clock()
            )
            report.items.append(
                VenueItem(
                    paper.id,
                    paper.title,
                    decision.outcome,
                    change,
                    decision.message,
                    decision.version,
                )  # fmt: skip
            )
    except Unreachable as exc:
        report.status, report.message = "offline", str(exc)
    except UpstreamError as exc:
        report.status, report.message = "failed", str(exc)
    except Exception as exc:
        record_outcome(conn, run, FetchOutcome(RUN_NAME, "failed", message=type(exc).__name__))
        raise
    finally:
        after = clients.requests()
        report.requests = {name: after[name] - before.get(name, 0) for name in after}
    record_outcome(conn, run, _outcome(report))
    return report


def find_published(paper: Paper, clients: VenueClients) -> Decision:
    """Ask the services in turn until one decides. Raises UpstreamError."""
    steps: list[tuple[str, Callable[[], list[Candidate]]]] = []
    if paper.arxiv_id:
        scholar = clients.semantic_scholar
        steps.append((scholar.name, lambda: scholar.by_arxiv_id(paper.arxiv_id)))
    first_author = paper.authors[0] if paper.authors else None
    steps.append((clients.dblp.name, lambda: clients.dblp.search_title(paper.title)))
    steps.append(
        (clients.crossref.name, lambda: clients.crossref.search(paper.title, first_author))
    )
    notes = []
    for name, ask in steps:
        candidates = ask()
        if not candidates:
            notes.append(f"{name}: no record")
            continue
        decision = judge(paper, candidates)
        if decision.outcome == "matched":
            return _completed(paper, decision, clients)
        if decision.outcome == "several":
            return decision
        notes.append(f"{name}: {decision.message}")
    return Decision("none", message="; ".join(notes))


def _completed(paper: Paper, decision: Decision, clients: VenueClients) -> Decision:
    """The match, with Crossref's details for its DOI (pages, volume, publisher, ...)."""
    version = decision.version
    if version is None or not version.doi or version.source == clients.crossref.name:
        return decision
    work = clients.crossref.work(version.doi)
    if work is None or not work.citable or normalise_title(work.title) != paper.title_key:
        return decision
    return replace(
        decision,
        version=replace(
            version,
            kind=work.kind or version.kind,
            venue=work.venue or version.venue,
            year=work.year or version.year,
            volume=work.volume or version.volume,
            number=work.number or version.number,
            pages=work.pages or version.pages,
            publisher=work.publisher or version.publisher,
            url=work.url or version.url,
            details_from=clients.crossref.name,
        ),
    )


def _outcome(report: VenuesReport) -> FetchOutcome:
    """The run as the `fetches` table records it: new versions added, replaced or withdrawn
    ones updated, the rest unchanged."""
    return FetchOutcome(
        RUN_NAME,
        report.status,
        added=report.changed("new"),
        updated=report.changed("updated") + report.changed("withdrawn"),
        unchanged=report.changed("confirmed") + report.changed("unchanged"),
        message=report.message or report.summary(),
    )
