"""The Zotero web library through pyzotero: key check, sync reads, versioned writes, files.

pyzotero sleeps on its own for `Backoff`/`Retry-After`; `_BoundedZotero` caps each wait at
ZOTERO_MAX_WAIT and turns a longer one into `RateLimited`. Every failure leaves here as a
`ZoteroError` whose message is ours (see errors.py for why). The pyzotero internals relied
on are pinned by tests/test_zotero_pyzotero_contract.py.

Writes are versioned (`If-Unmodified-Since-Version`, Zotero's sync protocol) and every new
object carries a key papershelf chose and `version: 0`; a repeated write therefore never makes
a second item: Zotero answers 412 (the library moved on) or, per object, 412 (that key
exists). pyzotero's create_items sends a fresh Zotero-Write-Token per call and has no way to
re-send one; the versioned write with our own keys makes the token unnecessary.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
from pyzotero import zotero, zotero_errors
from pyzotero.errors import ERROR_CODES

from server.config import Settings, zotero_problem
from server.zotero.errors import (
    AccessDenied,
    LibraryChanged,
    NoReply,
    NotConfigured,
    QuotaExceeded,
    RateLimited,
    Unreachable,
    ZoteroError,
    error_for_status,
)

MAX_BATCH = 50  # the web API's limit on objects per write (and keys per itemKey=)
FIX_ACCESS = (
    "check ZOTERO_API_KEY (a key allowed to write to this library, from "
    "https://www.zotero.org/settings/keys) and ZOTERO_LIBRARY_ID / ZOTERO_LIBRARY_TYPE"
)


def library_name(settings: Settings) -> str:
    """`users/123` or `groups/456`: the web library the settings point at."""
    return f"{settings.zotero_library_type}s/{settings.zotero_library_id or '?'}"


@dataclass
class WriteOutcome:
    """What one create call did, by position in the batch."""

    created: dict[int, tuple[str, int]] = field(default_factory=dict)  # -> (key, version)
    existing: dict[int, str] = field(default_factory=dict)  # our key was there already (412)
    failed: dict[int, str] = field(default_factory=dict)  # position -> Zotero's reason
    library_version: int | None = None


@dataclass
class Changes:
    """What changed in the library since a version (syncing)."""

    versions: dict[str, int]  # item key -> version, for items changed since
    library_version: int


class _BoundedZotero(zotero.Zotero):
    max_wait = 30.0

    def _check_backoff(self) -> None:
        # pyzotero would sleep as long as the server asks; we wait a bounded time only.
        remaining = self.backoff_until - time.time()
        if remaining > self.max_wait:
            raise RateLimited(remaining)
        if remaining > 0:
            time.sleep(remaining)

    @zotero.retrieve
    def current_key(self, **kwargs) -> str:
        # pyzotero's key_info() puts the key itself in the URL (and so in logs); this doesn't.
        return self._build_query("/keys/current")


class WebLibrary:
    def __init__(self, settings: Settings):
        problem = zotero_problem(settings, "web")
        if problem:
            raise NotConfigured(problem)
        self.settings = settings
        self.library = library_name(settings)
        self.library_id = str(settings.zotero_library_id)
        client = httpx2.Client(follow_redirects=True, timeout=settings.http_timeout)
        self.zot = _BoundedZotero(
            self.library_id, settings.zotero_library_type, settings.zotero_api_key, client=client
        )
        self.zot.endpoint = settings.zotero_api_base_url.rstrip("/")  # pyzotero's own switch
        self.zot.max_wait = settings.zotero_max_wait
        self.requests = 0  # requests sent to Zotero (bench/bench_zotero.py reports them)

    def close(self) -> None:
        self.zot.client.close()

    def check(self) -> dict:
        """The key's access; raises AccessDenied unless it may write to the library."""
        info = self._call("checking the API key", self.zot.current_key)
        access = info.get("access") or {}
        if self.settings.zotero_library_type == "user":
            if str(info.get("userID")) != self.library_id:
                raise AccessDenied(
                    f"the API key belongs to another user, not to ZOTERO_LIBRARY_ID: {FIX_ACCESS}"
                )
            can_write = bool((access.get("user") or {}).get("write"))
        else:
            groups = access.get("groups") or {}
            group = groups.get(self.library_id) or groups.get("all") or {}
            can_write = bool(group.get("write"))
        if not can_write:
            raise AccessDenied(f"the API key may not write to {self.library}: {FIX_ACCESS}")
        return info

    def collection_key(self, wanted: str) -> str:
        """The key of the collection named (or keyed) `wanted`; NotConfigured when the
        library has none (a typo must not make a new collection)."""
        collections = self._call(
            "listing collections", lambda: self.zot.everything(self.zot.collections(limit=100))
        )
        for collection in collections:
            data = collection.get("data") or {}
            if wanted in (collection.get("key"), data.get("name")):
                return collection["key"]
        raise NotConfigured(
            f"ZOTERO_COLLECTION names no collection in {self.library}: create it in Zotero "
            "or change the setting"
        )

    def changes_since(self, version: int) -> Changes:
        """Items (trashed ones too) changed after library version `version`."""
        versions = self._call("syncing the library", self.zot.item_versions, since=version,
                              includeTrashed=1)  # fmt: skip
        return Changes(dict(versions), self._library_version())

    def items_by_key(self, keys: list[str]) -> list[dict]:
        """The data of up to 50 items."""
        found = self._call("reading changed items", self.zot.items, itemKey=",".join(keys),
                           includeTrashed=1, limit=MAX_BATCH)  # fmt: skip
        return [entry.get("data") or entry for entry in found]

    def deleted_since(self, version: int) -> list[str]:
        answer = self._call("reading deletions", self.zot.deleted, since=version)
        return list(answer.get("items") or [])

    def create(self, objects: list[dict], library_version: int) -> WriteOutcome:
        """Create up to 50 objects if the library is still at `library_version`;
        LibraryChanged (412) when it moved on."""
        if len(objects) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} objects per write")
        for _attempt in range(3):
            try:
                answer = self._call("saving items", self.zot.create_items, objects,
                                    last_modified=library_version)  # fmt: skip
            except ValueError:  # pyzotero parsed a refusal's text body as JSON
                answer = None
            status = self.zot.request.status_code if self.zot.request is not None else 0
            if status == 429:
                continue  # the write was refused; pyzotero recorded the backoff we wait out
            if not isinstance(answer, dict):
                raise NoReply("saving items: Zotero's answer could not be read")
            outcome = write_outcome(answer, objects)
            outcome.library_version = self._library_version()
            return outcome
        raise RateLimited(self.zot.backoff_until - time.time())

    def delete(self, keys: list[str], library_version: int) -> None:
        self._call("removing attachments", self.zot.delete_item, [{"key": k} for k in keys],
                   last_modified=library_version)  # fmt: skip

    def upload(self, key: str, filename: str, data: bytes) -> bool:
        """Upload the file of attachment item `key`; False when Zotero had it already
        ("exists"). QuotaExceeded (413) when the owner's storage is full."""
        with tempfile.TemporaryDirectory(prefix="papershelf-") as folder:
            (Path(folder) / filename).write_bytes(data)
            result = self._call("uploading the PDF", self.zot.upload_attachments,
                                [{"key": key, "filename": filename}], basedir=folder)  # fmt: skip
        return not result.get("unchanged")

    def _library_version(self) -> int:
        header = self.zot.request.headers.get("Last-Modified-Version", "0")
        return int(header) if header.isdigit() else 0

    def _call(self, what: str, function, *args, **kwargs):
        self.requests += 1
        try:
            return function(*args, **kwargs)
        except ZoteroError:
            raise
        except httpx2.ConnectError:
            raise Unreachable(
                f"{what}: cannot connect to {self.settings.zotero_api_base_url} (check the "
                "network and ZOTERO_API_BASE_URL)"
            ) from None
        except httpx2.TimeoutException:
            raise NoReply(f"{what}: no reply within {self.settings.http_timeout:g} s") from None
        except httpx2.TransportError:
            raise NoReply(f"{what}: the connection closed before Zotero replied") from None
        except zotero_errors.TooManyRetriesError:
            raise RateLimited(self.zot.backoff_until - time.time()) from None  # <= 0: unknown
        except zotero_errors.UploadError:
            raise NoReply(f"{what}: the upload did not finish") from None
        except zotero_errors.PyZoteroError as exc:
            raise self._refusal(what, exc) from None
        finally:
            self.zot.url_params = None  # pyzotero keeps a failed call's query for the next

    def _refusal(self, what: str, exc: Exception) -> ZoteroError:
        """Our error for pyzotero's: the status of the answer that failed (the upload steps
        do not leave it in `zot.request`: then the exception's class says it)."""
        last = self.zot.request.status_code if self.zot.request is not None else 0
        codes = [code for code, cls in ERROR_CODES.items() if type(exc) is cls]
        if last >= 400 and (not codes or last in codes):
            status = last
        elif codes:
            status = codes[0]
        else:
            return (
                NoReply(f"{what}: Zotero refused it")
                if last < 400
                else error_for_status(last, what)
            )
        if status in (401, 403, 404):
            return AccessDenied(
                f"{what}: Zotero refused access to {self.library} ({status}): {FIX_ACCESS}"
            )
        if status == 412:
            return LibraryChanged(f"{what}: the library changed meanwhile (412)")
        if status == 413 and what == "uploading the PDF":
            return QuotaExceeded("your Zotero storage is full (413)")
        return error_for_status(status, what)


def write_outcome(answer: dict, objects: list[dict]) -> WriteOutcome:
    """Zotero's multi-object write answer -> created keys, our keys already there (a
    per-object 412 for a key we chose), and failures, by position."""
    outcome = WriteOutcome()
    for position, value in (answer.get("successful") or {}).items():
        data = value.get("data") or {}
        key = value.get("key") or data.get("key")
        outcome.created[int(position)] = (key, int(value.get("version") or 0))
    for position, key in (answer.get("success") or {}).items():
        outcome.created.setdefault(int(position), (key, 0))
    for position, key in (answer.get("unchanged") or {}).items():
        outcome.existing[int(position)] = key
    for position, value in (answer.get("failed") or {}).items():
        index = int(position)
        ours = objects[index].get("key") if index < len(objects) else None
        if value.get("code") == 412 and ours and value.get("key") in (ours, None):
            outcome.existing[index] = ours
            continue
        outcome.failed[index] = f"Zotero refused it ({value.get('code')}): " + str(
            value.get("message") or "no reason given"
        )
    return outcome
