"""Answers kept per request URL and store generation: a feed or a listing page asked again
before the store changes is sent from memory, without a query or a render.

Keys hold the store's generation (every ingest that changes a paper moves it on) and
papershelf's version, so a kept answer is never stale; old ones fall out, least recently used
first, within a bound on entries and bytes. Each server process keeps its own.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from flask import Response, current_app, request

from server import store
from server.app import get_db
from server.version import papershelf_version

EXTENSION_KEY = "papershelf.answers"
MAX_ENTRIES = 512
MAX_BYTES = 32 * 1024 * 1024


class AnswerCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._entries: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.max_entries, self.max_bytes = max_entries, max_bytes

    def get(self, key: str) -> tuple[bytes, str] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: str, body: bytes, content_type: str) -> None:
        if len(body) > self.max_bytes // 8:
            return  # one answer may not push out most of the others
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (body, content_type)
            self._bytes += len(body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _key, (old, _type) = self._entries.popitem(last=False)
                self._bytes -= len(old)


def answer_cache() -> AnswerCache:
    return current_app.extensions.setdefault(EXTENSION_KEY, AnswerCache())


def cached_answer(key: str, make: Callable[[], Response]) -> Response:
    """The answer kept under `key`, else `make()`'s (kept when it is a 200)."""
    cache = answer_cache()
    found = cache.get(key)
    if found is not None:
        body, content_type = found
        return Response(body, content_type=content_type)
    response = make()
    if response.status_code == 200 and not response.is_streamed:
        cache.put(key, response.get_data(), response.content_type)
    return response


def validators() -> tuple[str, datetime | None]:
    """(ETag, Last-Modified) of this request's answer, from one read of the store's state:
    a hash of papershelf's version, the store's generation and the request's URL."""
    state = store.store_state(get_db())
    seed = f"{papershelf_version()}\0{state.generation}\0{request.url}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32], state.changed_at
