"""Output formats by name: media type, file extension and the exporter that writes them.

The CLI's `export --format` and the HTTP export endpoints both look formats up here.
Every `render(papers, **options)` returns text and ignores options it has no use for.
Options: `ascii` (bool, BibTeX only), `published` (paper id -> its PublishedVersion: the
citation formats cite that version, feeds say where it appeared), and for feeds `title`,
`self_url`, `site_url`, `feed_id`, `description`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from server.models import Paper
from server.progress import SILENT, Progress, tracked
from server.store.query import PaperQuery


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    render: Callable[..., str]  # render(papers, **options) -> text
    stream_pieces: Callable[..., Iterator[str]] | None = None  # same text, a piece at a time

    def stream(self, papers: Iterable[Paper], **options) -> Iterator[str]:
        """The same text as `render`, in chunks, taking `papers` one at a time.

        Options as for `render` (`published` may change as papers come: see
        `stream_selection`), plus `updated` (feeds: the date of the newest paper) and `keys`
        (BibTeX: the keys of papers whose key base clashes), which a streamed export must
        know before its first entry; the store gives both."""
        from exporters.streams import chunked

        return chunked(self.stream_pieces(papers, **options))


def _json(papers: list[Paper], **_options) -> str:
    return json.dumps({"items": [p.to_json() for p in papers]}, ensure_ascii=False, indent=2)


# Exporters are imported when used, so that loading this registry stays cheap and one
# format's missing module cannot break the others.


def _bibtex(papers: list[Paper], ascii: bool = False, published=None, **_options) -> str:
    from exporters.bibtex import to_bibtex

    return to_bibtex(papers, ascii=bool(ascii), published=published)


def _ris(papers: list[Paper], published=None, **_options) -> str:
    from exporters.ris import to_ris

    return to_ris(papers, published=published)


def _csl_json(papers: list[Paper], published=None, **_options) -> str:
    from exporters.csl_json import to_csl_json

    return json.dumps(to_csl_json(papers, published=published), ensure_ascii=False, indent=2)


def _zotero(papers: list[Paper], published=None, **_options) -> str:
    from exporters.zotero import to_zotero_items  # the Zotero engineer's module

    return json.dumps(to_zotero_items(papers, published=published), ensure_ascii=False, indent=2)


def _rss(papers: list[Paper], **options) -> str:
    from exporters.rss_atom import to_rss

    return to_rss(papers, **options)


def _atom(papers: list[Paper], **options) -> str:
    from exporters.rss_atom import to_atom

    return to_atom(papers, **options)


def _json_feed(papers: list[Paper], **options) -> str:
    from exporters.json_feed import to_json_feed

    return to_json_feed(papers, **options)


def _streamed(name: str) -> Callable[..., Iterator[str]]:
    def pieces(papers: Iterable[Paper], **options) -> Iterator[str]:
        from exporters import streams

        return getattr(streams, name)(papers, **options)

    return pieces


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "application/json", "json", _json, _streamed("stream_json")),
        Format("bibtex", "application/x-bibtex", "bib", _bibtex, _streamed("stream_bibtex")),
        Format("ris", "application/x-research-info-systems", "ris", _ris, _streamed("stream_ris")),
        Format(
            "csl-json",
            "application/vnd.citationstyles.csl+json",
            "csl.json",
            _csl_json,
            _streamed("stream_csl_json"),
        ),  # fmt: skip
        Format("zotero", "application/json", "zotero.json", _zotero, _streamed("stream_zotero")),
        Format("rss", "application/rss+xml", "rss", _rss, _streamed("stream_rss")),
        Format("atom", "application/atom+xml", "atom", _atom, _streamed("stream_atom")),
        Format(
            "jsonfeed",
            "application/feed+json",
            "feed.json",
            _json_feed,
            _streamed("stream_json_feed"),
        ),  # fmt: skip
    )
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown format {name!r}; known formats: {known}") from None


# What XML 1.0 cannot carry (controls, lone surrogates, U+FFFE, U+FFFF): a search may hold it.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def feed_title(query: PaperQuery) -> str:
    """`papershelf: papers matching “diffusion”, ≥ 20 upvotes` and the like; XML-safe."""
    parts = []
    if query.q:
        parts.append(f"matching “{NOT_XML.sub('', query.q)}”")
    if query.min_upvotes is not None:
        parts.append(f"with ≥ {query.min_upvotes} upvotes")
    if query.has_code is not None:
        parts.append("with code" if query.has_code else "without code")
    if query.since:
        parts.append(f"since {query.since.isoformat()}")
    if query.until:
        parts.append(f"until {query.until.isoformat()}")
    noun = {"upvotes": "most upvoted papers", "oldest": "oldest papers"}.get(
        query.sort or "", "papers" if parts else "newest papers"
    )
    return "papershelf: " + " ".join([noun, ", ".join(parts)]).strip()


def filename_words(query: PaperQuery) -> str:
    """`diffusion-min20upvotes-code` for a download of that selection, `all` for none."""
    words = []
    if query.q:
        words.append(query.q)
    if query.min_upvotes is not None:
        words.append(f"min{query.min_upvotes}upvotes")
    if query.has_code is not None:
        words.append("code" if query.has_code else "nocode")
    if query.since:
        words.append(f"since{query.since.isoformat()}")
    if query.until:
        words.append(f"until{query.until.isoformat()}")
    return "-".join(words) or "all"


def stream_selection(
    conn, fmt: Format, query: PaperQuery, options: dict, progress: Progress = SILENT
) -> Iterator[str]:
    """Every paper the query selects, in `fmt`, written as it is read from the store (one
    query, flat memory, first byte at once). What the writer must know before the first entry
    (BibTeX key clashes, a feed's date) is asked of the store first, reading no paper.
    `progress` advances by one for each paper read."""
    from datetime import UTC, datetime, time

    from exporters.feed_items import EARLIEST
    from server import store
    from server.store import venues

    options = dict(options)
    cite_published = options.pop("cite_published", False) and venues.any_current(conn)
    versions = {} if cite_published else None
    keys = {} if fmt.name == "bibtex" else None
    if versions is not None:
        options["published"] = versions
    if keys is not None:
        options["keys"] = keys
    cite_keys = store.CiteKeys(conn, query) if keys is not None else None
    if fmt.name in ("rss", "atom"):
        day = store.newest_day(conn, query)
        options["updated"] = datetime.combine(day, time(0), tzinfo=UTC) if day else EARLIEST
    rows = store.iter_with_cite_bases(conn, query)
    if versions is None:  # nothing to look up a chunk at a time
        papers = _keyed(rows, keys, cite_keys, progress)
    else:
        papers = _looked_up(conn, tracked(rows, progress), versions, keys, cite_keys)
    return fmt.stream(papers, **options)


def _looked_up(conn, rows, versions: dict | None, keys: dict | None, cite_keys, chunk=256):
    """The papers as they come, while `versions` holds the published version and `keys` the
    citation key of each paper of the current and the previous chunk: one lookup per chunk,
    and a writer that takes a few papers at a time finds every one of them."""
    from itertools import islice

    from server.store import venues

    previous_versions: dict = {}
    previous_keys: dict = {}
    while batch := list(islice(rows, chunk)):
        if versions is not None:
            current = venues.current(conn, [paper.id for paper, _base in batch])
            versions.clear()
            versions.update(previous_versions)
            versions.update(current)
            previous_versions = current
        if keys is not None:
            clashing, key = cite_keys.clashing, cite_keys.key  # most bases clash with none
            current = {
                paper.id: key(paper.id, base) if base in clashing else base for paper, base in batch
            }
            keys.clear()
            keys.update(previous_keys)
            keys.update(current)
            previous_keys = current
        for paper, _base in batch:
            yield paper


def _keyed(rows, keys: dict | None, cite_keys, progress: Progress):
    """`_looked_up` without published versions: the papers as they come, while `keys` holds
    the citation key of the current and the previous paper; `progress` advances as each is
    used (`tracked`). Nothing is held back to look up: a paper is written while what its row
    was decoded into is still in the CPU's caches (a chunk of a few hundred papers is not)."""
    advance = progress.advance
    if keys is None:
        for paper, _base in rows:
            yield paper
            advance()
        return
    clashing, key = cite_keys.clashing, cite_keys.key  # most bases clash with none
    older = latest = None
    for paper, base in rows:
        if older is not None:
            keys.pop(older, None)
        older, latest = latest, paper.id
        keys[latest] = key(latest, base) if base in clashing else base
        yield paper
        advance()
