"""One line per request in the server log: the Common Log Format, plus the time taken.

    127.0.0.1 - - [28/Nov/2026:08:50:19 +0000] "GET /api/papers?q=x HTTP/1.1" 200 1234 3ms

Logged at INFO by `papershelf.access` (`serve --log-level warning` leaves it out), by the WSGI
front (routes/front.py) as each answer starts, from the WSGI environ and the answer's status
and headers: requests answered before Flask are logged like the others. The line is made
only when the logger writes it. The target is re-quoted, so a path or query cannot write a
line of its own into the log.
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache
from urllib.parse import quote

logger = logging.getLogger("papershelf.access")

SAFE_IN_TARGET = "/:@!$&'()*+,;=-._~%?"


def log_request(environ: dict, status: str, headers: list[tuple[str, str]], took: float) -> None:
    if logger.isEnabledFor(logging.INFO):
        line = access_line(environ, status, headers, took)
        # A record made here and handed on: `logger.info` would first walk the stack for
        # the caller's file and line, which no access line needs.
        record = logger.makeRecord(logger.name, logging.INFO, __file__, 0, line, None, None)
        logger.handle(record)


def access_line(environ: dict, status: str, headers: list[tuple[str, str]], took: float) -> str:
    # WSGI gives the path and query as the bytes sent, one character per byte (PEP 3333).
    path = "/" + environ.get("PATH_INFO", "").lstrip("/")
    target = quote(path.encode("latin-1", "replace"), safe=SAFE_IN_TARGET)
    query = environ.get("QUERY_STRING")
    if query:
        target += "?" + quote(query.encode("latin-1", "replace"), safe=SAFE_IN_TARGET)
    protocol = quote(environ.get("SERVER_PROTOCOL") or "HTTP/1.1", safe="/.")
    method = quote(environ.get("REQUEST_METHOD", "-").upper())
    size = next((value for name, value in headers if name.lower() == "content-length"), "-")
    return (
        f'{environ.get("REMOTE_ADDR") or "-"} - - [{_now()}] "{method} {target} {protocol}" '
        f"{status[:3]} {size} {took * 1000:.0f}ms"
    )


def _now() -> str:
    """The time in the log's form (lines of one second share it)."""
    return _stamp(int(time.time()))


@lru_cache(maxsize=1)
def _stamp(second: int) -> str:
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(second))
