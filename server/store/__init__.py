"""The store: every SQL statement papershelf runs, and the mapping of rows to records.

- `db`: the schema, its migrations, connections and transactions
- `papers`: papers, their full-text index and old ids (re-exported here: `store.ingest`, ...)
- `http_cache`: upstream answers kept for conditional requests
- `fetches`: what each upstream fetch brought
- `saved`: what was saved to which Zotero target and library
- `claims`: saves in progress, one per paper per target (settled into `saved`)
- `zotero_index`: each web library's items by identifier, kept by syncing
- `venues`: published versions of papers and each paper's last venue check
- `batches`: a long ingest in short transactions (`papershelf ingest`)
- `faults`: SQLite's failures as papershelf's (busy, read-only, disk full, unusable)

Callers get records (`Paper`, `CachedResponse`, `FetchRun`, ...), never `sqlite3.Row`s.
"""

from server.store.papers import (
    MAX_LIMIT,
    SORTS,
    IngestResult,
    PaperQuery,
    QueryError,
    count_papers,
    decode_cursor,
    encode_cursor,
    fts_match,
    get_paper,
    get_papers,
    ingest,
    iter_all,
    last_updated,
    query_papers,
    resolve_id,
)

__all__ = [
    "MAX_LIMIT",
    "SORTS",
    "IngestResult",
    "PaperQuery",
    "QueryError",
    "count_papers",
    "decode_cursor",
    "encode_cursor",
    "fts_match",
    "get_paper",
    "get_papers",
    "ingest",
    "iter_all",
    "last_updated",
    "query_papers",
    "resolve_id",
]
