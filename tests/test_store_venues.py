"""The published-versions store: checks confirm, replace or withdraw; nothing is deleted."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from server import store
from server.models import Paper
from server.published import PublishedVersion
from server.store import db, venues

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
ICLR = PublishedVersion(
    kind="conference", venue="ICLR", year=2024, source="DBLP", record="conf/iclr/H24",
    evidence="title_author_year",
)  # fmt: skip
JOURNAL = PublishedVersion(
    kind="journal", venue="JMLR", year=2025, doi="10.5555/jmlr.1", source="Crossref",
    record="10.5555/jmlr.1", evidence="doi",
)  # fmt: skip


@pytest.fixture
def papers(conn):
    store.ingest(
        conn,
        [
            Paper(title="Old One", arxiv_id="2101.00001", authors=["A B"],
                  published=date(2021, 1, 2)),
            Paper(title="New One", arxiv_id="2501.00001", published=date(2025, 1, 2)),
            Paper(title="Only Authors", authors=["C D"], featured=date(2023, 5, 1)),
            Paper(title="Nothing To Go By", featured=date(2024, 5, 1)),
        ],
    )  # fmt: skip
    return conn


def rows(conn):
    return [tuple(r) for r in conn.execute(
        "SELECT paper_id, identity, status, found_at, checked_at, changed_at"
        " FROM published_versions ORDER BY identity"
    )]  # fmt: skip


def test_a_check_finds_confirms_replaces_and_withdraws(papers):
    conn = papers
    assert venues.record_check(conn, "2101.00001", "matched", ICLR, "why", T0) == "new"
    later = T0 + timedelta(days=40)
    assert venues.record_check(conn, "2101.00001", "matched", ICLR, "why", later) == "confirmed"
    (kept,) = venues.versions(conn, ["2101.00001"])["2101.00001"]
    assert (kept.found, kept.checked, kept.status) == (T0, later, "current")
    assert venues.record_check(conn, "2101.00001", "matched", JOURNAL, "", later) == "updated"
    found = venues.versions(conn, ["2101.00001"])["2101.00001"]
    assert [(v.venue, v.status) for v in found] == [("JMLR", "current"), ("ICLR", "withdrawn")]
    assert venues.record_check(conn, "2101.00001", "several", None, "2 fit", later) == "withdrawn"
    assert venues.current(conn, ["2101.00001"]) == {}
    assert venues.record_check(conn, "2101.00001", "none", None, "", later) == "unchanged"
    assert len(rows(conn)) == 2  # withdrawn versions are kept
    check = venues.checks(conn, ["2101.00001"])["2101.00001"]
    assert (check.outcome, check.message, check.checked_at) == ("none", "", later)


def test_a_withdrawn_version_found_again_comes_back(papers):
    conn = papers
    venues.record_check(conn, "2101.00001", "matched", ICLR, "", T0)
    venues.record_check(conn, "2101.00001", "none", None, "", T0)
    assert venues.record_check(conn, "2101.00001", "matched", ICLR, "", T0) == "updated"
    assert venues.current(conn, ["2101.00001"])["2101.00001"].found == T0


def test_changed_details_of_the_same_version_are_an_update(papers):
    conn = papers
    venues.record_check(conn, "2101.00001", "matched", ICLR, "", T0)
    with_pages = PublishedVersion(
        **{**ICLR.to_json(), "pages": "1-9", "found": None, "checked": None}
    )
    assert venues.record_check(conn, "2101.00001", "matched", with_pages, "", T0) == "updated"
    assert venues.current(conn, ["2101.00001"])["2101.00001"].pages == "1-9"


def test_last_changed_moves_when_a_version_does_not_when_confirmed(papers):
    conn = papers
    assert venues.last_changed(conn) is None
    venues.record_check(conn, "2101.00001", "matched", ICLR, "", T0)
    venues.record_check(conn, "2101.00001", "matched", ICLR, "", T0 + timedelta(hours=1))
    assert venues.last_changed(conn) == T0
    venues.record_check(conn, "2101.00001", "none", None, "", T0 + timedelta(hours=2))
    assert venues.last_changed(conn) == T0 + timedelta(hours=2)


def test_a_version_stored_under_an_old_id_follows_the_paper(conn):
    store.ingest(conn, [Paper(title="Known By Title", authors=["A B"], published=date(2024, 1, 1))])
    (old_id,) = [p.id for p in store.iter_all(conn, store.PaperQuery())]
    venues.record_check(conn, old_id, "matched", ICLR, "", T0)
    # The text copy's paper gets its arXiv id: the old id becomes an alias.
    store.ingest(conn, [Paper(title="Known By Title", arxiv_id="2401.00009")])
    assert store.resolve_id(conn, old_id) == "2401.00009"
    assert venues.current(conn, ["2401.00009"])["2401.00009"].venue == "ICLR"


def test_papers_due_are_those_with_something_to_go_by_oldest_first(papers):
    conn = papers
    assert [store.get_paper(conn, i).title for i in venues.papers_due(conn, None)] == [
        "Old One", "Only Authors", "New One",
    ]  # fmt: skip
    venues.record_check(conn, "2101.00001", "none", None, "", T0)
    due = venues.papers_due(conn, T0 - timedelta(days=30))
    assert "2101.00001" not in due and len(due) == 2
    # Checked longest ago comes after never checked.
    assert venues.papers_due(conn, T0 + timedelta(days=1))[-1] == "2101.00001"
    assert venues.papers_due(conn, None, since=date(2024, 1, 1)) == ["2501.00001"]
    (first,) = venues.papers_due(conn, None, limit=1)
    assert store.get_paper(conn, first).title == "Only Authors"  # never checked, oldest
    assert venues.papers_due(conn, None, paper_ids=["2501.00001"]) == ["2501.00001"]
    assert venues.papers_due(conn, None, paper_ids=[]) == []


def test_an_outcome_it_does_not_know_is_refused(papers):
    with pytest.raises(ValueError, match="unknown venue check outcome"):
        venues.record_check(papers, "2101.00001", "maybe", None, "", T0)
    with pytest.raises(ValueError, match="needs its version"):
        venues.record_check(papers, "2101.00001", "matched", None, "", T0)


def test_simultaneous_checks_of_one_paper_store_one_version(tmp_path):
    path = tmp_path / "shared.sqlite3"
    setup = db.connect(path)
    store.ingest(setup, [Paper(title="Raced", arxiv_id="2301.00001", authors=["A B"])])
    setup.close()
    start = threading.Barrier(8)
    changes, errors = [], []

    def check():
        conn = db.connect(path)
        try:
            start.wait(10)
            changes.append(venues.record_check(conn, "2301.00001", "matched", ICLR, "", T0))
        except Exception as exc:  # a lost race must not be an error
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=check) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(changes) == ["confirmed"] * 7 + ["new"]
    conn = db.connect(path)
    try:
        assert len(rows(conn)) == 1
        assert venues.current(conn, ["2301.00001"])["2301.00001"].venue == "ICLR"
    finally:
        conn.close()
