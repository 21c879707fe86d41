"""What each upstream fetch (and enrich) brought: one row per run (table fetches)."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class RunCounts:
    status: str  # "ok", "failed", "offline" (or "running" while it runs)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    message: str | None = None


@dataclass(frozen=True)
class ListingRun:
    """The latest run of one listing, and when that listing last succeeded."""

    listing: str
    last_fetched: str
    status: str
    added: int
    updated: int
    unchanged: int
    message: str | None
    last_success: str | None

    def to_json(self) -> dict:
        return asdict(self)


def start_run(conn: sqlite3.Connection, listing: str) -> int:
    cursor = conn.execute(
        "INSERT INTO fetches (listing, started_at, status) VALUES (?, ?, 'running')",
        (listing, _now()),
    )
    return cursor.lastrowid


def finish_run(conn: sqlite3.Connection, run: int, counts: RunCounts) -> None:
    conn.execute(
        """UPDATE fetches SET finished_at = ?, status = ?, added = ?, updated = ?,
                              unchanged = ?, message = ? WHERE id = ?""",
        (
            _now(),
            counts.status,
            counts.added,
            counts.updated,
            counts.unchanged,
            counts.message or None,
            run,
        ),  # fmt: skip
    )


def running(conn: sqlite3.Connection) -> int:
    """How many runs have started and not finished."""
    return conn.execute("SELECT count(*) FROM fetches WHERE status = 'running'").fetchone()[0]


def last_runs(conn: sqlite3.Connection) -> list[ListingRun]:
    """The latest run of each listing (newest first), with when it last succeeded."""
    rows = conn.execute(
        """SELECT f.listing, coalesce(f.finished_at, f.started_at), f.status, f.added,
                  f.updated, f.unchanged, f.message,
                  (SELECT max(ok.finished_at) FROM fetches ok
                    WHERE ok.listing = f.listing AND ok.status = 'ok')
           FROM fetches f
           WHERE f.id = (SELECT max(id) FROM fetches g WHERE g.listing = f.listing)
           ORDER BY f.id DESC"""
    ).fetchall()
    return [ListingRun(*row) for row in rows]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
