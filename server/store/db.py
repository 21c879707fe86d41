"""The database: one SQLite file, its versioned schema, and connections to it.

WAL mode lets readers go on while an ingest writes; an ingest is one transaction (a long CLI
ingest, a few: see batches.py), so readers see all of it or none of it.

SQLite's storage failures leave here as papershelf's (faults.py): a lock held past the busy
timeout, a read-only file, folder or mount, a full disk, a file that is no database.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from server.errors import PapershelfError
from server.store.faults import (
    DatabaseReadOnly,
    DatabaseUnusable,
    read_only_message,
    storage_fault,
)

# Each entry moves the schema from version i to i + 1. Never edit a shipped entry: add one.
MIGRATIONS: list[str] = [
    # 1: papers, their full-text index, old ids, and what was saved to Zotero.
    """
    CREATE TABLE papers (
        id TEXT PRIMARY KEY,
        arxiv_id TEXT UNIQUE,
        title_key TEXT NOT NULL,
        published TEXT,
        featured TEXT,
        upvotes INTEGER,
        has_code INTEGER NOT NULL DEFAULT 0,
        data TEXT NOT NULL,
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX papers_title_key ON papers (title_key);
    CREATE INDEX papers_sort_date ON papers (coalesce(featured, published));
    CREATE INDEX papers_published ON papers (published);
    CREATE INDEX papers_upvotes ON papers (upvotes);
    CREATE VIRTUAL TABLE papers_fts USING fts5 (
        title, abstract, authors, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE aliases (
        old_id TEXT PRIMARY KEY,
        paper_id TEXT NOT NULL
    );
    CREATE TABLE saved (
        paper_id TEXT NOT NULL,
        target TEXT NOT NULL,
        library TEXT NOT NULL,
        zotero_key TEXT,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (paper_id, target, library)
    );
    """,
    # 2: what each upstream fetch brought, and an HTTP cache for conditional requests.
    """
    CREATE TABLE fetches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        listing TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        message TEXT
    );
    CREATE INDEX fetches_listing ON fetches (listing, started_at);
    CREATE TABLE http_cache (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        body BLOB NOT NULL,
        fetched_at TEXT NOT NULL
    );
    """,
    # 3: Zotero: a save's claim on a paper (one save per paper per target, across threads and
    # processes), and an index of each web library's items by identifier, kept by syncing.
    """
    CREATE TABLE zotero_claims (
        paper_id TEXT NOT NULL,
        target TEXT NOT NULL,
        scope TEXT NOT NULL,
        owner TEXT NOT NULL,
        expires REAL NOT NULL,
        state TEXT NOT NULL,
        item_key TEXT,
        message TEXT,
        PRIMARY KEY (paper_id, target, scope)
    );
    CREATE TABLE zotero_items (
        library TEXT NOT NULL,
        item_key TEXT NOT NULL,
        version INTEGER NOT NULL,
        top_level INTEGER NOT NULL,
        arxiv_id TEXT,
        doi TEXT,
        title_key TEXT,
        PRIMARY KEY (library, item_key)
    );
    CREATE INDEX zotero_items_arxiv ON zotero_items (library, arxiv_id);
    CREATE INDEX zotero_items_doi ON zotero_items (library, doi);
    CREATE INDEX zotero_items_title ON zotero_items (library, title_key);
    CREATE TABLE zotero_libraries (
        library TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        synced_at TEXT NOT NULL
    );
    """,
    # 4: published versions of papers (kept, withdrawn ones too) and each paper's last check.
    """
    CREATE TABLE published_versions (
        paper_id TEXT NOT NULL,
        identity TEXT NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        found_at TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        PRIMARY KEY (paper_id, identity)
    );
    CREATE INDEX published_versions_status ON published_versions (status, paper_id);
    CREATE TABLE venue_checks (
        paper_id TEXT PRIMARY KEY,
        outcome TEXT NOT NULL,
        message TEXT,
        checked_at TEXT NOT NULL
    );
    CREATE INDEX venue_checks_checked ON venue_checks (checked_at);
    """,
    # 5: scale. Sort keys that are never NULL and an index for each sort (a page costs the same
    # at any depth); a search key in date order, so that a search walks its matches newest
    # first; a full-text index that keeps no second copy of the text (external content read
    # from `data`, kept in step by triggers) and stems English words; the store's generation,
    # change time and paper count in one row (ETags and /api/health without a scan); each
    # paper's citation key base (BibTeX exports know clashes before the first entry). A published
    # version found, replaced or withdrawn changes exports and feeds as a paper does: it moves
    # the generation too.
    """
    ALTER TABLE papers ADD COLUMN sort_day TEXT
        GENERATED ALWAYS AS (coalesce(featured, published, '')) VIRTUAL;
    ALTER TABLE papers ADD COLUMN undated INTEGER
        GENERATED ALWAYS AS (featured IS NULL AND published IS NULL) VIRTUAL;
    ALTER TABLE papers ADD COLUMN upvote_rank INTEGER
        GENERATED ALWAYS AS (coalesce(upvotes, -1)) VIRTUAL;
    ALTER TABLE papers ADD COLUMN search_key INTEGER;
    ALTER TABLE papers ADD COLUMN cite_base TEXT;
    UPDATE papers SET search_key = numbered.day * 2097152 + numbered.n
    FROM (
        SELECT rowid AS r,
               coalesce(CAST(julianday(nullif(sort_day, '')) - 1721424.5 AS INTEGER), 0) AS day,
               row_number() OVER (PARTITION BY sort_day ORDER BY rowid) AS n
        FROM papers
    ) AS numbered
    WHERE papers.rowid = numbered.r;
    DROP INDEX papers_sort_date;
    DROP INDEX papers_published;
    DROP INDEX papers_upvotes;
    CREATE UNIQUE INDEX papers_search_key ON papers (search_key);
    CREATE INDEX papers_newest ON papers (sort_day DESC, id, upvote_rank, has_code);
    CREATE INDEX papers_oldest ON papers (undated, sort_day, id, upvote_rank, has_code);
    CREATE INDEX papers_most_upvoted ON papers (upvote_rank DESC, sort_day DESC, id, has_code);
    CREATE INDEX papers_cite_base ON papers (cite_base, id);
    DROP TABLE papers_fts;
    CREATE VIEW papers_text (search_key, title, abstract, authors) AS
        SELECT search_key,
               json_extract(data, '$.title'),
               coalesce(json_extract(data, '$.abstract'), ''),
               coalesce((SELECT group_concat(value, ' ') FROM json_each(data, '$.authors')), '')
        FROM papers;
    CREATE VIRTUAL TABLE papers_fts USING fts5 (
        title, abstract, authors,
        content = 'papers_text', content_rowid = 'search_key',
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO papers_fts (rowid, title, abstract, authors)
        SELECT search_key, title, abstract, authors FROM papers_text;
    CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts (rowid, title, abstract, authors)
            SELECT search_key, title, abstract, authors FROM papers_text
            WHERE search_key = new.search_key;
    END;
    CREATE TRIGGER papers_fts_delete BEFORE DELETE ON papers BEGIN
        INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors)
            SELECT 'delete', search_key, title, abstract, authors FROM papers_text
            WHERE search_key = old.search_key;
    END;
    CREATE TRIGGER papers_fts_update_old BEFORE UPDATE OF data, search_key ON papers
    WHEN old.search_key IS NOT new.search_key
        OR json_extract(old.data, '$.title') IS NOT json_extract(new.data, '$.title')
        OR json_extract(old.data, '$.abstract') IS NOT json_extract(new.data, '$.abstract')
        OR json_extract(old.data, '$.authors') IS NOT json_extract(new.data, '$.authors')
    BEGIN
        INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors)
            SELECT 'delete', search_key, title, abstract, authors FROM papers_text
            WHERE search_key = old.search_key;
    END;
    CREATE TRIGGER papers_fts_update_new AFTER UPDATE OF data, search_key ON papers
    WHEN old.search_key IS NOT new.search_key
        OR json_extract(old.data, '$.title') IS NOT json_extract(new.data, '$.title')
        OR json_extract(old.data, '$.abstract') IS NOT json_extract(new.data, '$.abstract')
        OR json_extract(old.data, '$.authors') IS NOT json_extract(new.data, '$.authors')
    BEGIN
        INSERT INTO papers_fts (rowid, title, abstract, authors)
            SELECT search_key, title, abstract, authors FROM papers_text
            WHERE search_key = new.search_key;
    END;
    CREATE TABLE store_state (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        generation INTEGER NOT NULL,
        changed_at TEXT,
        papers INTEGER NOT NULL,
        cite_scheme TEXT
    );
    INSERT INTO store_state (singleton, generation, changed_at, papers)
        SELECT 1, 1, max((SELECT max(updated_at) FROM papers),
                         coalesce((SELECT max(changed_at) FROM published_versions), '')),
               count(*) FROM papers;
    CREATE TRIGGER papers_count_insert AFTER INSERT ON papers BEGIN
        UPDATE store_state SET papers = papers + 1;
    END;
    CREATE TRIGGER papers_count_delete AFTER DELETE ON papers BEGIN
        UPDATE store_state SET papers = papers - 1;
    END;
    CREATE TRIGGER published_versions_insert AFTER INSERT ON published_versions BEGIN
        UPDATE store_state SET generation = generation + 1,
            changed_at = max(coalesce(changed_at, ''), new.changed_at);
    END;
    CREATE TRIGGER published_versions_update AFTER UPDATE ON published_versions BEGIN
        UPDATE store_state SET generation = generation + 1,
            changed_at = max(coalesce(changed_at, ''), new.changed_at);
    END;
    CREATE TRIGGER published_versions_delete AFTER DELETE ON published_versions BEGIN
        UPDATE store_state SET generation = generation + 1;
    END;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNewError(PapershelfError):
    """The database was written by a newer papershelf; refusing to touch it."""


# A new database gets 16 KiB pages: a paper's row (about 2 KB of JSON) then shares its page with
# others instead of taking a 4 KiB page of its own. An existing file keeps its page size.
PAGE_SIZE = 16384


def open_connection(path: str | Path, busy_timeout: float = 30.0) -> sqlite3.Connection:
    """A connection to a database already migrated (a server thread opens one, once), with
    the same handling of read-only and faulty storage as `connect`."""
    try:
        conn = _open(path, busy_timeout)
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        _raise_fault(exc, path)
        raise
    return conn


def connect(path: str | Path, busy_timeout: float = 30.0) -> sqlite3.Connection:
    """A connection with the schema migrated to the current version.

    Writes wait up to `busy_timeout` seconds for another writer's lock. A database papershelf
    may not write (read-only file, folder or mount) opens for reading; writes to it raise
    DatabaseReadOnly.
    """
    try:
        conn = _open(path, busy_timeout)
    except sqlite3.Error as exc:
        _raise_fault(exc, path)
        raise
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except DatabaseReadOnly:
        conn.close()
        raise DatabaseReadOnly(
            f"{read_only_message(path)}, and it needs upgrading to this papershelf's schema: "
            "open it once where it can be written"
        ) from None
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            _raise_fault(exc, path)
        raise
    return conn


def _raise_fault(exc: sqlite3.Error, path: str | Path) -> None:
    """Raise the StorageError for a storage failure; return for anything else (a bug)."""
    fault = storage_fault(exc, path)
    if fault is not None:
        raise fault from exc


def _open(path: str | Path, busy_timeout: float) -> sqlite3.Connection:
    if str(path) == ":memory:":
        return _connect(":memory:", busy_timeout)
    folder = Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnusable(
            f"cannot create the folder {folder} for the database: {exc.strerror}"
        ) from None
    conn = _connect(str(path), busy_timeout)
    try:
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # takes effect on a new file only
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.OperationalError as exc:
        conn.close()
        if not _folder_read_only(exc, path):
            raise
        return _open_read_only(Path(path), busy_timeout)
    return conn


def _connect(target: str, busy_timeout: float, uri: bool = False) -> sqlite3.Connection:
    # isolation_level=None: we open transactions ourselves (see `transaction`).
    conn = sqlite3.connect(
        target, timeout=busy_timeout, isolation_level=None, check_same_thread=False, uri=uri
    )
    conn.row_factory = sqlite3.Row
    return conn


def _folder_read_only(exc: sqlite3.OperationalError, path: str | Path) -> bool:
    """SQLite cannot make the -wal and -shm files beside an existing database."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_READONLY_DIRECTORY:
        return True
    return code is not None and code & 0xFF == sqlite3.SQLITE_CANTOPEN and Path(path).is_file()


def _open_read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """The database in a read-only folder or on a read-only mount, for reading.

    With its -shm file present SQLite reads it as usual (mode=ro). Without, it can only read
    the file as it stands (immutable), which is all of it unless changes wait in a -wal file.
    """
    uri = path.resolve().as_uri()
    conn = _connect(f"{uri}?mode=ro", busy_timeout, uri=True)
    try:
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    wal = Path(f"{path}-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        raise DatabaseReadOnly(
            f"{read_only_message(path)}, and its latest changes wait in {wal.name}, which "
            "cannot be read here: open it once where it can be written"
        )
    return _connect(f"{uri}?immutable=1", busy_timeout, uri=True)


def _use_wal(conn: sqlite3.Connection, attempts: int = 50) -> None:
    """Switch the file to WAL (it stays so). Connections racing to switch a new file get
    "database is locked" at once, without SQLite's busy wait: wait and look again."""
    for attempt in range(attempts):
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode == sqlite3.SQLITE_READONLY:
                return  # a read-only file keeps its journal mode; it is only read
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date, each step in its own transaction. Returns the version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"database schema version {version} is newer than this papershelf "
            f"({SCHEMA_VERSION}); upgrade papershelf"
        )
    for number in range(version, SCHEMA_VERSION):
        with transaction(conn):
            if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                continue  # another connection ran this step while we waited for the lock
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
    from server.store.cite_keys import refresh_cite_bases  # it writes through this module

    refresh_cite_bases(conn)
    return SCHEMA_VERSION


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception: all or nothing.

    A lock wait past the busy timeout, a read-only database and a full disk raise their
    StorageError; nothing of the transaction is stored then.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        _raise_fault(exc, database_path(conn))
        raise
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        rollback_if_open(conn)
        if isinstance(exc, sqlite3.Error):
            _raise_fault(exc, database_path(conn))
        raise


def rollback_if_open(conn: sqlite3.Connection) -> None:
    """End a transaction left open (SQLite has already rolled back after some errors, such
    as a full disk, so there may be none)."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def database_path(conn: sqlite3.Connection) -> str:
    """The file behind a connection (for messages)."""
    try:
        return conn.execute("PRAGMA database_list").fetchone()[2] or ":memory:"
    except sqlite3.Error:
        return "(the database)"


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit mid-transaction)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
