"""Configuration's one home: defaults, then the instance config file, then the environment,
read once into one typed, frozen `Settings` that every part takes as is.

Secrets (the Zotero API key, the install token) come only from the environment or the config
file; they are kept out of `repr` and never logged or returned (tests/test_security.py scans).
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from server.errors import PapershelfError

CONFIG_FILE_NAME = "papershelf.toml"


class ConfigError(PapershelfError, ValueError):
    """A setting has a value papershelf cannot use; the message names the setting."""


@dataclass(frozen=True)
class Settings:
    """Every setting, typed. Built only by `Settings.from_mapping` (or `load_settings`)."""

    database: str
    seeds_dir: str | None = None  # None: the seed pages shipped with papershelf
    max_ingest_bytes: int = 16 * 1024 * 1024
    # How long a write waits for another writer's lock before "the database is busy" (503).
    db_busy_timeout: float = 10.0
    # Host names the server answers to; anything else is refused (DNS rebinding).
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
    api_token: str | None = field(default=None, repr=False)  # made at first start when None
    hf_base_url: str = "https://huggingface.co"
    arxiv_base_url: str = "https://export.arxiv.org"
    http_timeout: float = 10.0
    http_connect_timeout: float = 3.0  # an unreachable host is reported this fast
    http_retries: int = 2  # extra attempts after a timeout, 429 or 5xx (GETs only)
    http_backoff: float = 0.5  # first wait between attempts (doubles each time)
    retry_max_wait: float = 30.0  # longest wait accepted, Retry-After included
    arxiv_min_interval: float = 3.0  # arXiv asks for one request every 3 s
    hf_page_size: int = 50  # items asked per page of a daily listing
    zotero_target: str = "web"  # "web" (api.zotero.org through pyzotero) or "desktop"
    zotero_api_base_url: str = "https://api.zotero.org"
    zotero_connector_url: str = "http://127.0.0.1:23119"
    zotero_library_id: str | None = None
    zotero_library_type: str = "user"
    zotero_api_key: str | None = field(default=None, repr=False)
    zotero_collection: str | None = None
    zotero_tags: tuple[str, ...] = ()
    zotero_max_wait: float = 30.0  # longest wait for a Zotero rate limit before "retry in N s"
    zotero_pdf_base_url: str = "https://arxiv.org"  # where Zotero saves fetch the PDFs
    zotero_pdf: str = "upload"  # web library: "upload" the PDF, "link" to it, or "none"
    zotero_lease: float = 120.0  # a save's claim on a paper lapses this long after its owner dies
    # Published versions (server/upstream/venues/): one request at a time per service, spaced
    # by the interval each service documents (see the client modules for the sources).
    semantic_scholar_base_url: str = "https://api.semanticscholar.org/graph/v1"
    semantic_scholar_api_key: str | None = field(default=None, repr=False)
    semantic_scholar_min_interval: float = 1.0  # 1 request/s: the rate given to an API key
    dblp_base_url: str = "https://dblp.org"
    dblp_min_interval: float = 2.0  # dblp's FAQ: "at least one or two seconds" apart
    crossref_base_url: str = "https://api.crossref.org"
    crossref_mailto: str | None = None  # an address: Crossref's "polite pool"
    crossref_min_interval: float = 1.0  # list queries: 1/s public pool (3/s polite)
    venues_recheck_days: int = 30  # a paper checked more recently is not asked about again
    venues_step: bool = True  # `enrich` and `serve --refresh` also look for published versions
    venues_step_limit: int = 25  # papers checked per such step

    @property
    def connect_timeout(self) -> float:
        """The connect timeout never exceeds the overall timeout."""
        return min(self.http_connect_timeout, self.http_timeout)

    @classmethod
    def from_mapping(cls, values: Mapping) -> Settings:
        """Settings from `KEY: value` pairs (upper-case names, as in the config file and the
        environment); strings are converted, every value is checked here and nowhere else.
        Keys that are not settings (Flask's own, e.g. TESTING) are ignored."""
        typed = {}
        for spec in fields(cls):
            key = spec.name.upper()
            if key in values and values[key] is not None and values[key] != "":
                typed[spec.name] = _typed(key, values[key], spec.type)
        if "database" not in typed:
            raise ConfigError("DATABASE must be set (a SQLite file path)")
        if "allowed_hosts" in typed:
            typed["allowed_hosts"] = tuple(host.lower() for host in typed["allowed_hosts"])
        settings = cls(**typed)
        _check(settings)
        return settings

    def with_changes(self, **changes) -> Settings:
        """A copy with some settings changed, checked like the rest."""
        changed = replace(self, **changes)
        _check(changed)
        return changed


# Environment variable -> setting. Values are strings; lists are comma-separated.
ENVIRONMENT = {
    "PAPERSHELF_DB": "DATABASE",
    "PAPERSHELF_SEEDS": "SEEDS_DIR",
    "PAPERSHELF_MAX_INGEST_BYTES": "MAX_INGEST_BYTES",
    "PAPERSHELF_DB_BUSY_TIMEOUT": "DB_BUSY_TIMEOUT",
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
    "ZOTERO_PDF": "ZOTERO_PDF",
    "ZOTERO_LEASE": "ZOTERO_LEASE",
    "PAPERSHELF_SEMANTIC_SCHOLAR_BASE_URL": "SEMANTIC_SCHOLAR_BASE_URL",
    "SEMANTIC_SCHOLAR_API_KEY": "SEMANTIC_SCHOLAR_API_KEY",
    "PAPERSHELF_SEMANTIC_SCHOLAR_MIN_INTERVAL": "SEMANTIC_SCHOLAR_MIN_INTERVAL",
    "PAPERSHELF_DBLP_BASE_URL": "DBLP_BASE_URL",
    "PAPERSHELF_DBLP_MIN_INTERVAL": "DBLP_MIN_INTERVAL",
    "PAPERSHELF_CROSSREF_BASE_URL": "CROSSREF_BASE_URL",
    "PAPERSHELF_CROSSREF_MAILTO": "CROSSREF_MAILTO",
    "PAPERSHELF_CROSSREF_MIN_INTERVAL": "CROSSREF_MIN_INTERVAL",
    "PAPERSHELF_VENUES_RECHECK_DAYS": "VENUES_RECHECK_DAYS",
    "PAPERSHELF_VENUES_STEP": "VENUES_STEP",
    "PAPERSHELF_VENUES_STEP_LIMIT": "VENUES_STEP_LIMIT",
}


def instance_path() -> Path:
    """The instance folder (settings file, database, token), where Flask would put it for the
    `server` package: `instance/` beside a source checkout; `<prefix>/var/server-instance`
    for an install (a venv, pipx, the system or the user's site-packages)."""
    package_path = Path(__file__).resolve().parent.parent  # the folder holding server/
    prefix = Path(os.path.abspath(sys.prefix))
    if package_path.is_relative_to(prefix):
        return prefix / "var" / "server-instance"
    if package_path.name.lower() == "site-packages":  # e.g. ~/.local/lib/python3.x/...
        parent = package_path.parent  # <prefix>/lib (Windows) or <prefix>/lib/python3.x
        if parent.name.lower() == "lib":
            prefix = parent.parent
        elif parent.parent.name.lower() == "lib":
            prefix = parent.parent.parent
        else:
            prefix = parent
        return prefix / "var" / "server-instance"
    return package_path / "instance"


def load_config(instance_path: str | Path, environ: Mapping | None = None) -> dict:
    """Raw settings (`KEY: value`) from the defaults, `<instance>/papershelf.toml` and the
    environment, in that order. `Settings.from_mapping` types and checks them."""
    environ = os.environ if environ is None else environ
    instance = Path(instance_path)
    values: dict = {"DATABASE": str(instance / "papershelf.sqlite3")}
    config_file = instance / CONFIG_FILE_NAME
    if config_file.is_file():
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_file}: not valid TOML ({exc})") from None
        values.update({key.upper(): value for key, value in data.items()})
    for variable, key in ENVIRONMENT.items():
        if environ.get(variable):
            values[key] = environ[variable]
    return values


def load_settings(
    instance_path: str | Path, environ: Mapping | None = None, overrides: Mapping | None = None
) -> Settings:
    return Settings.from_mapping({**load_config(instance_path, environ), **(overrides or {})})


def _typed(key: str, value, kind: str):
    """`value` (text from the environment, or a TOML value) as the setting's type."""
    if kind == "int":
        return _number(key, value, int)
    if kind == "float":
        return _number(key, value, float)
    if kind == "bool":
        return _switch(key, value)
    if kind == "tuple[str, ...]":
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ConfigError(f"{key} must be a list or comma-separated text")
        return tuple(str(item).strip() for item in items if str(item).strip())
    if isinstance(value, bool | dict | list):
        raise ConfigError(f"{key} must be text")
    return str(value)


def _number(key: str, value, kind: type):
    try:
        number = kind(value)
    except (TypeError, ValueError, OverflowError):
        noun = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{key} must be {noun}, not {value!r}") from None
    if isinstance(value, bool) or number != number or number < 0 or number == float("inf"):
        raise ConfigError(f"{key} must be a finite number, not negative")
    return number


def _switch(key: str, value) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{key} must be on or off (true/false, 1/0), not {value!r}")


def _check(settings: Settings) -> None:
    if settings.zotero_target not in ("web", "desktop"):
        raise ConfigError("ZOTERO_TARGET must be 'web' or 'desktop'")
    if settings.zotero_library_type not in ("user", "group"):
        raise ConfigError("ZOTERO_LIBRARY_TYPE must be 'user' or 'group'")
    if settings.zotero_pdf not in ("upload", "link", "none"):
        raise ConfigError("ZOTERO_PDF must be 'upload', 'link' or 'none'")
    if not settings.allowed_hosts:
        raise ConfigError("ALLOWED_HOSTS must name at least one host")


def zotero_problem(settings: Settings, target: str | None = None) -> str | None:
    """What keeps the Zotero target from being used, in one line that names the setting and
    never shows its value; None when the settings are usable. Not fatal at start: papershelf
    works without Zotero, and the Zotero answers (503, `zotero check`) carry this line."""
    if (target or settings.zotero_target) != "web":
        return None
    missing = [
        name
        for name, value in (
            ("ZOTERO_LIBRARY_ID", settings.zotero_library_id),
            ("ZOTERO_API_KEY", settings.zotero_api_key),
        )  # fmt: skip
        if not value
    ]
    if missing:
        return (
            f"the Zotero web library is not configured: set {' and '.join(missing)} "
            "(environment or papershelf.toml in the instance folder)"
        )
    if not settings.zotero_library_id.isdigit():
        return (
            "ZOTERO_LIBRARY_ID must be the library's number (your userID, or the group's ID), "
            "as shown on https://www.zotero.org/settings/keys"
        )
    key = settings.zotero_api_key
    if any(ch.isspace() for ch in key):
        return "ZOTERO_API_KEY has a space or a line break in it: copy the key again"
    if not (key.isascii() and key.isprintable()):
        return (
            "ZOTERO_API_KEY has a character that is not in a Zotero key (letters and digits "
            "only): copy the key again"
        )
    return None
