"""Upstream answers kept with their validators, for conditional GETs (table http_cache)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class CachedResponse:
    etag: str | None
    last_modified: str | None
    body: bytes

    def validators(self) -> dict[str, str]:
        """The headers that ask the service for this answer only if it changed."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def get(conn: sqlite3.Connection, url: str) -> CachedResponse | None:
    row = conn.execute(
        "SELECT etag, last_modified, body FROM http_cache WHERE url = ?", (url,)
    ).fetchone()
    return CachedResponse(row[0], row[1], bytes(row[2])) if row else None


def put(
    conn: sqlite3.Connection, url: str, etag: str | None, last_modified: str | None, body: bytes
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO http_cache (url, etag, last_modified, body, fetched_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (url, etag, last_modified, body, datetime.now(UTC).isoformat(timespec="seconds")),
    )
