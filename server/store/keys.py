"""Derived keys the store keeps beside each paper: its search key and its citation key base.

The search key orders the full-text index by date: `day << DAY_SHIFT | n`, where `day` is
the ordinal of the paper's featured (else published) day, 0 when it has neither, and `n`
counts the papers stored for that day. A search then walks its matches newest first and can
stop as soon as a page is full, whatever the number of matches.
"""

from __future__ import annotations

from datetime import date

DAY_SHIFT = 21  # up to 2,097,151 papers per day
UNDATED_DAY = 0


def sort_day(paper) -> str:
    """The text of the `sort_day` column: the featured, else published day, else ''."""
    day = paper.featured or paper.published
    return day.isoformat() if day else ""


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
