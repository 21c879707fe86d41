"""The meta paragraph of a paper on a papers page copied as text (pure): its author count
(`• 4 authors`, or `·` for none shown) and its date line (`Jun 17, 2023 2`), which may have
the start of a second page glued to its end (`Sep 7, 2024 6New`)."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from server.parsing.dates import PageDate, page_date_or_none
from server.parsing.fields import FieldError, check_count
from server.parsing.text_chrome import glued_page_start

AUTHORS_RE = re.compile(r"[•·*-]?\s*(\d{1,19})\s+authors?", re.ASCII)


class DateLine(NamedTuple):
    """What a meta paragraph's date line says: a date, or the line that cannot be read, and
    the second page's text glued to its end, if any."""

    found: PageDate | None = None
    unreadable: str | None = None
    glued: tuple[str, str] | None = None


NO_DATE_LINE = DateLine()


class MetaReader:
    """Reads the meta paragraphs of one page, each distinct author line, date line and date
    once: a page repeats them (papers of a day share their date line), and reading them is
    most of the cost of a meta paragraph. One per parse: what it remembers goes with the page.
    """

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int | None, bool]] = {}
        self._date_lines: dict[str, DateLine] = {}
        self._dates: dict[tuple[PageDate, date], date | str] = {}

    def author_count(self, first_line: str) -> tuple[int | None, bool]:
        """(count, readable) of a meta paragraph's first line; `·` says no count is shown."""
        known = self._counts.get(first_line)
        if known is None:
            known = self._counts[first_line] = author_count(first_line)
        return known

    def date_line(self, lines: list[str]) -> tuple[int, DateLine]:
        """The date line of a meta paragraph (the first line that is not the author count),
        and its offset in the paragraph."""
        for offset, line in enumerate(lines):
            if line.startswith(("•", "·")) or AUTHORS_RE.fullmatch(line):
                continue
            known = self._date_lines.get(line)
            if known is None:
                known = self._date_lines[line] = read_date_line(line)
            return offset, known
        return 0, NO_DATE_LINE

    def resolved(self, page_date: PageDate, reference: date) -> date | str:
        """`page_date.resolve(reference)`, or the message of the ValueError it raises."""
        key = (page_date, reference)
        known = self._dates.get(key)
        if known is None:
            try:
                known = page_date.resolve(reference)
            except ValueError as exc:
                known = str(exc)
            self._dates[key] = known
        return known


def author_count(first_line: str) -> tuple[int | None, bool]:
    """(count, readable) of a meta paragraph's first line; `·` says no count is shown."""
    if first_line == "·":
        return None, True
    match = AUTHORS_RE.fullmatch(first_line)
    if match:
        try:
            return check_count(int(match[1])), True
        except FieldError:
            pass
    return None, False


def read_date_line(line: str) -> DateLine:
    """What a meta paragraph's date line says."""
    found = page_date_or_none(line)
    if found:
        return DateLine(found)
    glued = glued_page_start(line)
    found = page_date_or_none(glued[0]) if glued else None
    if found:
        return DateLine(found, glued=glued)
    return DateLine(unreadable=line)
