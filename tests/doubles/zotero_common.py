"""What the Zotero doubles share: the item schema, object keys and injected faults.

The schema is the copy shipped in server/zotero/schema.json (its source and version inside).
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "server" / "zotero" / "schema.json"
# Object keys: 8 characters from this alphabet (dataserver model/ID.inc.php isValidKey;
# web API write_requests, "Object Keys").
KEY_CHARS = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
KEY_PATTERN = re.compile(f"^[{KEY_CHARS}]{{8}}$")
# Keys every item may carry besides its type's fields.
ITEM_KEYS = {"itemType", "creators", "tags", "collections", "relations", "key", "version",
             "deleted", "dateAdded", "dateModified", "parentItem", "inPublications"}  # fmt: skip
# Attachment items also carry these (web API write_requests, "Attachments"; the `attachment`
# template of GET /items/new?itemType=attachment&linkMode=...).
ATTACHMENT_KEYS = {"linkMode", "note", "contentType", "charset", "filename", "md5", "mtime",
                   "path"}  # fmt: skip
LINK_MODES = ("imported_file", "imported_url", "linked_file", "linked_url")
STORED_LINK_MODES = ("imported_file", "imported_url")  # these have a file in Zotero storage


def new_key() -> str:
    return "".join(secrets.choice(KEY_CHARS) for _ in range(8))


class ZoteroSchema:
    """Which fields and creator types Zotero's schema allows for each item type."""

    def __init__(self, path: Path = SCHEMA_PATH) -> None:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.version = data["version"]
        self.types = {t["itemType"]: t for t in data["itemTypes"]}

    def fields(self, item_type: str) -> list[str]:
        return [f["field"] for f in self.types[item_type]["fields"]]

    def creator_types(self, item_type: str) -> list[str]:
        return [c["creatorType"] for c in self.types[item_type]["creatorTypes"]]

    def template(self, item_type: str, link_mode: str | None = None) -> dict:
        primary = next(iter(self.creator_types(item_type)), None)
        template: dict = {"itemType": item_type}
        if item_type == "attachment":
            template["linkMode"] = link_mode
        for name in self.fields(item_type):
            template[name] = ""
            if name == "title" and primary:
                template["creators"] = [{"creatorType": primary, "firstName": "", "lastName": ""}]
        if item_type == "attachment":
            template |= {"contentType": "", "charset": ""}
            if link_mode in STORED_LINK_MODES:
                template |= {"filename": "", "md5": None, "mtime": None}
            return template | {"tags": [], "relations": {}}
        return template | {"tags": [], "collections": [], "relations": {}}

    def problems(self, item: dict) -> list[str]:
        """What Zotero would refuse in this item; [] when it is valid."""
        item_type = item.get("itemType")
        if item_type not in self.types:
            return [f"'itemType' {item_type!r} is not a valid item type"]
        allowed = set(self.fields(item_type))
        extra = ATTACHMENT_KEYS if item_type == "attachment" else set()
        found = [
            f"'{key}' is not a valid field for type '{item_type}'"
            for key in item
            if key not in allowed and key not in ITEM_KEYS and key not in extra
        ]
        found += [
            f"'{k}' must be a string" for k in allowed & set(item) if not isinstance(item[k], str)
        ]
        if item_type == "attachment" and item.get("linkMode") not in LINK_MODES:
            found.append(f"'{item.get('linkMode')}' is not a valid linkMode")
        for creator in item.get("creators") or []:
            if creator.get("creatorType") not in self.creator_types(item_type):
                found.append(
                    f"'{creator.get('creatorType')}' is not a valid creator type for '{item_type}'"
                )
            if "name" in creator and ({"firstName", "lastName"} & set(creator)):
                found.append("a creator has both 'name' and 'firstName'/'lastName'")
        for tag in item.get("tags") or []:
            if not isinstance(tag, dict) or not str(tag.get("tag") or "").strip():
                found.append(f"tag {tag!r} must be an object with a non-empty 'tag'")
        return found


@dataclass
class Fault:
    kind: int | str  # an HTTP status, or "lost": do the work, then close without a reply
    method: str | None = None
    path: str | None = None  # a substring of the request path
    headers: dict = field(default_factory=dict)
    body: str = ""
    times: int = 1
    after: int = 0  # let this many matching requests through first

    def matches(self, method: str, path: str) -> bool:
        return (self.method in (None, method)) and (self.path is None or self.path in path)


class Faults:
    """Faults injected into a double: `inject(...)`, then each request `take(...)`s one."""

    def __init__(self, lock: threading.RLock) -> None:
        self.lock = lock
        self.pending: list[Fault] = []

    def add(self, fault: Fault) -> None:
        with self.lock:
            self.pending.append(fault)

    def clear(self) -> None:
        with self.lock:
            self.pending.clear()

    def take(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.pending:
                if fault.matches(method, path):
                    if fault.after > 0:
                        fault.after -= 1
                        return None
                    fault.times -= 1
                    if fault.times <= 0:
                        self.pending.remove(fault)
                    return fault
        return None
