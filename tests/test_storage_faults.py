"""Busy, full and unusable databases, said plainly: the API answers 503 (Retry-After) or 507
with one message, every command ends in one line and exit 1, and nothing stored is lost.

A held lock is a real second writer; a full disk is SQLite's page limit (`max_page_count`),
which fails a write exactly as a full disk does (SQLITE_FULL); read-only databases are in
test_read_only.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from contextlib import contextmanager

import pytest

from server import store
from server.app import create_app
from server.store import db
from tests.conftest import ROOT, SEED, TEST_TOKEN

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
BUSY = "the database is busy: another papershelf is writing; try again"


def many_papers(count: int, start: int = 0) -> str:
    """Hugging Face API JSON for `count` papers with long abstracts (about two pages each)."""
    return json.dumps(
        [
            {
                "paper": {
                    "id": f"2601.{n:05d}",
                    "title": f"Generated Paper Number {n}",
                    "summary": "word " * 400,
                    "authors": [{"name": "Ada Lovelace"}],
                    "upvotes": n % 50,
                }
            }
            for n in range(start, start + count)
        ]
    )


def stored_papers(path) -> dict:
    conn = db.connect(path)
    try:
        return {p.id: p.to_json() for p in store.iter_all(conn, store.PaperQuery())}
    finally:
        conn.close()


@pytest.fixture
def path(tmp_path):
    return tmp_path / "papershelf.sqlite3"


@pytest.fixture
def holder(path):
    """A second writer holding the write lock, as a long ingest in another process would."""
    conn = db.connect(path)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


@pytest.fixture
def impatient(path):
    """The server, waiting 0.2 s for a lock instead of 10."""
    app = create_app(
        {"TESTING": True, "DATABASE": str(path), "API_TOKEN": TEST_TOKEN, "DB_BUSY_TIMEOUT": 0.2}
    )
    return app.test_client()


@pytest.fixture
def page_limit(monkeypatch):
    """Every connection opened from now on may grow the file by only `extra` 4 KiB pages'
    worth (a new database has larger pages)."""

    def limit(extra: int) -> None:
        for name in ("connect", "open_connection"):
            real = getattr(db, name)

            def connect(path, *args, real=real, **kwargs):
                conn = real(path, *args, **kwargs)
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                size = conn.execute("PRAGMA page_size").fetchone()[0]
                room = max(1, extra * 4096 // size)
                conn.execute(f"PRAGMA max_page_count = {pages + room}").fetchone()
                return conn

            monkeypatch.setattr(db, name, connect)

    return limit


def test_a_write_kept_waiting_past_the_timeout_is_a_503_with_retry_after(impatient, holder):
    assert impatient.get("/api/papers").status_code == 200  # reads go on meanwhile
    reply = impatient.post("/api/ingest", data=SEED.read_bytes(), headers=AUTH)
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "5"
    assert reply.get_json() == {"error": "unavailable", "message": BUSY}
    holder.execute("COMMIT")  # the other writer is done: the same request now goes in
    again = impatient.post("/api/ingest", data=SEED.read_bytes(), headers=AUTH)
    assert (again.status_code, again.get_json()["added"]) == (200, 45)


def test_a_busy_library_save_is_a_503_too(impatient, holder):
    reply = impatient.post(
        "/api/library/items", json={"papers": [{"title": "A Card"}]}, headers=AUTH
    )
    assert (reply.status_code, reply.get_json()["message"]) == (503, BUSY)


def test_the_cli_says_the_database_is_busy_in_one_line(path, holder):
    run = subprocess.run(
        [sys.executable, "-m", "server", "ingest", str(SEED), "--db", str(path)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={"PATH": "/usr/bin:/bin", "PAPERSHELF_DB_BUSY_TIMEOUT": "0.3"},
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr == f"Error: {SEED}: {BUSY}\n"
    assert run.stdout == "0 added, 0 updated, 0 unchanged, 0 problems\n"


@pytest.mark.parametrize(
    "args", [("fetch", "--date", "2025-12-24"), ("enrich",)], ids=lambda a: a[0]
)
def test_fetch_and_enrich_say_busy_in_one_line(cli, hf_env, path, args):
    cli("ingest", SEED, "--db", path)
    with held_lock(path):
        result = cli(*args, "--db", path, env={"DB_BUSY_TIMEOUT": 0.2})
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: {BUSY}"


def test_save_says_busy_in_one_line(cli, path):
    from tests.doubles.zotero_web import ZoteroWebDouble, web_config

    page = path.parent / "card.json"
    page.write_text(json.dumps({"items": [{"arxiv_id": "2512.00001", "title": "A Card"}]}))
    cli("ingest", page, "--db", path)
    with ZoteroWebDouble() as zotero, held_lock(path):
        result = cli(
            "save", "2512.00001", "--db", path, env=web_config(zotero, DB_BUSY_TIMEOUT=0.2)
        )
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: {BUSY}"


@contextmanager
def held_lock(path):
    conn = db.connect(path)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_a_full_disk_is_a_507_and_loses_nothing(path, impatient, page_limit):
    assert impatient.post("/api/ingest", data=SEED.read_bytes(), headers=AUTH).status_code == 200
    before = stored_papers(path)
    page_limit(20)
    # A server thread keeps its connection: the disk fills under a server started now.
    impatient = create_app(
        {"TESTING": True, "DATABASE": str(path), "API_TOKEN": TEST_TOKEN, "DB_BUSY_TIMEOUT": 0.2}
    ).test_client()
    reply = impatient.post("/api/ingest", data=many_papers(300).encode(), headers=AUTH)
    assert reply.status_code == 507
    assert reply.get_json() == {
        "error": "insufficient_storage",
        "message": f"disk full: the database {path} cannot grow; nothing of this write was stored",
    }
    assert stored_papers(path) == before
    assert impatient.get("/api/health").get_json()["papers"] == 45  # still serving


def test_a_cli_ingest_stopped_by_a_full_disk_says_what_it_stored(cli, tmp_path, page_limit):
    cli("ingest", SEED)
    before = stored_papers(cli.db_path)
    page = tmp_path / "many.json"
    page.write_text(many_papers(3000))
    page_limit(2000)  # room for about 900 of them: the first batch (500), not the second
    result = cli("ingest", page)
    assert result.exit_code == 1
    *_, summary, error = result.output.splitlines()
    found = re.fullmatch(
        rf"Error: {page}: stored (\d+) of 3000 papers, then stopped: disk full: the database "
        rf"{cli.db_path} cannot grow; nothing of this write was stored",
        error,
    )
    assert found, error
    count = int(found[1])
    assert 0 < count < 3000
    assert summary == f"{count} added, 0 updated, 0 unchanged, 0 problems"
    after = stored_papers(cli.db_path)
    assert len(after) == 45 + count  # exactly what the report says: whole batches
    assert {k: after[k] for k in before} == before


def test_the_next_file_is_not_started_after_the_database_stops_an_ingest(cli, tmp_path, page_limit):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(many_papers(500))
    second.write_text(many_papers(10, start=900))
    page_limit(10)
    result = cli("ingest", first, second)
    assert result.output.splitlines()[-1] == (
        f"Error: {first}: disk full: the database {cli.db_path} cannot grow; nothing of this "
        "write was stored; 1 more files not ingested"
    )
    assert result.exit_code == 1


UNUSABLE = {
    "a folder": lambda tmp: (tmp, f"cannot open the database {tmp}: it is a folder"),
    "not a database": lambda tmp: (
        _write(tmp / "notes.sqlite3", "shopping list\n"),
        f"{tmp / 'notes.sqlite3'} is not a papershelf database, or it is damaged "
        "(file is not a database)",
    ),
    "under a file": lambda tmp: (
        _write(tmp / "file.txt", "x") / "sub" / "p.sqlite3",
        f"cannot create the folder {tmp / 'file.txt' / 'sub'} for the database: Not a directory",
    ),
    "newer schema": lambda tmp: (
        _newer(tmp / "new.sqlite3"),
        f"database {tmp / 'new.sqlite3'}: database schema version {db.SCHEMA_VERSION + 1} is "
        f"newer than this papershelf ({db.SCHEMA_VERSION}); upgrade papershelf",
    ),
}
COMMANDS = [
    ("ingest", str(SEED)),
    ("list",),
    ("export", "--format", "bibtex"),
    ("fetch", "--date", "2025-12-24"),
    ("sync",),
    ("enrich",),
    ("venues",),
    ("save", "2512.20001"),
]


def _write(path, text):
    path.write_text(text)
    return path


def _newer(path):
    conn = db.connect(path)
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    conn.close()
    return path


@pytest.mark.parametrize("mode", UNUSABLE)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_every_command_says_an_unusable_database_in_one_line(cli, hf_env, tmp_path, mode, args):
    db_path, message = UNUSABLE[mode](tmp_path)
    result = cli(*args, env={"DATABASE": db_path})  # $PAPERSHELF_DB: --db checks for a folder
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"


def test_serve_says_an_unusable_database_in_one_line(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "server", "serve", "--port", "0"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={"PATH": "/usr/bin:/bin", "PAPERSHELF_DB": str(tmp_path)},
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr == f"Error: cannot open the database {tmp_path}: it is a folder\n"


def test_a_bug_is_one_line_naming_the_exception_never_a_traceback(cli, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(store, "query_papers", broken)
    result = cli("list")
    assert result.exit_code == 1
    assert re.fullmatch(
        r"Error: internal error: ZeroDivisionError at server/cli\.py:\d+; this is a papershelf "
        r"bug, please report it with the command you ran\n",
        result.output,
    )


def test_a_sql_bug_stays_a_500_with_its_traceback(impatient, monkeypatch, caplog):
    monkeypatch.setattr(store, "count_papers", lambda conn: conn.execute("SELEC 1"))
    reply = impatient.get("/api/health")
    assert reply.status_code == 500
    assert reply.get_json()["message"] == "internal error; see the server log"
    assert 'OperationalError: near "SELEC": syntax error' in caplog.text
    assert "Traceback (most recent call last)" in caplog.text


def test_a_lock_met_outside_a_transaction_is_busy_too(path, holder, impatient, monkeypatch):
    """Writes made outside `transaction` (single statements) meet the same answer."""
    monkeypatch.setattr(
        store, "count_papers", lambda conn: conn.execute("CREATE TABLE t (x)") and 0
    )
    reply = impatient.get("/api/health")
    assert (reply.status_code, reply.get_json()["message"]) == (503, BUSY)
