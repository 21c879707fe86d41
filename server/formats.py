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
from collections.abc import Callable
from dataclasses import dataclass

from server.models import Paper
from server.store.papers import PaperQuery


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    render: Callable[..., str]  # render(papers, **options) -> text


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


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "application/json", "json", _json),
        Format("bibtex", "application/x-bibtex", "bib", _bibtex),
        Format("ris", "application/x-research-info-systems", "ris", _ris),
        Format("csl-json", "application/vnd.citationstyles.csl+json", "csl.json", _csl_json),
        Format("zotero", "application/json", "zotero.json", _zotero),
        Format("rss", "application/rss+xml", "rss", _rss),
        Format("atom", "application/atom+xml", "atom", _atom),
        Format("jsonfeed", "application/feed+json", "feed.json", _json_feed),
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
