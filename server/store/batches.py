"""A long ingest stored in short transactions, so that no write holds the lock for long.

One transaction for a 200,000-paper page holds SQLite's write lock for most of a minute, and
every other writer (the server's API) waits or gives up. In batches of about a second each,
with a pause between them for a waiting writer to get in, the lock is never held long. Each
batch is all or nothing; when one fails, the batches before it stay stored and the error says
how many papers that was.
"""

from __future__ import annotations

import sqlite3
import time

from server.errors import PapershelfError
from server.models import Paper
from server.store.papers import IngestResult, ingest

BATCH_SECONDS = 1.0  # how long one transaction may hold the write lock, about
PAUSE_SECONDS = 0.1  # SQLite's busy wait polls every 100 ms: one poll lands in the gap
FIRST_BATCH = 500  # about a tenth of a second of the seed's papers
MAX_BATCH = 20_000


class IngestStopped(PapershelfError):
    """A batch failed: `stored` holds what the batches before it stored, `cause` why."""

    def __init__(self, stored: IngestResult, total: int, cause: PapershelfError):
        count = len(stored.ids)
        super().__init__(
            f"stored {count} of {total} papers, then stopped: {cause}" if count else str(cause)
        )
        self.stored = stored
        self.total = total
        self.cause = cause


def ingest_in_batches(
    conn: sqlite3.Connection,
    papers: list[Paper],
    seconds: float = BATCH_SECONDS,
    pause: float = PAUSE_SECONDS,
    first: int = FIRST_BATCH,
) -> IngestResult:
    """Store papers in transactions of about `seconds` each (the first of `first` papers);
    IngestStopped when one fails."""
    result, start, size = IngestResult(), 0, first
    while start < len(papers):
        if start:
            time.sleep(pause)
        batch = papers[start : start + size]
        began = time.monotonic()
        try:
            stored = ingest(conn, batch)
        except PapershelfError as exc:
            raise IngestStopped(result, len(papers), exc) from exc
        _add(result, stored)
        start += len(batch)
        size = next_batch_size(size, time.monotonic() - began, seconds)
    return result


def next_batch_size(size: int, took: float, seconds: float) -> int:
    """The size that should take about `seconds`, growing at most twofold per batch."""
    fitting = size * seconds / max(took, 1e-6)
    return max(1, min(MAX_BATCH, 2 * size, int(fitting)))


def _add(total: IngestResult, part: IngestResult) -> None:
    total.added += part.added
    total.updated += part.updated
    total.unchanged += part.unchanged
    total.ids.extend(part.ids)
