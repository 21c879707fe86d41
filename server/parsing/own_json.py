"""papershelf's own Paper JSON (exports, and what the extension sends) -> papers (pure).

Input is untrusted: every field is type-checked, links must be http(s) URLs, and a bad
record is reported with its JSON path while the others go in. Ids are always derived
(arXiv id, else title), never taken from the input.
"""

from __future__ import annotations

from datetime import date

from server.models import Links, Paper, Source, is_arxiv_id
from server.parsing.hf_api import RecordError, whole_number
from server.parsing.result import ParseError, ParseResult, Problem

STRING_FIELDS = ("abstract", "primary_category")
COUNT_FIELDS = ("author_count", "upvotes", "comments")
LIST_FIELDS = ("authors", "keywords", "categories")
DATE_FIELDS = ("published", "featured")
KNOWN_FIELDS = {
    "id", "arxiv_id", "title", "links", "sources",
    *STRING_FIELDS, *COUNT_FIELDS, *LIST_FIELDS, *DATE_FIELDS,
}  # fmt: skip
MAX_TEXT = 100_000  # characters in one field


def looks_like_own_json(data: object) -> bool:
    if isinstance(data, dict):
        return isinstance(data.get("items"), list)
    return isinstance(data, list) and all(
        isinstance(item, dict) and "title" in item and "paper" not in item for item in data[:5]
    )


def parse_own_json(data: object, location: str = "papershelf json") -> ParseResult:
    if isinstance(data, dict):
        items, prefix = data.get("items"), "$.items"
    else:
        items, prefix = data, "$"
    if not isinstance(items, list):
        raise ParseError("expected a list of papers", prefix)
    result = ParseResult(form="papershelf")
    for index, record in enumerate(items):
        path = f"{prefix}[{index}]"
        try:
            result.papers.append(paper_from_record(record, path, location))
        except RecordError as exc:
            result.problems.append(Problem(exc.path, str(exc)))
    return result


def paper_from_record(record: object, path: str, location: str) -> Paper:
    if not isinstance(record, dict):
        raise RecordError(path, f"expected an object, found {type(record).__name__}")
    unknown = sorted(set(record) - KNOWN_FIELDS)
    if unknown:
        raise RecordError(f"{path}.{unknown[0]}", "unknown field")
    title = _string(record.get("title"), f"{path}.title")
    if not title or not title.strip():
        raise RecordError(f"{path}.title", "missing")
    arxiv_id = _string(record.get("arxiv_id"), f"{path}.arxiv_id")
    if arxiv_id is not None and not is_arxiv_id(arxiv_id):
        raise RecordError(f"{path}.arxiv_id", f"not an arXiv id: {arxiv_id!r}")
    values = {name: _string(record.get(name), f"{path}.{name}") for name in STRING_FIELDS}
    values |= {name: whole_number(record.get(name), f"{path}.{name}") for name in COUNT_FIELDS}
    values |= {name: _strings(record.get(name), f"{path}.{name}") for name in LIST_FIELDS}
    values |= {name: _date(record.get(name), f"{path}.{name}") for name in DATE_FIELDS}
    return Paper(
        title=" ".join(title.split()),
        arxiv_id=arxiv_id,
        links=_links(record.get("links"), f"{path}.links"),
        sources=[Source("papershelf", location, None)],
        **values,
    )


def _string(value: object, path: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(path, f"expected text, found {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise RecordError(path, f"longer than {MAX_TEXT} characters")
    return value


def _strings(value: object, path: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(path, f"expected a list of text, found {type(value).__name__}")
    for index, item in enumerate(value):
        _string(item, f"{path}[{index}]")
        if item is None:
            raise RecordError(f"{path}[{index}]", "expected text, found null")
    return [" ".join(item.split()) for item in value if item.strip()]


def _date(value: object, path: str) -> date | None:
    text = _string(value, path)
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RecordError(path, f"not a YYYY-MM-DD date: {text!r}") from None


def _links(value: object, path: str) -> Links:
    if value is None:
        return Links()
    if not isinstance(value, dict):
        raise RecordError(path, "expected an object")
    single = {}
    for name in ("hf", "arxiv", "pdf"):
        single[name] = _url(value.get(name), f"{path}.{name}")
    lists = {}
    for name in ("code", "project"):
        urls = _strings(value.get(name), f"{path}.{name}")
        lists[name] = [_url(url, f"{path}.{name}[{i}]") for i, url in enumerate(urls)]
    return Links(**single, **lists)


def _url(value: object, path: str) -> str | None:
    text = _string(value, path)
    if text is None:
        return None
    if not text.startswith(("https://", "http://")):
        raise RecordError(path, f"not an http(s) URL: {text[:80]!r}")
    return text
