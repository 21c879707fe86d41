"""`papershelf fetch`, `sync` and `enrich`: bring the library up to date from upstream.

Offline is normal: a command that cannot connect says so in one line and exits 1, and the
stored papers stay as they were.
"""

from __future__ import annotations

import sys
from datetime import date

import click

from server.commands.common import cli_settings, db_option, open_store
from server.commands.progress import progress_bars, quiet_option
from server.config import Settings

MAX_PROBLEMS_SHOWN = 10


def _interval(_ctx, _param, value: str | None) -> float | None:
    from server.upstream.refresh import parse_interval

    try:
        return None if value is None else parse_interval(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


# For `papershelf serve` (server/cli.py): keep the current listings fresh while serving.
refresh_option = click.option(
    "--refresh",
    "refresh_every",
    metavar="INTERVAL",
    callback=_interval,
    help="Also fetch this and last week's listings every INTERVAL (e.g. 1h) in the background"
    " (and look for published versions, see VENUES_STEP).",
)


def start_refresh(settings: Settings, seconds: float) -> None:
    from server.upstream.refresh import start as start_refresher

    start_refresher(settings, seconds)
    click.echo(f"refreshing the current listings every {seconds / 60:g} min (see /api/sources)")


@click.command()
@click.option("--date", "day", metavar="YYYY-MM-DD", help="One day's listing.")
@click.option("--week", metavar="YYYY-Www", help="One ISO week's listing, e.g. 2025-W52.")
@click.option("--month", metavar="YYYY-MM", help="One month's listing.")
@click.option("--search", metavar="WORDS", help="Hugging Face's search results for these words.")
@click.option("--since", metavar="YYYY-MM-DD", help="Every day's listing from then to today.")
@quiet_option
@db_option
def fetch(day, week, month, search, since, quiet, db_path):
    """Fetch a Hugging Face Daily Papers listing (all its pages) and store its papers."""
    from server.upstream.clients import make_clients
    from server.upstream.fetch import fetch_listings
    from server.upstream.listings import ListingError, days_since, listing

    chosen = {k: v for k, v in (("date", day), ("week", week), ("month", month),
                                ("search", search), ("since", since)) if v is not None}  # fmt: skip
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --date, --week, --month, --search, --since")
    ((kind, value),) = chosen.items()
    today = date.today()
    try:
        listings = days_since(value, today) if kind == "since" else [listing(kind, value)]
    except ListingError as exc:
        raise click.BadParameter(str(exc), param_hint=f"--{kind}") from None
    settings = cli_settings(db_path)
    with open_store(settings) as conn, progress_bars(quiet) as bars:
        outcomes = fetch_listings(conn, make_clients(settings, conn).hf, listings, today, bars)
    _report(outcomes)


@click.command()
@quiet_option
@db_option
def sync(quiet, db_path):
    """Fetch the current listings (this week and last week): for cron."""
    from server.upstream.clients import make_clients
    from server.upstream.refresh import sync as sync_listings

    settings = cli_settings(db_path)
    with open_store(settings) as conn, progress_bars(quiet) as bars:
        outcomes = sync_listings(conn, make_clients(settings, conn), progress=bars)
    _report(outcomes)


@click.command()
@click.option("--limit", type=click.IntRange(min=1), help="Search at most this many titles.")
@quiet_option
@db_option
def enrich(limit, quiet, db_path):
    """Complete title-only papers from Hugging Face (exact title match) and arXiv."""
    enrich_and_report(cli_settings(db_path), limit=limit, quiet=quiet)


def enrich_and_report(
    settings: Settings, ids: list[str] | None = None, limit: int | None = None,
    quiet: bool = False,
) -> None:  # fmt: skip
    """Run an enrich (of these ids, or of the whole store) and print what came of it
    (`quiet`: without progress bars)."""
    from server.upstream.clients import make_clients
    from server.upstream.enrich import enrich as enrich_papers

    with open_store(settings) as conn, progress_bars(quiet) as bars:
        clients = make_clients(settings, conn)
        report = enrich_papers(conn, clients.hf, clients.arxiv, ids=ids, limit=limit, progress=bars)
    if report.status != "ok":
        click.echo(f"{report.summary()}; nothing changed", err=True)
        sys.exit(1)
    for item in report.items:
        if item.outcome != "found":
            click.echo(f"  {item.outcome}: {item.title} ({item.message})")
    click.echo(report.summary())
    from server.commands.venues import venues_step

    if not venues_step(settings, ids=ids, quiet=quiet):
        sys.exit(1)


def _report(outcomes: list) -> None:
    for outcome in outcomes:
        for problem in outcome.problems[:MAX_PROBLEMS_SHOWN]:
            click.echo(f"problem: {outcome.listing}: {problem}", err=True)
        if len(outcome.problems) > MAX_PROBLEMS_SHOWN:
            more = len(outcome.problems) - MAX_PROBLEMS_SHOWN
            click.echo(f"problem: {outcome.listing}: ... and {more} more", err=True)
        if outcome.ok:
            click.echo(outcome.summary())
        else:
            click.echo(f"{outcome.summary()}; nothing changed", err=True)
    if any(not o.ok for o in outcomes):
        sys.exit(1)
