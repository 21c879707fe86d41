"""Hugging Face papers API JSON -> papers (pure).

Accepts `/api/daily_papers` and `/api/papers/search` arrays (items wrapping a `paper`) and
single `/api/papers/<id>` objects. Field names: formats.md §1; one real object is in
shared/reference/hf-api-paper-object.json. Upvotes live on `paper`, not on the item; the
item's `publishedAt` is the day it was featured, the paper's is the arXiv date.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from server.errors import InputError
from server.models import Links, Paper, Source, is_arxiv_id
from server.parsing.result import ParseError, ParseResult, Problem


class RecordError(InputError):
    """One record is unusable; `path` says where in the JSON."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path


def looks_like_api_json(data: object) -> bool:
    if isinstance(data, dict):
        return "paper" in data or ("id" in data and "summary" in data)
    if isinstance(data, list):
        return any(isinstance(item, dict) and "paper" in item for item in data[:5])
    return False


def parse_api_json(data: object, location: str = "api", seen: date | None = None) -> ParseResult:
    result = ParseResult(form="api")
    if isinstance(data, dict):
        records = [("$", data)]
    elif isinstance(data, list):
        records = [(f"$[{index}]", item) for index, item in enumerate(data)]
    else:
        raise ParseError("expected a JSON array of papers or one paper object", "$")
    for path, record in records:
        try:
            paper = paper_from_api_record(record, path, location, seen)
        except RecordError as exc:
            result.problems.append(Problem(exc.path, str(exc)))
            continue
        if paper is not None:
            result.papers.append(paper)
    return result


def paper_from_api_record(
    record: object, path: str, location: str, seen: date | None = None
) -> Paper | None:
    """A Paper from one item (`{paper, publishedAt, numComments, ...}`) or one paper object."""
    if not isinstance(record, dict):
        raise RecordError(path, f"expected an object, found {type(record).__name__}")
    if "paper" in record:
        item, paper, paper_path = record, record["paper"], f"{path}.paper"
        if not isinstance(paper, dict):
            raise RecordError(paper_path, "expected an object")
    else:
        item, paper, paper_path = {}, record, path
    arxiv_id = paper.get("id")
    if not isinstance(arxiv_id, str) or not is_arxiv_id(arxiv_id):
        raise RecordError(f"{paper_path}.id", f"not an arXiv id: {arxiv_id!r}")
    title = _text(paper.get("title") or item.get("title"), f"{paper_path}.title", required=True)
    if paper.get("withdrawnAt"):
        raise RecordError(f"{paper_path}.withdrawnAt", f"paper {arxiv_id} was withdrawn; skipped")
    featured = _day(item.get("publishedAt"), f"{path}.publishedAt") if item else None
    featured = featured or _day(paper.get("submittedOnDailyAt"), f"{paper_path}.submittedOnDailyAt")
    return Paper(
        title=_one_line(title),
        arxiv_id=arxiv_id,
        abstract=unwrap(
            _text(paper.get("summary") or item.get("summary"), f"{paper_path}.summary")
        ),
        authors=_authors(paper.get("authors"), f"{paper_path}.authors"),
        published=_day(paper.get("publishedAt"), f"{paper_path}.publishedAt"),
        featured=featured,
        upvotes=whole_number(paper.get("upvotes"), f"{paper_path}.upvotes"),
        comments=whole_number(item.get("numComments"), f"{path}.numComments") if item else None,
        keywords=_strings(paper.get("ai_keywords"), f"{paper_path}.ai_keywords"),
        links=Links(
            code=[url] if (url := _url(paper.get("githubRepo"))) else [],
            project=[url] if (url := _url(paper.get("projectPage"))) else [],
        ),
        sources=[Source("api", location, seen)],
    )


def unwrap(text: str | None) -> str | None:
    """arXiv's hard-wrapped abstract as flowing text; blank lines stay paragraph breaks."""
    if text is None:
        return None
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _text(value: object, path: str, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise RecordError(path, "missing")
        return None
    if not isinstance(value, str):
        raise RecordError(path, f"expected text, found {type(value).__name__}")
    return value


def _authors(value: object, path: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(path, "expected a list of authors")
    names = []
    for index, author in enumerate(value):
        name = author.get("name") if isinstance(author, dict) else author
        if not isinstance(name, str) or not name.strip():
            raise RecordError(f"{path}[{index}].name", "missing author name")
        names.append(" ".join(name.split()))
    return names


def _strings(value: object, path: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(path, "expected a list of strings")
    return [v.strip() for v in value if v.strip()]


def whole_number(value: object, path: str) -> int | None:
    """A count (upvotes, comments, authors): a non-negative int, or None when absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RecordError(path, f"expected a whole number, found {value!r}")
    return value


def _day(value: object, path: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RecordError(path, f"expected an ISO date, found {type(value).__name__}")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise RecordError(path, f"not an ISO date: {value!r}") from None


def _url(value: object) -> str | None:
    if isinstance(value, str) and value.startswith(("https://", "http://")):
        return value.strip()
    return None
