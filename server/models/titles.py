"""A paper's title as papers are matched by it: its normalised key, the id of a paper known
only by its title, and the title quoted for a search link. Pure, and fast on the common case:
ASCII titles are folded and quoted by table, held to the general rule by
tests/test_models_derived.py."""

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
        return " ".join(text.translate(_ASCII_FOLD).split())
    text = unicodedata.normalize("NFKD", text)
    return _fold("".join(ch for ch in text if not unicodedata.combining(ch)))


def _fold(text: str) -> str:
    """Case folded, punctuation and `_` as spaces, runs of white space as one space."""
    text = _NOT_WORD_OR_SPACE_RE.sub(" ", text.casefold())
    return " ".join(text.replace("_", " ").split())


# `_fold` before the spaces are joined, for each ASCII character (it folds them one by one).
_ASCII_FOLD = str.maketrans(
    {
        c: _NOT_WORD_OR_SPACE_RE.sub(" ", c.casefold()).replace("_", " ")
        for c in map(chr, range(128))
    }
)


def title_id(title: str) -> str:
    """Stable, URL-safe id for a paper known only by its title.

    A readable slug plus a hash of the normalised title: the same title gives the same id on
    any machine and in any run; it can never look like an arXiv id.
    """
    return title_id_of_key(normalise_title(title))


def title_id_of_key(key: str) -> str:
    """`title_id` from an already normalised title."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    ascii_key = key.encode("ascii", "ignore").decode()
    slug = "-".join(_SLUG_WORD_RE.findall(ascii_key))[:48].rstrip("-")
    return f"{slug}-{digest}" if slug else f"paper-{digest}"


# urllib.parse.quote_plus byte by byte: letters, digits and `_.-~` kept, a space as `+`, every
# other byte of the UTF-8 text as %XX (tests/test_models_derived.py holds it to every character).
_QUOTE_PLUS = str.maketrans(
    {b: "+" if b == 32 else chr(b) if chr(b) in _URL_SAFE else f"%{b:02X}" for b in range(256)}
)


def quote_plus(text: str) -> str:
    """`urllib.parse.quote_plus(text)` in one `str.translate` over its UTF-8 bytes, a fourth of
    the cost (urllib maps byte by byte in Python: a third of building a title-only Paper)."""
    raw = text if text.isascii() else text.encode("utf-8").decode("latin-1")
    return raw.translate(_QUOTE_PLUS)
