"""The three scholarly clients, made from the settings.

Semantic Scholar gets an HTTP client of its own so that the API key (a header on its
session) is sent to Semantic Scholar only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from server.config import Settings
from server.upstream.http import HttpClient
from server.upstream.venues.crossref import Crossref
from server.upstream.venues.dblp import Dblp
from server.upstream.venues.semantic_scholar import SemanticScholar


@dataclass
class VenueClients:
    semantic_scholar: SemanticScholar
    dblp: Dblp
    crossref: Crossref

    def requests(self) -> dict[str, int]:
        """Requests made so far, by service."""
        return {c.name: c.requests for c in (self.semantic_scholar, self.dblp, self.crossref)}


def make_venue_clients(settings: Settings, conn: sqlite3.Connection | None = None) -> VenueClients:
    """Clients over the shared HTTP stack; with `conn`, answers are cached in the store."""
    http = HttpClient(settings, conn)
    scholar_http = HttpClient(settings, conn)
    if settings.semantic_scholar_api_key:
        scholar_http.session.headers["x-api-key"] = settings.semantic_scholar_api_key
    return VenueClients(
        semantic_scholar=SemanticScholar(
            scholar_http, settings.semantic_scholar_base_url, settings.semantic_scholar_min_interval
        ),
        dblp=Dblp(http, settings.dblp_base_url, settings.dblp_min_interval),
        crossref=Crossref(
            http,
            settings.crossref_base_url,
            settings.crossref_min_interval,
            mailto=settings.crossref_mailto,
        ),  # fmt: skip
    )
