"""The HTML page a person uses: papers, search, sort, paging, links to feeds and exports,
and per paper (or for a selection) a BibTeX copy and Save to Zotero (static/page.js)."""

from __future__ import annotations

from flask import Blueprint, make_response, render_template, request

from server import store
from server.app import app_settings, get_db
from server.formats import FORMATS
from server.routes import page_session
from server.routes.heavy import listing_page
from server.routes.page_text import SORT_LABELS, authors_line, counted
from server.routes.query_args import paper_query_from_args
from server.security import PAGE_CONTENT_SECURITY_POLICY
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
    page = listing_page(query)
    filters = {k: v for k, v in request.args.items() if k not in ("cursor",) and v}
    key = app_settings().api_token
    cookie = page_session.cookie_name(request.host)
    nonce = page_session.nonce_of(key, request.cookies.get(cookie))
    fresh = None if nonce else page_session.new_cookie(key)
    if fresh:
        nonce = fresh[0]
    papers = page.papers
    response = make_response(
        render_template(
            "index.html",
            papers=papers,
            published=venues.current(get_db(), [p.id for p in papers]),
            in_zotero=_in_zotero([p.id for p in papers]),
            query=query,
            filters=filters,
            error=error,
            total=store.count_papers(get_db()),
            next_cursor=page.next_cursor,
            feeds=FEEDS,
            formats=[f for f in FORMATS.values() if f.name != "json"] + [FORMATS["json"]],
            sorts=SORT_LABELS,
            counted=counted,
            authors_line=authors_line,
            page_token=page_session.page_token(key, nonce),
        )
    )
    if fresh:
        response.set_cookie(cookie, fresh[1], httponly=True, samesite="Strict", path="/")
    response.headers["Content-Security-Policy"] = PAGE_CONTENT_SECURITY_POLICY
    response.headers["Cache-Control"] = "no-store"  # it carries this browser's page token
    return response


def _in_zotero(ids: list[str]) -> set[str]:
    """The papers shown that papershelf saved to the configured Zotero target."""
    from server.zotero.library import saved_records

    settings = app_settings()
    return {paper_id for paper_id in ids if saved_records(get_db(), paper_id, settings)}
