"""A papers page copied as text, cut into paragraphs and paper blocks (pure).

A block is a title paragraph, an abstract paragraph and an optional meta paragraph
(`• 4 authors`, `·`, `Jun 17, 2023 2`). Paragraphs that cannot be a paper (a stray date
line, a bare number, an "abstract" whose title is missing) are problems with their line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from server.parsing.dates import PageDate, looks_like_page_date, parse_page_date
from server.parsing.result import Problem
from server.parsing.text_chrome import glued_page_start

AUTHORS_RE = re.compile(r"[•·*-]?\s*(\d{1,19})\s+authors?", re.ASCII)
BARE_NUMBER_RE = re.compile(r"\d[\d.,]*\s*[kK]?")
LONGEST_TITLE = 400  # characters; longer "titles" are abstracts whose title went missing


@dataclass(slots=True)
class Paragraph:
    line: int  # 1-based number of its first line
    lines: list[str]  # stripped, none blank
    text: str  # the lines joined by single spaces

    @property
    def is_meta(self) -> bool:
        first = self.lines[0]
        return first.startswith("•") or first == "·"


class MetaDate(NamedTuple):
    """What a meta block's date line says: a date, or the line that cannot be read, and
    the second page's text glued to its end, if any."""

    found: PageDate | None = None
    unreadable: str | None = None
    glued: tuple[str, str] | None = None
    line: int = 0


@dataclass(slots=True)
class Block:
    title: Paragraph
    abstract: Paragraph | None = None
    meta: Paragraph | None = None


def split_paragraphs(text: str) -> Iterator[Paragraph]:
    """Runs of non-blank lines of a text whose only line break is `\\n`, one at a time.

    Cut at `\\n\\n` (C speed), then line by line only inside the pieces that still hold a
    line break: most paragraphs of a page are one line (a title, an abstract).
    """
    number = 1
    for piece in text.split("\n\n"):
        if "\n" in piece:
            yield from _paragraphs_of_lines(piece.split("\n"), number)
            number += piece.count("\n") + 2
            continue
        line = piece.strip()
        if line:
            yield Paragraph(number, [line], line)
        number += 2


def _paragraphs_of_lines(lines: list[str], number: int) -> Iterator[Paragraph]:
    """The paragraphs in consecutive lines, the first of which is line `number`."""
    run: list[str] = []
    for offset, line in enumerate(lines):
        line = line.strip()
        if line:
            run.append(line)
        elif run:
            yield Paragraph(number + offset - len(run), run, " ".join(run))
            run = []
    if run:
        yield Paragraph(number + len(lines) - len(run), run, " ".join(run))


def group_blocks(paragraphs: Iterable[Paragraph], problems: list[Problem]) -> Iterator[Block]:
    """Paper blocks in page order, each once it is complete; what is no paper goes to
    `problems` with its line."""
    finished: Block | None = None  # the last block begun: complete once another begins
    current: Block | None = None  # the block that the next paragraphs would extend
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
        if finished is not None:
            yield finished
        finished = current = Block(title=paragraph)
    if finished is not None:
        yield finished


def _not_a_paper(paragraph: Paragraph) -> str | None:
    """Why this paragraph cannot be a title or an abstract, or None when it can be."""
    if len(paragraph.lines) != 1:
        return None
    text = paragraph.text
    if looks_like_page_date(text):  # possible or not (`Feb 31`, `Jan 1, 0000`)
        return (
            f"a date line {text!r} where a paper was expected "
            "(the header of a second page pasted in?)"
        )
    if BARE_NUMBER_RE.fullmatch(text):
        return f"a bare number {text!r} where a paper was expected"
    return None


def page_date_or_none(text: str) -> PageDate | None:
    try:
        return parse_page_date(text)
    except ValueError:
        return None


def read_meta_date(meta: Paragraph) -> MetaDate:
    """The date line of a meta block (the first line that is not the author count)."""
    for offset, line in enumerate(meta.lines):
        if line.startswith(("•", "·")) or AUTHORS_RE.fullmatch(line):
            continue
        number = meta.line + offset
        found = page_date_or_none(line)
        if found:
            return MetaDate(found, line=number)
        glued = glued_page_start(line)
        found = page_date_or_none(glued[0]) if glued else None
        if found:
            return MetaDate(found, glued=glued, line=number)
        return MetaDate(unreadable=line, line=number)
    return MetaDate()
