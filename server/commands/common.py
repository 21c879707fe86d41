"""What every `papershelf` command shares: the --db option and the app it opens."""

from __future__ import annotations

from pathlib import Path

import click

from server.app import create_app
from server.config import ConfigError

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite database file (default: the instance folder, or $PAPERSHELF_DB).",
)


def make_app(db_path: Path | None):
    try:
        return create_app({"DATABASE": str(db_path)} if db_path else None)
    except ConfigError as exc:
        raise click.ClickException(f"configuration: {exc}") from None
