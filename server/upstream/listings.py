"""Which Hugging Face listing to fetch: a day, an ISO week, a month or a search (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from server.errors import InputError

KINDS = ("date", "week", "month", "search")
WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MAX_SINCE_DAYS = 366


class ListingError(InputError):
    """A listing argument that cannot name a Hugging Face listing; says which and why."""


@dataclass(frozen=True)
class Listing:
    kind: str  # one of KINDS
    value: str

    @property
    def name(self) -> str:
        """How the listing is recorded in `fetches` and shown by GET /api/sources."""
        return f"{self.kind}={self.value}"

    def __str__(self) -> str:
        return self.name


def listing(kind: str, value: str) -> Listing:
    """A checked listing: `date` 2025-12-24, `week` 2025-W52, `month` 2025-12, `search` text."""
    value = (value or "").strip()
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ListingError(f"--date {value!r}: expected a day like 2025-12-24") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ListingError(f"--date {value!r}: expected a day like 2025-12-24")
    elif kind == "week":
        match = WEEK_RE.match(value)
        if not match or not _valid_week(int(match[1]), int(match[2])):
            raise ListingError(f"--week {value!r}: expected an ISO week like 2025-W52")
    elif kind == "month":
        match = MONTH_RE.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise ListingError(f"--month {value!r}: expected a month like 2025-12")
    elif kind == "search":
        if not value:
            raise ListingError("--search: give some words to search for")
    else:
        raise ListingError(f"unknown listing kind {kind!r}; known: {', '.join(KINDS)}")
    return Listing(kind, value)


def week_of(day: date) -> Listing:
    year, week, _ = day.isocalendar()
    return Listing("week", f"{year}-W{week:02d}")


def current_listings(today: date) -> list[Listing]:
    """What `sync` keeps fresh: this ISO week, and last week (its upvotes still move)."""
    return [week_of(today), week_of(today - timedelta(days=7))]


def days_since(start: str, today: date) -> list[Listing]:
    """One `date` listing per day from `start` to `today`, both included."""
    first = listing("date", start)
    day = date.fromisoformat(first.value)
    if day > today:
        raise ListingError(f"--since {start}: that day is in the future")
    if (today - day).days >= MAX_SINCE_DAYS:
        raise ListingError(
            f"--since {start}: more than {MAX_SINCE_DAYS} days ago; use --month for older listings"
        )
    return [
        Listing("date", (day + timedelta(days=n)).isoformat())
        for n in range((today - day).days + 1)
    ]


def _valid_week(year: int, week: int) -> bool:
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        return False
    return True
