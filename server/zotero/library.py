"""Save papers to the configured Zotero target exactly once, and say what happened to each.

Statuses: "saved" (this call created it), "exists" (it was already there: our `saved`
records, or for the web library a lookup by title compared on arXiv id / DOI / URL),
"failed" (not saved; the message says why). Nothing is reported saved that was not
confirmed by Zotero. After an answer that leaves the outcome unknown (timeout, dropped
reply, 5xx, 412) we look before writing again, because pyzotero's fresh write token per
call means the server would not catch the repeat.
"""

from __future__ import annotations

import sqlite3

from server.models import Paper
from server.zotero.errors import ZoteroError
from server.zotero.records import SaveResult, records
from server.zotero.save_desktop import DesktopSaver
from server.zotero.save_web import WebSaver

TARGETS = ("web", "desktop")

__all__ = ["SaveResult", "save_papers", "saved_records", "target_info"]


def save_papers(
    conn: sqlite3.Connection, papers: list[Paper], config, target: str | None = None
) -> list[SaveResult]:
    """One result per paper, in order."""
    kind = target or config.get("ZOTERO_TARGET") or "web"
    if kind not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}")
    try:
        saver = WebSaver(config) if kind == "web" else DesktopSaver(config)
    except ZoteroError as exc:
        return [SaveResult(p.id, "failed", None, f"not saved: {exc}") for p in papers]
    unique = list({paper.id: paper for paper in papers}.values())  # never save one twice
    try:
        by_id = {result.id: result for result in saver.save(conn, unique)}
    finally:
        saver.close()
    return [by_id[paper.id] for paper in papers]


def target_info(config) -> dict:
    """What /api/library/target shows: never the key."""
    kind = config.get("ZOTERO_TARGET") or "web"
    if kind == "web":
        library_id = config.get("ZOTERO_LIBRARY_ID")
        library = f"{config.get('ZOTERO_LIBRARY_TYPE') or 'user'}s/{library_id or '?'}"
        configured = bool(library_id and config.get("ZOTERO_API_KEY"))
    else:
        library = f"Zotero desktop at {config.get('ZOTERO_CONNECTOR_URL')}"
        configured = bool(config.get("ZOTERO_CONNECTOR_URL"))
    return {
        "target": kind,
        "library": library,
        "collection": config.get("ZOTERO_COLLECTION") or None,
        "configured": configured,
    }


def saved_records(conn: sqlite3.Connection, paper_id: str, config) -> list[sqlite3.Row]:
    """Our records of this paper saved to the configured target."""
    kind = config.get("ZOTERO_TARGET") or "web"
    if kind == "web":
        library = (
            f"{config.get('ZOTERO_LIBRARY_TYPE') or 'user'}s/{config.get('ZOTERO_LIBRARY_ID')}"
        )
        return records(conn, paper_id, kind, library)
    return records(conn, paper_id, kind, None)
