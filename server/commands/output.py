"""Writing a command's output to a file: all of it or none (`export --output`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click


def write_text(path: Path, text: str | Iterable[str]) -> None:
    """Write `text` (or its chunks, as they come) to `path` through a temporary file beside
    it, then rename: a reader never sees half a file, and a failed write leaves what was
    there. One line when it cannot."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.writelines([text] if isinstance(text, str) else text)
        os.chmod(temporary, 0o666 & ~_umask())  # as open() would make it
        os.replace(temporary, path)
    except BaseException as exc:  # a failed write, or a failure while the chunks were made
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
        raise


def _umask() -> int:
    """The process's umask (read by setting it, then putting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
