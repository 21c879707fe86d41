"""One base exception for Zotero trouble, and the table from HTTP status to exception.

Messages are ours, written for the user: never the text of a client library's exception
(pyzotero's messages carry request URLs, and `/keys/<key>` would carry the API key).
"""

from __future__ import annotations

import math
import socket

from server import errors
from server.errors import ServiceError


class ZoteroError(ServiceError):
    """Something kept a save from happening; `uncertain` when it may have happened anyway."""

    uncertain = False  # True: the write may have landed; look before writing again
    fatal = False  # True: the rest of the batch would fail the same way; stop


class NotConfigured(ZoteroError):
    """A setting keeps the target from being used; the message names it (never its value)."""

    fatal = True


class AccessDenied(ZoteroError):
    fatal = True


class RateLimited(ZoteroError, errors.RateLimited):
    fatal = True

    def __init__(self, retry_after: float | None):
        known = retry_after is not None and retry_after > 0
        self.retry_after = max(1, math.ceil(retry_after)) if known else None
        when = f"retry in {self.retry_after} s" if self.retry_after else "retry in a minute"
        super().__init__(f"rate limited by Zotero, {when}")


class Unreachable(ZoteroError, errors.Unreachable):
    """Nothing was sent: the connection was refused or the name did not resolve."""

    fatal = True


class NoReply(ZoteroError):
    """The request went out but no usable answer came back (timeout, dropped, 5xx)."""

    uncertain = True


class LibraryLocked(ZoteroError):
    """409: the library is locked by another write; nothing was written."""


class WriteConflict(ZoteroError):
    """412: the write token was seen before or the version is stale; look, then retry."""

    uncertain = True


class LibraryChanged(ZoteroError):
    """412 on a versioned write: the library moved on since we looked; nothing was written.
    Sync, look again, then write."""


class QuotaExceeded(ZoteroError):
    """413 on a file upload: the owner's Zotero storage is full."""


class Rejected(ZoteroError):
    """Zotero refused the request as malformed (400, 413, ...)."""


STATUS_ERRORS: dict[int, type[ZoteroError]] = {
    400: Rejected,
    401: AccessDenied,
    403: AccessDenied,
    404: AccessDenied,
    409: LibraryLocked,
    412: WriteConflict,
    413: Rejected,
}


def error_for_status(status: int, what: str) -> ZoteroError:
    """The exception for an HTTP error status, with a message saying what failed."""
    if status >= 500:
        return NoReply(f"{what}: Zotero answered {status} (server error)")
    cls = STATUS_ERRORS.get(status, Rejected)
    return cls(f"{what}: Zotero answered {status}")


def nothing_sent(exc: BaseException) -> bool:
    """Whether a connection error means nothing was sent: refused, or the name did not
    resolve (as opposed to a timeout or a dropped reply, after which it may have landed)."""
    seen, todo = set(), [exc]
    while todo:
        error = todo.pop()
        if id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, ConnectionRefusedError | socket.gaierror):
            return True
        linked = [error.__cause__, error.__context__, getattr(error, "reason", None), *error.args]
        todo.extend(e for e in linked if isinstance(e, BaseException))
    return False
