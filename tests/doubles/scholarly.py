"""What the Semantic Scholar, dblp and Crossref doubles share.

Each double logs every request (`requests`: path, query, headers) and how many it answered at
once (`most_in_flight`), answers injected replies
first (`inject(path_prefix, Reply(...))`: any status, headers, body, a delay; once, n times
or always), and with `etags` on sends an ETag and answers a matching If-None-Match with 304.
The services' own rules live in their modules (semantic_scholar.py, dblp.py, crossref.py),
each citing where it comes from. Records come from tests/fixtures/venues/.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import replace
from pathlib import Path

from . import DoubleHandler, LocalServer
from .hf_arxiv_server import Reply, Seen

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "venues"

__all__ = ["FIXTURES", "Reply", "ScholarlyDouble", "Seen", "json_answer", "load", "words"]


def load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def json_answer(status: int, value, content_type: str = "application/json") -> tuple:
    return status, json.dumps(value, ensure_ascii=False).encode(), content_type, {}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


class _Handler(DoubleHandler):
    def do_GET(self):
        with self.double.lock:
            self.double.in_flight += 1
            self.double.most_in_flight = max(self.double.most_in_flight, self.double.in_flight)
        try:
            self._answer()
        finally:
            with self.double.lock:
                self.double.in_flight -= 1

    def _answer(self):
        path, query = self.split_url()
        double: ScholarlyDouble = self.double
        headers = dict(self.headers.items())
        with double.lock:
            double.requests.append(Seen(path, query, headers))
            injected = double.take_injected(path)
        if injected is not None:
            if injected.delay and double.stopping.wait(injected.delay):
                return self.drop()
            body = injected.body.encode() if isinstance(injected.body, str) else injected.body
            try:
                return self.send(injected.status, body, injected.content_type, injected.headers)
            except (BrokenPipeError, ConnectionResetError):
                return None  # the client gave up waiting: what a slow reply is for
        if double.latency and double.stopping.wait(double.latency):
            return self.drop()
        with double.lock:
            status, body, content_type, extra = double.answer(path, query, headers)
        extra = {**double.headers_for(query), **extra}
        if double.etags and status == 200:
            extra["ETag"] = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == extra["ETag"]:
                return self.send(304, b"", content_type, extra)
        self.send(status, body, content_type, extra)


class ScholarlyDouble(LocalServer):
    handler_class = _Handler

    def __init__(self) -> None:
        super().__init__()
        self.etags = False
        self.latency = 0.0  # seconds every answer takes
        self.requests: list[Seen] = []
        self.injected: list[tuple[str, Reply]] = []
        self.stopping = threading.Event()
        self.in_flight = 0  # requests being answered now
        self.most_in_flight = 0  # the most ever answered at once

    def answer(self, path: str, query: dict, headers: dict) -> tuple:
        """(status, body, content type, headers) for a request nothing was injected for."""
        raise NotImplementedError

    def headers_for(self, query: dict) -> dict:
        """Headers every answer carries."""
        return {}

    def inject(self, path_prefix: str, reply: Reply) -> None:
        with self.lock:
            self.injected.append((path_prefix, replace(reply)))

    def take_injected(self, path: str) -> Reply | None:
        for index, (prefix, reply) in enumerate(self.injected):
            if path.startswith(prefix):
                if reply.times is not None:
                    reply.times -= 1
                    if reply.times <= 0:
                        del self.injected[index]
                return reply
        return None

    def paths(self, prefix: str = "") -> list[str]:
        return [seen.path for seen in self.requests if seen.path.startswith(prefix)]

    def stop(self) -> None:
        self.stopping.set()
        super().stop()
