"""What was saved to which Zotero target and library (table saved)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class SavedRecord:
    paper_id: str
    target: str  # "web" or "desktop"
    library: str  # "users/123", "groups/4", "desktop/1"
    zotero_key: str | None
    saved_at: str


def records(
    conn: sqlite3.Connection, paper_id: str, target: str, library: str | None
) -> list[SavedRecord]:
    """Our records of this paper saved to `target` (in `library`, or in any when None)."""
    sql = (
        "SELECT paper_id, target, library, zotero_key, saved_at FROM saved "
        "WHERE paper_id = ? AND target = ?"
    )
    params = [paper_id, target]
    if library is not None:
        sql += " AND library = ?"
        params.append(library)
    return [SavedRecord(*row) for row in conn.execute(sql + " ORDER BY saved_at", params)]


def latest(
    conn: sqlite3.Connection, paper_id: str, target: str, library: str | None
) -> SavedRecord | None:
    """The newest record of this paper saved to `target` (in `library`, or in any)."""
    found = records(conn, paper_id, target, library)
    return found[-1] if found else None


def insert(
    conn: sqlite3.Connection, paper_id: str, target: str, library: str, key: str | None
) -> None:
    """Remember a save Zotero confirmed (or an item found already there), inside the
    caller's transaction (server/store/claims.py settle: the record and the claim's end
    are one change)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn.execute(
        "INSERT OR REPLACE INTO saved (paper_id, target, library, zotero_key, saved_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (paper_id, target, library, key, now),
    )
