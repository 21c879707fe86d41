"""Parse an input and store its papers: the one path every ingest takes (CLI, API, seeds)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from server import store
from server.parsing import ParseError, Problem, parse_any
from server.store.batches import ingest_in_batches

INPUT_SUFFIXES = {".txt", ".html", ".htm", ".json"}


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def extend(self, other: IngestReport, prefix: str = "") -> None:
        """Add another input's report; its problems and notes get `prefix` (the file name)."""
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.ids.extend(other.ids)
        self.problems.extend(Problem(prefix + p.where, p.message) for p in other.problems)
        self.notes.extend(prefix + note for note in other.notes)

    def to_json(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": [p.to_json() for p in self.problems],
            "notes": list(self.notes),
            "ids": list(self.ids),
        }


class ParserCrash(ParseError):
    """A parser failed on this input with something other than a ParseError (a bug): the
    input is rejected like any unusable one, and the failure kept as the cause."""


def ingest_data(
    conn: sqlite3.Connection,
    data: bytes | str,
    name: str | None = None,
    as_of: date | None = None,
    batched: bool = False,
) -> IngestReport:
    """Parse and store one input atomically (`batched`: in transactions of about a second,
    see store/batches.py). Raises ParseError when it is unusable."""
    try:
        parsed = parse_any(data, name=name, as_of=as_of)
    except ParseError:
        raise
    except Exception as exc:
        raise ParserCrash(
            f"papershelf could not read it ({type(exc).__name__} in its parser); nothing was "
            "stored",
            "whole input",
        ) from exc
    stored = (ingest_in_batches if batched else store.ingest)(conn, parsed.papers)
    return IngestReport(
        stored.added, stored.updated, stored.unchanged, parsed.problems, parsed.notes, stored.ids
    )


def input_files(paths: list[Path]) -> list[Path]:
    """The files named, and the page files inside the folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in INPUT_SUFFIXES)
            )
        else:
            files.append(path)
    return files
