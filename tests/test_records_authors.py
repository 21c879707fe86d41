"""One rule for authors (issue 11): the seed says "23 authors", a saved Hugging Face page
names five of them; every record and every export says the list is partial, never that five
names are all the authors."""

import json
import re
from datetime import date

import bibtexparser
import feedparser
import pytest
import rispy

from exporters.bibtex import to_bibtex
from exporters.csl_json import to_csl_json
from exporters.json_feed import json_feed
from exporters.ris import to_ris
from exporters.rss_atom import to_atom, to_rss
from exporters.zotero import to_zotero_item
from server import store
from server.ingest import ingest_data
from server.merge import merge_papers
from server.models import Paper, Source
from tests.conftest import FIXTURES, SEED
from tests.doubles.zotero_web import ZoteroSchema
from tests.latex_tools import run_biber, run_bibtex

PAGE = FIXTURES / "records" / "hf-daily-2025-12-24.html"
TULU = "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training"
FIVE = ["Donald Backus", "Frances Lovelace", "John Turing", "Radia Hopper", "Ada Dijkstra"]


def ingest_in_order(conn, *inputs):
    for name, data in inputs:
        ingest_data(conn, data, name)
    return {p.title: p for p in store.iter_all(conn, store.PaperQuery())}


def seed_input():
    return SEED.name, SEED.read_bytes()


def page_input(text=None):
    return PAGE.name, (text or PAGE.read_text(encoding="utf-8")).encode()


@pytest.fixture
def merged(conn):
    return ingest_in_order(conn, seed_input(), page_input())


def test_no_record_claims_a_complete_list_its_count_contradicts(merged):
    assert len(merged) == 45
    for paper in merged.values():
        if paper.authors_complete:
            assert paper.author_count == len(paper.authors), paper.title
        else:
            assert paper.author_count is None or paper.author_count >= len(paper.authors)
    partial = {
        t: (len(p.authors), p.author_count)
        for t, p in merged.items()
        if p.authors and not p.authors_complete
    }
    assert len(partial) == 13  # of the page's 25 papers, the ones with more than 5 authors
    assert partial[TULU] == (5, 23)
    assert all(named == 5 and count > 5 for named, count in partial.values())
    tulu = merged[TULU]
    assert tulu.authors == FIVE
    assert [s.kind for s in tulu.sources] == ["text", "html"]


def test_the_rule_does_not_depend_on_which_page_came_first(merged, tmp_path):
    from server.store import db

    other = db.connect(tmp_path / "other.sqlite3")
    try:
        reversed_order = ingest_in_order(other, page_input(), seed_input())
    finally:
        other.close()

    def authors(papers):
        return {t: (p.authors, p.author_count, p.authors_complete) for t, p in papers.items()}

    assert authors(reversed_order) == authors(merged)


def test_without_the_cards_counts_the_seeds_count_still_marks_the_list_partial(conn):
    text = re.sub(r"<li[^>]*>\d+ authors</li>", "", PAGE.read_text(encoding="utf-8"))
    papers = ingest_in_order(conn, page_input(text), seed_input())
    tulu = papers[TULU]
    assert (len(tulu.authors), tulu.author_count, tulu.authors_complete) == (5, 23, False)


def record(authors, count=None, complete=None, title="A paper", **more):
    return Paper(
        title=title, authors=authors, author_count=count, authors_complete=complete, **more
    )


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # a complete list (the API, arXiv) beats a longer partial one, either way round
        (record(["A", "B"], 3, False), record(["A", "B", "C"]), (["A", "B", "C"], 3, True)),
        (record(["A", "B", "C"]), record(["A", "B"], 3, False), (["A", "B", "C"], 3, True)),
        # a count above a "complete" list: the list was not complete after all
        (record(["A", "B", "C", "D", "E"]), record([], 23), (["A", "B", "C", "D", "E"], 23, False)),
        (record([], 23), record(["A", "B", "C", "D", "E"]), (["A", "B", "C", "D", "E"], 23, False)),
        # among partial lists, the longest
        (record(["A"], 9, False), record(["A", "B"], None, False), (["A", "B"], 9, False)),
        # a count no larger than the names changes nothing
        (record(["A", "B"]), record([], 2), (["A", "B"], 2, True)),
    ],
)
def test_merge_keeps_the_names_of_the_most_complete_source_and_the_largest_count(
    first, second, expected
):
    merged = merge_papers(first, second)
    assert (merged.authors, merged.author_count, merged.authors_complete) == expected


def test_a_record_settles_complete_from_count_and_names():
    assert record(["A", "B"]).authors_complete is True  # an API list: names every author
    assert record(["A", "B"], 2).authors_complete is True
    assert record(["A", "B"], 5).authors_complete is False
    assert record([], 4).authors_complete is False  # a text copy: a count, no names
    assert record(["A"], None, False).author_count is None  # partial, total unknown
    assert record(["A", "B"], 1).author_count == 2  # never fewer than named


def partial_papers(merged):
    return [p for p in merged.values() if p.authors and not p.authors_complete]


def test_bibtex_ends_a_partial_list_with_and_others_and_real_bibtex_prints_et_al(merged, tmp_path):
    papers = partial_papers(merged)
    text = to_bibtex(papers)
    entries = bibtexparser.loads(text).entries
    assert len(entries) == len(papers)
    for entry in entries:
        assert entry["author"].endswith(" and others")
        assert entry["author"].count(" and ") == 5
    result, log, bbl = run_bibtex(tmp_path, text)
    assert result.returncode == 0, result.stdout + log
    assert "Warning--" not in log and "error message" not in log
    assert bbl.count("et~al.") == len(papers)
    flowing = " ".join(bbl.split())
    assert "Donald Backus, Frances Lovelace, John Turing, Radia Hopper, Ada Dijkstra, et~al." in (
        flowing
    )


def test_biber_reads_the_partial_lists_as_more_names(merged, tmp_path):
    papers = partial_papers(merged)
    run = run_biber(tmp_path, to_bibtex(papers))
    assert run.returncode == 0, run.log
    assert "ERROR" not in run.log and "WARN" not in run.log, run.log
    written = run.written
    assert written.count("and others") == len(papers)


def test_csl_json_marks_the_last_name_et_al_as_citeproc_reads_it(merged):
    tulu = merged[TULU]
    [item] = to_csl_json([tulu])
    assert item["author"][:4] == [
        {"family": "Backus", "given": "Donald"},
        {"family": "Lovelace", "given": "Frances"},
        {"family": "Turing", "given": "John"},
        {"family": "Hopper", "given": "Radia"},
    ]
    assert item["author"][4] == {"family": "Dijkstra", "given": "Ada, et al."}
    assert item["note"] == "Author list incomplete: 5 of 23 authors named"
    complete = next(p for p in merged.values() if p.authors_complete)
    [plain] = to_csl_json([complete])
    assert "note" not in plain and all("et al." not in n.get("given", "") for n in plain["author"])


def test_csl_json_gives_a_one_word_last_name_et_al_too():
    paper = record(["Ada Lovelace", "Plato"], 3)
    [item] = to_csl_json([paper])
    assert item["author"] == [
        {"family": "Lovelace", "given": "Ada"},
        {"family": "Plato", "given": ", et al."},
    ]


def test_ris_gives_the_last_author_et_al_as_suffix_and_says_so_in_a_note(merged):
    [entry] = rispy.loads(to_ris([merged[TULU]]))
    assert entry["authors"] == [
        "Backus, Donald",
        "Lovelace, Frances",
        "Turing, John",
        "Hopper, Radia",
        "Dijkstra, Ada, et al.",
    ]
    assert "Author list incomplete: 5 of 23 authors named" in entry["notes"]
    [one_word] = rispy.loads(to_ris([record(["Ada Lovelace", "Plato"], 3)]))
    assert one_word["authors"] == ["Lovelace, Ada", "Plato, , et al."]


def test_zotero_item_has_the_named_creators_and_a_line_in_extra(merged):
    item = to_zotero_item(merged[TULU])
    assert [c["lastName"] for c in item["creators"]] == [n.split()[-1] for n in FIVE]
    assert item["extra"].splitlines() == [
        "arXiv:2512.30006",
        "Author list incomplete: 5 of 23 authors named",
    ]
    assert ZoteroSchema().problems(item) == []
    text_only = to_zotero_item(record([], 4))
    assert "creators" not in text_only or text_only["creators"] == []
    assert text_only["extra"] == "Author list incomplete: 0 of 4 authors named"


def test_feeds_end_a_partial_list_with_et_al(merged):
    tulu = merged[TULU]
    expected = [*FIVE, "et al."]
    rss = feedparser.parse(to_rss([tulu])).entries[0]
    assert [a["name"] for a in rss.authors] == expected  # one dc:creator each
    assert "Ada Dijkstra et al. (23 authors)" in rss.summary
    atom = feedparser.parse(to_atom([tulu])).entries[0]
    assert [a["name"] for a in atom.authors] == expected
    assert [a["name"] for a in json_feed([tulu])["items"][0]["authors"]] == expected


def test_the_page_shows_et_al_and_which_papers_need_enrich(app, client, merged):
    from server.app import get_db

    with app.app_context():
        conn = get_db()
        ingest_data(conn, SEED.read_bytes(), SEED.name)
        ingest_data(conn, PAGE.read_bytes(), PAGE.name)
    page = client.get("/?q=TÜLU").get_data(as_text=True)
    assert "Radia Hopper, Ada Dijkstra et al.</span>" in page
    assert "author list incomplete (5 of 23 named): needs enrich" in page
    split = client.get("/?q=SplitMeanFlow").get_data(as_text=True)  # 11 authors, 5 named
    assert "et al.</span>" in split and "(5 of 11 named): needs enrich" in split
    ibp = client.get("/?q=Understanding+Certified").get_data(as_text=True)  # 4 of 4 named
    article = ibp[ibp.index("<article") : ibp.index("</article>")]
    assert "et al." not in article and "needs enrich" not in article


def test_enrich_completes_a_partial_list_from_hugging_face(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from server.cli import main
    from server.store import db
    from tests.doubles.hf_arxiv_server import HfArxivDouble, environment

    path = tmp_path / "shelf.sqlite3"
    monkeypatch.setenv("PAPERSHELF_DB", str(path))
    partial = {
        "items": [
            {
                "arxiv_id": "2411.15124",
                "title": TULU,
                "authors": ["Nathan Lambert", "Jacob Morrison"],
                "author_count": 23,
                "primary_category": "cs.CL",
                "published": "2024-11-22",
            }
        ]
    }
    (tmp_path / "partial.json").write_text(json.dumps(partial))
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(tmp_path / "partial.json")]).exit_code == 0
    listed = runner.invoke(main, ["list"]).output
    assert f"{TULU}  [authors incomplete]" in listed
    with HfArxivDouble() as double:
        for name, value in environment(double).items():
            monkeypatch.setenv(name, value)
        assert runner.invoke(main, ["enrich"], catch_exceptions=False).exit_code == 0
    conn = db.connect(path)
    try:
        paper = store.get_paper(conn, "2411.15124")
    finally:
        conn.close()
    assert (len(paper.authors), paper.author_count, paper.authors_complete) == (23, 23, True)
    assert "[authors incomplete]" not in runner.invoke(main, ["list"]).output


def test_sources_record_their_form_and_the_day_the_page_shows(merged):
    tulu = merged[TULU]
    assert [s.to_json() for s in tulu.sources] == [
        {"kind": "text", "location": SEED.name, "seen": "2025-12-24"},
        {"kind": "html", "location": PAGE.name, "seen": "2025-12-24"},
    ]
    assert tulu.first_seen == date(2025, 12, 24)
    assert Source("api", "x").seen is None


def test_the_published_version_keeps_the_partial_mark_in_every_format(merged):
    from exporters.zotero import to_zotero_items
    from server.published import PublishedVersion

    tulu = merged[TULU]
    version = PublishedVersion(kind="conference", venue="NeurIPS", year=2025)
    published = {tulu.id: version}
    [entry] = bibtexparser.loads(to_bibtex([tulu], published=published)).entries
    assert entry["ENTRYTYPE"] == "inproceedings" and entry["author"].endswith(" and others")
    [item] = to_csl_json([tulu], published)
    assert item["author"][-1]["given"] == "Ada, et al."
    assert item["note"] == "arXiv:2512.30006\nAuthor list incomplete: 5 of 23 authors named"
    [record] = rispy.loads(to_ris([tulu], published))
    assert record["authors"][-1] == "Dijkstra, Ada, et al."
    assert "Author list incomplete: 5 of 23 authors named" in record["notes"]
    [zotero] = to_zotero_items([tulu], published)
    assert zotero["extra"].splitlines()[-1] == "Author list incomplete: 5 of 23 authors named"
