"""Papers known only by an arXiv id (a link the user right-clicked, a PDF tab): looked up and
stored, so they can be saved like any other.

The same two sources as enrichment (enrich.py): Hugging Face's paper record first (authors in
order, upvotes, code link), completed by arXiv's entry (categories), or arXiv's entry alone
when Hugging Face has not indexed the paper. Never raises for an upstream failure: each id
that could not be found gets a one-line reason, and whatever was found is stored.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from server import store
from server.models import Paper, strip_arxiv_version
from server.parsing.hf_api import parse_api_json
from server.upstream.clients import Clients
from server.upstream.enrich import paper_from_arxiv, with_arxiv
from server.upstream.http import Unreachable, UpstreamError


@dataclass
class Resolved:
    stored: dict[str, str] = field(default_factory=dict)  # arXiv id -> stored paper id
    problems: dict[str, str] = field(default_factory=dict)  # arXiv id -> why it is missing


def resolve_arxiv_ids(
    conn: sqlite3.Connection, clients: Clients, arxiv_ids: list[str], today: date | None = None
) -> Resolved:
    """Look these (versionless) arXiv ids up and store what is found, in one ingest."""
    today = today or date.today()
    wanted = list(dict.fromkeys(strip_arxiv_version(i) for i in arxiv_ids))
    papers, failures = _look_up(clients, wanted, today)
    result = Resolved()
    found = [papers[i] for i in wanted if i in papers]
    stored_ids = store.ingest(conn, found).ids
    result.stored = {p.arxiv_id: i for p, i in zip(found, stored_ids, strict=True)}
    for arxiv_id in wanted:
        if arxiv_id not in result.stored:
            result.problems[arxiv_id] = _why_missing(arxiv_id, failures)
    return result


def _look_up(
    clients: Clients, arxiv_ids: list[str], today: date
) -> tuple[dict[str, Paper], list[UpstreamError]]:
    """Hugging Face's records, completed (or stood in for) by arXiv's; and what failed."""
    from_hf: list[Paper] = []
    failures: list[UpstreamError] = []
    for arxiv_id in arxiv_ids:
        try:
            fetched = clients.hf.paper(arxiv_id)
        except UpstreamError as exc:
            failures.append(exc)
            break  # one failure is enough: do not wait on a down service once per id
        if fetched is not None:
            from_hf.extend(parse_api_json(fetched.items, fetched.url, today).papers)
    try:
        entries = clients.arxiv.entries(arxiv_ids)
    except UpstreamError as exc:
        failures.append(exc)
        entries = {}
    merged = with_arxiv(from_hf, [paper_from_arxiv(entry, today) for entry in entries.values()])
    return {paper.arxiv_id: paper for paper in merged if paper.arxiv_id}, failures


def _why_missing(arxiv_id: str, failures: list[UpstreamError]) -> str:
    if failures and all(isinstance(f, Unreachable) for f in failures):
        return (
            f"papershelf has not stored {arxiv_id} yet and cannot reach Hugging Face or arXiv "
            f"to look it up (offline?): {failures[0]}"
        )
    if failures:
        return f"could not look up {arxiv_id}: {'; '.join(str(f) for f in failures)}"
    return f"no paper {arxiv_id} on Hugging Face or arXiv"
