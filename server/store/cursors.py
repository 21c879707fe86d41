"""Keyset cursors: where a page ended, as the sort key of its last paper.

A cursor is URL-safe base64 of `{"o": order, "k": [key values]}`. It is checked field by
field: a cursor that is too long, nested, forged or from another order is a QueryError
(HTTP 400) naming the `cursor` parameter, never a crash.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from dataclasses import dataclass

MAX_CURSOR_CHARS = 1024
SQLITE_INT = (-(2**63), 2**63 - 1)
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
PAST_EVERY_ID = "\U0010ffff"  # sorts after any id: "after this whole day"


def _day(value) -> bool:
    return isinstance(value, str) and (value == "" or bool(_DAY_RE.fullmatch(value)))


def _id(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 512


def _flag(value) -> bool:
    return type(value) is int and value in (0, 1)


def _tier(value) -> bool:
    return type(value) is int and value in (0, 1, 2)


def _int(value) -> bool:
    return type(value) is int and SQLITE_INT[0] <= value <= SQLITE_INT[1]


def _float(value) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


# The key of each order, field by field (see `server.store.listing.ORDERS`).
KEY_SHAPES = {
    "newest": (_day, _id),
    "oldest": (_flag, _day, _id),
    "upvotes": (_int, _day, _id),
    "bm25": (_float, _id),  # relevance over a search with few matches
    "tiers": (_tier, _int),  # relevance over a search with many: tier, search key
}


class CursorError(ValueError):
    """Not a cursor this server gave out."""


@dataclass(frozen=True)
class Cursor:
    order: str
    key: tuple


def encode_cursor(order: str, key: tuple) -> str:
    text = json.dumps({"o": order, "k": list(key)}, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(text: str) -> Cursor:
    """The cursor in `text`; CursorError when it is not one this server could have made."""
    if len(text) > MAX_CURSOR_CHARS:
        raise CursorError(f"longer than {MAX_CURSOR_CHARS} characters")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw)
    except (ValueError, binascii.Error, RecursionError, UnicodeDecodeError):
        raise CursorError("not readable") from None
    if not isinstance(data, dict) or set(data) != {"o", "k"}:
        raise CursorError("not readable")
    order, key = data["o"], data["k"]
    shape = KEY_SHAPES.get(order) if isinstance(order, str) else None
    if shape is None or not isinstance(key, list) or len(key) != len(shape):
        raise CursorError("not readable")
    if not all(check(value) for check, value in zip(shape, key, strict=True)):
        raise CursorError("not readable")
    return Cursor(order, tuple(key))
