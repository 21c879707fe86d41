"""A long ingest in short transactions: another writer gets in between batches, each batch is
all or nothing, and a stopped ingest says what it stored."""

from __future__ import annotations

import threading
import time

import pytest

from server import store
from server.models import Paper
from server.store import db
from server.store.batches import MAX_BATCH, IngestStopped, ingest_in_batches, next_batch_size
from server.store.faults import DiskFull


def papers(count: int, start: int = 0) -> list[Paper]:
    return [
        Paper(title=f"Batched Paper {n}", arxiv_id=f"2602.{n:05d}", abstract="word " * 100)
        for n in range(start, start + count)
    ]


@pytest.mark.parametrize(
    ("size", "took", "seconds", "expected"),
    [
        (100, 0.1, 1.0, 200),  # fast: at most twice as many next time
        (100, 0.5, 1.0, 200),
        (100, 2.0, 1.0, 50),  # slow: as many as fit in the time
        (400, 4.0, 1.0, 100),
        (1, 10.0, 1.0, 1),  # never fewer than one
        (MAX_BATCH, 0.0, 1.0, MAX_BATCH),  # never more than the cap
    ],
)
def test_the_next_batch_is_sized_to_the_time_allowed(size, took, seconds, expected):
    assert next_batch_size(size, took, seconds) == expected


def test_batches_store_what_one_transaction_would(tmp_path):
    batched, whole = db.connect(tmp_path / "a.sqlite3"), db.connect(tmp_path / "b.sqlite3")
    some = papers(350)
    again = papers(50, start=300) + papers(10, start=1000)
    first = ingest_in_batches(batched, some, seconds=0, pause=0, first=100)  # then one by one
    second = ingest_in_batches(batched, again, seconds=0, pause=0, first=100)
    assert first.ids == [p.id for p in some]
    assert (second.added, second.unchanged) == (10, 50)
    store.ingest(whole, some)
    store.ingest(whole, again)
    query = store.PaperQuery(limit=500)
    assert store.query_papers(batched, query) == store.query_papers(whole, query)


def test_another_writer_gets_in_between_batches(tmp_path):
    path = tmp_path / "shared.sqlite3"
    long_ingest, other = db.connect(path), db.connect(path, busy_timeout=30)
    total = 600
    first_commit = threading.Event()
    seen_mid_ingest = []

    def ingest():
        ingest_in_batches(long_ingest, papers(total), seconds=0.01, first=100)

    def write_while_it_runs():
        first_commit.wait(30)
        with db.transaction(other):  # waits for the lock, then holds it
            seen_mid_ingest.append(other.execute("SELECT count(*) FROM papers").fetchone()[0])
        store.ingest(other, [Paper(title="Written By Someone Else")])

    writer = threading.Thread(target=write_while_it_runs)
    writer.start()
    runner = threading.Thread(target=ingest)
    runner.start()
    reader = db.connect(path)
    while runner.is_alive() and store.count_papers(reader) == 0:
        time.sleep(0.005)
    first_commit.set()
    runner.join(60)
    writer.join(60)
    # The other writer held the lock while the ingest was part way: between two batches.
    assert 0 < seen_mid_ingest[0] < total
    assert store.count_papers(reader) == total + 1


def test_a_stopped_ingest_keeps_the_batches_before_and_says_how_many(tmp_path):
    conn = db.connect(tmp_path / "small.sqlite3")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 150}").fetchone()
    with pytest.raises(IngestStopped) as stopped:
        ingest_in_batches(conn, papers(2000), pause=0, first=100)
    count = store.count_papers(conn)
    assert 0 < count < 2000
    assert stopped.value.stored.ids == [p.id for p in papers(count)]
    assert isinstance(stopped.value.cause, DiskFull)
    assert str(stopped.value) == (
        f"stored {count} of 2000 papers, then stopped: disk full: the database "
        f"{tmp_path / 'small.sqlite3'} cannot grow; nothing of this write was stored"
    )
