"""What every listing shares: the order of each sort, the columns read, filters as SQL,
cursors in and out, and rows to records."""

from __future__ import annotations

import json
import sqlite3

from server.models import Paper
from server.store import search
from server.store.cursors import encode_cursor
from server.store.keys import first_key
from server.store.query import Page, PaperQuery, QueryError

# Each order as (column, direction) pairs; `id` makes every key unique.
ORDERS = {
    "newest": (("sort_day", "DESC"), ("id", "ASC")),
    "oldest": (("undated", "ASC"), ("sort_day", "ASC"), ("id", "ASC")),
    "upvotes": (("upvote_rank", "DESC"), ("sort_day", "DESC"), ("id", "ASC")),
}
COLUMNS = (
    "papers.data, papers.sort_day, papers.undated, papers.upvote_rank, papers.id, "
    "papers.search_key, papers.cite_base"
)
ALL_MATCHES = "(SELECT rowid AS k FROM papers_fts WHERE papers_fts MATCH ?) AS m"
NEWEST_MATCHES = (
    "(SELECT rowid AS k FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS m"
)
JSON_LIST = "(SELECT value FROM json_each(?))"  # a list of any length as one value
JOIN_MATCHES = " CROSS JOIN papers ON papers.search_key = m.k"  # CROSS: matches drive the join


def filter_clauses(query: PaperQuery) -> tuple[list[str], list]:
    """SQL conditions (on `papers`) for the query's filters, and their values."""
    where: list[str] = []
    params: list = []
    if query.since:
        where.append("papers.sort_day >= ?")
        params.append(query.since.isoformat())
    if query.until:
        where.append("papers.sort_day > '' AND papers.sort_day <= ?")  # '' is undated
        params.append(query.until.isoformat())
    if query.min_upvotes is not None:
        if query.min_upvotes > 0:  # unknown upvotes (-1 in upvote_rank) count as 0
            where.append("papers.upvote_rank >= ?")
        else:
            where.append("coalesce(papers.upvotes, 0) >= ?")
        params.append(query.min_upvotes)
    if query.has_code is not None:
        where.append("papers.has_code = ?")
        params.append(int(query.has_code))
    return where, params


def key_bounds(query: PaperQuery) -> tuple[int, int]:
    """The search keys [low, high) that the query's date filters leave."""
    low, high = search.ALL_KEYS
    if query.since:
        low = first_key(query.since.toordinal())
    if query.until:
        low = max(low, first_key(1))  # undated papers are never "until" a day
        high = first_key(query.until.toordinal() + 1)
    return low, high


def cursor_key(query: PaperQuery, order: str) -> tuple | None:
    if query.after is None:
        return None
    if query.after.order != order:
        raise QueryError("cursor: made for another sort or search; start from the first page")
    return query.after.key


def sort_key(order: str, row: sqlite3.Row) -> tuple:
    return tuple(row[column] for column, _direction in ORDERS[order])


def page_of(order: str, rows: list, limit: int, key=None) -> Page:
    papers = [paper_of(row) for row in rows[:limit]]
    if len(rows) <= limit:
        return Page(papers, None)
    last = rows[limit - 1]
    return Page(papers, encode_cursor(order, key(last) if key else sort_key(order, last)))


def row_id(row: sqlite3.Row) -> str:
    return row["id"]


def rows_for_keys(conn, keys: list[int], where: list[str], params: list) -> list:
    sql = f"SELECT {COLUMNS} FROM papers WHERE papers.search_key IN {JSON_LIST}"
    sql += "".join(f" AND {clause}" for clause in where)
    return conn.execute(sql, [json.dumps(keys), *params]).fetchall()


def paper_of(row: sqlite3.Row) -> Paper:
    return Paper.from_json(json.loads(row["data"]))
