"""The SQLite store: idempotent, merging, atomic, and readable during an ingest."""

import json
import sqlite3
import threading

import pytest

from server import store
from server.ingest import ingest_data
from server.models import Paper
from server.parsing import parse_any
from server.store import db
from server.store import papers as paper_table
from tests.conftest import FIXTURES, SEED


def seed_papers():
    return parse_any(SEED.read_bytes(), name=SEED.name).papers


def snapshot(conn):
    return [tuple(row) for row in conn.execute("SELECT id, data FROM papers ORDER BY id")]


def test_ingesting_the_same_page_twice_changes_nothing_the_second_time(conn):
    first = store.ingest(conn, seed_papers())
    before = snapshot(conn)
    second = store.ingest(conn, seed_papers())
    assert first.to_json() == {"added": 45, "updated": 0, "unchanged": 0}
    assert second.to_json() == {"added": 0, "updated": 0, "unchanged": 45}
    assert snapshot(conn) == before


def test_a_richer_record_completes_the_title_only_one_and_keeps_the_old_id(conn):
    store.ingest(conn, seed_papers())
    old_id = "understanding-certified-training-with-interval-b-d75858a1a1"
    richer = Paper(
        title="Understanding certified training with interval bound propagation",  # case differs
        arxiv_id="2306.10426",
        authors=["Yuhao Mao", "Mark Niklas Müller", "Marc Fischer", "Martin Vechev"],
        upvotes=3,
    )
    result = store.ingest(conn, [richer])
    assert result.to_json() == {"added": 0, "updated": 1, "unchanged": 0}
    assert store.count_papers(conn) == 45
    merged = store.get_paper(conn, "2306.10426")
    assert merged.title == "Understanding Certified Training with Interval Bound Propagation"
    assert merged.authors[1] == "Mark Niklas Müller"
    assert merged.published.isoformat() == "2023-06-17"  # kept from the text copy
    assert merged.abstract.startswith("As robustness verification methods")
    assert merged.links.hf == "https://huggingface.co/papers/2306.10426"
    assert store.get_paper(conn, old_id) is None
    assert store.resolve_id(conn, old_id) == "2306.10426"
    # Searching still finds it, once.
    papers, _ = store.query_papers(conn, store.PaperQuery(q="Müller interval"))
    assert [p.id for p in papers] == ["2306.10426"]


def test_known_data_is_never_replaced_by_emptier_data_but_counts_follow_upstream(conn):
    full = Paper(title="A Paper", arxiv_id="2501.00001", authors=["A B", "C D"], upvotes=10)
    store.ingest(conn, [full])
    store.ingest(conn, [Paper(title="A Paper", arxiv_id="2501.00001", upvotes=12)])
    paper = store.get_paper(conn, "2501.00001")
    assert paper.authors == ["A B", "C D"]
    assert paper.upvotes == 12


def test_same_title_with_another_arxiv_id_is_another_paper(conn):
    store.ingest(conn, [Paper(title="Attention", arxiv_id="2501.00001")])
    store.ingest(conn, [Paper(title="Attention", arxiv_id="2502.00002")])
    assert store.count_papers(conn) == 2


def test_a_failing_ingest_changes_nothing(conn, monkeypatch):
    store.ingest(conn, seed_papers()[:10])
    before = snapshot(conn)
    real_write = paper_table._write_rows

    def failing_write(conn, statement, rows):
        real_write(conn, statement, rows[:10])  # the disk fails halfway through the batch
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(paper_table, "_write_rows", failing_write)
    with pytest.raises(sqlite3.OperationalError):
        store.ingest(conn, seed_papers())
    assert snapshot(conn) == before
    fts_rows = conn.execute("SELECT count(*) FROM papers_fts").fetchone()[0]
    assert fts_rows == 10


def test_a_reader_is_neither_blocked_nor_shown_half_an_ingest(tmp_path):
    path = tmp_path / "shelf.sqlite3"
    writer, reader = db.connect(path), db.connect(path)
    store.ingest(writer, seed_papers()[:5])
    papers = seed_papers()[5:]
    halfway, finish = threading.Event(), threading.Event()
    real_write = paper_table._write_rows

    def slow_write(conn, statement, rows):
        real_write(conn, statement, rows[:20])
        if len(rows) > 20:
            halfway.set()
            finish.wait(10)
        real_write(conn, statement, rows[20:])

    paper_table._write_rows = slow_write
    try:
        thread = threading.Thread(target=store.ingest, args=(writer, papers))
        thread.start()
        assert halfway.wait(10)
        # Mid-ingest: the reader answers at once and sees the state before it.
        assert store.count_papers(reader) == 5
        found, _ = store.query_papers(reader, store.PaperQuery(limit=100))
        assert len(found) == 5
        finish.set()
        thread.join(10)
    finally:
        paper_table._write_rows = real_write
    assert store.count_papers(reader) == 45


def test_the_database_survives_a_restart_and_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "shelf.sqlite3"
    conn = db.connect(path)
    store.ingest(conn, seed_papers())
    conn.close()
    again = db.connect(path)
    assert store.count_papers(again) == 45
    assert again.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    again.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    again.close()
    with pytest.raises(db.SchemaTooNewError, match="newer than this papershelf"):
        db.connect(path)


def test_filters_sorting_and_paging(conn):
    ingest_data(conn, SEED.read_bytes(), SEED.name)
    ingest_data(conn, (FIXTURES / "api" / "daily_papers_2025-12-24.json").read_bytes())
    newest, _ = store.query_papers(conn, store.PaperQuery(limit=3))
    assert [p.id for p in newest] == ["2512.20001", "2512.20002", "2512.20003"]
    top, _ = store.query_papers(conn, store.PaperQuery(min_upvotes=5, sort="upvotes"))
    assert [(p.id, p.upvotes) for p in top] == [("2512.20001", 42), ("2512.20002", 7)]
    with_code, _ = store.query_papers(conn, store.PaperQuery(has_code=True, limit=100))
    assert len(with_code) == 10
    window, _ = store.query_papers(
        conn, store.PaperQuery(since=parse_date("2025-10-01"), until=parse_date("2025-10-31"))
    )
    assert [p.published.isoformat() for p in window] == [
        "2025-10-29", "2025-10-28", "2025-10-21", "2025-10-07"
    ]  # fmt: skip
    pages, offset, more = [], 0, True
    while more:
        page, more = store.query_papers(conn, store.PaperQuery(limit=7, offset=offset))
        pages.extend(p.id for p in page)
        offset += 7
    assert len(pages) == len(set(pages)) == 48


def test_full_text_search_is_safe_against_fts_syntax(conn):
    store.ingest(conn, seed_papers())
    for hostile in ['"', "NEAR(", "title:x", "*", "a OR", "-)", "'; DROP TABLE papers; --"]:
        store.query_papers(conn, store.PaperQuery(q=hostile))
    # Accent-blind: "tulu" finds TÜLU 3 and the paper whose abstract names Tulu 2.5.
    found, _ = store.query_papers(conn, store.PaperQuery(q="tulu", sort="newest"))
    assert [p.title[:6] for p in found] == ["TÜLU 3", "Unpack"]
    assert store.count_papers(conn) == 45


def parse_date(text):
    from datetime import date

    return date.fromisoformat(text)


def test_stored_json_is_the_paper_json(conn):
    store.ingest(conn, seed_papers()[:1])
    (data,) = conn.execute("SELECT data FROM papers").fetchone()
    assert json.loads(data) == seed_papers()[0].to_json()


def test_a_title_only_twin_folds_into_the_arxiv_record_already_stored(conn):
    arxiv_first = Paper(title="MIST: Mutual Information Via Supervised Training",
                        arxiv_id="2511.18945", authors=["A B"], upvotes=9)  # fmt: skip
    store.ingest(conn, [arxiv_first])
    store.ingest(conn, seed_papers())  # the text copy matches it by title: no duplicate
    assert store.count_papers(conn) == 45
    mist = store.get_paper(conn, "2511.18945")
    assert (mist.comments, mist.author_count, mist.upvotes) == (2, 5, 9)


def test_a_paper_stored_twice_is_merged_when_its_arxiv_record_arrives(conn):
    store.ingest(conn, seed_papers())
    twin = seed_papers()[6]  # MIST, title-only
    # An older store could hold both records; a new arXiv sighting merges them into one.
    conn.execute("BEGIN")
    paper_table._write(conn, Paper(title=twin.title, arxiv_id="2511.18945"), "t", "t")
    conn.execute("COMMIT")
    assert store.count_papers(conn) == 46
    result = store.ingest(conn, [Paper(title=twin.title, arxiv_id="2511.18945", upvotes=3)])
    assert result.to_json() == {"added": 0, "updated": 1, "unchanged": 0}
    assert store.count_papers(conn) == 45
    assert store.resolve_id(conn, twin.id) == "2511.18945"
    merged = store.get_paper(conn, "2511.18945")
    assert (merged.abstract, merged.upvotes) == (twin.abstract, 3)


def test_first_connections_racing_on_a_new_database_all_succeed(tmp_path):
    # Several requests can open a brand-new database at once (the server's first page load).
    errors = []
    for trial in range(30):
        path = tmp_path / f"new-{trial}.sqlite3"
        start = threading.Barrier(8)

        def open_it(path=path, start=start):
            start.wait()
            try:
                connection = db.connect(path)
                connection.execute("SELECT count(*) FROM papers").fetchone()
                connection.close()
            except sqlite3.Error as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert errors == []
    assert db.connect(path).execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
