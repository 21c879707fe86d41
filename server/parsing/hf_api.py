"""Hugging Face papers API JSON -> papers (pure).

Accepts `/api/daily_papers` and `/api/papers/search` arrays (items wrapping a `paper`) and
single `/api/papers/<id>` objects. Field names: formats.md §1; one real object is in
tests/fixtures/api/hf-api-paper-object.json. Upvotes live on `paper`, not on the item; the
item's `publishedAt` is the day it was featured, the paper's is the arXiv date. The API
names every author, so its author lists are complete unless a count says otherwise.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from server.errors import InputError
from server.models import Links, Paper, Source, is_arxiv_id
from server.parsing.fields import (
    MAX_LIST,
    MAX_NAME,
    MAX_TITLE,
    MAX_URL,
    FieldError,
    check_count,
    check_day,
    clean_text,
    one_line,
    seen_day,
)
from server.parsing.json_input import HugeNumber
from server.parsing.links import extract_links
from server.parsing.result import ParseError, ParseResult, Problem


class RecordError(InputError):
    """One record is unusable; `path` says where in the JSON."""

    def __init__(self, path: str, message: str, kind: str = "invalid record"):
        super().__init__(message)
        self.path = path
        self.kind = kind

    def problem(self) -> Problem:
        return Problem(self.path, str(self), self.kind)


def looks_like_api_json(data: object) -> bool:
    if isinstance(data, dict):
        return "paper" in data or ("id" in data and "summary" in data)
    if isinstance(data, list):
        return any(isinstance(item, dict) and "paper" in item for item in data[:5])
    return False


def parse_api_json(
    data: object,
    location: str = "api",
    seen: date | None = None,
    kind: str = "api",
    author_counts: dict[str, int] | None = None,
) -> ParseResult:
    """Papers from API data. `kind` names the form it came in (`html` for a page's embedded
    JSON); `author_counts` (arXiv id -> count shown on the page) can mark lists partial."""
    result = ParseResult(form=kind)
    if isinstance(data, dict):
        records = [("$", data)]
    elif isinstance(data, list):
        records = [(f"$[{index}]", item) for index, item in enumerate(data)]
    else:
        raise ParseError("expected a JSON array of papers or one paper object", "$")
    source = Source(kind, location, seen_day(seen))
    for path, record in records:
        try:
            paper = paper_from_api_record(record, path, source, author_counts or {})
        except RecordError as exc:
            result.problems.append(exc.problem())
            continue
        result.papers.append(paper)
    return result


def paper_from_api_record(
    record: object, path: str, source: Source, author_counts: dict[str, int]
) -> Paper:
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
    if not is_arxiv_id(arxiv_id):
        raise RecordError(f"{paper_path}.id", f"not an arXiv id: {shown(arxiv_id)}")
    title = _text(
        paper.get("title") or item.get("title"), f"{paper_path}.title", MAX_TITLE, required=True
    )
    if paper.get("withdrawnAt"):
        raise RecordError(
            f"{paper_path}.withdrawnAt", f"paper {arxiv_id} was withdrawn; skipped", "withdrawn"
        )
    featured = _day(item.get("publishedAt"), f"{path}.publishedAt") if item else None
    featured = featured or _day(paper.get("submittedOnDailyAt"), f"{paper_path}.submittedOnDailyAt")
    abstract = unwrap(_text(paper.get("summary") or item.get("summary"), f"{paper_path}.summary"))
    code, project = extract_links(abstract)
    return Paper(
        title=one_line(title),
        arxiv_id=arxiv_id,
        abstract=abstract,
        authors=_authors(paper.get("authors"), f"{paper_path}.authors"),
        author_count=author_counts.get(arxiv_id),
        published=_day(paper.get("publishedAt"), f"{paper_path}.publishedAt"),
        featured=featured,
        upvotes=whole_number(paper.get("upvotes"), f"{paper_path}.upvotes"),
        comments=whole_number(item.get("numComments"), f"{path}.numComments") if item else None,
        keywords=_strings(paper.get("ai_keywords"), f"{paper_path}.ai_keywords"),
        links=Links(
            code=_first(_url(paper.get("githubRepo"), f"{paper_path}.githubRepo"), code),
            project=_first(_url(paper.get("projectPage"), f"{paper_path}.projectPage"), project),
        ),
        sources=[source],
        ai_summary=_one_line_text(paper.get("ai_summary"), f"{paper_path}.ai_summary"),
        github_stars=whole_number(paper.get("githubStars"), f"{paper_path}.githubStars"),
        organization=_organization(paper, item, paper_path, path),
        submitter=_user(
            item.get("submittedBy") or paper.get("submittedOnDailyBy"), f"{path}.submittedBy"
        ),
        thumbnail=_url(item.get("thumbnail") or paper.get("thumbnail"), f"{path}.thumbnail"),
    )


def unwrap(text: str | None) -> str | None:
    """arXiv's hard-wrapped abstract as flowing text; blank lines stay paragraph breaks."""
    if text is None:
        return None
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs) or None


def shown(value: object) -> str:
    """A value as a message quotes it: repr, cut short."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def whole_number(value: object, path: str) -> int | None:
    """A count (upvotes, comments, authors, stars): 0 to 2^63 - 1, or None when absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | HugeNumber):
        raise RecordError(path, f"expected a whole number, found {shown(value)}")
    try:
        if isinstance(value, HugeNumber):
            raise FieldError(f"expected a whole number that fits a count, found {value!r}")
        return check_count(value)
    except FieldError as exc:
        raise RecordError(path, str(exc)) from None


def _text(value: object, path: str, limit: int = 100_000, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise RecordError(path, "missing")
        return None
    if not isinstance(value, str):
        raise RecordError(path, f"expected text, found {type(value).__name__}")
    try:
        text = clean_text(value, limit)
    except FieldError as exc:
        raise RecordError(path, str(exc)) from None
    if required and not text.strip():
        raise RecordError(path, "missing")
    return text


def _one_line_text(value: object, path: str, limit: int = 100_000) -> str | None:
    text = _text(value, path, limit)
    return one_line(text) or None if text is not None else None


def _authors(value: object, path: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(path, "expected a list of authors")
    if len(value) > MAX_LIST:
        raise RecordError(path, f"more than {MAX_LIST:,} authors")
    names = []
    for index, author in enumerate(value):
        name = author.get("name") if isinstance(author, dict) else author
        name = _one_line_text(name, f"{path}[{index}].name", MAX_NAME)
        if not name:
            raise RecordError(f"{path}[{index}].name", "missing author name")
        names.append(name)
    return names


def _strings(value: object, path: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(path, "expected a list of strings")
    if len(value) > MAX_LIST:
        raise RecordError(path, f"more than {MAX_LIST:,} entries")
    cleaned = (_one_line_text(v, f"{path}[{i}]", MAX_NAME) for i, v in enumerate(value))
    return [v for v in cleaned if v]


def _organization(paper: dict, item: dict, paper_path: str, path: str) -> str | None:
    """The submitting organization: `{"name": "allenai", "fullname": "Ai2"}` on the paper."""
    value, where = paper.get("organization"), f"{paper_path}.organization"
    if value is None and item:
        value, where = item.get("organization"), f"{path}.organization"
    if isinstance(value, dict):
        value = value.get("fullname") or value.get("name")
    return _one_line_text(value, where, MAX_NAME)


def _user(value: object, path: str) -> str | None:
    """A Hugging Face user: `{"user": "akhaliq", "fullname": "AK", ...}` -> `akhaliq`."""
    if isinstance(value, dict):
        value = value.get("user") or value.get("name") or value.get("fullname")
    return _one_line_text(value, path, MAX_NAME)


def _day(value: object, path: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RecordError(path, f"expected an ISO date, found {type(value).__name__}")
    try:
        if len(value) > 40:
            raise ValueError
        return check_day(datetime.fromisoformat(value.replace("Z", "+00:00")).date())
    except FieldError as exc:
        raise RecordError(path, str(exc)) from None
    except ValueError:
        raise RecordError(path, f"not an ISO date: {shown(value)}") from None


def _url(value: object, path: str) -> str | None:
    """An http(s) link, or None when the field is absent or holds something else."""
    if not isinstance(value, str) or len(value) > MAX_URL:
        return None
    url = _text(value.strip(), path, MAX_URL)
    return url if url and url.startswith(("https://", "http://")) and " " not in url else None


def _first(url: str | None, found: list[str]) -> list[str]:
    return list(dict.fromkeys([url, *found])) if url else found
