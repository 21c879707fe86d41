"""Citation keys users recognise: `surname` + three significant title words + year.

Like Better BibTeX's default (the most used Zotero key generator), lowercased ASCII letters
and digits only, e.g. `vaswaniattentionneed2017`. Without a known author the first
significant title word takes the surname's place. The key is a function of the paper
alone, so a paper gets the same key in every export; only papers whose keys clash within
one export get a suffix (a, b, ...), given out in order of paper id rather than export
order so that re-sorting an export does not move suffixes around.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import count

from exporters.latex import decode_debris
from exporters.names import split_name
from server.models import Paper

TITLE_WORDS = 3

# Words that say little about a paper; skipped like Better BibTeX's (shorter) list does.
# fmt: off
STOPWORDS = frozenset({
    "a", "about", "above", "across", "after", "against", "along", "among", "an", "and", "as",
    "at", "before", "behind", "below", "between", "beyond", "but", "by", "during", "for",
    "from", "in", "into", "is", "it", "its", "near", "of", "off", "on", "onto", "or", "over",
    "per", "since", "than", "the", "their", "this", "through", "to", "toward", "towards",
    "under", "until", "up", "upon", "versus", "via", "vs", "what", "when", "where", "which",
    "while", "who", "why", "with", "within", "without", "are", "be", "can", "do", "does",
    "how", "our", "we", "you", "your"
})
# fmt: on


def ascii_words(text: str) -> list[str]:
    """Lowercase ASCII words of `text`, accents folded (`TÜLU` -> `tulu`)."""
    if text.isascii() and "\\" not in text:  # most text: nothing to decode or fold
        return _WORD.findall(text.lower())
    folded = unicodedata.normalize("NFKD", decode_debris(text))
    folded = folded.encode("ascii", "ignore").decode().lower()
    return _WORD.findall(folded)


_WORD = re.compile(r"[a-z0-9]+")


def significant_words(title: str) -> list[str]:
    return [word for word in ascii_words(title) if word not in STOPWORDS]


def base_key(paper: Paper) -> str:
    words = significant_words(paper.title)
    surname = "".join(ascii_words(split_name(paper.authors[0]).family)) if paper.authors else ""
    if not surname and words:
        surname, words = words[0], words[1:]
    if not surname:  # nothing Latin to go by (a CJK title and name): the id stands in
        surname = "".join(ascii_words(paper.id))[:16]
        surname = surname if surname[:1].isalpha() else "paper" + surname
    day = paper.published or paper.featured
    return surname + "".join(words[:TITLE_WORDS]) + (str(day.year) if day else "")


def assign_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """One unique key per paper id: the base key, or base key + suffix on a clash."""
    by_base: dict[str, dict[str, None]] = {}  # base -> its paper ids, once each, in order
    for paper in papers:
        by_base.setdefault(base_key(paper), {})[paper.id] = None
    keys: dict[str, str] = {}
    taken = set(by_base)
    for base, ids in by_base.items():
        if len(ids) == 1:
            keys[next(iter(ids))] = base
            continue
        first, *others = sorted(ids)
        keys[first] = base
        letters = (_suffix(n) for n in count())
        for paper_id in others:
            key = base + next(letters)
            while key in taken:
                key = base + next(letters)
            taken.add(key)
            keys[paper_id] = key
    return keys


def _suffix(n: int) -> str:
    """a, b, ..., z, aa, ab, ..."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters
