"""papershelf's one base exception and the kinds of failure every part shares.

Pure: no Flask here. Each part raises its own subclass (a parse error, a Zotero error, ...)
of one of these kinds; the web layer answers each kind one way (server/routes/errors.py) and
the CLI prints its message as one line.
"""

from __future__ import annotations


class PapershelfError(Exception):
    """Base of papershelf's own exceptions. Messages are ours: safe to show, never secrets."""


class InputError(PapershelfError, ValueError):
    """What the user gave cannot be used (a page, a filter, a request body); the message says
    what and where. HTTP 400."""


class ServiceError(PapershelfError):
    """An outside service (Hugging Face, arXiv, Zotero) could not do what was asked. HTTP 502."""


class Unreachable(ServiceError):
    """No connection could be made to a service: nothing was sent. HTTP 503."""


class StorageError(PapershelfError):
    """The database cannot do what was asked: it is busy, read-only, full or unusable.
    Nothing of the failed write was stored. HTTP 503 (507 for a full disk), with Retry-After
    when `retry_after` (seconds) is known."""

    retry_after: float | None = None


class Overloaded(PapershelfError):
    """papershelf has no room for this request now (every slot for heavy requests is taken,
    or it ran out of its time). HTTP 503 with Retry-After."""

    retry_after: float | None = None


class RateLimited(ServiceError):
    """A service asks us to wait longer than we are willing to. HTTP 503 with Retry-After
    when `retry_after` (seconds) is known."""

    retry_after: float | None = None
