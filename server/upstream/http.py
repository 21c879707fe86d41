"""The one HTTP client papershelf uses to talk to Hugging Face and arXiv.

Short connect timeouts (an unreachable host is reported at once, never retried), bounded
retries with exponential backoff for timeouts, 429 and 5xx (honouring `Retry-After` up to a
bound), conditional GETs (`If-None-Match` / `If-Modified-Since`) against a response cache kept
in the `http_cache` table, and a User-Agent naming papershelf and its version.
"""

from __future__ import annotations

import socket
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from server.errors import PapershelfError

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BODY_BYTES = 32 * 2**20


class UpstreamError(PapershelfError):
    """An upstream service could not give us what we asked; the message is one line."""


class Unreachable(UpstreamError):
    """No connection could be made: we are offline, or the service is down."""


class UpstreamTimeout(UpstreamError):
    """Connected, but the answer did not come in time (after all retries)."""


class RateLimited(UpstreamError):
    """The service asks us to slow down for longer than we are willing to wait."""


class HttpStatusError(UpstreamError):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class BadResponse(UpstreamError):
    """The answer came but is not in the documented shape (malformed JSON, not Atom, ...)."""


@cache
def user_agent() -> str:
    return f"papershelf/{_version()} python-requests/{requests.__version__}"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("papershelf")
    except PackageNotFoundError:
        import tomllib

        from server.config import PROJECT_ROOT

        try:
            with open(PROJECT_ROOT / "pyproject.toml", "rb") as file:
                return tomllib.load(file)["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


@dataclass(frozen=True)
class HttpSettings:
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    retries: int = 2  # extra attempts after the first
    backoff: float = 0.5  # first wait; doubles each retry
    max_wait: float = 30.0  # the longest single wait we accept, Retry-After included

    @classmethod
    def from_config(cls, config: Mapping) -> HttpSettings:
        def number(key: str, default: float, kind=float):
            try:
                return kind(config.get(key, default))
            except (TypeError, ValueError):
                raise UpstreamError(f"setting {key} must be a number") from None

        read = number("HTTP_TIMEOUT", cls.read_timeout)
        return cls(
            connect_timeout=min(number("HTTP_CONNECT_TIMEOUT", cls.connect_timeout), read),
            read_timeout=read,
            retries=max(0, number("HTTP_RETRIES", cls.retries, int)),
            backoff=max(0.0, number("HTTP_BACKOFF", cls.backoff)),
            max_wait=max(0.0, number("RETRY_MAX_WAIT", cls.max_wait)),
        )


@dataclass
class Response:
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    from_cache: bool = False

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class ResponseCache:
    """Bodies of earlier answers with their validators, keyed by full URL (table http_cache)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def get(self, url: str) -> sqlite3.Row | None:
        return self.conn.execute(
            "SELECT etag, last_modified, body FROM http_cache WHERE url = ?", (url,)
        ).fetchone()

    def put(self, url: str, etag: str | None, last_modified: str | None, body: bytes) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO http_cache (url, etag, last_modified, body, fetched_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (url, etag, last_modified, body, datetime.now(UTC).isoformat(timespec="seconds")),
        )


@dataclass
class HttpClient:
    """GET with timeouts, retries and a conditional-request cache. One per service is fine."""

    settings: HttpSettings = field(default_factory=HttpSettings)
    cache: ResponseCache | None = None
    sleep: Callable[[float], None] = time.sleep
    waits: list[float] = field(default_factory=list)  # every wait taken, for reports and tests

    def get(
        self, url: str, params: Mapping | None = None, *, service: str, accept: str = "*/*"
    ) -> Response:
        full_url = requests.Request("GET", url, params=params).prepare().url or url
        headers = {"User-Agent": user_agent(), "Accept": accept}
        cached = self.cache.get(full_url) if self.cache else None
        if cached is not None:
            if cached["etag"]:
                headers["If-None-Match"] = cached["etag"]
            if cached["last_modified"]:
                headers["If-Modified-Since"] = cached["last_modified"]
        settings = self.settings
        attempts = settings.retries + 1
        for attempt in range(attempts):
            try:
                answer, body = _get(full_url, headers, settings)
            except requests.RequestException as exc:
                failure = _network_failure(exc, service, full_url, settings)
                if isinstance(failure, Unreachable):
                    raise failure from None
                wait = settings.backoff * 2**attempt
            else:
                if answer.status_code == 304 and cached is not None:
                    return Response(full_url, 200, answer.headers, bytes(cached["body"]), True)
                if answer.status_code < 400:
                    self._remember(full_url, answer, body)
                    return Response(full_url, answer.status_code, answer.headers, body)
                failure = _status_failure(answer, body, service, full_url)
                if answer.status_code not in RETRYABLE_STATUSES:
                    raise failure
                asked = retry_after_seconds(answer.headers.get("Retry-After"))
                if asked is not None and asked > settings.max_wait:
                    raise RateLimited(
                        f"{service} asks us to wait {asked:.0f} s before trying again "
                        f"(HTTP {answer.status_code}); that is more than RETRY_MAX_WAIT="
                        f"{settings.max_wait:g} s, so giving up for now"
                    )
                wait = asked if asked is not None else settings.backoff * 2**attempt
            if attempt + 1 < attempts:
                wait = min(wait, settings.max_wait)
                self.waits.append(wait)
                self.sleep(wait)
        raise type(failure)(f"{failure} (gave up after {attempts} attempts)", *_extra(failure))

    def _remember(self, url: str, answer: requests.Response, body: bytes) -> None:
        etag, modified = answer.headers.get("ETag"), answer.headers.get("Last-Modified")
        if self.cache is not None and answer.status_code == 200 and (etag or modified):
            self.cache.put(url, etag, modified, body)


def _get(url: str, headers: dict, settings: HttpSettings) -> tuple[requests.Response, bytes]:
    """One GET, its body read to at most MAX_BODY_BYTES (a listing page is far smaller)."""
    timeout = (settings.connect_timeout, settings.read_timeout)
    with requests.get(url, headers=headers, timeout=timeout, stream=True) as answer:
        body = bytearray()
        for chunk in answer.iter_content(64 * 1024):
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise BadResponse(
                    f"the answer from {urlsplit(url).netloc} is larger than "
                    f"{MAX_BODY_BYTES // 2**20} MiB; refusing it"
                )
        return answer, bytes(body)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _extra(failure: UpstreamError) -> tuple:
    return (failure.status,) if isinstance(failure, HttpStatusError) else ()


def _status_failure(
    answer: requests.Response, body: bytes, service: str, url: str
) -> UpstreamError:
    detail = " ".join(body[:200].decode("utf-8", errors="replace").split())
    message = f"{service} answered HTTP {answer.status_code} for {url}"
    if detail and "<html" not in detail.lower():
        message += f": {detail}"
    return HttpStatusError(message, answer.status_code)


def _network_failure(
    exc: requests.RequestException, service: str, url: str, settings: HttpSettings
) -> UpstreamError:
    chain = list(_causes(exc))
    host = urlsplit(url).netloc
    no_connection = (urllib3.exceptions.ConnectTimeoutError, urllib3.exceptions.NewConnectionError)
    if isinstance(exc, requests.ConnectTimeout) or any(isinstance(e, no_connection) for e in chain):
        return Unreachable(f"cannot reach {service} at {host} ({_reason(chain, settings)})")
    if isinstance(exc, requests.Timeout) or any(
        isinstance(e, urllib3.exceptions.ReadTimeoutError) for e in chain
    ):
        return UpstreamTimeout(
            f"{service} at {host} did not answer within {settings.read_timeout:g} s"
        )
    return UpstreamError(f"the connection to {service} at {host} broke ({type(exc).__name__})")


def _reason(chain: list[BaseException], settings: HttpSettings) -> str:
    # urllib3's NewConnectionError subclasses its ConnectTimeoutError: look for the OS error.
    for error in chain:
        if isinstance(error, ConnectionRefusedError):
            return "connection refused"
        if isinstance(error, socket.gaierror):
            return "host name not found; are we offline?"
    for error in chain:
        if isinstance(error, OSError) and error.strerror:
            return error.strerror.lower()
    return f"no connection within {settings.connect_timeout:g} s"


def _causes(exc: BaseException):
    """The exception, its causes/contexts and urllib3's wrapped `reason`s, without loops."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        error = todo.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        linked = [error.__cause__, error.__context__, getattr(error, "reason", None), *error.args]
        todo.extend(e for e in linked if isinstance(e, BaseException))
