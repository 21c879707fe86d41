"""Build the Hugging Face and arXiv clients from the configuration (its one reader here)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from server.upstream.arxiv_api import ArxivApi
from server.upstream.hf_api import HfApi
from server.upstream.http import HttpClient, HttpSettings, ResponseCache, UpstreamError


@dataclass
class Clients:
    hf: HfApi
    arxiv: ArxivApi
    http: HttpClient


def make_clients(config: Mapping, conn: sqlite3.Connection | None = None) -> Clients:
    """Clients sharing one HTTP client; with `conn`, answers are cached in `http_cache`."""
    http = HttpClient(HttpSettings.from_config(config), ResponseCache(conn) if conn else None)
    try:
        page_size = int(config.get("HF_PAGE_SIZE", 50))
        min_interval = float(config.get("ARXIV_MIN_INTERVAL", 3.0))
    except (TypeError, ValueError):
        raise UpstreamError("HF_PAGE_SIZE and ARXIV_MIN_INTERVAL must be numbers") from None
    return Clients(
        hf=HfApi(http, config["HF_BASE_URL"], page_size=page_size),
        arxiv=ArxivApi(http, config["ARXIV_BASE_URL"], min_interval=min_interval),
        http=http,
    )
