"""Each paper's citation key base (`exporters.citekeys.base_key`), kept in `papers.cite_base`.

A streamed BibTeX export must know which keys clash before it writes the first entry; with
the bases stored and indexed, one query finds the clashes of any selection. The bases are
recomputed once whenever the code that makes them changes (its source is fingerprinted).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from functools import cache, lru_cache
from pathlib import Path

from exporters import citekeys, latex, names
from server.models import Paper


@cache
def scheme() -> str:
    """A fingerprint of the code that makes key bases."""
    digest = hashlib.sha256()
    for module in (citekeys, latex, names):
        try:
            digest.update(Path(module.__file__).read_bytes())
        except (OSError, TypeError):
            digest.update(module.__name__.encode())
    return digest.hexdigest()[:16]


def cite_base(paper: Paper) -> str:
    return citekeys.base_key(paper)


def refresh_cite_bases(conn: sqlite3.Connection, batch: int = 2000) -> bool:
    """Recompute every stored base if they were made by other code. True if it did."""
    (current,) = conn.execute("SELECT cite_scheme FROM store_state").fetchone()
    if current == scheme():
        return False
    from server.store.db import transaction

    with transaction(conn):
        if conn.execute("SELECT cite_scheme FROM store_state").fetchone()[0] == scheme():
            return False  # another connection did it while we waited for the lock
        last = -1
        while True:
            rows = conn.execute(
                "SELECT rowid, data FROM papers WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                break
            conn.executemany(
                "UPDATE papers SET cite_base = ? WHERE rowid = ?",
                [(cite_base(Paper.from_json(json.loads(data))), rowid) for rowid, data in rows],
            )
            last = rows[-1][0]
        conn.execute("UPDATE store_state SET cite_scheme = ?", (scheme(),))
    return True


class CiteKeys:
    """The citation key of each paper of a selection, given as an export streams it: the
    paper's stored base, or for a base that several papers of the selection share, what
    `exporters.citekeys.assign_keys` gives (the first id in sorted order keeps the base, the
    others get a, b, ... skipping keys taken). A clash group is settled when the export meets
    its first paper, in export order as `assign_keys` settles them, and forgotten once its
    last paper is out: the first entry waits for one index-only query, not for every key."""

    def __init__(self, conn: sqlite3.Connection, query) -> None:
        from server.store import search
        from server.store.rows import filter_clauses

        where, params = filter_clauses(query)
        terms = search.search_terms(query.q)
        if terms:
            where.append(
                "papers.search_key IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)"
            )
            params.append(search.match_all(terms))
        self.conn, self.selected, self.params = conn, " AND ".join(where) or "1", params
        self.clashing = {
            row[0]
            for row in conn.execute(
                f"SELECT papers.cite_base FROM papers WHERE {self.selected} "
                "GROUP BY papers.cite_base HAVING count(*) > 1",
                params,
            )
        }
        self.taken = set(self.clashing)  # suffixed keys given out join these
        self.groups: dict[str, dict[str, str]] = {}  # settled, not yet all written

    def key(self, paper_id: str, base: str) -> str:
        if base not in self.clashing:
            return base
        group = self.groups.get(base)
        if group is None:
            group = self.groups[base] = self._settle(base)
        key = group.pop(paper_id, base)
        if not group:
            del self.groups[base]
        return key

    def _settle(self, base: str) -> dict[str, str]:
        ids = [
            row[0]
            for row in self.conn.execute(
                f"SELECT papers.id FROM papers WHERE papers.cite_base = ? AND {self.selected} "
                "ORDER BY papers.id",
                [base, *self.params],
            )
        ]
        # A suffixed key is taken when it is itself a key base in the selection: such bases
        # start with this base, and one range of the index finds them.
        self.taken.update(
            row[0]
            for row in self.conn.execute(
                f"SELECT DISTINCT papers.cite_base FROM papers WHERE papers.cite_base > ? "
                f"AND papers.cite_base < ? AND {self.selected}",
                [base, base + "\U0010ffff", *self.params],
            )
        )
        first, *others = ids
        keys = {first: base}
        taken, n = self.taken, 0
        for paper_id in others:
            key = base + _suffix(n)
            while key in taken:
                n += 1
                key = base + _suffix(n)
            n += 1
            taken.add(key)
            keys[paper_id] = key
        return keys


@lru_cache(maxsize=1 << 12)  # every clash group asks for a, b, ... again
def _suffix(n: int) -> str:
    return citekeys._suffix(n)
