"""Is this paper in the desktop library? Asked through Zotero's local API, when it is on.

The connector itself has no search. The local API's quick search (`qmode=everything`: every
field) finds an arXiv id wherever the item keeps it; a title is searched by its three longest
words (LaTeX and punctuation vary between copies of a title) and then compared folded.
"""

from __future__ import annotations

import re

from server.models import Paper
from server.zotero.desktop import DesktopApp, LocalApiOff
from server.zotero.identifiers import is_same, item_identifiers, paper_identifiers, title_key


class LocalLookup:
    def __init__(self, app: DesktopApp):
        self.app = app
        self.available: bool | None = None  # None: not asked yet

    def find(self, paper: Paper) -> str | None:
        """The key of the item that is this paper; None when not found or not askable."""
        if self.available is False:
            return None
        ids = paper_identifiers(paper)
        searches = [(ids.arxiv_id, "everything")] if ids.arxiv_id else []
        words = sorted(re.findall(r"\w+", title_key(paper.title)), key=len, reverse=True)[:3]
        if words:
            searches.append((" ".join(words), "titleCreatorYear"))
        for q, qmode in searches:
            try:
                found = self.app.find_items(q, qmode)
            except LocalApiOff:
                self.available = False
                return None
            self.available = True
            for data in found:
                if not data.get("parentItem") and is_same(ids, item_identifiers(data)):
                    return data.get("key")
        return None
