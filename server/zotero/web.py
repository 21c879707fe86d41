"""The Zotero web library through pyzotero: key check, lookups, collections, item writes.

pyzotero sleeps on its own for `Backoff`/`Retry-After`; `_BoundedZotero` caps each wait at
ZOTERO_MAX_WAIT and turns a longer one into `RateLimited`. Every failure leaves here as a
`ZoteroError` whose message is ours (see errors.py for why).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx2
from pyzotero import zotero, zotero_errors

from server.config import Settings
from server.models import normalise_title
from server.zotero.errors import (
    AccessDenied,
    NoReply,
    NotConfigured,
    RateLimited,
    Unreachable,
    ZoteroError,
    error_for_status,
)

MAX_BATCH = 50  # the web API's limit on objects per write
FIX_ACCESS = (
    "check ZOTERO_API_KEY (a key allowed to write to this library, from "
    "https://www.zotero.org/settings/keys) and ZOTERO_LIBRARY_ID / ZOTERO_LIBRARY_TYPE"
)


def library_name(settings: Settings) -> str:
    """`users/123` or `groups/456`: the web library the settings point at."""
    return f"{settings.zotero_library_type}s/{settings.zotero_library_id or '?'}"


def require_web_settings(settings: Settings) -> None:
    """NotConfigured unless the settings name a web library and a key for it."""
    missing = [
        name
        for name, value in (
            ("ZOTERO_LIBRARY_ID", settings.zotero_library_id),
            ("ZOTERO_API_KEY", settings.zotero_api_key),
        )  # fmt: skip
        if not value
    ]
    if missing:
        raise NotConfigured(
            f"the Zotero web library is not configured: set {' and '.join(missing)} "
            "(environment or papershelf.toml in the instance folder)"
        )


@dataclass
class WriteOutcome:
    """What one create call did, by position in the batch."""

    created: dict[int, str] = field(default_factory=dict)  # position -> item key
    failed: dict[int, str] = field(default_factory=dict)  # position -> Zotero's reason


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
        require_web_settings(settings)
        self.settings = settings
        self.library = library_name(settings)
        self.library_id = str(settings.zotero_library_id)
        client = httpx2.Client(follow_redirects=True, timeout=settings.http_timeout)
        self.zot = _BoundedZotero(
            self.library_id, settings.zotero_library_type, settings.zotero_api_key, client=client
        )
        self.zot.endpoint = settings.zotero_api_base_url.rstrip("/")  # pyzotero's own switch
        self.zot.max_wait = settings.zotero_max_wait

    def close(self) -> None:
        self.zot.client.close()

    def check(self) -> dict:
        """The key's access; raises AccessDenied unless it may write to the library."""
        info = self._call("checking the API key", self.zot.current_key)
        access = info.get("access") or {}
        if self.settings.zotero_library_type == "user":
            if str(info.get("userID")) != self.library_id:
                raise AccessDenied(
                    f"the API key belongs to user {info.get('userID')}, not to "
                    f"ZOTERO_LIBRARY_ID={self.library_id}: {FIX_ACCESS}"
                )
            can_write = bool((access.get("user") or {}).get("write"))
        else:
            groups = access.get("groups") or {}
            group = groups.get(self.library_id) or groups.get("all") or {}
            can_write = bool(group.get("write"))
        if not can_write:
            raise AccessDenied(f"the API key may not write to {self.library}: {FIX_ACCESS}")
        return info

    def template(self, item_type: str) -> dict:
        return self._call("fetching the item template", self.zot.item_template, item_type)

    def find_existing(self, item: dict) -> str | None:
        """The key of an item in the library that is this one (title search, then ids)."""
        title = item.get("title") or ""
        found = self._call(
            "looking up existing items", self.zot.items, q=title, qmode="titleCreatorYear", limit=50
        )
        for candidate in found:
            if same_item(item, candidate.get("data") or candidate):
                return candidate.get("key") or (candidate.get("data") or {}).get("key")
        return None

    def collection_key(self, wanted: str) -> str:
        """The key of the collection named (or keyed) `wanted`, created when missing."""
        collections = self._call(
            "listing collections", lambda: self.zot.everything(self.zot.collections(limit=100))
        )
        for collection in collections:
            data = collection.get("data") or {}
            if wanted in (collection.get("key"), data.get("name")):
                return collection["key"]
        answer = self._call(
            f"creating the collection {wanted!r}", self.zot.create_collections, [{"name": wanted}]
        )
        outcome = write_outcome(answer)
        if 0 not in outcome.created:
            raise error_for_status(400, f"creating the collection {wanted!r}")
        return outcome.created[0]

    def create(self, items: list[dict]) -> WriteOutcome:
        """Create up to 50 items; Zotero's answer mapped to positions in `items`."""
        if len(items) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} items per write")
        for _attempt in range(3):
            try:
                answer = self._call("saving items", self.zot.create_items, items)
            except ValueError:  # pyzotero parsed a refusal's text body as JSON
                answer = None
            status = self.zot.request.status_code if self.zot.request is not None else 0
            if status == 429:
                continue  # the write was refused; pyzotero recorded the backoff we wait out
            if not isinstance(answer, dict):
                raise NoReply("saving items: Zotero's answer could not be read")
            return write_outcome(answer)
        raise RateLimited(self.zot.backoff_until - time.time())

    def _call(self, what: str, function, *args, **kwargs):
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
        except zotero_errors.PyZoteroError:
            status = self.zot.request.status_code if self.zot.request is not None else 0
            if status in (401, 403, 404):
                raise AccessDenied(
                    f"{what}: Zotero refused access to {self.library} ({status}): {FIX_ACCESS}"
                ) from None
            raise error_for_status(status, what) from None
        finally:
            self.zot.url_params = None  # pyzotero keeps a failed call's query for the next


def write_outcome(answer: dict) -> WriteOutcome:
    """Zotero's multi-object write answer -> created keys and failures by position."""
    outcome = WriteOutcome()
    for position, value in (answer.get("successful") or {}).items():
        outcome.created[int(position)] = value.get("key") or value.get("data", {}).get("key")
    for position, key in (answer.get("success") or {}).items():
        outcome.created.setdefault(int(position), key)
    for position, key in (answer.get("unchanged") or {}).items():
        outcome.created.setdefault(int(position), key)
    for position, value in (answer.get("failed") or {}).items():
        outcome.failed[int(position)] = f"Zotero refused it ({value.get('code')}): " + str(
            value.get("message") or "no reason given"
        )
    return outcome


def same_item(ours: dict, theirs: dict) -> bool:
    """Whether a library item is this paper: same arXiv id, DOI or URL (or bare title)."""
    mine, other = identifiers(ours), identifiers(theirs)
    if mine & other:
        return True
    if mine - {f"url:{_url(ours.get('url'))}"} or other - {f"url:{_url(theirs.get('url'))}"}:
        return False
    return normalise_title(ours.get("title") or "") == normalise_title(theirs.get("title") or "")


def identifiers(item: dict) -> set[str]:
    found = set()
    archive_id = (item.get("archiveID") or "").strip()
    if archive_id.lower().startswith("arxiv:"):
        found.add(f"arxiv:{_arxiv(archive_id[6:])}")
    for line in (item.get("extra") or "").splitlines():
        if line.lower().startswith("arxiv:"):
            found.add(f"arxiv:{_arxiv(line[6:].split()[0] if line[6:].split() else '')}")
    if item.get("DOI"):
        found.add(f"doi:{item['DOI'].strip().lower()}")
    if item.get("url"):
        found.add(f"url:{_url(item['url'])}")
    found.discard("arxiv:")
    return found


def _arxiv(value: str) -> str:
    value = value.strip().lower()
    head, _, version = value.rpartition("v")
    return head if head and version.isdigit() else value


def _url(value: str | None) -> str:
    value = (value or "").strip().rstrip("/")
    return value.replace("http://", "https://", 1) if value.startswith("http://") else value
