"""One BibTeX field's text from stored text: on one line, its LaTeX debris decoded, escaped.

Most stored text is plain (one line of printable ASCII without debris): it is told and
escaped in one C pass over its bytes (`plain_escaped`). Other text takes the general path
(`exporters.latex`), with shortcuts for text whose debris decodes to plain text and, in
UTF-8, for printable text on one line (accents, no control character). The tests in
tests/test_exporters_fast_paths.py hold every shortcut to the general path.
"""

from __future__ import annotations

import re

from exporters.controls import SHORT, is_plain_line
from exporters.latex import SPECIALS, decode_debris, encode, escape_specials


def field_text(value: str, ascii: bool = False) -> str:
    """`value` on one line, its debris decoded, escaped (`exporters.latex.encode`)."""
    escaped = plain_escaped(value)
    if escaped is not None:
        return escaped
    decoded = _unescaped(value)
    if decoded is None:
        decoded = decode_debris(value)
    if decoded.isascii():
        escaped = plain_escaped(decoded)  # debris that decodes to plain text (`5.7\\%`)
        if escaped is not None:
            return escaped
    elif not ascii and decoded.isprintable() and not _spaced_apart(decoded):
        # No control character and no whitespace but single spaces: on one line already,
        # and `encode` (UTF-8) has only specials to escape.
        return escape_specials(decoded)
    return encode(_line_of(decoded), ascii)


def _unescaped(text: str) -> str | None:
    """`decode_debris(text)` of ASCII text whose only debris is escaped characters (`5.7\\%`,
    the most common kind), else None. Each backslash is then followed by one of `%&#_$`, so
    decoding drops every backslash (and ASCII needs no composing)."""
    if not text.isascii():
        return None
    after = _AFTER_BACKSLASH.findall(text)
    if len(after) != text.count("\\") or not _ESCAPED.issuperset(after):
        return None  # another command, or a backslash that ends the text
    return text.replace("\\", "")


_AFTER_BACKSLASH = re.compile(r"\\(?=(.))", re.DOTALL)  # the character after each backslash
_ESCAPED = frozenset("%&#_$")  # what `decode_debris` unescapes: `\%` is `%`


def _clean(text: str) -> str:
    """The text on one line, its LaTeX debris decoded."""
    return text if _plain(text) else _decoded_line(text)


def _decoded_line(text: str) -> str:
    return _line_of(decode_debris(text))


def _line_of(text: str) -> str:
    """`_one_line(text)`."""
    if len(text) > SHORT and is_plain_line(text):  # a long text already on one line
        return text
    return _one_line(text)


def _spaced_apart(text: str) -> bool:
    """Whether `text` starts or ends with a space or holds two in a row."""
    return text[:1] == " " or text[-1:] == " " or _has_double_space(text)


def plain_escaped(text: str) -> str | None:
    """`escape_specials(text)` if `text` is `_plain` (most text), else None. One C pass over
    the text's bytes deletes every printable character but the specials: what is left says
    whether the text is plain and whether it has anything to escape."""
    if not text.isascii():
        return None
    rest = text.encode().translate(None, _NOT_SPECIAL)
    if rest and rest.translate(None, _SPECIAL_NOT_BACKSLASH):
        return None  # a control character or a backslash
    if text[:1] == " " or text[-1:] == " ":
        return None
    # `_has_double_space`, written out: this runs for nearly every field of every entry.
    if ("  " in text) if len(text) < SHORT else (_DOUBLE_SPACE.search(text) is not None):
        return None
    if not rest:
        return text
    if b"{" in rest or b"}" in rest:
        return escape_specials(text)
    for byte, special, command in _SIMPLE:  # only those the text holds (`rest` is short)
        if byte in rest:
            text = text.replace(special, command)
    return text


def _has_double_space(text: str) -> bool:
    # A regex finds it faster in a long text; `in` costs less on a short one.
    return "  " in text if len(text) < SHORT else _DOUBLE_SPACE.search(text) is not None


_DOUBLE_SPACE = re.compile("  ")


# Printable ASCII but SPECIALS, and SPECIALS but the backslash (plain text may hold braces).
_NOT_SPECIAL = bytes(c for c in range(0x20, 0x7F) if chr(c) not in SPECIALS)
_SPECIAL_NOT_BACKSLASH = "".join(SPECIALS).replace("\\", "").encode()
# Specials whose commands hold no other special but backslash and braces (as
# `escape_specials` replaces them): (the byte, the character, its command).
_SIMPLE = [(ord(ch), ch, command) for ch, command in SPECIALS.items() if ch not in "\\{}"]


def _plain(text: str) -> bool:
    """Text that `_clean` and `encode` would change only by escaping specials (most text):
    one line of ASCII without debris (every piece starts with a backslash)."""
    return "\\" not in text and is_plain_line(text)


def _one_line(text: str) -> str:
    return " ".join(text.split())
