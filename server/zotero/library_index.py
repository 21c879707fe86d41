"""Knowing what a web library holds, cheaply: a local index of its items by identifier, kept
current with Zotero's sync protocol (web API "syncing").

A sync asks for the versions of items changed since the version the index is complete up to
(`?since=V&format=versions`: one request, whatever the library's size), fetches only the
items it does not know at that version (50 a request), and asks `/deleted?since=V` only when
some version bump is not explained by a changed item (each object written bumps the library
version once). A save of N new papers costs one sync request, then its writes.
"""

from __future__ import annotations

import sqlite3

from server.models import Paper
from server.store import zotero_index
from server.store.zotero_index import IndexedItem
from server.zotero.identifiers import (
    Identifiers,
    is_same,
    item_identifiers,
    paper_identifiers,
)
from server.zotero.web import MAX_BATCH, WebLibrary


def sync(conn: sqlite3.Connection, web: WebLibrary) -> int:
    """Bring the index of `web`'s library up to date; the library version it now matches."""
    library = web.library
    since = zotero_index.library_version(conn, library)
    changes = web.changes_since(since)
    if not changes.versions and changes.library_version <= since:
        return since
    known = zotero_index.versions(conn, library, list(changes.versions))
    unknown = [key for key, version in changes.versions.items() if known.get(key) != version]
    fetched: list[dict] = []
    for start in range(0, len(unknown), MAX_BATCH):
        fetched += web.items_by_key(unknown[start : start + MAX_BATCH])
    live = [indexed(data) for data in fetched if not data.get("deleted")]
    removed = [data["key"] for data in fetched if data.get("deleted")]
    bumps = len({version for version in changes.versions.values() if version > since})
    if since and changes.library_version - since > bumps:
        removed += web.deleted_since(since)
    zotero_index.update(conn, library, live, removed, changes.library_version)
    return changes.library_version


def remember(conn: sqlite3.Connection, library: str, written: list[dict],
             version: int | None = None) -> None:  # fmt: skip
    """Add objects this save wrote ({..., "key", "version"}) to the index right away; with
    `version`, the index is complete up to it (nobody else wrote in between)."""
    zotero_index.update(conn, library, [indexed(data) for data in written], [], version)


def indexed(data: dict) -> IndexedItem:
    ids = item_identifiers(data)
    top = not data.get("parentItem") and data.get("itemType") not in ("attachment", "note")
    return IndexedItem(
        key=data["key"],
        version=int(data.get("version") or 0),
        top_level=top,
        arxiv_id=ids.arxiv_id if top else None,
        doi=ids.doi if top else None,
        title_key=ids.title_key if top else None,
    )


def find_paper(conn: sqlite3.Connection, library: str, paper: Paper) -> str | None:
    """The key of the library item that is this paper (by the index), or None."""
    ids = paper_identifiers(paper)
    candidates = zotero_index.find(
        conn, library, arxiv_id=ids.arxiv_id, doi=ids.doi, title_key=ids.title_key
    )
    for item in candidates:
        if is_same(ids, Identifiers(item.arxiv_id, item.doi, item.title_key)):
            return item.key
    return None
