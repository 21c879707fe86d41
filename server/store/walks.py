"""Pages of a search with many matches, read from the date-ordered full-text index
(see `server.store.search`): newest and oldest a day at a time, relevance by tiers; and
relevance with few matches, by BM25."""

from __future__ import annotations

import json
from datetime import date

from server.store import search
from server.store.cursors import PAST_EVERY_ID, encode_cursor
from server.store.keys import day_number, first_key
from server.store.query import Page, PaperQuery
from server.store.rows import (
    COLUMNS,
    JOIN_MATCHES,
    JSON_LIST,
    cursor_key,
    key_bounds,
    page_of,
    paper_of,
    row_id,
    rows_for_keys,
)


def bm25_page(conn, query, match, where, params) -> Page:
    after = cursor_key(query, "bm25")
    clauses = list(where)
    values: list = []
    if after is not None:
        clauses.append("(m.score, papers.id) > (?, ?)")
        values = list(after)
    sql = (
        f"SELECT {COLUMNS}, m.score FROM (SELECT rowid AS k, bm25(papers_fts) AS score "
        f"FROM papers_fts WHERE papers_fts MATCH ?) AS m{JOIN_MATCHES}"
    )
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY m.score, papers.id LIMIT ? OFFSET ?"
    offset = query.offset if after is None else 0
    rows = conn.execute(sql, [match, *params, *values, query.limit + 1, offset]).fetchall()
    return page_of("bm25", rows, query.limit, key=lambda row: (row["score"], row["id"]))


def tiers_page(conn, query, terms, where, params) -> Page:
    """Relevance over many matches (see `search`): among the newest CANDIDATES matches those
    with every word in the title, then the others; then every older match; newest first."""
    after = cursor_key(query, "tiers")
    rows: list = []
    examined = 0
    for tier, match, low, high in tiers(conn, query, terms):
        if after is not None and tier < after[0]:
            continue
        top = min(high, after[1]) if after is not None and tier == after[0] else high
        walk = search.keys_within if tier < 2 else search.keys_descending
        for keys in walk(conn, match, low, top):
            examined += len(keys)
            found = rows_for_keys(conn, keys, where, params)
            found.sort(key=lambda row: -row["search_key"])
            rows += [(tier, row) for row in found]
            if len(rows) > query.limit:
                return tier_page(rows, query.limit)
            if examined >= search.SCAN_LIMIT:
                papers = [paper_of(row) for _tier, row in rows]
                return Page(papers, encode_cursor("tiers", (tier, keys[-1])))
    return tier_page(rows, query.limit)


def tiers(conn, query: PaperQuery, terms: list[str]) -> list[tuple[int, str, int, int]]:
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


def tier_page(rows: list, limit: int) -> Page:
    papers = [paper_of(row) for _tier, row in rows[:limit]]
    if len(rows) <= limit:
        return Page(papers, None)
    tier, last = rows[limit - 1]
    return Page(papers, encode_cursor("tiers", (tier, last["search_key"])))


def walk_page(conn, query, order, match, where, params) -> Page:
    """Newest or oldest over many matches: walk the date-ordered index a day at a time."""
    after = cursor_key(query, order)
    rows: list = []
    examined = 0
    for day, group in walk(conn, query, order, match, where, params, after):
        examined += group.examined
        rows += group.full_rows(conn, query.limit + 1 - len(rows))
        if len(rows) > query.limit:
            return page_of(order, rows, query.limit)
        if examined >= search.SCAN_LIMIT:
            day_text = date.fromordinal(day).isoformat() if day else ""
            key = (day_text, PAST_EVERY_ID)
            key = key if order == "newest" else (int(not day), *key)
            return Page([paper_of(row) for row in rows], encode_cursor(order, key))
    return page_of(order, rows, query.limit)


class DayRows:
    """One day's matches, read when needed in id order through the index of that order: a
    page needs the first few of a day that may hold thousands."""

    def __init__(self, day: int, keys: list[int], where: list[str], params: list, after_id):
        self.day, self.keys, self.examined = day, keys, len(keys)
        self.where, self.params, self.after_id = where, params, after_id

    def full_rows(self, conn, count: int | None = None) -> list:
        if len(self.keys) <= 64:  # a day like most: read it whole, order it here
            rows = sorted(rows_for_keys(conn, self.keys, self.where, self.params), key=row_id)
            if self.after_id is not None:
                rows = [row for row in rows if row["id"] > self.after_id]
            return rows if count is None else rows[: max(count, 0)]
        sort_day = date.fromordinal(self.day).isoformat() if self.day else ""
        clauses = ["papers.sort_day = ?", f"papers.search_key IN {JSON_LIST}", *self.where]
        values: list = [sort_day, json.dumps(self.keys), *self.params]
        if self.after_id is not None:
            clauses.append("papers.id > ?")
            values.append(self.after_id)
        sql = f"SELECT {COLUMNS} FROM papers WHERE {' AND '.join(clauses)} ORDER BY papers.id"
        if count is not None:
            sql += " LIMIT ?"
            values.append(max(count, 0))
        return conn.execute(sql, values).fetchall()


def walk(conn, query, order, match, where, params, after):
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
            yield day, DayRows(day, keys, where, params, after_id if day == after_day else None)
