"""Papers, their full-text index and their old ids: every read and write of those tables."""

from __future__ import annotations

import base64
import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from server.errors import InputError
from server.merge import absorb, merge_papers
from server.models import Paper
from server.store.db import transaction

SORTS = ("newest", "oldest", "upvotes", "relevance")
MAX_LIMIT = 500


@dataclass
class IngestResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[str] = field(default_factory=list)  # the stored id of each input paper, in order

    def to_json(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged}


@dataclass(frozen=True)
class PaperQuery:
    """Filters shared by the JSON API, the feeds and the exports."""

    q: str | None = None
    since: date | None = None
    until: date | None = None
    min_upvotes: int | None = None
    has_code: bool | None = None
    sort: str | None = None  # one of SORTS; default relevance with q, else newest
    limit: int = 50
    offset: int = 0

    def effective_sort(self) -> str:
        return self.sort or ("relevance" if self.q else "newest")


class QueryError(InputError):
    """A filter value that cannot be used; the message names the parameter."""


class UnstorableRecord(InputError):
    """A record SQLite cannot hold (a number beyond 64 bits, text with a lone surrogate)."""

    def __init__(self, reason: str, where: str):
        super().__init__(f"{where}: {reason}")
        self.reason = reason
        self.where = where


def ingest(conn: sqlite3.Connection, papers: list[Paper]) -> IngestResult:
    """Store papers in one transaction: all of them or, on any error, none."""
    result = IngestResult()
    now = _now()
    with transaction(conn):
        for paper in papers:
            try:
                outcome, stored_id = _upsert(conn, paper, now)
            except (OverflowError, UnicodeEncodeError) as exc:
                raise UnstorableRecord(_unstorable(exc), f"paper {paper.id!r}") from None
            setattr(result, outcome, getattr(result, outcome) + 1)
            result.ids.append(stored_id)
    return result


def _unstorable(exc: OverflowError | UnicodeEncodeError) -> str:
    if isinstance(exc, OverflowError):
        return "a number beyond what the database holds (-2^63 to 2^63-1); nothing stored"
    code = ord(exc.object[exc.start])
    return f"text with a lone surrogate (U+{code:04X}) cannot be stored; nothing stored"


def _upsert(conn: sqlite3.Connection, paper: Paper, now: str) -> tuple[str, str]:
    stored = _find_same_paper(conn, paper)
    if stored is None:
        merged, outcome, added_at = paper, "added", now
    else:
        merged, outcome = merge_papers(stored, paper), "updated"
        added_at = _added_at(conn, stored.id) or now
    # A title-only record of this paper (from a text copy) folds into its arXiv record.
    twins = _title_only_twins(conn, merged, paper, stored) if merged.arxiv_id else []
    for twin in twins:
        merged = absorb(merged, twin)
    if stored is not None and not twins and merged.to_json() == stored.to_json():
        return "unchanged", stored.id
    replaced = [stored] if stored is not None and stored.id != merged.id else []
    for old in replaced + twins:
        _delete_row(conn, old.id)
        _redirect(conn, old.id, merged.id)
    _write(conn, merged, now, added_at=added_at)
    return outcome, merged.id


def _title_only_twins(
    conn: sqlite3.Connection, merged: Paper, seen: Paper, stored: Paper | None
) -> list[Paper]:
    """Title-only records bearing the stored or the newly seen title of this arXiv paper."""
    skip = {merged.id, stored.id if stored else merged.id}
    keys = list(dict.fromkeys([merged.title_key, seen.title_key]))
    # `+arxiv_id`: look up by title_key's index. Left to itself, SQLite searches the arxiv_id
    # index for NULL, which is every title-only paper (found by bench/fuzz_ingest.py: 1 s per
    # ingest at 13,000 of them).
    rows = conn.execute(
        f"SELECT data, id FROM papers WHERE +arxiv_id IS NULL AND title_key IN "
        f"({', '.join('?' * len(keys))})",
        keys,
    )
    return [_paper(row) for row in rows if row["id"] not in skip]


def _redirect(conn: sqlite3.Connection, old_id: str, new_id: str) -> None:
    """Links to the old id keep working; what was saved under it follows the paper."""
    conn.execute(
        "INSERT OR REPLACE INTO aliases (old_id, paper_id) VALUES (?, ?)", (old_id, new_id)
    )
    conn.execute("UPDATE aliases SET paper_id = ? WHERE paper_id = ?", (new_id, old_id))
    conn.execute("UPDATE saved SET paper_id = ? WHERE paper_id = ?", (new_id, old_id))


def _find_same_paper(conn: sqlite3.Connection, paper: Paper) -> Paper | None:
    """The stored record of this paper: by arXiv id, else by normalised title.

    A title match with a different arXiv id is a different paper.
    """
    if paper.arxiv_id:
        row = conn.execute(
            "SELECT data FROM papers WHERE arxiv_id = ?", (paper.arxiv_id,)
        ).fetchone()
        if row:
            return _paper(row)
    for row in conn.execute(
        "SELECT data, arxiv_id FROM papers WHERE title_key = ? ORDER BY arxiv_id IS NULL",
        (paper.title_key,),
    ):
        if not paper.arxiv_id or not row["arxiv_id"]:
            return _paper(row)
    return None


def _write(conn: sqlite3.Connection, paper: Paper, now: str, added_at: str) -> None:
    _delete_row(conn, paper.id)
    cursor = conn.execute(
        """INSERT INTO papers (id, arxiv_id, title_key, published, featured, upvotes, has_code,
                               data, added_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            paper.id,
            paper.arxiv_id,
            paper.title_key,
            _iso(paper.published),
            _iso(_featured_column(paper)),
            paper.upvotes,
            int(paper.has_code),
            json.dumps(paper.to_json(), ensure_ascii=False),
            added_at,
            now,
        ),
    )
    conn.execute(
        "INSERT INTO papers_fts (rowid, title, abstract, authors) VALUES (?, ?, ?, ?)",
        (cursor.lastrowid, paper.title, paper.abstract or "", " ".join(paper.authors)),
    )


def _featured_column(paper: Paper) -> date | None:
    """What the `featured` column holds: the featured day; for a paper with neither a
    featured nor a published day, the day that dates it (`Paper.sort_day`: the page it was
    seen on), so that sorts and date filters place it where its feed item is dated."""
    return paper.featured or (None if paper.published else paper.sort_day)


def _delete_row(conn: sqlite3.Connection, paper_id: str) -> None:
    """Remove a paper and its full-text entry (by rowid: FTS5 cannot use a subquery fast)."""
    row = conn.execute("SELECT rowid FROM papers WHERE id = ?", (paper_id,)).fetchone()
    if row:
        conn.execute("DELETE FROM papers_fts WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM papers WHERE rowid = ?", (row[0],))


def _added_at(conn: sqlite3.Connection, paper_id: str) -> str | None:
    row = conn.execute("SELECT added_at FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return row["added_at"] if row else None


def resolve_id(conn: sqlite3.Connection, paper_id: str) -> str | None:
    """The current id of a paper known by this id or by an old one."""
    row = conn.execute("SELECT id FROM papers WHERE id = ?", (paper_id,)).fetchone()
    if row:
        return row["id"]
    row = conn.execute("SELECT paper_id FROM aliases WHERE old_id = ?", (paper_id,)).fetchone()
    return row["paper_id"] if row else None


def get_paper(conn: sqlite3.Connection, paper_id: str) -> Paper | None:
    row = conn.execute("SELECT data FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return _paper(row) if row else None


def get_papers(conn: sqlite3.Connection, paper_ids: list[str]) -> dict[str, Paper]:
    """The stored papers among these ids (old ids resolved), keyed by the id asked for."""
    found = {}
    for paper_id in paper_ids:
        current = resolve_id(conn, paper_id)
        paper = get_paper(conn, current) if current else None
        if paper:
            found[paper_id] = paper
    return found


def count_papers(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM papers").fetchone()[0]


def last_updated(conn: sqlite3.Connection) -> datetime | None:
    """When any stored paper last changed: the HTTP Last-Modified of feeds and exports."""
    value = conn.execute("SELECT max(updated_at) FROM papers").fetchone()[0]
    return datetime.fromisoformat(value) if value else None


def query_papers(conn: sqlite3.Connection, query: PaperQuery) -> tuple[list[Paper], bool]:
    """The papers matching `query`, and whether more follow."""
    where, params = [], []
    join = ""
    if query.q:
        match = fts_match(query.q)
        if match:
            join = "JOIN papers_fts ON papers_fts.rowid = papers.rowid"
            where.append("papers_fts MATCH ?")
            params.append(match)
    sort_date = "coalesce(papers.featured, papers.published)"
    if query.since:
        where.append(f"{sort_date} >= ?")
        params.append(query.since.isoformat())
    if query.until:
        where.append(f"{sort_date} <= ?")
        params.append(query.until.isoformat())
    if query.min_upvotes is not None:
        where.append("coalesce(papers.upvotes, 0) >= ?")
        params.append(query.min_upvotes)
    if query.has_code is not None:
        where.append("papers.has_code = ?")
        params.append(int(query.has_code))
    sort = query.effective_sort()
    order = {
        "newest": f"{sort_date} IS NULL, {sort_date} DESC, papers.id",
        "oldest": f"{sort_date} IS NULL, {sort_date} ASC, papers.id",
        "upvotes": f"coalesce(papers.upvotes, -1) DESC, {sort_date} DESC, papers.id",
        "relevance": ("papers_fts.rank, papers.id" if join else f"{sort_date} DESC, papers.id"),
    }[sort]
    sql = f"SELECT papers.data FROM papers {join}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
    rows = conn.execute(sql, [*params, query.limit + 1, query.offset]).fetchall()
    return [_paper(row) for row in rows[: query.limit]], len(rows) > query.limit


def iter_all(conn: sqlite3.Connection, query: PaperQuery, page_size: int = 500):
    """Every paper matching the query's filters, in its order, whatever its limit."""
    offset = 0
    while True:
        page = PaperQuery(**{**query.__dict__, "limit": page_size, "offset": offset})
        papers, more = query_papers(conn, page)
        yield from papers
        if not more:
            return
        offset += page_size


def fts_match(text: str) -> str:
    """A safe FTS5 query: every word must occur (as a prefix); no FTS syntax from users."""
    words = re.findall(r"\w+", text)
    return " AND ".join(f'"{word}"*' for word in words)


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        offset = json.loads(base64.urlsafe_b64decode(padded))["offset"]
    except (ValueError, KeyError, TypeError):
        raise QueryError("cursor: not a cursor this server gave out") from None
    if not isinstance(offset, int) or offset < 0:
        raise QueryError("cursor: not a cursor this server gave out")
    return offset


def _paper(row: sqlite3.Row) -> Paper:
    return Paper.from_json(json.loads(row["data"]))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
