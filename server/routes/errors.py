"""The API's one error shape: {"error": <short name>, "message": <what was wrong, where>}."""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException


def error_response(status: int, message: str, error: str | None = None, **extra):
    body = {"error": error or _name(status), "message": message, **extra}
    return jsonify(body), status


def _name(status: int) -> str:
    return _NAMES.get(status, "error")


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
}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def handle_http_exception(exc: HTTPException):
        if request.path.startswith("/api/") or request.path.startswith("/feeds/"):
            return error_response(exc.code or 500, exc.description or exc.name)
        return exc

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        # Never echo the exception text: it could carry a secret from a client library.
        app.logger.error("unhandled %s on %s", type(exc).__name__, request.path)
        return error_response(500, "internal error; see the server log")
