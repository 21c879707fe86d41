"""papershelf's own Paper JSON (exports, and what the extension sends) -> papers (pure).

Input is untrusted: every field is type-checked and bounded (fields.py), links must be
http(s) URLs, and a bad record is reported with its JSON path while the others go in. Ids
are always derived (arXiv id, else title), never taken from the input. The sources a record
lists are kept (they date the paper in feeds), with this input added as one more.
"""

from __future__ import annotations

from datetime import date

from server.models import Links, Paper, Source, is_arxiv_id
from server.parsing.fields import (
    MAX_LIST,
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    MAX_URL,
    FieldError,
    check_day,
    clean_text,
    one_line,
    seen_day,
)
from server.parsing.hf_api import RecordError, shown, whole_number
from server.parsing.result import ParseError, ParseResult

STRING_FIELDS = {
    "abstract": MAX_TEXT,
    "primary_category": MAX_NAME,
    "ai_summary": MAX_TEXT,
    "organization": MAX_NAME,
    "submitter": MAX_NAME,
}
COUNT_FIELDS = ("author_count", "upvotes", "comments", "github_stars")
LIST_FIELDS = ("authors", "keywords", "categories")
DATE_FIELDS = ("published", "featured")
KNOWN_FIELDS = {
    "id", "arxiv_id", "title", "links", "sources", "authors_complete", "thumbnail",
    *STRING_FIELDS, *COUNT_FIELDS, *LIST_FIELDS, *DATE_FIELDS,
}  # fmt: skip
SOURCE_KINDS = ("text", "html", "api", "papershelf")


def looks_like_own_json(data: object) -> bool:
    if isinstance(data, dict):
        return isinstance(data.get("items"), list)
    return isinstance(data, list) and all(
        isinstance(item, dict) and "title" in item and "paper" not in item for item in data[:5]
    )


def parse_own_json(
    data: object, location: str = "papershelf json", seen: date | None = None
) -> ParseResult:
    if isinstance(data, dict):
        items, prefix = data.get("items"), "$.items"
    else:
        items, prefix = data, "$"
    if not isinstance(items, list):
        raise ParseError("expected a list of papers", prefix)
    result = ParseResult(form="papershelf")
    seen = seen_day(seen)
    for index, record in enumerate(items):
        path = f"{prefix}[{index}]"
        try:
            result.papers.append(paper_from_record(record, path, location, seen))
        except RecordError as exc:
            result.problems.append(exc.problem())
    return result


def paper_from_record(record: object, path: str, location: str, seen: date | None = None) -> Paper:
    if not isinstance(record, dict):
        raise RecordError(path, f"expected an object, found {type(record).__name__}")
    unknown = sorted(set(record) - KNOWN_FIELDS, key=str)
    if unknown:
        raise RecordError(f"{path}.{str(unknown[0])[:80]}", "unknown field")
    title = _string(record.get("title"), f"{path}.title", MAX_TITLE)
    if not title or not title.strip():
        raise RecordError(f"{path}.title", "missing")
    arxiv_id = record.get("arxiv_id")
    if arxiv_id is not None and not is_arxiv_id(arxiv_id):
        raise RecordError(f"{path}.arxiv_id", f"not an arXiv id: {shown(arxiv_id)}")
    complete = record.get("authors_complete")
    if complete is not None and not isinstance(complete, bool):
        raise RecordError(
            f"{path}.authors_complete", f"expected true or false, found {shown(complete)}"
        )
    values = {
        name: _string(record.get(name), f"{path}.{name}", limit)
        for name, limit in STRING_FIELDS.items()
    }
    values |= {name: whole_number(record.get(name), f"{path}.{name}") for name in COUNT_FIELDS}
    values |= {name: _strings(record.get(name), f"{path}.{name}") for name in LIST_FIELDS}
    values |= {name: _date(record.get(name), f"{path}.{name}") for name in DATE_FIELDS}
    sources = _sources(record.get("sources"), f"{path}.sources")
    return Paper(
        title=one_line(title),
        arxiv_id=arxiv_id,
        authors_complete=complete,
        links=_links(record.get("links"), f"{path}.links"),
        sources=[*sources, Source("papershelf", location, seen)],
        thumbnail=_url(record.get("thumbnail"), f"{path}.thumbnail"),
        **values,
    )


def _string(value: object, path: str, limit: int = MAX_TEXT) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(path, f"expected text, found {type(value).__name__}")
    try:
        return clean_text(value, limit)
    except FieldError as exc:
        raise RecordError(path, str(exc)) from None


def _strings(value: object, path: str, limit: int = MAX_NAME) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(path, f"expected a list of text, found {type(value).__name__}")
    if len(value) > MAX_LIST:
        raise RecordError(path, f"more than {MAX_LIST:,} entries")
    items = []
    for index, item in enumerate(value):
        if item is None:
            raise RecordError(f"{path}[{index}]", "expected text, found null")
        text = one_line(_string(item, f"{path}[{index}]", limit))
        if text:
            items.append(text)
    return items


def _date(value: object, path: str) -> date | None:
    text = _string(value, path, 40)
    if text is None:
        return None
    try:
        return check_day(date.fromisoformat(text[:10]))
    except FieldError as exc:
        raise RecordError(path, str(exc)) from None
    except ValueError:
        raise RecordError(path, f"not a YYYY-MM-DD date: {shown(text)}") from None


def _sources(value: object, path: str) -> list[Source]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise RecordError(path, f"expected a list of at most {MAX_LIST:,} sources")
    sources = []
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        if not isinstance(item, dict):
            raise RecordError(where, f"expected an object, found {type(item).__name__}")
        kind = item.get("kind")
        if kind not in SOURCE_KINDS:
            raise RecordError(f"{where}.kind", f"expected one of {', '.join(SOURCE_KINDS)}")
        location = _string(item.get("location"), f"{where}.location", MAX_URL)
        if not location:
            raise RecordError(f"{where}.location", "missing")
        sources.append(Source(kind, one_line(location), _date(item.get("seen"), f"{where}.seen")))
    return sources


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
        urls = _strings(value.get(name), f"{path}.{name}", MAX_URL)
        lists[name] = [_url(url, f"{path}.{name}[{i}]") for i, url in enumerate(urls)]
    return Links(**single, **lists)


def _url(value: object, path: str) -> str | None:
    text = _string(value, path, MAX_URL)
    if text is None:
        return None
    if not text.startswith(("https://", "http://")):
        raise RecordError(path, f"not an http(s) URL: {shown(text)}")
    return text
