"""Code and project links pulled out of abstract text (pure, linear in the text)."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

from server.parsing.fields import MAX_LIST, MAX_URL

URL_RE = re.compile(r"https?://[^\s<>\"'`]+")
CODE_HOSTS = {"github.com", "www.github.com", "gitlab.com", "www.gitlab.com", "bitbucket.org"}
HF_REPO_PREFIXES = ("/datasets/", "/spaces/")
HF_NOT_REPOS = ("/papers", "/collections", "/blog", "/docs", "/organizations")
TRAILING_PUNCTUATION = frozenset(".,;:!?'\"")
OPENER_OF = {")": "(", "]": "[", "}": "{"}
TEMPLATE_DEBRIS = "{url}"


def clean_url(raw: str) -> str | None:
    """A URL without the sentence's trailing punctuation or template debris like `{url}`.

    A closing bracket at the end is dropped when the URL has more of them than openers
    (`(see https://x.org/a)` ends the sentence, `https://x.org/f(x)` keeps it). One pass
    from the end with running counts: linear however many brackets there are.
    """
    url = _trimmed(raw)
    return url if url is not None and _parts_of_link(url) else None


def _trimmed(raw: str) -> str | None:
    """`raw` without what `clean_url` drops at its end; None when it is too long."""
    if len(raw) > MAX_URL:
        return None
    counts: dict[str, int] | None = None  # of each bracket, counted once one is in the way
    end = len(raw)
    while end:
        last = raw[end - 1]
        if last in TRAILING_PUNCTUATION:
            end -= 1
            continue
        if counts is None and last in OPENER_OF:  # `{url}` ends in one too
            counts = {ch: raw.count(ch) for ch in "()[]{}"}
        if raw.endswith(TEMPLATE_DEBRIS, 0, end):
            end -= len(TEMPLATE_DEBRIS)
            counts["{"] -= 1
            counts["}"] -= 1
        elif last in OPENER_OF and counts[last] > counts[OPENER_OF[last]]:
            end -= 1
            counts[last] -= 1
        else:
            break
    return raw[:end]


def _parts_of_link(url: str) -> SplitResult | None:
    """The parts of a URL that can be a link: one whose host has a dot."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. `http://[` (an unclosed IPv6 address)
        return None
    return parts if host and "." in host else None


def is_code_url(url: str) -> bool:
    return _is_code(urlsplit(url))


def _is_code(parts: SplitResult) -> bool:
    host = parts.netloc.lower()
    if host in CODE_HOSTS:
        return parts.path.strip("/").count("/") >= 1  # owner/repo, not a profile page
    if host in ("huggingface.co", "www.huggingface.co"):
        path = parts.path
        if path.startswith(HF_REPO_PREFIXES):
            return True
        return not path.startswith(HF_NOT_REPOS) and path.strip("/").count("/") == 1
    return False


def extract_links(text: str | None) -> tuple[list[str], list[str]]:
    """(code links, project links) found in text, each list in order of first appearance."""
    first = _first_scheme_end(text) if text else -1
    if first == -1:  # no URL (most abstracts)
        return [], []
    code: dict[str, None] = {}
    project: dict[str, None] = {}
    for match in URL_RE.finditer(text, max(first - len("https"), 0)):  # none starts before
        url = _trimmed(match.group(0))
        parts = _parts_of_link(url) if url else None  # split once: host, then kind
        if parts:
            (code if _is_code(parts) else project).setdefault(url)
            if len(code) + len(project) >= MAX_LIST:
                break
    return list(code), list(project)


def _first_scheme_end(text: str) -> int:
    """Where the first `://` is, or -1: found among the colons (one `str.find` of a single
    character runs at memory speed; of `://`, four times slower over a whole abstract)."""
    colon = text.find(":")
    while colon != -1 and not text.startswith("//", colon + 1):
        colon = text.find(":", colon + 1)
    return colon
