"""Saving to the web library: our records, then a lookup, then batches of 50 with retries.

After an answer that leaves the outcome unknown (timeout, dropped reply, 5xx, 412) we look
before writing again: pyzotero sends a fresh write token per call, so the server would not
catch the repeat.
"""

from __future__ import annotations

import time

from exporters.zotero import to_zotero_item
from server.config import Settings
from server.models import Paper
from server.zotero.errors import LibraryLocked, ZoteroError
from server.zotero.records import SaveResult, fail, record, records
from server.zotero.web import MAX_BATCH, WebLibrary

MAX_ATTEMPTS = 3


class WebSaver:
    target = "web"

    def __init__(self, settings: Settings):
        self.settings = settings
        self.web = WebLibrary(settings)
        self.library = self.web.library
        self.collection = settings.zotero_collection
        self.tags = list(settings.zotero_tags)

    def close(self) -> None:
        self.web.close()

    def save(self, conn, papers: list[Paper]) -> list[SaveResult]:
        results: list[SaveResult | None] = [None] * len(papers)
        for i, paper in enumerate(papers):
            rows = records(conn, paper.id, self.target, self.library)
            if rows:
                results[i] = self._exists(paper, rows[-1].zotero_key)
        todo = [i for i, r in enumerate(results) if r is None]
        if todo:
            self._save_new(conn, papers, todo, results)
        return results  # type: ignore[return-value]

    def _save_new(self, conn, papers, todo: list[int], results: list) -> None:
        try:
            template = self.web.template("preprint")
            collection = self.web.collection_key(self.collection) if self.collection else None
        except ZoteroError as exc:
            return fail(papers, todo, results, exc)
        items = {i: self._item(papers[i], template, collection) for i in todo}
        # Look up and write batch by batch, so a rate limit late on keeps the early batches.
        for start in range(0, len(todo), MAX_BATCH):
            pending, stop = self._not_in_library(conn, papers, todo[start : start + MAX_BATCH],
                                                 items, results)  # fmt: skip
            if stop is None and pending:
                stop = self._save_batch(conn, papers, pending, items, results)
            if stop is not None:
                return fail(papers, todo[start:], results, stop)

    def _not_in_library(self, conn, papers, chunk, items, results):
        """The papers of `chunk` not found in the library, and an error that should stop all."""
        pending = []
        for i in chunk:
            try:
                key = self.web.find_existing(items[i])
            except ZoteroError as exc:
                if exc.fatal:
                    return [], exc
                results[i] = SaveResult(papers[i].id, "failed", None, f"not saved: {exc}")
                continue
            if key:
                record(conn, papers[i].id, self.target, self.library, key)
                results[i] = self._exists(papers[i], key)
            else:
                pending.append(i)
        return pending, None

    def _save_batch(self, conn, papers, batch, items, results) -> ZoteroError | None:
        """Write one batch; the error that should stop the remaining batches, if any."""
        waiting, last_error = list(batch), None
        for _attempt in range(MAX_ATTEMPTS):
            if last_error is not None and last_error.uncertain:
                waiting, unchecked = self._found_after_all(conn, papers, waiting, items, results)
                if unchecked is not None:  # writing again unchecked could make a second copy
                    fail(papers, waiting, results, last_error)
                    return unchecked if unchecked.fatal else None
                if not waiting:
                    return None
            try:
                outcome = self.web.create([items[i] for i in waiting])
            except ZoteroError as exc:
                last_error = exc
                if isinstance(exc, LibraryLocked):
                    time.sleep(min(1.0, self.settings.zotero_max_wait))
                if exc.uncertain or isinstance(exc, LibraryLocked):
                    continue
                fail(papers, waiting, results, exc)
                return exc if exc.fatal else None
            for position, i in enumerate(waiting):
                paper = papers[i]
                if position in outcome.created:
                    key = outcome.created[position]
                    record(conn, paper.id, self.target, self.library, key)
                    results[i] = SaveResult(paper.id, "saved", key, f"saved to {self.library}")
                else:
                    reason = outcome.failed.get(position, "Zotero's answer did not list it")
                    results[i] = SaveResult(paper.id, "failed", None, f"not saved: {reason}")
            return None
        if last_error is not None and last_error.uncertain:
            waiting, _unchecked = self._found_after_all(conn, papers, waiting, items, results)
        fail(papers, waiting, results, last_error)
        return None

    def _found_after_all(self, conn, papers, waiting, items, results):
        """Look up each paper whose write may have landed: the ones not found (or not
        checked), and the error that stopped the lookups, if one did."""
        for i in waiting:
            try:
                key = self.web.find_existing(items[i])
            except ZoteroError as exc:
                return [j for j in waiting if results[j] is None], exc
            if key:
                record(conn, papers[i].id, self.target, self.library, key)
                results[i] = SaveResult(papers[i].id, "saved", key, f"saved to {self.library}")
        return [i for i in waiting if results[i] is None], None

    def _item(self, paper: Paper, template: dict, collection: str | None) -> dict:
        ours = to_zotero_item(paper)
        item = {**template, **{k: v for k, v in ours.items() if k in template}}
        item["creators"] = ours.get("creators", [])
        tags = [t["tag"] for t in ours.get("tags", [])] + self.tags
        item["tags"] = [{"tag": tag} for tag in dict.fromkeys(tags)]
        if "collections" in template:
            item["collections"] = [collection] if collection else []
        return item

    def _exists(self, paper: Paper, key: str | None) -> SaveResult:
        where = f"item {key}" if key else "saved before"
        return SaveResult(
            paper.id, "exists", key, f"already in your library ({self.library}, {where})"
        )
