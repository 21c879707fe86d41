"""CSL-JSON: the item Zotero itself exports for an arXiv preprint.

Zotero maps its `preprint` item type to CSL `article`, the archive id (`arXiv:<id>`) to
`number`, the repository to `publisher`. Author names are split by `exporters.names` (last
word as family name, particles kept with it); a paper without author names has no `author`
list.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from exporters.names import split_name
from exporters.venue import csl_venue
from server.models import Paper
from server.published import PublishedVersion


def to_csl_json(
    papers: list[Paper], published: Mapping[str, PublishedVersion] | None = None
) -> list[dict]:
    """CSL items; a paper with a version in `published` is the published version."""
    versions = published or {}
    return [
        csl_venue(csl_item(p), versions[p.id], p) if p.id in versions else csl_item(p)
        for p in papers
    ]


def csl_item(paper: Paper) -> dict:
    item: dict = {"id": paper.id, "type": "article", "title": paper.title}
    if paper.authors:
        item["author"] = [_name(n) for n in paper.authors]
    day = paper.published or paper.featured
    if day:
        item["issued"] = {"date-parts": [_date_parts(day)]}
    if paper.abstract:
        item["abstract"] = paper.abstract
    if paper.arxiv_id:
        item["number"] = f"arXiv:{paper.arxiv_id}"  # Zotero's archiveID, as it exports it
        item["publisher"] = "arXiv"
        item["DOI"] = f"10.48550/arXiv.{paper.arxiv_id}"
    url = paper.links.arxiv or paper.links.hf
    if url:
        item["URL"] = url
    if paper.keywords:
        item["keyword"] = ", ".join(paper.keywords)
    return item


def _name(full_name: str) -> dict:
    person = split_name(full_name)
    if not person.given:
        return {"literal": person.family}  # a single-word name: no given/family to split
    return {"family": person.family, "given": person.given}


def _date_parts(day: date) -> list[int]:
    return [day.year, day.month, day.day]
