"""Writing a command's output to a file: all of it or none (`export --output`)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click


def write_text(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file beside it, then rename: a reader never
    sees half a file, and a failed write leaves what was there. One line when it cannot."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # as open() would make it
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None


def _umask() -> int:
    """The process's umask (read by setting it, then putting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
