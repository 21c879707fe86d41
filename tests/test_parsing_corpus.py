"""The regression corpus (tests/fixtures/fuzz): every input issue 12's fuzzing broke ends in a
documented answer through `ingest_data`: papers and positioned problems, or a rejection."""

import tomllib
from datetime import date

import pytest

from exporters.bibtex import to_bibtex
from exporters.rss_atom import to_atom
from server import store
from server.ingest import ingest_data
from server.models import CONTROL_CHARACTERS
from server.parsing import ParseError
from server.parsing.fields import EARLIEST, LATEST, MAX_COUNT, MAX_TEXT, MAX_TITLE
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "fuzz"
CASES = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["case"]


def test_every_input_file_has_an_expectation():
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".json", ".html")}
    assert files == {case["file"] for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}:{c.get('as_of', '')}" for c in CASES])
def test_the_input_ends_in_its_documented_answer(conn, case):
    data = (CORPUS / case["file"]).read_bytes()
    as_of = date.fromisoformat(case["as_of"]) if "as_of" in case else None
    if "rejected" in case:
        with pytest.raises(ParseError) as rejected:
            ingest_data(conn, data, case["file"], as_of)
        assert case["rejected"] in str(rejected.value)
        assert store.count_papers(conn) == 0  # nothing of a rejected input is stored
        return
    report = ingest_data(conn, data, case["file"], as_of)
    assert report.added == case["papers"]
    for problem, expected in zip(report.problems, case["problems"], strict=True):
        assert problem.where == expected["where"]
        assert expected["says"] in problem.message
    stored = list(store.iter_all(conn, store.PaperQuery()))
    assert len(stored) == case["papers"]
    for paper in stored:
        assert_within_bounds(paper)
    if "titles" in case:
        assert sorted(p.title for p in stored) == sorted(case["titles"])
    if "code" in case:
        assert [url for p in stored for url in p.links.code] == case["code"]
    for text in (to_bibtex(stored), to_atom(stored)):
        assert not CONTROL_CHARACTERS.search(text)


def assert_within_bounds(paper):
    assert len(paper.title) <= MAX_TITLE and not CONTROL_CHARACTERS.search(paper.title)
    assert paper.abstract is None or len(paper.abstract) <= MAX_TEXT
    assert paper.arxiv_id is None or "\n" not in paper.arxiv_id
    for count in (paper.upvotes, paper.comments, paper.author_count, paper.github_stars):
        assert count is None or 0 <= count <= MAX_COUNT
    for day in (paper.published, paper.featured, *(s.seen for s in paper.sources)):
        assert day is None or EARLIEST <= day <= LATEST
    paper.to_json()  # and it encodes: no lone surrogate got in
    (paper.title + (paper.abstract or "")).encode("utf-8")
