"""Hugging Face API JSON and papershelf's own Paper JSON."""

import json

import pytest

from server.parsing import ParseError, parse_any
from tests.conftest import FIXTURES

API = FIXTURES / "api"


def test_the_real_paper_object_from_the_api():
    data = (FIXTURES / "api" / "hf-api-paper-object.json").read_bytes()
    result = parse_any(data, name="api/papers/2509.04664")
    [paper] = result.papers
    assert paper.id == paper.arxiv_id == "2509.04664"
    assert paper.title == "Why Language Models Hallucinate"
    assert paper.authors == [
        "Adam Tauman Kalai",
        "Ofir Nachum",
        "Santosh S. Vempala",
        "Edwin Zhang",
    ]
    assert paper.upvotes == 26  # upvotes live on the paper, not on a daily item
    assert paper.published.isoformat() == "2025-09-04"
    assert paper.featured.isoformat() == "2025-09-08"  # submittedOnDailyAt
    assert paper.abstract.startswith("Like students facing hard exam questions, large language")
    assert "\n" not in paper.abstract
    assert paper.links.pdf == "https://arxiv.org/pdf/2509.04664"


def test_daily_papers_and_search_arrays():
    daily = parse_any((API / "daily_papers_2025-12-24.json").read_bytes())
    assert daily.form == "api"
    assert [p.comments for p in daily.papers] == [4, 0, 1]
    search = parse_any((API / "search_interval.json").read_bytes())
    assert [p.arxiv_id for p in search.papers] == ["2512.20002"]


def test_a_bad_record_is_reported_by_json_path_and_the_others_go_in():
    items = json.loads((API / "daily_papers_2025-12-24.json").read_text())
    items[1]["paper"]["id"] = "not-an-id"
    items[2]["paper"]["upvotes"] = "many"
    result = parse_any(json.dumps(items))
    assert [p.arxiv_id for p in result.papers] == ["2512.20001"]
    assert [str(p) for p in result.problems] == [
        "$[1].paper.id: not an arXiv id: 'not-an-id'",
        "$[2].paper.upvotes: expected a whole number, found 'many'",
    ]


def test_own_paper_json_round_trips_and_bad_fields_are_named():
    daily = parse_any((API / "daily_papers_2025-12-24.json").read_bytes())
    exported = json.dumps({"items": [p.to_json() for p in daily.papers]})
    again = parse_any(exported)
    assert again.form == "papershelf"
    assert [p.to_json() | {"sources": []} for p in again.papers] == [
        p.to_json() | {"sources": []} for p in daily.papers
    ]
    bad = {
        "items": [
            {"title": "Fine", "arxiv_id": "2501.00001"},
            {"title": "Bad link", "links": {"code": ["javascript:alert(1)"]}},
            {"title": "Bad authors", "authors": "Ada Lovelace"},
            {"arxiv_id": "2501.00002"},
        ]
    }
    result = parse_any(json.dumps(bad))
    assert [p.id for p in result.papers] == ["2501.00001"]
    assert [str(p) for p in result.problems] == [
        "$.items[1].links.code[0]: not an http(s) URL: 'javascript:alert(1)'",
        "$.items[2].authors: expected a list of text, found str",
        "$.items[3].title: missing",
    ]


def test_json_in_no_known_shape_is_rejected():
    with pytest.raises(ParseError, match="neither Hugging Face papers API data"):
        parse_any(b'{"hello": "world"}')
    with pytest.raises(ParseError, match=r"line 1 column 8: invalid JSON"):
        parse_any(b'[{"a": }]')
