"""Output formats by name: media type, file extension and the exporter that writes them.

The CLI's `export --format` and the HTTP export endpoints both look formats up here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from server.models import Paper


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    render: Callable[..., str]  # render(papers, **options) -> text


def _json(papers: list[Paper], **_options) -> str:
    return json.dumps({"items": [p.to_json() for p in papers]}, ensure_ascii=False, indent=2)


FORMATS: dict[str, Format] = {
    "json": Format("json", "application/json", "json", _json),
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown format {name!r}; known formats: {known}") from None
