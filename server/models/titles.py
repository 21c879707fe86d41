"""A paper's title as papers are matched by it: its normalised key, the id of a paper known
only by its title, and the title quoted for a search link. Pure, and fast on the common case
(every Paper known only by its title computes all three): an ASCII title is folded by a bytes
table, its key's slug made by a replace, a title with few characters to escape quoted by a
replace for each; tests/test_models_derived.py holds each to the general rule."""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata

_NOT_WORD_OR_SPACE_RE = re.compile(r"[^\w\s]")
_SLUG_WORD_RE = re.compile(r"[a-z0-9]+")
_URL_SAFE = frozenset(string.ascii_letters + string.digits + "_.-~")


def normalise_title(title: str) -> str:
    """Case-, accent- and punctuation-blind form of a title, used to match papers.

    `T\\"ULU 3`, `TÜLU 3` and `tulu 3` all normalise to `tulu 3`.
    """
    text = title.replace('\\"', "")  # LaTeX umlaut debris: T\"ULU
    if text.isascii():  # nothing to decompose, no accents to drop: `_fold`, by table
        return b" ".join(text.encode().translate(_ASCII_FOLD).split()).decode()
    text = unicodedata.normalize("NFKD", text)
    return _fold("".join(ch for ch in text if not unicodedata.combining(ch)))


def _fold(text: str) -> str:
    """Case folded, punctuation and `_` as spaces, runs of white space as one space."""
    text = _NOT_WORD_OR_SPACE_RE.sub(" ", text.casefold())
    return " ".join(text.replace("_", " ").split())


# `_fold` for each ASCII character (it folds them one by one), as a bytes table: a letter or
# digit stays (lower case), all else is a space that the split drops. `bytes.translate` is a
# sixth of the cost of `str.translate` with a table, the dearest step of building a Paper.
_ASCII_FOLD = bytes(
    ord(folded) if (folded := _fold(chr(byte))) else ord(" ") for byte in range(128)
) + bytes(range(128, 256))


def title_id(title: str) -> str:
    """Stable, URL-safe id for a paper known only by its title.

    A readable slug plus a hash of the normalised title: the same title gives the same id on
    any machine and in any run; it can never look like an arXiv id.
    """
    return title_id_of_key(normalise_title(title))


def title_id_of_key(key: str) -> str:
    """`title_id` from a title already normalised (what `normalise_title` gives)."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    # An ASCII key is words of [a-z0-9] between single spaces: its slug is made by a replace
    # (finding its words by regex costs eight times as much).
    slug = key.replace(" ", "-")[:48].rstrip("-") if key.isascii() else _slug(key)
    return f"{slug}-{digest}" if slug else f"paper-{digest}"


def _slug(key: str) -> str:
    """The ASCII words of a key joined by `-`, cut to 48 characters."""
    ascii_key = key.encode("ascii", "ignore").decode()
    return "-".join(_SLUG_WORD_RE.findall(ascii_key))[:48].rstrip("-")


# urllib.parse.quote_plus byte by byte: letters, digits and `_.-~` kept, a space as `+`, every
# other byte of the UTF-8 text as %XX (tests/test_models_derived.py holds it to every character).
_QUOTE_PLUS = str.maketrans(
    {b: "+" if b == 32 else chr(b) if chr(b) in _URL_SAFE else f"%{b:02X}" for b in range(256)}
)
_KEPT_OR_SPACE = bytes(sorted({ord(c) for c in _URL_SAFE} | {ord(" ")}))
_ESCAPES = tuple(f"%{b:02X}" for b in range(256))
_FEW = 4  # distinct bytes to escape, each replaced in its own pass over the text


def quote_plus(text: str) -> str:
    """`urllib.parse.quote_plus(text)` at a fifth of its cost (urllib maps byte by byte in
    Python).

    A title has few distinct characters to escape (`:`, `(`): each is replaced in one pass,
    `%` first; half the cost of one `str.translate` over the UTF-8 bytes, which maps a byte to
    three characters on its slow path, and is kept for texts with more."""
    data = text.encode("utf-8")
    escaped = set(data.translate(None, _KEPT_OR_SPACE))
    raw = text if text.isascii() else data.decode("latin-1")
    if len(escaped) > _FEW:
        return raw.translate(_QUOTE_PLUS)
    if 37 in escaped:  # `%`, before the escapes bring their own
        raw = raw.replace("%", "%25")
    for byte in escaped:
        if byte != 37:
            raw = raw.replace(chr(byte), _ESCAPES[byte])
    return raw.replace(" ", "+")
