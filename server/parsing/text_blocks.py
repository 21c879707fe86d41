"""A papers page copied as text, cut into paragraphs and paper blocks (pure).

A block is a title paragraph, an abstract paragraph and an optional meta paragraph
(`• 4 authors`, `·`, `Jun 17, 2023 2`). Paragraphs that cannot be a paper (a stray date
line, a bare number, an "abstract" whose title is missing) are problems with their line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from server.parsing.dates import PageDate, parse_page_date
from server.parsing.result import Problem
from server.parsing.text_chrome import glued_page_start

AUTHORS_RE = re.compile(r"[•·*-]?\s*(\d{1,19})\s+authors?", re.ASCII)
BARE_NUMBER_RE = re.compile(r"\d[\d.,]*\s*[kK]?")
LONGEST_TITLE = 400  # characters; longer "titles" are abstracts whose title went missing


@dataclass
class Paragraph:
    line: int  # 1-based number of its first line
    lines: list[str]

    @cached_property
    def text(self) -> str:  # read once the paragraph is complete
        return " ".join(line.strip() for line in self.lines)

    @property
    def is_meta(self) -> bool:
        first = self.lines[0].strip()
        return first.startswith("•") or first == "·"


@dataclass(frozen=True)
class MetaDate:
    """What a meta block's date line says: a date, or the line that cannot be read, and
    the second page's text glued to its end, if any."""

    found: PageDate | None = None
    unreadable: str | None = None
    glued: tuple[str, str] | None = None
    line: int = 0


@dataclass
class Block:
    title: Paragraph
    abstract: Paragraph | None = None
    meta: Paragraph | None = None
    problems: list[Problem] = field(default_factory=list)

    @cached_property
    def meta_date(self) -> MetaDate:
        return read_meta_date(self.meta) if self.meta is not None else MetaDate()


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


def group_blocks(paragraphs: list[Paragraph], problems: list[Problem]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for paragraph in paragraphs:
        where = f"line {paragraph.line}"
        if paragraph.is_meta:
            if current is None or current.meta is not None:
                problems.append(
                    Problem(where, "author/date block with no paper before it", "not a paper")
                )
            else:
                current.meta = paragraph
            continue
        junk = _not_a_paper(paragraph)
        if junk:
            problems.append(Problem(where, f"{junk}; skipped", "not a paper"))
            current = None  # a page boundary: what follows starts a new paper
            continue
        if current is not None and current.abstract is None and current.meta is None:
            current.abstract = paragraph
            continue
        if len(paragraph.text) > LONGEST_TITLE:
            problems.append(
                Problem(
                    where,
                    f"expected a paper title, found {len(paragraph.text):,} characters of text "
                    "(an abstract whose title is missing?); skipped",
                    "not a paper",
                )
            )
            current = None
            continue
        current = Block(title=paragraph)
        blocks.append(current)
    return blocks


def _not_a_paper(paragraph: Paragraph) -> str | None:
    """Why this paragraph cannot be a title or an abstract, or None when it can be."""
    if len(paragraph.lines) != 1:
        return None
    text = paragraph.text
    if _looks_like_a_date(text):
        return (
            f"a date line {text!r} where a paper was expected "
            "(the header of a second page pasted in?)"
        )
    if BARE_NUMBER_RE.fullmatch(text):
        return f"a bare number {text!r} where a paper was expected"
    return None


def _looks_like_a_date(text: str) -> bool:
    try:
        return parse_page_date(text) is not None
    except ValueError:
        return True  # date-shaped, only impossible (`Feb 31`, `Jan 1, 0000`)


def page_date_or_none(text: str) -> PageDate | None:
    try:
        return parse_page_date(text)
    except ValueError:
        return None


def read_meta_date(meta: Paragraph) -> MetaDate:
    """The date line of a meta block (the first line that is not the author count)."""
    for offset, line in enumerate(meta.lines):
        stripped = line.strip()
        if stripped.startswith(("•", "·")) or AUTHORS_RE.fullmatch(stripped):
            continue
        number = meta.line + offset
        found = page_date_or_none(stripped)
        if found:
            return MetaDate(found, line=number)
        glued = glued_page_start(stripped)
        found = page_date_or_none(glued[0]) if glued else None
        if found:
            return MetaDate(found, glued=glued, line=number)
        return MetaDate(unreadable=stripped, line=number)
    return MetaDate()
