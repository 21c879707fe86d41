"""How a library item is recognised as a paper: arXiv id, DOI, normalised title (pure).

The arXiv id is read wherever Zotero's arXiv translator (or a user) puts it: archiveID
(`arXiv:2401.00001`), the arXiv DOI (`10.48550/arXiv.2401.00001`), the URL (abs or pdf) and
Extra (`arXiv:2401.00001 [cs.LG]`). Titles are compared folded: LaTeX (`$\\alpha$`,
`\\textit{...}`) turned into text, then accents, case, punctuation and spacing folded
(server.models.normalise_title), so the translator's `$\\alpha$-Nets` and Hugging Face's
`α-Nets` are one title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from server.models import Paper, normalise_title

_ARXIV = r"(\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v\d+)?"
_ARXIV_PLACES = [
    re.compile(rf"^\s*arxiv:\s*{_ARXIV}", re.IGNORECASE),  # archiveID, a line of Extra
    re.compile(rf"^10\.48550/arxiv\.{_ARXIV}$", re.IGNORECASE),  # the arXiv DOI
    re.compile(rf"arxiv\.org/(?:abs|pdf)/{_ARXIV}", re.IGNORECASE),  # abs or pdf URL
]
_DOI_LINE = re.compile(r"^\s*DOI:\s*(10\.\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class Identifiers:
    arxiv_id: str | None
    doi: str | None
    title_key: str | None

    @property
    def has_ids(self) -> bool:
        return bool(self.arxiv_id or self.doi)


def paper_identifiers(paper: Paper) -> Identifiers:
    arxiv = _bare(paper.arxiv_id) if paper.arxiv_id else None
    return Identifiers(
        arxiv_id=arxiv,
        doi=f"10.48550/arxiv.{arxiv}" if arxiv else None,
        title_key=title_key(paper.title),
    )


def item_identifiers(data: dict) -> Identifiers:
    """The identifiers of a Zotero item's data (web API `data`, or item JSON)."""
    doi = str(data.get("DOI") or "").strip().lower() or None
    extra = str(data.get("extra") or "").splitlines()
    if doi is None:
        doi = next((m.group(1).lower() for line in extra if (m := _DOI_LINE.match(line))), None)
    places = [data.get("archiveID"), data.get("DOI"), data.get("url"), *extra]
    arxiv = next(
        (
            _bare(match.group(1))
            for place in places
            if place
            for pattern in _ARXIV_PLACES
            if (match := pattern.search(str(place).strip()))
        ),
        None,
    )
    if arxiv and doi is None:
        doi = f"10.48550/arxiv.{arxiv}"
    return Identifiers(arxiv, doi, title_key(str(data.get("title") or "")) or None)


def is_same(paper: Identifiers, item: Identifiers) -> bool:
    """Whether a library item is this paper. A paper with an arXiv id is the item with that
    id (or its DOI), or an item with its title and no identifiers at all; a paper known only
    by title (a text copy) is any item with that title."""
    if paper.arxiv_id:
        if item.arxiv_id == paper.arxiv_id or (item.doi and item.doi == paper.doi):
            return True
        return not item.has_ids and bool(paper.title_key) and item.title_key == paper.title_key
    return bool(paper.title_key) and item.title_key == paper.title_key


@lru_cache(maxsize=4096)
def title_key(title: str) -> str:
    """A title folded for comparison: LaTeX to text, then case, accents, punctuation."""
    text = title
    if "\\" in text or "$" in text:
        text = _latex_to_text(re.sub(r"(?<!\\)%", r"\\%", text))  # a bare % is not a comment
    return normalise_title(text)


def _latex_to_text(text: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text  # only titles with LaTeX need it

    try:
        return LatexNodes2Text(math_mode="text").latex_to_text(text)
    except Exception:  # noqa: BLE001 - a title pylatexenc cannot read is compared as it is
        return text


def _bare(arxiv_id: str) -> str:
    """An arXiv id without its version, lower-cased: `2401.00001v2` -> `2401.00001`."""
    return re.sub(r"v\d+$", "", arxiv_id.strip().lower())
