"""Saving to the web library: claim, sync, look up by identifier, versioned writes, PDFs.

1. Claim each paper (claims.py): a paper another save is writing is waited for, not written.
2. Sync the library index (library_index.py, one request when nothing changed) and look each
   paper up by arXiv id, DOI and folded title: found -> `exists`.
3. Write the rest in batches of at most 50 objects (item + PDF attachment), each item with a
   key chosen here (kept in the claim) and `version: 0`, the request versioned with the
   library version synced. After a 412 (the library moved on) or an unknown outcome (no
   reply, 5xx) we sync and look again, then write what is still missing with the same keys:
   Zotero refuses a key that exists, so nothing is ever written twice.
4. Upload the PDFs (file upload flow); over quota (413), link them instead and say so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import requests

from server.config import Settings
from server.http import make_session
from server.models import Paper
from server.store.claims import Claim
from server.zotero import library_index
from server.zotero.claims import Claims
from server.zotero.errors import LibraryChanged, LibraryLocked, NotConfigured, ZoteroError
from server.zotero.pdfs import PdfUnavailable, fetch_pdf, pdf_filename, pdf_url
from server.zotero.records import SaveResult, exists, failed
from server.zotero.web import MAX_BATCH, WebLibrary, WriteOutcome
from server.zotero.web_files import attach_files
from server.zotero.web_items import new_key, paper_item, pdf_attachment

MAX_ATTEMPTS = 4


@dataclass
class Pending:
    """One paper to write: its objects (item first), and the PDF to upload after."""

    paper: Paper
    key: str
    objects: list[dict]
    pdf: bytes | None = None
    notes: list[str] = field(default_factory=list)


class WebSaver:
    target = "web"

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.settings = settings
        self.web = WebLibrary(settings)
        self.library = self.web.library
        self.http = session or make_session(settings)
        self._collection: str | None = None

    def close(self) -> None:
        self.web.close()
        self.http.close()

    def save(self, conn, papers: list[Paper], force: bool = False) -> list[SaveResult]:
        """`force` changes nothing here: a repeated web write is always safe."""
        claims = Claims(conn, self.target, self.library, self.library, self.settings.zotero_lease)
        by_id = {paper.id: paper for paper in papers}
        results = claims.save_once(
            list(by_id),
            lambda mine: self._save_claimed(conn, claims, [by_id[i] for i in mine], mine),
            lambda record: exists(record.paper_id, self.library, record.zotero_key),
        )
        return [results[paper.id] for paper in papers]

    def _save_claimed(self, conn, claims: Claims, papers: list[Paper],
                      mine: dict[str, Claim]) -> dict[str, SaveResult]:  # fmt: skip
        ids = [paper.id for paper in papers]
        try:
            collection = self._collection_key()
            version = library_index.sync(conn, self.web)
        except NotConfigured:
            claims.release(ids)
            raise
        except ZoteroError as exc:
            claims.release(ids)
            return {paper_id: failed(paper_id, exc) for paper_id in ids}
        found = {p.id: k for p in papers if (k := library_index.find_paper(conn, self.library, p))}
        claims.settle({paper_id: (self.library, key) for paper_id, key in found.items()})
        results = {paper_id: exists(paper_id, self.library, key) for paper_id, key in found.items()}
        todo = [paper for paper in papers if paper.id not in found]
        if todo:
            keys = {paper.id: mine[paper.id].item_key or new_key() for paper in todo}
            claims.set_keys(keys)
            writer = Writer(self, conn, claims, version)
            written = writer.write_all([self._prepare(p, keys[p.id], collection) for p in todo])
            attach_files(self, conn, written)
            results |= writer.results
            for pending in written:
                result = results[pending.paper.id]
                result.message = "; ".join([result.message, *pending.notes])
        return results

    def _collection_key(self) -> str | None:
        if self.settings.zotero_collection and self._collection is None:
            self._collection = self.web.collection_key(self.settings.zotero_collection)
        return self._collection

    def _prepare(self, paper: Paper, key: str, collection: str | None) -> Pending:
        pending = Pending(paper, key, [paper_item(paper, key, collection,
                                                  self.settings.zotero_tags)])  # fmt: skip
        mode, url = self.settings.zotero_pdf, pdf_url(paper, self.settings)
        if mode == "none":
            return pending
        if url is None:
            pending.notes.append("PDF not attached: no PDF link is known for this paper")
            return pending
        if mode == "link":
            pending.objects.append(pdf_attachment(key, new_key(), url, None))
            return pending
        try:
            pending.pdf = fetch_pdf(self.http, url, self.settings)
        except PdfUnavailable as exc:
            pending.notes.append(f"PDF not attached: {exc}")
            return pending
        pending.objects.append(pdf_attachment(key, new_key(), url, pdf_filename(paper)))
        return pending


class Writer:
    """Writes the batches of one save, keeping the library version it last knew."""

    def __init__(self, saver: WebSaver, conn, claims: Claims, version: int):
        self.saver, self.web, self.conn, self.claims = saver, saver.web, conn, claims
        self.library, self.version = saver.library, version
        self.results: dict[str, SaveResult] = {}

    def write_all(self, pending: list[Pending]) -> list[Pending]:
        """Write every paper; the ones saved by this save, for their PDFs."""
        saved: list[Pending] = []
        stop: ZoteroError | None = None
        for batch in _packed(pending):
            if stop is not None:
                self._give_up(batch, stop, None)
                continue
            self.claims.renew()
            written, stop = self._write_batch(batch)
            saved += written
        return saved

    def _write_batch(self, batch: list[Pending]) -> tuple[list[Pending], ZoteroError | None]:
        waiting, saved, uncertain = list(batch), [], None
        for attempt in range(MAX_ATTEMPTS):
            if attempt:  # after a refusal or an unknown outcome: look before writing again
                try:
                    waiting = self._found_meanwhile(waiting, saved, uncertain is not None)
                except ZoteroError as exc:
                    self._give_up(waiting, exc, uncertain)
                    return saved, exc if exc.fatal else None
                if not waiting:
                    return saved, None
            objects = [obj for pending in waiting for obj in pending.objects]
            try:
                outcome = self.web.create(objects, self.version)
            except LibraryChanged:
                continue
            except LibraryLocked:
                time.sleep(min(1.0, self.saver.settings.zotero_max_wait))
                continue
            except ZoteroError as exc:
                if exc.uncertain:
                    uncertain = exc
                    continue
                self._give_up(waiting, exc, uncertain)
                return saved, exc if exc.fatal else None
            return saved + self._record(waiting, objects, outcome), None
        self._give_up(waiting, uncertain or LibraryChanged("the library kept changing"), uncertain)
        return saved, None

    def _found_meanwhile(self, waiting: list[Pending], saved: list[Pending],
                         ours_may_have_landed: bool) -> list[Pending]:  # fmt: skip
        """Sync, then settle the papers now in the library; the ones still to write."""
        self.version = library_index.sync(self.conn, self.web)
        still = []
        for pending in waiting:
            key = library_index.find_paper(self.conn, self.library, pending.paper)
            if key is None:
                still.append(pending)
                continue
            self.claims.settle({pending.paper.id: (self.library, key)})
            if key == pending.key and ours_may_have_landed:
                self.results[pending.paper.id] = self._saved(pending, key)
                saved.append(pending)
            else:
                self.results[pending.paper.id] = exists(pending.paper.id, self.library, key)
        return still

    def _record(self, waiting: list[Pending], objects: list[dict],
                outcome: WriteOutcome) -> list[Pending]:  # fmt: skip
        """Results from Zotero's answer; the papers saved (with their attachment's fate)."""
        saved, settled, position, written = [], {}, 0, []
        for pending in waiting:
            first = position
            position += len(pending.objects)
            if first in outcome.failed:
                self.claims.release([pending.paper.id])
                self.results[pending.paper.id] = failed(pending.paper.id, outcome.failed[first])
                continue
            for offset in range(len(pending.objects)):
                if first + offset in outcome.created:
                    key, version = outcome.created[first + offset]
                    written.append({**objects[first + offset], "key": key, "version": version})
            if len(pending.objects) > 1 and first + 1 in outcome.failed:
                pending.notes.append(f"PDF not attached: {outcome.failed[first + 1]}")
                pending.objects, pending.pdf = pending.objects[:1], None
            settled[pending.paper.id] = (self.library, pending.key)
            self.results[pending.paper.id] = self._saved(pending, pending.key)
            saved.append(pending)
        created = len(outcome.created)
        clean = outcome.library_version == self.version + created  # nobody wrote in between
        library_index.remember(self.conn, self.library, written,
                               outcome.library_version if clean else None)  # fmt: skip
        if clean:
            self.version = outcome.library_version
        self.claims.settle(settled)
        return saved

    def _saved(self, pending: Pending, key: str) -> SaveResult:
        return SaveResult(pending.paper.id, "saved", key, f"saved to {self.library}")

    def _give_up(self, batch: list[Pending], exc: ZoteroError,
                 uncertain: ZoteroError | None) -> None:  # fmt: skip
        """Fail these papers. When a write may have landed, keep their claims (and keys) so
        the next save looks first and repeats the same keys."""
        ids = [pending.paper.id for pending in batch]
        if uncertain is None:
            self.claims.release(ids)
            self.results |= {paper_id: failed(paper_id, exc) for paper_id in ids}
            return
        message = (
            f"not confirmed: {uncertain}; it may have reached Zotero: saving again is safe: "
            "papershelf looks for it first"
        )
        self.claims.leave_uncertain({paper_id: message for paper_id in ids})
        self.results |= {
            paper_id: SaveResult(paper_id, "failed", None, message) for paper_id in ids
        }


def _packed(pending: list[Pending]) -> list[list[Pending]]:
    """Batches of at most MAX_BATCH objects, a paper never split from its attachment."""
    batches: list[list[Pending]] = []
    size = MAX_BATCH
    for item in pending:
        if size + len(item.objects) > MAX_BATCH:
            batches.append([])
            size = 0
        batches[-1].append(item)
        size += len(item.objects)
    return batches
