"""Per-paper save results, and the messages that say what happened."""

from __future__ import annotations

from dataclasses import dataclass

from server.zotero.errors import ZoteroError

STATUSES = ("saved", "exists", "failed", "uncertain")


@dataclass
class SaveResult:
    id: str
    status: str  # one of STATUSES; "uncertain": it may be in Zotero, check, then --force
    zotero_key: str | None = None
    message: str = ""

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "zotero_key": self.zotero_key,
            "message": self.message,
        }


def failed(paper_id: str, exc: ZoteroError | str) -> SaveResult:
    return SaveResult(paper_id, "failed", None, f"not saved: {exc}")


def exists(paper_id: str, library: str, key: str | None) -> SaveResult:
    where = f"item {key}" if key else "saved before"
    return SaveResult(paper_id, "exists", key, f"already in your library ({library}, {where})")
