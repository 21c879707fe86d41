"""The published version of a preprint, in each export format. Pure.

Each function takes the entry a writer made for the preprint and the paper's
`PublishedVersion`, and returns the entry for the published version: a conference paper
(`@inproceedings`, CSL `paper-conference`, RIS `CONF`, Zotero `conferencePaper`) or a
journal article (`@article`, `article-journal`, `JOUR`, `journalArticle`), with the venue,
its year, volume, issue, pages, publisher and DOI where known. The arXiv identity stays
(BibTeX's eprint fields, the arXiv id in Zotero's `extra` and CSL's `note`) and so does the
link; the citation key never changes. The preprint's own DOI (10.48550/arXiv.*) gives way
to the published one, or goes when the venue has none.
"""

from __future__ import annotations

import re

from exporters.latex import encode
from server.models import Paper
from server.published import PublishedVersion

RANGE = re.compile(r"^\s*(\w+)\s*[-\u2013\u2014]+\s*(\w+)\s*$")


def bibtex_venue(entry: dict[str, str], version: PublishedVersion, ascii: bool = False) -> dict:
    """A BibTeX entry (escaped values, as `exporters.bibtex.paper_entry` makes) for the
    published version."""
    conference = version.kind == "conference"
    out = {k: v for k, v in entry.items() if k not in ("doi", "howpublished")}
    out["ENTRYTYPE"] = "inproceedings" if conference else "article"
    out["booktitle" if conference else "journal"] = encode(_line(version.venue), ascii)
    if version.year:
        out["year"] = str(version.year)
    fields = {
        "volume": version.volume,
        "number": None if conference else version.number,
        "pages": _bibtex_pages(version.pages),
        # biblatex's data model has no publisher for @article (biber --validate-datamodel).
        "publisher": version.publisher if conference else None,
        "doi": version.doi,
    }
    out.update({name: encode(_line(value), ascii) for name, value in fields.items() if value})
    return out


def csl_venue(item: dict, version: PublishedVersion, paper: Paper) -> dict:
    """A CSL-JSON item for the published version; the arXiv id goes to `note`, where
    Zotero's own CSL export puts `extra`."""
    out = {k: v for k, v in item.items() if k not in ("number", "publisher", "DOI")}
    out["type"] = "paper-conference" if version.kind == "conference" else "article-journal"
    out["container-title"] = version.venue
    if version.year:
        out["issued"] = {"date-parts": [[version.year]]}
    extra = {
        "volume": version.volume,
        "issue": version.number,
        "page": version.pages,
        "publisher": version.publisher,
        "DOI": version.doi,
        "note": f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else None,
    }
    out.update({name: value for name, value in extra.items() if value})
    return out


def ris_venue(record: dict, version: PublishedVersion, paper: Paper) -> dict:
    """A rispy record for the published version. Zotero reads `CONF` with T2 as the
    conference and C3 as the proceedings, `JOUR` with T2 as the journal (its RIS translator's
    field map)."""
    conference = version.kind == "conference"
    out = {k: v for k, v in record.items() if k not in ("publisher", "issn", "doi")}
    out["type_of_reference"] = "CONF" if conference else "JOUR"
    venue = _line(version.venue)
    out["secondary_title"] = venue
    if conference:
        out["custom3"] = venue
    if version.year:
        out["year"] = str(version.year)
        out.pop("date", None)  # the preprint's day is not the venue's
    first, last = _page_range(version.pages)
    extra = {
        "volume": version.volume,
        "number": None if conference else version.number,
        "start_page": first,
        "end_page": last,
        "publisher": version.publisher,
        "doi": version.doi,
    }
    out.update({name: _line(value) for name, value in extra.items() if value})
    if paper.arxiv_id:
        out["notes"] = [*record.get("notes", []), f"arXiv:{paper.arxiv_id}"]
    return out


def zotero_venue(item: dict, version: PublishedVersion) -> dict:
    """A Zotero `conferencePaper` or `journalArticle` for the published version; the arXiv id
    stays in `extra` (`arXiv:<id> [category]`, as the preprint item has it)."""
    conference = version.kind == "conference"
    preprint_only = ("repository", "archiveID", "DOI")
    out = {k: v for k, v in item.items() if k not in preprint_only}
    out["itemType"] = "conferencePaper" if conference else "journalArticle"
    out["proceedingsTitle" if conference else "publicationTitle"] = version.venue
    if version.year:
        out["date"] = str(version.year)
    extra = {
        "volume": version.volume,
        "issue": None if conference else version.number,
        "pages": version.pages,
        "publisher": version.publisher,
        "DOI": version.doi,
    }
    out.update({name: value for name, value in extra.items() if value})
    return out


def _bibtex_pages(pages: str | None) -> str | None:
    first, last = _page_range(pages)
    return f"{first}--{last}" if first and last else first


def _page_range(pages: str | None) -> tuple[str | None, str | None]:
    if not pages:
        return None, None
    found = RANGE.match(pages)
    return (found[1], found[2]) if found else (_line(pages), None)


def _line(text: str) -> str:
    return " ".join(text.split())
