"""The papers JSON API: list and search, one paper, and ingest."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for

from server import store
from server.app import app_settings, get_db
from server.formats import FORMATS
from server.ingest import ParserCrash, ingest_data
from server.parsing import ParseError
from server.routes.answer_cache import cached_answer, validators
from server.routes.errors import error_response
from server.routes.heavy import listing_page
from server.routes.query_args import flag, paper_query_from_args, prefers_published
from server.security import require_token
from server.store import QueryError, venues
from server.store.papers import UnstorableRecord
from server.version import papershelf_version

bp = Blueprint("papers", __name__, url_prefix="/api")


@bp.get("/health")
def health():
    return cached_answer(validators(), _health)


def _health() -> Response:
    counted = store.count_papers(get_db())
    return jsonify({"name": "papershelf", "version": papershelf_version(), "papers": counted})


@bp.get("/papers")
def list_papers():
    try:
        query = paper_query_from_args(request.args)
    except QueryError as exc:
        return error_response(400, str(exc))
    return cached_answer(validators(), lambda: _listing(query))


def _listing(query) -> Response:
    page = listing_page(query)
    body = {"items": [p.to_json() for p in page.papers], "next_cursor": page.next_cursor}
    return jsonify(body)


@bp.get("/papers/<path:ref>")
def get_paper(ref: str):
    paper_id, fmt = split_format_suffix(ref)
    fmt = request.args.get("format") or fmt
    if fmt and fmt not in FORMATS:
        return error_response(400, f"format: unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    conn = get_db()
    current = store.resolve_id(conn, paper_id)
    if current is None:
        return error_response(404, f"no paper with id {paper_id!r}")
    if current != paper_id:
        suffix = _suffix_for(fmt) if fmt and not request.args.get("format") else ""
        # The query goes along as it came: its names (ref, _method, ...) are not url_for's.
        query = urlencode(list(request.args.items(multi=True)))
        target = url_for("papers.get_paper", ref=current + suffix) + (f"?{query}" if query else "")
        return redirect(target, code=301)
    paper = store.get_paper(conn, current)
    if fmt and fmt != "json":
        from server.routes.export import export_response, published_versions

        try:
            cite_published = prefers_published(request.args)
        except QueryError as exc:
            return error_response(400, str(exc))
        published = published_versions(conn, [paper]) if cite_published else None
        return export_response(
            fmt, [paper], paper.id, ascii=flag(request.args, "ascii"), published=published
        )
    found = venues.versions(conn, [paper.id]).get(paper.id, [])
    return paper.to_json() | {"published_versions": [v.to_json() for v in found]}


@bp.post("/ingest")
@require_token
def ingest():
    data = request.get_data(cache=False)
    name = request.args.get("name") or "api upload"
    try:
        report = ingest_data(get_db(), data, name=name)
    except ParseError as exc:
        if isinstance(exc, ParserCrash):  # a bug to fix: keep its traceback
            current_app.logger.warning("ingest %s: %s", name, exc, exc_info=exc.__cause__)
        return error_response(400, str(exc), error="unparseable", where=exc.where or "whole input")
    except UnstorableRecord as exc:
        return error_response(400, str(exc), error="unstorable", where=exc.where)
    current_app.logger.info(
        "ingest %s: %d added, %d updated, %d unchanged, %d problems",
        name, report.added, report.updated, report.unchanged, len(report.problems),
    )  # fmt: skip
    body = report.to_json()
    if flag(request.args, "enrich") and report.ids:
        # Completing papers needs Hugging Face and arXiv: it must not hold up the reply.
        from server.upstream.refresh import enrich_in_background

        enrich_in_background(app_settings(), list(dict.fromkeys(report.ids)))
        body["enriching"] = True
    return body


def split_format_suffix(ref: str) -> tuple[str, str | None]:
    """`2509.04664.bib` -> (`2509.04664`, `bibtex`); ids themselves may contain dots."""
    for fmt in sorted(FORMATS.values(), key=lambda f: -len(f.extension)):
        suffix = "." + fmt.extension
        if ref.endswith(suffix) and len(ref) > len(suffix):
            return ref[: -len(suffix)], fmt.name
    return ref, None


def _suffix_for(fmt: str) -> str:
    return "." + FORMATS[fmt].extension
