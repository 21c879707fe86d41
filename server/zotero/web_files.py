"""PDFs of a web save, after its items are written: upload each file (web API file_upload:
authorization, the upload, registration; "exists" when Zotero has the file already), or
link it. Over the storage quota (413) the stored-file attachments are replaced by links and
the result says so; an upload that fails otherwise leaves no empty attachment behind."""

from __future__ import annotations

from server.zotero import library_index
from server.zotero.errors import LibraryChanged, QuotaExceeded, ZoteroError
from server.zotero.web import MAX_BATCH
from server.zotero.web_items import new_key, pdf_attachment


def attach_files(saver, conn, written: list) -> None:
    """Upload (or note the link of) each saved paper's PDF; notes go to `pending.notes`."""
    uploads = []
    for pending in written:
        if len(pending.objects) < 2:
            continue
        if pending.objects[1]["linkMode"] == "linked_url":
            pending.notes.append("PDF linked")
        elif pending.pdf is not None:
            uploads.append(pending)
    quota, fallback, broken = None, [], []
    for pending in uploads:
        attachment = pending.objects[1]
        if quota is not None:
            fallback.append(pending)
            continue
        try:
            saver.web.upload(attachment["key"], attachment["filename"], pending.pdf)
        except QuotaExceeded as exc:
            quota = exc
            fallback.append(pending)
        except ZoteroError as exc:
            pending.notes.append(f"PDF not attached: {exc}")
            broken.append(attachment["key"])
        else:
            pending.notes.append("PDF attached")
    if fallback:
        _link_instead(saver, conn, fallback, quota)
    if broken:
        _remove(saver, conn, broken)


def _link_instead(saver, conn, fallback: list, quota: ZoteroError) -> None:
    _remove(saver, conn, [pending.objects[1]["key"] for pending in fallback])
    for start in range(0, len(fallback), MAX_BATCH):
        chunk = fallback[start : start + MAX_BATCH]
        links = [pdf_attachment(p.key, new_key(), p.objects[1]["url"], None) for p in chunk]
        try:
            outcome = _versioned(saver, conn, lambda version, links=links:
                                 saver.web.create(links, version))  # fmt: skip
        except ZoteroError as exc:
            for pending in chunk:
                pending.notes.append(f"PDF not attached: {quota}; linking it failed: {exc}")
            continue
        for position, pending in enumerate(chunk):
            if position in outcome.created:
                pending.notes.append(f"PDF linked, not uploaded: {quota}")
            else:
                pending.notes.append(f"PDF not attached: {quota}")


def _remove(saver, conn, keys: list[str]) -> None:
    """Delete attachment items that got no file (best effort: a failure leaves them)."""
    for start in range(0, len(keys), MAX_BATCH):
        chunk = keys[start : start + MAX_BATCH]
        try:
            _versioned(saver, conn, lambda version, chunk=chunk: saver.web.delete(chunk, version))
        except ZoteroError:
            return


def _versioned(saver, conn, write):
    """Run a versioned write at the synced library version, once more if it moved on."""
    for attempt in range(2):
        version = library_index.sync(conn, saver.web)
        try:
            return write(version)
        except LibraryChanged:
            if attempt:
                raise
    return None
