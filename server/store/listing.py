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
from server.store import search
from server.store.cursors import PAST_EVERY_ID, encode_cursor
from server.store.keys import day_number, first_key
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
_ALL_MATCHES = "(SELECT rowid AS k FROM papers_fts WHERE papers_fts MATCH ?) AS m"
_NEWEST_MATCHES = (
    "(SELECT rowid AS k FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS m"
)
_JSON_LIST = "(SELECT value FROM json_each(?))"  # a list of any length as one value
_JOIN = " CROSS JOIN papers ON papers.search_key = m.k"  # CROSS: matches drive the join


def query_papers(conn: sqlite3.Connection, query: PaperQuery) -> Page:
    """A page of the papers matching `query`, from its cursor on."""
    terms = search.search_terms(query.q)
    order = _order_name(query, terms)
    where, params = filter_clauses(query)
    limit = query.limit
    if not terms:
        after = _after(query, order)
        rows = _keyset_rows(conn, order, "papers", [], where, params, after, limit + 1, query)
        return _page(order, rows, limit)
    match = search.match_all(terms)
    many = search.has_more_than(conn, match, search.CANDIDATES)
    if order == "relevance":
        if many:
            return _tiers_page(conn, query, terms, where, params)
        return _bm25_page(conn, query, match, where, params)
    if many and order in ("newest", "oldest"):
        return _walk_page(conn, query, order, match, where, params)
    source = (_NEWEST_MATCHES if many else _ALL_MATCHES) + _JOIN
    source_params = [match, search.CANDIDATES] if many else [match]
    after = _after(query, order)
    rows = _keyset_rows(conn, order, source, source_params, where, params, after, limit + 1, query)
    return _page(order, rows, limit)


def iter_all(conn: sqlite3.Connection, query: PaperQuery) -> Iterator[Paper]:
    """Every paper matching the query's filters, in its order, whatever its limit: one pass,
    one paper at a time (an export's memory does not grow with its size)."""
    for row in _all_rows(conn, query):
        yield _paper(row)


def iter_with_cite_bases(conn: sqlite3.Connection, query: PaperQuery):
    """`iter_all`, each paper with its stored citation key base: (paper, base)."""
    for row in _all_rows(conn, query):
        yield _paper(row), row["cite_base"]


def matching_ids(conn: sqlite3.Connection, query: PaperQuery, ids: list[str]) -> set[str]:
    """Those of `ids` that match the query's filters."""
    where, params = filter_clauses(query)
    terms = search.search_terms(query.q)
    if terms:
        where.append("papers.search_key IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
        params.append(search.match_all(terms))
    sql = f"SELECT papers.id FROM papers WHERE papers.id IN {_JSON_LIST}"
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
        rows = _rows_for_keys(conn, keys, where, params)
        if rows:
            return date.fromisoformat(rows[0]["sort_day"])
    return None


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


def _order_name(query: PaperQuery, terms: list[str]) -> str:
    sort = query.effective_sort()
    if sort == "relevance" and not terms:
        return "newest"  # relevance without words to rank by: newest first
    return sort


def _after(query: PaperQuery, order: str) -> tuple | None:
    if query.after is None:
        return None
    if query.after.order != order:
        raise QueryError("cursor: made for another sort or search; start from the first page")
    return query.after.key


def _key(order: str, row: sqlite3.Row) -> tuple:
    return tuple(row[column] for column, _direction in ORDERS[order])


def _page(order: str, rows: list, limit: int, key=None) -> Page:
    papers = [_paper(row) for row in rows[:limit]]
    if len(rows) <= limit:
        return Page(papers, None)
    last = rows[limit - 1]
    return Page(papers, encode_cursor(order, key(last) if key else _key(order, last)))


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


def _bm25_page(conn, query, match, where, params) -> Page:
    after = _after(query, "bm25")
    clauses = list(where)
    values: list = []
    if after is not None:
        clauses.append("(m.score, papers.id) > (?, ?)")
        values = list(after)
    sql = (
        f"SELECT {COLUMNS}, m.score FROM (SELECT rowid AS k, bm25(papers_fts) AS score "
        f"FROM papers_fts WHERE papers_fts MATCH ?) AS m{_JOIN}"
    )
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY m.score, papers.id LIMIT ? OFFSET ?"
    offset = query.offset if after is None else 0
    rows = conn.execute(sql, [match, *params, *values, query.limit + 1, offset]).fetchall()
    return _page("bm25", rows, query.limit, key=lambda row: (row["score"], row["id"]))


def _tiers_page(conn, query, terms, where, params) -> Page:
    """Relevance over many matches (see `search`): among the newest CANDIDATES matches those
    with every word in the title, then the others; then every older match; newest first."""
    after = _after(query, "tiers")
    rows: list = []
    examined = 0
    for tier, match, low, high in _tiers(conn, query, terms):
        if after is not None and tier < after[0]:
            continue
        top = min(high, after[1]) if after is not None and tier == after[0] else high
        walk = search.keys_within if tier < 2 else search.keys_descending
        for keys in walk(conn, match, low, top):
            examined += len(keys)
            found = _rows_for_keys(conn, keys, where, params)
            found.sort(key=lambda row: -row["search_key"])
            rows += [(tier, row) for row in found]
            if len(rows) > query.limit:
                return _tier_page(rows, query.limit)
            if examined >= search.SCAN_LIMIT:
                papers = [_paper(row) for _tier, row in rows]
                return Page(papers, encode_cursor("tiers", (tier, keys[-1])))
    return _tier_page(rows, query.limit)


def _tiers(conn, query: PaperQuery, terms: list[str]) -> list[tuple[int, str, int, int]]:
    """(tier, FTS query, low key, high key) of each tier of relevance over many matches.
    The first two tiers lie within the newest CANDIDATES matches, so telling title matches
    from the others costs at most that many steps of the index."""
    low, high = key_bounds(query)
    everything = search.match_all(terms)
    row = conn.execute(
        "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? AND rowid >= ? AND rowid < ? "
        "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (everything, low, high, search.CANDIDATES - 1),
    ).fetchone()
    newest_low = row[0] if row else low
    return [
        (0, search.match_in_title(terms), newest_low, high),
        (1, search.match_not_in_title(terms), newest_low, high),
        (2, everything, low, newest_low),
    ]


def _tier_page(rows: list, limit: int) -> Page:
    papers = [_paper(row) for _tier, row in rows[:limit]]
    if len(rows) <= limit:
        return Page(papers, None)
    tier, last = rows[limit - 1]
    return Page(papers, encode_cursor("tiers", (tier, last["search_key"])))


def _walk_page(conn, query, order, match, where, params) -> Page:
    """Newest or oldest over many matches: walk the date-ordered index a day at a time."""
    after = _after(query, order)
    rows: list = []
    examined = 0
    for day, group in _walk(conn, query, order, match, where, params, after):
        examined += group.examined
        rows += group.full_rows(conn, query.limit + 1 - len(rows))
        if len(rows) > query.limit:
            return _page(order, rows, query.limit)
        if examined >= search.SCAN_LIMIT:
            day_text = date.fromordinal(day).isoformat() if day else ""
            key = (day_text, PAST_EVERY_ID)
            key = key if order == "newest" else (int(not day), *key)
            return Page([_paper(row) for row in rows], encode_cursor(order, key))
    return _page(order, rows, query.limit)


class _DayRows:
    """One day's matches, read when needed in id order through the index of that order: a
    page needs the first few of a day that may hold thousands."""

    def __init__(self, day: int, keys: list[int], where: list[str], params: list, after_id):
        self.day, self.keys, self.examined = day, keys, len(keys)
        self.where, self.params, self.after_id = where, params, after_id

    def full_rows(self, conn, count: int | None = None) -> list:
        if len(self.keys) <= 64:  # a day like most: read it whole, order it here
            rows = sorted(_rows_for_keys(conn, self.keys, self.where, self.params), key=_id)
            if self.after_id is not None:
                rows = [row for row in rows if row["id"] > self.after_id]
            return rows if count is None else rows[: max(count, 0)]
        sort_day = date.fromordinal(self.day).isoformat() if self.day else ""
        clauses = ["papers.sort_day = ?", f"papers.search_key IN {_JSON_LIST}", *self.where]
        values: list = [sort_day, json.dumps(self.keys), *self.params]
        if self.after_id is not None:
            clauses.append("papers.id > ?")
            values.append(self.after_id)
        sql = f"SELECT {COLUMNS} FROM papers WHERE {' AND '.join(clauses)} ORDER BY papers.id"
        if count is not None:
            sql += " LIMIT ?"
            values.append(max(count, 0))
        return conn.execute(sql, values).fetchall()


def _walk(conn, query, order, match, where, params, after):
    """(day, its matching rows in order) from the cursor on, in the order's date order."""
    low, high = key_bounds(query)
    dated_low = max(low, first_key(1))
    after_day, after_id = (None, None)
    if after is not None:
        after_day, after_id = day_number(after[-2]), after[-1]
        past_day = after_id == PAST_EVERY_ID  # the cursor's whole day was read
    if order == "newest":
        if after is not None:
            high = min(high, first_key(after_day + (0 if past_day else 1)))
        ranges = [(low, high, True)]
    else:
        ranges = [(dated_low, high, False), (low, min(high, first_key(1)), False)]
        if after is not None:
            if after[0]:  # undated: only undated papers follow
                ranges = [] if past_day else ranges[1:]
            else:
                start = first_key(after_day + (1 if past_day else 0))
                ranges[0] = (max(dated_low, start), high, False)
    for range_low, range_high, descending in ranges:
        for day, keys in search.day_groups(conn, match, range_low, range_high, descending):
            yield day, _DayRows(day, keys, where, params, after_id if day == after_day else None)


def _id(row: sqlite3.Row) -> str:
    return row["id"]


def _rows_for_keys(conn, keys: list[int], where: list[str], params: list) -> list:
    sql = f"SELECT {COLUMNS} FROM papers WHERE papers.search_key IN {_JSON_LIST}"
    sql += "".join(f" AND {clause}" for clause in where)
    return conn.execute(sql, [json.dumps(keys), *params]).fetchall()


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
        for _day, group in _walk(conn, query, order, match, where, params, None):
            yield from group.full_rows(conn)
    elif order == "upvotes":
        order_sql = ", ".join(f"papers.{c} {d}" for c, d in ORDERS[order])
        yield from conn.execute(
            f"SELECT {columns} FROM {_ALL_MATCHES}{_JOIN}{condition} ORDER BY {order_sql}",
            [match, *params],
        )
    elif search.has_more_than(conn, match, search.CANDIDATES):
        for tier, tier_match, low, high in _tiers(conn, query, terms):
            walk = search.keys_within if tier < 2 else search.keys_descending
            for keys in walk(conn, tier_match, low, high):
                found = _rows_for_keys(conn, keys, where, params)
                yield from sorted(found, key=lambda row: -row["search_key"])
    else:
        yield from conn.execute(
            f"SELECT {columns} FROM (SELECT rowid AS k, bm25(papers_fts) AS score FROM "
            f"papers_fts WHERE papers_fts MATCH ?) AS m{_JOIN}{condition} "
            "ORDER BY m.score, papers.id",
            [match, *params],
        )


def _paper(row: sqlite3.Row) -> Paper:
    return Paper.from_json(json.loads(row["data"]))
