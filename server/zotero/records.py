"""Per-paper save results, and our record of what was saved where (the `saved` table)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from server.db import transaction
from server.zotero.errors import ZoteroError


@dataclass
class SaveResult:
    id: str
    status: str  # "saved" | "exists" | "failed"
    zotero_key: str | None = None
    message: str = ""

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "zotero_key": self.zotero_key,
            "message": self.message,
        }


def records(conn, paper_id: str, target: str, library: str | None) -> list[sqlite3.Row]:
    """Our records of this paper saved to `target` (in `library`, or in any when None)."""
    sql = "SELECT * FROM saved WHERE paper_id = ? AND target = ?"
    params = [paper_id, target]
    if library is not None:
        sql += " AND library = ?"
        params.append(library)
    return conn.execute(sql + " ORDER BY saved_at", params).fetchall()


def record(conn, paper_id: str, target: str, library: str, key: str | None) -> None:
    """Remember a save Zotero confirmed (or an item found already there)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO saved (paper_id, target, library, zotero_key, saved_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (paper_id, target, library, key, now),
        )


def fail(papers, positions, results, exc, lookup: bool = True) -> None:
    """Mark the papers at `positions` that have no result yet as failed because of `exc`."""
    for i in positions:
        if results[i] is None:
            results[i] = SaveResult(papers[i].id, "failed", None, not_saved(exc, lookup))


def not_saved(exc: ZoteroError | None, lookup: bool = True) -> str:
    """The message for a paper not saved; `lookup`: the target can be searched before a retry."""
    if exc is not None and exc.uncertain:
        advice = (
            "saving again is safe: papershelf looks for it first"
            if lookup
            else "check Zotero before saving again"
        )
        return f"not confirmed: {exc}; it may have reached Zotero: {advice}"
    return f"not saved: {exc}"
