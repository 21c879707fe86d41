"""Same fields whatever the form (issue 11): text, HTML and API input of the same papers."""

import json
from datetime import date

import lxml.html

from server.parsing import parse_any
from tests.conftest import FIXTURES, SEED

PAGE = FIXTURES / "records" / "hf-daily-2025-12-24.html"
API = FIXTURES / "api" / "daily_papers_2025-12-24.json"


def embedded_items() -> list[dict]:
    """The page's embedded JSON: the same items the API serves."""
    root = lxml.html.fromstring(PAGE.read_bytes())
    [element] = root.xpath('//*[@data-target="DailyPapers"]')
    return json.loads(element.get("data-props"))["dailyPapers"]


def by_title(result):
    return {paper.title: paper for paper in result.papers}


def test_links_in_an_abstract_are_found_in_every_form():
    text = by_title(parse_any(SEED.read_bytes(), name=SEED.name))
    html = by_title(parse_any(PAGE.read_bytes(), name=PAGE.name))
    api = by_title(parse_any(json.dumps(embedded_items()), name="daily.json"))
    assert html.keys() == api.keys() and len(html) == 25
    with_code = 0
    for title, paper in html.items():
        assert paper.links.code == text[title].links.code == api[title].links.code, title
        assert paper.links.project == text[title].links.project == api[title].links.project
        with_code += bool(paper.links.code)
        assert paper.has_code == text[title].has_code == api[title].has_code
    assert with_code == 6


def test_the_api_repository_field_comes_first_then_the_abstracts_links():
    items = json.loads(API.read_text())
    items[0]["paper"]["summary"] += (
        " Demo: https://dia.example.org/demo and https://github.com/x/y."
    )
    [paper, *_] = parse_any(json.dumps(items)).papers
    assert paper.links.code == ["https://github.com/example/dia", "https://github.com/x/y"]
    assert paper.links.project == ["https://dia.example.org/demo"]


def test_what_hugging_face_shows_is_kept_from_the_api_and_the_page():
    [api, *_] = parse_any(API.read_bytes(), name=API.name).papers
    assert (api.github_stars, api.ai_summary, api.submitter) == (
        120,
        "Diffusion models do interval arithmetic.",
        "akhaliq",
    )
    assert api.thumbnail == (
        "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2512.20001.png"
    )
    [html, *_] = parse_any(PAGE.read_bytes(), name=PAGE.name).papers
    assert (html.organization, html.submitter, html.thumbnail) == (
        "Test Lab",
        "akhaliq",
        "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2512.30001.png",
    )


def test_cards_alone_give_the_thumbnail_the_comments_and_the_author_count():
    page = PAGE.read_text(encoding="utf-8")
    start = page.index('<div class="SVELTE_HYDRATER')
    cards_only = page[:start] + "<div>" + page[page.index(">", start) + 1 :]
    result = parse_any(cards_only.encode(), name="cards.html", as_of=date(2025, 12, 24))
    assert result.problems == []
    first = result.papers[0]
    assert (first.arxiv_id, first.author_count, first.authors, first.comments) == (
        "2512.30001",
        4,
        [],
        0,
    )
    assert first.authors_complete is False
    assert first.thumbnail.endswith("/2512.30001.png")
    assert first.sources[0].to_json() == {
        "kind": "html",
        "location": "cards.html",
        "seen": "2025-12-24",
    }


def test_sources_say_the_form_and_the_day_the_page_shows():
    html = parse_any((FIXTURES / "pages" / "daily_2025-12-24.html").read_bytes(), name="saved.html")
    assert {s.to_json()["kind"] for p in html.papers for s in p.sources} == {"html"}
    assert {p.sources[0].seen for p in html.papers} == {date(2025, 12, 24)}  # its `date`
    api = parse_any(API.read_bytes(), name="daily.json", as_of=date(2025, 12, 25))
    assert {(s.kind, s.seen) for p in api.papers for s in p.sources} == {
        ("api", date(2025, 12, 25))
    }
    named = parse_any(API.read_bytes(), name="hf-daily-2025-12-24.json")
    assert named.papers[0].sources[0].seen == date(2025, 12, 24)  # the day in the file name
    unknown = parse_any(API.read_bytes(), name="daily.json")
    assert unknown.papers[0].sources[0].seen is None  # never the clock


def test_own_json_keeps_the_sources_it_lists_and_adds_its_own():
    [paper] = parse_any((FIXTURES / "api" / "daily_papers_2025-12-24.json").read_bytes()).papers[:1]
    exported = json.dumps({"items": [paper.to_json()]})
    [again] = parse_any(exported, name="export.json", as_of=date(2026, 1, 5)).papers
    assert [s.to_json() for s in again.sources] == [
        {"kind": "api", "location": "input", "seen": None},
        {"kind": "papershelf", "location": "export.json", "seen": "2026-01-05"},
    ]
    assert again.to_json() | {"sources": []} == paper.to_json() | {"sources": []}
