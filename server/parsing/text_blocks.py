"""A papers page copied as text, cut into paper blocks (pure).

A block is a title paragraph, an abstract paragraph and an optional meta paragraph
(`• 4 authors`, `·`, `Jun 17, 2023 2`). Page chrome is dropped; a lone date line before the
first paper is the page's own date. Paragraphs that cannot be a paper (a stray date line, a
bare number, an "abstract" whose title is missing) are problems with their line.

One loop over the paragraphs, each a plain tuple: this runs for every paragraph of a page
that may hold tens of thousands of papers, so nothing is made that a paper does not keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from server.parsing.dates import (
    LONGEST_PAGE_DATE,
    PageDate,
    looks_like_page_date,
    page_date_or_none,
)
from server.parsing.result import Problem
from server.parsing.text_chrome import is_chrome

BARE_NUMBER_RE = re.compile(r"\d[\d.,]*\s*[kK]?")
LONGEST_TITLE = 400  # characters; longer "titles" are abstracts whose title went missing

# A paragraph: the number of its first line (1-based), its lines (stripped, none blank) and
# their text joined by single spaces.
Paragraph = tuple[int, list[str], str]


@dataclass(slots=True)
class Block:
    title_line: int
    title: str
    abstract_line: int = 0
    abstract: str | None = None
    meta_line: int = 0
    meta: list[str] | None = None  # the meta paragraph's lines


def page_blocks(text: str, problems: list[Problem]) -> tuple[PageDate | None, list[Block]]:
    """The page's own date and its paper blocks in page order, of a text whose only line
    break is `\\n`; what is no paper goes to `problems` with its line."""
    page_date, paragraphs = _take_page_date(split_paragraphs(text))
    blocks: list[Block] = []
    current: Block | None = None  # the block that the next paragraphs would extend
    for number, lines, joined in paragraphs:
        if _is_meta(lines[0]):
            if current is None or current.meta is not None:
                message = "author/date block with no paper before it"
                problems.append(Problem(f"line {number}", message, "not a paper"))
            else:
                current.meta_line, current.meta = number, lines
            continue
        if is_chrome(joined):  # after the meta test: no chrome line starts as meta does
            continue
        junk = _not_a_paper(joined) if len(lines) == 1 else None
        if junk:
            problems.append(Problem(f"line {number}", f"{junk}; skipped", "not a paper"))
            current = None  # a page boundary: what follows starts a new paper
        elif current is not None and current.abstract is None and current.meta is None:
            current.abstract_line, current.abstract = number, joined
        elif len(joined) > LONGEST_TITLE:
            message = (
                f"expected a paper title, found {len(joined):,} characters of text "
                "(an abstract whose title is missing?); skipped"
            )
            problems.append(Problem(f"line {number}", message, "not a paper"))
            current = None
        else:
            current = Block(number, joined)
            blocks.append(current)
    return page_date, blocks


def split_paragraphs(text: str) -> Iterator[Paragraph]:
    """Runs of non-blank lines of a text whose only line break is `\\n`, one at a time.

    Cut at `\\n\\n` (C speed), then line by line only inside the pieces that still hold a
    line break: most paragraphs of a page are one line (a title, an abstract).
    """
    number = 1
    for piece in text.split("\n\n"):
        if "\n" in piece:
            lines = [line.strip() for line in piece.split("\n")]
            if all(lines):  # one paragraph (a meta paragraph: most pieces of many lines)
                yield number, lines, " ".join(lines)
            else:
                yield from _paragraphs_of_lines(lines, number)
            number += len(lines) + 1
            continue
        line = piece.strip()
        if line:
            yield number, [line], line
        number += 2


def _paragraphs_of_lines(lines: list[str], number: int) -> Iterator[Paragraph]:
    """The paragraphs in consecutive stripped lines, the first of which is line `number`."""
    run: list[str] = []
    for offset, line in enumerate(lines):
        if line:
            run.append(line)
        elif run:
            yield number + offset - len(run), run, " ".join(run)
            run = []
    if run:
        yield number + len(lines) - len(run), run, " ".join(run)


def _is_meta(first_line: str) -> bool:
    return first_line.startswith("•") or first_line == "·"


def _take_page_date(
    paragraphs: Iterator[Paragraph],
) -> tuple[PageDate | None, Iterator[Paragraph]]:
    """The page's own date: a lone date line before the first paper (chrome aside)."""
    first = next((p for p in paragraphs if not is_chrome(p[2])), None)
    if first is None:
        return None, paragraphs
    _, lines, joined = first
    if len(lines) == 1 and not _is_meta(joined):
        found = page_date_or_none(joined)
        if found and found.count is None:
            return found, paragraphs
    return None, chain([first], paragraphs)


def _not_a_paper(text: str) -> str | None:
    """Why a one-line paragraph cannot be a title or an abstract, or None when it can be."""
    # Possible or not (`Feb 31`, `Jan 1, 0000`); most paragraphs are too long to be one.
    if len(text) <= LONGEST_PAGE_DATE and looks_like_page_date(text):
        return (
            f"a date line {text!r} where a paper was expected "
            "(the header of a second page pasted in?)"
        )
    if text[0].isdecimal() and BARE_NUMBER_RE.fullmatch(text):  # `\d` is what isdecimal is
        return f"a bare number {text!r} where a paper was expected"
    return None
