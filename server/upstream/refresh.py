"""Keep the current listings fresh: `papershelf sync` once, `serve --refresh 1h` in a thread.

The refresher runs `sync` at start and then every interval, on its own database connection.
A failed run (offline, rate-limited, ...) is logged and recorded in `fetches`; the next run
tries again. It never stops the server.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from datetime import date

from server.config import Settings
from server.progress import SILENT, Progress
from server.store import db
from server.upstream.clients import Clients, make_clients
from server.upstream.enrich import EnrichReport, enrich
from server.upstream.fetch import FetchOutcome, fetch_listings
from server.upstream.listings import current_listings
from server.upstream.venues.clients import make_venue_clients
from server.upstream.venues.resolve import VenuesReport, check_venues

log = logging.getLogger("papershelf.refresh")
MIN_INTERVAL_SECONDS = 60
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
INTERVAL_RE = re.compile(r"(\d+(?:\.\d+)?)([smhd])")


def parse_interval(text: str) -> float:
    """Seconds in an interval like `1h`, `30m`, `1h30m` or `90s`. Raises ValueError."""
    compact = (text or "").strip().lower().replace(" ", "")
    parts = INTERVAL_RE.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"{text!r} is not an interval like 1h, 30m or 1h30m")
    seconds = sum(float(number) * UNITS[unit] for number, unit in parts)
    if seconds < MIN_INTERVAL_SECONDS:
        raise ValueError(f"{text!r}: refresh at most once a minute (be kind to Hugging Face)")
    return seconds


def sync(
    conn, clients: Clients, today: date | None = None, progress: Progress = SILENT
) -> list[FetchOutcome]:
    """Fetch the current listings (this week and last week) and ingest them."""
    today = today or date.today()
    return fetch_listings(conn, clients.hf, current_listings(today), today, progress)


class Refresher:
    def __init__(
        self,
        settings: Settings,
        interval: float,
        today: Callable[[], date] = date.today,
    ):
        self.settings = settings
        self.interval = interval
        self.today = today
        self.runs = 0
        self.venues: VenuesReport | None = None  # what the last run's venues step found
        self.ran = threading.Event()  # set after each run, failed or not
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="papershelf-refresh", daemon=True)

    def start(self) -> Refresher:
        self._thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def run_once(self) -> list[FetchOutcome]:
        conn = db.connect(self.settings.database)
        try:
            outcomes = sync(conn, make_clients(self.settings, conn), self.today())
            if self.settings.venues_step:
                self.venues = venues_step(conn, self.settings)
        finally:
            conn.close()
        self.runs += 1
        for outcome in outcomes:
            log.log(logging.INFO if outcome.ok else logging.WARNING, "%s", outcome.summary())
        if self.venues is not None:
            log.log(_level(self.venues.status), "%s", self.venues.summary())
        return outcomes

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the server must outlive any one refresh
                log.exception("refresh failed")
            self.ran.set()
            self._stop.wait(self.interval)


def _level(status: str) -> int:
    """A report's log level: a step that did not finish is a warning."""
    return logging.INFO if status == "ok" else logging.WARNING


def venues_step(conn, settings: Settings, ids: list[str] | None = None) -> VenuesReport:
    """Look for the published versions of a few papers due a check (VENUES_STEP_LIMIT), of
    `ids` when given."""
    return check_venues(
        conn, make_venue_clients(settings, conn), limit=settings.venues_step_limit,
        ids=ids, recheck_days=settings.venues_recheck_days,
    )  # fmt: skip


def start(settings: Settings, interval: str | float) -> Refresher:
    """Start refreshing in the background; `interval` is seconds or text like `1h`."""
    seconds = parse_interval(interval) if isinstance(interval, str) else float(interval)
    return Refresher(settings, seconds).start()


def enrich_in_background(settings: Settings, ids: list[str]) -> threading.Thread:
    """Enrich just-ingested papers (e.g. from a text copy) without holding up the ingest.

    Runs on its own thread and connection; offline, it records one failed `enrich` run and
    leaves the papers as they are. Returns the (started, daemon) thread.
    """

    def run() -> EnrichReport | None:
        conn = db.connect(settings.database)
        try:
            clients = make_clients(settings, conn)
            report = enrich(conn, clients.hf, clients.arxiv, ids=list(ids))
            # As `ingest --enrich` does: the papers enrich completed can be looked up now.
            venues = venues_step(conn, settings, ids) if settings.venues_step else None
        except Exception:  # a background helper must never take the caller down
            log.exception("enrich after ingest failed")
            return None
        finally:
            conn.close()
        log.log(_level(report.status), "%s", report.summary())
        if venues is not None:
            log.log(_level(venues.status), "%s", venues.summary())
        return report

    thread = threading.Thread(target=run, name="papershelf-enrich", daemon=True)
    thread.start()
    return thread
