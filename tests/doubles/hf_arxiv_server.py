"""One local server playing both the Hugging Face papers API and arXiv's export API.

    with HfArxivDouble() as double:    # HF at double.base_url, arXiv at double.base_url too
        double.page_size = 2                             # listings come in pages of 2
        double.inject("/api/daily_papers", Reply(429, headers={"Retry-After": "0"}))
        ... double.requests (path, query, headers of each request)

Shapes follow ../shared/guides/formats.md §1-2: `GET /api/daily_papers?date=|week=|month=&p=
&limit=` (an array; 400 for a future or invalid date; `[]` past the end), `GET
/api/papers/search?q=&limit=` (an array of items), `GET /api/papers/<id>` (one flat paper
object; 404 when not indexed), `GET /api/query?id_list=a,b&max_results=N` (Atom; an
"Error" entry for a malformed id). Data comes from tests/fixtures/upstream/.

Switches: `page_size` (the most items a page holds, whatever `limit` asks), `etags` (ETag
on every answer, 304 for a matching If-None-Match), `today` (later dates are "future"),
`arxiv_mode` ("ok", "error_entry" or "rate_exceeded": the plain-text 200), and `inject`
for one-off (or repeated) replies: any status, headers, body, malformed JSON, a delay.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import DoubleHandler, LocalServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upstream"
ATOM = "http://www.w3.org/2005/Atom"
ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?$")
WEEK = re.compile(r"^\d{4}-W\d{2}$")
MONTH = re.compile(r"^\d{4}-\d{2}$")
ET.register_namespace("", ATOM)
ET.register_namespace("arxiv", "http://arxiv.org/schemas/atom")
ET.register_namespace("opensearch", "http://a9.com/-/spec/opensearch/1.1/")


@dataclass
class Reply:
    """A canned answer. `delay` seconds pass before it is sent (a slow reply)."""

    status: int = 200
    body: bytes | str = b""
    headers: dict = field(default_factory=dict)
    content_type: str = "application/json"
    delay: float = 0.0
    times: int | None = 1  # how many requests it answers; None: all of them


@dataclass
class Seen:
    path: str
    query: dict
    headers: dict


def load_json(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class _Handler(DoubleHandler):
    def do_GET(self):
        path, query = self.split_url()
        double: HfArxivDouble = self.double
        with double.lock:
            double.requests.append(Seen(path, query, dict(self.headers.items())))
            injected = double.take_injected(path)
        if injected is not None:
            if injected.delay and double.stopping.wait(injected.delay):
                return self.drop()
            body = injected.body.encode() if isinstance(injected.body, str) else injected.body
            return self.send(injected.status, body, injected.content_type, injected.headers)
        status, body, content_type = double.answer(path, query)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag} if double.etags and status == 200 else {}
        if headers and self.headers.get("If-None-Match") == etag:
            return self.send(304, b"", content_type, headers)
        self.send(status, body, content_type, headers)


class HfArxivDouble(LocalServer):
    handler_class = _Handler

    def __init__(self) -> None:
        super().__init__()
        self.page_size = 50
        self.etags = True
        self.today = date(2025, 12, 26)
        self.arxiv_mode = "ok"
        self.papers: list[dict] = load_json("hf-papers.json")  # known to search and /papers
        self.listings: dict[str, list[dict]] = {
            "week=2025-W52": load_json("hf-daily-week-2025-W52.json"),
            "date=2025-12-24": load_json("hf-daily-date-2025-12-24.json"),
        }
        self.atom = (FIXTURES / "arxiv-entries.atom").read_text(encoding="utf-8")
        self.requests: list[Seen] = []
        self.injected: list[tuple[str, Reply]] = []
        self.stopping = threading.Event()

    # --- switches ---------------------------------------------------------------------------
    def inject(self, path_prefix: str, reply: Reply) -> None:
        """Answer the next request(s) whose path starts with `path_prefix` with `reply`."""
        with self.lock:
            self.injected.append((path_prefix, replace(reply)))  # a copy: `times` counts down

    def take_injected(self, path: str) -> Reply | None:
        for index, (prefix, reply) in enumerate(self.injected):
            if path.startswith(prefix):
                if reply.times is not None:
                    reply.times -= 1
                    if reply.times <= 0:
                        del self.injected[index]
                return reply
        return None

    def set_upvotes(self, arxiv_id: str, upvotes: int) -> None:
        with self.lock:
            for item in self._all_items():
                if item["paper"]["id"] == arxiv_id:
                    item["paper"]["upvotes"] = upvotes

    def paths(self, prefix: str = "") -> list[str]:
        return [seen.path for seen in self.requests if seen.path.startswith(prefix)]

    def stop(self) -> None:
        self.stopping.set()
        super().stop()

    # --- the APIs ---------------------------------------------------------------------------
    def answer(self, path: str, query: dict) -> tuple[int, bytes, str]:
        with self.lock:
            if path == "/api/daily_papers":
                return self._daily(query)
            if path == "/api/papers/search":
                return self._search(query)
            if path.startswith("/api/papers/"):
                return self._paper(path.removeprefix("/api/papers/"))
            if path == "/api/query":
                return self._arxiv(query)
        return _json(404, {"error": "Not Found"})

    def _daily(self, query: dict) -> tuple[int, bytes, str]:
        periods = [k for k in ("date", "week", "month") if k in query]
        if len(periods) != 1:
            return _json(400, {"error": "Specify one of date, week or month"})
        kind, value = periods[0], query[periods[0]]
        first_day = _first_day(kind, value)
        if first_day is None:
            return _json(400, {"error": f"Invalid {kind}"})
        if first_day > self.today:
            return _json(400, {"error": f"{kind} cannot be in the future"})
        try:
            page, limit = int(query.get("p", 0)), int(query.get("limit", 50))
        except ValueError:
            return _json(400, {"error": "p and limit must be integers"})
        items = self._listing(kind, value)
        size = max(1, min(limit, self.page_size))
        return _json(200, items[page * size : (page + 1) * size])

    def _listing(self, kind: str, value: str) -> list[dict]:
        if kind == "month":
            merged = {}
            for items in self.listings.values():
                for item in items:
                    if item["publishedAt"].startswith(value):
                        merged[item["paper"]["id"]] = item
            return list(merged.values())
        return copy.deepcopy(self.listings.get(f"{kind}={value}", []))

    def _search(self, query: dict) -> tuple[int, bytes, str]:
        words = set(_words(query.get("q", "")))
        if not words:
            return _json(400, {"error": "q is required"})
        limit = int(query.get("limit", 20))
        scored = []
        for item in self._all_items():
            title_words = set(_words(item["paper"]["title"]))
            shared = len(words & title_words)
            if shared >= 0.6 * len(words):
                # Best first, as a search engine would: most shared words, fewest extra words.
                scored.append((-shared, len(title_words - words), len(scored), item))
        return _json(200, [hit[-1] for hit in sorted(scored)[:limit]])

    def _paper(self, arxiv_id: str) -> tuple[int, bytes, str]:
        for item in self._all_items():
            if item["paper"]["id"] == arxiv_id:
                return _json(200, item["paper"])
        return _json(404, {"error": "Paper not found"})

    def _arxiv(self, query: dict) -> tuple[int, bytes, str]:
        if self.arxiv_mode == "rate_exceeded":
            return 200, b"Rate exceeded.", "text/plain"
        ids = [i for i in query.get("id_list", "").split(",") if i]
        bad = next((i for i in ids if not ARXIV_ID.match(i)), None)
        if self.arxiv_mode == "error_entry" or bad:
            template = (FIXTURES / "arxiv-error.atom").read_text(encoding="utf-8")
            return 200, template.replace("BADID", bad or "x").encode(), "application/atom+xml"
        feed = ET.fromstring(self.atom)
        for entry in feed.findall(f"{{{ATOM}}}entry"):
            entry_id = entry.findtext(f"{{{ATOM}}}id").rsplit("/abs/", 1)[1]
            if re.sub(r"v\d+$", "", entry_id) not in ids:
                feed.remove(entry)
        body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
        return 200, body, "application/atom+xml; charset=utf-8"

    def _all_items(self) -> list[dict]:
        return [*self.papers, *(i for items in self.listings.values() for i in items)]


def _json(status: int, value) -> tuple[int, bytes, str]:
    return status, json.dumps(value, ensure_ascii=False).encode(), "application/json"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _first_day(kind: str, value: str) -> date | None:
    try:
        if kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        if kind == "week" and WEEK.match(value):
            return date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        if kind == "month" and MONTH.match(value):
            return date(int(value[:4]), int(value[5:]), 1)
    except ValueError:
        return None
    return None


def environment(double: HfArxivDouble) -> dict[str, str]:
    """Environment pointing papershelf at the double, with no waits between requests."""
    return {
        "PAPERSHELF_HF_BASE_URL": double.base_url,
        "PAPERSHELF_ARXIV_BASE_URL": double.base_url,
        "PAPERSHELF_ARXIV_MIN_INTERVAL": "0",
        "PAPERSHELF_HTTP_BACKOFF": "0",
        "PAPERSHELF_HTTP_TIMEOUT": "2",
        "PAPERSHELF_VENUES_STEP": "off",  # venue lookups have doubles of their own
    }
