"""Bounds and clean-up every parser applies to the values it takes in (pure).

One policy for every form (text, HTML, API JSON, papershelf JSON), so that the same value is
accepted, cleaned or refused the same way whichever door it came in by:

- NUL ends the whole input (binary data, see `parse_any`);
- other control characters (ESC, BEL, DEL, C1) and the noncharacters U+FFFE/U+FFFF are
  stripped: they carry nothing a reader sees and break XML and BibTeX downstream;
- a lone surrogate (possible only through a JSON `\\ud800` escape) is not text: the record
  holding it is refused;
- counts fit SQLite's signed 64-bit integers; titles, abstracts and lists have length caps;
- dates lie between arXiv's first year and 9998 (so that a year before or after stays a date).
"""

from __future__ import annotations

import re
from datetime import date

from server.models import CONTROL_CHARACTERS
from server.parsing.result import ParseError

MAX_COUNT = 2**63 - 1  # SQLite INTEGER: a larger upvote count would overflow on insert
MAX_TITLE = 1_000  # characters; arXiv titles stay far below this
MAX_TEXT = 100_000  # characters in an abstract, summary or any other free-text field
MAX_NAME = 1_000  # characters in one author, organization or user name
MAX_URL = 4_096  # characters in one link
MAX_LIST = 5_000  # authors, keywords or links in one record
EARLIEST = date(1991, 1, 1)  # arXiv opened in August 1991: nothing it lists is older
LATEST = date(9998, 12, 31)  # a year later must still be a date

CONTROL_RE = CONTROL_CHARACTERS
SURROGATE_RE = re.compile("[\ud800-\udfff]")


class FieldError(ValueError):
    """One value is unusable; the message says why (the caller knows where)."""


def strip_controls(text: str) -> str:
    """`text` without control characters (tab, newline and carriage return stay)."""
    return CONTROL_RE.sub("", text) if CONTROL_RE.search(text) else text


def clean_text(value: str, limit: int = MAX_TEXT) -> str:
    """A text value as papershelf keeps it, or FieldError when it cannot be."""
    if len(value) > limit:
        raise FieldError(f"longer than {limit:,} characters ({len(value):,})")
    surrogate = SURROGATE_RE.search(value)
    if surrogate:
        code, at = f"\\u{ord(surrogate.group()):04x}", surrogate.start()
        raise FieldError(f"contains an unpaired surrogate ({code}) at character {at}")
    return strip_controls(value)


def refuse_surrogates(text: str) -> None:
    """Text handed over as a string must be encodable text: ParseError at its first lone
    surrogate, with its line."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise ParseError(
            f"not text: an unpaired surrogate (\\u{ord(text[exc.start]):04x}) at character "
            f"{exc.start}",
            f"line {line}",
        ) from None


def one_line(text: str) -> str:
    return " ".join(text.split())


def check_count(value: int) -> int:
    if value < 0 or value > MAX_COUNT:
        raise FieldError(f"expected a whole number from 0 to {MAX_COUNT}, found {value}")
    return value


def check_day(day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise FieldError(
            f"date {day.isoformat()} is outside {EARLIEST.year}-{LATEST.year}: not a paper's date"
        )
    return day


def seen_day(seen: date | None) -> date | None:
    """The day a page was seen, as a parser takes it from its caller: a paper's date, or the
    whole input refused (it dates every source of the input)."""
    if seen is None:
        return None
    try:
        return check_day(seen)
    except FieldError as exc:
        raise ParseError(f"the day the page was seen: {exc}") from None
