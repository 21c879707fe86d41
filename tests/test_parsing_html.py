"""Hugging Face papers pages as HTML: embedded JSON first, cards as the fallback."""

from datetime import date

import pytest

from server.parsing import ParseError, parse_any
from tests.conftest import FIXTURES

PAGES = FIXTURES / "pages"


def parse(name):
    return parse_any((PAGES / name).read_bytes(), name=name)


def test_daily_page_reads_the_embedded_json_with_authors_and_both_dates():
    result = parse("daily_2025-12-24.html")
    assert result.form == "html" and result.problems == []
    assert [p.arxiv_id for p in result.papers] == ["2512.20001", "2512.20002", "2512.20003"]
    first = result.papers[0]
    assert first.authors == ["Ada Lovelace", "Alan M. Turing", "Zoë Ångström"]
    assert first.published == date(2025, 12, 22)
    assert first.featured == date(2025, 12, 24)
    assert first.upvotes == 42 and first.comments == 4
    assert first.links.code == ["https://github.com/example/dia"]
    assert first.keywords == ["diffusion", "interval arithmetic"]
    # arXiv's hard line breaks become flowing text; the paragraph break stays.
    assert first.abstract == (
        "We show that diffusion models learn interval arithmetic.\n\n"
        "Code: https://github.com/example/dia."
    )
    assert result.papers[1].links.project == ["https://ibp-scale.example.org"]


def test_cards_are_the_fallback_and_a_card_without_a_paper_link_is_reported():
    result = parse("daily_cards_only.html")
    assert [(p.arxiv_id, p.upvotes) for p in result.papers] == [
        ("2512.20001", 42),
        ("2512.20002", 7),
        ("2512.20003", 3),
    ]
    assert result.papers[2].title == "A Title With <img src=x onerror=alert(1)> & Friends"
    assert [str(p) for p in result.problems] == [
        "card 4: no title link to /papers/<arXiv id>; skipped"
    ]


def test_broken_embedded_json_is_reported_and_the_cards_are_used():
    result = parse("daily_bad_props.html")
    assert len(result.papers) == 3
    assert str(result.problems[0]).startswith("data-props of DailyPapers: not valid JSON")


def test_search_page_flattens_highlight_spans_and_reads_search_results():
    result = parse("search_propagation.html")
    assert [p.title for p in result.papers] == ["Interval Bound Propagation at Scale"]
    assert result.papers[0].authors == ["Grace Hopper", "Edsger W. Dijkstra"]


def test_a_single_paper_page_reads_paper_content():
    result = parse("paper_2512.20001.html")
    assert [p.id for p in result.papers] == ["2512.20001"]
    assert result.papers[0].author_count == 3


def test_an_html_page_that_is_not_a_papers_page_is_rejected_with_a_reason():
    with pytest.raises(ParseError, match="not a Hugging Face papers page"):
        parse("not_papers.html")
