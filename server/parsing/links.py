"""Code and project links pulled out of abstract text (pure)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

URL_RE = re.compile(r"https?://[^\s<>\"'`]+")
CODE_HOSTS = {"github.com", "www.github.com", "gitlab.com", "www.gitlab.com", "bitbucket.org"}
HF_REPO_PREFIXES = ("/datasets/", "/spaces/")
HF_NOT_REPOS = ("/papers", "/collections", "/blog", "/docs", "/organizations")
TRAILING_PUNCTUATION = ".,;:!?'\""


def clean_url(raw: str) -> str | None:
    """A URL without the sentence's trailing punctuation or template debris like `{url}`."""
    url = raw
    while True:
        before = url
        url = url.rstrip(TRAILING_PUNCTUATION)
        url = re.sub(r"\{url\}$", "", url)
        for opener, closer in ("()", "[]", "{}"):
            if url.endswith(closer) and url.count(closer) > url.count(opener):
                url = url[:-1]
        if url == before:
            break
    parts = urlsplit(url)
    return url if parts.netloc and "." in parts.netloc else None


def is_code_url(url: str) -> bool:
    parts = urlsplit(url)
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
    code: list[str] = []
    project: list[str] = []
    for match in URL_RE.finditer(text or ""):
        url = clean_url(match.group(0))
        if not url:
            continue
        target = code if is_code_url(url) else project
        if url not in target:
            target.append(url)
    return code, project
