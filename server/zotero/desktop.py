"""The Zotero desktop app through its connector protocol (http://127.0.0.1:23119).

The connector has no search, so duplicates are caught by our own `saved` records (see
library.py). Zotero does not download attachments for us: we fetch the PDF and post it.
"""

from __future__ import annotations

import json
import socket
import uuid

import requests

from server.config import Settings
from server.errors import PapershelfError
from server.http import BodyTooLarge, make_session, read_body
from server.version import papershelf_version
from server.zotero.errors import NoReply, Rejected, Unreachable, ZoteroError, error_for_status

API_VERSION = "3"
MAX_PDF_BYTES = 100 * 1024 * 1024
PING_TIMEOUT = 3.0  # "is Zotero running?" should be answered within seconds


class PdfUnavailable(PapershelfError):
    """The PDF could not be fetched; the message says why (for a "PDF not attached" note)."""


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
        return _json(body).get("prefs", {}) if body else {}

    def selected_target(self) -> dict:
        """The library/collection selected in Zotero and the targets it offers."""
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

    def update_session(self, session_id: str, target: str | None, tags: list[str]) -> None:
        payload: dict = {"sessionID": session_id, "tags": tags}
        if target:
            payload["target"] = target
        self._post("applying the collection and tags in Zotero", "updateSession", payload)

    def save_attachment(self, session_id: str, parent_id: str, url: str, pdf: bytes) -> None:
        metadata = {
            "id": uuid.uuid4().hex[:8],
            "url": url,
            "contentType": "application/pdf",
            "parentItemID": parent_id,
            "title": "Preprint PDF",
        }
        self._post(
            "attaching the PDF",
            f"saveAttachment?sessionID={session_id}",
            pdf,
            headers={"Content-Type": "application/pdf", "X-Metadata": json.dumps(metadata)},
        )

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
            if _refused(exc):
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
            raise _http_error(what, reply.status_code, reply.content)
        return reply.content

    def _no_reply(self, what: str, timeout: float) -> NoReply:
        return NoReply(
            f"{what}: no reply from Zotero within {timeout:g} s (or the connection was closed)"
        )


def _refused(exc: BaseException) -> bool:
    """Whether nothing was sent: the connection was refused or the name did not resolve."""
    seen, todo = set(), [exc]
    while todo:
        error = todo.pop()
        if id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, ConnectionRefusedError | socket.gaierror):
            return True
        linked = [error.__cause__, error.__context__, getattr(error, "reason", None), *error.args]
        todo.extend(e for e in linked if isinstance(e, BaseException))
    return False


def _http_error(what: str, status: int, body: bytes) -> ZoteroError:
    if status == 500 and b"libraryEditable" in body:
        error: ZoteroError = Rejected(
            f"{what}: the library selected in Zotero is read-only; select another in Zotero"
        )
    elif status == 409:
        error = Rejected(f"{what}: Zotero says this session already exists (409)")
    else:
        error = error_for_status(status, what)
    error.http_status = status
    return error


def fetch_pdf(session: requests.Session, url: str | None, settings: Settings) -> bytes:
    """The PDF at `url`; PdfUnavailable saying why not."""
    if not url:
        raise PdfUnavailable("no PDF link is known for this paper")
    try:
        with session.get(url, timeout=(settings.connect_timeout, settings.http_timeout),
                         stream=True) as reply:  # fmt: skip
            if reply.status_code >= 400:
                raise PdfUnavailable(f"{url} answered {reply.status_code}")
            kind = reply.headers.get("Content-Type", "unknown type")
            data = read_body(reply, MAX_PDF_BYTES)
    except BodyTooLarge:
        raise PdfUnavailable(f"{url} is larger than {MAX_PDF_BYTES // 2**20} MB") from None
    except requests.RequestException as exc:
        reason = "connection refused" if _refused(exc) else type(exc).__name__
        raise PdfUnavailable(f"could not fetch {url} ({reason})") from None
    if not data.startswith(b"%PDF-"):
        raise PdfUnavailable(f"{url} did not return a PDF ({kind})")
    return data


def _json(body: bytes) -> dict:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
