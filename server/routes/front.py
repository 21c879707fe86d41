"""The WSGI layer in front of Flask: every answer's security headers and access log line, and
the answers that need no view, given before Flask builds a request.

A feed, a listing page or the health answer asked again before the store changes is kept in
memory (routes/answer_cache.py): the front takes the store's state (one row, read again only
when SQLite says something has committed: store/state_watch.py), finds the kept answer for the
URL and that state, and sends it, or a 304 when the client's copy of a feed is current.
Anything else, and anything unusual (a Host that is not this machine's, a store it cannot
read), goes to Flask, whose views answer the same way and keep what they make.

Why not Flask for these: Flask's request machinery alone costs about as much CPU as
waitress sending a 120 KB feed (bench/bench_scale.py serve), so a kept feed sent through
it cannot come near a Flask hello-world's rate.
"""

from __future__ import annotations

import sqlite3
import time

from flask import Flask

from server.app import CONNECTIONS_KEY, app_settings
from server.errors import PapershelfError
from server.routes.access_log import log_request
from server.routes.answer_cache import (
    VALIDATORS_KEY,
    answer_cache,
    is_current,
    validators_of,
)
from server.security import add_response_headers, host_allowed

NOT_MODIFIED = "304 NOT MODIFIED"  # werkzeug's status lines, so both paths send the same
OK = "200 OK"


class Front:
    """`app.wsgi_app = Front(app)`: Flask's WSGI app, wrapped."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.flask = app.wsgi_app
        self.connections = app.extensions[CONNECTIONS_KEY]
        self.answers = answer_cache(app)

    def __call__(self, environ: dict, start_response):
        started = time.perf_counter()
        sent: list = []

        def respond(status: str, headers: list[tuple[str, str]], exc_info=None):
            add_response_headers(environ, headers)
            sent[:] = (status, headers)
            return start_response(status, headers, exc_info)

        kept = self.kept_answer(environ)
        if kept is None:
            body = self.flask(environ, respond)
        else:
            status, headers, body = kept
            respond(status, headers)
        if sent:  # a WSGI app may start its answer only when its body is read
            log_request(environ, sent[0], sent[1], time.perf_counter() - started)
        return body

    def kept_answer(self, environ: dict):
        """(status, headers, body) of an answer kept for this request, or None."""
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        if environ.get("PATH_INFO") not in self.answers.paths:
            return None
        if not host_allowed(environ.get("HTTP_HOST") or "", app_settings(self.app).allowed_hosts):
            return None  # Flask refuses it (421)
        try:
            checks = validators_of(self.connections.store_state(), environ)
        except (sqlite3.Error, PapershelfError):
            return None  # the view meets the same failure and says what it is
        environ[VALIDATORS_KEY] = checks
        found = self.answers.get(checks.etag)
        if found is None:
            return None
        if found.has_etag and is_current(checks, environ):
            return NOT_MODIFIED, found.not_modified_headers(checks, environ), []
        body, headers = found.chosen(environ)
        return OK, list(headers), [body]
