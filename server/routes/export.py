"""Downloads and feeds: GET /api/export and GET /feeds/papers.rss|.atom|.json.

Both answer conditional requests: the ETag is a hash of the body (the exporters write the
same bytes for the same papers), Last-Modified is when any stored paper last changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, Response, request
from werkzeug.urls import iri_to_uri

from server import store
from server.app import get_db
from server.formats import FORMATS, feed_title, filename_words, get_format
from server.models import Paper
from server.routes.errors import error_response
from server.routes.query_args import flag, paper_query_from_args, prefers_published
from server.store import QueryError, venues

bp = Blueprint("export", __name__)

FILTERS = ("q", "since", "until", "min_upvotes", "has_code")
FEED_FORMATS = {"rss": "rss", "atom": "atom", "json": "jsonfeed"}
MAX_IDS = 1000
EXPORT_CACHE = "no-cache"  # a download may be re-fetched at once after an ingest: revalidate
FEED_CACHE = "public, max-age=300"  # readers poll; five minutes stale is harmless


@bp.get("/api/export")
def export():
    fmt_name = request.args.get("format")
    if not fmt_name:
        return error_response(400, f"format: required, one of {', '.join(FORMATS)}")
    if fmt_name not in FORMATS:
        return error_response(
            400, f"format: unknown format {fmt_name!r}; known: {', '.join(FORMATS)}"
        )
    try:
        query = paper_query_from_args(request.args)
        ids = _ids(request.args.get("ids"))
        cite_published = prefers_published(request.args)
    except QueryError as exc:
        return error_response(400, str(exc))
    conn = get_db()
    if ids is None:
        papers = list(store.iter_all(conn, query))
        stem = "papershelf-" + filename_words(query)
    else:
        found = store.get_papers(conn, ids)
        missing = [i for i in ids if i not in found]
        if missing:
            return error_response(404, f"ids: no paper with id {', '.join(map(repr, missing))}")
        papers = _unique([found[i] for i in ids])
        if any(request.args.get(name) for name in FILTERS):  # ids within the filtered set
            matching = {p.id for p in store.iter_all(conn, query)}
            papers = [p for p in papers if p.id in matching]
        stem = "papershelf-" + (papers[0].id if len(papers) == 1 else "selection")
    return export_response(
        fmt_name, papers, stem, ascii=flag(request.args, "ascii"), title=feed_title(query),
        published=published_versions(conn, papers) if cite_published else None,
    )  # fmt: skip


@bp.get("/feeds/papers.<ext>")
def feed(ext: str):
    if ext not in FEED_FORMATS:
        return error_response(404, f"no feed /feeds/papers.{ext}; try .rss, .atom or .json")
    try:
        query = paper_query_from_args(request.args)
    except QueryError as exc:
        return error_response(400, str(exc))
    query = replace(query, sort=query.sort or "newest")  # a feed is newest first, even with q
    papers, _more = store.query_papers(get_db(), query)
    filters = {
        k: v for k, v in sorted(request.args.items()) if k in (*FILTERS, "sort", "limit") and v
    }
    site = request.host_url + ("?" + urlencode(filters) if filters else "")
    options = {
        "title": feed_title(query),
        "self_url": iri_to_uri(request.url),  # request.url decodes to text XML may refuse
        "site_url": site,
        "feed_id": request.base_url + ("?" + urlencode(filters) if filters else ""),
        "published": published_versions(get_db(), papers),
    }
    fmt = get_format(FEED_FORMATS[ext])
    body = fmt.render(papers, **options)
    return _conditional(body, fmt.media_type, FEED_CACHE)


def export_response(fmt_name: str, papers: list[Paper], filename_stem: str, **options) -> Response:
    """`papers` in a format, as a download named `<filename_stem>.<extension>`.

    Used by GET /api/export and by GET /api/papers/<id>.<ext>. An unknown format is a 400.
    """
    try:
        fmt = get_format(fmt_name)
    except ValueError as exc:
        return error_response(400, f"format: {exc}")
    body = fmt.render(papers, **options)
    response = _conditional(body, fmt.media_type, EXPORT_CACHE)
    if response.status_code == 200:
        filename = f"{_safe_filename(filename_stem)}.{fmt.extension}"
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def published_versions(conn, papers: list[Paper]) -> dict:
    """The current published version of each of these papers that has one."""
    return venues.current(conn, [p.id for p in papers])


def _conditional(body: str, media_type: str, cache_control: str) -> Response:
    data = body.encode("utf-8")
    response = Response(data, content_type=f"{media_type}; charset=utf-8")
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    # A venue found or withdrawn changes exports and feeds as much as a paper does.
    changed = max(
        filter(None, [store.last_updated(get_db()), venues.last_changed(get_db())]), default=None
    )
    if changed:
        response.last_modified = changed
    response.headers["Cache-Control"] = cache_control
    return response.make_conditional(request)


def _safe_filename(stem: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only: safe in any header and any OS."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")
    return safe[:100] or "papershelf"


def _ids(value: str | None) -> list[str] | None:
    if value is None:
        return None
    ids = list(dict.fromkeys(i.strip() for i in value.split(",") if i.strip()))
    if not ids:
        raise QueryError("ids: expected comma-separated paper ids, got none")
    if len(ids) > MAX_IDS:
        raise QueryError(f"ids: at most {MAX_IDS} ids, got {len(ids)}")
    return ids


def _unique(papers: list[Paper]) -> list[Paper]:
    return list({p.id: p for p in papers}.values())
