"""The Zotero API: save papers (by id or as sent by the extension), saved status, target."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, request

from server import get_db, store
from server.errors import error_response
from server.models import Paper
from server.parsing import ParseError, parse_any
from server.security import require_token
from server.zotero.library import SaveResult, save_papers, saved_records, target_info

bp = Blueprint("library", __name__, url_prefix="/api/library")

MAX_PAPERS = 500  # per request: ten web batches


class BodyError(ValueError):
    """A malformed request body; the message names the field."""


@bp.post("/items")
@require_token
def save_items():
    try:
        ids, papers = _read_body(request.get_json(silent=True))
    except BodyError as exc:
        return error_response(400, str(exc))
    conn = get_db()
    if papers is not None:
        try:
            papers = _ingest(conn, papers)
        except BodyError as exc:
            return error_response(400, str(exc))
        found = {p.id: p for p in papers}
        ids = [p.id for p in papers]
    else:
        found = store.get_papers(conn, ids)
    known = [found[i] for i in dict.fromkeys(ids) if i in found]
    saved = {
        paper.id: result
        for paper, result in zip(known, save_papers(conn, known, current_app.config), strict=True)
    }
    results = []
    for paper_id in ids:
        if paper_id not in found:
            results.append(SaveResult(paper_id, "failed", None, f"no paper with id {paper_id!r}"))
            continue
        result = saved[found[paper_id].id]
        results.append(SaveResult(paper_id, result.status, result.zotero_key, result.message))
    current_app.logger.info(
        "library save: %s",
        ", ".join(
            f"{s}={sum(r.status == s for r in results)}" for s in ("saved", "exists", "failed")
        ),
    )
    return {"items": [r.to_json() for r in results]}


@bp.get("/status")
@require_token
def status():
    ids = [i.strip() for i in request.args.get("ids", "").split(",") if i.strip()]
    if not ids:
        return error_response(400, "ids: give paper ids, comma-separated (ids=a,b,c)")
    if len(ids) > MAX_PAPERS:
        return error_response(400, f"ids: at most {MAX_PAPERS} per request")
    conn = get_db()
    items = []
    for paper_id in ids:
        current = store.resolve_id(conn, paper_id)
        rows = saved_records(conn, current, current_app.config) if current else []
        key = next((row["zotero_key"] for row in reversed(rows) if row["zotero_key"]), None)
        items.append({"id": paper_id, "saved": bool(rows), "zotero_key": key})
    return {"items": items}


@bp.get("/target")
@require_token
def target():
    return target_info(current_app.config)


def _read_body(body) -> tuple[list[str] | None, list[dict] | None]:
    if not isinstance(body, dict):
        raise BodyError('body: expected a JSON object with "ids" or "papers"')
    if ("ids" in body) == ("papers" in body):
        raise BodyError('body: give exactly one of "ids" and "papers"')
    key = "ids" if "ids" in body else "papers"
    values = body[key]
    if not isinstance(values, list) or not values:
        raise BodyError(f"{key}: expected a non-empty list")
    if len(values) > MAX_PAPERS:
        raise BodyError(f"{key}: at most {MAX_PAPERS} per request")
    if key == "ids":
        for n, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise BodyError(f"ids[{n}]: expected a paper id (text)")
        return [v.strip() for v in values], None
    for n, value in enumerate(values):
        if not isinstance(value, dict):
            raise BodyError(f"papers[{n}]: expected a paper object")
    return None, values


def _ingest(conn, records: list[dict]) -> list[Paper]:
    """Parse the papers as our own Paper JSON and store them; the stored papers, in order."""
    try:
        parsed = parse_any(json.dumps({"items": records}).encode(), name="extension")
    except ParseError as exc:
        raise BodyError(f"papers: {exc}") from None
    if parsed.problems or len(parsed.papers) != len(records):
        problem = parsed.problems[0] if parsed.problems else None
        where = problem.where.replace("$.items", "papers") if problem else "papers"
        raise BodyError(f"{where}: {problem.message if problem else 'not a paper'}")
    ids = store.ingest(conn, parsed.papers).ids
    stored = store.get_papers(conn, ids)
    return [stored[i] for i in ids]
