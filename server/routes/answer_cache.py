"""Answers kept per request URL and store generation, and the validators of conditional
requests: a feed, a listing page or the health answer asked again before the store changes
is sent from memory without a query or a render, and a client whose copy is current gets a
304 before either.

Keys hold the store's generation (every ingest that changes a paper moves it on) and
papershelf's version, so a kept answer is never stale; old ones fall out, least recently used
first, within a bound on entries and bytes. Each server process keeps its own. The kept
answers are found by the WSGI front (routes/front.py) before Flask builds a request, and by
the views themselves when the front passes a request on.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from flask import Flask, Response, current_app, request
from werkzeug.http import http_date, parse_date

from server import store
from server.app import get_db
from server.routes import compression
from server.version import papershelf_version

EXTENSION_KEY = "papershelf.answers"
VALIDATORS_KEY = "papershelf.validators"  # in the WSGI environ: read once per request
MAX_ENTRIES = 512
MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class KeptAnswer:
    """A 200 as its view made it (the body and the view's own headers, Content-Length too),
    with `Vary: Accept-Encoding`, and its gzip copy when it is worth one."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    gzipped: tuple[bytes, tuple[tuple[str, str], ...]] | None
    has_etag: bool  # a feed's: a conditional request may be answered with a 304
    size: int  # bytes held, both copies

    @classmethod
    def of(cls, body: bytes, headers: list[tuple[str, str]]) -> KeptAnswer:
        kept = compression.with_vary(tuple(headers))
        gzipped = compression.gzip_copy(body, kept)
        has_etag = any(name == "ETag" for name, _value in kept)
        size = len(body) + (len(gzipped[0]) if gzipped else 0)
        return cls(body, kept, gzipped, has_etag, size)

    def chosen(self, environ: dict) -> tuple[bytes, tuple[tuple[str, str], ...]]:
        """The body and headers for this request: the gzip copy when the client takes it."""
        if self.gzipped and compression.accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING")):
            return self.gzipped
        return self.body, self.headers

    def not_modified_headers(self, checks: Validators, environ: dict) -> list[tuple[str, str]]:
        """What a 304 in its place carries: `not_modified`'s headers."""
        kept = [(name, value) for name, value in self.headers if name in _KEPT_BY_A_304]
        return [("ETag", current_tag(checks, environ)), *kept]


# RFC 9110 section 15.4.5: a 304 carries the Cache-Control and Vary a 200 would have sent
# (and the ETag of the client's copy).
_KEPT_BY_A_304 = frozenset({"Cache-Control", "Vary"})


class AnswerCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._entries: OrderedDict[str, KeptAnswer] = OrderedDict()
        self._bytes = 0
        self.paths: frozenset[str] = frozenset()  # the paths (PATH_INFO) answers were kept for
        self._lock = threading.Lock()
        self.max_entries, self.max_bytes = max_entries, max_bytes

    def get(self, key: str) -> KeptAnswer | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: str, path: str, answer: KeptAnswer) -> None:
        if answer.size > self.max_bytes // 8:
            return  # one answer may not push out most of the others
        with self._lock:
            if key in self._entries:
                return
            if path not in self.paths:
                self.paths = self.paths | {path}
            self._entries[key] = answer
            self._bytes += answer.size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _key, old = self._entries.popitem(last=False)
                self._bytes -= old.size


def answer_cache(app: Flask | None = None) -> AnswerCache:
    return (app or current_app).extensions.setdefault(EXTENSION_KEY, AnswerCache())


def cached_answer(checks: Validators, make: Callable[[], Response]) -> Response:
    """The answer kept for this request's URL and store generation, else `make()`'s (kept
    when it is a 200), in the copy the client takes: the same bytes the front sends."""
    cache = answer_cache()
    found = cache.get(checks.etag)
    if found is None:
        response = make()
        if response.status_code != 200 or response.is_streamed:
            return response
        found = KeptAnswer.of(response.get_data(), response.headers.to_wsgi_list())
        cache.put(checks.etag, request.environ.get("PATH_INFO", ""), found)
    body, headers = found.chosen(request.environ)
    return Response(body, headers=list(headers))


@dataclass(frozen=True)
class Validators:
    """What tells a client its copy of an answer is current: ETag and Last-Modified."""

    etag: str  # unquoted
    changed_at: datetime | None

    @property
    def etag_header(self) -> str:
        return f'"{self.etag}"'


def validators() -> Validators:
    """This request's validators (read once per request: the front may have read them)."""
    environ = request.environ
    checks = environ.get(VALIDATORS_KEY)
    if checks is None:
        checks = environ[VALIDATORS_KEY] = validators_for(get_db(), environ)
    return checks


def validators_for(conn: sqlite3.Connection, environ: dict) -> Validators:
    """A request's validators, from one read of the store's state."""
    return validators_of(store.store_state(conn), environ)


def validators_of(state: store.StoreState, environ: dict) -> Validators:
    """A request's validators: the ETag hashes papershelf's version, the store's generation
    and the URL as sent."""
    url = "\0".join(
        environ.get(name) or ""
        for name in ("wsgi.url_scheme", "HTTP_HOST", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING")
    )
    seed = f"{papershelf_version()}\0{state.generation}\0{url}"
    etag = hashlib.sha256(seed.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return Validators(etag, state.changed_at)


def is_current(checks: Validators, environ: dict | None = None) -> bool:
    """Whether the client's copy is current (If-None-Match, else If-Modified-Since), as
    RFC 9110 says and werkzeug's `is_resource_modified` decides, without its general parsing
    on this path that every feed reader's poll takes. The gzip copy's tag counts too."""
    environ = request.environ if environ is None else environ
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        current = (checks.etag_header, compression.gzip_etag(checks.etag_header), "*")
        return any(tag in current for tag in _tags(if_none_match))
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since and checks.changed_at:
        since = parse_date(if_modified_since)
        return since is not None and checks.changed_at.replace(microsecond=0) <= since
    return False


def current_tag(checks: Validators, environ: dict) -> str:
    """The ETag a 304 names: the gzip copy's when that is the copy the client holds."""
    packed = compression.gzip_etag(checks.etag_header)
    if packed in _tags(environ.get("HTTP_IF_NONE_MATCH") or ""):
        return packed
    return checks.etag_header


def _tags(if_none_match: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]


def not_modified(checks: Validators, cache_control: str, varies: bool = False) -> Response:
    """A 304: its ETag, Cache-Control and, for an answer with a gzip copy, Vary (werkzeug
    leaves Last-Modified out of a 304)."""
    response = Response(status=304)
    response.headers["ETag"] = current_tag(checks, request.environ)
    response.headers["Cache-Control"] = cache_control
    if varies:
        response.headers["Vary"] = compression.VARY[1]
    return response


def with_validators(response: Response, checks: Validators, cache_control: str) -> Response:
    headers = response.headers
    headers["ETag"] = checks.etag_header
    if checks.changed_at:
        headers["Last-Modified"] = _http_date(checks.changed_at)
    headers["Cache-Control"] = cache_control
    return response


@lru_cache(maxsize=64)
def _http_date(moment: datetime) -> str:
    return http_date(moment)
