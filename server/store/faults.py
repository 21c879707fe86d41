"""SQLite's failures said plainly: busy, read-only, disk full, unusable.

SQLite reports them as `sqlite3.OperationalError` with an error code; papershelf answers each
kind one way (HTTP status, one CLI line), so the store turns them into these errors.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from server.errors import StorageError

BUSY_RETRY_AFTER = 5  # seconds: CLI ingests commit in batches of about a second


class DatabaseBusy(StorageError):
    """Another connection held the write lock longer than the busy timeout."""

    retry_after = BUSY_RETRY_AFTER


class DatabaseReadOnly(StorageError):
    """The file, its folder or its mount cannot be written: reads work, writes do not."""


class DiskFull(StorageError):
    """The disk (or the database's page limit) is full: the write was rolled back."""


class DatabaseUnusable(StorageError):
    """The file cannot be opened as papershelf's database at all."""


def storage_fault(exc: sqlite3.Error, path: str | Path | None) -> StorageError | None:
    """The papershelf error for a SQLite failure of the database at `path` (None: unknown),
    or None when it is not a storage fault (a bug such as bad SQL stays a bug)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = None if code is None else code & 0xFF
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DatabaseBusy("the database is busy: another papershelf is writing; try again")
    if primary == sqlite3.SQLITE_READONLY:
        return DatabaseReadOnly(read_only_message(path))
    if primary == sqlite3.SQLITE_FULL:
        return DiskFull(f"disk full: {_named(path)} cannot grow; nothing of this write was stored")
    if primary in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return DatabaseUnusable(f"cannot open {_named(path)}: {_reason(path)}")
    if primary in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        what = path or "the database"
        return DatabaseUnusable(f"{what} is not a papershelf database, or it is damaged ({exc})")
    if primary == sqlite3.SQLITE_IOERR:
        return DatabaseUnusable(f"the disk failed reading or writing {_named(path)} ({exc})")
    return None


def read_only_message(path: str | Path | None) -> str:
    return f"{_named(path)} is read-only: papershelf can show it but not change it"


def _named(path: str | Path | None) -> str:
    return f"the database {path}" if path else "the database"


def _reason(path: str | Path | None) -> str:
    if path is None:
        return "permission denied, or its folder is missing or read-only"
    folder = Path(path).parent
    if Path(path).is_dir():
        return "it is a folder"
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    if not Path(path).exists():
        return f"cannot create it in {folder} (is the folder read-only?)"
    return "permission denied or the file is locked by another program"
