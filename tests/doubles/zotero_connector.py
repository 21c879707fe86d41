"""A Zotero desktop double: the app's HTTP server on 127.0.0.1:23119 (connector and local API).

    with ZoteroConnectorDouble(local_api=True) as zotero:   # files_editable=, targets=, ...
        config["ZOTERO_CONNECTOR_URL"] = zotero.base_url
        ... zotero.items (each item JSON saved, with "sessionID"), zotero.library (the
            items as Zotero stores them: key, tags with type, collections), zotero.sessions,
            zotero.attachments, zotero.dropped, zotero.requests

Written from zotero/zotero chrome/content/zotero/xpcom/server/: server.js (request handling:
the Host check, Content-Length, methods, content types, the browser rule, bare 500s, reply
headers), server_connector.js (the endpoints), saveSession.js (what a session does with
items, targets and tags) and server_localAPI.js (the /api/ endpoints, zotero_local_api.py).
`inject(status|"lost", path=)` answers the next matching request with that status, or does
the work and closes without a reply.
"""

from __future__ import annotations

import json
import re
import secrets

from . import DoubleHandler, LocalServer
from .zotero_common import Fault, Faults, ZoteroSchema, new_key
from .zotero_connector_endpoints import ENDPOINTS, EndpointError
from .zotero_local_api import is_local_api, local_api, supported_methods

ZOTERO_VERSION = "7.0.11"
HOST = re.compile(r"^(?:127\.0\.0\.1|\[::1\]|localhost)(?::[0-9]+)?$", re.IGNORECASE)
DEFAULT_TARGETS = [
    {"id": "L1", "name": "My Library", "level": 0},
    {"id": "C7", "name": "Papers", "level": 1},
]


class ZoteroConnectorDouble(LocalServer):
    def __init__(self, library_editable: bool = True, files_editable: bool = True,
                 targets: list[dict] | None = None, selected: str = "L1",
                 local_api: bool = False, latency: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.library_editable, self.files_editable = library_editable, files_editable
        self.targets = [dict(t) for t in (targets or DEFAULT_TARGETS)]
        self.selected = selected  # the row selected in Zotero's collection pane
        self.local_api = local_api  # Settings > Advanced > "Allow other applications ..."
        self.latency = latency
        self.user_id = "475425"
        self.server_id = secrets.token_hex(6)
        self.schema = ZoteroSchema()
        self.schema_version = self.schema.version
        self.collection_keys = {t["id"]: new_key() for t in self.targets if t["id"][0] == "C"}
        self.sessions: dict[str, dict] = {}  # id -> {"uri", "items", "keys", "target", "tags"}
        self.library: list[dict] = []  # the items as Zotero stores them (what /api/ reads)
        self.attachments: list[dict] = []
        self.requests: list[dict] = []
        self.dropped = 0
        self.version = 0
        self.faults = Faults(self.lock)

    @property
    def items(self) -> list[dict]:
        with self.lock:
            return [
                {**item, "sessionID": sid}
                for sid, s in self.sessions.items()
                for item in s["items"]
            ]

    def inject(self, kind: int | str, *, path: str | None = None, times: int = 1) -> None:
        self.faults.add(Fault(kind, None, path, {}, "", times))

    def store(self, item: dict, target: str) -> dict:
        """Zotero.Translate.ItemSaver: the item in the library, its tags automatic
        (forceTagType: 1, saveSession.js saveItems); fields the type lacks go to Extra
        (item.js fromJSON, not strict)."""
        item_type = item.get("itemType")
        if not item_type:
            raise EndpointError("itemType property not provided")
        if item_type not in self.schema.types:
            raise EndpointError(f"Unknown item type '{item_type}'")
        allowed = set(self.schema.fields(item_type))
        data = {"itemType": item_type, "creators": list(item.get("creators") or [])}
        extra = [item["extra"]] if item.get("extra") else []
        skip = {"id", "itemType", "creators", "tags", "attachments", "notes", "extra", "seeAlso"}
        for name, value in item.items():
            if name in skip:
                continue
            if name in allowed:
                data[name] = value
            elif isinstance(value, str):
                extra.append(f"{name}: {value}")
        if extra:
            data["extra"] = "\n".join(extra)
        tags = [t.get("tag") if isinstance(t, dict) else t for t in item.get("tags") or []]
        data["tags"] = [{"tag": t, "type": 1} for t in tags if t]
        data["collections"] = self._collections(target)
        self.version += 1
        data |= {"key": new_key(), "version": self.version}
        self.library.append(data)
        return data

    def _collections(self, target: str) -> list[str]:
        key = self.collection_keys.get(target)
        return [key] if key else []


class _Handler(DoubleHandler):
    protocol_version = "HTTP/1.0"  # server.js _generateResponse: "HTTP/1.0 <status>"

    def do_HEAD(self):
        self._handle("HEAD")

    def do_OPTIONS(self):
        self._handle("OPTIONS")

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PUT(self):
        self._handle("PUT")

    def do_PATCH(self):
        self._handle("PATCH")

    def do_DELETE(self):
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        self.pause()
        path, query = self.split_url()
        double = self.double
        with double.lock:
            double.requests.append({"method": method, "path": path, "query": query,
                                    "headers": dict(self.headers)})  # fmt: skip
        # server.js handleRequest, in its order:
        if not HOST.match(self.headers.get("Host") or ""):  # DNS rebinding guard
            return self.reply(400, "text/plain", "Invalid Host header\n")
        if path not in ENDPOINTS and not is_local_api(path):
            return self.reply(404, "text/plain", "No endpoint found\n")
        if method in ("HEAD", "OPTIONS"):
            return self.reply(200)
        body = b""
        if method != "GET":
            length = self.headers.get("Content-Length") or ""
            if not length.isdigit() and method != "DELETE":
                self._discard_unread_input()
                return self.reply(400, "text/plain", "Content-length not provided\n")
            body = self.rfile.read(int(length)) if length.isdigit() else b""
        self._process(method, path, query, body)

    def _discard_unread_input(self) -> None:
        """Read what the client already sent: closing a socket with unread input resets the
        connection, and the client would lose the answer (a test artifact, not Zotero's)."""
        self.connection.settimeout(0.2)
        try:
            while self.connection.recv(65536):
                pass
        except OSError:
            pass

    def _process(self, method, path, query, body) -> None:
        """server.js _processEndpoint."""
        double = self.double
        methods, data_types = (
            (supported_methods(path), "*") if is_local_api(path) else ENDPOINTS[path][:2]
        )
        if method not in methods:
            return self.reply(400, "text/plain", "Endpoint does not support method\n")
        if self._from_a_web_page(path):
            with double.lock:
                double.dropped += 1
            return self.drop()  # _cancelResponse: closed with no reply at all
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        data = None
        if method != "GET" and content_type:
            if data_types != "*" and content_type not in data_types:
                return self.reply(400, "text/plain", "Endpoint does not support content-type\n")
            if content_type == "application/json":
                try:
                    data = json.loads(body.decode("utf-8") or "null")
                except ValueError:
                    return self.reply(400, "text/plain", "Invalid JSON provided\n")
            else:
                data = body
        fault = double.faults.take(method, path)
        if fault is not None and fault.kind != "lost":
            return self.reply(int(fault.kind), "text/plain", "injected\n")
        try:
            if is_local_api(path):
                status, headers, text = local_api(double, method, path, query, self.headers)
                answer = (status, headers, text)
            else:
                answer = ENDPOINTS[path][2](double, method, data, query, self.headers)
        except (EndpointError, AttributeError, TypeError, KeyError, ValueError):
            answer = (500,)  # the endpoint threw: a bare 500, no body
        if fault is not None:  # "lost": the work is done, the reply never arrives
            return self.drop()
        self.reply(*answer)

    def _from_a_web_page(self, path: str) -> bool:
        """The browser rule: a request with an Origin header, or a Mozilla/ User-Agent, is
        dropped unless it says X-Zotero-Connector-API-Version or Zotero-Allowed-Request
        (or is a navigation to /connector/ping)."""
        headers = self.headers
        browser = "Origin" in headers or (headers.get("User-Agent") or "").startswith("Mozilla/")
        return (
            browser
            and not headers.get("X-Zotero-Connector-API-Version")
            and not headers.get("Zotero-Allowed-Request")
            and not path.startswith("/test/")
            and not (path == "/connector/ping" and headers.get("Sec-Fetch-Mode") == "navigate")
        )

    def reply(self, status: int, content_type: str | dict | None = None, text: str = "") -> None:
        """server.js _generateResponse: X-Zotero-Version and the API version on every reply."""
        headers = {"X-Zotero-Version": ZOTERO_VERSION, "X-Zotero-Connector-API-Version": "3"}
        if isinstance(content_type, dict):
            headers |= content_type
        elif content_type:
            headers["Content-Type"] = content_type
        body = text.encode("utf-8")
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


ZoteroConnectorDouble.handler_class = _Handler


def desktop_config(double: ZoteroConnectorDouble, **overrides) -> dict:
    """papershelf settings that point the desktop target at this double."""
    return {
        "ZOTERO_TARGET": "desktop",
        "ZOTERO_CONNECTOR_URL": double.base_url,
        "HTTP_TIMEOUT": 5.0,
        **overrides,
    }
