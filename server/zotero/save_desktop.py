"""Saving to the desktop app: claim, look (local API), one connector session per paper.

- A paper is claimed first (claims.py): a second save of it waits and answers `exists`.
- When Zotero's local API is on, each paper is looked up before it is written (arXiv id,
  DOI, title): found -> `exists` with the item's key.
- A saveItems whose outcome is unknown (no reply, a bare 500) is looked up through the local
  API before anything is written again. With the local API off, papershelf does not write
  again silently: the paper is `uncertain` ("check Zotero, then save again with --force"),
  and stays so for later saves until one is forced.
- Collection and ZOTERO_TAGS go through updateSession, always with a target (the collection
  asked for, else the row selected in Zotero). Tags papershelf sends with the item (the
  paper's keywords) become Zotero's automatic tags, as the arXiv translator's subjects do;
  ZOTERO_TAGS are the user's own.
- The PDF is fetched and posted only when the selected library's files are editable.
"""

from __future__ import annotations

from exporters.zotero import to_zotero_item
from server.config import Settings
from server.models import Paper
from server.store.claims import UNCERTAIN, Claim
from server.zotero.claims import Claims
from server.zotero.desktop import DesktopApp, FilesNotEditable
from server.zotero.desktop_lookup import LocalLookup
from server.zotero.errors import NotConfigured, Rejected, ZoteroError
from server.zotero.pdfs import PdfUnavailable, fetch_pdf, pdf_url
from server.zotero.records import SaveResult, exists, failed

DESKTOP = "the Zotero desktop app"
ENABLE_LOCAL_API = (
    "Zotero's local API lets papershelf check: Zotero > Settings > Advanced > "
    '"Allow other applications on this computer to communicate with Zotero"'
)


class DesktopSaver:
    target = "desktop"

    def __init__(self, settings: Settings):
        self.settings = settings
        self.app = DesktopApp(settings)
        self.lookup = LocalLookup(self.app)

    def close(self) -> None:
        self.app.close()

    def save(self, conn, papers: list[Paper], force: bool = False) -> list[SaveResult]:
        claims = Claims(conn, self.target, "desktop", None, self.settings.zotero_lease)
        by_id = {paper.id: paper for paper in papers}
        results = claims.save_once(
            list(by_id),
            lambda mine: self._save_claimed(claims, [by_id[i] for i in mine], mine, force),
            lambda record: exists(record.paper_id, DESKTOP, record.zotero_key),
        )
        return [results[paper.id] for paper in papers]

    def _save_claimed(self, claims: Claims, papers: list[Paper], mine: dict[str, Claim],
                      force: bool) -> dict[str, SaveResult]:  # fmt: skip
        try:
            self.app.ping()
            selected = self.app.selected_target()
            if selected.get("libraryEditable") is False:
                raise Rejected("the library selected in Zotero is read-only; select another")
            target = self.target_id(selected)
        except ZoteroError as exc:
            self._let_go(claims, papers, mine)
            if isinstance(exc, NotConfigured):
                raise
            return {paper.id: failed(paper.id, exc) for paper in papers}
        library = f"desktop/{selected.get('libraryID', '?')}"
        files = selected.get("filesEditable") is not False
        results = {}
        for paper in papers:
            claims.renew()
            results[paper.id] = self._save_one(claims, paper, mine[paper.id], library, target,
                                               files, force)  # fmt: skip
        return results

    def _save_one(self, claims, paper, claim: Claim, library, target, files, force):
        key = self.lookup.find(paper)
        if key:
            claims.settle({paper.id: (library, key)})
            return exists(paper.id, DESKTOP, key)
        if claim.prior is not None and not force and not self.lookup.available:
            return self._uncertain(claims, paper, claim.message or "an earlier save's reply "
                                   "was lost")  # fmt: skip
        item = {**to_zotero_item(paper), "id": f"papershelf-{paper.id}"}
        for attempt in range(2):
            try:
                session = self.app.save_items([item], uri=item.get("url") or "")
                break
            except ZoteroError as exc:
                if not exc.uncertain:
                    claims.release([paper.id])
                    return failed(paper.id, exc)
                key = self.lookup.find(paper)  # did it land after all?
                if key:
                    claims.settle({paper.id: (library, key)})
                    return SaveResult(paper.id, "saved", key, f"saved to {DESKTOP}")
                if not self.lookup.available or attempt:
                    return self._uncertain(claims, paper, str(exc))
        claims.settle({paper.id: (library, None)})
        notes = [f"saved to {DESKTOP}{self._where(target)}"]
        try:
            self.app.update_session(session, target, list(self.settings.zotero_tags))
        except ZoteroError as exc:
            notes.append(f"collection and tags not applied: {exc}")
        notes.append(self._attach_pdf(session, item, paper, files))
        return SaveResult(paper.id, "saved", None, "; ".join(notes))

    def _uncertain(self, claims: Claims, paper: Paper, why: str) -> SaveResult:
        message = (
            f"not confirmed: {why}; it may be in Zotero: check Zotero, then save again with "
            f"--force ({ENABLE_LOCAL_API})"
        )
        claims.leave_uncertain({paper.id: why})
        return SaveResult(paper.id, "uncertain", None, message)

    def _let_go(self, claims: Claims, papers: list[Paper], mine: dict[str, Claim]) -> None:
        """Nothing was written: free the claims, keeping an earlier uncertain one as it was."""
        claims.release([p.id for p in papers if mine[p.id].prior != UNCERTAIN])
        claims.leave_uncertain({p.id: mine[p.id].message or "" for p in papers
                                if mine[p.id].prior == UNCERTAIN})  # fmt: skip

    def _attach_pdf(self, session: str, item: dict, paper: Paper, files: bool) -> str:
        if not files:
            return "PDF not attached: the library's files are not editable"
        url = pdf_url(paper, self.settings)
        try:
            pdf = fetch_pdf(self.app.session, url, self.settings)
            self.app.save_attachment(session, item["id"], url, pdf)
        except FilesNotEditable:
            return "PDF not attached: the library's files are not editable"
        except (PdfUnavailable, ZoteroError) as exc:
            return f"PDF not attached: {exc}"
        return "PDF attached"

    def target_id(self, selected: dict) -> str:
        """The treeViewID to save to: ZOTERO_COLLECTION's, else the row selected in Zotero."""
        wanted = self.settings.zotero_collection
        if wanted:
            for target in selected.get("targets") or []:
                if wanted in (target.get("id"), target.get("name")):
                    return target["id"]
            raise NotConfigured(
                "ZOTERO_COLLECTION names no collection in the library selected in Zotero: "
                "create it in Zotero or change the setting"
            )
        if selected.get("id") is not None:
            return f"C{selected['id']}"
        return f"L{selected.get('libraryID', 1)}"

    def _where(self, target: str) -> str:
        if self.settings.zotero_collection and target.startswith("C"):
            return f" (collection {self.settings.zotero_collection})"
        return ""
