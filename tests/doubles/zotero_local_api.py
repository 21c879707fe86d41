"""Zotero's local API on the connector port (Zotero 7 and later), as the connector double serves.

Rules from zotero chrome/content/zotero/xpcom/server/server_localAPI.js:
- every /api/ request is answered `403 Local API is not enabled` (text/plain) unless the user
  turned it on (LocalAPIEndpoint.init, pref httpServer.localAPI.enabled);
- every answer carries Zotero-API-Version: 3, Zotero-Schema-Version and Zotero-Server-ID
  (makeResponse); a Zotero-Server-ID sent that is not this server's is 412, and a write
  without one is 428 (_validateServerID); writes need a local API key: 401 without
  (_authenticateWriteRequest) -- papershelf only reads;
- only API version 3 (501 otherwise), only user 0 or the logged-in user (400 otherwise);
- items: `q` with `qmode` (titleCreatorYear, everything, all; zotero_search.py), `itemKey`,
  `since`, `format=json|keys|versions`, `start`/`limit` (no limit by default), `/top`,
  `If-Modified-Since-Version` (304), `Total-Results` and `Last-Modified-Version`.
"""

from __future__ import annotations

import json
import re

from .zotero_search import local_q_matches

ITEMS = re.compile(r"^/api/(users|groups)/(\d+)/items(/top)?/?$")
ITEM = re.compile(r"^/api/(users|groups)/(\d+)/items/([23456789A-Z]{8})$")
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def is_local_api(path: str) -> bool:
    return path == "/api/" or bool(ITEMS.match(path) or ITEM.match(path))


def supported_methods(path: str) -> tuple[str, ...]:
    if path == "/api/":
        return ("GET",)
    return ("GET", "POST", "DELETE") if ITEMS.match(path) else ("GET", "PUT", "PATCH", "DELETE")


def local_api(double, method: str, path: str, query: dict, headers) -> tuple[int, dict, str]:
    """(status, headers, body) for one /api/ request."""
    if not double.local_api:
        return _answer(double, 403, "Local API is not enabled")
    sent_id = headers.get("Zotero-Server-ID")
    if sent_id and sent_id != double.server_id:
        return _answer(double, 412, "Zotero-Server-ID does not match this server")
    if not sent_id and method in WRITES:
        return _answer(double, 428, "Zotero-Server-ID not provided")
    version = headers.get("Zotero-API-Version") or query.get("v") or "3"
    if version != "3" and path != "/api/":
        return _answer(double, 501, f"API version not implemented: {version}")
    if path == "/api/":
        return _answer(double, 200, "Nothing to see here.")
    match = ITEMS.match(path) or ITEM.match(path)
    kind, owner = match.group(1), match.group(2)
    if kind == "users" and owner not in ("0", double.user_id):
        return _answer(double, 400, "Only data for the logged-in user is available locally "
                       f"-- use userID 0 or {double.user_id}")  # fmt: skip
    if kind == "groups":
        return _answer(double, 404, "Not found")
    if method in WRITES:
        return _answer(double, 401, "API key required -- POST /api/local/authorize to obtain one")
    with double.lock:
        library_version = double.version
        if ITEM.match(path):
            found = [d for d in double.library if d["key"] == match.group(3)]
            if not found:
                return _answer(double, 404, "Not found")
            return _json(double, 200, _envelope(double, found[0]), found[0]["version"])
        items = _select(double.library, bool(match.group(3)), query)
    asked = headers.get("If-Modified-Since-Version")
    if asked and asked.isdigit() and int(asked) != 0 and library_version <= int(asked):
        return _answer(double, 304, "", {"Last-Modified-Version": str(library_version)})
    extra = {"Total-Results": str(len(items)), "Last-Modified-Version": str(library_version)}
    start = int(query.get("start") or 0)
    limit = int(query.get("limit") or 0) or len(items) - start
    items = items[start : start + limit]
    if query.get("format") == "versions":
        return _json(double, 200, {d["key"]: d["version"] for d in items}, None, extra)
    if query.get("format") == "keys":
        return _answer(double, 200, "\n".join(d["key"] for d in items), extra)
    return _json(double, 200, [_envelope(double, d) for d in items], None, extra)


def _select(library: list[dict], top: bool, query: dict) -> list[dict]:
    items = [d for d in library if not d.get("deleted")]
    if top:
        items = [d for d in items if not d.get("parentItem")]
    if query.get("itemKey"):
        wanted = set(query["itemKey"].split(","))
        items = [d for d in items if d["key"] in wanted]
    if "since" in query:
        items = [d for d in items if d["version"] > int(query["since"])]
    if query.get("q"):
        items = [d for d in items if local_q_matches(d, query["q"], query.get("qmode"))]
    # the default sort is dateModified, newest first
    return sorted(items, key=lambda d: d["version"], reverse=True)


def _envelope(double, data: dict) -> dict:
    return {
        "key": data["key"],
        "version": data["version"],
        "library": {"type": "user", "id": int(double.user_id), "name": "My Library"},
        "links": {},
        "meta": {"numChildren": 0},
        "data": data,
    }


def _headers(double, extra: dict | None = None) -> dict:
    return {
        "Zotero-API-Version": "3",
        "Zotero-Schema-Version": str(double.schema_version),
        "Zotero-Server-ID": double.server_id,
        **(extra or {}),
    }


def _answer(double, status: int, text: str, extra: dict | None = None):
    return status, {"Content-Type": "text/plain", **_headers(double, extra)}, text


def _json(double, status: int, value, version: int | None, extra: dict | None = None):
    headers = {"Content-Type": "application/json", **_headers(double, extra)}
    if version is not None:
        headers["Last-Modified-Version"] = str(version)
    return status, headers, json.dumps(value, indent=4)
