"""Fetch a Hugging Face listing and ingest it, recording what came of it in `fetches`.

All pages are fetched and parsed before anything is stored, and the ingest is one
transaction: a failure on page 3 leaves the store as it was. Ingesting only adds and
updates, so a late or partial listing never removes a stored paper.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from server import store
from server.parsing.hf_api import parse_api_json
from server.parsing.result import ParseError
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
    conn: sqlite3.Connection, hf: HfApi, listing: Listing, today: date | None = None
) -> FetchOutcome:
    """Fetch every page of one listing and ingest its papers. Never raises UpstreamError."""
    run = start_run(conn, listing.name)
    try:
        fetched = hf.listing(listing)
        parsed = parse_api_json(fetched.items, fetched.url, today or date.today())
        result = store.ingest(conn, parsed.papers)
    except Unreachable as exc:
        outcome = FetchOutcome(listing.name, "offline", message=str(exc))
    except (UpstreamError, ParseError) as exc:
        outcome = FetchOutcome(listing.name, "failed", message=str(exc))
    except Exception as exc:
        finish_run(conn, run, FetchOutcome(listing.name, "failed", message=type(exc).__name__))
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
    finish_run(conn, run, outcome)
    return outcome


def fetch_listings(
    conn: sqlite3.Connection, hf: HfApi, listings: list[Listing], today: date | None = None
) -> list[FetchOutcome]:
    """Fetch each listing in turn; once the service is unreachable, stop trying the rest."""
    outcomes = []
    for listing in listings:
        outcome = fetch_listing(conn, hf, listing, today)
        outcomes.append(outcome)
        if outcome.status == "offline":
            break
    return outcomes


def start_run(conn: sqlite3.Connection, listing: str) -> int:
    cursor = conn.execute(
        "INSERT INTO fetches (listing, started_at, status) VALUES (?, ?, 'running')",
        (listing, _now()),
    )
    return cursor.lastrowid


def finish_run(conn: sqlite3.Connection, run: int, outcome: FetchOutcome) -> None:
    message = outcome.message
    if outcome.problems:
        message = "; ".join(filter(None, [message, *outcome.problems[:5]]))
    conn.execute(
        """UPDATE fetches SET finished_at = ?, status = ?, added = ?, updated = ?,
                              unchanged = ?, message = ? WHERE id = ?""",
        (
            _now(),
            outcome.status,
            outcome.added,
            outcome.updated,
            outcome.unchanged,
            message or None,
            run,
        ),
    )


def last_runs(conn: sqlite3.Connection) -> list[dict]:
    """The latest run of each listing (newest first), with when it last succeeded."""
    rows = conn.execute(
        """SELECT f.listing, f.started_at, f.finished_at, f.status, f.added, f.updated,
                  f.unchanged, f.message,
                  (SELECT max(ok.finished_at) FROM fetches ok
                    WHERE ok.listing = f.listing AND ok.status = 'ok') AS last_ok
           FROM fetches f
           WHERE f.id = (SELECT max(id) FROM fetches g WHERE g.listing = f.listing)
           ORDER BY f.id DESC"""
    ).fetchall()
    return [
        {
            "listing": row["listing"],
            "last_fetched": row["finished_at"] or row["started_at"],
            "status": row["status"],
            "added": row["added"],
            "updated": row["updated"],
            "unchanged": row["unchanged"],
            "message": row["message"],
            "last_success": row["last_ok"],
        }
        for row in rows
    ]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
