"""`papershelf save ID...` and `papershelf zotero check`."""

from __future__ import annotations

import sys

import click

from server.commands.common import cli_settings, db_option, open_store


@click.command("save")
@click.argument("ids", nargs=-1, required=True)
@click.option("--target", type=click.Choice(["web", "desktop"]), help="Default: ZOTERO_TARGET.")
@db_option
def save(ids, target, db_path):
    """Save stored papers to Zotero (once: papers already there are reported, not copied)."""
    from server.store import get_papers
    from server.zotero.library import save_papers

    settings = cli_settings(db_path)
    with open_store(settings) as conn:
        found = get_papers(conn, list(ids))
        papers = [found[i] for i in dict.fromkeys(ids) if i in found]
        results = {
            p.id: r
            for p, r in zip(papers, save_papers(conn, papers, settings, target), strict=True)
        }
    failed = 0
    for paper_id in ids:
        if paper_id not in found:
            failed += 1
            click.echo(f"failed  {paper_id}  no paper with this id (see `papershelf list`)")
            continue
        result = results[found[paper_id].id]
        failed += result.status == "failed"
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
    from server.zotero.desktop import DesktopApp
    from server.zotero.errors import ZoteroError
    from server.zotero.library import target_info
    from server.zotero.web import WebLibrary

    settings = cli_settings(db_path)
    info = target_info(settings, target)
    try:
        if info["target"] == "web":
            library = WebLibrary(settings)
            try:
                library.check()
            finally:
                library.close()
            detail = "the API key may write to it"
        else:
            desktop = DesktopApp(settings)
            desktop.ping()
            selected = desktop.selected_target()
            if selected.get("libraryEditable") is False:
                raise ZoteroError(
                    f"the library selected in Zotero ({selected.get('libraryName')}) is "
                    "read-only: select another in Zotero"
                )
            detail = f"selected: {selected.get('name') or selected.get('libraryName') or '?'}"
    except ZoteroError as exc:
        click.echo(f"Zotero {info['target']} ({info['library']}): NOT ready: {exc}")
        sys.exit(1)
    click.echo(f"Zotero {info['target']} ({info['library']}): ready; {detail}")
