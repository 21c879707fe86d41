"""GET /api/sources: when each upstream listing was last fetched, and what came of it."""

from __future__ import annotations

from flask import Blueprint

from server.app import get_db
from server.store.fetches import last_runs

bp = Blueprint("sources", __name__, url_prefix="/api")


@bp.get("/sources")
def sources():
    """One item per listing (and `enrich`), latest run first."""
    return {"items": [run.to_json() for run in last_runs(get_db())]}
