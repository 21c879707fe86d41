"""One entry point that recognises the form of an input and parses it.

Forms: a papers page copied as text, the page's HTML, Hugging Face API JSON, and
papershelf's own Paper JSON. Parsers are pure: bytes or text in, papers and problems out.
"""

from __future__ import annotations

import json
from datetime import date

from server.parsing.hf_api import looks_like_api_json, parse_api_json
from server.parsing.html_page import looks_like_html, parse_papers_html
from server.parsing.own_json import looks_like_own_json, parse_own_json
from server.parsing.result import ParseError, ParseResult, Problem
from server.parsing.text import parse_listing_text

__all__ = ["ParseError", "ParseResult", "Problem", "decode", "parse_any"]


def parse_any(data: bytes | str, name: str | None = None, as_of: date | None = None) -> ParseResult:
    """Papers from an input in any supported form; ParseError when it is in none."""
    text = decode(data) if isinstance(data, bytes) else data
    if "\x00" in text:
        raise ParseError("binary data, not a papers page (found NUL characters)")
    stripped = text.lstrip()
    if not stripped:
        raise ParseError("empty input: nothing to parse")
    location = name or "input"
    if stripped[0] in "[{":
        return _parse_json(stripped, location)
    if looks_like_html(stripped):
        return parse_papers_html(text, location)
    if stripped[0] == "<":
        raise ParseError("markup that is not an HTML page; not a papers page")
    return parse_listing_text(text, name, as_of)


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM allowed), or UTF-16 with a BOM; else a clear error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
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


def _parse_json(text: str, location: str) -> ParseResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"invalid JSON: {exc.msg}", f"line {exc.lineno} column {exc.colno}"
        ) from None
    if looks_like_own_json(data):
        return parse_own_json(data, location)
    if looks_like_api_json(data) or data == []:
        return parse_api_json(data, location)
    raise ParseError(
        "JSON, but neither Hugging Face papers API data (items with `paper`, or a paper "
        'object with `id` and `summary`) nor papershelf Paper JSON (`{"items": [...]}`)'
    )
