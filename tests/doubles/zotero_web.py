"""A Zotero web API double: the endpoints pyzotero uses, in the documented shapes.

    with ZoteroWebDouble() as double:          # api_key=..., user_id=..., group_ids=...
        zot.endpoint = double.base_url
        double.inject(429, headers={"Retry-After": "1"})   # next matching request
        double.inject("lost", method="POST", path="/items") # created, then no reply
        ... double.items (data of every item created), double.collections,
            double.requests (what was asked), double.item_writes (POST .../items bodies)

Faithful where papershelf depends on it: key check (/keys/current), item template
(/items/new), reads with `q` over titles and creators (paged with Link headers), writes of
at most 50 objects (413), one use per Zotero-Write-Token (412), fields and creator types
checked against Zotero's schema (a failed entry with code 400), a wrong key or library
(403). The schema is the copy shipped in server/zotero/schema.json (its source and version inside).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from . import DoubleHandler, LocalServer

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "server" / "zotero" / "schema.json"
DEFAULT_KEY = "dOUBLEkEY0123456789abcdef"
DEFAULT_USER = "475425"
MAX_WRITE = 50
KEY_CHARS = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
# Keys every item may carry besides its type's fields.
ITEM_KEYS = {"itemType", "creators", "tags", "collections", "relations", "key", "version",
             "deleted", "dateAdded", "dateModified", "parentItem", "inPublications"}  # fmt: skip


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

    def template(self, item_type: str) -> dict:
        primary = next(iter(self.creator_types(item_type)), None)
        template: dict = {"itemType": item_type}
        for name in self.fields(item_type):
            template[name] = ""
            if name == "title" and primary:
                template["creators"] = [{"creatorType": primary, "firstName": "", "lastName": ""}]
        return template | {"tags": [], "collections": [], "relations": {}}

    def problems(self, item: dict) -> list[str]:
        """What Zotero would refuse in this item; [] when it is valid."""
        item_type = item.get("itemType")
        if item_type not in self.types:
            return [f"'itemType' {item_type!r} is not a valid item type"]
        allowed = set(self.fields(item_type))
        found = [
            f"'{key}' is not a valid field for type '{item_type}'"
            for key in item
            if key not in allowed and key not in ITEM_KEYS
        ]
        found += [
            f"'{k}' must be a string" for k in allowed & set(item) if not isinstance(item[k], str)
        ]
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


class ZoteroWebDouble(LocalServer):
    def __init__(self, api_key: str = DEFAULT_KEY, user_id: str = DEFAULT_USER,
                 group_ids: tuple[str, ...] = ("4711",), write_access: bool = True,
                 schema_path: Path = SCHEMA_PATH) -> None:  # fmt: skip
        super().__init__()
        self.api_key, self.user_id, self.group_ids = api_key, str(user_id), set(group_ids)
        self.write_access = write_access
        self.schema = ZoteroSchema(schema_path)
        self.items: list[dict] = []  # the data of every item created, in order
        self.collections: list[dict] = []
        self.requests: list[dict] = []  # {"method", "path", "query", "headers"}
        self.item_writes: list[list] = []  # body of each accepted POST .../items
        self.faults: list[Fault] = []
        self.version = 1
        self._tokens: set[str] = set()

    def inject(self, kind: int | str, *, method: str | None = None, path: str | None = None,
               headers: dict | None = None, body: str = "", times: int = 1,
               after: int = 0) -> None:  # fmt: skip
        """Answer `times` matching requests (after the first `after`) with `kind`: an HTTP
        status (with `headers` and `body`), or "lost" (do the work, then no reply)."""
        with self.lock:
            self.faults.append(Fault(kind, method, path, dict(headers or {}), body, times, after))

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    if fault.after > 0:
                        fault.after -= 1
                        return None
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def new_key(self) -> str:
        return "".join(secrets.choice(KEY_CHARS) for _ in range(8))

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

    def _handle(self, method: str) -> None:
        path, query = self.split_url()
        body = self.read_body()
        double = self.double
        with double.lock:
            double.requests.append(
                {"method": method, "path": path, "query": query, "headers": dict(self.headers)}
            )
        fault = double.take_fault(method, path)
        if fault is not None and fault.kind != "lost":
            return self.send(int(fault.kind), fault.body.encode(), headers=fault.headers)
        status, value, headers = route(double, method, path, query, body, self.headers)
        if fault is not None:  # "lost": the work is done, the reply never arrives
            return self.drop()
        if isinstance(value, str):
            return self.send(status, value.encode(), headers=headers)
        return self.send_json(status, value, headers)


ZoteroWebDouble.handler_class = _Handler


def route(double: ZoteroWebDouble, method, path, query, body: bytes, headers):
    """(status, JSON value or text, headers) for one request."""
    key = api_key(headers)
    parts = [p for p in path.split("/") if p]
    if parts == ["items", "new"]:
        item_type = query.get("itemType", "")
        if item_type not in double.schema.types:
            return 400, f"Invalid item type '{item_type}'", {}
        return 200, double.schema.template(item_type), {}
    if parts[:1] == ["keys"]:
        if key != double.api_key or parts[1:] not in (["current"], [double.api_key]):
            return 403, "Invalid key", {}
        access = {"library": True, "files": True, "notes": True, "write": double.write_access}
        groups = {g: {"library": True, "write": double.write_access} for g in double.group_ids}
        return 200, {"key": key, "userID": int(double.user_id), "username": "double",
                     "access": {"user": access, "groups": groups}}, {}  # fmt: skip
    if len(parts) < 3 or parts[0] not in ("users", "groups"):
        return 404, "Not found", {}
    owner_ok = parts[1] == double.user_id if parts[0] == "users" else parts[1] in double.group_ids
    if key != double.api_key or not owner_ok:
        return 403, "Forbidden", {}
    resource, rest = parts[2], parts[3:]
    store = double.items if resource == "items" else double.collections
    if resource not in ("items", "collections"):
        return 404, "Not found", {}
    if method == "GET":
        return read(double, resource, store, rest, query)
    if not double.write_access:
        return 403, "Write access denied", {}
    return write(double, resource, store, body, headers)


def api_key(headers) -> str | None:
    auth = headers.get("Authorization", "")
    return auth[7:] if auth.startswith("Bearer ") else headers.get("Zotero-API-Key")


def read(double, resource, store, rest, query):
    with double.lock:
        found = [d for d in store if not d.get("deleted")]
        if rest:
            match = [d for d in found if d["key"] == rest[0]]
            if not match:
                return 404, "Not found", {}
            return 200, double.envelope(match[0], resource), {}
        words = query.get("q", "").casefold().split()
        found = [d for d in found if all(w in searchable(d) for w in words)]
        start, limit = int(query.get("start", 0)), min(int(query.get("limit", 25)), 100)
        page = [double.envelope(d, resource) for d in found[start : start + limit]]
        headers = {"Total-Results": len(found), "Last-Modified-Version": double.version}
    if start + limit < len(found):
        base = f"{double.base_url}/{'/'.join(['users', double.user_id, resource])}"
        params = "&".join(f"{k}={v}" for k, v in query.items() if k != "start")
        headers["Link"] = f'<{base}?{params}&start={start + limit}>; rel="next"'
    return 200, page, headers


def searchable(data: dict) -> str:
    """What `q` matches: titles and creators (and the year) only, like the real API."""
    creators = " ".join(
        " ".join(filter(None, (c.get("firstName"), c.get("lastName"), c.get("name"))))
        for c in data.get("creators") or []
    )
    year = str(data.get("date") or "")[:4]
    return f"{data.get('title', '')} {data.get('name', '')} {creators} {year}".casefold()


def write(double, resource, store, body: bytes, headers):
    token = headers.get("Zotero-Write-Token")
    with double.lock:
        if token and token in double._tokens:
            return 412, "Write token already used", {}
        try:
            objects = json.loads(body or b"null")
        except ValueError:
            return 400, "Invalid JSON", {}
        if not isinstance(objects, list):
            return 400, "Uploaded data must be a JSON array", {}
        if len(objects) > MAX_WRITE:
            return 413, f"Only {MAX_WRITE} objects can be saved in a single request", {}
        answer: dict = {"successful": {}, "success": {}, "unchanged": {}, "failed": {}}
        for position, obj in enumerate(objects):
            problems = object_problems(double, resource, obj)
            if problems:
                answer["failed"][str(position)] = {"key": None, "code": 400, "message": problems[0]}
                continue
            double.version += 1
            data = {**obj, "key": double.new_key(), "version": double.version}
            store.append(data)
            answer["successful"][str(position)] = double.envelope(data, resource)
            answer["success"][str(position)] = data["key"]
        if resource == "items":
            double.item_writes.append(objects)
        if token:
            double._tokens.add(token)
        return 200, answer, {"Last-Modified-Version": double.version}


def object_problems(double, resource, obj) -> list[str]:
    if not isinstance(obj, dict):
        return ["each object must be a JSON object"]
    if resource == "collections":
        return [] if str(obj.get("name") or "").strip() else ["collection name must be given"]
    problems = double.schema.problems(obj)
    known = {c["key"] for c in double.collections}
    problems += [
        f"collection {c} not found" for c in obj.get("collections") or [] if c not in known
    ]
    return problems


def web_config(double: ZoteroWebDouble, **overrides) -> dict:
    """papershelf settings that point the web target at this double."""
    return {
        "ZOTERO_TARGET": "web",
        "ZOTERO_API_BASE_URL": double.base_url,
        "ZOTERO_LIBRARY_ID": double.user_id,
        "ZOTERO_LIBRARY_TYPE": "user",
        "ZOTERO_API_KEY": double.api_key,
        "ZOTERO_MAX_WAIT": 2.0,
        "HTTP_TIMEOUT": 5.0,
        **overrides,
    }
