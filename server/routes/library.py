"""The Zotero API: save papers (by id or as sent by the extension), saved status, target."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from server import store
from server.app import app_settings, get_db
from server.errors import InputError
from server.models import is_arxiv_id, strip_arxiv_version
from server.parsing.hf_api import RecordError
from server.parsing.own_json import paper_from_record
from server.routes.errors import error_response
from server.security import require_token
from server.store.papers import UnstorableRecord
from server.upstream.clients import make_clients
from server.upstream.resolve import resolve_arxiv_ids
from server.zotero.errors import NotConfigured
from server.zotero.library import SaveResult, save_papers, saved_records, target_info
from server.zotero.records import STATUSES

bp = Blueprint("library", __name__, url_prefix="/api/library")

MAX_PAPERS = 500  # per request: ten web batches


class BodyError(InputError):
    """A malformed request body; the message names the field."""

    @property
    def where(self) -> str:
        return str(self).split(":", 1)[0]


@bp.post("/items")
@require_token
def save_items():
    try:
        body = _json_body()
        ids, papers = _read_body(body)
        force = _force(body)
    except BodyError as exc:
        return error_response(400, str(exc), where=exc.where)
    conn = get_db()
    rejected: dict[int, str] = {}
    if papers is not None:
        ids, rejected = _ingest(conn, papers)
        found = store.get_papers(conn, [i for n, i in enumerate(ids) if n not in rejected])
    else:
        found = store.get_papers(conn, ids)
        rejected = _look_up_unknown(conn, ids, found)
    known = [found[i] for i in dict.fromkeys(ids) if i in found]
    try:
        outcomes = save_papers(conn, known, app_settings(), force=force)
    except NotConfigured as exc:  # a Zotero setting to fix: the one line that says which
        return error_response(503, f"Zotero: {exc}")
    saved = {paper.id: result for paper, result in zip(known, outcomes, strict=True)}
    results = []
    for n, paper_id in enumerate(ids):
        if n in rejected:
            results.append(SaveResult(paper_id, "failed", None, rejected[n]))
        elif paper_id not in found:
            results.append(SaveResult(paper_id, "failed", None, f"no paper with id {paper_id!r}"))
        else:
            result = saved[found[paper_id].id]
            results.append(SaveResult(paper_id, result.status, result.zotero_key, result.message))
    current_app.logger.info(
        "library save: %s",
        ", ".join(f"{s}={sum(r.status == s for r in results)}" for s in STATUSES),
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
        rows = saved_records(conn, current, app_settings()) if current else []
        key = next((row.zotero_key for row in reversed(rows) if row.zotero_key), None)
        items.append({"id": paper_id, "saved": bool(rows), "zotero_key": key})
    return {"items": items}


@bp.get("/target")
@require_token
def target():
    return target_info(app_settings())


def _force(body: dict) -> bool:
    """`force: true`: save papers whose earlier desktop save was left uncertain."""
    force = body.get("force", False)
    if not isinstance(force, bool):
        raise BodyError("force: expected true or false")
    return force


def _json_body():
    """The request's JSON, or None when it is none (silent); JSON nested deeper than Python
    can follow is a clear 400, not a crash."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        raise BodyError("body: JSON nested too deep to read") from None


def _read_body(body) -> tuple[list[str] | None, list[dict] | None]:
    if not isinstance(body, dict):
        raise BodyError('body: expected a JSON object with "ids" or "papers"')
    unknown = set(body) - {"ids", "papers", "force"}
    if unknown:
        raise BodyError(f"{sorted(unknown)[0]}: unknown field (expected ids or papers, force)")
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
            if not isinstance(value, str) or not value.strip() or not _is_text(value):
                raise BodyError(f"ids[{n}]: expected a paper id (text)")
        # An arXiv id is stored without its version: "2509.04664v2" saves 2509.04664.
        ids = [v.strip() for v in values]
        return [strip_arxiv_version(i) if is_arxiv_id(i) else i for i in ids], None
    for n, value in enumerate(values):
        if not isinstance(value, dict):
            raise BodyError(f"papers[{n}]: expected a paper object")
    return None, values


def _is_text(value: str) -> bool:
    """JSON's escapes can spell a lone surrogate, which is no text (nor an id)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _ingest(conn, records: list[dict]) -> tuple[list[str], dict[int, str]]:
    """Store the papers sent (our own Paper JSON); their ids, and the unusable ones by index.

    One bad record never sinks the others: it is answered "failed" with what was wrong.
    """
    papers, rejected = {}, {}
    for n, record in enumerate(records):
        try:
            papers[n] = paper_from_record(record, f"papers[{n}]", "extension")
        except RecordError as exc:
            rejected[n] = f"{exc.path}: {exc}"
        except Exception as exc:  # a parser bug must not sink the other papers
            current_app.logger.warning("papers[%d]: parser failed", n, exc_info=exc)
            rejected[n] = f"papers[{n}]: could not read this paper ({type(exc).__name__})"
    stored_ids = _store(conn, papers, rejected)
    ids = [
        stored_ids.get(n) or str(record.get("arxiv_id") or record.get("title") or f"papers[{n}]")
        for n, record in enumerate(records)
    ]
    return ids, rejected


def _store(conn, papers: dict, rejected: dict[int, str]) -> dict[int, str]:
    """Store the papers at once; when one cannot be stored, each alone, so it fails alone."""
    try:
        return dict(zip(papers, store.ingest(conn, list(papers.values())).ids, strict=True))
    except UnstorableRecord:
        stored = {}
        for n, paper in papers.items():
            try:
                stored[n] = store.ingest(conn, [paper]).ids[0]
            except UnstorableRecord as exc:
                rejected[n] = f"papers[{n}]: {exc.reason}"
        return stored


def _look_up_unknown(conn, ids: list[str], found: dict) -> dict[int, str]:
    """arXiv ids never stored are looked up (Hugging Face, then arXiv), stored and added to
    `found`; returns the ones that cannot be found, by index, with the reason."""
    unknown = [i for i in dict.fromkeys(ids) if i not in found and is_arxiv_id(i)]
    if not unknown:
        return {}
    resolved = resolve_arxiv_ids(conn, make_clients(app_settings(), conn), unknown)
    current_app.logger.info(
        "library save: looked up %d unknown arXiv ids, %d found", len(unknown), len(resolved.stored)
    )
    found.update(store.get_papers(conn, list(resolved.stored)))
    return {n: resolved.problems[i] for n, i in enumerate(ids) if i in resolved.problems}
