"""The meta paragraph of a paper on a papers page copied as text (pure): its author count
(`• 4 authors`, or `·` for none shown) and its date line (`Jun 17, 2023 2`), which may have
the start of a second page glued to its end (`Sep 7, 2024 6New`)."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
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


def author_count(first_line: str) -> tuple[int | None, bool]:
    """(count, readable) of a meta paragraph's first line; `·` says no count is shown."""
    if len(first_line) > _LONGEST_KEPT:
        return _author_count(first_line)
    return _short_author_count(first_line)


def _author_count(first_line: str) -> tuple[int | None, bool]:
    if first_line == "·":
        return None, True
    match = AUTHORS_RE.fullmatch(first_line)
    if match:
        try:
            return check_count(int(match[1])), True
        except FieldError:
            pass
    return None, False


def read_meta_date(lines: list[str]) -> tuple[int, DateLine]:
    """The date line of a meta paragraph (the first line that is not the author count), and
    its offset in the paragraph."""
    for offset, line in enumerate(lines):
        if line.startswith(("•", "·")) or AUTHORS_RE.fullmatch(line):
            continue
        read = _read_date_line if len(line) > _LONGEST_KEPT else _read_short_date_line
        return offset, read(line)
    return 0, NO_DATE_LINE


def _read_date_line(line: str) -> DateLine:
    found = page_date_or_none(line)
    if found:
        return DateLine(found)
    glued = glued_page_start(line)
    found = page_date_or_none(glued[0]) if glued else None
    if found:
        return DateLine(found, glued=glued)
    return DateLine(unreadable=line)


# Memos of pure functions: a page repeats its author counts and its date lines (papers of a
# day share theirs), and reading them is most of the cost of a meta paragraph. Only short
# lines are kept (such lines are), so that no long line outlives its page.
_LONGEST_KEPT = 80
_read_short_date_line = lru_cache(maxsize=4096)(_read_date_line)
_short_author_count = lru_cache(maxsize=1024)(_author_count)


@lru_cache(maxsize=4096)
def resolved(page_date: PageDate, reference: date) -> date | str:
    """`page_date.resolve(reference)`, or the message of the ValueError it raises."""
    try:
        return page_date.resolve(reference)
    except ValueError as exc:
        return str(exc)
