"""Request arguments -> a PaperQuery, with errors that name the parameter."""

from __future__ import annotations

from datetime import date

from server.store import (
    MAX_LIMIT,
    SORTS,
    Cursor,
    CursorError,
    PaperQuery,
    QueryError,
    decode_cursor,
)

LARGEST_COUNT = 2**63 - 1  # SQLite's largest integer: a count beyond it cannot be compared
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def paper_query_from_args(args, default_limit: int = 50) -> PaperQuery:
    """Filters shared by /api/papers, /api/export and the feeds."""
    sort = args.get("sort") or None
    if sort is not None and sort not in SORTS:
        raise QueryError(f"sort: expected one of {', '.join(SORTS)}, got {sort!r}")
    return PaperQuery(
        q=(args.get("q") or "").strip() or None,
        since=_date(args, "since"),
        until=_date(args, "until"),
        min_upvotes=_whole(args, "min_upvotes", minimum=0, maximum=LARGEST_COUNT),
        has_code=_bool(args, "has_code"),
        sort=sort,
        limit=_whole(args, "limit", minimum=1, maximum=MAX_LIMIT) or default_limit,
        after=_cursor(args.get("cursor")),
    )


def _cursor(value: str | None) -> Cursor | None:
    if not value:
        return None
    try:
        return decode_cursor(value)
    except CursorError as exc:
        raise QueryError(f"cursor: not a cursor this server gave out ({exc})") from None


def prefers_published(args) -> bool:
    """`prefer=published` (the default) or `prefer=preprint`: which version exports cite."""
    value = args.get("prefer") or "published"
    if value not in ("published", "preprint"):
        raise QueryError(f"prefer: expected published or preprint, got {value!r}")
    return value == "published"


def flag(args, name: str) -> bool:
    """An on/off switch like `ascii=1`: on only when given a true word."""
    return (args.get(name) or "").lower() in TRUE


def _date(args, name: str) -> date | None:
    value = args.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name}: expected a date YYYY-MM-DD, got {value!r}") from None


def _whole(args, name: str, minimum: int, maximum: int | None = None) -> int | None:
    value = args.get(name)
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except ValueError:
        raise QueryError(f"{name}: expected a whole number, got {value!r}") from None
    if number < minimum or (maximum is not None and number > maximum):
        bound = f"from {minimum} to {maximum}" if maximum else f"at least {minimum}"
        raise QueryError(f"{name}: expected a number {bound}, got {number}")
    return number


def _bool(args, name: str) -> bool | None:
    value = args.get(name)
    if value in (None, ""):
        return None
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise QueryError(f"{name}: expected true or false, got {value!r}")
