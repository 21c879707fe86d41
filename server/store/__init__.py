"""The store: every SQL statement papershelf runs, and the mapping of rows to records.

- `db`: the schema, its migrations, connections and transactions
- `papers`: writing papers (one pass per ingest) and reading one paper, old ids
- `listing`, `search`, `cursors`, `query`: filters, sorts, keyset pages, bounded full-text
  search, whole selections for exports
- `state`: the store's generation, change time and paper count (ETags, health)
- `keys`, `cite_keys`: the search key (date order) and citation key base kept per paper
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

from server.store.cite_keys import CiteKeys
from server.store.cursors import Cursor, CursorError, decode_cursor, encode_cursor
from server.store.listing import (
    iter_all,
    iter_with_cite_bases,
    matching_ids,
    newest_day,
    query_papers,
)
from server.store.papers import IngestResult, get_paper, get_papers, ingest, resolve_id
from server.store.query import MAX_LIMIT, SORTS, Page, PaperQuery, QueryError
from server.store.search import MAX_TERMS, fts_match, search_terms
from server.store.state import StoreState, count_papers, last_updated, store_state

__all__ = [
    "CiteKeys",
    "MAX_LIMIT",
    "MAX_TERMS",
    "SORTS",
    "Cursor",
    "CursorError",
    "IngestResult",
    "Page",
    "PaperQuery",
    "QueryError",
    "StoreState",
    "count_papers",
    "decode_cursor",
    "encode_cursor",
    "fts_match",
    "get_paper",
    "get_papers",
    "ingest",
    "iter_all",
    "iter_with_cite_bases",
    "last_updated",
    "matching_ids",
    "newest_day",
    "query_papers",
    "resolve_id",
    "search_terms",
    "store_state",
]
