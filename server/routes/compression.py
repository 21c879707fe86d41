"""Gzip for the answers kept in memory (feeds, listing pages, health): compressed once when
kept, sent to every client that asks for gzip (feed readers, browsers and proxies do). A feed
of 50 papers is about 120 KB as text and a quarter of that compressed; for a shared
instance, the bytes on the wire are most of what a poll costs.

The gzip copy is another representation of the same resource (RFC 9110 section 8.4), so it
has its own strong ETag (the text's with `-gz` inside the quotes) and both copies say
`Vary: Accept-Encoding`, which tells a cache to keep them apart. Pure functions: no Flask.
"""

from __future__ import annotations

import gzip
from functools import lru_cache

MIN_SIZE = 1024  # below this the gzip header and a round trip's worth of bytes gain nothing
GZIP_TAG_SUFFIX = "-gz"
VARY = ("Vary", "Accept-Encoding")

Headers = tuple[tuple[str, str], ...]


def gzip_etag(etag: str) -> str:
    """The quoted ETag of the gzip copy, from the text's quoted ETag."""
    return etag[:-1] + GZIP_TAG_SUFFIX + '"'


def with_vary(headers: Headers) -> Headers:
    return (*headers, VARY)


def gzip_copy(body: bytes, headers: Headers) -> tuple[bytes, Headers] | None:
    """The gzip body and its headers, or None when the body is too small to gain."""
    if len(body) < MIN_SIZE:
        return None
    # mtime=0: the same text gives the same bytes in every process (gunicorn workers).
    packed = gzip.compress(body, compresslevel=6, mtime=0)
    packed_headers = []
    for name, value in headers:
        lowered = name.lower()
        if lowered == "content-length":
            value = str(len(packed))
        elif lowered == "etag":
            value = gzip_etag(value)
        packed_headers.append((name, value))
    packed_headers.append(("Content-Encoding", "gzip"))
    return packed, tuple(packed_headers)


@lru_cache(maxsize=256)
def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header value accepts gzip (RFC 9110 section 12.5.3):
    `gzip` or its alias `x-gzip` with a weight above 0, or else `*` with one."""
    if not accept_encoding:
        return False
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, _sep, params = item.partition(";")
        weights[coding.strip().lower()] = _weight(params)
    for name in ("gzip", "x-gzip", "*"):
        if name in weights:
            return weights[name] > 0
    return False


def _weight(params: str) -> float:
    for param in params.split(";"):
        name, _sep, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value.strip())
            except ValueError:
                return 0.0  # an unreadable weight is not a yes
    return 1.0
