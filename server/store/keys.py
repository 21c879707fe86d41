"""Derived keys the store keeps beside each paper: its search key and its citation key base.

The search key orders the full-text index by date: `day << DAY_SHIFT | n`, where `day` is
the ordinal of the day that dates the paper (`Paper.sort_day`), 0 when nothing does, and `n`
counts the papers stored for that day. A search then walks its matches newest first and can
stop as soon as a page is full, whatever the number of matches.
"""

from __future__ import annotations

from datetime import date

DAY_SHIFT = 21  # up to 2,097,151 papers per day
UNDATED_DAY = 0


def sort_day(paper) -> str:
    """The text of the `sort_day` column (`coalesce(featured, published, '')` over what
    `featured_column` writes): the day that dates the paper (`Paper.sort_day`), else ''."""
    day = paper.sort_day
    return day.isoformat() if day else ""


def featured_column(paper) -> date | None:
    """What the `featured` column holds: the featured day; for a paper with neither a
    featured nor a published day, the day that dates it (`Paper.sort_day`: the day of the
    first page it was seen on, else its arXiv id's month), so that sorts, date filters and
    feeds place it where its feed item is dated."""
    return paper.featured or (None if paper.published else paper.sort_day)


def day_number(day_text: str) -> int:
    """The day's ordinal (0001-01-01 is 1), 0 for an undated paper: the search key's prefix."""
    return date.fromisoformat(day_text).toordinal() if day_text else UNDATED_DAY


def day_of(search_key: int) -> int:
    return search_key >> DAY_SHIFT


def first_key(day: int) -> int:
    """The smallest search key of a day."""
    return day << DAY_SHIFT


def key_range(day_text: str) -> tuple[int, int]:
    """[first, past-last) search keys of a day."""
    day = day_number(day_text)
    return first_key(day), first_key(day + 1)
