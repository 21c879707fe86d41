"""Downloads and feeds: GET /api/export and GET /feeds/papers.rss|.atom|.json.

Both answer conditional requests before any query: the ETag is a hash of the request's URL,
papershelf's version and the store's generation (which every ingest that changes a paper
moves on), Last-Modified is when any stored paper last changed. A whole-selection export is
streamed: one query, each entry written as it comes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlencode

from flask import Blueprint, Response, request
from werkzeug.urls import iri_to_uri

from server import store
from server.app import get_db
from server.formats import (
    FORMATS,
    Format,
    feed_title,
    filename_words,
    get_format,
    stream_selection,
)
from server.models import Paper
from server.routes.answer_cache import (
    cached_answer,
    is_current,
    not_modified,
    validators,
    with_validators,
)
from server.routes.errors import error_response
from server.routes.heavy import HeldWhileSent, listing_page
from server.routes.query_args import flag, paper_query_from_args, prefers_published
from server.store import QueryError, venues

bp = Blueprint("export", __name__)

FILTERS = ("q", "since", "until", "min_upvotes", "has_code")
FEED_FORMATS = {"rss": "rss", "atom": "atom", "json": "jsonfeed"}
MAX_IDS = 1000
# Downloads: a cache may keep one, but must ask again (an ingest may have changed it); the
# question costs a 304 that needs no query.
EXPORT_CACHE = "no-cache"
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
    checks = validators()
    options = {"ascii": flag(request.args, "ascii"), "title": feed_title(query)}
    if ids is None:
        stem = "papershelf-" + filename_words(query)
        if is_current(checks):
            return not_modified(checks, EXPORT_CACHE)
        options["cite_published"] = cite_published
        response = _streamed_selection(get_format(fmt_name), query, options)
        return _download(with_validators(response, checks, EXPORT_CACHE), fmt_name, stem)
    found = store.get_papers(conn, ids)
    missing = [i for i in ids if i not in found]
    if missing:
        return error_response(404, f"ids: no paper with id {', '.join(map(repr, missing))}")
    papers = _unique([found[i] for i in ids])
    if any(request.args.get(name) for name in FILTERS):  # ids within the filtered set
        matching = store.matching_ids(conn, query, [p.id for p in papers])
        papers = [p for p in papers if p.id in matching]
    stem = "papershelf-" + (papers[0].id if len(papers) == 1 else "selection")
    published = published_versions(conn, papers) if cite_published else None
    return export_response(fmt_name, papers, stem, published=published, **options)


@bp.get("/feeds/papers.<ext>")
def feed(ext: str):
    if ext not in FEED_FORMATS:
        return error_response(404, f"no feed /feeds/papers.{ext}; try .rss, .atom or .json")
    checks = validators()
    if is_current(checks):  # a copy with this ETag came from a 200 for these arguments
        return not_modified(checks, FEED_CACHE, varies=True)
    try:
        query = paper_query_from_args(request.args)
    except QueryError as exc:
        return error_response(400, str(exc))
    return cached_answer(checks, lambda: _validated(_feed(ext, query), checks))


def _validated(response: Response, checks) -> Response:
    if response.status_code != 200:
        return response
    return with_validators(response, checks, FEED_CACHE)


def _feed(ext: str, query) -> Response:
    query = replace(query, sort=query.sort or "newest")  # a feed is newest first, even with q
    page = listing_page(query)
    filters = {
        k: v for k, v in sorted(request.args.items()) if k in (*FILTERS, "sort", "limit") and v
    }
    site = request.host_url + ("?" + urlencode(filters) if filters else "")
    options = {
        "title": feed_title(query),
        "self_url": iri_to_uri(request.url),  # request.url decodes to text XML may refuse
        "site_url": site,
        "feed_id": request.base_url + ("?" + urlencode(filters) if filters else ""),
        "published": published_versions(get_db(), page.papers),
    }
    fmt = get_format(FEED_FORMATS[ext])
    return Response(fmt.render(page.papers, **options), content_type=_content_type(fmt))


def export_response(fmt_name: str, papers: list[Paper], filename_stem: str, **options) -> Response:
    """`papers` in a format, as a download named `<filename_stem>.<extension>`.

    Used by GET /api/export?ids= and by GET /api/papers/<id>.<ext>. An unknown format is a
    400."""
    try:
        fmt = get_format(fmt_name)
    except ValueError as exc:
        return error_response(400, f"format: {exc}")
    checks = validators()
    if is_current(checks):
        return not_modified(checks, EXPORT_CACHE)
    response = Response(fmt.render(papers, **options), content_type=_content_type(fmt))
    return _download(with_validators(response, checks, EXPORT_CACHE), fmt_name, filename_stem)


def _streamed_selection(fmt: Format, query, options: dict) -> Response:
    """The body holds one of the few slots for heavy requests until it is sent. The chunks
    need no request context: they read through this thread's connection, which the thread
    keeps (a server thread sends the whole body before it takes another request)."""
    conn = get_db()
    body = HeldWhileSent(lambda: stream_selection(conn, fmt, query, options))  # may raise Busy
    return Response(body, content_type=_content_type(fmt))


def _content_type(fmt: Format) -> str:
    return f"{fmt.media_type}; charset=utf-8"


def _download(response: Response, fmt_name: str, stem: str) -> Response:
    filename = f"{_safe_filename(stem)}.{FORMATS[fmt_name].extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def published_versions(conn, papers: list[Paper]) -> dict:
    """The current published version of each of these papers that has one."""
    return venues.current(conn, [p.id for p in papers])


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
