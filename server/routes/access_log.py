"""One line per request in the server log: the Common Log Format, plus the time taken.

    127.0.0.1 - - [28/Nov/2026:08:50:19 +0000] "GET /api/papers?q=x HTTP/1.1" 200 1234 3ms

Logged at INFO by `papershelf.access` (`serve --log-level warning` leaves it out). The target
is re-quoted, so a path or query cannot write a line of its own into the log.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from urllib.parse import quote

from flask import Flask, Response, g, request

logger = logging.getLogger("papershelf.access")

SAFE_IN_TARGET = "/:@!$&'()*+,;=-._~%?"


def init_app(app: Flask) -> None:
    """Register first: a request refused by a later before_request is still timed."""

    @app.before_request
    def start_clock():
        g.access_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        started = g.get("access_started")
        took = None if started is None else time.perf_counter() - started
        logger.info("%s", access_line(response, took))
        return response


def access_line(response: Response, took: float | None) -> str:
    target = quote(request.path, safe=SAFE_IN_TARGET)
    if request.query_string:
        target += "?" + quote(request.query_string, safe=SAFE_IN_TARGET)
    protocol = quote(request.environ.get("SERVER_PROTOCOL", "HTTP/1.1"), safe="/.")
    size = response.content_length
    when = datetime.now(UTC).strftime("%d/%b/%Y:%H:%M:%S %z")
    line = (
        f'{request.remote_addr or "-"} - - [{when}] "{quote(request.method)} {target} '
        f'{protocol}" {response.status_code} {"-" if size is None else size}'
    )
    return line if took is None else f"{line} {took * 1000:.0f}ms"
