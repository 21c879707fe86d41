"""Client for arXiv's export API (`/api/query?id_list=...`), and its Atom parser (pure).

arXiv asks for one request every 3 s: requests to one base URL are spaced by `min_interval`
across every client in the process, and each asks for many ids at once. Two answers that are
failures in disguise are detected: HTTP 200 with a single entry titled "Error", and a
plain-text "Rate exceeded.".
"""

from __future__ import annotations

import re
import threading
import time
import xml.etree.ElementTree as ET  # noqa: S405 - see parse_atom
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from server.models import strip_arxiv_version
from server.progress import SILENT, Progress
from server.upstream.http import BadResponse, HttpClient, RateLimited

SERVICE = "arXiv"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
ABS_RE = re.compile(r"arxiv\.org/abs/(.+)$")

_last_request: dict[str, float] = {}  # base URL -> monotonic time of its last request
_turns = threading.Lock()


class ArxivQueryError(BadResponse):
    """arXiv answered 200 with an "Error" entry: it refused the query's arguments."""


@dataclass
class ArxivEntry:
    arxiv_id: str  # without version
    title: str
    authors: list[str] = field(default_factory=list)
    abstract: str | None = None
    published: date | None = None
    primary_category: str | None = None
    categories: list[str] = field(default_factory=list)
    doi: str | None = None


def parse_atom(text: str) -> list[ArxivEntry]:
    """The entries of an export API answer. Raises ArxivQueryError / BadResponse.

    ElementTree does not fetch external entities, and the expat it ships with (>= 2.4.1)
    refuses entity-expansion bombs, so it is safe for this untrusted input.
    """
    if text.lstrip().lower().startswith("rate exceeded"):
        raise RateLimited("arXiv answered 'Rate exceeded.'")
    try:
        root = ET.fromstring(text)  # noqa: S314 - see docstring
    except ET.ParseError as exc:
        snippet = " ".join(text[:60].split())
        raise BadResponse(f"arXiv sent something that is not Atom ({exc}): {snippet!r}") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise BadResponse(f"arXiv sent XML that is not an Atom feed (root {root.tag})")
    entries = []
    for node in root.findall("atom:entry", NS):
        entry_id = _text(node, "atom:id") or ""
        title = _text(node, "atom:title") or ""
        if title == "Error" and "/api/errors" in entry_id:
            reason = _text(node, "atom:summary") or entry_id
            raise ArxivQueryError(f"arXiv refused the query: {reason}")
        match = ABS_RE.search(entry_id)
        if not match:
            continue  # not a paper entry
        primary = node.find("arxiv:primary_category", NS)
        entries.append(
            ArxivEntry(
                arxiv_id=strip_arxiv_version(match[1]),
                title=title,
                authors=[
                    " ".join(name.split())
                    for name in (_text(a, "atom:name") for a in node.findall("atom:author", NS))
                    if name
                ],
                abstract=_text(node, "atom:summary"),
                published=_day(_text(node, "atom:published")),
                primary_category=primary.get("term") if primary is not None else None,
                categories=[
                    c.get("term") for c in node.findall("atom:category", NS) if c.get("term")
                ],
                doi=_text(node, "arxiv:doi"),
            )
        )
    return entries


class ArxivApi:
    def __init__(
        self,
        http: HttpClient,
        base_url: str,
        min_interval: float = 3.0,
        batch_size: int = 50,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.min_interval = max(0.0, float(min_interval))
        self.batch_size = max(1, batch_size)
        self.clock = clock
        self.sleep = sleep
        self.requests = 0

    def entries(self, arxiv_ids: list[str], progress: Progress = SILENT) -> dict[str, ArxivEntry]:
        """Entries for these ids (asked `batch_size` at a time, each batch advancing
        `progress`), keyed by versionless id."""
        wanted = list(dict.fromkeys(strip_arxiv_version(i) for i in arxiv_ids))
        found: dict[str, ArxivEntry] = {}
        for start in range(0, len(wanted), self.batch_size):
            batch = wanted[start : start + self.batch_size]
            for entry in self._query(batch):
                found[entry.arxiv_id] = entry
            progress.advance(len(batch))
        return found

    def _query(self, batch: list[str]) -> list[ArxivEntry]:
        params = {"id_list": ",".join(batch), "max_results": len(batch)}
        retries = self.http.settings.http_retries
        for attempt in range(retries + 1):
            self._wait_turn()
            response = self.http.get(
                f"{self.base_url}/api/query",
                params,
                service=SERVICE,
                accept="application/atom+xml",
            )
            try:
                return parse_atom(response.text())
            except RateLimited:
                if attempt == retries:
                    raise RateLimited(
                        f"arXiv answered 'Rate exceeded.' {retries + 1} times; try again later"
                    ) from None
                # Back off beyond the usual spacing before the next turn.
                wait = min(self.min_interval * 2**attempt, self.http.settings.retry_max_wait)
                self.sleep(wait)
        raise AssertionError("unreachable")

    def _wait_turn(self) -> None:
        with _turns:
            last = _last_request.get(self.base_url)
            if last is not None:
                remaining = self.min_interval - (self.clock() - last)
                if remaining > 0:
                    self.sleep(remaining)
            _last_request[self.base_url] = self.clock()
            self.requests += 1


def _text(node: ET.Element, path: str) -> str | None:
    child = node.find(path, NS)
    if child is None or child.text is None:
        return None
    return " ".join(child.text.split()) or None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
