"""BibTeX: arXiv-style `@misc` entries that real BibTeX, biber and LaTeX accept.

A paper with an arXiv id gets what arxiv.org/bibtex/<id> gives (title, author, year,
eprint, archivePrefix, primaryClass, url) plus the arXiv DOI and the abstract. A paper
known only from a Hugging Face page gets its Hugging Face link and, lacking authors, a
`key` field so that styles can still sort it; author names are never made up. An author
list that names only some of the authors ends in `and others` (styles print "et al.").

bibtexparser writes the file; we escape every value first (see `exporters.latex`).
UTF-8 is the default (biblatex/biber); `ascii=True` writes LaTeX accents for classic BibTeX.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import quote

from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter

from exporters.bibtex_fields import _clean, field_text, plain_escaped
from exporters.bibtex_fields import _plain as _plain  # where the fast-path tests find it
from exporters.citekeys import assign_keys
from exporters.latex import SPECIALS, encode
from exporters.names import names_partial, split_name
from exporters.venue import bibtex_venue
from server.models import Paper
from server.published import PublishedVersion

FIELD_ORDER = [
    "title",
    "author",
    "key",
    "booktitle",
    "journal",
    "year",
    "volume",
    "number",
    "pages",
    "publisher",
    "eprint",
    "archivePrefix",
    "primaryClass",
    "doi",
    "howpublished",
    "url",
    "keywords",
    "abstract",
]


def to_bibtex(
    papers: list[Paper],
    ascii: bool = False,
    published: Mapping[str, PublishedVersion] | None = None,
) -> str:
    """The papers as one BibTeX file, in the order given; a paper with a published version
    in `published` (by paper id) is cited as that version."""
    return write_entries(bibtex_entries(papers, ascii=ascii, published=published))


def bibtex_entries(
    papers: list[Paper],
    ascii: bool = False,
    published: Mapping[str, PublishedVersion] | None = None,
) -> list[dict[str, str]]:
    """bibtexparser entry dicts, values already escaped for BibTeX."""
    keys = assign_keys(papers)
    seen: set[str] = set()
    entries = []
    for paper in papers:
        if paper.id in seen:  # the same paper twice in one selection: one entry
            continue
        seen.add(paper.id)
        entries.append(entry_for(paper, keys[paper.id], ascii, published))
    return entries


def entry_for(
    paper: Paper,
    key: str,
    ascii: bool = False,
    published: Mapping[str, PublishedVersion] | None = None,
) -> dict[str, str]:
    """One paper's entry under `key`: its published version's when `published` has one."""
    entry = paper_entry(paper, key, ascii)
    version = (published or {}).get(paper.id)
    return bibtex_venue(entry, version, ascii) if version else entry


def write_entries(entries: list[dict[str, str]]) -> str:
    database = BibDatabase()
    database.entries = entries
    writer = BibTexWriter()
    writer.order_entries_by = None  # keep the export's order
    writer.display_order = FIELD_ORDER
    writer.indent = "  "
    return writer.write(database)


def entry_text(entry: dict[str, str]) -> str:
    """One entry exactly as `write_entries` (bibtexparser's BibTexWriter, set up as there)
    writes it, without the writer: exports stream entry by entry."""
    fields = [name for name in FIELD_ORDER if name in entry]
    others = entry.keys() - _ORDERED  # the writer puts fields it has no order for last, by name
    if others:
        fields += sorted(others)
    body = "".join([f",\n  {name} = {{{entry[name]}}}" for name in fields])
    return f"@{entry['ENTRYTYPE']}{{{entry['ID']}{body}\n}}\n"


_ORDERED = frozenset({"ENTRYTYPE", "ID", *FIELD_ORDER})


def paper_entry(paper: Paper, key: str, ascii: bool = False) -> dict[str, str]:
    text = field_text if not ascii else lambda value: field_text(value, True)
    plain_title = plain_escaped(paper.title)  # the title field and the key field share it
    entry = {"ENTRYTYPE": "misc", "ID": key, "title": _title_field(paper.title, plain_title, ascii)}
    if paper.authors:
        entry["author"] = authors_field(paper.authors, ascii)
        if names_partial(paper):
            entry["author"] += " and others"
    else:
        # What plain/alpha sort and label by without authors.
        entry["key"] = plain_title if plain_title is not None else text(paper.title)
    day = paper.published or paper.featured
    if day:
        entry["year"] = str(day.year)
    if paper.arxiv_id:
        entry["eprint"] = paper.arxiv_id
        entry["archivePrefix"] = "arXiv"
        if paper.primary_category:
            entry["primaryClass"] = text(paper.primary_category)
        entry["doi"] = f"10.48550/arXiv.{paper.arxiv_id}"
        url = paper.links.arxiv or paper.links.hf
    else:
        entry["howpublished"] = "Hugging Face Papers"
        url = paper.links.hf
    if url:
        entry["url"] = url_field(url)
    if paper.keywords:
        entry["keywords"] = ", ".join(text(k) for k in paper.keywords)
    if paper.abstract:
        entry["abstract"] = text(paper.abstract)
    return entry


def title_field(title: str, ascii: bool = False) -> str:
    """Escaped title with acronyms and inner capitals brace-protected: `{BERT}`, `{TÜLU}`.

    Styles lowercase titles; a word with a capital after its first letter (BERT, RAG,
    SplitMeanFlow, 3D, w2v-BERT) is a name or an acronym and must keep its case.
    Title-case compounds (Post-Training) are not protected.
    """
    quiet = quiet_title_field(title)
    return quiet if quiet is not None else _title_field(title, plain_escaped(title), ascii)


def quiet_title_field(title: str) -> str | None:
    """`title_field(title)` of a title of printable ASCII on one line without specials (most
    titles: escaping leaves them as they are), else None. One C pass over its bytes gives
    each character's shape (`_SHAPES`) and marks what is not quiet."""
    if not title.isascii():
        return None
    shape = title.encode().translate(_QUIET_SHAPES)
    if b"!" in shape or title[:1] == " " or title[-1:] == " " or "  " in title:
        return None
    return _braced(title, shape.decode())  # a quiet title is its own escaped text


def _title_field(title: str, escaped: str | None, ascii: bool) -> str:
    """`title_field` given `plain_escaped(title)`."""
    if escaped is not None:
        return _protected_ascii(title, escaped)
    return protected_words(_clean(title), ascii)


def protected_words(clean: str, ascii: bool = False) -> str:
    """`title_field` of a title already on one line and decoded, a word at a time."""
    words = clean.split(" ")
    escaped = _escaped_words(clean, words, ascii)
    return " ".join(map(_protected, words, escaped))


def _escaped_words(clean: str, words: list[str], ascii: bool) -> list[str]:
    """`encode` of each word, escaping the text once: it escapes character by character and
    writes no space, except in ASCII mode for a few spacing accents (¨ ´ ¸): then word by word."""
    escaped = encode(clean, ascii).split(" ")
    return escaped if len(escaped) == len(words) else [encode(word, ascii) for word in words]


# Each ASCII character's shape: a capital (U), a separator of word parts (S), a space, other.
_SHAPES = str.maketrans(
    {c: "U" if chr(c).isupper() else "S" if chr(c) in "-/" else chr(c) if c == 32 else "o"
     for c in range(128)}
)  # fmt: skip


# `_SHAPES` as bytes, "!" for the specials, control characters and what is not ASCII.
_QUIET_SHAPES = bytes(
    ord("!") if c < 0x20 or c >= 0x7F or chr(c) in SPECIALS else ord(_SHAPES[c]) for c in range(256)
)


def _protected_ascii(title: str, escaped: str) -> str:
    """`_protected` over every word of a plain title, from the words' shapes: a capital after
    another character of its part is "oU" or "UU". Escaping keeps the spaces, and each
    word's capitals and separators in their order."""
    return _braced(escaped, title.translate(_SHAPES))  # C speed for ASCII


def _braced(escaped: str, shape: str) -> str:
    """Each word of `escaped` braced whose shape (the same words, a character for each
    character of the title) has a capital after another character of its part."""
    if "oU" not in shape and "UU" not in shape:
        return escaped
    return " ".join(
        [
            f"{{{word}}}" if "oU" in form or "UU" in form else word
            for word, form in zip(escaped.split(" "), shape.split(" "), strict=True)
        ]
    )


def _protected(word: str, escaped: str) -> str:
    if word[1:] == word[1:].lower():  # the common case, decided without splitting
        return escaped
    if any(ch.isupper() for part in re.split(r"[-/]", word) for ch in part[1:]):
        return "{" + escaped + "}"
    return escaped


def authors_field(names: list[str], ascii: bool = False) -> str:
    """The names as BibTeX's `and`-separated list (`author_field` of each)."""
    joined = " and ".join(names)
    if _names_as_written(joined, len(names), ascii):
        return joined
    return " and ".join([_plain_name(name) or author_field(name, ascii) for name in names])


def _names_as_written(joined: str, count: int, ascii: bool) -> bool:
    """Whether `author_field` leaves each of `count` names joined by " and " as it is (most
    lists, accents and all), told from the joined text in a few C calls: printable (no
    control character, no whitespace but the space), composed (NFC), single spaces, no
    special, backslash or comma, and "and" nowhere but in the joins; accents only in UTF-8."""
    if not joined.isprintable() or _NAME_BREAKERS.search(joined):
        return False
    if joined[:1] == " " or joined[-1:] == " " or "  " in joined:
        return False
    # `_name_part` reads "and" casefolded; no character but ASCII letters lowers or casefolds
    # into a, n and d in a row, so `lower` (cheaper) counts the same.
    if joined.lower().count("and") != count - 1:
        return False
    return joined.isascii() or (not ascii and unicodedata.is_normalized("NFC", joined))


_NAME_BREAKERS = re.compile("[" + re.escape("".join(SPECIALS)) + ",]")


def _plain_name(name: str) -> str | None:
    """`author_field` of a plain name (most) with no comma and no word "and", else None."""
    escaped = plain_escaped(name)
    if escaped is None or "," in name or " and " in f" {name.lower()} ":
        return None
    return escaped


def author_field(name: str, ascii: bool = False) -> str:
    """One name for BibTeX's `and`-separated list, in the "Given Surname" form.

    A literal word "and" or a comma inside a name would split or reorder it: both are
    braced. A name already written "Family, Given" keeps that (BibTeX's other form).
    """
    clean = _clean(name)
    if "," in clean:
        person = split_name(clean)
        return f"{_name_part(person.family, ascii)}, {_name_part(person.given, ascii)}"
    return _name_part(clean, ascii)


def _name_part(text: str, ascii: bool) -> str:
    escaped = encode(text, ascii)
    if escaped.count(" ") == text.count(" ") and " and " not in f" {text.casefold()} ":
        return escaped.replace(",", "{,}")  # the words escaped alike, none of them "and"
    return name_words(text, ascii)


def name_words(text: str, ascii: bool = False) -> str:
    """`_name_part` a word at a time."""
    words = text.split(" ")
    escaped = _escaped_words(text, words, ascii)
    return " ".join(
        "{" + done.replace(",", "{,}") + "}"
        if word.casefold() == "and"
        else done.replace(",", "{,}")
        for word, done in zip(words, escaped, strict=True)
    )


def url_field(url: str) -> str:
    """The URL as BibTeX and `\\url` take it: characters that break either percent-encoded."""
    if not _URL_SUSPECTS.search(url) and ("%" not in url or not _BAD_PERCENT.search(url)):
        return url  # the common case, found by scans simpler than _URL_BREAKERS
    return _URL_BREAKERS.sub(lambda m: quote(m.group(), safe=""), url)


_URL_BREAKERS = re.compile(r'[{}\\\s"\x00-\x1f\x7f]|%(?![0-9A-Fa-f]{2})|[^\x00-\x7f]')
# Every character that _URL_BREAKERS replaces but `%`, and a `%` it replaces.
_URL_SUSPECTS = re.compile(r"[^!#-\[\]-z|~]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
