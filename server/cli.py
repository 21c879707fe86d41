"""The `papershelf` command: ingest, serve, list, export, token (and more registered below).

Each command imports what it uses when it runs, so `--help`, `--version` and `list` start
fast; only `serve` loads Flask.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from server.commands.common import cli_settings, db_option, open_store
from server.commands.failures import OneLineGroup
from server.commands.progress import progress_bars, quiet_option
from server.commands.upstream import refresh_option

SORTS = ("newest", "oldest", "upvotes", "relevance")  # store.SORTS (a test keeps them equal)
MAX_LIMIT = 500  # store.MAX_LIMIT (likewise)
LARGEST_COUNT = 2**63 - 1  # SQLite's largest integer
LOG_LEVELS = ("debug", "info", "warning", "error")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

PARTIAL_AUTHORS = "[authors incomplete]"


def filter_options(command):
    """The filters shared with /api/papers, feeds and exports."""
    for option in reversed(
        [
            click.option("--query", "-q", help="Full-text search over titles, abstracts, authors."),
            click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD"),
            click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD"),
            click.option("--min-upvotes", type=click.IntRange(min=0, max=LARGEST_COUNT)),
            click.option("--has-code/--no-code", default=None, help="Only papers with(out) code."),
            click.option("--sort", type=click.Choice(SORTS)),
        ]
    ):
        command = option(command)
    return command


def query_from_options(query, since, until, min_upvotes, has_code, sort, limit=50):
    from server.store import PaperQuery

    return PaperQuery(
        q=query,
        since=since.date() if since else None,
        until=until.date() if until else None,
        min_upvotes=min_upvotes,
        has_code=has_code,
        sort=sort,
        limit=limit,
    )


@click.group(cls=OneLineGroup)
@click.version_option(package_name="papershelf")
def main():
    """papershelf: Hugging Face Daily Papers as a library, feeds and citations."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The day the page was seen (gives text copies their year).",
)
@click.option(
    "--enrich",
    "then_enrich",
    is_flag=True,
    help="Then complete the ingested papers from Hugging Face and arXiv (needs the network).",
)
@click.option(
    "--verbose", "-v", is_flag=True, help="List every problem (default: grouped by kind)."
)
@quiet_option
@db_option
def ingest(paths, as_of, then_enrich, verbose, quiet, db_path):
    """Ingest papers pages (text copies, HTML, API JSON): files or folders.

    A long page is stored in batches of about a second each, so that the server's own writes
    are not held up. When the database refuses a batch (busy, read-only, disk full), what the
    batches before it stored stays stored, and the last line says how much that was.
    """
    from server.ingest import IngestReport, input_files, problem_summary
    from server.progress import Prefixed

    settings = cli_settings(db_path)
    files = input_files(list(paths))
    total, failed, stopped = IngestReport(), 0, None
    with open_store(settings) as conn, progress_bars(quiet) as bars:
        for done, path in enumerate(files, start=1):
            shown = Prefixed(bars, f"{done}/{len(files)} ") if len(files) > 1 else bars
            outcome = _ingest_file(conn, path, as_of and as_of.date(), total, shown, bars.echo)
            if outcome == "rejected":
                failed += 1
            elif outcome:
                left = len(files) - done
                stopped = outcome + (f"; {left} more files not ingested" if left else "")
                break
    problem_lines = map(str, total.problems) if verbose else problem_summary(total.problems)
    for line in problem_lines:
        click.echo(f"problem: {line}", err=True)
    for note in total.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"{total.added} added, {total.updated} updated, {total.unchanged} unchanged, "
        f"{len(total.problems)} problems" + (f", {failed} files rejected" if failed else "")
    )
    if stopped:
        raise click.ClickException(stopped)
    if failed and failed == len(files):
        sys.exit(1)
    if then_enrich and total.ids:
        from server.commands.upstream import enrich_and_report

        enrich_and_report(settings, ids=list(dict.fromkeys(total.ids)), quiet=quiet)


def _ingest_file(conn, path: Path, as_of, total, progress, echo) -> str | None:
    """Ingest one file into `total`, shown on `progress`: None when done, "rejected" when
    the file cannot be used (said on stderr through `echo`), else the line saying why the
    database stopped the ingest."""
    from server.errors import StorageError
    from server.ingest import IngestReport, ingest_data
    from server.parsing import ParseError
    from server.store.batches import IngestStopped

    try:
        data = path.read_bytes()
        report = ingest_data(conn, data, path.name, as_of, batched=True, progress=progress)
    except OSError as exc:
        echo(f"{path}: rejected: cannot read it: {exc.strerror}", err=True)
        return "rejected"
    except ParseError as exc:
        echo(f"{path}: rejected: {exc}", err=True)
        return "rejected"
    except IngestStopped as exc:
        stored = exc.stored
        total.extend(IngestReport(stored.added, stored.updated, stored.unchanged, ids=stored.ids))
        if isinstance(exc.cause, StorageError):
            return f"{path}: {exc}"
        echo(f"{path}: rejected: {exc}", err=True)  # a record the database cannot hold
        return "rejected"
    total.extend(report, prefix=f"{path}: ")
    return None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--threads", default=8, show_default=True, type=click.IntRange(1, 256),
    help="Request threads (per process).",
)  # fmt: skip
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64),
    help="Processes; more than 1 runs gunicorn, every process on the same database.",
)  # fmt: skip
@db_option
@refresh_option
@click.option(
    "--log-level",
    type=click.Choice(LOG_LEVELS, case_sensitive=False),
    default="info",
    show_default=True,
    help="info: a line per request; warning: failures only.",
)
def serve(host, port, threads, workers, db_path, refresh_every, log_level):
    """Serve the web page, API and feeds (waitress; gunicorn with --workers above 1).
    Ingests seeds/ into an empty database."""
    from server.app import SETTINGS_KEY, app_settings, create_app
    from server.commands.serving import log_to_stderr, serve_processes, serve_threads
    from server.config import ConfigError
    from server.errors import StorageError
    from server.seeds import seed_if_empty, seeds_dir

    # Before the app exists, so that Flask's logger writes through this handler alone.
    log_to_stderr(log_level, LOG_FORMAT)

    try:
        app = create_app({"DATABASE": str(db_path)} if db_path else None)
    except ConfigError as exc:
        raise click.ClickException(f"configuration: {exc}") from None
    settings = app_settings(app)
    if host not in settings.allowed_hosts and host not in ("0.0.0.0", "::"):  # noqa: S104
        settings = settings.with_changes(allowed_hosts=(*settings.allowed_hosts, host))
        app.extensions[SETTINGS_KEY] = settings
    seeds = seeds_dir(settings)
    with open_store(settings) as conn:
        try:
            seeded = seed_if_empty(conn, seeds, warn=lambda line: click.echo(line, err=True))
        except StorageError as exc:  # a read-only database still serves what it holds
            seeded = 0
            click.echo(f"warning: not seeding: {exc}", err=True)
    if seeded:
        click.echo(f"empty database: ingested {seeded} papers from {seeds}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: listening on {host}: other machines can reach papershelf; it answers "
            f"only to the host names in PAPERSHELF_ALLOWED_HOSTS ({list(settings.allowed_hosts)})",
            err=True,
        )
    click.echo(f"papershelf on http://{host}:{port}/  (database {settings.database})")
    if refresh_every:
        from server.commands.upstream import start_refresh

        start_refresh(settings, refresh_every)
    app.config["SERVER_THREADS"] = threads  # heavy requests leave threads free for others
    try:
        if workers == 1:
            serve_threads(app, host, port, threads=threads)
        else:
            serve_processes(app, host, port, threads=threads, workers=workers)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None


@main.command(name="list")
@filter_options
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, MAX_LIMIT))
@db_option
def list_papers(query, since, until, min_upvotes, has_code, sort, limit, db_path):
    """List stored papers, newest first (or by relevance with --query)."""
    from server.store import query_papers

    q = query_from_options(query, since, until, min_upvotes, has_code, sort, limit)
    with open_store(cli_settings(db_path)) as conn:
        papers, more = query_papers(conn, q)
    for paper in papers:
        when = str(paper.sort_day or "----------")
        marker = "" if paper.authors_complete else f"  {PARTIAL_AUTHORS}"
        click.echo(f"{when}  {paper.id}  {paper.title}{marker}")
    if any(not paper.authors_complete for paper in papers):
        # A hint, not a paper: stderr keeps stdout one line per paper.
        click.echo(
            f"{PARTIAL_AUTHORS}: `papershelf enrich` completes author lists from arXiv", err=True
        )
    if more:
        click.echo(f"... more; raise --limit (at most {MAX_LIMIT}) or narrow the query")


@main.command()
@click.option("--format", "format_name", default="json", show_default=True, help="Output format.")
@filter_options
@click.option("--ascii", "ascii_only", is_flag=True, help="BibTeX: LaTeX-encode accents.")
@click.option(
    "--prefer",
    type=click.Choice(["published", "preprint"]),
    default="published",
    show_default=True,
    help="Cite a paper's published version when one is known, or always the preprint.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (replaced whole, never left half written) instead of stdout.",
)
@quiet_option
@db_option
def export(
    format_name, query, since, until, min_upvotes, has_code, sort, ascii_only, prefer, output,
    quiet, db_path,
):  # fmt: skip
    """Write the stored papers (filtered) in a format, to stdout or a file, as they are read."""
    from server.commands.output import write_text
    from server.formats import feed_title, get_format, stream_selection
    from server.progress import Counted

    try:
        fmt = get_format(format_name)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None
    q = query_from_options(query, since, until, min_upvotes, has_code, sort)
    options = {"ascii": ascii_only, "title": feed_title(q), "cite_published": prefer == "published"}
    with open_store(cli_settings(db_path)) as conn, progress_bars(quiet) as bars:
        bars.stage(f"export: {fmt.name}", None)
        counted = Counted(bars)
        chunks = stream_selection(conn, fmt, q, options, counted)
        if output is None:
            for chunk in chunks:
                click.echo(chunk, nl=False)
            return
        write_text(output, chunks)
    click.echo(f"exported {counted.count} papers to {output} ({fmt.name})")


@main.command()
@db_option
def token(db_path):
    """Print this install's token, to paste into the browser extension's options."""
    from server.config import instance_path
    from server.install_token import load_or_create_token

    settings = cli_settings(db_path)
    click.echo(settings.api_token or load_or_create_token(instance_path()))


# Commands from other areas register here.
from server.commands import upstream as upstream_commands  # noqa: E402
from server.commands import venues as venues_commands  # noqa: E402
from server.commands import zotero as zotero_commands  # noqa: E402

main.add_command(upstream_commands.fetch)
main.add_command(upstream_commands.sync)
main.add_command(upstream_commands.enrich)
main.add_command(venues_commands.venues)
main.add_command(zotero_commands.save)
main.add_command(zotero_commands.zotero)
