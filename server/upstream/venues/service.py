"""What the three scholarly clients share: polite turn-taking and JSON answers.

Each service gets one request at a time, and a pause of at least its minimum interval after
the previous answer, across every client of that service in this process (the background
refresher and a request thread share the turns). Answers come through the shared upstream
HTTP client (conditional GETs, bounded retries, Retry-After); a 429 that outlasts the
retries becomes one `RateLimited` line, a body that is not the documented JSON one
`BadResponse` line.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from server.upstream.http import BadResponse, HttpClient, HttpStatusError, RateLimited, Response


class Turns:
    """One service's turns: a lock held for the whole request, and when the last one ended."""

    _all: dict[str, Turns] = {}
    _all_lock = threading.Lock()

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last_end: float | None = None

    @classmethod
    def of(cls, key: str) -> Turns:
        with cls._all_lock:
            return cls._all.setdefault(key, cls())

    @contextmanager
    def turn(
        self, min_interval: float, clock: Callable[[], float], sleep: Callable[[float], None]
    ) -> Iterator[None]:
        with self.lock:
            if self.last_end is not None:
                wait = min_interval - (clock() - self.last_end)
                if wait > 0:
                    sleep(wait)
            try:
                yield
            finally:
                self.last_end = clock()


class VenueService:
    """Base of the Semantic Scholar, DBLP and Crossref clients."""

    name = "a scholarly service"
    rate_limit_hint = ""  # what the user can do about a 429, appended to the message

    def __init__(
        self,
        http: HttpClient,
        base_url: str,
        min_interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.min_interval = max(0.0, float(min_interval))
        self.clock = clock
        self.sleep = sleep
        self.turns = Turns.of(f"{self.name} {self.base_url}")
        self.requests = 0  # requests this client made (a retry inside one is not counted)

    def get_json(self, url: str, params: Mapping | None = None, *, missing_ok: bool = False):
        """The JSON object at `url`; None for a 404 when `missing_ok`."""
        with self.turns.turn(self.min_interval, self.clock, self.sleep):
            self.requests += 1
            try:
                response = self.http.get(url, params, service=self.name, accept="application/json")
            except HttpStatusError as exc:
                if exc.status == 404 and missing_ok:
                    return None
                if exc.status == 429:
                    attempts = self.http.settings.http_retries + 1
                    raise RateLimited(
                        f"{self.name} kept answering 429 Too Many Requests (gave up after "
                        f"{attempts} attempts); try again later{self.rate_limit_hint}"
                    ) from None
                raise
        return json_object(response, self.name)


def json_object(response: Response, service: str) -> dict:
    try:
        data = json.loads(response.body)
    except json.JSONDecodeError as exc:
        where = f" ({exc.msg} at line {exc.lineno} column {exc.colno})"
        raise BadResponse(f"{service} sent malformed JSON for {response.url}{where}") from None
    except (ValueError, UnicodeDecodeError):
        raise BadResponse(f"{service} sent malformed JSON for {response.url}") from None
    if not isinstance(data, dict):
        raise BadResponse(
            f"{service} sent {type(data).__name__} where an object was expected ({response.url})"
        )
    return data


def shape_error(service: str, url: str, what: str) -> BadResponse:
    """An answer in valid JSON but not in the documented shape."""
    return BadResponse(f"{service} sent an answer without {what} ({url})")
