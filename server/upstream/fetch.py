"""Fetch a Hugging Face listing and ingest it, recording what came of it in `fetches`.

All pages are fetched and parsed before anything is stored, and the ingest is one
transaction: a failure on page 3 leaves the store as it was. Ingesting only adds and
updates, so a late or partial listing never removes a stored paper.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from server import store
from server.parsing.hf_api import parse_api_json
from server.parsing.result import ParseError
from server.progress import SILENT, Prefixed, Progress
from server.store import fetches
from server.upstream.hf_api import HfApi
from server.upstream.http import Unreachable, UpstreamError
from server.upstream.listings import Listing


@dataclass
class FetchOutcome:
    listing: str
    status: str  # "ok", "failed" or "offline"
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def summary(self) -> str:
        if not self.ok:
            return f"{self.listing}: {self.status}: {self.message}"
        line = (
            f"{self.listing}: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        if self.problems:
            line += f", {len(self.problems)} items skipped"
        return line + (f" ({self.message})" if self.message else "")


def fetch_listing(
    conn: sqlite3.Connection,
    hf: HfApi,
    listing: Listing,
    today: date | None = None,
    progress: Progress = SILENT,
) -> FetchOutcome:
    """Fetch every page of one listing and ingest its papers (each page, then the papers,
    shown on `progress`). Never raises UpstreamError."""
    run = fetches.start_run(conn, listing.name)
    try:
        progress.stage(f"{listing.name}: fetching", None, unit="pages")
        fetched = hf.listing(listing, progress)
        parsed = parse_api_json(fetched.items, fetched.url, today or date.today())
        progress.stage(f"{listing.name}: storing", len(parsed.papers))
        result = store.ingest(conn, parsed.papers)
        progress.advance(len(parsed.papers))
    except Unreachable as exc:
        outcome = FetchOutcome(listing.name, "offline", message=str(exc))
    except (UpstreamError, ParseError) as exc:
        outcome = FetchOutcome(listing.name, "failed", message=str(exc))
    except Exception as exc:
        record_outcome(conn, run, FetchOutcome(listing.name, "failed", message=type(exc).__name__))
        raise
    else:
        notes = []
        if fetched.pages > 1:
            notes.append(f"{fetched.pages} pages")
        if fetched.not_modified:
            notes.append("not modified since last fetch")
        if fetched.truncated:
            notes.append(f"stopped after {fetched.pages} pages")
        outcome = FetchOutcome(
            listing.name,
            "ok",
            result.added,
            result.updated,
            result.unchanged,
            [str(p) for p in parsed.problems],
            ", ".join(notes),
        )
    record_outcome(conn, run, outcome)
    return outcome


def fetch_listings(
    conn: sqlite3.Connection,
    hf: HfApi,
    listings: list[Listing],
    today: date | None = None,
    progress: Progress = SILENT,
) -> list[FetchOutcome]:
    """Fetch each listing in turn; once the service is unreachable, stop trying the rest."""
    outcomes = []
    for n, listing in enumerate(listings, start=1):
        shown = Prefixed(progress, f"{n}/{len(listings)} ") if len(listings) > 1 else progress
        outcome = fetch_listing(conn, hf, listing, today, shown)
        outcomes.append(outcome)
        if outcome.status == "offline":
            break
    return outcomes


def record_outcome(conn: sqlite3.Connection, run: int, outcome: FetchOutcome) -> None:
    """Finish the run's row in the store with what came of it (the first problems too)."""
    message = outcome.message
    if outcome.problems:
        message = "; ".join(filter(None, [message, *outcome.problems[:5]]))
    fetches.finish_run(
        conn,
        run,
        fetches.RunCounts(
            outcome.status, outcome.added, outcome.updated, outcome.unchanged, message or None
        ),  # fmt: skip
    )
