"""Progress bars for long commands (ingest, export, fetch, enrich, venues, save).

Shown on stderr, and only when it is a terminal: a pipe, a file or cron gets none of it, and
`--quiet` turns them off. One bar per stage (tqdm), cleared when the stage or the command
ends, so the lines a command prints, its final figures among them, read the same with or
without bars.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import click

quiet_option = click.option(
    "--quiet",
    is_flag=True,
    help="No progress bar (there is none anyway unless stderr is a terminal).",
)


class Bars:
    """The command's progress (server.progress.Progress) as tqdm bars on `stream`, or
    nothing at all when `stream` is None."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.bar = None

    def stage(self, label: str, total: int | None = None, unit: str = "papers") -> None:
        if self.stream is None:
            return
        from tqdm import tqdm

        self.close()
        self.bar = tqdm(
            total=total,
            desc=label,
            unit=f" {unit}",
            file=self.stream,
            leave=False,
            dynamic_ncols=True,
        )

    def advance(self, count: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def echo(self, message: str, err: bool = False) -> None:
        """A line of the command's own output, printed above the bar (not through it)."""
        if self.bar is None:
            click.echo(message, err=err)
            return
        from tqdm import tqdm

        with tqdm.external_write_mode(file=self.stream):
            click.echo(message, err=err)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


@contextmanager
def progress_bars(quiet: bool = False, stream: TextIO | None = None) -> Iterator[Bars]:
    """Bars on stderr when it is a terminal and not `quiet`; closed when the block ends."""
    stream = stream or sys.stderr
    bars = Bars(None if quiet or not is_terminal(stream) else stream)
    try:
        yield bars
    finally:
        bars.close()
