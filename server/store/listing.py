"""Listing papers: filters, the order of each sort, keyset pages and whole selections.

Every order has an index that serves it (see the migrations), and a page starts where the
previous one ended (its cursor holds the last sort key), so a page costs the same at any
depth. Searches follow `server.store.search`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date

from server.models import Paper
from server.store import search, walks
from server.store.keys import first_key
from server.store.query import Page, PaperQuery
from server.store.rows import (
    ALL_MATCHES,
    COLUMNS,
    JOIN_MATCHES,
    JSON_LIST,
    NEWEST_MATCHES,
    ORDERS,
    cursor_key,
    filter_clauses,
    key_bounds,
    page_of,
    paper_of,
    rows_for_keys,
)


def query_papers(conn: sqlite3.Connection, query: PaperQuery) -> Page:
    """A page of the papers matching `query`, from its cursor on."""
    terms = search.search_terms(query.q)
    order = _order_name(query, terms)
    where, params = filter_clauses(query)
    limit = query.limit
    if not terms:
        after = cursor_key(query, order)
        rows = _keyset_rows(conn, order, "papers", [], where, params, after, limit + 1, query)
        return page_of(order, rows, limit)
    match = search.match_all(terms)
    many = search.has_more_than(conn, match, search.CANDIDATES)
    if order == "relevance":
        if many:
            return walks.tiers_page(conn, query, terms, where, params)
        return walks.bm25_page(conn, query, match, where, params)
    if many and order in ("newest", "oldest"):
        return walks.walk_page(conn, query, order, match, where, params)
    source = (NEWEST_MATCHES if many else ALL_MATCHES) + JOIN_MATCHES
    source_params = [match, search.CANDIDATES] if many else [match]
    after = cursor_key(query, order)
    rows = _keyset_rows(conn, order, source, source_params, where, params, after, limit + 1, query)
    return page_of(order, rows, limit)


def iter_all(conn: sqlite3.Connection, query: PaperQuery) -> Iterator[Paper]:
    """Every paper matching the query's filters, in its order, whatever its limit: one pass,
    one paper at a time (an export's memory does not grow with its size)."""
    for row in _all_rows(conn, query):
        yield paper_of(row)


def iter_with_cite_bases(conn: sqlite3.Connection, query: PaperQuery):
    """`iter_all`, each paper with its stored citation key base: (paper, base)."""
    for row in _all_rows(conn, query):
        yield paper_of(row), row["cite_base"]


def matching_ids(conn: sqlite3.Connection, query: PaperQuery, ids: list[str]) -> set[str]:
    """Those of `ids` that match the query's filters."""
    where, params = filter_clauses(query)
    terms = search.search_terms(query.q)
    if terms:
        where.append("papers.search_key IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
        params.append(search.match_all(terms))
    sql = f"SELECT papers.id FROM papers WHERE papers.id IN {JSON_LIST}"
    sql += "".join(f" AND {clause}" for clause in where)
    return {row[0] for row in conn.execute(sql, [json.dumps(ids), *params])}


def newest_day(conn: sqlite3.Connection, query: PaperQuery) -> date | None:
    """The latest featured-or-published day among the matching papers (a feed's `updated`)."""
    where, params = filter_clauses(query)
    terms = search.search_terms(query.q)
    if not terms:
        sql = "SELECT papers.sort_day FROM papers WHERE papers.sort_day > ''"
        sql += "".join(f" AND {clause}" for clause in where)
        row = conn.execute(sql + " ORDER BY papers.sort_day DESC LIMIT 1", params).fetchone()
        return date.fromisoformat(row[0]) if row else None
    low, high = key_bounds(query)
    match = search.match_all(terms)
    for _day, keys in search.day_groups(conn, match, max(low, first_key(1)), high, True):
        rows = rows_for_keys(conn, keys, where, params)
        if rows:
            return date.fromisoformat(rows[0]["sort_day"])
    return None


def _order_name(query: PaperQuery, terms: list[str]) -> str:
    sort = query.effective_sort()
    if sort == "relevance" and not terms:
        return "newest"  # relevance without words to rank by: newest first
    return sort


def _keyset_rows(conn, order, source, source_params, where, params, after, limit, query):
    """Up to `limit` rows in `order` after the key `after`: one index range per key column
    (rows on the same day after this id, then earlier days, ...), never a scan from the top."""
    columns = ORDERS[order]
    order_sql = ", ".join(f"papers.{column} {direction}" for column, direction in columns)
    segments: list[tuple[list[str], list]] = [([], [])]
    if after is not None:
        segments = []
        for split in range(len(columns) - 1, -1, -1):
            conditions = [f"papers.{column} = ?" for column, _ in columns[:split]]
            column, direction = columns[split]
            conditions.append(f"papers.{column} {'<' if direction == 'DESC' else '>'} ?")
            segments.append((conditions, list(after[: split + 1])))
    rows: list = []
    offset = query.offset if after is None else 0
    for conditions, values in segments:
        if len(rows) >= limit:
            break
        clauses = where + conditions
        sql = f"SELECT {COLUMNS} FROM {source}"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += f" ORDER BY {order_sql} LIMIT ? OFFSET ?"
        rows += conn.execute(
            sql, [*source_params, *params, *values, limit - len(rows), offset]
        ).fetchall()
    return rows


def _all_rows(conn, query: PaperQuery) -> Iterator[sqlite3.Row]:
    columns = COLUMNS
    terms = search.search_terms(query.q)
    order = _order_name(query, terms)
    where, params = filter_clauses(query)
    condition = (" WHERE " + " AND ".join(where)) if where else ""
    if not terms:
        order_sql = ", ".join(f"papers.{c} {d}" for c, d in ORDERS[order])
        yield from conn.execute(
            f"SELECT {columns} FROM papers{condition} ORDER BY {order_sql}", params
        )
        return
    match = search.match_all(terms)
    if order in ("newest", "oldest"):
        for _day, group in walks.walk(conn, query, order, match, where, params, None):
            yield from group.full_rows(conn)
    elif order == "upvotes":
        order_sql = ", ".join(f"papers.{c} {d}" for c, d in ORDERS[order])
        yield from conn.execute(
            f"SELECT {columns} FROM {ALL_MATCHES}{JOIN_MATCHES}{condition} ORDER BY {order_sql}",
            [match, *params],
        )
    elif search.has_more_than(conn, match, search.CANDIDATES):
        for tier, tier_match, low, high in walks.tiers(conn, query, terms):
            walk = search.keys_within if tier < 2 else search.keys_descending
            for keys in walk(conn, tier_match, low, high):
                found = rows_for_keys(conn, keys, where, params)
                yield from sorted(found, key=lambda row: -row["search_key"])
    else:
        yield from conn.execute(
            f"SELECT {columns} FROM (SELECT rowid AS k, bm25(papers_fts) AS score FROM "
            f"papers_fts WHERE papers_fts MATCH ?) AS m{JOIN_MATCHES}{condition} "
            "ORDER BY m.score, papers.id",
            [match, *params],
        )
