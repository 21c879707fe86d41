"""Our index of each Zotero web library's items by identifier (tables zotero_items and
zotero_libraries), kept current by syncing (server/zotero/library_index.py).

An item is known by its key and version; top-level items also by arXiv id, DOI and
normalised title (server/zotero/identifiers.py makes them).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from server.store.db import transaction


@dataclass(frozen=True)
class IndexedItem:
    key: str
    version: int
    top_level: bool
    arxiv_id: str | None = None
    doi: str | None = None
    title_key: str | None = None


def library_version(conn: sqlite3.Connection, library: str) -> int:
    """The library version the index is complete up to (0: never synced)."""
    row = conn.execute(
        "SELECT version FROM zotero_libraries WHERE library = ?", (library,)
    ).fetchone()
    return row[0] if row is not None else 0


def versions(conn: sqlite3.Connection, library: str, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT item_key, version FROM zotero_items "
            f"WHERE library = ? AND item_key IN ({marks})",
            [library, *chunk],
        ).fetchall()
        found |= dict(rows)
    return found


def update(conn: sqlite3.Connection, library: str, items: list[IndexedItem],
           removed: list[str], version: int | None = None) -> None:  # fmt: skip
    """Add or replace `items` (a newer version wins), drop `removed`, and when `version` is
    given, record the index complete up to it. One transaction."""
    with transaction(conn):
        for item in items:
            conn.execute(
                "INSERT INTO zotero_items "
                "(library, item_key, version, top_level, arxiv_id, doi, title_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (library, item_key) DO UPDATE SET version = excluded.version, "
                "top_level = excluded.top_level, arxiv_id = excluded.arxiv_id, "
                "doi = excluded.doi, title_key = excluded.title_key "
                "WHERE excluded.version >= zotero_items.version",
                (library, item.key, item.version, int(item.top_level), item.arxiv_id,
                 item.doi, item.title_key),
            )  # fmt: skip
        conn.executemany(
            "DELETE FROM zotero_items WHERE library = ? AND item_key = ?",
            [(library, key) for key in removed],
        )
        if version is not None:
            conn.execute(
                "INSERT INTO zotero_libraries (library, version, synced_at) VALUES (?, ?, ?) "
                "ON CONFLICT (library) DO UPDATE SET version = max(version, excluded.version), "
                "synced_at = excluded.synced_at",
                (library, version, datetime.now(UTC).isoformat(timespec="seconds")),
            )


def find(conn: sqlite3.Connection, library: str, *, arxiv_id: str | None = None,
         doi: str | None = None, title_key: str | None = None) -> list[IndexedItem]:  # fmt: skip
    """Top-level items with this arXiv id, DOI or normalised title (any of those given)."""
    clauses, params = [], [library]
    for column, value in (("arxiv_id", arxiv_id), ("doi", doi), ("title_key", title_key)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if not clauses:
        return []
    rows = conn.execute(
        "SELECT item_key, version, top_level, arxiv_id, doi, title_key FROM zotero_items "
        f"WHERE library = ? AND top_level = 1 AND ({' OR '.join(clauses)}) ORDER BY version",
        params,
    ).fetchall()
    return [IndexedItem(r[0], r[1], bool(r[2]), r[3], r[4], r[5]) for r in rows]
