"""How a newly seen record of a paper combines with the stored one (pure).

Known data is never replaced by emptier data. Counts that change upstream (upvotes,
comments, GitHub stars) take the newest value seen; lists of links, keywords and sources
are unions. Authors follow one rule (`merge_authors`): the names of the most complete
source, the largest count anyone gave, and "complete" only when the two agree.
"""

from __future__ import annotations

from dataclasses import replace

from server.models import Links, Paper, settle_authors, with_derived_links

# Fields that follow the newest observation whenever it has a value.
LATEST_WINS = ("upvotes", "comments", "github_stars")
# Fields filled from the new record only when the stored one lacks them.
FILL_IF_MISSING = (
    "abstract", "published", "featured", "primary_category", "arxiv_id",
    "ai_summary", "organization", "submitter", "thumbnail",
)  # fmt: skip


def merge_papers(stored: Paper, seen: Paper) -> Paper:
    """The stored paper completed and refreshed by another record of the same paper."""
    merged = replace(stored)
    for name in FILL_IF_MISSING:
        if getattr(merged, name) in (None, "") and getattr(seen, name) not in (None, ""):
            setattr(merged, name, getattr(seen, name))
    for name in LATEST_WINS:
        if getattr(seen, name) is not None:
            setattr(merged, name, getattr(seen, name))
    merged.authors, merged.author_count, merged.authors_complete = merge_authors(stored, seen)
    merged.keywords = _union(merged.keywords, seen.keywords)
    merged.categories = _union(merged.categories, seen.categories)
    merged.sources = _union_sources(merged.sources, seen.sources)
    merged.links = _merge_links(merged.links, seen.links)
    if merged.arxiv_id and merged.id != merged.arxiv_id:
        merged.id = merged.arxiv_id  # a title-only record gains its real id
    merged.links = with_derived_links(merged.links, merged.arxiv_id, merged.title)
    return merged


def merge_authors(first: Paper, second: Paper) -> tuple[list[str], int | None, bool]:
    """(names, count, complete) of two records of one paper, whichever came first.

    The names of the most complete source win, then the longest list. The count is the
    largest any source gave: a count above the names marks the list partial, even one a
    source called complete, so a citation never drops authors silently.
    """
    best = max((first, second), key=lambda p: (p.authors_complete, len(p.authors)))
    counts = [c for c in (first.author_count, second.author_count) if c is not None]
    count = max(counts) if counts else None
    complete, count = settle_authors(
        best.authors, count, best.authors_complete and count == len(best.authors)
    )
    return list(best.authors), count, complete


def absorb(record: Paper, older: Paper) -> Paper:
    """`record` completed by an older record of the same paper; `record`'s values win."""
    merged = merge_papers(record, older)
    for name in LATEST_WINS:
        if getattr(record, name) is not None:
            setattr(merged, name, getattr(record, name))
    return merged


def _merge_links(stored: Links, seen: Links) -> Links:
    def better_hf() -> str | None:
        # A direct paper link beats a title search link.
        if stored.hf and "?q=" not in stored.hf:
            return stored.hf
        return seen.hf if seen.hf and "?q=" not in seen.hf else stored.hf or seen.hf

    return Links(
        hf=better_hf(),
        arxiv=stored.arxiv or seen.arxiv,
        pdf=stored.pdf or seen.pdf,
        code=_union(stored.code, seen.code),
        project=_union(stored.project, seen.project),
    )


def _union(first: list, second: list) -> list:
    return list(dict.fromkeys([*first, *second]))


def _union_sources(first: list, second: list) -> list:
    """Sources keyed by (kind, location): the first sighting of each is kept."""
    by_key = {}
    for source in [*first, *second]:
        by_key.setdefault((source.kind, source.location), source)
    return list(by_key.values())
