"""How the papers page words things: counts and author lines. Pure, for the template."""

from __future__ import annotations

from server.models import Paper

# The page's sort control: value -> label (the store's SORTS; "": the store's default).
SORT_LABELS = {
    "": "best match, else newest",
    "newest": "newest first",
    "oldest": "oldest first",
    "upvotes": "most upvoted",
    "relevance": "best match",
}


def counted(number: int, noun: str) -> str:
    """`1 comment`, `2 comments`, `0 upvotes`."""
    return f"{number} {noun if number == 1 else noun + 's'}"


def authors_partial(paper: Paper) -> bool:
    """Whether the record names some of the authors but not all (`Paper.authors_complete`,
    the rule every export follows)."""
    return bool(paper.authors) and not paper.authors_complete


def authors_line(paper: Paper) -> str:
    """`Ada Lovelace, Alan Turing`, `Ada Lovelace et al.` when the names are a part,
    `12 authors` when none are named, else nothing."""
    if paper.authors:
        return ", ".join(paper.authors) + (" et al." if authors_partial(paper) else "")
    if paper.author_count:
        return counted(paper.author_count, "author")
    return ""
