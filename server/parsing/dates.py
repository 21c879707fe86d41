"""Dates as the papers page writes them: `Jul 22`, `Jun 17, 2023`, `Nov 22, 2024 3` (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# Month, day, optional ", year", optional trailing count (comments).
PAGE_DATE_RE = re.compile(
    r"^(?P<month>[A-Z][a-z]{2})[a-z]*\.? (?P<day>\d{1,2})"
    r"(?:, (?P<year>\d{4}))?(?: (?P<count>\d+))?$"
)


@dataclass(frozen=True)
class PageDate:
    month: int
    day: int
    year: int | None
    count: int | None

    def resolve(self, reference: date) -> date:
        """The date itself; without a year, the latest such date not after `reference`."""
        if self.year is not None:
            return date(self.year, self.month, self.day)
        candidate = _safe_date(reference.year, self.month, self.day)
        if candidate > reference:
            candidate = _safe_date(reference.year - 1, self.month, self.day)
        return candidate


def parse_page_date(text: str) -> PageDate | None:
    """The date in a line like `Jan 7 2`, or None when the line is not such a date.

    Raises ValueError for a date-shaped line whose date is impossible (`Feb 31`).
    """
    match = PAGE_DATE_RE.match(text.strip())
    if not match or match["month"].lower() not in MONTHS:
        return None
    month, day = MONTHS[match["month"].lower()], int(match["day"])
    year = int(match["year"]) if match["year"] else None
    date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 passes when no year is given
    count = int(match["count"]) if match["count"] else None
    return PageDate(month, day, year, count)


def _safe_date(year: int, month: int, day: int) -> date:
    # Feb 29 without a year, in a non-leap reference year: the page cannot mean that year.
    try:
        return date(year, month, day)
    except ValueError:
        return date(year - 1, month, day) if month == 2 else date(year, month, day)
