"""Keyset paging, bounded search and whole selections: every page walk gives exactly the
papers in exactly the documented order, however it is cut, and stays right across inserts."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from server import store
from server.models import Links, Paper
from server.parsing import parse_any
from server.store import PaperQuery, db, decode_cursor, search
from tests.conftest import FIXTURES, SEED

DAYS = [date(2025, 12, 24) - timedelta(days=n) for n in range(4)]


def library() -> list[Paper]:
    """The seed, the API sample, and copies that share days, upvotes and words (ties
    everywhere: only the id can break them), some undated."""
    papers = parse_any(SEED.read_bytes(), name=SEED.name).papers
    papers += parse_any((FIXTURES / "api" / "daily_papers_2025-12-24.json").read_bytes()).papers
    for n in range(120):
        papers.append(
            Paper(
                title=f"Diffusion model number {n} for {'vision' if n % 3 else 'language'}",
                arxiv_id=f"2512.{30000 + n}",
                abstract="We train a diffusion model." if n % 2 else "A language model.",
                featured=DAYS[n % 4] if n % 5 else None,
                upvotes=(n * 7) % 5 if n % 6 else None,
                links=Links(code=[f"https://github.com/x/{n}"] if n % 4 == 0 else []),
            )
        )
    return papers


@pytest.fixture
def shelf(conn):
    store.ingest(conn, library())
    return conn


def everything(conn) -> list[Paper]:
    rows = conn.execute("SELECT data FROM papers").fetchall()
    return [Paper.from_json(json.loads(row[0])) for row in rows]


def day(paper: Paper) -> str:
    """The day that places a paper (`Paper.sort_day`: featured, published, first seen, or
    its arXiv id's month)."""
    found = paper.sort_day
    return found.isoformat() if found else ""


def reference(papers: list[Paper], sort: str) -> list[str]:
    """The documented order of each sort, computed here from the records."""
    by_id = sorted(papers, key=lambda p: p.id)
    if sort == "newest":
        ordered = sorted(by_id, key=day, reverse=True)
    elif sort == "oldest":
        ordered = sorted(by_id, key=lambda p: (day(p) == "", day(p)))
    else:
        ordered = sorted(by_id, key=day, reverse=True)
        ordered = sorted(
            ordered, key=lambda p: -1 if p.upvotes is None else p.upvotes, reverse=True
        )
    return [p.id for p in ordered]


def walk(conn, query: PaperQuery) -> list[str]:
    """Every page from the first on, following cursors; each page within its limit."""
    ids, cursor, pages = [], query.after, 0
    while True:
        page = store.query_papers(conn, PaperQuery(**{**query.__dict__, "after": cursor}))
        assert len(page.papers) <= query.limit
        ids += [p.id for p in page.papers]
        pages += 1
        assert pages < 1000
        if page.next_cursor is None:
            return ids
        cursor = decode_cursor(page.next_cursor)


@pytest.mark.parametrize("sort", ["newest", "oldest", "upvotes"])
@pytest.mark.parametrize("limit", [1, 7, 500])
def test_pages_walk_every_paper_once_in_the_documented_order(shelf, sort, limit):
    expected = reference(everything(shelf), sort)
    assert len(expected) == 168
    assert walk(shelf, PaperQuery(sort=sort, limit=limit)) == expected


def test_filters_cut_the_same_order(shelf):
    papers = everything(shelf)
    query = PaperQuery(sort="newest", limit=5, since=DAYS[2], min_upvotes=1, has_code=False)
    expected = [
        i
        for i in reference(papers, "newest")
        if (p := next(x for x in papers if x.id == i))
        and day(p) >= DAYS[2].isoformat()
        and (p.upvotes or 0) >= 1
        and not p.links.code
    ]
    assert expected and walk(shelf, query) == expected
    until = walk(shelf, PaperQuery(until=DAYS[1], limit=9))
    assert until == [
        i for i in reference(papers, "newest") if "" < day(find(papers, i)) <= "2025-12-23"
    ]


def find(papers, paper_id):
    return next(p for p in papers if p.id == paper_id)


def test_a_cursor_page_is_the_same_as_the_offset_page_it_replaces(shelf):
    for sort in ("newest", "oldest", "upvotes"):
        by_offset = [
            [p.id for p in store.query_papers(shelf, PaperQuery(sort=sort, limit=9, offset=o))[0]]
            for o in range(0, 168, 9)
        ]
        by_cursor = walk(shelf, PaperQuery(sort=sort, limit=9))
        assert [i for page in by_offset for i in page] == by_cursor


def test_paging_is_stable_across_inserts(shelf):
    before = reference(everything(shelf), "newest")
    first = store.query_papers(shelf, PaperQuery(limit=20))
    # Papers arrive between two page loads: newer ones, older ones, and ones on the same day.
    store.ingest(
        shelf,
        [
            Paper(title="Brand new", arxiv_id="2601.00001", featured=date(2026, 1, 5)),
            Paper(title="Same day", arxiv_id="2512.99999", featured=DAYS[0]),
            Paper(title="Old", arxiv_id="1901.00001", featured=date(2019, 1, 1)),
        ],
    )
    rest = walk(shelf, PaperQuery(limit=20, after=decode_cursor(first.next_cursor)))
    seen = [p.id for p in first.papers] + rest
    assert len(seen) == len(set(seen))  # nothing twice
    assert [i for i in seen if i in before] == before  # nothing skipped, order kept
    assert "1901.00001" in rest and "2601.00001" not in seen  # it sorts before the cursor


def search_ids(conn, q: str) -> set[str]:
    return set(walk(conn, PaperQuery(q=q, sort="newest", limit=500)))


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_a_search_with_many_matches_pages_in_exact_order(shelf, monkeypatch, sort):
    matches = search_ids(shelf, "diffusion")
    assert len(matches) > 100
    expected = [i for i in reference(everything(shelf), sort) if i in matches]
    monkeypatch.setattr(search, "CANDIDATES", 10)  # now "many": the date-ordered walk
    assert walk(shelf, PaperQuery(q="diffusion", sort=sort, limit=6)) == expected
    monkeypatch.setattr(search, "SCAN_LIMIT", 4)  # pages may stop short; the walk does not
    assert walk(shelf, PaperQuery(q="diffusion", sort=sort, limit=6, has_code=True)) == [
        i for i in expected if find(everything(shelf), i).links.code
    ]


def test_relevance_over_many_matches_ranks_the_newest_by_title_then_the_rest(shelf, monkeypatch):
    matches = search_ids(shelf, "language model")
    monkeypatch.setattr(search, "CANDIDATES", 10)
    ranked = walk(shelf, PaperQuery(q="language model", limit=7))
    assert sorted(ranked) == sorted(matches)
    by_key = [
        row[0]
        for row in shelf.execute("SELECT id FROM papers ORDER BY search_key DESC")
        if row[0] in matches
    ]  # the date order of the search index
    newest, older = by_key[:10], by_key[10:]
    papers = {p.id: p for p in everything(shelf)}

    def in_title(paper_id):
        title = papers[paper_id].title.lower()
        return "language" in title and "model" in title

    head = [i for i in newest if in_title(i)] + [i for i in newest if not in_title(i)]
    assert ranked == head + older
    assert any(map(in_title, newest)) and not all(map(in_title, newest))


def test_upvotes_over_many_matches_ranks_the_newest_candidates(shelf, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 10)
    ranked = walk(shelf, PaperQuery(q="diffusion", sort="upvotes", limit=4))
    assert len(ranked) == 10
    papers = {p.id: p for p in everything(shelf)}
    assert ranked == [i for i in reference(list(papers.values()), "upvotes") if i in ranked]


def test_relevance_with_few_matches_is_bm25_and_pages_by_cursor(shelf):
    one_page = store.query_papers(shelf, PaperQuery(q="interval bound", limit=50)).papers
    assert one_page[0].title.startswith("Interval Bound Propagation")
    assert walk(shelf, PaperQuery(q="interval bound", limit=1)) == [p.id for p in one_page]


def test_whole_selection_is_every_page_in_order(shelf, monkeypatch):
    for query in (
        PaperQuery(sort="oldest"),
        PaperQuery(q="diffusion", sort="newest"),
        PaperQuery(q="diffusion", sort="upvotes", has_code=True),
        PaperQuery(q="interval bound"),
    ):
        assert [p.id for p in store.iter_all(shelf, query)] == walk(
            shelf, PaperQuery(**{**query.__dict__, "limit": 11})
        )
    monkeypatch.setattr(search, "CANDIDATES", 10)
    tiers = [p.id for p in store.iter_all(shelf, PaperQuery(q="language model"))]
    assert tiers == walk(shelf, PaperQuery(q="language model", limit=11))


def test_query_words_are_deduplicated_capped_and_stemmed(shelf):
    assert search.search_terms("Model model MODEL models") == ["model", "models"]
    once = search_ids(shelf, "diffusion")
    assert search_ids(shelf, " ".join(["diffusion"] * 2000)) == once
    eight = "diffusion model vision number for we train a"
    assert search_ids(shelf, eight) and search_ids(shelf, eight + " nowhere") == search_ids(
        shelf, eight
    )  # a ninth word is not used
    assert search_ids(shelf, eight + " nowhere") != set()
    # Whole words, English endings folded: "models" finds "model", "diffu" finds nothing.
    assert search_ids(shelf, "models") == search_ids(shelf, "model")
    assert search_ids(shelf, "diffu") == set()


@pytest.mark.parametrize(
    "cursor",
    [
        "A" * 5000,  # too long
        "W" * 300,  # not JSON
        "",
        "eyJvIjoibmV3ZXN0In0",  # {"o":"newest"}: no key
    ],
)
def test_unreadable_cursors_are_refused(cursor):
    with pytest.raises(store.CursorError):
        decode_cursor(cursor or "e30")  # e30 = {}


@pytest.mark.parametrize(
    "key",
    [
        ["newest", ["2025-01-01"]],
        ["newest", [20250101, "x"]],
        ["upvotes", [2**63, "2025-01-01", "x"]],
        ["oldest", [2, "2025-01-01", "x"]],
        ["bm25", [float("nan"), "x"]],
        ["nonsense", ["x"]],
        ["newest", ["2025-01-01", ""]],
    ],
)
def test_forged_cursors_are_refused(key):
    text = store.encode_cursor(key[0], tuple(key[1]))
    with pytest.raises(store.CursorError):
        decode_cursor(text)


def test_a_cursor_of_another_sort_is_a_query_error(shelf):
    page = store.query_papers(shelf, PaperQuery(sort="upvotes", limit=3))
    with pytest.raises(store.QueryError, match="cursor: made for another sort"):
        store.query_papers(shelf, PaperQuery(sort="newest", after=decode_cursor(page.next_cursor)))


def test_health_count_and_generation_follow_ingests(conn):
    start = store.store_state(conn)
    store.ingest(conn, parse_any(SEED.read_bytes(), name=SEED.name).papers)
    added = store.store_state(conn)
    assert (added.papers, added.generation) == (45, start.generation + 1)
    store.ingest(conn, parse_any(SEED.read_bytes(), name=SEED.name).papers)  # nothing new
    assert store.store_state(conn) == added
    store.ingest(conn, [Paper(title="Another", arxiv_id="2501.00009")])
    assert store.store_state(conn).generation == added.generation + 1
    assert store.count_papers(conn) == 46


def test_one_batch_merges_a_paper_seen_twice_like_two_batches(tmp_path):
    seen_twice = [
        Paper(title="Twice Seen", featured=DAYS[0], upvotes=1),
        Paper(title="Twice Seen", arxiv_id="2512.11111", authors=["A B"], upvotes=5),
        Paper(title="Twice seen", arxiv_id="2512.11111", upvotes=7),
    ]
    one, two = db.connect(tmp_path / "one.sqlite3"), db.connect(tmp_path / "two.sqlite3")
    result = store.ingest(one, seen_twice)
    for paper in seen_twice:
        store.ingest(two, [paper])
    assert result.ids == [
        "twice-seen-" + result.ids[0].rsplit("-", 1)[1],
        "2512.11111",
        "2512.11111",
    ]
    assert [p.to_json() for p in everything(one)] == [p.to_json() for p in everything(two)]
    assert store.resolve_id(one, result.ids[0]) == "2512.11111"
    assert search_ids(one, "twice") == {"2512.11111"}


def test_a_version_2_database_is_migrated_with_its_papers_searchable(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for number in range(2):
        for statement in db._statements(db.MIGRATIONS[number]):
            old.execute(statement)
    old.execute("PRAGMA user_version = 2")
    seed = parse_any(SEED.read_bytes(), name=SEED.name).papers
    for n, paper in enumerate(seed):  # rows as papershelf 0.1 wrote them
        old.execute(
            "INSERT INTO papers (id, arxiv_id, title_key, published, featured, upvotes, has_code,"
            " data, added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (paper.id, paper.arxiv_id, paper.title_key, day(paper) or None, None, paper.upvotes,
             0, json.dumps(paper.to_json()), "2025-01-01T00:00:00+00:00",
             f"2025-01-{n % 28 + 1:02d}T00:00:00+00:00"),
        )  # fmt: skip
        old.execute(
            "INSERT INTO papers_fts (rowid, title, abstract, authors) VALUES (?, ?, ?, ?)",
            (old.execute("SELECT max(rowid) FROM papers").fetchone()[0], paper.title,
             paper.abstract or "", ""),
        )  # fmt: skip
    old.close()
    conn = db.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    state = store.store_state(conn)
    assert state.papers == 45 and state.changed_at.isoformat() == "2025-01-28T00:00:00+00:00"
    assert walk(conn, PaperQuery(limit=4)) == reference(seed, "newest")
    assert search_ids(conn, "tulu") == {
        p.id for p in seed if "tulu" in (p.title + (p.abstract or "")).lower().replace("ü", "u")
    }
    keys = conn.execute("SELECT count(DISTINCT search_key), count(cite_base) FROM papers")
    assert tuple(keys.fetchone()) == (45, 45)


def test_streamed_citation_keys_are_the_ones_assign_keys_gives(conn):
    from exporters.citekeys import assign_keys

    clash = [
        Paper(title="Deep Learning", arxiv_id=f"2501.0000{n}", authors=["Ann Smith"])
        for n in range(4)
    ]  # one key base, undated: smithdeeplearning
    taken = Paper(title="Deep Learning B", arxiv_id="2501.00009", authors=["Bo Smith"])
    store.ingest(conn, [*clash, taken, *library()[:20]])
    for query in (PaperQuery(), PaperQuery(sort="oldest"), PaperQuery(q="learning")):
        order = [p for p, _base in store.iter_with_cite_bases(conn, query)]
        cite_keys = store.CiteKeys(conn, query)
        streamed = {
            p.id: cite_keys.key(p.id, b) for p, b in store.iter_with_cite_bases(conn, query)
        }
        assert streamed == assign_keys(order)
        assert cite_keys.groups == {}  # every group forgotten once written
    keys = assign_keys(clash + [taken])
    assert sorted(keys.values()) == [
        "smithdeeplearning", "smithdeeplearninga", "smithdeeplearningb", "smithdeeplearningc",
        "smithdeeplearningd",
    ]  # fmt: skip
