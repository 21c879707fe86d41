"""The `papershelf` command: ingest, serve, list, export, token (and more registered below)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from server import store
from server.app import get_db
from server.commands.common import db_option, make_app
from server.commands.upstream import refresh_option, start_refresh
from server.ingest import IngestReport, ingest_data, input_files, problem_summary
from server.parsing import ParseError

PARTIAL_AUTHORS = "[authors incomplete]"


def filter_options(command):
    """The filters shared with /api/papers, feeds and exports."""
    for option in reversed(
        [
            click.option("--query", "-q", help="Full-text search over titles, abstracts, authors."),
            click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD"),
            click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD"),
            click.option("--min-upvotes", type=click.IntRange(min=0)),
            click.option("--has-code/--no-code", default=None, help="Only papers with(out) code."),
            click.option("--sort", type=click.Choice(store.SORTS)),
        ]
    ):
        command = option(command)
    return command


def query_from_options(query, since, until, min_upvotes, has_code, sort, limit=50):
    return store.PaperQuery(
        q=query,
        since=since.date() if since else None,
        until=until.date() if until else None,
        min_upvotes=min_upvotes,
        has_code=has_code,
        sort=sort,
        limit=limit,
    )


@click.group()
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
@db_option
def ingest(paths, as_of, then_enrich, verbose, db_path):
    """Ingest papers pages (text copies, HTML, API JSON): files or folders."""
    app = make_app(db_path)
    files = input_files(list(paths))
    total, failed = IngestReport(), 0
    with app.app_context():
        conn = get_db()
        with click.progressbar(
            files, label="ingesting", file=sys.stderr, hidden=len(files) < 5
        ) as progress:
            for path in progress:
                try:
                    report = ingest_data(conn, path.read_bytes(), path.name, as_of and as_of.date())
                except ParseError as exc:
                    failed += 1
                    click.echo(f"{path}: rejected: {exc}", err=True)
                    continue
                total.extend(report, prefix=f"{path}: ")
    shown = map(str, total.problems) if verbose else problem_summary(total.problems)
    for line in shown:
        click.echo(f"problem: {line}", err=True)
    for note in total.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"{total.added} added, {total.updated} updated, {total.unchanged} unchanged, "
        f"{len(total.problems)} problems" + (f", {failed} files rejected" if failed else "")
    )
    if failed and failed == len(files):
        sys.exit(1)
    if then_enrich and total.ids:
        from server.commands.upstream import enrich_and_report

        enrich_and_report(app, ids=list(dict.fromkeys(total.ids)))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int)
@db_option
@refresh_option
def serve(host, port, db_path, refresh_every):
    """Serve the web page, API and feeds (waitress). Ingests seeds/ into an empty database."""
    import waitress

    app = make_app(db_path)
    if host not in app.config["ALLOWED_HOSTS"] and host not in ("0.0.0.0", "::"):  # noqa: S104
        app.config["ALLOWED_HOSTS"] = [*app.config["ALLOWED_HOSTS"], host]
    with app.app_context():
        seeded = seed_if_empty(get_db(), Path(app.config["SEEDS_DIR"]))
    if seeded:
        click.echo(f"empty database: ingested {seeded} papers from {app.config['SEEDS_DIR']}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: listening on {host}: other machines can reach papershelf; it answers "
            f"only to the host names in PAPERSHELF_ALLOWED_HOSTS ({app.config['ALLOWED_HOSTS']})",
            err=True,
        )
    click.echo(f"papershelf on http://{host}:{port}/  (database {app.config['DATABASE']})")
    if refresh_every:
        start_refresh(app.config, refresh_every)
    waitress.serve(app, host=host, port=port, threads=8, ident="papershelf")


def seed_if_empty(conn, seeds_dir: Path) -> int:
    """On first start, the shipped seed pages become the library. Returns papers added."""
    if store.count_papers(conn) or not seeds_dir.is_dir():
        return 0
    added = 0
    for path in input_files([seeds_dir]):
        try:
            added += ingest_data(conn, path.read_bytes(), path.name).added
        except ParseError as exc:
            click.echo(f"{path}: rejected: {exc}", err=True)
    return added


@main.command(name="list")
@filter_options
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, store.MAX_LIMIT))
@db_option
def list_papers(query, since, until, min_upvotes, has_code, sort, limit, db_path):
    """List stored papers, newest first (or by relevance with --query)."""
    app = make_app(db_path)
    with app.app_context():
        q = query_from_options(query, since, until, min_upvotes, has_code, sort, limit)
        papers, more = store.query_papers(get_db(), q)
    for paper in papers:
        when = str(paper.sort_day or "----------")
        marker = "" if paper.authors_complete else f"  {PARTIAL_AUTHORS}"
        click.echo(f"{when}  {paper.id}  {paper.title}{marker}")
    if any(not paper.authors_complete for paper in papers):
        click.echo(f"{PARTIAL_AUTHORS}: `papershelf enrich` completes author lists from arXiv")
    if more:
        click.echo(f"... more; raise --limit (at most {store.MAX_LIMIT}) or narrow the query")


@main.command()
@click.option("--format", "format_name", default="json", show_default=True, help="Output format.")
@filter_options
@click.option("--ascii", "ascii_only", is_flag=True, help="BibTeX: LaTeX-encode accents.")
@db_option
def export(format_name, query, since, until, min_upvotes, has_code, sort, ascii_only, db_path):
    """Write the stored papers (filtered) to stdout in a format."""
    from server.formats import get_format

    try:
        fmt = get_format(format_name)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None
    app = make_app(db_path)
    with app.app_context():
        q = query_from_options(query, since, until, min_upvotes, has_code, sort)
        papers = list(store.iter_all(get_db(), q))
    from server.routes.export import feed_title

    options = {"ascii": ascii_only, "title": feed_title(q)}
    click.echo(fmt.render(papers, **options), nl=False)


@main.command()
@db_option
def token(db_path):
    """Print this install's token, to paste into the browser extension's options."""
    app = make_app(db_path)
    click.echo(app.config["API_TOKEN"])


# Commands from other areas register here.
from server.commands import upstream as upstream_commands  # noqa: E402

main.add_command(upstream_commands.fetch)
main.add_command(upstream_commands.sync)
main.add_command(upstream_commands.enrich)
from server.commands.zotero import save as zotero_save  # noqa: E402
from server.commands.zotero import zotero as zotero_group  # noqa: E402

main.add_command(zotero_save)
main.add_command(zotero_group)
