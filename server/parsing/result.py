"""What every parser returns: papers, plus problems that each say where and what."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.errors import InputError
from server.models import Paper


@dataclass(frozen=True)
class Problem:
    where: str  # "line 12", "card 3", "$[4].paper.title"
    message: str
    kind: str = "invalid record"  # what sort of problem, for grouping a long report

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def to_json(self) -> dict:
        return {"where": self.where, "message": self.message, "kind": self.kind}


@dataclass
class ParseResult:
    form: str  # "text", "html", "api" or "papershelf"
    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # facts worth telling, e.g. an inferred year


class ParseError(InputError):
    """The whole input is unusable; the message says why and where."""

    def __init__(self, message: str, where: str | None = None):
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.reason = message  # without the place, for quoting inside another message
