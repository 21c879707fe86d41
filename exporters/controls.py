"""Control characters out of text that every exporter writes.

Stored text almost never holds one, yet a regex visits every character: on long ASCII text
a few dozen `in` tests (each a C memchr) say faster that it holds none. On short text (a
title, a name, a URL) one `str.isprintable` call says it, and a regex over the class finds
what a text that is not printable (a tab, a line break) holds.
"""

from __future__ import annotations

import re

from server.models import CONTROL_CHARACTERS

SHORT = 256  # characters: below this, isprintable and regex; above, memchr
# The ASCII members of CONTROL_CHARACTERS (tab, newline and carriage return are not).
ASCII_CONTROLS = tuple(chr(c) for c in (*range(0x20), 0x7F) if CONTROL_CHARACTERS.match(chr(c)))
# Every ASCII character below space, and DEL.
ASCII_LOW = tuple(chr(c) for c in (*range(0x20), 0x7F))
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def without_controls(text: str) -> str:
    """`text` without the characters of `server.models.CONTROL_CHARACTERS`."""
    # `isprintable` is False for every control character, noncharacter and lone surrogate
    # (categories Cc, Cn, Cs): on short text one C call says there is nothing to drop.
    if len(text) < SHORT and text.isprintable():
        return text
    if len(text) >= SHORT and text.isascii():
        if not any(map(text.__contains__, ASCII_CONTROLS)):
            return text
    elif not CONTROL_CHARACTERS.search(text):
        return text
    return CONTROL_CHARACTERS.sub("", text)


def is_plain_line(text: str) -> bool:
    """Printable ASCII with single spaces between words: text that `" ".join(text.split())`
    and `without_controls` leave as it is, and that holds no tab or line break."""
    if len(text) < SHORT:
        printable = not _NOT_PRINTABLE_ASCII.search(text)
    else:
        printable = text.isascii() and not any(map(text.__contains__, ASCII_LOW))
    return printable and "  " not in text and text[:1] != " " and text[-1:] != " "
