"""Splitting a full name ("Given Surname") into given and family parts.

Papers carry author names as single strings in display order. Citation formats want the
family name apart. The rule is kept simple on purpose: the last word is the family name,
pulled left over lowercase particles ("van", "de la") and past a generational suffix
("Jr."). A name written "Family, Given" is taken at its word. A one-word name is a family
name with no given part.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.models import Paper

# fmt: off
PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos",
    "das", "ten", "ter", "bin", "ibn", "al", "el", "zu"
})
# fmt: on
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


@dataclass(frozen=True)
class PersonName:
    given: str
    family: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}".strip()


def split_name(full_name: str) -> PersonName:
    name = " ".join(full_name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return PersonName(given.strip(), family.strip())
    words = name.split(" ")
    if len(words) == 1:
        return PersonName("", name)
    end = len(words) - 1
    if words[end].casefold() in SUFFIXES and end > 1:
        end -= 1  # "Martin Luther King Jr.": the suffix stays with the family name
    start = end
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    return PersonName(" ".join(words[:start]), " ".join(words[start:]))


# How an author list that names only some authors is marked. BibTeX has `and others`;
# citeproc-js reads "et al." after a comma in a name's given part as "et al." after that
# name (its fixture name_EtAlAsSuffix: {"family": "Doe", "given": "John, et al."} renders
# "John Doe et al."), and Zotero's RIS import keeps an author's third part ("Doe, John,
# et al.") in the given name, which its citeproc-js then renders the same way.
ET_AL = "et al."


def names_partial(paper: Paper) -> bool:
    """Whether the paper names some of its authors but not all of them."""
    return bool(paper.authors) and not paper.authors_complete


def incomplete_note(paper: Paper) -> str | None:
    """`Author list incomplete: 5 of 23 authors named`, or None when nothing is missing."""
    if paper.authors_complete or not (paper.authors or paper.author_count):
        return None
    named = len(paper.authors)
    total = f"{named} of {paper.author_count}" if paper.author_count else f"only {named}"
    return f"Author list incomplete: {total} authors named"
