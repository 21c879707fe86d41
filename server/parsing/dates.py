"""Dates as the papers page writes them: `Jul 22`, `Jun 17, 2023`, `Nov 22, 2024 3` (pure)."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from server.parsing.fields import check_count, check_day

MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# Month, day, optional ", year", optional trailing count (comments). Used with fullmatch.
PAGE_DATE_RE = re.compile(
    r"(?P<month>[A-Z][a-z]{2})[a-z]{0,6}\.? (?P<day>\d{1,2})"
    r"(?:, (?P<year>\d{4}))?(?: (?P<count>\d{1,19}))?",
    re.ASCII,
)
# The longest line PAGE_DATE_RE matches: `September. 30, 2024 ` and a 19-digit count.
LONGEST_PAGE_DATE = 39
DATE_IN_NAME_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
# A Gregorian Feb 29 recurs at most 8 years apart (1896 -> 1904).
_LEAP_GAP = 8


class PageDate(NamedTuple):  # a tuple: a page holds one per paper, made and read fast
    month: int
    day: int
    year: int | None
    count: int | None

    def resolve(self, reference: date) -> date:
        """The date itself; without a year, the latest such date not after `reference`.

        Raises ValueError when that is outside the dates papers have (see fields.check_day).
        """
        if self.year is not None:
            return check_day(date(self.year, self.month, self.day))
        for year in range(reference.year, max(reference.year - _LEAP_GAP, 1) - 1, -1):
            try:
                candidate = date(year, self.month, self.day)
            except ValueError:  # Feb 29 in a common year: the page means an earlier one
                continue
            if candidate <= reference:
                return check_day(candidate)
        raise ValueError(f"no {self.month:02d}-{self.day:02d} on or before {reference}")


def parse_page_date(text: str) -> PageDate | None:
    """The date in a line like `Jan 7 2`, or None when the line is not such a date.

    Raises ValueError for a date-shaped line whose date is impossible (`Feb 31`) or out of
    range (`Jan 1, 0000`).
    """
    match = _date_shaped(text)
    if not match:
        return None
    month, day = MONTHS[match["month"].lower()], int(match["day"])
    year = int(match["year"]) if match["year"] else None
    if year is not None:
        check_day(date(year, month, day))
    else:
        date(2000, month, day)  # 2000 is a leap year: Feb 29 passes when no year is given
    count = check_count(int(match["count"])) if match["count"] else None
    return PageDate(month, day, year, count)


def page_date_or_none(text: str) -> PageDate | None:
    """The date in a line, or None when the line is not a possible date."""
    try:
        return parse_page_date(text)
    except ValueError:
        return None


def looks_like_page_date(text: str) -> bool:
    """Whether a line is written as a page date, possible or not (`Feb 31` is)."""
    return _date_shaped(text) is not None


def _date_shaped(text: str) -> re.Match | None:
    match = PAGE_DATE_RE.fullmatch(text.strip())
    return match if match and match["month"].lower() in MONTHS else None


def date_in_name(name: str | None) -> date | None:
    """The day in a file name like `hf-papers-page-2025-12-24.txt`, when it has a real one."""
    match = DATE_IN_NAME_RE.search(name or "")
    if not match:
        return None
    try:
        return check_day(date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:
        return None
