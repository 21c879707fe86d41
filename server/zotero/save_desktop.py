"""Saving to the desktop app: our records, then one connector session per paper.

The connector has no search, so our `saved` records are the duplicate check; a save whose
reply was lost is reported unconfirmed (never saved) and not retried.
"""

from __future__ import annotations

from exporters.zotero import to_zotero_item
from server.config import Settings
from server.models import Paper
from server.zotero.desktop import DesktopApp, PdfUnavailable, fetch_pdf
from server.zotero.errors import ZoteroError
from server.zotero.records import SaveResult, fail, not_saved, record, records


class DesktopSaver:
    target = "desktop"

    def __init__(self, settings: Settings):
        self.settings = settings
        self.app = DesktopApp(settings)
        self.collection = settings.zotero_collection
        self.tags = list(settings.zotero_tags)
        self.pdf_base = settings.zotero_pdf_base_url.rstrip("/")

    def close(self) -> None:
        self.app.close()

    def save(self, conn, papers: list[Paper]) -> list[SaveResult]:
        results: list[SaveResult | None] = [None] * len(papers)
        for i, paper in enumerate(papers):
            if records(conn, paper.id, self.target, None):
                results[i] = SaveResult(paper.id, "exists", None, "already in your Zotero library")
        todo = [i for i, r in enumerate(results) if r is None]
        if not todo:
            return results  # type: ignore[return-value]
        try:
            self.app.ping()
            selected = self.app.selected_target()
        except ZoteroError as exc:
            fail(papers, todo, results, exc, lookup=False)
            return results  # type: ignore[return-value]
        library = f"desktop/{selected.get('libraryID', '?')}"
        target, note = self._target(selected)
        for n, i in enumerate(todo):
            try:
                results[i] = self._save_one(conn, papers[i], library, target, note)
            except ZoteroError as exc:
                if exc.fatal:
                    fail(papers, todo[n:], results, exc, lookup=False)
                    break
                results[i] = SaveResult(papers[i].id, "failed", None, not_saved(exc, lookup=False))
        return results  # type: ignore[return-value]

    def _save_one(self, conn, paper: Paper, library: str, target, note: str) -> SaveResult:
        item = {**to_zotero_item(paper), "id": f"papershelf-{paper.id}"}
        session = self.app.save_items([item], uri=item.get("url") or "")
        record(conn, paper.id, self.target, library, None)
        notes = [f"saved to the Zotero desktop app{note}", self._attach_pdf(session, item, paper)]
        if target or self.tags:
            try:
                self.app.update_session(session, target, self.tags)
            except ZoteroError as exc:
                notes.append(f"collection and tags not applied: {exc}")
        return SaveResult(paper.id, "saved", None, "; ".join(notes))

    def _attach_pdf(self, session: str, item: dict, paper: Paper) -> str:
        url = f"{self.pdf_base}/pdf/{paper.arxiv_id}" if paper.arxiv_id else paper.links.pdf
        try:
            pdf = fetch_pdf(self.app.session, url, self.settings)
            self.app.save_attachment(session, item["id"], url, pdf)
        except (PdfUnavailable, ZoteroError) as exc:
            return f"PDF not attached: {exc}"
        return "PDF attached"

    def _target(self, selected: dict) -> tuple[str | None, str]:
        """The connector target id for ZOTERO_COLLECTION, and a note when it is missing."""
        if not self.collection:
            return None, ""
        for target in selected.get("targets") or []:
            if self.collection in (target.get("id"), target.get("name")):
                return target.get("id"), f" (collection {target.get('name')})"
        where = selected.get("name") or "the selected collection"
        return None, (
            f" ({where}: collection {self.collection!r} not found in Zotero; the connector "
            "cannot create it, create it in Zotero)"
        )
