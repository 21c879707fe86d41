"""The HTML page a person uses: papers, search, paging, and links to feeds and exports."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from server import store
from server.app import get_db
from server.formats import FORMATS
from server.routes.heavy import Busy, busy_response, listing_page
from server.routes.query_args import paper_query_from_args
from server.store import QueryError, venues

bp = Blueprint("pages", __name__)

FEEDS = (
    ("RSS", "application/rss+xml", "/feeds/papers.rss"),
    ("Atom", "application/atom+xml", "/feeds/papers.atom"),
    ("JSON Feed", "application/feed+json", "/feeds/papers.json"),
)


@bp.get("/")
def index():
    error = None
    try:
        query = paper_query_from_args(request.args, default_limit=25)
    except QueryError as exc:
        error, query = str(exc), store.PaperQuery(limit=25)
    try:
        page = listing_page(query)
    except Busy as exc:
        return busy_response(exc)
    filters = {k: v for k, v in request.args.items() if k not in ("cursor",) and v}
    return render_template(
        "index.html",
        papers=page.papers,
        published=venues.current(get_db(), [p.id for p in page.papers]),
        query=query,
        filters=filters,
        error=error,
        total=store.count_papers(get_db()),
        next_cursor=page.next_cursor,
        feeds=FEEDS,
        formats=[f for f in FORMATS.values() if f.name != "json"] + [FORMATS["json"]],
    )
