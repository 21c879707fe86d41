"""Claims on papers being saved to Zotero (table zotero_claims), settled into `saved`.

A save claims a paper before it writes: one row per (paper, target, scope), taken in a
transaction, with an owner and a lease. Another save of the paper (another thread, process
or the CLI) finds the row and waits; a lease that ran out (its owner died) may be taken
over. A row left `uncertain` (the write may have landed) keeps the item key the write used,
so the next save repeats it safely or looks it up first.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from server.store import saved as saved_records
from server.store.db import transaction
from server.store.saved import SavedRecord

SAVING, UNCERTAIN = "saving", "uncertain"


@dataclass(frozen=True)
class Claim:
    """A claim this save holds; `prior` is what an earlier save left (None: nothing)."""

    paper_id: str
    item_key: str | None = None
    prior: str | None = None  # "uncertain", or "saving" when a lapsed lease was taken over
    message: str | None = None


@dataclass
class Acquired:
    done: dict[str, SavedRecord] = field(default_factory=dict)  # already saved
    mine: dict[str, Claim] = field(default_factory=dict)  # claimed by this save
    held: list[str] = field(default_factory=list)  # another save is on them: wait


def acquire(
    conn: sqlite3.Connection,
    paper_ids: list[str],
    target: str,
    scope: str,
    saved_library: str | None,
    owner: str,
    lease: float,
    now: float,
) -> Acquired:
    """Claim every paper that is neither saved nor claimed by a live save, in one
    transaction. `saved_library` None: a record in any library of `target` counts."""
    result = Acquired()
    with transaction(conn):
        for paper_id in paper_ids:
            saved = saved_records.latest(conn, paper_id, target, saved_library)
            if saved is not None:
                result.done[paper_id] = saved
                continue
            row = conn.execute(
                "SELECT owner, expires, state, item_key, message FROM zotero_claims "
                "WHERE paper_id = ? AND target = ? AND scope = ?",
                (paper_id, target, scope),
            ).fetchone()
            if row is not None and row[0] != owner and row[1] > now:
                result.held.append(paper_id)
                continue
            prior = None if row is None or row[0] == owner else row[2]
            item_key, message = (row[3], row[4]) if row is not None else (None, None)
            conn.execute(
                "INSERT OR REPLACE INTO zotero_claims "
                "(paper_id, target, scope, owner, expires, state, item_key, message) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (paper_id, target, scope, owner, now + lease, SAVING, item_key, message),
            )
            result.mine[paper_id] = Claim(paper_id, item_key, prior, message)
    return result


def set_keys(conn, target: str, scope: str, owner: str, keys: dict[str, str]) -> None:
    """Remember the item key each claimed paper's write will use (before writing)."""
    with transaction(conn):
        conn.executemany(
            "UPDATE zotero_claims SET item_key = ? "
            "WHERE paper_id = ? AND target = ? AND scope = ? AND owner = ?",
            [(key, paper_id, target, scope, owner) for paper_id, key in keys.items()],
        )


def renew(conn, target: str, scope: str, owner: str, lease: float, now: float) -> None:
    with transaction(conn):
        conn.execute(
            "UPDATE zotero_claims SET expires = ? WHERE target = ? AND scope = ? AND owner = ? "
            "AND state = ?",
            (now + lease, target, scope, owner, SAVING),
        )


def settle(conn, target: str, scope: str, owner: str,
           saved: dict[str, tuple[str, str | None]]) -> None:  # fmt: skip
    """Record papers as saved ({paper id: (library, item key)}) and drop their claims, in one
    transaction: a waiting save sees the claim gone and the record there at once."""
    with transaction(conn):
        for paper_id, (library, key) in saved.items():
            saved_records.insert(conn, paper_id, target, library, key)
            _drop(conn, paper_id, target, scope, owner)


def release(conn, target: str, scope: str, owner: str, paper_ids: list[str]) -> None:
    """Give up claims on papers not written: a waiting save may claim them."""
    with transaction(conn):
        for paper_id in paper_ids:
            _drop(conn, paper_id, target, scope, owner)


def leave_uncertain(conn, target: str, scope: str, owner: str, messages: dict[str, str]) -> None:
    """The write may have landed: keep the claim (with its item key) as `uncertain`, free for
    the next save to take, which must look before it writes again."""
    with transaction(conn):
        conn.executemany(
            "UPDATE zotero_claims SET state = ?, expires = 0, message = ? "
            "WHERE paper_id = ? AND target = ? AND scope = ? AND owner = ?",
            [(UNCERTAIN, m, paper_id, target, scope, owner) for paper_id, m in messages.items()],
        )


def _drop(conn, paper_id: str, target: str, scope: str, owner: str) -> None:
    conn.execute(
        "DELETE FROM zotero_claims WHERE paper_id = ? AND target = ? AND scope = ? AND owner = ?",
        (paper_id, target, scope, owner),
    )
