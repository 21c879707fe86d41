"""`papershelf save ID...` and `papershelf zotero check`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import ScriptInfo

from server import store
from server.app import get_db
from server.commands.common import db_option, make_app
from server.zotero.desktop import DesktopApp, DesktopSettings
from server.zotero.errors import ZoteroError
from server.zotero.library import save_papers, target_info
from server.zotero.web import WebLibrary, WebSettings


def _app(db_path: Path | None):
    # Under Flask's CLI runner (tests, `flask` command) the app is already made.
    info = click.get_current_context().find_object(ScriptInfo)
    if info is not None and db_path is None:
        return info.load_app()
    return make_app(db_path)


@click.command("save")
@click.argument("ids", nargs=-1, required=True)
@click.option("--target", type=click.Choice(["web", "desktop"]), help="Default: ZOTERO_TARGET.")
@db_option
def save(ids, target, db_path):
    """Save stored papers to Zotero (once: papers already there are reported, not copied)."""
    app = _app(db_path)
    with app.app_context():
        conn = get_db()
        found = store.get_papers(conn, list(ids))
        papers = [found[i] for i in dict.fromkeys(ids) if i in found]
        results = {
            p.id: r
            for p, r in zip(papers, save_papers(conn, papers, app.config, target), strict=True)
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
    app = _app(db_path)
    config = {**app.config, "ZOTERO_TARGET": target or app.config["ZOTERO_TARGET"]}
    info = target_info(config)
    try:
        if info["target"] == "web":
            library = WebLibrary(WebSettings.from_config(config))
            try:
                library.check()
            finally:
                library.close()
            detail = "the API key may write to it"
        else:
            desktop = DesktopApp(DesktopSettings.from_config(config))
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
