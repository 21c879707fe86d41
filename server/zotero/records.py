"""Per-paper save results, and our record of what was saved where (the `saved` table)."""

from __future__ import annotations

from dataclasses import dataclass

from server.store.saved import record, records
from server.zotero.errors import ZoteroError

__all__ = ["SaveResult", "fail", "not_saved", "record", "records"]


@dataclass
class SaveResult:
    id: str
    status: str  # "saved" | "exists" | "failed"
    zotero_key: str | None = None
    message: str = ""

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "zotero_key": self.zotero_key,
            "message": self.message,
        }


def fail(papers, positions, results, exc, lookup: bool = True) -> None:
    """Mark the papers at `positions` that have no result yet as failed because of `exc`."""
    for i in positions:
        if results[i] is None:
            results[i] = SaveResult(papers[i].id, "failed", None, not_saved(exc, lookup))


def not_saved(exc: ZoteroError | None, lookup: bool = True) -> str:
    """The message for a paper not saved; `lookup`: the target can be searched before a retry."""
    if exc is not None and exc.uncertain:
        advice = (
            "saving again is safe: papershelf looks for it first"
            if lookup
            else "check Zotero before saving again"
        )
        return f"not confirmed: {exc}; it may have reached Zotero: {advice}"
    return f"not saved: {exc}"
