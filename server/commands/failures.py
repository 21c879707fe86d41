"""Every `papershelf` command ends in one line: a failure is said in one line, exit 1.

Commands raise what they raise; the group below turns papershelf's own errors, SQLite's
storage failures and the system's (a file that cannot be read, a port in use) into that one
line. Anything else is a bug: still one line, naming the exception and where it happened,
never a traceback (a traceback may carry a secret, and a user can do nothing with it).
"""

from __future__ import annotations

import sqlite3
import traceback
from pathlib import Path

import click

from server.errors import PapershelfError

SERVER = Path(__file__).resolve().parent.parent
OUR_PACKAGES = (SERVER, SERVER.parent / "exporters")


class OneLineGroup(click.Group):
    """A click group whose commands end in one line on any failure."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            raise click.ClickException(one_line(exc)) from None


def one_line(exc: BaseException) -> str:
    """What went wrong, in one line a user can act on."""
    if isinstance(exc, PapershelfError):
        return _single(str(exc))
    if isinstance(exc, sqlite3.Error):
        from server.store.faults import storage_fault

        fault = storage_fault(exc, None)  # the transactions name the file; this may not
        return _single(str(fault) if fault else f"database error: {exc}")
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return _single(f"{exc.filename}: {reason}" if exc.filename else reason)
    return (
        f"internal error: {type(exc).__name__} at {_where(exc)}; this is a papershelf bug, "
        "please report it with the command you ran"
    )


def _single(text: str) -> str:
    return " ".join(text.split())


def _where(exc: BaseException) -> str:
    """The innermost frame in papershelf's own code (file:line), else the innermost."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if _ours(Path(f.filename).resolve())]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "an unknown place"
    path = Path(frame.filename).resolve()
    shown = path.relative_to(SERVER.parent) if _ours(path) else path.name
    return f"{shown}:{frame.lineno}"


def _ours(path: Path) -> bool:
    return any(path.is_relative_to(package) for package in OUR_PACKAGES)
