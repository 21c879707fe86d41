"""JSON text -> Python data, within papershelf's bounds (pure).

Python's reader recurses once per nesting level and reads integers of any length; both
are bounded here so that no JSON input ends in anything but data or a ParseError:

- nesting deeper than MAX_DEPTH is refused (papers data is 7 levels deep);
- an integer of more than MAX_DIGITS digits is read as a `HugeNumber`, which every count
  check refuses for its own record (the rest of the input still goes in);
- `\\u0000` is refused like a NUL byte in any other input: binary data, not a page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import accumulate

from server.parsing.result import ParseError

MAX_DEPTH = 64
MAX_DIGITS = 30  # far above any count (SQLite's largest integer has 19 digits)

# An escaped NUL: `\u0000` whose backslash is not itself escaped (`\\u0000` is text).
_NUL_ESCAPE_RE = re.compile(r"(?<!\\)(?:\\\\)*+\\u0000")
# Every string of valid JSON (brackets inside strings are text, not nesting).
_STRING_RE = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.S)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = [0] * 256
_DEPTH_STEP[ord("[")] = _DEPTH_STEP[ord("{")] = 1
_DEPTH_STEP[ord("]")] = _DEPTH_STEP[ord("}")] = -1


@dataclass(frozen=True)
class HugeNumber:
    """An integer too long to be any count papershelf keeps."""

    digits: int

    def __repr__(self) -> str:
        return f"<a {self.digits}-digit number>"


def load_json(text: str) -> object:
    """The data in `text`, or ParseError saying what is wrong and where."""
    nul = _NUL_ESCAPE_RE.search(text) if "\\u0000" in text else None
    if nul:
        where = _line_column(text, nul.end() - 6)
        raise ParseError("binary data, not a papers page (found the NUL escape \\u0000)", where)
    try:
        data = json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"invalid JSON: {exc.msg}", f"line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    depth = json_depth(text)
    if depth > MAX_DEPTH:
        raise ParseError(f"JSON nested {depth} levels deep; at most {MAX_DEPTH} are read")
    return data


def json_depth(valid_json: str) -> int:
    """How deeply arrays and objects nest in `valid_json` (text json.loads accepted).

    Strings out, then every byte but brackets (both in C), then the deepest running sum.
    """
    text = _STRING_RE.sub("", valid_json).encode("utf-8", "surrogatepass")
    brackets = text.translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def _bounded_int(digits: str) -> int | HugeNumber:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        return HugeNumber(len(digits.lstrip("-")))
    return int(digits)


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line} column {column}"
