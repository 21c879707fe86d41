"""The three venue doubles together (Semantic Scholar, dblp, Crossref), and the settings
that point papershelf at them with no waits between requests."""

from __future__ import annotations

from .crossref import CrossrefDouble
from .dblp import DblpDouble
from .semantic_scholar import SemanticScholarDouble


class VenueDoubles:
    def __init__(self) -> None:
        self.s2 = SemanticScholarDouble()
        self.dblp = DblpDouble()
        self.crossref = CrossrefDouble()

    def __enter__(self) -> VenueDoubles:
        for double in self.all():
            double.start()
        return self

    def __exit__(self, *_exc) -> None:
        for double in self.all():
            double.stop()

    def all(self):
        return (self.s2, self.dblp, self.crossref)

    def requests(self) -> int:
        return sum(len(double.requests) for double in self.all())

    def settings_values(self, **changes) -> dict:
        """Upper-case setting names -> values (as Settings.from_mapping and cli_env take)."""
        return {
            "SEMANTIC_SCHOLAR_BASE_URL": self.s2.api_url,
            "DBLP_BASE_URL": self.dblp.base_url,
            "CROSSREF_BASE_URL": self.crossref.base_url,
            "SEMANTIC_SCHOLAR_MIN_INTERVAL": 0,
            "DBLP_MIN_INTERVAL": 0,
            "CROSSREF_MIN_INTERVAL": 0,
            "HTTP_BACKOFF": 0,
            "HTTP_TIMEOUT": 2,
            **changes,
        }
