"""`papershelf venues`: find where stored preprints were published (and the same as a step of
`enrich` and `serve --refresh`).

Offline is normal: a service that cannot be reached, or keeps rate-limiting, is one line
(exit 1); the checks made before it are kept and nothing else changes.
"""

from __future__ import annotations

import sys

import click

from server.commands.common import cli_settings, db_option, open_store
from server.config import Settings


@click.command()
@click.option("--limit", type=click.IntRange(min=1), help="Check at most this many papers.")
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Only papers published (else featured) on or after this day (YYYY-MM-DD).",
)
@click.option(
    "--recheck",
    is_flag=True,
    help="Also check papers checked within VENUES_RECHECK_DAYS (to confirm or withdraw).",
)
@db_option
def venues(limit, since, recheck, db_path):
    """Find the published versions of stored preprints (Semantic Scholar, DBLP, Crossref)."""
    settings = cli_settings(db_path)
    report = run_venues(settings, limit=limit, since=since and since.date(), recheck=recheck)
    if report.status != "ok":
        sys.exit(1)


def run_venues(
    settings: Settings,
    *,
    ids: list[str] | None = None,
    limit: int | None = None,
    since=None,
    recheck: bool = False,
    quiet: bool = False,
):
    """Check the papers due and print what came of it: a line per notable paper (unless
    `quiet`) and a summary; a failure is one line on stderr. Returns the report."""
    from server.upstream.venues.clients import make_venue_clients
    from server.upstream.venues.resolve import check_venues

    with open_store(settings) as conn:
        report = check_venues(
            conn,
            make_venue_clients(settings, conn),
            since=since,
            limit=limit,
            ids=ids,
            recheck_days=None if recheck else settings.venues_recheck_days,
        )
    if report.status != "ok":
        click.echo(report.summary(), err=True)
        return report
    if not quiet:
        for item in report.notable():
            click.echo(f"  {item.line()}")
    click.echo(report.summary())
    return report


def venues_step(settings: Settings, ids: list[str] | None = None) -> bool:
    """The venues step of `enrich`: at most VENUES_STEP_LIMIT papers. False when it failed."""
    if not settings.venues_step:
        return True
    report = run_venues(settings, ids=ids, limit=settings.venues_step_limit)
    return report.status == "ok"
