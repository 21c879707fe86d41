"""Papers and their old ids: every write of those tables, and reads of one paper.

An ingest is one transaction and one pass: the stored records the batch can touch are read
with a few batched queries, the batch is merged in memory (a paper seen twice in one batch
merges like one seen in two), then the changes are written with `executemany`. The full-text
index follows by triggers (see the migrations in `db.py`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from server.errors import InputError
from server.merge import absorb, merge_papers
from server.models import Paper, normalise_title
from server.store.cite_keys import cite_base
from server.store.db import transaction
from server.store.keys import day_number, day_of, featured_column, first_key, sort_day
from server.store.state import mark_changed

CHUNK = 500  # ids per `IN (...)`: well under SQLite's limit on bound values


@dataclass
class IngestResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[str] = field(default_factory=list)  # the stored id of each input paper, in order

    def to_json(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged}


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
        batch = _Batch(conn)
        batch.preload(papers)
        for paper in papers:
            outcome, stored_id = batch.upsert(paper, now)
            setattr(result, outcome, getattr(result, outcome) + 1)
            result.ids.append(stored_id)
        if batch.flush(now):
            mark_changed(conn, now)
    return result


@dataclass
class _Record:
    """A paper as the batch sees it: stored (with its row's search key) or about to be."""

    paper: Paper
    title_key: str
    added_at: str
    search_key: int | None = None  # None until written
    json: dict | None = None  # `paper.to_json()`, once made
    rowid: int | None = None  # stored rows first, in the order they were stored


class _Batch:
    """The stored records one ingest can touch, and what it changes among them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.records: dict[str, _Record] = {}  # by id: the current state, stored or new
        self.by_arxiv: dict[str, str] = {}
        self.by_title: dict[str, list[str]] = {}  # title key -> ids, in stored order
        self.in_database: set[str] = set()  # ids whose row exists (at the start)
        self.touched: dict[str, _Record | None] = {}  # id -> final record, None: deleted
        self.redirects: list[tuple[str, str]] = []
        self.loaded_titles: set[str] = set()
        self.loaded_arxiv: set[str] = set()
        self.title_keys: dict[str, str] = {}
        self.next_in_day: dict[int, int] = {}

    # Reading what the batch needs, a chunk of ids at a time.

    def title_key(self, title: str) -> str:
        key = self.title_keys.get(title)
        if key is None:
            key = self.title_keys[title] = normalise_title(title)
        return key

    def preload(self, papers: Iterable[Paper]) -> None:
        for paper in papers:  # a key the record already made (a text paper's id needs it)
            if "title_key" in vars(paper):
                self.title_keys.setdefault(paper.title, paper.title_key)
        arxiv_ids = {p.arxiv_id for p in papers if p.arxiv_id}
        self._load("arxiv_id", arxiv_ids - self.loaded_arxiv)
        self.loaded_arxiv |= arxiv_ids
        self._load_titles({self.title_key(p.title) for p in papers})

    def _load_titles(self, keys: set[str]) -> None:
        keys = keys - self.loaded_titles
        self._load("title_key", keys)
        self.loaded_titles |= keys

    def load_ids(self, ids: Iterable[str]) -> None:
        self._load("id", set(ids) - set(self.records))

    def _load(self, column: str, values: set[str]) -> None:
        values_list = sorted(values)
        for start in range(0, len(values_list), CHUNK):
            chunk = values_list[start : start + CHUNK]
            rows = self.conn.execute(
                f"SELECT rowid, id, title_key, data, added_at, search_key FROM papers "
                f"WHERE {column} IN ({', '.join('?' * len(chunk))}) ORDER BY rowid",
                chunk,
            ).fetchall()
            for row in rows:
                if row["id"] in self.records or row["id"] in self.touched:
                    continue  # already known (and maybe changed) in this batch
                paper = Paper.from_json(json.loads(row["data"]))
                record = _Record(
                    paper, row["title_key"], row["added_at"], row["search_key"], rowid=row["rowid"]
                )
                self.in_database.add(row["id"])
                self._index(row["id"], record)

    def _index(self, paper_id: str, record: _Record) -> None:
        self.records[paper_id] = record
        if record.paper.arxiv_id:
            self.by_arxiv[record.paper.arxiv_id] = paper_id
        self.by_title.setdefault(record.title_key, []).append(paper_id)

    def _unindex(self, paper_id: str) -> _Record | None:
        record = self.records.pop(paper_id, None)
        if record is not None:
            if record.paper.arxiv_id and self.by_arxiv.get(record.paper.arxiv_id) == paper_id:
                del self.by_arxiv[record.paper.arxiv_id]
            self.by_title[record.title_key].remove(paper_id)
        return record

    # Merging, as `_upsert` always has: by arXiv id, else by title; title-only twins fold in.

    def upsert(self, paper: Paper, now: str) -> tuple[str, str]:
        stored = self._find_same_paper(paper)
        if stored is None:
            merged, outcome, added_at = paper, "added", now
        else:
            merged, outcome = merge_papers(stored.paper, paper), "updated"
            added_at = stored.added_at or now
        twins = self._title_only_twins(merged, paper, stored) if merged.arxiv_id else []
        for twin in twins:
            merged = absorb(merged, twin.paper)
        merged_json = merged.to_json()
        if stored is not None and not twins and merged_json == _json_of(stored):
            return "unchanged", stored.paper.id
        replaced = [stored] if stored is not None and stored.paper.id != merged.id else []
        for old in replaced + twins:
            self.delete(old.paper.id)
            self.redirects.append((old.paper.id, merged.id))
        self.write(merged, added_at, merged_json)
        return outcome, merged.id

    def _find_same_paper(self, paper: Paper) -> _Record | None:
        """By arXiv id, else by normalised title; a title match with another arXiv id is
        another paper."""
        if paper.arxiv_id and paper.arxiv_id in self.by_arxiv:
            return self.records[self.by_arxiv[paper.arxiv_id]]
        key = self.title_key(paper.title)
        self._load_titles({key})
        candidates = [self.records[i] for i in self.by_title.get(key, [])]
        candidates.sort(key=lambda r: (r.paper.arxiv_id is None, r.rowid is None, r.rowid or 0))
        for record in candidates:
            if not paper.arxiv_id or not record.paper.arxiv_id:
                return record
        return None

    def _title_only_twins(
        self, merged: Paper, seen: Paper, stored: _Record | None
    ) -> list[_Record]:
        skip = {merged.id, stored.paper.id if stored else merged.id}
        keys = list(dict.fromkeys([self.title_key(merged.title), self.title_key(seen.title)]))
        self._load_titles(set(keys))
        twins = []
        for key in keys:
            for paper_id in self.by_title.get(key, []):
                record = self.records[paper_id]
                if record.paper.arxiv_id is None and paper_id not in skip:
                    twins.append(record)
        return twins

    def delete(self, paper_id: str) -> None:
        self._unindex(paper_id)
        self.touched[paper_id] = None

    def write(self, paper: Paper, added_at: str, paper_json: dict | None = None) -> None:
        previous = self._unindex(paper.id)
        key = previous.search_key if previous else None
        if key is not None and day_of(key) != day_number(sort_day(paper)):
            key = None  # its day changed: a new place in the date order
        record = _Record(
            paper, self.title_key(paper.title), added_at, key, paper_json,
            rowid=previous.rowid if previous else None,
        )  # fmt: skip
        self._index(paper.id, record)
        self.touched[paper.id] = record

    # Writing the changes.

    def flush(self, now: str) -> bool:
        """Write what changed; True if anything did."""
        deletes, updates, inserts = [], [], []
        for paper_id, record in self.touched.items():
            if record is None:
                if paper_id in self.in_database:
                    deletes.append((paper_id,))
                continue
            if record.search_key is None:
                record.search_key = self._new_search_key(record.paper)
            row = _row(record, now)
            (updates if paper_id in self.in_database else inserts).append(row)
        _write_rows(self.conn, _DELETE, deletes)
        _write_rows(self.conn, _UPDATE, updates)
        _write_rows(self.conn, _INSERT, inserts)
        for old_id, new_id in self.redirects:
            _redirect(self.conn, old_id, new_id)
        return bool(self.touched)

    def _new_search_key(self, paper: Paper) -> int:
        day = day_number(sort_day(paper))
        if day not in self.next_in_day:
            (highest,) = self.conn.execute(
                "SELECT max(search_key) FROM papers WHERE search_key >= ? AND search_key < ?",
                (first_key(day), first_key(day + 1)),
            ).fetchone()
            self.next_in_day[day] = (highest + 1) if highest is not None else first_key(day) + 1
        key = self.next_in_day[day]
        self.next_in_day[day] = key + 1
        return key


_DELETE = "DELETE FROM papers WHERE id = ?"
_UPDATE = """UPDATE papers SET arxiv_id = ?2, title_key = ?3, published = ?4, featured = ?5,
    upvotes = ?6, has_code = ?7, data = ?8, added_at = ?9, updated_at = ?10, search_key = ?11,
    cite_base = ?12 WHERE id = ?1"""
_INSERT = """INSERT INTO papers (id, arxiv_id, title_key, published, featured, upvotes, has_code,
    data, added_at, updated_at, search_key, cite_base)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


def _write_rows(conn: sqlite3.Connection, statement: str, rows: list[tuple]) -> None:
    """One statement over many rows (the full-text index follows by triggers)."""
    if rows:
        conn.executemany(statement, rows)


def _json_of(record: _Record) -> dict:
    if record.json is None:
        record.json = record.paper.to_json()
    return record.json


def _unstorable(exc: OverflowError | UnicodeEncodeError) -> str:
    if isinstance(exc, OverflowError):
        return "a number beyond what the database holds (-2^63 to 2^63-1); nothing stored"
    code = ord(exc.object[exc.start])
    return f"text with a lone surrogate (U+{code:04X}) cannot be stored; nothing stored"


def _checked(paper: Paper, data: str) -> None:
    """Refuse, naming the paper, what SQLite cannot store: rows are written many at a time,
    so the failure would otherwise not say which paper it was."""
    try:
        data.encode("utf-8")  # every text of the row is in its JSON
        for number in (paper.upvotes, paper.comments, paper.author_count):
            if number is not None and not -(2**63) <= number < 2**63:
                raise OverflowError(number)
    except (OverflowError, UnicodeEncodeError) as exc:
        raise UnstorableRecord(_unstorable(exc), f"paper {paper.id!r}") from None


def _row(record: _Record, now: str) -> tuple:
    paper = record.paper
    paper_json = _json_of(record)
    data = json.dumps(paper_json, ensure_ascii=False)
    _checked(paper, data)
    return (
        paper.id,
        paper.arxiv_id,
        record.title_key,
        _iso(paper.published),
        _iso(featured_column(paper)),
        paper.upvotes,
        int(paper.has_code),
        data,
        record.added_at,
        now,
        record.search_key,
        cite_base(paper),
    )


def _redirect(conn: sqlite3.Connection, old_id: str, new_id: str) -> None:
    """Links to the old id keep working; what was saved under it follows the paper."""
    conn.execute(
        "INSERT OR REPLACE INTO aliases (old_id, paper_id) VALUES (?, ?)", (old_id, new_id)
    )
    conn.execute("UPDATE aliases SET paper_id = ? WHERE paper_id = ?", (new_id, old_id))
    conn.execute("UPDATE saved SET paper_id = ? WHERE paper_id = ?", (new_id, old_id))


def _write(conn: sqlite3.Connection, paper: Paper, now: str, added_at: str) -> None:
    """Write one paper as it is, replacing a row with its id (inside a transaction)."""
    batch = _Batch(conn)
    batch.load_ids([paper.id])
    batch.write(paper, added_at)
    batch.flush(now)


def resolve_id(conn: sqlite3.Connection, paper_id: str) -> str | None:
    """The current id of a paper known by this id or by an old one."""
    row = conn.execute("SELECT id FROM papers WHERE id = ?", (paper_id,)).fetchone()
    if row:
        return row["id"]
    row = conn.execute("SELECT paper_id FROM aliases WHERE old_id = ?", (paper_id,)).fetchone()
    return row["paper_id"] if row else None


def get_paper(conn: sqlite3.Connection, paper_id: str) -> Paper | None:
    row = conn.execute("SELECT data FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return paper_from_row(row) if row else None


def get_papers(conn: sqlite3.Connection, paper_ids: list[str]) -> dict[str, Paper]:
    """The stored papers among these ids (old ids resolved), keyed by the id asked for."""
    found = {}
    for paper_id in paper_ids:
        current = resolve_id(conn, paper_id)
        paper = get_paper(conn, current) if current else None
        if paper:
            found[paper_id] = paper
    return found


def paper_from_row(row: sqlite3.Row) -> Paper:
    return Paper.from_json(json.loads(row["data"]))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
