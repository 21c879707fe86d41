"""The connector endpoints of the desktop double, from zotero/zotero
chrome/content/zotero/xpcom/server/server_connector.js (and saveSession.js for what a
session does). Each returns (status, content type, body) like a one-parameter endpoint's
init(); an exception is what a JavaScript error is there: server.js answers a bare 500.
"""

from __future__ import annotations

import json
import secrets

API_VERSION = "3"  # server_connector.js CONNECTOR_API_VERSION
PREFS = {
    "automaticSnapshots": True,
    "downloadAssociatedFiles": True,
    "supportsAttachmentUpload": True,
    "supportsTagsAutocomplete": True,
    "canUserAddNote": True,
}


class EndpointError(Exception):
    """What a JavaScript exception in an endpoint is: server.js answers a bare 500."""


def field(data, name: str):
    """`data.name` as JavaScript reads it: undefined on text, a TypeError on null (500)."""
    if data is None:
        raise EndpointError(f"Cannot read properties of null (reading '{name}')")
    return data.get(name) if isinstance(data, dict) else None


def _error(status: int, code: str):
    return status, "application/json", json.dumps({"error": code})


def ping(double, method, data, query, headers):
    if method == "GET":
        return 200, "text/html", "<!DOCTYPE html><html><body>Zotero is running</body></html>"
    field(data, "activeURL")  # req.data.activeURL: no JSON body -> TypeError -> 500
    return 200, "application/json", json.dumps({"prefs": PREFS})


def save_items(double, method, data, query, headers):
    """SaveItems.init: version warning, session (409 if it exists), read-only library (500
    with libraryEditable), then ItemSaver (its exceptions: a bare 500)."""
    asked = headers.get("X-Zotero-Connector-API-Version") or API_VERSION
    if asked.isdigit() and int(asked) < int(API_VERSION):
        return _error(400, "CONNECTOR_VERSION_OUTDATED")
    session_id = field(data, "sessionID") or secrets.token_hex(4)
    with double.lock:
        if session_id in double.sessions:
            return _error(409, "SESSION_EXISTS")
        session = {"uri": field(data, "uri"), "items": [], "keys": {},
                   "target": double.selected, "tags": []}  # fmt: skip
        double.sessions[session_id] = session
        if not double.library_editable:
            return 500, "application/json", json.dumps({"libraryEditable": False})
        items = field(data, "items")
        if not isinstance(items, list):
            raise EndpointError("items is not an array")
        stored = [double.store(item, session["target"]) for item in items]
        session["items"] = items
        session["keys"] = {item.get("id"): s["key"] for item, s in zip(items, stored, strict=True)}
    return 201, "application/json", ""


def save_attachment(double, method, data, query, headers):
    """SaveAttachment.init: X-Metadata (400), its JSON (500 if not), the session (400), the
    library's files (200 "Library files are not editable."), the parent (500 if unknown)."""
    raw = headers.get("X-Metadata")
    if not raw:
        return _error(400, "METADATA_NOT_PROVIDED")
    metadata = json.loads(raw)
    session_id = metadata.get("sessionID") or query.get("sessionID")
    if not session_id:
        return _error(400, "SESSION_ID_NOT_PROVIDED")
    with double.lock:
        session = double.sessions.get(session_id)
        if session is None:
            return _error(400, "SESSION_NOT_FOUND")
        if not double.files_editable:
            return 200, "text/plain", "Library files are not editable."
        parent = session["keys"][metadata["parentItemID"]]  # KeyError -> 500, as in Zotero
        double.attachments.append({"metadata": metadata, "data": data, "sessionID": session_id,
                                   "contentType": headers.get("Content-Type"),
                                   "parentKey": parent})  # fmt: skip
    return (201,)


def update_session(double, method, data, query, headers):
    """UpdateSession.init: sessionID (400), session (400), `data.target[0]` read unguarded (no
    target: a 500), a collection that does not exist (400); then saveSession.js update: the
    items move to the target and get the tags as the user's own, automatic ones kept."""
    if not field(data, "sessionID"):
        return _error(400, "SESSION_ID_NOT_PROVIDED")
    with double.lock:
        session = double.sessions.get(data["sessionID"])
        if session is None:
            return _error(400, "SESSION_NOT_FOUND")
        target = field(data, "target")
        if not isinstance(target, str) or not target:
            raise EndpointError("Cannot read properties of undefined (reading '0')")
        kind = target[0]
        known = {t["id"] for t in double.targets}
        if kind == "C" and target not in known:
            return _error(400, "COLLECTION_NOT_FOUND")
        if kind != "C" and target not in known:
            raise EndpointError(f"Unsupported target '{target}'")
        tags = field(data, "tags") or []
        tags = tags.split(",") if isinstance(tags, str) else tags
        tags = [t.strip() for t in tags if t.strip()]
        session["target"], session["tags"] = target, tags
        for key in session["keys"].values():
            item = next(d for d in double.library if d["key"] == key)
            automatic = [t for t in item["tags"] if t.get("type") == 1]
            item["tags"] = automatic + [{"tag": t} for t in tags]
            item["collections"] = double._collections(target)
            double.version += 1
            item["version"] = double.version
    return 200, "application/json", "{}"


def selected_collection(double, method, data, query, headers):
    """GetSelectedCollection.init: the library and collection of the selected row, whether
    its library and files are editable, and the editable targets (treeViewIDs)."""
    field(data, "switchToReadableLibrary")  # postData.hasOwnProperty: null body -> 500
    selected = next(t for t in double.targets if t["id"] == double.selected)
    is_collection = selected["id"].startswith("C")
    answer = {
        "libraryID": 1,
        "libraryName": "My Library",
        "libraryEditable": double.library_editable,
        "filesEditable": double.files_editable,
        "editable": double.library_editable,
        "id": int(selected["id"][1:]) if is_collection else None,
        "name": selected["name"] if is_collection else "My Library",
        "targets": [t | {"filesEditable": double.files_editable} for t in double.targets]
        if double.library_editable
        else [],
        "tags": {"L1": []},
    }
    return 200, "application/json", json.dumps(answer)


# path -> (supportedMethods, supportedDataTypes, endpoint), from server_connector.js
ENDPOINTS = {
    "/connector/ping": (("GET", "POST"), ("application/json", "text/plain"), ping),
    "/connector/saveItems": (("POST",), ("application/json",), save_items),
    "/connector/saveAttachment": (("POST",), "*", save_attachment),
    "/connector/updateSession": (("POST",), ("application/json",), update_session),
    "/connector/getSelectedCollection": (("POST",), ("application/json",), selected_collection),
}
