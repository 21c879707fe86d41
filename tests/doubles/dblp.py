"""A local dblp publication search API: `GET /search/publ/api`.

    with DblpDouble() as dblp:         # base URL: dblp.base_url
        dblp.records.append({...})      # an `info` object as dblp sends it

Rules, from dblp's FAQ ("How to use the dblp search API?", dblp.org/faq/13501473 and
"Am I allowed to crawl the dblp website?", dblp.org/faq/1474706):
- parameters `q` (the query), `format` (`xml` by default, `json`, `jsonp`), `h` (hits, 30 by
  default, at most 1000), `f` (the first hit, from 0), `c` (completions, 10 by default);
- a record is a hit when every query word starts a word of its title or authors (dblp's
  CompleteSearch engine matches prefixes of words);
- the JSON answer is `{"result": {"query", "status": {"@code", "text"}, "hits": {"@total",
  "@computed", "@sent", "@first", "hit": [{"@score", "@id", "info", "url"}]}}}`; `hit` is
  left out when nothing matched, and a record with one author has `authors.author` as an
  object, not a list (as clients of the API handle, e.g. the single-author fixtures of
  x402-research-gateway and fastpaper);
- too many requests: "an empty document with a HTTP status 429 Too Many Requests" and a
  `Retry-After` header with the seconds to wait (tests inject it).
"""

from __future__ import annotations

import copy

from .scholarly import ScholarlyDouble, json_answer, load, words

MAX_HITS = 1000


class DblpDouble(ScholarlyDouble):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict] = load("dblp.json")

    def answer(self, path: str, query: dict, headers: dict) -> tuple:
        if path != "/search/publ/api":
            return 404, b"", "text/html", {}
        hits = min(_number(query.get("h"), 30), MAX_HITS)
        first = _number(query.get("f"), 0)
        found = [r for r in self.records if _hit(words(query.get("q", "")), r)]
        sent = found[first : first + hits]
        result: dict = {
            "query": query.get("q", ""),
            "status": {"@code": "200", "text": "OK"},
            "time": {"@unit": "msecs", "text": "1.00"},
            "completions": {"@total": "0", "@computed": "0", "@sent": "0"},
            "hits": {
                "@total": str(len(found)),
                "@computed": str(len(found)),
                "@sent": str(len(sent)),
                "@first": str(first),
            },
        }
        if sent:
            result["hits"]["hit"] = [_hit_json(record, n) for n, record in enumerate(sent)]
        if query.get("format", "xml") != "json":
            total = len(found)
            body = f'<?xml version="1.0"?><result><hits total="{total}"/></result>'
            return 200, body.encode(), "application/xml", {}
        return json_answer(200, {"result": result})


def _number(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default


def _hit(query_words: list[str], record: dict) -> bool:
    if not query_words:
        return False
    names = [a["text"] for a in _authors(record)]
    record_words = words(" ".join([record.get("title", ""), *names]))
    return all(any(w.startswith(q) for w in record_words) for q in query_words)


def _hit_json(record: dict, rank: int) -> dict:
    info = copy.deepcopy(record)
    authors = _authors(record)
    if authors:
        info["authors"] = {"author": authors[0] if len(authors) == 1 else authors}
    return {
        "@score": str(10 - rank),
        "@id": str(1000 + rank),
        "info": info,
        "url": f"URL#{1000 + rank}",
    }


def _authors(record: dict) -> list[dict]:
    found = (record.get("authors") or {}).get("author") or []
    return found if isinstance(found, list) else [found]
