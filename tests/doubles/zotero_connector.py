"""A Zotero desktop connector double (the app's server on 127.0.0.1:23119).

    with ZoteroConnectorDouble() as zotero:     # library_editable=..., targets=...
        config["ZOTERO_CONNECTOR_URL"] = zotero.base_url
        ... zotero.items (every item saved, with "sessionID"), zotero.sessions,
            zotero.attachments ({"metadata", "data", "sessionID"}), zotero.dropped

Like the real app: GET/POST /connector/ping, saveItems (201; 409 SESSION_EXISTS for a
reused sessionID; 500 {"libraryEditable": false} when read-only), saveAttachment (400
without X-Metadata or for an unknown session/parent), updateSession, getSelectedCollection;
and a request with an Origin header (or a browser User-Agent) but no
X-Zotero-Connector-API-Version is dropped without a reply. `inject(status|"lost", path=)`
works as in ZoteroWebDouble.
"""

from __future__ import annotations

import json

from . import DoubleHandler, LocalServer
from .zotero_web import Fault

PREFS = {
    "automaticSnapshots": True,
    "downloadAssociatedFiles": True,
    "supportsAttachmentUpload": True,
    "supportsTagsAutocomplete": True,
    "canUserAddNote": True,
}
DEFAULT_TARGETS = [
    {"id": "L1", "name": "My Library", "level": 0, "filesEditable": True},
    {"id": "C7", "name": "Papers", "level": 1, "filesEditable": True},
]


class ZoteroConnectorDouble(LocalServer):
    def __init__(self, library_editable: bool = True, targets: list[dict] | None = None) -> None:
        super().__init__()
        self.library_editable = library_editable
        self.targets = list(targets or DEFAULT_TARGETS)
        self.sessions: dict[str, dict] = {}  # id -> {"uri", "items", "target", "tags"}
        self.attachments: list[dict] = []
        self.requests: list[dict] = []
        self.dropped = 0
        self.faults: list[Fault] = []

    @property
    def items(self) -> list[dict]:
        with self.lock:
            return [
                {**item, "sessionID": sid}
                for sid, s in self.sessions.items()
                for item in s["items"]
            ]

    def inject(self, kind: int | str, *, path: str | None = None, times: int = 1) -> None:
        with self.lock:
            self.faults.append(Fault(kind, None, path, {}, "", times))

    def take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.matches("POST", path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        return None


class _Handler(DoubleHandler):
    def do_GET(self):
        if self._refused():
            return
        if self.split_url()[0] == "/connector/ping":
            return self.send(200, b"<!DOCTYPE html><html><body>Zotero is running</body></html>",
                             "text/html")  # fmt: skip
        self.send(404, b"No endpoint found")

    def do_POST(self):
        body = self.read_body()
        if self._refused():
            return
        path, query = self.split_url()
        double = self.double
        with double.lock:
            double.requests.append({"path": path, "query": query, "headers": dict(self.headers)})
        fault = double.take_fault(path)
        if fault is not None and fault.kind != "lost":
            return self.send(int(fault.kind), b"injected")
        method = path.removeprefix("/connector/")
        handler = ENDPOINTS.get(method)
        if handler is None:
            return self.send(404, b"No endpoint found")
        status, value = handler(double, body, query, self.headers)
        if fault is not None:
            return self.drop()
        if value is None:
            return self.send(status)
        if isinstance(value, str):
            return self.send(status, value.encode())
        return self.send_json(status, value)

    def _refused(self) -> bool:
        """Zotero drops web-page requests that do not speak the connector protocol."""
        browser = self.headers.get("Origin") or (
            self.headers.get("User-Agent", "").startswith("Mozilla/")
        )
        if browser and not self.headers.get("X-Zotero-Connector-API-Version"):
            with self.double.lock:
                self.double.dropped += 1
            self.drop()
            return True
        return False


ZoteroConnectorDouble.handler_class = _Handler


def _json(body: bytes):
    try:
        return json.loads(body or b"{}")
    except ValueError:
        return None


def ping(double, body, query, headers):
    return 200, {"prefs": PREFS}


def save_items(double, body, query, headers):
    data = _json(body)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return 400, "Invalid request"
    session_id = data.get("sessionID")
    with double.lock:
        if session_id in double.sessions:
            return 409, "SESSION_EXISTS"
        if not double.library_editable:
            return 500, {"libraryEditable": False}
        double.sessions[session_id] = {
            "uri": data.get("uri"),
            "items": data["items"],
            "target": "L1",
            "tags": [],
        }
    return 201, None


def save_attachment(double, body, query, headers):
    raw = headers.get("X-Metadata")
    if not raw:
        return 400, "X-Metadata header not provided"
    metadata = _json(raw.encode())
    session = double.sessions.get(query.get("sessionID"))
    if session is None or not isinstance(metadata, dict):
        return 400, "Session not found" if session is None else "Invalid X-Metadata"
    if metadata.get("parentItemID") not in {item.get("id") for item in session["items"]}:
        return 400, "Parent item not found"
    with double.lock:
        double.attachments.append(
            {"metadata": metadata, "data": body, "sessionID": query.get("sessionID"),
             "contentType": headers.get("Content-Type")}
        )  # fmt: skip
    return 201, None


def update_session(double, body, query, headers):
    data = _json(body) or {}
    with double.lock:
        session = double.sessions.get(data.get("sessionID"))
        if session is None:
            return 400, "Session not found"
        if "target" in data:
            if data["target"] not in {t["id"] for t in double.targets}:
                return 400, "Target not found"
            session["target"] = data["target"]
        tags = data.get("tags") or []
        session["tags"] = [t.strip() for t in tags.split(",")] if isinstance(tags, str) else tags
    return 200, None


def selected_collection(double, body, query, headers):
    return 200, {
        "libraryID": 1,
        "libraryName": "My Library",
        "libraryEditable": double.library_editable,
        "filesEditable": double.library_editable,
        "editable": double.library_editable,
        "id": None,
        "name": "My Library",
        "targets": double.targets,
    }


ENDPOINTS = {
    "ping": ping,
    "saveItems": save_items,
    "saveAttachment": save_attachment,
    "updateSession": update_session,
    "getSelectedCollection": selected_collection,
}


def desktop_config(double: ZoteroConnectorDouble, **overrides) -> dict:
    """papershelf settings that point the desktop target at this double."""
    return {
        "ZOTERO_TARGET": "desktop",
        "ZOTERO_CONNECTOR_URL": double.base_url,
        "HTTP_TIMEOUT": 5.0,
        **overrides,
    }
