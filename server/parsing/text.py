"""A papers page copied as text (what `seeds/` holds) -> papers (pure).

The page is page chrome, the page's date (`Dec 24`), then one block per paper separated by
blank lines: title, abstract, and a meta block (`• 4 authors`, `·`, `Jun 17, 2023 2`) that
some papers lack. See formats.md §1. Anything else (a stray date line, a bare number, the
header of a second page pasted after the first) is reported with its line, never a paper.
"""

from __future__ import annotations

from datetime import date

from server.models import Links, Paper, Source
from server.parsing.dates import PageDate, date_in_name
from server.parsing.fields import (
    LATEST,
    MAX_TEXT,
    FieldError,
    check_day,
    refuse_surrogates,
    strip_controls,
)
from server.parsing.links import extract_links
from server.parsing.plain import is_plain
from server.parsing.result import ParseError, ParseResult, Problem
from server.parsing.text_blocks import Block, page_blocks
from server.parsing.text_meta import MetaReader


def parse_listing_text(
    text: str, name: str | None = None, as_of: date | None = None, *, plain: bool | None = None
) -> ParseResult:
    """`plain`: whether the caller has found `text` free of all there is to clean up or
    refuse (controls, line breaks but `\\n`, lone surrogates; see plain.py); None: not asked."""
    if plain is None:
        plain = is_plain(text)
    if not plain:
        refuse_surrogates(text)  # a record could not be stored, nor its id worked out
        text = _clean(text)
    result = ParseResult(form="text")
    page_date, blocks = page_blocks(text, result.problems)
    if not blocks:
        raise ParseError(
            "no papers found: expected a Hugging Face papers page copied as text "
            "(title, abstract and an author/date line per paper)"
        )
    seen = as_of or date_in_name(name)
    metas = MetaReader()
    reference = _reference_date(as_of, seen, page_date, blocks, metas, result.notes)
    source = Source("text", name or "pasted text", reference)
    papers, problems = result.papers, result.problems
    for block in blocks:
        paper = _paper(block, reference, source, metas, problems)
        if paper:
            papers.append(paper)
    problems.sort(key=_line_number)  # in page order, whichever step found them
    return result


def _clean(text: str) -> str:
    """The text without control characters, `\\n` its only line break; lines numbered as
    `str.splitlines` numbers them (\\r, U+2028, U+2029 break lines too)."""
    return "\n".join(strip_controls(text).splitlines())


def _line_number(problem: Problem) -> int:
    return int(problem.where.removeprefix("line "))


def _reference_date(
    as_of: date | None,
    seen: date | None,
    page_date: PageDate | None,
    blocks: list[Block],
    metas: MetaReader,
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
        dates = (metas.date_line(block.meta)[1].found for block in blocks if block.meta)
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


def _paper(
    block: Block, reference: date, source: Source, metas: MetaReader, problems: list[Problem]
) -> Paper | None:
    title, abstract = block.title, block.abstract
    if abstract is None:
        message = f"paper {title!r} has no abstract (page cut short?)"
        problems.append(Problem(f"line {block.title_line}", message, "no abstract"))
    elif len(abstract) > MAX_TEXT:
        message = f"the abstract of {title[:80]!r} is longer than {MAX_TEXT:,} characters; skipped"
        problems.append(Problem(f"line {block.abstract_line}", message, "too long"))
        return None
    count = published = comments = None
    if block.meta is not None:
        count, published, comments = _read_meta(
            block.meta, block.meta_line, reference, metas, problems
        )
    code, project = extract_links(abstract)
    return Paper(
        title=title,
        abstract=abstract,
        author_count=count,
        published=published,
        comments=comments,
        links=Links(code=code, project=project),
        sources=[source],
    )


def _read_meta(
    lines: list[str], number: int, reference: date, metas: MetaReader, problems: list[Problem]
) -> tuple[int | None, date | None, int | None]:
    """(author count, published, comments) of the meta paragraph at line `number`."""
    count, readable = metas.author_count(lines[0])
    if not readable:
        message = f"cannot read the author count in {lines[0]!r}"
        problems.append(Problem(f"line {number}", message, "bad author count"))
    offset, meta = metas.date_line(lines)
    if meta.glued:
        problems.append(
            Problem(
                f"line {number + offset}",
                f"{meta.glued[1]!r} is glued to the end of the date line (two pages pasted "
                f"without a line break?); read the date as {meta.glued[0]!r}",
                "pages run together",
            )
        )
    if meta.unreadable is not None:
        message = f"cannot read the date {meta.unreadable!r}"
        problems.append(Problem(f"line {number + offset}", message, "bad date"))
        return count, None, None
    if meta.found is None:
        problems.append(Problem(f"line {number}", "author/date block without a date", "bad date"))
        return count, None, None
    published = metas.resolved(meta.found, reference)
    if isinstance(published, str):  # why it cannot be placed
        problems.append(Problem(f"line {number}", published, "bad date"))
        published = None
    return count, published, meta.found.count
