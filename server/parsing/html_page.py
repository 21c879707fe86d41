"""HTML of huggingface.co papers pages -> papers (pure).

The embedded `data-props` JSON is read first (the most stable data on the page); the
visible `<article>` cards are the fallback. Class names change often, so the cards are found
by `article`, `h3 a[href^="/papers/"]` and the arXiv id pattern only.
"""

from __future__ import annotations

import json
import re

import lxml.etree
import lxml.html

from server.models import Paper, Source
from server.parsing.hf_api import parse_api_json
from server.parsing.result import ParseError, ParseResult, Problem

PAPER_HREF_RE = re.compile(r"^/papers/(\d{4}\.\d{4,5})(?:v\d+)?(?:[#?].*)?$")
PROPS_XPATH = '//*[@data-target="DailyPapers" or @data-target="PaperContent"][@data-props]'


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<div", "<article"))


def parse_papers_html(text: str, location: str = "html page") -> ParseResult:
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"not readable as HTML ({exc})") from None
    result = ParseResult(form="html")
    from_json = _papers_from_props(root, location, result)
    if from_json is not None:
        result.papers = from_json
        return result
    cards = root.xpath("//article")
    if not cards:
        raise ParseError(
            "an HTML page, but not a Hugging Face papers page: it has no embedded papers "
            "data (data-target=DailyPapers/PaperContent) and no <article> paper cards"
        )
    for index, card in enumerate(cards, 1):
        paper = _paper_from_card(card, index, location, result.problems)
        if paper:
            result.papers.append(paper)
    if not result.papers and not result.problems:
        raise ParseError("an HTML page, but none of its <article>s is a paper card")
    return result


def _papers_from_props(root, location: str, result: ParseResult) -> list[Paper] | None:
    """Papers from the embedded JSON, or None when the page has none usable."""
    papers: list[Paper] = []
    found_any = False
    for element in root.xpath(PROPS_XPATH):
        target = element.get("data-target")
        where = f"data-props of {target}"
        try:
            props = json.loads(element.get("data-props"))
        except json.JSONDecodeError as exc:
            result.problems.append(Problem(where, f"not valid JSON ({exc.msg}); using the cards"))
            continue
        if not isinstance(props, dict):
            result.problems.append(Problem(where, "expected a JSON object; using the cards"))
            continue
        for key in ("dailyPapers", "searchResults", "paper"):
            if key not in props:
                continue
            found_any = True
            parsed = parse_api_json(props[key], location)
            papers.extend(parsed.papers)
            result.problems.extend(
                Problem(f"{where}: {key}{p.where[1:]}", p.message) for p in parsed.problems
            )
    return papers if found_any else None


def _paper_from_card(card, index: int, location: str, problems: list[Problem]) -> Paper | None:
    where = f"card {index}"
    links = [a for a in card.xpath(".//h3//a[@href]") if PAPER_HREF_RE.match(a.get("href"))]
    if not links:
        problems.append(Problem(where, "no title link to /papers/<arXiv id>; skipped"))
        return None
    link = links[0]
    title = " ".join(link.text_content().split())
    if not title:
        problems.append(Problem(where, "empty title; skipped"))
        return None
    arxiv_id = PAPER_HREF_RE.match(link.get("href")).group(1)
    return Paper(
        title=title,
        arxiv_id=arxiv_id,
        upvotes=_card_upvotes(card),
        sources=[Source("html", location, None)],
    )


def _card_upvotes(card) -> int | None:
    for element in card.xpath('.//div[contains(concat(" ", @class, " "), " leading-none ")]'):
        text = element.text_content().strip()
        if text.isdigit():
            return int(text)
    return None
