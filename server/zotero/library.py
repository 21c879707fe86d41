"""Save papers to the configured Zotero target exactly once, and say what happened to each.

Statuses: "saved" (this call created it), "exists" (it was there already: our records, or
found in the library by arXiv id, DOI or title), "failed" (not saved; the message says why),
"uncertain" (desktop only: a save whose reply was lost, where Zotero's local API cannot be
asked; check Zotero, then save again with force). Nothing is reported saved that Zotero did
not confirm. Settings that keep the target from working raise NotConfigured (one line).
"""

from __future__ import annotations

import sqlite3

from server.config import Settings
from server.models import Paper
from server.store.saved import SavedRecord, records
from server.zotero.records import SaveResult
from server.zotero.web import library_name

TARGETS = ("web", "desktop")

__all__ = ["SaveResult", "save_papers", "saved_records", "target_info"]


def save_papers(
    conn: sqlite3.Connection,
    papers: list[Paper],
    settings: Settings,
    target: str | None = None,
    force: bool = False,
) -> list[SaveResult]:
    """One result per paper, in order. `force`: write a desktop save left uncertain."""
    from server.zotero.save_desktop import DesktopSaver
    from server.zotero.save_web import WebSaver

    kind = target or settings.zotero_target
    if kind not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}")
    saver = WebSaver(settings) if kind == "web" else DesktopSaver(settings)
    unique = list({paper.id: paper for paper in papers}.values())  # never save one twice
    try:
        by_id = {result.id: result for result in saver.save(conn, unique, force)}
    finally:
        saver.close()
    return [by_id[paper.id] for paper in papers]


def target_info(settings: Settings, target: str | None = None) -> dict:
    """What /api/library/target shows: never the key."""
    kind = target or settings.zotero_target
    if kind == "web":
        library = library_name(settings)
        configured = bool(settings.zotero_library_id and settings.zotero_api_key)
    else:
        library = f"Zotero desktop at {settings.zotero_connector_url}"
        configured = bool(settings.zotero_connector_url)
    return {
        "target": kind,
        "library": library,
        "collection": settings.zotero_collection,
        "configured": configured,
    }


def saved_records(conn: sqlite3.Connection, paper_id: str, settings: Settings) -> list[SavedRecord]:
    """Our records of this paper saved to the configured target."""
    kind = settings.zotero_target
    return records(conn, paper_id, kind, library_name(settings) if kind == "web" else None)
