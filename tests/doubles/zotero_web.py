"""A Zotero web API double (api.zotero.org, API version 3), strict where papershelf relies on it.

    with ZoteroWebDouble(latency=0.1) as double:   # api_key=, user_id=, collections=, quota_mb=
        zot.endpoint = double.base_url
        double.inject(429, headers={"Retry-After": "1"})   # next matching request
        double.inject("lost", method="POST", path="/items") # done, then no reply
        ... double.items (top-level items), double.attachments, double.collections,
            double.files (stored files), double.requests, double.item_writes

Each rule cites where it comes from: the web API documentation
(zotero.org/support/dev/web_api/v3: basics, write_requests, file_upload, syncing) and the
dataserver that runs it (github.com/zotero/dataserver: controllers/ApiController.php,
controllers/ItemsController.php, model/DataObjects.inc.php, model/API.inc.php). The file upload
flow is in zotero_files.py, the `q` search in zotero_search.py.
"""

from __future__ import annotations

from . import DoubleHandler, LocalServer
from .zotero_common import SCHEMA_PATH, Fault, Faults, ZoteroSchema, new_key
from .zotero_files import file_request, s3_upload
from .zotero_web_objects import delete_many, deleted_since, read, write

__all__ = ["Fault", "ZoteroSchema", "ZoteroWebDouble", "web_config"]

DEFAULT_KEY = "dOUBLEkEY0123456789abcdef"
DEFAULT_USER = "475425"
S3_PATH = "/s3-upload"  # where the double's storage (S3's stand-in) takes uploads


class ZoteroWebDouble(LocalServer):
    def __init__(self, api_key: str = DEFAULT_KEY, user_id: str = DEFAULT_USER,
                 group_ids: tuple[str, ...] = ("4711",), write_access: bool = True,
                 collections: tuple[str, ...] = (), quota_mb: float = 300.0,
                 latency: float = 0.0, schema_path=SCHEMA_PATH) -> None:  # fmt: skip
        super().__init__()
        self.api_key, self.user_id, self.group_ids = api_key, str(user_id), set(group_ids)
        self.write_access = write_access
        self.latency = latency
        self.quota_bytes = quota_mb * 1024 * 1024
        self.backoff: int | None = None  # when set, every reply says `Backoff: N`
        self.schema = ZoteroSchema(schema_path)
        self.objects: list[dict] = []  # every item's data, children and trashed included
        self.collections: list[dict] = []
        self.deleted: list[tuple[str, str, int]] = []  # (kind, key, library version)
        self.requests: list[dict] = []  # {"method", "path", "query", "headers"}
        self.item_writes: list[list] = []  # body of each accepted POST .../items
        self.files: dict[tuple[str, str], bytes] = {}  # (md5, filename) -> stored bytes
        self.uploads: dict[str, dict] = {}  # upload key -> {"item", "info", "uploaded"}
        self.faults = Faults(self.lock)
        self.version = 0  # the library version: bumped once per object written
        self._tokens: set[tuple[str, str]] = set()
        for name in collections:
            self.add_object(self.collections, {"name": name, "parentCollection": False})

    # What a test looks at --------------------------------------------------------------
    @property
    def items(self) -> list[dict]:
        """Top-level items not in the trash, in the order they were created."""
        with self.lock:
            return [d for d in self.objects if not d.get("parentItem") and not d.get("deleted")]

    @property
    def attachments(self) -> list[dict]:
        with self.lock:
            return [d for d in self.objects if d.get("itemType") == "attachment"]

    def find(self, key: str) -> dict | None:
        with self.lock:
            return next((d for d in self.objects if d["key"] == key), None)

    # What another Zotero client (the user's desktop app, the browser connector) does ----
    def add_object(self, store: list, data: dict) -> dict:
        with self.lock:
            self.version += 1
            stored = {**data, "key": data.get("key") or new_key(), "version": self.version}
            store.append(stored)
            return stored

    def delete_item(self, key: str) -> None:
        """Delete an item for good (not to the trash): syncing clients see it in /deleted."""
        with self.lock:
            self.version += 1
            self.objects = [d for d in self.objects if d["key"] != key]
            self.deleted.append(("items", key, self.version))

    def inject(self, kind: int | str, *, method: str | None = None, path: str | None = None,
               headers: dict | None = None, body: str = "", times: int = 1,
               after: int = 0) -> None:  # fmt: skip
        """Answer `times` matching requests (after the first `after`) with `kind`: an HTTP
        status (with `headers` and `body`), or "lost" (do the work, then no reply)."""
        self.faults.add(Fault(kind, method, path, dict(headers or {}), body, times, after))

    def envelope(self, data: dict, kind: str = "items") -> dict:
        library = f"{self.base_url}/users/{self.user_id}"
        return {
            "key": data["key"],
            "version": data["version"],
            "library": {"type": "user", "id": int(self.user_id), "name": "double"},
            "links": {"self": {"href": f"{library}/{kind}/{data['key']}"}},
            "meta": {"numChildren": 0} if kind == "items" else {"numItems": 0},
            "data": data,
        }


class _Handler(DoubleHandler):
    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_DELETE(self):
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        path, query = self.split_url()
        body = self.read_body()
        self.pause()
        double = self.double
        with double.lock:
            double.requests.append(
                {"method": method, "path": path, "query": query, "headers": dict(self.headers)}
            )
        fault = double.faults.take(method, path)
        extra = {"Zotero-API-Version": "3"}  # basics: every answer names the API version
        if double.backoff:  # basics, "Rate Limiting": Backoff on any answer (ApiController)
            extra["Backoff"] = str(double.backoff)
        if fault is not None and fault.kind != "lost":
            return self.send(int(fault.kind), fault.body.encode(), headers=extra | fault.headers)
        if path == S3_PATH:
            status, value, headers = s3_upload(double, body, self.headers)
        else:
            status, value, headers = route(double, method, path, query, body, self.headers)
        if fault is not None:  # "lost": the work is done, the reply never arrives
            return self.drop()
        headers = extra | headers
        if value is None:
            return self.send(status, headers=headers)
        if isinstance(value, str):
            return self.send(status, value.encode(), headers=headers)
        return self.send_json(status, value, headers)


ZoteroWebDouble.handler_class = _Handler


def route(double: ZoteroWebDouble, method, path, query, body: bytes, headers):
    """(status, JSON value, text or None, headers) for one request."""
    key = api_key(headers)
    parts = [p for p in path.split("/") if p]
    if parts == ["items", "new"]:
        return new_item_template(double, query)
    if parts[:1] == ["keys"]:
        return key_info(double, key, parts)
    if len(parts) < 3 or parts[0] not in ("users", "groups"):
        return 404, "Not found", {}
    owner_ok = parts[1] == double.user_id if parts[0] == "users" else parts[1] in double.group_ids
    # basics, "Authentication": a missing or wrong key, or another library, is 403.
    if key != double.api_key or not owner_ok:
        return 403, "Forbidden", {}
    resource, rest = parts[2], parts[3:]
    if method != "GET" and not double.write_access:
        return 403, "Write access denied", {}  # ItemsController items(): canWrite
    if resource == "deleted" and method == "GET":
        return deleted_since(double, query)
    if resource not in ("items", "collections"):
        return 404, "Not found", {}
    store = double.objects if resource == "items" else double.collections
    if resource == "items" and len(rest) == 2 and rest[1] == "file" and method == "POST":
        return file_request(double, rest[0], body, headers, query)
    if method == "GET":
        return read(double, resource, store, rest, query, headers)
    if method == "DELETE" and not rest:
        return delete_many(double, store, resource, query, headers)
    if method == "POST" and not rest:
        return write(double, resource, store, body, headers, key)
    return 405, "Method not allowed", {}


def api_key(headers) -> str | None:
    auth = headers.get("Authorization", "")
    return auth[7:] if auth.startswith("Bearer ") else headers.get("Zotero-API-Key")


def new_item_template(double, query):
    item_type = query.get("itemType", "")
    if item_type not in double.schema.types:
        return 400, f"Invalid item type '{item_type}'", {}
    link_mode = query.get("linkMode")
    if item_type == "attachment" and link_mode not in (
        "imported_file", "imported_url", "linked_file", "linked_url"
    ):  # fmt: skip
        return 400, "Invalid linkMode", {}
    return 200, double.schema.template(item_type, link_mode), {}


def key_info(double, key, parts):
    if key != double.api_key or parts[1:] not in (["current"], [double.api_key]):
        return 403, "Invalid key", {}
    access = {"library": True, "files": True, "notes": True, "write": double.write_access}
    groups = {g: {"library": True, "write": double.write_access} for g in double.group_ids}
    return 200, {"key": key, "userID": int(double.user_id), "username": "double",
                 "access": {"user": access, "groups": groups}}, {}  # fmt: skip


def web_config(double: ZoteroWebDouble, **overrides) -> dict:
    """papershelf settings that point the web target at this double."""
    return {
        "ZOTERO_TARGET": "web",
        "ZOTERO_API_BASE_URL": double.base_url,
        "ZOTERO_LIBRARY_ID": double.user_id,
        "ZOTERO_LIBRARY_TYPE": "user",
        "ZOTERO_API_KEY": double.api_key,
        "ZOTERO_MAX_WAIT": 2.0,
        "ZOTERO_PDF": "none",  # PDFs are asked for by the tests about them
        "HTTP_TIMEOUT": 5.0,
        **overrides,
    }
