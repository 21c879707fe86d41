"""The Zotero desktop app on this machine: its connector protocol and its local API, both on
http://127.0.0.1:23119, through papershelf's one HTTP stack (server/http.py).

By Zotero's rules (zotero/zotero chrome/content/zotero/xpcom/server/): every request says
X-Zotero-Connector-API-Version (else a request that looks like a browser's gets no reply),
JSON bodies say so; updateSession always gets a `target` (Zotero reads it unguarded);
saveAttachment answers 200 "Library files are not editable." when it did not save. The local
API (Zotero 7 and later, when the user enables it) answers item searches; when it is off,
every /api/ request is `403 Local API is not enabled`.
"""

from __future__ import annotations

import json
import uuid

import requests

from server.config import Settings
from server.http import make_session
from server.version import papershelf_version
from server.zotero.errors import (
    NoReply,
    Rejected,
    Unreachable,
    ZoteroError,
    error_for_status,
    nothing_sent,
)

API_VERSION = "3"
PING_TIMEOUT = 3.0  # "is Zotero running?" should be answered within seconds
FILES_NOT_EDITABLE = b"Library files are not editable."


class FilesNotEditable(ZoteroError):
    """Zotero kept the item but not the file: the library's files are not editable."""


class LocalApiOff(ZoteroError):
    """Zotero's local API is not enabled (or this Zotero has none)."""


class DesktopApp:
    def __init__(self, settings: Settings, session: requests.Session | None = None):
        self.settings = settings
        self.base_url = settings.zotero_connector_url.rstrip("/")
        self.timeout = settings.http_timeout
        self.session = session or make_session(settings, retries=0)

    def close(self) -> None:
        self.session.close()

    def ping(self) -> dict:
        """Zotero's connector preferences; Unreachable with a fix when it is not running."""
        wait = min(self.timeout, PING_TIMEOUT)
        body = self._post("checking the Zotero desktop app", "ping", {}, wait)
        return _json(body).get("prefs", {})

    def selected_target(self) -> dict:
        """The library/collection selected in Zotero, whether its files are editable, and the
        targets it offers (treeViewIDs `L<id>`, `C<id>`)."""
        return _json(self._post("asking Zotero for its selected collection",
                                "getSelectedCollection", {}))  # fmt: skip

    def save_items(self, items: list[dict], uri: str) -> str:
        """Save items in a fresh session; returns the session id."""
        for _attempt in range(2):
            session_id = uuid.uuid4().hex
            payload = {"sessionID": session_id, "uri": uri, "items": items}
            try:
                self._post("saving to the Zotero desktop app", "saveItems", payload)
            except Rejected as exc:
                if getattr(exc, "http_status", None) == 409:
                    continue  # SESSION_EXISTS: another save used this id; take a new one
                raise
            return session_id
        raise Rejected("saving to the Zotero desktop app: session ids keep clashing")

    def update_session(self, session_id: str, target: str, tags: list[str]) -> None:
        payload = {"sessionID": session_id, "target": target, "tags": tags}
        self._post("applying the collection and tags in Zotero", "updateSession", payload)

    def save_attachment(self, session_id: str, parent_id: str, url: str, pdf: bytes) -> None:
        metadata = {
            "id": uuid.uuid4().hex[:8],
            "url": url,
            "contentType": "application/pdf",
            "parentItemID": parent_id,
            "title": "Preprint PDF",
        }
        body = self._post(
            "attaching the PDF",
            f"saveAttachment?sessionID={session_id}",
            pdf,
            headers={"Content-Type": "application/pdf", "X-Metadata": json.dumps(metadata)},
        )
        if body.strip() == FILES_NOT_EDITABLE:
            raise FilesNotEditable("the library's files are not editable")

    def find_items(self, q: str, qmode: str) -> list[dict]:
        """Items matching a quick search, through the local API; LocalApiOff when it is off."""
        what = "looking the paper up through Zotero's local API"
        try:
            reply = self.session.get(
                f"{self.base_url}/api/users/0/items",
                params={"q": q, "qmode": qmode, "format": "json"},
                headers={"Zotero-API-Version": "3"},
                timeout=(self.settings.connect_timeout, self.timeout),
            )
        except requests.RequestException:
            raise LocalApiOff(f"{what}: no answer") from None
        if reply.status_code == 403:
            raise LocalApiOff("Zotero's local API is not enabled")
        if reply.status_code >= 400:
            raise error_for_status(reply.status_code, what)
        try:
            return [entry.get("data") or {} for entry in reply.json()]
        except (ValueError, AttributeError):
            raise NoReply(f"{what}: the answer could not be read") from None

    def _post(self, what: str, method: str, payload, timeout: float | None = None,
              headers: dict | None = None) -> bytes:  # fmt: skip
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        wait = timeout or self.timeout
        try:
            reply = self.session.post(
                f"{self.base_url}/connector/{method}",
                data=data,
                headers={
                    "Content-Type": "application/json",
                    "X-Zotero-Version": papershelf_version(),
                    "X-Zotero-Connector-API-Version": API_VERSION,
                    **(headers or {}),
                },
                timeout=(min(self.settings.connect_timeout, wait), wait),
            )
        except requests.ConnectionError as exc:
            if nothing_sent(exc):
                raise Unreachable(
                    f"{what}: the Zotero desktop app is not running or not reachable at "
                    f"{self.base_url}: start Zotero (7 or later), or set "
                    "ZOTERO_CONNECTOR_URL / ZOTERO_TARGET=web"
                ) from None
            raise self._no_reply(what, wait) from None
        except requests.RequestException:
            # A timeout or a connection closed without a reply: it may have been saved.
            raise self._no_reply(what, wait) from None
        if reply.status_code >= 400:
            if "X-Zotero-Version" not in reply.headers:
                raise Unreachable(
                    f"{what}: something other than Zotero answers at {self.base_url} "
                    f"({reply.status_code}): check ZOTERO_CONNECTOR_URL"
                )
            raise _http_error(what, reply.status_code, reply.content)
        return reply.content

    def _no_reply(self, what: str, timeout: float) -> NoReply:
        return NoReply(
            f"{what}: no reply from Zotero within {timeout:g} s (or the connection was closed)"
        )


def _http_error(what: str, status: int, body: bytes) -> ZoteroError:
    if status == 500 and b"libraryEditable" in body:
        error: ZoteroError = Rejected(
            f"{what}: the library selected in Zotero is read-only; select another in Zotero"
        )
    elif status == 409:
        error = Rejected(f"{what}: Zotero says this session already exists (409)")
    elif status == 400:
        code = _json(body).get("error") or body.decode("utf-8", "replace").strip()
        error = Rejected(f"{what}: Zotero refused the request (400 {code})")
    else:
        error = error_for_status(status, what)
    error.http_status = status
    return error


def _json(body: bytes) -> dict:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
