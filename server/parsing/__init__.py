"""One entry point that recognises the form of an input and parses it.

Forms: a papers page copied as text, the page's HTML, Hugging Face API JSON, and
papershelf's own Paper JSON. Parsers are pure: bytes or text in, papers and problems out.
Every input ends in a ParseResult or a ParseError; nothing else is raised (see fields.py for
the bounds, json_input.py for JSON's).
"""

from __future__ import annotations

from datetime import date

from server.merge import merge_papers
from server.parsing.collector import collection_paused
from server.parsing.dates import date_in_name
from server.parsing.fields import FieldError, check_day, refuse_surrogates
from server.parsing.hf_api import looks_like_api_json, parse_api_json
from server.parsing.html_page import looks_like_html, parse_papers_html
from server.parsing.json_input import load_json
from server.parsing.own_json import looks_like_own_json, parse_own_json
from server.parsing.plain import is_plain, is_plain_utf8
from server.parsing.result import ParseError, ParseResult, Problem
from server.parsing.text import parse_listing_text

__all__ = ["ParseError", "ParseResult", "Problem", "decode", "parse_any"]


def parse_any(data: bytes | str, name: str | None = None, as_of: date | None = None) -> ParseResult:
    """Papers from an input in any supported form; ParseError when it is in none.

    `as_of` (else a date in `name`) is the day the page was seen: it dates the sources, and
    gives a text copy its year.
    """
    with collection_paused():  # the records are acyclic: see collector.py
        return _parse_any(data, name, as_of)


def _parse_any(data: bytes | str, name: str | None, as_of: date | None) -> ParseResult:
    text = decode(data) if isinstance(data, bytes) else data
    # What the checks below and the text parser's clean-up look for (see plain.py): one
    # check of a whole page finds none in most pages, and every check is then skipped.
    # Bytes that decoded as UTF-8 are checked as they are, without encoding the text again.
    plain = is_plain_utf8(data) if _is_utf8(data) else is_plain(text)
    if not plain:
        refuse_surrogates(text)
        if "\x00" in text:
            raise ParseError("binary data, not a papers page (found NUL characters)")
    stripped = text.lstrip()
    if not stripped:
        raise ParseError("empty input: nothing to parse")
    if as_of is not None:
        try:
            check_day(as_of)
        except FieldError as exc:
            raise ParseError(f"the day the page was seen (--as-of): {exc}") from None
    location = name or "input"
    seen = as_of or date_in_name(name)
    if stripped[0] in "[{":
        result = _parse_json(stripped, location, seen)
    elif looks_like_html(stripped):
        result = parse_papers_html(text, location, seen)
    elif stripped[0] == "<":
        raise ParseError("markup that is not an HTML page; not a papers page")
    else:
        result = parse_listing_text(text, name, as_of, plain=plain)
    return _one_record_per_paper(result)


def _is_utf8(data: bytes | str) -> bool:
    """Whether `data` is bytes that `decode` has read as UTF-8."""
    return isinstance(data, bytes) and not data.startswith(_UTF16_BOMS)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM allowed), or UTF-16 with a BOM; else a clear error."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseError(f"invalid UTF-16 at byte {exc.start}") from None
    if b"\x00" in data[:65536]:
        raise ParseError("binary data, not a papers page (found NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be "
            "decoded (save the page as UTF-8)",
            f"line {line}",
        ) from None


def _parse_json(text: str, location: str, seen: date | None) -> ParseResult:
    data = load_json(text)
    if looks_like_own_json(data):
        return parse_own_json(data, location, seen)
    if looks_like_api_json(data) or data == []:
        return parse_api_json(data, location, seen)
    raise ParseError(
        "JSON, but neither Hugging Face papers API data (items with `paper`, or a paper "
        'object with `id` and `summary`) nor papershelf Paper JSON (`{"items": [...]}`)'
    )


def _one_record_per_paper(result: ParseResult) -> ParseResult:
    """A paper listed twice in one input (a page pasted twice) becomes one record."""
    by_id: dict = {}
    for paper in result.papers:
        by_id[paper.id] = merge_papers(by_id[paper.id], paper) if paper.id in by_id else paper
    repeated = len(result.papers) - len(by_id)
    if repeated:
        result.papers = list(by_id.values())
        result.notes.append(
            f"{repeated} paper{'s' if repeated > 1 else ''} appeared more than once in this "
            "input; each is kept once"
        )
    return result
