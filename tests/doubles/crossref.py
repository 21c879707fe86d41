"""A local Crossref REST API: `GET /works` (queries) and `GET /works/{doi}`.

    with CrossrefDouble() as crossref:   # base URL: crossref.base_url
        crossref.works.append({...})      # a work as Crossref sends it

Rules, from Crossref's REST API documentation (github.com/CrossRef/rest-api-doc: README,
api_format.md) and its "Access and authentication" page:
- `/works` takes `query.bibliographic` and `query.author` (field queries, ANDed with each
  other; `query.author` matches records with any of its tokens in an author's given or
  family name), `rows` (20 by default, at most 1000), `offset`, `select` (the work's
  elements to return), `mailto`; a parameter a route does not support is refused: 400
  `{"status": "failed", "message-type": "validation-failure", "message": [{"type":
  "parameter-not-allowed", "value", "message": "This route does not support ..."}]}` (the
  answer Crossref clients record, e.g. ScholarTools/crossref_api_python's API module); the
  single-work route `/works/{doi}` supports no `select` (same answer);
- results are sorted by relevance score; a list answer is `{"status": "ok", "message-type":
  "work-list", "message-version", "message": {"total-results", "items", "items-per-page",
  "query"}}`, a DOI's `{"message-type": "work", "message": work}`;
- a DOI Crossref does not have is 404 with the text "Resource not found.";
- a `select` element that the work format does not have is refused (400);
- a `mailto` parameter puts the request in the polite pool; every answer carries its
  pool's limits in `X-Rate-Limit-Limit` / `X-Rate-Limit-Interval` (list queries: 1 a
  second in the public pool, 3 in the polite one, per the blog post "Announcing changes to
  REST API rate limits"); beyond them comes 429 (tests inject it).
"""

from __future__ import annotations

import copy
from urllib.parse import unquote

from .scholarly import ScholarlyDouble, json_answer, load, words

MAX_ROWS = 1000
PARAMETERS = frozenset(
    {"query", "query.bibliographic", "query.author", "rows", "offset", "select", "mailto",
     "filter", "sort", "order", "cursor", "sample", "facet"}
)  # fmt: skip
# The work's elements (api_format.md "Work", with the later `relation`, `event`, `URL`).
ELEMENTS = frozenset({
    "publisher", "title", "abstract", "reference-count", "source", "prefix", "DOI", "member",
    "type", "created", "deposited", "indexed", "issued", "subtitle", "container-title", "issue",
    "volume", "page", "article-number", "published-print", "published-online", "published",
    "posted", "subject", "ISSN", "ISBN", "archive", "license", "funder", "assertion", "author",
    "editor", "chair", "translator", "update-to", "update-policy", "link",
    "clinical-trial-number", "alternative-id", "relation", "event", "URL", "score",
    "short-container-title", "is-referenced-by-count", "references-count", "language",
})  # fmt: skip


class CrossrefDouble(ScholarlyDouble):
    def __init__(self) -> None:
        super().__init__()
        self.works: list[dict] = load("crossref.json")

    def headers_for(self, query: dict) -> dict:
        polite = bool(query.get("mailto"))
        return {"X-Rate-Limit-Limit": "3" if polite else "1", "X-Rate-Limit-Interval": "1s"}

    def answer(self, path: str, query: dict, headers: dict) -> tuple:
        if path == "/works":
            return self._query(query)
        if path.startswith("/works/"):
            unsupported = sorted(set(query) - {"mailto"})
            if unsupported:
                return _refused("parameter-not-allowed", unsupported[0], "")
            doi = unquote(path.removeprefix("/works/")).lower()
            for work in self.works:
                if work["DOI"].lower() == doi:
                    return json_answer(200, _singleton(work))
            return 404, b"Resource not found.", "text/plain", {}
        return 404, b"Resource not found.", "text/plain", {}

    def _query(self, query: dict) -> tuple:
        unknown = sorted(set(query) - PARAMETERS)
        if unknown:
            return _refused("parameter-not-allowed", unknown[0], "")
        try:
            rows = int(query.get("rows", 20))
            offset = int(query.get("offset", 0))
        except ValueError:
            return _refused("integer-not-valid", query.get("rows"), "is not a valid integer")
        if not 0 <= rows <= MAX_ROWS:
            return _refused("integer-not-valid", rows, f"rows must be at most {MAX_ROWS}")
        select = [s for s in query.get("select", "").split(",") if s]
        bad = [s for s in select if s not in ELEMENTS]
        if bad:
            return _refused("select-not-valid", bad[0], "cannot be selected")
        scored = []
        wanted = set(words(query.get("query.bibliographic", "") + " " + query.get("query", "")))
        author_words = set(words(query.get("query.author", "")))
        for order, work in enumerate(self.works):
            if author_words and not author_words & _author_words(work):
                continue
            shared = len(wanted & set(words(" ".join(work.get("title", [])))))
            if shared or not wanted:
                scored.append((-shared, order, work))
        items = [_selected(work, select, -score) for score, _, work in sorted(scored)]
        return json_answer(
            200,
            {
                "status": "ok",
                "message-type": "work-list",
                "message-version": "1.0.0",
                "message": {
                    "facets": {},
                    "total-results": len(items),
                    "items": items[offset : offset + rows],
                    "items-per-page": rows,
                    "query": {"start-index": offset, "search-terms": query.get("query")},
                },
            },
        )


def _author_words(work: dict) -> set[str]:
    names = [f"{a.get('given', '')} {a.get('family', '')}" for a in work.get("author", [])]
    return set(words(" ".join(names)))


def _selected(work: dict, select: list[str], score: int) -> dict:
    item = copy.deepcopy(work) if not select else {k: work[k] for k in select if k in work}
    return {**item, "score": float(score)}


def _singleton(work: dict) -> dict:
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": work}


def _refused(kind: str, value, message: str) -> tuple:
    text = message and f"{value} {message}" or f"This route does not support {value}"
    return json_answer(
        400,
        {
            "status": "failed",
            "message-type": "validation-failure",
            "message": [{"type": kind, "value": value, "message": text}],
        },
    )
