"""The store's one-row state: its generation, when a paper last changed, how many it holds.

Every ingest that changes a paper bumps the generation, so a feed's or an export's ETag is
known from this row alone, before any query; the paper count is kept by triggers.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class StoreState:
    generation: int
    changed_at: datetime | None  # when any stored paper last changed
    papers: int


def store_state(conn: sqlite3.Connection) -> StoreState:
    generation, changed_at, papers = conn.execute(
        "SELECT generation, changed_at, papers FROM store_state"
    ).fetchone()
    return StoreState(
        generation, datetime.fromisoformat(changed_at) if changed_at else None, papers
    )


def count_papers(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT papers FROM store_state").fetchone()[0]


def last_updated(conn: sqlite3.Connection) -> datetime | None:
    """When any stored paper last changed: the HTTP Last-Modified of feeds and exports."""
    return store_state(conn).changed_at


def mark_changed(conn: sqlite3.Connection, now: str) -> None:
    """A paper changed (inside the writing transaction): a new generation."""
    conn.execute("UPDATE store_state SET generation = generation + 1, changed_at = ?", (now,))
