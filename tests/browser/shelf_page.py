"""What the tests of papershelf's own page share: the papers they stock the server with, and
a watch on the page's console and Content-Security-Policy refusals."""

from __future__ import annotations

import json
import urllib.request

from tests.conftest import TEST_TOKEN

HOSTILE_TITLE = '</h2><img src=x onerror="window.pwned=1"> & "Quotes" {Braces} \\emph{x}'

# Paper JSON as the API takes it: counts of one and of many, a partial author list (two of
# four named), none named but counted, a hostile title, and dates for sorting and `until`.
PAPERS = [
    {
        "arxiv_id": "2509.04664",
        "title": "Why Language Models Hallucinate",
        "authors": ["Adam Tauman Kalai", "Ofir Nachum"],
        "author_count": 4,
        "published": "2025-09-04",
        "featured": "2025-09-05",
        "upvotes": 1,
        "comments": 1,
        "abstract": "Language models guess when unsure.",
    },
    {
        "arxiv_id": "2512.20001",
        "title": "Diffusion Language Models Are Strong Planners",
        "authors": ["Mei Tanaka", "Jonas Berg"],
        "published": "2025-12-22",
        "featured": "2025-12-24",
        "upvotes": 41,
        "comments": 2,
    },
    {
        "arxiv_id": "2512.20002",
        "title": "Sparse Mixtures of Experts for Long-Context Retrieval",
        "author_count": 7,
        "published": "2025-12-23",
        "featured": "2025-12-24",
        "upvotes": 0,
        "comments": 0,
    },
    {
        "arxiv_id": "2512.20003",
        "title": HOSTILE_TITLE,
        "authors": ["Eve O'Hostile"],
        "published": "2025-12-20",
        "featured": "2025-12-23",
        "upvotes": 3,
    },
    {
        "arxiv_id": "2401.00001",
        "title": "An Older Paper About Interval Bounds",
        "authors": ["Grace Hopper"],
        "published": "2024-01-03",
        "featured": "2024-01-05",
        "upvotes": 250,
        "comments": 12,
    },
]

# Recorded in the page itself: the policy's refusals, as the browser reports them.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def stock(server, papers=PAPERS) -> None:
    """Ingest `papers` through the API, as the extension or a script would."""
    request = urllib.request.Request(
        f"{server.url}/api/ingest?name=page-test",
        data=json.dumps({"items": papers}).encode(),
        headers={"Authorization": f"Bearer {TEST_TOKEN}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert json.load(reply)["added"] == len(papers)


class PageWatch:
    """Console errors, uncaught exceptions and CSP refusals of one tab."""

    def __init__(self, tab) -> None:
        self.tab = tab
        self.errors: list[str] = []
        tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        tab.add_init_script(RECORD_VIOLATIONS)

    def violations(self) -> list[str]:
        return self.tab.evaluate("window.__violations || []")

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.violations() == []
