"""The one HTTP stack for every call papershelf itself makes (Hugging Face, arXiv, the Zotero
desktop connector, PDF downloads): a `requests.Session` with urllib3's `Retry`.

GETs are retried a bounded number of times after a read timeout, 429 or 5xx, waiting as
`Retry-After` asks when that is within `retry_max_wait`, else with exponential backoff. A
longer `Retry-After` is not waited for: the 429/503 comes back at once for the caller to
report. Connection failures are never retried (an unreachable host is reported at once), and
POSTs never are (a write must not be repeated blindly). pyzotero keeps its own client for the
Zotero web API (server/zotero/web.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from server.config import Settings
from server.errors import PapershelfError
from server.version import papershelf_version

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BODY_BYTES = 100 * 2**20  # the largest answer read: a big PDF; a listing is far smaller


@cache
def user_agent() -> str:
    return f"papershelf/{papershelf_version()} python-requests/{requests.__version__}"


class BoundedRetry(Retry):
    """urllib3's Retry with our backoff (first wait = backoff, doubling), a cap on the wait a
    server may ask for, and an injectable sleep (tests record waits instead of sleeping)."""

    def __init__(self, *args, max_wait: float = 30.0, sleep: Callable = time.sleep, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_wait = max_wait
        self.sleep_function = sleep

    def new(self, **changes) -> BoundedRetry:
        renewed = super().new(**changes)
        renewed.max_wait, renewed.sleep_function = self.max_wait, self.sleep_function
        return renewed

    def increment(self, method=None, url=None, response=None, error=None, _pool=None,
                  _stacktrace=None):  # fmt: skip
        asked = self.get_retry_after(response) if response is not None else None
        if asked is not None and asked > self.max_wait:
            # Give the answer back now (raise_on_status=False makes urllib3 return it).
            raise MaxRetryError(_pool, url, None)
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def get_backoff_time(self) -> float:
        if not self.history:
            return 0.0
        return min(self.max_wait, self.backoff_factor * 2 ** (len(self.history) - 1))

    def sleep_for_retry(self, response) -> bool:
        asked = self.get_retry_after(response)
        if asked is None:
            return False
        self.sleep_function(min(asked, self.max_wait))
        return True

    def _sleep_backoff(self) -> None:
        wait = self.get_backoff_time()
        if wait > 0:
            self.sleep_function(wait)


def make_session(
    settings: Settings, *, retries: int | None = None, sleep: Callable = time.sleep
) -> requests.Session:
    """A session with our User-Agent, a connection pool and bounded retries for GETs."""
    retry = BoundedRetry(
        total=None,
        connect=0,
        read=settings.http_retries if retries is None else retries,
        status=settings.http_retries if retries is None else retries,
        other=0,
        redirect=5,
        status_forcelist=RETRYABLE_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        backoff_factor=settings.http_backoff,
        raise_on_status=False,
        respect_retry_after_header=True,
        max_wait=settings.retry_max_wait,
        sleep=sleep,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_maxsize=8)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent()
    return session


def timeouts(settings: Settings) -> tuple[float, float]:
    """(connect, read) timeouts for requests."""
    return settings.connect_timeout, settings.http_timeout


def attempts_made(response: requests.Response) -> int:
    """How many times this request was sent before this answer came (1 = no retry)."""
    retries = getattr(response.raw, "retries", None)
    return len(retries.history) + 1 if retries is not None else 1


class BodyTooLarge(PapershelfError):
    """The answer is larger than the cap; nothing more is read. Callers say whose answer."""


def read_body(response: requests.Response, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body of a streamed response, refusing more than `limit` bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    body = bytearray()
    for chunk in response.iter_content(64 * 1024):
        body += chunk
        if len(body) > limit:
            raise BodyTooLarge(limit)
    return bytes(body)
