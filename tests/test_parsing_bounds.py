"""Work per paper is bounded (issue 12): the title key once, oversized values refused early."""

import json

import feedparser

import server.models
import server.store.papers
from exporters.rss_atom import to_atom, to_rss
from server.ingest import ingest_data
from server.models import Paper
from server.parsing import parse_any
from server.parsing.links import clean_url


def counting_normalise(monkeypatch) -> list[str]:
    """Every title normalised, by the record (`Paper.title_key`) or by the store."""
    calls: list[str] = []
    real = server.models.normalise_title

    def counted(title: str) -> str:
        calls.append(title)
        return real(title)

    monkeypatch.setattr(server.models, "normalise_title", counted)
    monkeypatch.setattr(server.store.papers, "normalise_title", counted)
    return calls


def api_paper(title: str, arxiv_id: str = "2501.00001") -> bytes:
    return json.dumps([{"paper": {"id": arxiv_id, "title": title, "summary": "x"}}]).encode()


def test_a_new_paper_has_its_title_normalised_once_on_the_way_in(conn, monkeypatch):
    calls = counting_normalise(monkeypatch)
    ingest_data(conn, api_paper("Interval Bound Propagation at Scale"), "a.json")
    assert calls == ["Interval Bound Propagation at Scale"]


def test_a_text_paper_normalises_its_title_once_for_its_id_and_its_key(conn, monkeypatch):
    calls = counting_normalise(monkeypatch)
    page = "Dec 24\n\nA Title Only Paper\n\nAn abstract.\n\n  • 2 authors\n·\nJun 1, 2025\n"
    ingest_data(conn, page.encode(), "hf-papers-page-2025-12-24.txt")
    assert calls == ["A Title Only Paper"]


def test_an_oversized_title_is_refused_before_any_work_on_it(monkeypatch):
    calls = counting_normalise(monkeypatch)
    result = parse_any(api_paper("T" * 10_000_000), "big.json")
    assert result.papers == [] and calls == []
    assert str(result.problems[0]) == (
        "$[0].paper.title: longer than 1,000 characters (10,000,000)"
    )


def test_link_cleanup_of_many_closing_brackets_keeps_the_balanced_ones():
    assert clean_url("https://x.org/" + ")" * 3000) == "https://x.org/"
    assert clean_url("https://x.org/f(x))." + "") == "https://x.org/f(x)"
    assert (
        clean_url("https://x.org/" + "(" * 100 + ")" * 100)
        == "https://x.org/" + "(" * 100 + ")" * 100
    )
    assert clean_url("https://x.org/" + ")" * 5000) is None  # longer than any link


def test_noncharacters_in_a_feeds_title_and_address_give_valid_xml():
    papers = [Paper(title="Fine", arxiv_id="2501.00001")]
    options = {
        "title": "papershelf: papers matching “\ufffe\uffff\x1b”",
        "self_url": "http://127.0.0.1:5000/feeds/papers.rss?q=\ufffe",
        "feed_id": "http://127.0.0.1:5000/feeds/papers.rss?q=\ufffe",
    }
    for render in (to_rss, to_atom):
        parsed = feedparser.parse(render(papers, **options))
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.feed.title == "papershelf: papers matching “”"
