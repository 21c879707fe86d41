"""The store's state from memory between commits (server/store/state_watch.py): never older
than what another process or thread has committed, read again after every commit, and read
every time where SQLite gives no sign of change."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from server import store
from server.store import db
from server.store.state_watch import HEADER, IS_INIT, StateWatch, is_whole

ROOT = Path(__file__).resolve().parent.parent

# Another process that ingests one paper per line it reads and then prints the count.
WRITER = """
import sys
from server import store
from server.models import Paper
from server.store import db
conn = db.connect(sys.argv[1])
for line in sys.stdin:
    n = int(line)
    store.ingest(conn, [Paper(title=f"Paper number {n}", arxiv_id=f"2601.{n:05d}")])
    print(store.count_papers(conn), flush=True)
"""


def commit_elsewhere(database, statement: str) -> None:
    """`statement` committed by a connection of its own, as another process would."""
    with sqlite3.connect(database) as other:
        other.execute(statement)
    other.close()


class Counted:
    """`store.store_state`, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, conn: sqlite3.Connection) -> store.StoreState:
        self.calls += 1
        return store.store_state(conn)


@pytest.fixture
def database(tmp_path) -> Path:
    path = tmp_path / "watched.sqlite3"
    db.connect(path).close()
    return path


@pytest.fixture
def writer(database):
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(database)], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    numbers = iter(range(1, 10_000))

    def write() -> int:
        """One more paper, committed by the other process: the store's count after it."""
        process.stdin.write(f"{next(numbers)}\n")
        process.stdin.flush()
        return int(process.stdout.readline())

    yield write
    process.stdin.close()
    process.wait(30)
    process.stdout.close()


def test_the_state_is_read_again_only_after_a_commit(database, writer):
    conn = db.open_connection(database)
    read = Counted()
    watch = StateWatch(read)
    first = watch.state(conn)
    for _ in range(3):
        assert watch.state(conn) == first
    reads = read.calls
    for _ in range(100):
        assert watch.state(conn) == first
    assert read.calls == reads  # nothing committed: no query
    for _ in range(20):
        count = writer()
        state = watch.state(conn)
        assert state.papers == count and state.generation > first.generation
        assert watch.state(conn) == state
    assert read.calls == reads + 20


def test_no_thread_sees_a_state_older_than_a_finished_commit(database, writer):
    watch = StateWatch(store.store_state)
    committed = [0]
    older: list[tuple[int, int]] = []
    done = threading.Event()

    def reader() -> None:
        conn = db.open_connection(database)
        while not done.is_set():
            floor = committed[0]  # finished before this read began
            seen = watch.state(conn).papers
            if seen < floor:
                older.append((seen, floor))
        conn.close()

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(150):
            committed[0] = writer()
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert committed[0] == 150
    assert older == []


def test_a_database_not_in_wal_mode_is_read_every_time(tmp_path):
    path = tmp_path / "rollback.sqlite3"
    db.connect(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    read = Counted()
    watch = StateWatch(read)
    before = watch.state(conn)
    for calls in range(2, 6):
        assert watch.state(conn) == before
        assert read.calls == calls
    commit_elsewhere(path, "UPDATE store_state SET generation = generation + 1")
    assert watch.state(conn).generation == before.generation + 1


def test_a_new_database_in_the_same_place_is_watched_afresh(tmp_path):
    path = tmp_path / "again.sqlite3"
    old = db.connect(path)
    StateWatch(store.store_state).state(old)  # its -shm file is mapped
    old.close()
    for leftover in tmp_path.glob("again.sqlite3*"):
        leftover.unlink()
    conn = db.connect(path)
    watch = StateWatch(store.store_state)
    for _ in range(3):
        assert watch.state(conn).generation == 1
    commit_elsewhere(path, "UPDATE store_state SET generation = 7")
    assert watch.state(conn).generation == 7


def test_a_database_reached_through_a_link_is_watched_where_sqlite_keeps_it(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "file-link.sqlite3").symlink_to(tmp_path / "real" / "store.sqlite3")
    db.connect(tmp_path / "linked" / "store.sqlite3").close()
    conn = db.open_connection(tmp_path / "file-link.sqlite3")
    read = Counted()
    watch = StateWatch(read)
    for _ in range(3):
        assert watch.state(conn).generation == 1
    reads = read.calls
    assert watch.state(conn).generation == 1 and read.calls == reads  # watched: no query
    commit_elsewhere(tmp_path / "real" / "store.sqlite3", "UPDATE store_state SET generation = 5")
    assert watch.state(conn).generation == 5


def test_a_forked_child_sees_what_commits_after_the_fork(database, writer):
    conn = db.open_connection(database)
    watch = StateWatch(store.store_state)
    for _ in range(3):
        watch.state(conn)
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its own connection, as a gunicorn worker opens
        try:
            child = db.open_connection(database)
            watch.state(child)
            os.read(reading, 1)  # the parent has committed
            os.write(writing, str(watch.state(child).papers).encode().ljust(8))
        finally:
            os._exit(0)
    count = writer()
    os.write(writing, b"x")
    os.waitpid(pid, 0)
    assert int(os.read(reading, 8)) == count == 1


def unwritten(header: bytes) -> bytes:
    """Both copies with `isInit` 0, as in a -shm file SQLite has not set up yet."""
    copy = header[:IS_INIT] + b"\0" + header[IS_INIT + 1 : HEADER]
    return copy + copy


def half_rewritten(header: bytes) -> bytes:
    """The second copy rewritten (SQLite writes it first) and the first not yet."""
    return header[:HEADER] + header[HEADER : HEADER + 8] + b"\x09" + header[HEADER + 9 :]


@pytest.mark.parametrize(
    ("change", "whole"), [(lambda h: h, True), (unwritten, False), (half_rewritten, False)]
)
def test_only_a_written_header_whose_copies_agree_is_whole(database, change, whole):
    conn = db.open_connection(database)
    conn.execute("SELECT 1 FROM store_state").fetchone()
    header = Path(f"{database}-shm").read_bytes()[: 2 * HEADER]
    assert is_whole(header)
    assert is_whole(change(header)) is whole
