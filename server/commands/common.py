"""What every `papershelf` command shares: the --db option, the settings, the store.

Commands other than `serve` need no Flask: they read the settings and open the database
themselves, so `papershelf list` starts fast.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from server.config import ConfigError, Settings, instance_path, load_settings
from server.errors import PapershelfError, StorageError

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite database file (default: the instance folder, or $PAPERSHELF_DB).",
)


def cli_settings(db_path: Path | None) -> Settings:
    overrides = {"DATABASE": str(db_path)} if db_path else None
    try:
        return load_settings(instance_path(), overrides=overrides)
    except ConfigError as exc:
        raise click.ClickException(f"configuration: {exc}") from None


@contextmanager
def open_store(settings: Settings) -> Iterator[sqlite3.Connection]:
    """A connection to the configured database, closed after; a database papershelf cannot
    open is one line."""
    from server.store import db

    try:
        conn = db.connect(settings.database, busy_timeout=settings.db_busy_timeout)
    except StorageError as exc:  # its message names the file
        raise click.ClickException(str(exc)) from None
    except (PapershelfError, sqlite3.Error, OSError) as exc:
        raise click.ClickException(f"database {settings.database}: {exc}") from None
    try:
        yield conn
    finally:
        conn.close()
