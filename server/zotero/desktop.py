"""The Zotero desktop app through its connector protocol (http://127.0.0.1:23119).

The connector has no search, so duplicates are caught by our own `saved` records (see
library.py). Zotero does not download attachments for us: we fetch the PDF and post it.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

from server.zotero.errors import NoReply, Rejected, Unreachable, ZoteroError, error_for_status

API_VERSION = "3"
CLIENT_VERSION = "papershelf/0.1"
MAX_PDF_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class DesktopSettings:
    base_url: str = "http://127.0.0.1:23119"
    timeout: float = 10.0
    ping_timeout: float = 3.0  # "is Zotero running?" should be answered within seconds

    @classmethod
    def from_config(cls, config) -> DesktopSettings:
        timeout = float(config.get("HTTP_TIMEOUT") or cls.timeout)
        return cls(
            base_url=(config.get("ZOTERO_CONNECTOR_URL") or cls.base_url).rstrip("/"),
            timeout=timeout,
            ping_timeout=min(timeout, cls.ping_timeout),
        )


class PdfUnavailable(Exception):
    """The PDF could not be fetched; the message says why (for a "PDF not attached" note)."""


class DesktopApp:
    def __init__(self, settings: DesktopSettings):
        self.settings = settings

    def ping(self) -> dict:
        """Zotero's connector preferences; Unreachable with a fix when it is not running."""
        body = self._post("checking the Zotero desktop app", "ping", {}, self.settings.ping_timeout)
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
        request = urllib.request.Request(
            f"{self.settings.base_url}/connector/{method}",
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Zotero-Version": CLIENT_VERSION,
                "X-Zotero-Connector-API-Version": API_VERSION,
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.settings.timeout) as reply:
                return reply.read()
        except urllib.error.HTTPError as exc:
            raise _http_error(what, exc) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, ConnectionRefusedError | socket.gaierror):
                raise Unreachable(
                    f"{what}: the Zotero desktop app is not running or not reachable at "
                    f"{self.settings.base_url}: start Zotero (7 or later), or set "
                    "ZOTERO_CONNECTOR_URL / ZOTERO_TARGET=web"
                ) from None
            raise self._no_reply(what, timeout) from None
        except (OSError, http.client.HTTPException):
            # A timeout or a connection closed without a reply: it may have been saved.
            raise self._no_reply(what, timeout) from None

    def _no_reply(self, what: str, timeout: float | None) -> NoReply:
        return NoReply(
            f"{what}: no reply from Zotero within {timeout or self.settings.timeout:g} s "
            "(or the connection was closed)"
        )


def _http_error(what: str, exc: urllib.error.HTTPError) -> ZoteroError:
    body = exc.read() or b""
    if exc.code == 500 and b"libraryEditable" in body:
        error: ZoteroError = Rejected(
            f"{what}: the library selected in Zotero is read-only; select another in Zotero"
        )
    elif exc.code == 409:
        error = Rejected(f"{what}: Zotero says this session already exists (409)")
    else:
        error = error_for_status(exc.code, what)
    error.http_status = exc.code
    return error


def fetch_pdf(url: str | None, timeout: float) -> bytes:
    """The PDF at `url`; PdfUnavailable saying why not."""
    if not url:
        raise PdfUnavailable("no PDF link is known for this paper")
    request = urllib.request.Request(url, headers={"User-Agent": CLIENT_VERSION})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            data = reply.read(MAX_PDF_BYTES + 1)
            kind = reply.headers.get("Content-Type", "unknown type")
    except urllib.error.HTTPError as exc:
        raise PdfUnavailable(f"{url} answered {exc.code}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or type(exc).__name__
        raise PdfUnavailable(f"could not fetch {url} ({reason})") from None
    if len(data) > MAX_PDF_BYTES:
        raise PdfUnavailable(f"{url} is larger than {MAX_PDF_BYTES // 2**20} MB")
    if not data.startswith(b"%PDF-"):
        raise PdfUnavailable(f"{url} did not return a PDF ({kind})")
    return data


def _json(body: bytes) -> dict:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
