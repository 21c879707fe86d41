"""Client for the Hugging Face papers API: daily listings (all pages), search, one paper.

Returns the API's JSON as it came (lists/dicts); turning it into `Paper`s is the parser's job
(`server.parsing.hf_api.parse_api_json`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from server.progress import SILENT, Progress
from server.upstream.http import BadResponse, HttpClient, HttpStatusError, Response
from server.upstream.listings import Listing

SERVICE = "Hugging Face"


@dataclass
class Fetched:
    """All items of one listing, the URL of its first page, and how it went."""

    items: list
    url: str
    pages: int = 1
    not_modified: bool = False  # every page was answered 304 from our cache
    truncated: bool = False  # stopped at max_pages with more to come


class HfApi:
    def __init__(self, http: HttpClient, base_url: str, page_size: int = 50, max_pages: int = 100):
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.page_size = max(1, int(page_size))
        self.max_pages = max_pages

    def listing(self, which: Listing, progress: Progress = SILENT) -> Fetched:
        """Every item of a listing; `progress` advances by each page."""
        if which.kind == "search":
            fetched = self.search(which.value, limit=self.page_size)
            progress.advance()
            return fetched
        return self.daily_papers(**{which.kind: which.value}, progress=progress)

    def daily_papers(
        self,
        *,
        date: str | None = None,
        week: str | None = None,
        month: str | None = None,
        progress: Progress = SILENT,
    ) -> Fetched:
        """Every item of a day's, week's or month's listing, page by page (`p=`, `limit=`)."""
        periods = {k: v for k, v in (("date", date), ("week", week), ("month", month)) if v}
        if len(periods) != 1:
            raise ValueError("give exactly one of date, week, month")
        url = f"{self.base_url}/api/daily_papers"
        items: list = []
        seen: set[str] = set()
        first_url, pages, all_cached = "", 0, True
        for page in range(self.max_pages):
            response = self.http.get(
                url, {**periods, "p": page, "limit": self.page_size}, service=SERVICE
            )
            first_url = first_url or response.url
            data = _json(response, list)
            pages += 1
            progress.advance()
            all_cached = all_cached and response.from_cache
            keys = [_item_key(item) for item in data]
            fresh = [item for item, key in zip(data, keys, strict=True) if key not in seen]
            if not fresh:
                # `[]` past the end (or a server that ignores `p` repeating a page).
                return Fetched(items, first_url, pages, all_cached)
            seen.update(keys)
            items.extend(fresh)
        return Fetched(items, first_url, pages, all_cached, truncated=True)

    def search(self, query: str, limit: int = 20) -> Fetched:
        response = self.http.get(
            f"{self.base_url}/api/papers/search", {"q": query, "limit": limit}, service=SERVICE
        )
        return Fetched(_json(response, list), response.url, 1, response.from_cache)

    def paper(self, arxiv_id: str) -> Fetched | None:
        """One paper object (as a one-item list), or None when Hugging Face has not indexed it."""
        try:
            response = self.http.get(f"{self.base_url}/api/papers/{arxiv_id}", service=SERVICE)
        except HttpStatusError as exc:
            if exc.status == 404:
                return None
            raise
        return Fetched([_json(response, dict)], response.url, 1, response.from_cache)


def _json(response: Response, shape: type) -> list | dict:
    try:
        data = json.loads(response.body)
    except json.JSONDecodeError as exc:
        where = f" ({exc.msg} at line {exc.lineno} column {exc.colno})"
        raise BadResponse(f"{SERVICE} sent malformed JSON for {response.url}{where}") from None
    except (ValueError, UnicodeDecodeError):
        where = ""
        raise BadResponse(f"{SERVICE} sent malformed JSON for {response.url}{where}") from None
    if not isinstance(data, shape):
        expected = "a list" if shape is list else "an object"
        raise BadResponse(
            f"{SERVICE} sent {type(data).__name__} where {expected} was expected ({response.url})"
        )
    return data


def _item_key(item: object) -> str:
    if isinstance(item, dict):
        paper = item.get("paper") if isinstance(item.get("paper"), dict) else item
        key = paper.get("id") or paper.get("title") or item.get("title")
        if isinstance(key, str) and key:
            return key
    return json.dumps(item, sort_keys=True, default=str)
