"""The store's state, read again only when SQLite says a transaction has committed since.

In WAL mode each SQLite connection begins a read by comparing the wal-index header, the first
bytes of the `-shm` file that every connection to the database maps, with its own last copy:
unchanged, nothing has committed and its page cache is still good. Every commit rewrites the
header with a new change counter (sqlite.org/walformat.html, "The WAL-Index Header": two
copies of a 48-byte header at offsets 0 and 48, `iChange` moved by each transaction, `isInit`
at byte 12; SQLite writes the second copy first, so equal copies are a whole header).

`StateWatch` makes the same test for the store's state row. The state is read by a query
(`read`), as before, and kept with the header seen before that query; while the header is
the same, no process has committed anything, and the kept state is the state. A request then
makes no query: on a busy server each query costs three hand-offs of Python's GIL between
threads, which cost more than everything else a kept answer takes.

Where this cannot be known (a database not in WAL mode, no `-shm` file, a header being
written), every call reads the state, as before.

The `-shm` file is opened here once per process and never closed: closing any descriptor of
a file drops every POSIX lock the process holds on it (fcntl(2)), SQLite's own included
(sqlite.org/howtocorrupt.html, section 2.2). While a connection of this process is open,
SQLite neither truncates nor deletes that file (it does so only as the first or last
connection of all), so the mapping always reads the live header; the watch keeps the
connection it first read through so that one stays open.
"""

from __future__ import annotations

import mmap
import os
import sqlite3
import threading
import weakref
from collections.abc import Callable

from server.store.state import StoreState

HEADER = 48  # bytes of one copy of the wal-index header
IS_INIT = 12  # its `isInit` byte: 1 once the header is written

# -shm path -> (its file's device and inode, a mapping of its header), for the process's life.
_maps: dict[str, tuple[tuple[int, int], mmap.mmap | None]] = {}
_maps_lock = threading.Lock()
_watches: weakref.WeakSet[StateWatch] = weakref.WeakSet()


class StateWatch:
    def __init__(self, read: Callable[[sqlite3.Connection], StoreState]) -> None:
        self._read = read
        self._header: mmap.mmap | None = None
        self._found = False  # whether the header was looked for
        self._kept: tuple[bytes, StoreState] | None = None  # (header, state read after it)
        self._keeper: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        _watches.add(self)

    def state(self, conn: sqlite3.Connection) -> StoreState:
        """The store's state as `read(conn)` would give it now."""
        header = self._header
        if header is None:
            return self._first(conn) if not self._found else self._read(conn)
        seen = header[: 2 * HEADER]
        kept = self._kept
        if kept is not None and kept[0] == seen:
            return kept[1]
        state = self._read(conn)
        if is_whole(seen):
            self._kept = (seen, state)
        return state

    def _first(self, conn: sqlite3.Connection) -> StoreState:
        state = self._read(conn)  # in WAL mode this maps the -shm file, as every read does
        with self._lock:
            if not self._found:
                self._header = wal_index_header(conn)
                self._keeper = conn if self._header is not None else None
                self._found = True
        return state

    def _forget(self) -> None:
        """In a forked child: look again, through the child's own connection."""
        self._header, self._found, self._kept, self._keeper = None, False, None, None


def is_whole(header: bytes) -> bool:
    """Whether `header` (both copies) is a written header, not one being rewritten."""
    return header[IS_INIT] == 1 and header[:HEADER] == header[HEADER:]


def wal_index_header(conn: sqlite3.Connection) -> mmap.mmap | None:
    """A read-only mapping of the wal-index header of `conn`'s database, or None when it has
    none (not WAL mode, an in-memory or temporary database, no readable `-shm` file)."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        return None
    database = next((file for _seq, name, file in conn.execute("PRAGMA database_list")
                     if name == "main"), "")  # fmt: skip
    if not database:
        return None
    path = database + "-shm"  # named as SQLite names it, from the path it reports
    with _maps_lock:
        try:
            found = os.stat(path)
        except OSError:
            return None
        known = _maps.get(path)
        if known is None or known[0] != (found.st_dev, found.st_ino):  # a new file there
            known = _maps[path] = _mapped(path)
        return known[1]


def _mapped(path: str) -> tuple[tuple[int, int], mmap.mmap | None]:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return (0, 0), None
    # Never closed (see the module's docstring), even when it cannot be used.
    opened = os.fstat(descriptor)
    identity = (opened.st_dev, opened.st_ino)
    if opened.st_size < 2 * HEADER:
        return identity, None
    try:
        return identity, mmap.mmap(descriptor, 2 * HEADER, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # ValueError: shorter than the header since the fstat
        return identity, None


def _forget_after_fork() -> None:
    for watch in list(_watches):
        watch._forget()


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_forget_after_fork)
