"""One BibTeX entry's text written straight from the paper, for streamed exports.

`entry_text(entry_for(...))` builds a dict of fields and then walks it in the writer's
order; an export of many papers pays for both. This writes the same text in one pass, the
fields of an arXiv-style `@misc` entry being known in advance (their order is
`bibtex.FIELD_ORDER`'s). A paper cited as its published version takes the dict path
(`exporters.venue` rewrites the entry). tests/test_bibtex_text.py holds it to that path.
"""

from __future__ import annotations

from exporters.bibtex import (
    _title_field,
    authors_field,
    entry_text,
    field_text,
    paper_entry,
    plain_escaped,
    quiet_title_field,
    url_field,
)
from exporters.venue import bibtex_venue
from server.models import Paper
from server.published import PublishedVersion


def entry_text_of(
    paper: Paper,
    key: str,
    ascii: bool = False,
    version: PublishedVersion | None = None,
    lead: str = "",
) -> str:
    """`lead + entry_text(entry_for(paper, key, ascii, {paper.id: version}))`, without the
    dict (`lead`: what goes before the entry in a file, written with it in one piece)."""
    if version is not None:
        return lead + entry_text(bibtex_venue(paper_entry(paper, key, ascii), version, ascii))
    title = paper.title
    heading = quiet_title_field(title)
    if heading is None:
        plain_title = plain_escaped(title)  # the title field and the key field share it
        heading = _title_field(title, plain_title, ascii)
    else:
        plain_title = title  # a quiet title is its own escaped text
    if paper.authors:
        names = authors_field(paper.authors, ascii)
        partial = "" if paper.authors_complete else " and others"
        who = f",\n  author = {{{names}{partial}}}"
    else:  # what plain/alpha sort and label by without authors
        kept = plain_title if plain_title is not None else field_text(title, ascii)
        who = f",\n  key = {{{kept}}}"
    day = paper.published or paper.featured
    year = f",\n  year = {{{day.year}}}" if day else ""
    arxiv_id = paper.arxiv_id
    links = paper.links
    if arxiv_id:
        category = paper.primary_category
        kind = f",\n  primaryClass = {{{field_text(category, ascii)}}}" if category else ""
        where = (
            f",\n  eprint = {{{arxiv_id}}},\n  archivePrefix = {{arXiv}}{kind}"
            f",\n  doi = {{10.48550/arXiv.{arxiv_id}}}"
        )
        url = links.arxiv or links.hf
    else:
        where = ",\n  howpublished = {Hugging Face Papers}"
        url = links.hf
    link = f",\n  url = {{{url_field(url)}}}" if url else ""
    words = ""
    if paper.keywords:
        words = _keywords_field(paper.keywords, ascii)
        words = f",\n  keywords = {{{words}}}"
    summary = f",\n  abstract = {{{field_text(paper.abstract, ascii)}}}" if paper.abstract else ""
    return (
        f"{lead}@misc{{{key},\n  title = {{{heading}}}"
        f"{who}{year}{where}{link}{words}{summary}\n}}\n"
    )


def _keywords_field(keywords: list[str], ascii: bool) -> str:
    """The keywords' `field_text`s, comma-separated. Keywords joined by single spaces are
    plain without specials only if each keyword is (a space at either end of one would make
    two in a row, or one at an end): then each is its own field text."""
    probe = " ".join(keywords)
    if plain_escaped(probe) == probe:
        return ", ".join(keywords)
    return ", ".join([field_text(word, ascii) for word in keywords])
