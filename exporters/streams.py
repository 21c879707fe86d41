"""Every format written as a stream: papers in from any iterable, text out in pieces.

Each writer yields the same bytes as its format's one-shot writer (`to_bibtex`, `to_rss`,
...) would for the same papers, entry by entry, so an export of any size starts at once
and holds one chunk in memory. What an entry says is left to the format's own module: each
paper goes through its one-shot writer alone (or a few at a time), and only the framing
around the entries is written here. Feed-level values that depend on every paper (a feed's
`updated`) are passed in by the caller, who can ask the store for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime

from exporters.feed_items import EARLIEST, feed_info
from server.models import Paper

CHUNK_CHARS = 1 << 16  # text handed on at a time


def chunked(pieces: Iterable[str], size: int = CHUNK_CHARS) -> Iterator[str]:
    """The pieces joined into chunks of about `size` characters (fewer, larger writes)."""
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


def json_items(
    items: Iterable[dict], head: str, tail: str, empty: str, depth: int
) -> Iterator[str]:
    """A JSON array written as `json.dumps(..., indent=2)` writes it, at nesting `depth`:
    `head`, the items, `tail`; `empty` when there are none."""
    indent = "\n" + "  " * depth
    first = True
    for item in items:
        # JSON text has no raw newline inside strings: every newline is indentation.
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", indent)
        yield (head + indent if first else "," + indent) + text
        first = False
    yield empty if first else "\n" + "  " * (depth - 1) + tail


def stream_json(papers: Iterable[Paper], **_options) -> Iterator[str]:
    items = (paper.to_json() for paper in papers)
    yield "{\n"
    yield from json_items(items, '  "items": [', "]\n}", '  "items": []\n}', depth=2)


def stream_csl_json(papers: Iterable[Paper], published=None, **_options) -> Iterator[str]:
    from exporters.csl_json import to_csl_json

    items = (to_csl_json([p], published=published)[0] for p in papers)
    yield from json_items(items, "[", "]", "[]", depth=1)


def stream_zotero(papers: Iterable[Paper], published=None, **_options) -> Iterator[str]:
    from exporters.zotero import to_zotero_items

    items = (to_zotero_items([p], published=published)[0] for p in papers)
    yield from json_items(items, "[", "]", "[]", depth=1)


def stream_json_feed(papers: Iterable[Paper], **options) -> Iterator[str]:
    from exporters.json_feed import json_feed

    skeleton = json.dumps(json_feed([], **options), ensure_ascii=False, indent=2)
    head, marker, tail = skeleton.partition('\n  "items": []')
    yield head
    items = (json_feed([p], **options)["items"][0] for p in papers)
    yield from json_items(items, '\n  "items": [', "]" + tail, marker + tail, depth=2)


def stream_ris(papers: Iterable[Paper], published=None, **_options) -> Iterator[str]:
    from exporters.ris import to_ris

    for n, paper in enumerate(papers):
        text = to_ris([paper], published=published)
        yield text if n == 0 else "\n" + text


def stream_bibtex(
    papers: Iterable[Paper],
    ascii: bool = False,
    keys: Mapping[str, str] | None = None,
    published=None,
    **_options,
) -> Iterator[str]:
    """BibTeX entries one by one. `keys` gives the citation key of each paper whose key
    base clashes with another's in the export (the store knows them before the first
    entry); every other paper's key is its base."""
    from exporters.bibtex_text import entry_text_of
    from exporters.citekeys import base_key

    keys = {} if keys is None else keys  # may fill as papers come: keep the same dict
    ascii = bool(ascii)
    versions = {} if published is None else published
    lead = ""  # entries are apart by a blank line
    for paper in papers:
        key = keys.get(paper.id) or base_key(paper)
        yield entry_text_of(paper, key, ascii, versions.get(paper.id), lead)
        lead = "\n"


def stream_rss(papers: Iterable[Paper], updated: datetime | None = None, **options):
    from exporters.feed_xml import rss_items
    from exporters.rss_atom import to_rss

    yield from _feed_stream(papers, to_rss, rss_items, "  </channel>", updated, options)


def stream_atom(papers: Iterable[Paper], updated: datetime | None = None, **options):
    from exporters.feed_xml import atom_entries
    from exporters.rss_atom import to_atom

    feed_date = updated or EARLIEST  # what the one-shot writer dates undated entries by

    def entries(info):
        return atom_entries(info, feed_date)

    yield from _feed_stream(papers, to_atom, entries, "</feed>", updated, options)


def _feed_stream(
    papers: Iterable[Paper],
    render: Callable[..., str],
    items: Callable[..., Callable[..., str]],
    feed_end: str,
    updated: datetime | None,
    options: dict,
) -> Iterator[str]:
    """The feed's head as feedgen writes it for no papers, each paper's item as
    `exporters.feed_xml` writes it (the text feedgen would; `items(info)` is the feed's item
    writer), then the feed's end. `updated` is the feed's date over all papers (what the
    one-shot writer computes from the list)."""
    empty = render([], **{**options, "updated": updated})
    cut = empty.rindex(feed_end)
    yield empty[:cut]
    item = items(feed_info(options))
    published = options.get("published")
    if published is None:  # `published` may fill as papers come: keep the caller's mapping
        published = {}
    for paper in papers:
        yield item(paper, published.get(paper.id))
    yield empty[cut:]
