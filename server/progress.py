"""How long work says how far it got: stages and counts that the CLI shows as a progress bar.

Work that can take a while (ingesting a big page, a fetch, an enrich, a venues check, a save
to Zotero) takes a `progress` and calls `stage(label, total)` as each part starts and
`advance(count)` as it gets done. `SILENT`, the default, ignores both: the server, the
tests and a CLI writing to a pipe use it. The CLI's bars are in server/commands/progress.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")


class Progress(Protocol):
    def stage(self, label: str, total: int | None = None, unit: str = "papers") -> None:
        """A new part of the work begins: `total` units of it (None: not known ahead)."""

    def advance(self, count: int = 1) -> None:
        """`count` more units of the current stage are done."""


class Silent:
    def stage(self, label: str, total: int | None = None, unit: str = "papers") -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass


SILENT: Progress = Silent()


class Prefixed:
    """`progress` with `prefix` before each stage's label (`3/12 2025-W52: fetching`)."""

    def __init__(self, progress: Progress, prefix: str) -> None:
        self.progress, self.prefix = progress, prefix

    def stage(self, label: str, total: int | None = None, unit: str = "papers") -> None:
        self.progress.stage(self.prefix + label, total, unit)

    def advance(self, count: int = 1) -> None:
        self.progress.advance(count)


class Counted:
    """`progress`, also counting every unit advanced (for a command's final line)."""

    def __init__(self, progress: Progress) -> None:
        self.progress, self.count = progress, 0

    def stage(self, label: str, total: int | None = None, unit: str = "papers") -> None:
        self.progress.stage(label, total, unit)

    def advance(self, count: int = 1) -> None:
        self.count += count
        self.progress.advance(count)


def tracked(items: Iterable[T], progress: Progress) -> Iterator[T]:
    """The items, advancing `progress` by one after each is used."""
    for item in items:
        yield item
        progress.advance()
