"""A papers page copied as text (what `seeds/` holds) -> papers (pure).

The page is page chrome, the page's date (`Dec 24`), then one block per paper separated by
blank lines: title, abstract, and a meta block (`• 4 authors`, `·`, `Jun 17, 2023 2`) that
some papers lack. See formats.md §1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from server.models import Links, Paper, Source
from server.parsing.dates import PageDate, parse_page_date
from server.parsing.links import extract_links
from server.parsing.result import ParseError, ParseResult, Problem

CHROME = {
    "get trending papers in your email inbox!",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "trending papers",
    "papers",
    "submit paper",
    "search",
    "previous",
    "next",
    "load more",
    "new",
}
AUTHORS_RE = re.compile(r"^[•·*-]?\s*(\d+)\s+authors?$")
DATE_IN_NAME_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
LONGEST_TITLE = 400  # characters; longer "titles" are abstracts whose title went missing


@dataclass
class Paragraph:
    line: int  # 1-based number of its first line
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)

    @property
    def is_meta(self) -> bool:
        first = self.lines[0].strip()
        return first.startswith("•") or first == "·"


@dataclass
class Block:
    title: Paragraph
    abstract: Paragraph | None = None
    meta: Paragraph | None = None
    problems: list[Problem] = field(default_factory=list)


def parse_listing_text(
    text: str, name: str | None = None, as_of: date | None = None
) -> ParseResult:
    paragraphs = [p for p in split_paragraphs(text) if p.text.casefold() not in CHROME]
    page_date, paragraphs = _take_page_date(paragraphs)
    result = ParseResult(form="text")
    blocks = _group_blocks(paragraphs, result.problems)
    if not blocks:
        raise ParseError(
            "no papers found: expected a Hugging Face papers page copied as text "
            "(title, abstract and an author/date line per paper)"
        )
    reference = _reference_date(name, as_of, page_date, blocks, result.notes)
    source = Source("text", name or "pasted text", reference)
    for block in blocks:
        paper = _paper(block, reference, source, result.problems)
        if paper:
            result.papers.append(paper)
    return result


def split_paragraphs(text: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if current is None:
                current = Paragraph(number, [])
                paragraphs.append(current)
            current.lines.append(line.rstrip())
        else:
            current = None
    return paragraphs


def _take_page_date(paragraphs: list[Paragraph]) -> tuple[PageDate | None, list[Paragraph]]:
    """The page's own date: a lone date line before the first paper."""
    if paragraphs and not paragraphs[0].is_meta and len(paragraphs[0].lines) == 1:
        try:
            found = parse_page_date(paragraphs[0].text)
        except ValueError:
            found = None
        if found and found.count is None:
            return found, paragraphs[1:]
    return None, paragraphs


def _group_blocks(paragraphs: list[Paragraph], problems: list[Problem]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for paragraph in paragraphs:
        if paragraph.is_meta:
            if current is None or current.meta is not None:
                problems.append(
                    Problem(f"line {paragraph.line}", "author/date block with no paper before it")
                )
            else:
                current.meta = paragraph
            continue
        if current is not None and current.abstract is None and current.meta is None:
            current.abstract = paragraph
            continue
        if len(paragraph.text) > LONGEST_TITLE:
            problems.append(
                Problem(
                    f"line {paragraph.line}",
                    f"expected a paper title, found {len(paragraph.text)} characters of text "
                    "(an abstract whose title is missing?); skipped",
                )
            )
            current = None
            continue
        current = Block(title=paragraph)
        blocks.append(current)
    return blocks


def _reference_date(
    name: str | None,
    as_of: date | None,
    page_date: PageDate | None,
    blocks: list[Block],
    notes: list[str],
) -> date:
    """The day the page was seen; dates without a year are read against it.

    From --as-of, else the date in the file name, else inferred from the page (and said so).
    Never from today's clock: a page seen in 2025 stays 2025 when ingested later.
    """
    seen = as_of or _date_in_name(name)
    if seen is None:
        dates = (_meta_date(block)[0] for block in blocks)
        years = [found.year for found in dates if found and found.year]
        year = max(years) + 1 if years else None
        if year is None:
            raise ParseError(
                "cannot tell the page's year: no date on the page carries one; pass --as-of "
                "YYYY-MM-DD (the day the page was seen)"
            )
        seen = date(year, 12, 31)
        notes.append(
            f"page year inferred as {year} (latest year on the page + 1); "
            "pass --as-of YYYY-MM-DD to set it"
        )
    if page_date and page_date.year is None:
        return page_date.resolve(seen)
    return seen


def _date_in_name(name: str | None) -> date | None:
    match = DATE_IN_NAME_RE.search(name or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _meta_date(block: Block) -> tuple[PageDate | None, str | None]:
    """(date, unreadable date line) from a block's meta; (None, None) when it has no date."""
    if block.meta is None:
        return None, None
    for line in block.meta.lines:
        stripped = line.strip()
        if stripped.startswith(("•", "·")) or AUTHORS_RE.match(stripped):
            continue
        try:
            found = parse_page_date(stripped)
        except ValueError:
            found = None
        return (found, None) if found else (None, stripped)
    return None, None


def _paper(block: Block, reference: date, source: Source, problems: list[Problem]) -> Paper | None:
    title = block.title.text
    abstract = block.abstract.text if block.abstract else None
    where = f"line {block.title.line}"
    if abstract is None:
        problems.append(Problem(where, f"paper {title!r} has no abstract (page cut short?)"))
    author_count = None
    published = None
    comments = None
    if block.meta is not None:
        author_count = _author_count(block.meta, problems)
        page_date, bad = _meta_date(block)
        if bad is not None:
            problems.append(Problem(_line_of(block.meta, bad), f"cannot read the date {bad!r}"))
        elif page_date is None:
            problems.append(Problem(f"line {block.meta.line}", "author/date block without a date"))
        else:
            published = page_date.resolve(reference)
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
    first = meta.lines[0].strip()
    if first == "·":
        return None
    match = AUTHORS_RE.match(first)
    if not match:
        problems.append(Problem(f"line {meta.line}", f"cannot read the author count in {first!r}"))
        return None
    return int(match[1])


def _line_of(meta: Paragraph, text: str) -> str:
    for offset, line in enumerate(meta.lines):
        if line.strip() == text:
            return f"line {meta.line + offset}"
    return f"line {meta.line}"
