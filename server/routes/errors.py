"""The API's one error shape, {"error": <short name>, "message": <what was wrong, where>},
and one answer per kind of failure (server/errors.py).

A 500 is logged with its traceback, secrets (the Zotero API key, the install token) scrubbed
from it; the client sees only "internal error". Other 5xx answers (a service or the database
cannot do it now) are logged as one warning line.
"""

from __future__ import annotations

import math
import sqlite3
import traceback

from flask import Flask, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from server import errors
from server.config import ConfigError
from server.store.faults import DiskFull, storage_fault


def error_response(status: int, message: str, error: str | None = None, **extra):
    body = {"error": error or _NAMES.get(status, "error"), "message": message, **extra}
    return jsonify(body), status


_NAMES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    421: "misdirected_request",
    429: "rate_limited",
    500: "internal_error",
    502: "upstream_error",
    503: "unavailable",
    504: "upstream_timeout",
    507: "insufficient_storage",
}

# Each kind of papershelf error, the status it answers, most specific first.
STATUS_BY_KIND: tuple[tuple[type[errors.PapershelfError], int], ...] = (
    (errors.InputError, 400),
    (errors.RateLimited, 503),
    (errors.Unreachable, 503),
    (errors.ServiceError, 502),
    (DiskFull, 507),
    (errors.StorageError, 503),
    (errors.Overloaded, 503),
    (ConfigError, 503),
)


def answer_for(exc: errors.PapershelfError):
    """The HTTP answer to a papershelf error no view handled itself."""
    status = next((code for kind, code in STATUS_BY_KIND if isinstance(exc, kind)), None)
    if status is None:
        return _internal_error(exc)
    response, status = error_response(status, str(exc))
    retry_after = getattr(exc, "retry_after", None)
    if retry_after:
        response.headers["Retry-After"] = str(math.ceil(retry_after))
    if status >= 500:
        current_app.logger.warning("%s %s: %d %s", request.method, request.path, status, exc)
    return response, status


def answer_for_sqlite(exc: sqlite3.Error):
    """A busy, read-only, full or unusable database is said plainly; any other SQLite error
    is a bug: a 500 with its traceback in the log."""
    from server.app import app_settings

    fault = storage_fault(exc, app_settings().database)
    return answer_for(fault) if fault else _internal_error(exc)


def scrubbed_traceback(exc: BaseException, secrets: list[str | None]) -> str:
    """The exception's traceback with every secret replaced by `***`."""
    text = "".join(traceback.format_exception(exc))
    for secret in filter(None, secrets):
        text = text.replace(secret, "***")
    return text


def _internal_error(exc: BaseException):
    from server.app import app_settings

    settings = app_settings()
    current_app.logger.error(
        "unhandled %s on %s %s\n%s",
        type(exc).__name__,
        request.method,
        request.path,
        scrubbed_traceback(exc, [settings.zotero_api_key, settings.api_token]),
    )
    # Never echo the exception text: it could carry a secret from a client library.
    return error_response(500, "internal error; see the server log")


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def handle_http_exception(exc: HTTPException):
        if request.path.startswith("/api/") or request.path.startswith("/feeds/"):
            # A body over the size limit is refused whole, before any of it is read.
            extra = {"where": "whole input"} if exc.code == 413 else {}
            return error_response(exc.code or 500, exc.description or exc.name, **extra)
        return exc

    app.register_error_handler(errors.PapershelfError, answer_for)
    app.register_error_handler(sqlite3.Error, answer_for_sqlite)
    app.register_error_handler(Exception, _internal_error)
