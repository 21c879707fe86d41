"""The arXiv PDF of a paper, fetched through papershelf's one HTTP stack (server/http.py)."""

from __future__ import annotations

import requests

from server.config import Settings
from server.errors import PapershelfError
from server.http import BodyTooLarge, read_body
from server.models import Paper
from server.zotero.errors import nothing_sent

MAX_PDF_BYTES = 100 * 1024 * 1024


class PdfUnavailable(PapershelfError):
    """The PDF could not be fetched; the message says why (for a "PDF not attached" note)."""


def pdf_url(paper: Paper, settings: Settings) -> str | None:
    if paper.arxiv_id:
        return f"{settings.zotero_pdf_base_url.rstrip('/')}/pdf/{paper.arxiv_id}"
    return paper.links.pdf


def pdf_filename(paper: Paper) -> str:
    return f"{(paper.arxiv_id or 'paper').replace('/', '_')}.pdf"


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
        reason = "connection refused" if nothing_sent(exc) else type(exc).__name__
        raise PdfUnavailable(f"could not fetch {url} ({reason})") from None
    if not data.startswith(b"%PDF-"):
        raise PdfUnavailable(f"{url} did not return a PDF ({kind})")
    return data
