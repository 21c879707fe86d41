"""`papershelf save ID...` and `papershelf zotero check`."""

from __future__ import annotations

import sys

import click

from server.commands.common import cli_settings, db_option, open_store


@click.command("save")
@click.argument("ids", nargs=-1, required=True)
@click.option("--target", type=click.Choice(["web", "desktop"]), help="Default: ZOTERO_TARGET.")
@click.option(
    "--force",
    is_flag=True,
    help="Desktop: save a paper whose earlier save was left uncertain (check Zotero first).",
)
@db_option
def save(ids, target, force, db_path):
    """Save stored papers to Zotero (once: papers already there are reported, not copied)."""
    from server.store import get_papers
    from server.zotero.errors import NotConfigured
    from server.zotero.library import save_papers

    settings = cli_settings(db_path)
    with open_store(settings) as conn:
        found = get_papers(conn, list(ids))
        papers = [found[i] for i in dict.fromkeys(ids) if i in found]
        try:
            saved = save_papers(conn, papers, settings, target, force=force)
        except NotConfigured as exc:
            raise click.ClickException(f"Zotero: {exc}") from None
        results = {p.id: r for p, r in zip(papers, saved, strict=True)}
    failed = 0
    for paper_id in ids:
        if paper_id not in found:
            failed += 1
            click.echo(f"failed  {paper_id}  no paper with this id (see `papershelf list`)")
            continue
        result = results[found[paper_id].id]
        failed += result.status in ("failed", "uncertain")
        key = f"  {result.zotero_key}" if result.zotero_key else ""
        click.echo(f"{result.status:<7} {paper_id}{key}  {result.message}")
    sys.exit(1 if failed else 0)


@click.group("zotero")
def zotero():
    """The Zotero target: web library (pyzotero) or desktop app (connector)."""


@zotero.command("check")
@click.option("--target", type=click.Choice(["web", "desktop"]), help="Default: ZOTERO_TARGET.")
@db_option
def check(target, db_path):
    """Say whether the configured Zotero target is reachable and writable, and what to fix."""
    from server.zotero.check import check_desktop, check_web
    from server.zotero.errors import ZoteroError
    from server.zotero.library import target_info

    settings = cli_settings(db_path)
    info = target_info(settings, target)
    try:
        detail = check_web(settings) if info["target"] == "web" else check_desktop(settings)
    except ZoteroError as exc:
        click.echo(f"Zotero {info['target']} ({info['library']}): NOT ready: {exc}")
        sys.exit(1)
    click.echo(f"Zotero {info['target']} ({info['library']}): ready; {detail}")
