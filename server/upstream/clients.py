"""The Hugging Face and arXiv clients, made from the settings over one HTTP client."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from server.config import Settings
from server.upstream.arxiv_api import ArxivApi
from server.upstream.hf_api import HfApi
from server.upstream.http import HttpClient


@dataclass
class Clients:
    hf: HfApi
    arxiv: ArxivApi


def make_clients(settings: Settings, conn: sqlite3.Connection | None = None) -> Clients:
    """Clients sharing one HTTP client; with `conn`, answers are cached in the store."""
    http = HttpClient(settings, conn)
    return Clients(
        hf=HfApi(http, settings.hf_base_url, page_size=settings.hf_page_size),
        arxiv=ArxivApi(http, settings.arxiv_base_url, min_interval=settings.arxiv_min_interval),
    )
