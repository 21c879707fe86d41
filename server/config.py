"""Configuration's one home: defaults, then the instance config file, then the environment.

Secrets (the Zotero API key) come only from the environment or the config file; they are
never logged or returned (tests/test_security.py scans for them).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE_NAME = "papershelf.toml"

DEFAULTS = {
    "DATABASE": None,  # filled in from the instance folder
    "SEEDS_DIR": str(PROJECT_ROOT / "seeds"),
    "MAX_INGEST_BYTES": 16 * 1024 * 1024,
    # Host names the server answers to; anything else is refused (DNS rebinding).
    "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "::1"],
    "HF_BASE_URL": "https://huggingface.co",
    "ARXIV_BASE_URL": "https://export.arxiv.org",
    "HTTP_TIMEOUT": 10.0,
    "HTTP_CONNECT_TIMEOUT": 3.0,  # upstream: an unreachable host is reported this fast
    "HTTP_RETRIES": 2,  # upstream: extra attempts after a timeout, 429 or 5xx
    "HTTP_BACKOFF": 0.5,  # upstream: first wait between attempts (doubles each time)
    "RETRY_MAX_WAIT": 30.0,  # upstream: longest wait accepted, Retry-After included
    "ARXIV_MIN_INTERVAL": 3.0,  # arXiv asks for one request every 3 s
    "HF_PAGE_SIZE": 50,  # items asked per page of a daily listing
    "ZOTERO_TARGET": "web",  # "web" (api.zotero.org through pyzotero) or "desktop"
    "ZOTERO_API_BASE_URL": "https://api.zotero.org",
    "ZOTERO_CONNECTOR_URL": "http://127.0.0.1:23119",
    "ZOTERO_LIBRARY_ID": None,
    "ZOTERO_LIBRARY_TYPE": "user",
    "ZOTERO_API_KEY": None,
    "ZOTERO_COLLECTION": None,
    "ZOTERO_TAGS": [],
    "ZOTERO_MAX_WAIT": 30.0,  # longest wait for a Zotero rate limit before "retry in N s"
    "ZOTERO_PDF_BASE_URL": "https://arxiv.org",  # where the desktop save fetches PDFs
}

# Environment variable -> config key. Values are strings; ZOTERO_TAGS is comma-separated.
ENVIRONMENT = {
    "PAPERSHELF_DB": "DATABASE",
    "PAPERSHELF_SEEDS": "SEEDS_DIR",
    "PAPERSHELF_MAX_INGEST_BYTES": "MAX_INGEST_BYTES",
    "PAPERSHELF_ALLOWED_HOSTS": "ALLOWED_HOSTS",
    "PAPERSHELF_HF_BASE_URL": "HF_BASE_URL",
    "PAPERSHELF_ARXIV_BASE_URL": "ARXIV_BASE_URL",
    "PAPERSHELF_HTTP_TIMEOUT": "HTTP_TIMEOUT",
    "PAPERSHELF_HTTP_CONNECT_TIMEOUT": "HTTP_CONNECT_TIMEOUT",
    "PAPERSHELF_HTTP_RETRIES": "HTTP_RETRIES",
    "PAPERSHELF_HTTP_BACKOFF": "HTTP_BACKOFF",
    "PAPERSHELF_RETRY_MAX_WAIT": "RETRY_MAX_WAIT",
    "PAPERSHELF_ARXIV_MIN_INTERVAL": "ARXIV_MIN_INTERVAL",
    "PAPERSHELF_HF_PAGE_SIZE": "HF_PAGE_SIZE",
    "ZOTERO_TARGET": "ZOTERO_TARGET",
    "ZOTERO_API_BASE_URL": "ZOTERO_API_BASE_URL",
    "ZOTERO_CONNECTOR_URL": "ZOTERO_CONNECTOR_URL",
    "ZOTERO_LIBRARY_ID": "ZOTERO_LIBRARY_ID",
    "ZOTERO_LIBRARY_TYPE": "ZOTERO_LIBRARY_TYPE",
    "ZOTERO_API_KEY": "ZOTERO_API_KEY",
    "ZOTERO_COLLECTION": "ZOTERO_COLLECTION",
    "ZOTERO_TAGS": "ZOTERO_TAGS",
    "ZOTERO_MAX_WAIT": "ZOTERO_MAX_WAIT",
    "ZOTERO_PDF_BASE_URL": "ZOTERO_PDF_BASE_URL",
}


class ConfigError(ValueError):
    """A setting has a value papershelf cannot use; the message names the setting."""


def load_config(instance_path: str | Path, environ: dict | None = None) -> dict:
    """Settings from defaults, `<instance>/papershelf.toml` and the environment, in that order."""
    environ = os.environ if environ is None else environ
    instance = Path(instance_path)
    settings = dict(DEFAULTS)
    settings["DATABASE"] = str(instance / "papershelf.sqlite3")
    config_file = instance / CONFIG_FILE_NAME
    if config_file.is_file():
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_file}: not valid TOML ({exc})") from None
        settings.update({key.upper(): value for key, value in data.items()})
    for variable, key in ENVIRONMENT.items():
        if environ.get(variable):
            settings[key] = environ[variable]
    return coerce(settings)


# Settings that are numbers, and the kind of number; the environment gives them as text.
NUMBERS = {
    "MAX_INGEST_BYTES": int,
    "HTTP_TIMEOUT": float,
    "HTTP_CONNECT_TIMEOUT": float,
    "HTTP_RETRIES": int,
    "HTTP_BACKOFF": float,
    "RETRY_MAX_WAIT": float,
    "ARXIV_MIN_INTERVAL": float,
    "HF_PAGE_SIZE": int,
    "ZOTERO_MAX_WAIT": float,
}


def coerce(settings: dict) -> dict:
    """Typed values for the settings that come in as strings from the environment."""
    out = dict(settings)
    for key, kind in NUMBERS.items():
        try:
            out[key] = kind(out[key])
        except (TypeError, ValueError):
            noun = "a whole number" if kind is int else "a number"
            raise ConfigError(f"{key} must be {noun}, not {out[key]!r}") from None
        if out[key] < 0:
            raise ConfigError(f"{key} must not be negative")
    if isinstance(out.get("ALLOWED_HOSTS"), str):
        out["ALLOWED_HOSTS"] = [h.strip().lower() for h in out["ALLOWED_HOSTS"].split(",") if h]
    if isinstance(out.get("ZOTERO_TAGS"), str):
        out["ZOTERO_TAGS"] = [t.strip() for t in out["ZOTERO_TAGS"].split(",") if t.strip()]
    if out.get("ZOTERO_TARGET") not in ("web", "desktop"):
        raise ConfigError("ZOTERO_TARGET must be 'web' or 'desktop'")
    if out.get("ZOTERO_LIBRARY_TYPE") not in ("user", "group"):
        raise ConfigError("ZOTERO_LIBRARY_TYPE must be 'user' or 'group'")
    return out
