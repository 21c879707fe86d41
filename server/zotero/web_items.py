"""The objects a web save writes: the paper's item, and its PDF attachment (pure).

Items are Zotero's arXiv translator's preprint (exporters/zotero.py), kept to the fields the
shipped schema allows, with a key papershelf chose and `version: 0` (create only). A PDF is a
child attachment written in the same request, after its parent (web API write_requests,
"Creating an item with a child"): `imported_url` for an upload, `linked_url` for a link.
"""

from __future__ import annotations

import json
import secrets
from functools import cache
from pathlib import Path

from exporters.zotero import to_zotero_item
from server.models import Paper

KEY_CHARS = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"  # web API write_requests, "Object Keys"
PDF_TITLE = "Preprint PDF"  # what the Zotero Connector calls arXiv's PDF
SCHEMA = Path(__file__).with_name("schema.json")


def new_key() -> str:
    return "".join(secrets.choice(KEY_CHARS) for _ in range(8))


@cache
def preprint_fields() -> frozenset[str]:
    types = json.loads(SCHEMA.read_text(encoding="utf-8"))["itemTypes"]
    preprint = next(t for t in types if t["itemType"] == "preprint")
    return frozenset(f["field"] for f in preprint["fields"])


def paper_item(paper: Paper, key: str, collection: str | None, tags: tuple[str, ...]) -> dict:
    ours = to_zotero_item(paper)
    item = {k: v for k, v in ours.items() if k in preprint_fields()}
    keywords = [t["tag"] for t in ours.get("tags", [])]
    return item | {
        "itemType": "preprint",
        "key": key,
        "version": 0,
        "creators": ours.get("creators", []),
        "tags": [{"tag": tag} for tag in dict.fromkeys(keywords + list(tags))],
        "collections": [collection] if collection else [],
        "relations": {},
    }


def pdf_attachment(parent: str, key: str, url: str, filename: str | None) -> dict:
    """A stored copy (`filename` given: imported_url, its file uploaded after) or a link."""
    attachment = {
        "itemType": "attachment",
        "key": key,
        "version": 0,
        "parentItem": parent,
        "linkMode": "imported_url" if filename else "linked_url",
        "title": PDF_TITLE,
        "url": url,
        "contentType": "application/pdf",
        "tags": [],
        "relations": {},
    }
    if filename:
        attachment["filename"] = filename
    return attachment
