"""Whether a whole input is plain: free of every character the parsers clean up or refuse.

Those are NUL and the other controls (but tab and `\\n`), line breaks besides `\\n`, the
noncharacters U+FFFE and U+FFFF, and lone surrogates: `UNUSUAL_RE`. Most pages hold none, and
then every clean-up is skipped (see `parse_any`).

`is_plain` gives what a search with `UNUSUAL_RE` gives, at half the cost on a large page: a
regular expression tests each character of the text against the class, where the UTF-8
encoding (which refuses a lone surrogate) and a `bytes.translate` that deletes every byte no
unusual character is made of run at C speed, and leave little to search. Every byte that
begins a character is kept, so a byte sequence found in what is left was one character.
tests/test_parsing_plain.py holds it to `UNUSUAL_RE` for every character.
"""

from __future__ import annotations

import re

UNUSUAL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029\ud800-\udfff]")

# The same characters in UTF-8: ASCII controls, C1 controls (U+0080-U+009F), U+2028, U+2029,
# U+FFFE and U+FFFF.
_UNUSUAL_UTF8_RE = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbf[\xbe\xbf]"
)
# What the search needs: those bytes, and every byte that begins a character.
_KEPT = {*range(0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0), 0xA8, 0xA9, 0xBE, 0xBF}
_KEPT |= set(range(0xC0, 0x100))
_NOT_KEPT = bytes(byte for byte in range(256) if byte not in _KEPT)


def is_plain(text: str) -> bool:
    """Whether `UNUSUAL_RE` finds nothing in `text`."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return is_plain_utf8(data)


def is_plain_utf8(data: bytes) -> bool:
    """`is_plain` of the text that `data`, valid UTF-8, encodes (none of its characters is a
    surrogate: UTF-8 cannot hold one)."""
    return _UNUSUAL_UTF8_RE.search(data.translate(None, _NOT_KEPT)) is None
