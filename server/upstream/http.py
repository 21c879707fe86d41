"""GETs to Hugging Face and arXiv, and the upstream errors they end in.

Over the shared HTTP stack (server/http.py: timeouts, bounded retries, Retry-After, one
User-Agent, a download cap), with conditional GETs (`If-None-Match` / `If-Modified-Since`)
against the response cache in the store, and every failure turned into one line.
"""

from __future__ import annotations

import socket
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from server import errors
from server.config import Settings
from server.errors import ServiceError
from server.http import (
    MAX_BODY_BYTES,
    RETRYABLE_STATUSES,
    BodyTooLarge,
    attempts_made,
    make_session,
    read_body,
    timeouts,
)
from server.store import http_cache


class UpstreamError(ServiceError):
    """An upstream service could not give us what we asked; the message is one line."""


class Unreachable(UpstreamError, errors.Unreachable):
    """No connection could be made: we are offline, or the service is down."""


class UpstreamTimeout(UpstreamError):
    """Connected, but the answer did not come in time (after all retries)."""


class RateLimited(UpstreamError, errors.RateLimited):
    """The service asks us to slow down for longer than we are willing to wait."""


class HttpStatusError(UpstreamError):
    """The service answered with an error status (after the retries it deserved)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class BadResponse(UpstreamError):
    """The answer came but is not in the documented shape (malformed JSON, not Atom, ...)."""


@dataclass
class Response:
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    from_cache: bool = False

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class HttpClient:
    """GETs to one upstream service over the shared HTTP stack, with conditional requests
    against the response cache (`store.http_cache`) when a connection is given."""

    def __init__(self, settings: Settings, conn: sqlite3.Connection | None = None,
                 sleep: Callable[[float], None] = time.sleep):  # fmt: skip
        self.settings = settings
        self.conn = conn
        self.session = make_session(settings, sleep=sleep)

    def get(
        self, url: str, params: Mapping | None = None, *, service: str, accept: str = "*/*"
    ) -> Response:
        full_url = requests.Request("GET", url, params=params).prepare().url or url
        headers = {"Accept": accept}
        cached = http_cache.get(self.conn, full_url) if self.conn is not None else None
        if cached is not None:
            headers.update(cached.validators())
        try:
            with self.session.get(full_url, headers=headers, timeout=timeouts(self.settings),
                                  stream=True) as answer:  # fmt: skip
                body = read_body(answer)
        except BodyTooLarge:
            raise BadResponse(
                f"the answer from {urlsplit(full_url).netloc} is larger than "
                f"{MAX_BODY_BYTES // 2**20} MiB; refusing it"
            ) from None
        except requests.RequestException as exc:
            raise _network_failure(exc, service, full_url, self.settings) from None
        if answer.status_code == 304 and cached is not None:
            return Response(full_url, 200, answer.headers, cached.body, True)
        if answer.status_code < 400:
            self._remember(full_url, answer, body)
            return Response(full_url, answer.status_code, answer.headers, body)
        raise _status_failure(answer, body, service, full_url, self.settings)

    def _remember(self, url: str, answer: requests.Response, body: bytes) -> None:
        etag, modified = answer.headers.get("ETag"), answer.headers.get("Last-Modified")
        if self.conn is not None and answer.status_code == 200 and (etag or modified):
            http_cache.put(self.conn, url, etag, modified, body)


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


def _status_failure(
    answer: requests.Response, body: bytes, service: str, url: str, settings: Settings
) -> UpstreamError:
    status = answer.status_code
    asked = retry_after_seconds(answer.headers.get("Retry-After"))
    if status in RETRYABLE_STATUSES and asked is not None and asked > settings.retry_max_wait:
        return RateLimited(
            f"{service} asks us to wait {asked:.0f} s before trying again (HTTP {status}); "
            f"that is more than RETRY_MAX_WAIT={settings.retry_max_wait:g} s, so giving up for now"
        )
    detail = " ".join(body[:200].decode("utf-8", errors="replace").split())
    message = f"{service} answered HTTP {status} for {url}"
    if detail and "<html" not in detail.lower():
        message += f": {detail}"
    if status in RETRYABLE_STATUSES:
        message += f" (gave up after {attempts_made(answer)} attempts)"
    return HttpStatusError(message, status)


def _network_failure(
    exc: requests.RequestException, service: str, url: str, settings: Settings
) -> UpstreamError:
    chain = list(_causes(exc))
    host = urlsplit(url).netloc
    no_connection = (urllib3.exceptions.ConnectTimeoutError, urllib3.exceptions.NewConnectionError)
    if isinstance(exc, requests.ConnectTimeout) or any(isinstance(e, no_connection) for e in chain):
        return Unreachable(f"cannot reach {service} at {host} ({_reason(chain, settings)})")
    # Retries exhausted show as urllib3's MaxRetryError wrapping the last failure.
    retried = any(isinstance(e, urllib3.exceptions.MaxRetryError) for e in chain)
    attempts = f" (gave up after {settings.http_retries + 1} attempts)" if retried else ""
    if isinstance(exc, requests.Timeout) or any(
        isinstance(e, urllib3.exceptions.ReadTimeoutError) for e in chain
    ):
        return UpstreamTimeout(
            f"{service} at {host} did not answer within {settings.http_timeout:g} s{attempts}"
        )
    return UpstreamError(
        f"the connection to {service} at {host} broke ({type(exc).__name__}){attempts}"
    )


def _reason(chain: list[BaseException], settings: Settings) -> str:
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
