"""The page chrome of a papers page copied as text: lines that are the site, not papers.

When two copies are pasted together without a line break, the first line of the second
page (chrome, or its date) ends up glued to the last line of the first: `Sep 7, 2024 6New`.
"""

from __future__ import annotations

import re

from server.parsing.dates import page_date_or_none

CHROME_LINES = (
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
    "Trending Papers",
    "Papers",
    "Submit paper",
    "Search",
    "Previous",
    "Next",
    "Load more",
    "New",
)
_CHROME_KEYS = frozenset("".join(line.casefold().split()) for line in CHROME_LINES)
_LONGEST_KEY = max(len(key) for key in _CHROME_KEYS)
# A page's own date (`Dec 24`) glued to the end of a line.
_GLUED_DATE_RE = re.compile(r"(?<=\d)(?P<date>[A-Z][a-z]{2}[a-z]{0,6}\.? \d{1,2})\Z", re.ASCII)


def is_chrome(text: str) -> bool:
    """Whether a paragraph is page chrome (`by AK and the research community` too)."""
    if len(text) > 2 * _LONGEST_KEY:
        return False
    return "".join(text.casefold().split()) in _CHROME_KEYS


def glued_page_start(line: str) -> tuple[str, str] | None:
    """(date line, glued text) when `line` is a date line with a second page glued on."""
    if len(line) > 80 or page_date_or_none(line):
        return None
    folded = line.casefold()
    for chrome in CHROME_LINES:
        if folded.endswith(chrome.casefold()) and page_date_or_none(line[: -len(chrome)]):
            return line[: -len(chrome)].strip(), line[-len(chrome) :]
    match = _GLUED_DATE_RE.search(line)
    if match and page_date_or_none(line[: match.start()]) and page_date_or_none(match["date"]):
        return line[: match.start()].strip(), match["date"]
    return None
