"""Zotero's quick search, as the web API and the desktop app's local API run it.

Both split the query the same way (words, or "quoted phrases"; every part must match) but
look in different places:

- web API `q` (dataserver model/Items.inc.php, search()): a part matches the title, a note's
  title, a creator's "first last" (SQL LIKE, so case- and accent-blind) or equals the year;
  `qmode=everything` adds full-text content, which the double does not hold. So the web API
  cannot find an item by its archiveID, DOI or URL.
- local API `q` (zotero chrome/content/zotero/xpcom/data/search.js, addCondition for
  quicksearch-*): `titleCreatorYear` looks in title, publicationTitle, shortTitle, court,
  year, citationKey, creators (and a part that is an item key); `everything`/`all` look in
  every field, the tags and the creators.
"""

from __future__ import annotations

import re
import unicodedata

# zotero searchConditions.js parseSearchString / dataserver Utilities.inc.php parseSearchString
_SPLIT = re.compile(r"""\s*("[^"]*")\s*|"\s|\s"|^"|"$|'\s|\s'|^'|'$|\s""", re.MULTILINE)
_TITLE_CREATOR_YEAR = ("title", "publicationTitle", "shortTitle", "court", "citationKey")


def parse_search_string(text: str) -> list[str]:
    parts = []
    for part in _SPLIT.split(text):
        if not part:
            continue
        if len(part) > 1 and part[0] == '"' and part[-1] == '"':
            part = part[1:-1]
        parts.append(part)
    return parts


def fold(text: str) -> str:
    """Case- and accent-blind, like MySQL's utf8mb4_unicode_ci and Zotero's SQLite search."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def creator_names(data: dict) -> list[str]:
    return [
        " ".join(filter(None, (c.get("firstName"), c.get("lastName")))) or c.get("name") or ""
        for c in data.get("creators") or []
    ]


def web_q_matches(data: dict, q: str) -> bool:
    """The web API's `q` (titleCreatorYear and everything alike, without full text)."""
    year = str(data.get("date") or "")[:4]
    places = [data.get("title") or "", data.get("note") or "", *creator_names(data)]
    return all(
        any(fold(part) in fold(place) for place in places) or part == year
        for part in parse_search_string(q)
    )


def local_q_matches(data: dict, q: str, qmode: str | None) -> bool:
    """The local API's `q` with `qmode` titleCreatorYear (default), everything or all."""
    if (qmode or "titleCreatorYear") == "titleCreatorYear":
        places = [str(data.get(name) or "") for name in _TITLE_CREATOR_YEAR]
        places.append(str(data.get("date") or "")[:4])
    else:
        skip = {"key", "version", "creators", "tags", "collections", "relations", "itemType"}
        places = [str(v) for k, v in data.items() if k not in skip and isinstance(v, str)]
        places += [str(t.get("tag") or "") for t in data.get("tags") or []]
    places += creator_names(data)
    return all(
        part == data.get("key") or any(fold(part) in fold(place) for place in places)
        for part in parse_search_string(q)
    )
