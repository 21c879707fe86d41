"""A papers page copied as text (what `seeds/` holds) -> papers (pure).

The page is page chrome, the page's date (`Dec 24`), then one block per paper separated by
blank lines: title, abstract, and a meta block (`• 4 authors`, `·`, `Jun 17, 2023 2`) that
some papers lack. See formats.md §1. Anything else (a stray date line, a bare number, the
header of a second page pasted after the first) is reported with its line, never a paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain

from server.models import Links, Paper, Source
from server.parsing.dates import PageDate, date_in_name
from server.parsing.fields import (
    LATEST,
    MAX_TEXT,
    FieldError,
    check_count,
    check_day,
    refuse_surrogates,
    strip_controls,
)
from server.parsing.links import extract_links
from server.parsing.result import ParseError, ParseResult, Problem
from server.parsing.text_blocks import (
    AUTHORS_RE,
    Block,
    Paragraph,
    group_blocks,
    page_date_or_none,
    read_meta_date,
    split_paragraphs,
)
from server.parsing.text_chrome import is_chrome

# A control character (fields.strip_controls) or a line break `str.splitlines` knows besides
# `\n`: \r, U+2028, U+2029 (its others, \x0b \x0c \x1c-\x1e \x85, are controls).
_CONTROL_OR_BREAK_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029]")


def parse_listing_text(
    text: str, name: str | None = None, as_of: date | None = None, *, plain: bool = False
) -> ParseResult:
    """`plain`: the caller has found in `text` nothing to clean up or refuse (no control
    character, no line break but `\\n`, no lone surrogate)."""
    if not plain:
        refuse_surrogates(text)  # a record could not be stored, nor its id worked out
    # A stream from the text to the papers: each paragraph and block is gone once its paper
    # is made, so the garbage collector never walks a whole page of them.
    paragraphs = (
        p for p in split_paragraphs(text if plain else _clean(text)) if not is_chrome(p.text)
    )
    page_date, paragraphs = _take_page_date(paragraphs)
    result = ParseResult(form="text")
    blocks = group_blocks(paragraphs, result.problems)
    first = next(blocks, None)
    if first is None:
        raise ParseError(
            "no papers found: expected a Hugging Face papers page copied as text "
            "(title, abstract and an author/date line per paper)"
        )
    seen = as_of or date_in_name(name)
    # Without that day, the page's year is read off every block before any is dated.
    every_block = chain([first], blocks) if seen else [first, *blocks]
    reference = _reference_date(as_of, seen, page_date, every_block, result.notes)
    source = Source("text", name or "pasted text", reference)
    for block in every_block:
        paper = _paper(block, reference, source, result.problems)
        if paper:
            result.papers.append(paper)
    result.problems.sort(key=_line_number)  # in page order, whichever step found them
    return result


def _clean(text: str) -> str:
    """The text without control characters, `\\n` its only line break; lines numbered as
    `str.splitlines` numbers them."""
    if not _CONTROL_OR_BREAK_RE.search(text):  # one scan: most pages need neither
        return text
    return "\n".join(strip_controls(text).splitlines())


def _line_number(problem: Problem) -> int:
    return int(problem.where.removeprefix("line "))


def _take_page_date(
    paragraphs: Iterator[Paragraph],
) -> tuple[PageDate | None, Iterator[Paragraph]]:
    """The page's own date: a lone date line before the first paper."""
    first = next(paragraphs, None)
    if first is None:
        return None, paragraphs
    if not first.is_meta and len(first.lines) == 1:
        found = page_date_or_none(first.text)
        if found and found.count is None:
            return found, paragraphs
    return None, chain([first], paragraphs)


def _reference_date(
    as_of: date | None,
    seen: date | None,
    page_date: PageDate | None,
    blocks: Iterable[Block],
    notes: list[str],
) -> date:
    """The day the page was seen; dates without a year are read against it.

    `seen` is --as-of, else the date in the file name; else it is inferred from the page's
    blocks (and said so).
    Never from today's clock: a page seen in 2025 stays 2025 when ingested later.
    """
    if as_of is not None:
        try:
            check_day(as_of)
        except FieldError as exc:
            raise ParseError(f"the day the page was seen (--as-of): {exc}") from None
    if seen is None:
        dates = (read_meta_date(block.meta).found for block in blocks if block.meta)
        years = [found.year for found in dates if found and found.year]
        year = max(years) + 1 if years else None
        if year is None:
            raise ParseError(
                "cannot tell the page's year: no date on the page carries one; pass --as-of "
                "YYYY-MM-DD (the day the page was seen)"
            )
        seen = min(date(year, 12, 31), LATEST)
        notes.append(
            f"page year inferred as {year} (latest year on the page + 1); "
            "pass --as-of YYYY-MM-DD to set it"
        )
    if page_date and page_date.year is None:
        try:
            return page_date.resolve(seen)
        except ValueError as exc:
            raise ParseError(f"the page's own date cannot be placed: {exc}") from None
    return seen


def _paper(block: Block, reference: date, source: Source, problems: list[Problem]) -> Paper | None:
    title = block.title.text
    abstract = block.abstract.text if block.abstract else None
    where = f"line {block.title.line}"
    if abstract is not None and len(abstract) > MAX_TEXT:
        message = f"the abstract of {title[:80]!r} is longer than {MAX_TEXT:,} characters; skipped"
        problems.append(Problem(f"line {block.abstract.line}", message, "too long"))
        return None
    if abstract is None:
        problems.append(
            Problem(where, f"paper {title!r} has no abstract (page cut short?)", "no abstract")
        )
    author_count = None
    published = None
    comments = None
    if block.meta is not None:
        author_count = _author_count(block.meta, problems)
        meta = read_meta_date(block.meta)
        page_date, bad = meta.found, meta.unreadable
        if meta.glued:
            problems.append(
                Problem(
                    f"line {meta.line}",
                    f"{meta.glued[1]!r} is glued to the end of the date line (two pages pasted "
                    f"without a line break?); read the date as {meta.glued[0]!r}",
                    "pages run together",
                )
            )
        if bad is not None:
            problems.append(
                Problem(f"line {meta.line}", f"cannot read the date {bad!r}", "bad date")
            )
        elif page_date is None:
            problems.append(
                Problem(f"line {block.meta.line}", "author/date block without a date", "bad date")
            )
        else:
            try:
                published = page_date.resolve(reference)
            except ValueError as exc:
                problems.append(Problem(f"line {block.meta.line}", str(exc), "bad date"))
            comments = page_date.count
    code, project = extract_links(abstract)
    return Paper(
        title=title,
        abstract=abstract,
        author_count=author_count,
        published=published,
        comments=comments,
        links=Links(code=code, project=project),
        sources=[source],
    )


def _author_count(meta: Paragraph, problems: list[Problem]) -> int | None:
    first = meta.lines[0]
    if first == "·":
        return None
    match = AUTHORS_RE.fullmatch(first)
    if match:
        try:
            return check_count(int(match[1]))
        except FieldError:
            pass
    problems.append(
        Problem(
            f"line {meta.line}", f"cannot read the author count in {first!r}", "bad author count"
        )
    )
    return None
