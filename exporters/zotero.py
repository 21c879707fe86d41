"""Zotero item JSON: the `preprint` item Zotero's own arXiv translator makes (pure).

Only fields Zotero's schema allows for `preprint`; empty values are left out. Papers known
only by title (the text seed) get no creators (names are never invented) and their Hugging
Face link as `url`.
"""

from __future__ import annotations

from collections.abc import Mapping

from exporters.names import split_name
from exporters.venue import zotero_venue
from server.models import Paper
from server.published import PublishedVersion

ITEM_TYPE = "preprint"


def to_zotero_items(
    papers: list[Paper], published: Mapping[str, PublishedVersion] | None = None
) -> list[dict]:
    """One Zotero item per paper, in order; with a version in `published`, the published
    version's item."""
    versions = published or {}
    return [
        zotero_venue(to_zotero_item(p), versions[p.id]) if p.id in versions else to_zotero_item(p)
        for p in papers
    ]


def to_zotero_item(paper: Paper) -> dict:
    item: dict = {
        "itemType": ITEM_TYPE,
        "title": paper.title,
        "creators": [creator(name) for name in paper.authors if name.strip()],
        "abstractNote": paper.abstract,
        "date": paper.published.isoformat() if paper.published else None,
    }
    if paper.arxiv_id:
        item |= {
            "repository": "arXiv",
            "archiveID": f"arXiv:{paper.arxiv_id}",
            "DOI": f"10.48550/arXiv.{paper.arxiv_id}",
            "url": f"https://arxiv.org/abs/{paper.arxiv_id}",
            "extra": arxiv_extra(paper),
            "libraryCatalog": "arXiv.org",
        }
    else:
        item |= {"url": paper.links.hf, "libraryCatalog": "Hugging Face"}
    item["tags"] = [{"tag": keyword} for keyword in dict.fromkeys(paper.keywords) if keyword]
    return {key: value for key, value in item.items() if value not in (None, "")}


def creator(name: str) -> dict:
    """An author, split as every other export splits names (exporters/names.py)."""
    person = split_name(name)
    if not person.given:
        return {"name": person.family, "creatorType": "author"}
    return {"firstName": person.given, "lastName": person.family, "creatorType": "author"}


def arxiv_extra(paper: Paper) -> str:
    category = f" [{paper.primary_category}]" if paper.primary_category else ""
    return f"arXiv:{paper.arxiv_id}{category}"
