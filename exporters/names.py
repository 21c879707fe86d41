"""Splitting a full name ("Given Surname") into given and family parts.

Papers carry author names as single strings in display order. Citation formats want the
family name apart. The rule is kept simple on purpose: the last word is the family name,
pulled left over lowercase particles ("van", "de la") and past a generational suffix
("Jr."). A name written "Family, Given" is taken at its word. A one-word name is a family
name with no given part.
"""

from __future__ import annotations

from dataclasses import dataclass

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
