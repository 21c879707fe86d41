"""Requests that can cost much (a search, a whole export) take one of a few slots, so they can
never hold every server thread: with all slots busy the next one answers 503 with
Retry-After at once, and the other threads stay free for everything else (/api/health, pages
without a search, feeds and their 304s).

A search also gets a time budget: SQLite is told to stop it past SEARCH_BUDGET seconds (the
answer is the same 503). Word caps and the search design bound most searches far below it.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app

from server.errors import Overloaded

EXTENSION_KEY = "papershelf.heavy"
DEFAULT_THREADS = 8  # waitress's threads when `serve --threads` is not given
SEARCH_BUDGET = 5.0  # seconds
RETRY_AFTER = 1  # seconds
_CHECK_EVERY = 1000  # SQLite virtual machine steps between looks at the clock


class Busy(Overloaded):
    """Every slot is taken, or the search ran out of time: a 503 with Retry-After (the error
    handlers answer it like every Overloaded)."""

    retry_after = RETRY_AFTER

    def __init__(self, reason: str) -> None:
        super().__init__(f"busy: {reason}; try again in {RETRY_AFTER} s")


class HeavyRequests:
    def __init__(self, threads: int) -> None:
        self.slots = max(1, threads - 2)  # two threads always left for light requests
        self._free = threading.BoundedSemaphore(self.slots)

    def acquire(self) -> None:
        if not self._free.acquire(blocking=False):
            raise Busy("every slot for searches and exports is taken")

    def release(self) -> None:
        self._free.release()


def heavy_requests() -> HeavyRequests:
    app = current_app
    limits = app.extensions.get(EXTENSION_KEY)
    if limits is None:
        threads = int(app.config.get("SERVER_THREADS") or DEFAULT_THREADS)
        limits = app.extensions.setdefault(EXTENSION_KEY, HeavyRequests(threads))
    return limits


@contextmanager
def search_slot(conn: sqlite3.Connection, budget: float | None = None) -> Iterator[None]:
    """Run a search in a slot, stopped by SQLite past `budget` seconds (default
    SEARCH_BUDGET); raises Busy."""
    budget = SEARCH_BUDGET if budget is None else budget
    limits = heavy_requests()
    limits.acquire()
    deadline = time.monotonic() + budget
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), _CHECK_EVERY)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise Busy(f"the search took longer than {budget:g} s") from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
        limits.release()


class HeldWhileSent:
    """A streamed body that holds a slot until it is sent, the client goes away (the server
    closes it) or it is dropped unsent."""

    def __init__(self, make_chunks) -> None:
        self._released = True  # nothing to give back unless the slot is taken
        self._limits = heavy_requests()
        self._limits.acquire()
        self._released = False
        try:
            self._chunks = make_chunks()
        except BaseException:
            self.close()
            raise

    def __iter__(self) -> Iterator[str]:
        try:
            yield from self._chunks
        finally:
            self.close()

    def close(self) -> None:
        if not self._released:
            self._released = True
            self._limits.release()

    __del__ = close


def listing_page(query):
    """A page of papers for this request; a search takes a slot and a time budget."""
    from server import store
    from server.app import get_db

    conn = get_db()
    if not query.q:
        return store.query_papers(conn, query)
    with search_slot(conn):
        return store.query_papers(conn, query)
