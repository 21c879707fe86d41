"""Published versions of papers, and each paper's last venue check.

Tables `published_versions` (every version ever matched, withdrawn ones kept) and
`venue_checks` (one row per paper: what its latest check concluded). A check that matches
keeps its record's source and evidence; a later check confirms it (same version), replaces
it (another version: the old one is withdrawn) or withdraws it (no single version any more).
Nothing is ever deleted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from server.published import PublishedVersion
from server.store.db import transaction

OUTCOMES = ("matched", "none", "several")
CHANGES = ("new", "confirmed", "updated", "withdrawn", "unchanged")


@dataclass(frozen=True)
class VenueCheck:
    paper_id: str
    outcome: str  # one of OUTCOMES
    message: str | None
    checked_at: datetime


def record_check(
    conn: sqlite3.Connection,
    paper_id: str,
    outcome: str,
    version: PublishedVersion | None = None,
    message: str | None = None,
    now: datetime | None = None,
) -> str:
    """Store what one check of a paper concluded, in one transaction. Returns the change:
    `new`, `confirmed`, `updated` (another version replaced the stored one, or its details
    changed), `withdrawn` (no single version any more) or `unchanged` (none, as before)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown venue check outcome {outcome!r}")
    if (outcome == "matched") != (version is not None):
        raise ValueError("a matched check needs its version, and only it")
    now = now or datetime.now(UTC)
    stamp = _stamp(now)
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO venue_checks (paper_id, outcome, message, checked_at)"
            " VALUES (?, ?, ?, ?)",
            (paper_id, outcome, message, stamp),
        )
        keep = version.identity if version is not None else None
        withdrawn = _withdraw_others(conn, paper_id, keep, stamp)
        if version is None:
            return "withdrawn" if withdrawn else "unchanged"
        change = _store_version(conn, paper_id, version, now)
        return "updated" if withdrawn and change == "new" else change


def _store_version(
    conn: sqlite3.Connection, paper_id: str, version: PublishedVersion, now: datetime
) -> str:
    stamp = _stamp(now)
    row = conn.execute(
        "SELECT status, data, found_at FROM published_versions WHERE paper_id = ? AND identity = ?",
        (paper_id, version.identity),
    ).fetchone()
    found = datetime.fromisoformat(row["found_at"]) if row else now
    stored = replace(version, found=found, checked=now, status="current")
    data = json.dumps(stored.to_json(), ensure_ascii=False, sort_keys=True)
    if row is None:
        conn.execute(
            "INSERT INTO published_versions (paper_id, identity, status, data, found_at,"
            " checked_at, changed_at) VALUES (?, ?, 'current', ?, ?, ?, ?)",
            (paper_id, version.identity, data, stamp, stamp, stamp),
        )
        return "new"
    before = PublishedVersion.from_json(json.loads(row["data"]))
    same = row["status"] == "current" and replace(before, checked=None) == replace(
        stored, checked=None
    )
    conn.execute(
        "UPDATE published_versions SET status = 'current', data = ?, checked_at = ?"
        + ("" if same else ", changed_at = ?")
        + " WHERE paper_id = ? AND identity = ?",
        (data, stamp, *(() if same else (stamp,)), paper_id, version.identity),
    )
    return "confirmed" if same else "updated"


def _withdraw_others(conn: sqlite3.Connection, paper_id: str, keep: str | None, stamp: str) -> int:
    rows = conn.execute(
        "SELECT identity, data FROM published_versions WHERE paper_id = ? AND status = 'current'",
        (paper_id,),
    ).fetchall()
    withdrawn = 0
    for row in rows:
        if row["identity"] == keep:
            continue
        version = replace(PublishedVersion.from_json(json.loads(row["data"])), status="withdrawn")
        conn.execute(
            "UPDATE published_versions SET status = 'withdrawn', data = ?, changed_at = ?"
            " WHERE paper_id = ? AND identity = ?",
            (json.dumps(version.to_json(), ensure_ascii=False, sort_keys=True), stamp,
             paper_id, row["identity"]),
        )  # fmt: skip
        withdrawn += 1
    return withdrawn


def versions(
    conn: sqlite3.Connection, paper_ids: Iterable[str]
) -> dict[str, list[PublishedVersion]]:
    """Every stored version of these papers (current first, then withdrawn, newest first),
    also those stored under a paper's old id."""
    owners = _owners(conn, paper_ids)
    found: dict[str, list[PublishedVersion]] = {paper_id: [] for paper_id in set(owners.values())}
    for chunk in _chunks(list(owners)):
        rows = conn.execute(
            "SELECT paper_id, data FROM published_versions WHERE paper_id IN "
            f"({','.join('?' * len(chunk))}) ORDER BY status = 'withdrawn', changed_at DESC",
            chunk,
        ).fetchall()
        for row in rows:
            found[owners[row["paper_id"]]].append(
                PublishedVersion.from_json(json.loads(row["data"]))
            )
    return found


def current(conn: sqlite3.Connection, paper_ids: Iterable[str]) -> dict[str, PublishedVersion]:
    """The current published version of each of these papers that has one."""
    return {
        paper_id: found[0]
        for paper_id, found in versions(conn, paper_ids).items()
        if found and found[0].status == "current"
    }


def any_current(conn: sqlite3.Connection) -> bool:
    """Whether any paper has a current published version (none before `papershelf venues`
    finds one): a streamed export that cites them skips its lookups when none does."""
    sql = "SELECT EXISTS (SELECT 1 FROM published_versions WHERE status = 'current')"
    return bool(conn.execute(sql).fetchone()[0])


def checks(conn: sqlite3.Connection, paper_ids: Iterable[str]) -> dict[str, VenueCheck]:
    ids = list(dict.fromkeys(paper_ids))
    found = {}
    for chunk in _chunks(ids):
        rows = conn.execute(
            "SELECT paper_id, outcome, message, checked_at FROM venue_checks WHERE paper_id IN "
            f"({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for row in rows:
            found[row["paper_id"]] = VenueCheck(
                row["paper_id"], row["outcome"], row["message"],
                datetime.fromisoformat(row["checked_at"]),
            )  # fmt: skip
    return found


def papers_due(
    conn: sqlite3.Connection,
    checked_before: datetime | None,
    since: date | None = None,
    limit: int | None = None,
    paper_ids: list[str] | None = None,
) -> list[str]:
    """Ids of the papers a venue check can be made for (an arXiv id or author names), that
    were never checked or last checked before `checked_before` (None: whenever), published
    (else featured) on or after `since`: never-checked first, then the longest unchecked;
    oldest papers first, as they are the likeliest to have appeared somewhere."""
    sql = (
        "SELECT p.id FROM papers p LEFT JOIN venue_checks c ON c.paper_id = p.id"
        " WHERE (p.arxiv_id IS NOT NULL OR json_array_length(p.data, '$.authors') > 0)"
    )
    params: list = []
    if checked_before is not None:
        sql += " AND (c.checked_at IS NULL OR c.checked_at < ?)"
        params.append(_stamp(checked_before))
    if since is not None:
        sql += " AND coalesce(p.published, p.featured) >= ?"
        params.append(since.isoformat())
    if paper_ids is not None:
        if not paper_ids:
            return []
        sql += f" AND p.id IN ({','.join('?' * len(paper_ids))})"
        params.extend(paper_ids)
    sql += (
        " ORDER BY c.checked_at IS NOT NULL, c.checked_at,"
        " coalesce(p.published, p.featured) IS NULL, coalesce(p.published, p.featured), p.id"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [row[0] for row in conn.execute(sql, params)]


def last_changed(conn: sqlite3.Connection) -> datetime | None:
    """When a published version was last found, replaced or withdrawn."""
    value = conn.execute("SELECT max(changed_at) FROM published_versions").fetchone()[0]
    return datetime.fromisoformat(value) if value else None


def _owners(conn: sqlite3.Connection, paper_ids: Iterable[str]) -> dict[str, str]:
    """Stored id -> the paper's id, for each paper and each of its old ids."""
    ids = list(dict.fromkeys(paper_ids))
    owners = {paper_id: paper_id for paper_id in ids}
    for chunk in _chunks(ids):
        rows = conn.execute(
            "SELECT old_id, paper_id FROM aliases WHERE paper_id IN "
            f"({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        owners.update({row[0]: row[1] for row in rows})
    return owners


def _chunks(items: list[str], size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")
