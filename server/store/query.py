"""What a listing asks for (`PaperQuery`) and what it gets (`Page`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from server.errors import InputError
from server.models import Paper
from server.store.cursors import Cursor

SORTS = ("newest", "oldest", "upvotes", "relevance")
MAX_LIMIT = 500


class QueryError(InputError):
    """A filter value that cannot be used; the message names the parameter."""


@dataclass(frozen=True)
class PaperQuery:
    """Filters shared by the JSON API, the feeds and the exports."""

    q: str | None = None
    since: date | None = None
    until: date | None = None
    min_upvotes: int | None = None
    has_code: bool | None = None
    sort: str | None = None  # one of SORTS; default relevance with q, else newest
    limit: int = 50
    offset: int = 0  # rows to skip before the page (kept for callers; cursors are cheaper)
    after: Cursor | None = None  # where the previous page ended

    def effective_sort(self) -> str:
        return self.sort or ("relevance" if self.q else "newest")


class Page(NamedTuple):
    """A page of papers and the cursor of the next one (None on the last page).

    Unpacks as `papers, more`: the cursor is true exactly when more follow."""

    papers: list[Paper]
    next_cursor: str | None

    @property
    def more(self) -> bool:
        return self.next_cursor is not None
