"""The web API double's object reads and writes, with the syncing rules.

Sources: web API basics (reads, paging, trash), write_requests (multi-object writes, object
keys and versions, deleting) and syncing (`since`, `format=versions`,
`If-Modified-Since-Version`, `/deleted`); dataserver controllers/ApiController.php,
model/API.inc.php and model/DataObjects.inc.php for the exact answers.
"""

from __future__ import annotations

import json

from .zotero_common import KEY_PATTERN, new_key
from .zotero_search import web_q_matches

MAX_WRITE = 50  # basics/write_requests: at most 50 objects per write (413 beyond)


def read(double, resource, store, rest, query, headers):
    with double.lock:
        version = double.version
        if rest and rest[0] not in ("top", "trash"):
            match = [d for d in store if d["key"] == rest[0]]
            if not match:
                return 404, "Not found", {}
            return 200, double.envelope(match[0], resource), {"Last-Modified-Version": version}
        # ApiController checkLibraryIfModifiedSinceVersion: nothing newer -> 304, no body.
        asked = headers.get("If-Modified-Since-Version")
        if asked is not None and asked.isdigit() and version <= int(asked):
            return 304, None, {"Last-Modified-Version": version}
        found = select(store, rest, query)
    answer_headers = {"Total-Results": len(found), "Last-Modified-Version": version}
    # API.inc.php getLimitMax: keys and versions come whole; JSON at most 100 (default 25).
    if query.get("format") == "versions":
        return 200, {d["key"]: d["version"] for d in found}, answer_headers
    if query.get("format") == "keys":
        return 200, "".join(d["key"] + "\n" for d in found), answer_headers
    start, limit = int(query.get("start", 0)), min(int(query.get("limit", 25)), 100)
    page = [double.envelope(d, resource) for d in found[start : start + limit]]
    if start + limit < len(found):
        base = f"{double.base_url}/users/{double.user_id}/{resource}"
        params = "&".join(f"{k}={v}" for k, v in query.items() if k != "start")
        answer_headers["Link"] = f'<{base}?{params}&start={start + limit}>; rel="next"'
    return 200, page, answer_headers


def select(store, rest, query) -> list[dict]:
    """The objects a multi-object read asks for: since, itemKey, top, trash, q."""
    found = list(store)
    if rest[:1] == ["trash"]:
        found = [d for d in found if d.get("deleted")]
    elif query.get("includeTrashed") != "1":  # basics: trashed items only when asked
        found = [d for d in found if not d.get("deleted")]
    if rest[:1] == ["top"]:
        found = [d for d in found if not d.get("parentItem")]
    if "since" in query:  # syncing: objects changed after that library version
        found = [d for d in found if d["version"] > int(query["since"])]
    if query.get("itemKey"):
        wanted = set(query["itemKey"].split(","))
        found = [d for d in found if d["key"] in wanted]
    if query.get("q"):
        found = [d for d in found if web_q_matches(d, query["q"])]
    return found


def deleted_since(double, query):
    """syncing, "Get deleted data": what was deleted after `since`."""
    if not query.get("since", "").isdigit():
        return 400, "'since' parameter must be provided", {}
    since = int(query["since"])
    with double.lock:
        answer: dict = {"collections": [], "searches": [], "items": [], "tags": [], "settings": []}
        for kind, key, version in double.deleted:
            if version > since:
                answer[kind].append(key)
        return 200, answer, {"Last-Modified-Version": double.version}


def unmodified_since(double, headers):
    """ApiController checkLibraryIfUnmodifiedSinceVersion: (status, message) or None."""
    asked = headers.get("If-Unmodified-Since-Version")
    if asked is None:
        return None
    if not asked.isdigit():
        return 400, "Invalid If-Unmodified-Since-Version value"
    if double.version > int(asked):
        return 412, (
            f"Library has been modified since specified version "
            f"(expected {asked}, found {double.version})"
        )
    return None


def write(double, resource, store, body: bytes, headers, key):
    token = headers.get("Zotero-Write-Token")
    with double.lock:
        # ApiController getWriteTokenCacheKey: 5-32 characters, remembered per API key for
        # 12 hours after a successful write; a reused one is refused before anything else.
        if token is not None and not 5 <= len(token) <= 32:
            return 400, "Write token must be 5-32 characters in length", {}
        if token and (key, token) in double._tokens:
            return 412, "Write token already used", {}
        refused = unmodified_since(double, headers)
        if refused:
            return refused[0], refused[1], {"Last-Modified-Version": double.version}
        versioned = headers.get("If-Unmodified-Since-Version") is not None
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
            code, message = write_one(double, resource, store, obj, versioned)
            if code != 200:
                given = obj.get("key") if isinstance(obj, dict) else None
                answer["failed"][str(position)] = {"key": given, "code": code, "message": message}
                continue
            data = message
            answer["successful"][str(position)] = double.envelope(data, resource)
            answer["success"][str(position)] = data["key"]
        if resource == "items":
            double.item_writes.append(objects)
        if token:
            double._tokens.add((key, token))
        return 200, answer, {"Last-Modified-Version": double.version}


def write_one(double, resource, store, obj, versioned: bool):
    """(200, stored data) or (code, message) for one object of a multi-object write.

    DataObjects.inc.php updateMultipleFromJSON: each object is written in its own transaction
    and bumps the library version once; a failed object changes nothing. API.inc.php
    checkJSONObjectVersion: a `key` chosen by the client creates the object with that key;
    with `version: 0` it must not exist yet (412), a version > 0 must match (404/412); a
    key-based write without a version needs If-Unmodified-Since-Version (428).
    """
    if not isinstance(obj, dict):
        return 400, "each object must be a JSON object"
    kind = resource[:-1].capitalize()
    given_key = obj.get("key")
    if given_key is not None and not KEY_PATTERN.match(str(given_key)):
        return 400, f"'{given_key}' is not a valid {resource[:-1]} key"
    existing = next((d for d in store if d["key"] == given_key), None) if given_key else None
    version = obj.get("version")
    if "version" in obj and given_key is None:
        return 400, f"'version' is valid only if {resource[:-1]} key is provided"
    if version is not None:
        if existing is not None and existing["version"] > version:
            return 412, (f"{kind} has been modified since specified version "
                         f"(expected {version}, found {existing['version']})")  # fmt: skip
        if existing is None and version > 0:
            return 404, f"{kind} doesn't exist (expected version {version}; use 0 instead)"
    elif given_key is not None and not versioned:
        return 428, (
            "Either If-Unmodified-Since-Version or 'version' property must be provided "
            "for 'key'-based writes"
        )
    problems = object_problems(double, resource, obj)
    if problems:
        return 400, problems[0]
    double.version += 1
    data = {k: v for k, v in obj.items() if k != "version"}
    data |= {"key": given_key or new_key(), "version": double.version}
    if existing is not None:
        store[store.index(existing)] = data
    else:
        store.append(data)
    return 200, data


def object_problems(double, resource, obj) -> list[str]:
    if resource == "collections":
        return [] if str(obj.get("name") or "").strip() else ["collection name must be given"]
    problems = double.schema.problems(obj)
    known = {c["key"] for c in double.collections}
    problems += [
        f"collection {c} not found" for c in obj.get("collections") or [] if c not in known
    ]
    parent = obj.get("parentItem")
    if parent:  # write_requests: a child names an existing item, or one earlier in the batch
        item = double.find(parent)
        if item is None or item.get("parentItem"):
            problems.append(f"Parent item {parent} not found")
        if obj.get("collections"):
            problems.append("Child items cannot be assigned to collections")
    return problems


def delete_many(double, store, resource, query, headers):
    """write_requests, "Deleting Multiple Items": If-Unmodified-Since-Version is required."""
    if headers.get("If-Unmodified-Since-Version") is None:
        return 428, "If-Unmodified-Since-Version not provided", {}
    with double.lock:
        refused = unmodified_since(double, headers)
        if refused:
            return refused[0], refused[1], {"Last-Modified-Version": double.version}
        keys = [k for k in query.get(f"{resource[:-1]}Key", "").split(",") if k]
        if len(keys) > MAX_WRITE:
            return 413, f"Only {MAX_WRITE} objects can be deleted in a single request", {}
        double.version += 1
        for key in keys:
            store[:] = [d for d in store if d["key"] != key]
            double.deleted.append((resource, key, double.version))
        return 204, None, {"Last-Modified-Version": double.version}
