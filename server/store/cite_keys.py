"""Each paper's citation key base (`exporters.citekeys.base_key`), kept in `papers.cite_base`.

A streamed BibTeX export must know which keys clash before it writes the first entry; with
the bases stored and indexed, one query finds the clashes of any selection. The bases are
recomputed once whenever the code that makes them changes (its source is fingerprinted).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from functools import cache
from itertools import count
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


def clashing_cite_keys(conn: sqlite3.Connection, query) -> dict[str, str]:
    """Citation keys of the papers in the query's selection whose key base is not unique
    there, by id: as `exporters.citekeys.assign_keys` gives them (the first id in sorted
    order keeps the base, the others get a, b, ... skipping keys already taken). Every other
    paper's key is its base. Clash groups are settled in order of their base."""
    from server.store import search
    from server.store.listing import filter_clauses

    where, params = filter_clauses(query)
    terms = search.search_terms(query.q)
    if terms:
        where.append("papers.search_key IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
        params.append(search.match_all(terms))
    selected = " AND ".join(where) or "1"
    groups: dict[str, list[str]] = {}
    for base, paper_id in conn.execute(
        f"SELECT papers.cite_base, papers.id FROM papers WHERE {selected} AND papers.cite_base "
        f"IN (SELECT papers.cite_base FROM papers WHERE {selected} GROUP BY papers.cite_base "
        "HAVING count(*) > 1) ORDER BY papers.cite_base, papers.id",
        [*params, *params],
    ):
        groups.setdefault(base, []).append(paper_id)
    # A suffixed key is taken when it is itself a key base in the selection: such bases
    # start with the group's base; one range of the index per group finds them all.
    taken = set(groups)
    for base in groups:
        taken.update(
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT papers.cite_base FROM papers WHERE papers.cite_base > ? "
                f"AND papers.cite_base < ? AND {selected}",
                [base, base + "\U0010ffff", *params],
            )
        )
    keys: dict[str, str] = {}
    for base, ids in groups.items():
        first, *others = ids  # in id order
        keys[first] = base
        letters = (citekeys._suffix(n) for n in count())
        for paper_id in others:
            key = base + next(letters)
            while key in taken:
                key = base + next(letters)
            taken.add(key)
            keys[paper_id] = key
    return keys
