"""HTML of huggingface.co papers pages -> papers (pure).

The embedded `data-props` JSON is read first (the most stable data on the page); the
visible `<article>` cards are the fallback, and also what the page shows that its JSON may
not: a card says how many authors a paper has ("23 authors") where the JSON may name only
the first few, which marks that author list partial. Class names change often, so the cards
are found by `article`, `h3 a[href^="/papers/"]` and the arXiv id pattern only.
"""

from __future__ import annotations

import re
from datetime import date

import lxml.etree
import lxml.html

from server.models import Paper, Source
from server.parsing.fields import (
    MAX_TITLE,
    MAX_URL,
    FieldError,
    check_count,
    check_day,
    clean_text,
    one_line,
    seen_day,
)
from server.parsing.hf_api import parse_api_json
from server.parsing.json_input import load_json
from server.parsing.result import ParseError, ParseResult, Problem

PAPER_HREF_RE = re.compile(r"/papers/(\d{4}\.\d{4,5})(?:v\d+)?(?:[#?].*)?", re.ASCII | re.S)
PROPS_XPATH = '//*[@data-target="DailyPapers" or @data-target="PaperContent"][@data-props]'
AUTHOR_COUNT_RE = re.compile(r"\b(\d{1,19})\s+authors?\b", re.ASCII)
COUNT_RE = re.compile(r"[0-9]{1,19}")
FALLBACK = "; using the cards"
DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<div", "<article"))


def parse_papers_html(
    text: str, location: str = "html page", seen: date | None = None
) -> ParseResult:
    """Papers of a page; `seen` is the day it was seen when the page itself does not say."""
    seen = seen_day(seen)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"not readable as HTML ({exc})") from None
    result = ParseResult(form="html")
    cards = root.xpath("//article")
    card_problems: list[Problem] = []
    from_cards = [
        paper
        for index, card in enumerate(cards, 1)
        if (paper := _paper_from_card(card, index, location, seen, card_problems))
    ]
    counts = {p.arxiv_id: p.author_count for p in from_cards if p.author_count}
    from_json = _papers_from_props(root, location, seen, counts, result)
    if from_json is not None:
        result.papers = from_json
        return result
    if not cards and result.problems:  # embedded data it cannot read, and nothing else
        unread = str(result.problems[0]).removesuffix(FALLBACK)
        raise ParseError(f"{unread}, and the page has no <article> paper cards to fall back on")
    if not cards:
        raise ParseError(
            "an HTML page, but not a Hugging Face papers page: it has no embedded papers "
            "data (data-target=DailyPapers/PaperContent) and no <article> paper cards"
        )
    result.papers = from_cards
    result.problems.extend(card_problems)
    if not result.papers and not result.problems:
        raise ParseError("an HTML page, but none of its <article>s is a paper card")
    return result


def _papers_from_props(
    root, location: str, seen: date | None, counts: dict[str, int], result: ParseResult
) -> list[Paper] | None:
    """Papers from the embedded JSON, or None when the page has none usable."""
    papers: list[Paper] = []
    found_any = False
    for element in root.xpath(PROPS_XPATH):
        target = element.get("data-target")
        where = f"data-props of {target}"
        try:
            props = load_json(element.get("data-props"))
        except ParseError as exc:
            result.problems.append(
                Problem(where, f"not valid JSON ({exc.reason}){FALLBACK}", "bad page data")
            )
            continue
        if not isinstance(props, dict):
            result.problems.append(
                Problem(where, f"expected a JSON object{FALLBACK}", "bad page data")
            )
            continue
        day = _page_day(props.get("date")) or seen
        for key in ("dailyPapers", "searchResults", "paper"):
            if key not in props:
                continue
            found_any = True
            parsed = parse_api_json(props[key], location, day, "html", counts)
            papers.extend(parsed.papers)
            result.problems.extend(
                Problem(f"{where}: {key}{p.where[1:]}", p.message, p.kind) for p in parsed.problems
            )
    return papers if found_any else None


def _page_day(value: object) -> date | None:
    """The day a listing page shows (`"date": "2025-12-24"` in its props)."""
    if not isinstance(value, str) or not DAY_RE.fullmatch(value):
        return None
    try:
        return check_day(date.fromisoformat(value))
    except ValueError:
        return None


def _paper_from_card(
    card, index: int, location: str, seen: date | None, problems: list[Problem]
) -> Paper | None:
    where = f"card {index}"
    links = [a for a in card.xpath(".//h3//a[@href]") if PAPER_HREF_RE.fullmatch(a.get("href"))]
    if not links:
        message = "no title link to /papers/<arXiv id>; skipped"
        problems.append(Problem(where, message, "not a paper"))
        return None
    link = links[0]
    try:
        title = one_line(clean_text(link.text_content(), MAX_TITLE))
    except FieldError as exc:
        problems.append(Problem(f"{where} title", f"{exc}; skipped", "too long"))
        return None
    if not title:
        problems.append(Problem(where, "empty title; skipped", "not a paper"))
        return None
    arxiv_id = PAPER_HREF_RE.fullmatch(link.get("href")).group(1)
    return Paper(
        title=title,
        arxiv_id=arxiv_id,
        author_count=_card_author_count(card),
        upvotes=_card_count(card, './/div[contains(concat(" ", @class, " "), " leading-none ")]'),
        comments=_card_count(card, './/a[contains(@href, "#community")]'),
        sources=[Source("html", location, seen)],
        thumbnail=_card_thumbnail(card),
    )


def _card_count(card, xpath: str) -> int | None:
    for element in card.xpath(xpath):
        text = element.text_content().strip()
        if COUNT_RE.fullmatch(text):
            try:
                return check_count(int(text))
            except FieldError:
                return None
    return None


def _card_author_count(card) -> int | None:
    """`23 authors` anywhere on the card but in its title."""
    text = " ".join(card.xpath(".//text()[not(ancestor::h3)]"))
    match = AUTHOR_COUNT_RE.search(text)
    if not match:
        return None
    try:
        return check_count(int(match[1]))
    except FieldError:
        return None


def _card_thumbnail(card) -> str | None:
    for src in card.xpath(".//img/@src"):
        src = src.strip()
        if src.startswith("https://") and len(src) <= MAX_URL and " " not in src:
            return src
    return None
