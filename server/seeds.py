"""The shipped seed pages, and ingesting them into an empty library on first start.

A wheel install carries them as package data (`server/seeds/`, mapped from the project's
top-level `seeds/` in pyproject.toml); a source checkout reads `seeds/` itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from server import store
from server.config import Settings
from server.ingest import ingest_data, input_files
from server.parsing import ParseError

SOURCE_CHECKOUT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seeds_dir(settings: Settings) -> Path:
    """Where the seed pages are: SEEDS_DIR when set, else the ones shipped with papershelf."""
    if settings.seeds_dir:
        return Path(settings.seeds_dir)
    packaged = resources.files("server") / "seeds"
    return Path(str(packaged)) if packaged.is_dir() else SOURCE_CHECKOUT_SEEDS


def seed_if_empty(
    conn: sqlite3.Connection, folder: Path, warn: Callable[[str], None] = print
) -> int:
    """On first start, the seed pages become the library. Returns the papers added."""
    if store.count_papers(conn) or not folder.is_dir():
        return 0
    added = 0
    for path in input_files([folder]):
        try:
            added += ingest_data(conn, path.read_bytes(), path.name).added
        except ParseError as exc:
            warn(f"{path}: rejected: {exc}")
    return added
