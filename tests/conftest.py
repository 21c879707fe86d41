"""Shared fixtures: an app on a temporary database, its client, the command line, settings."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.app import create_app
from server.cli import main
from server.config import ENVIRONMENT, Settings
from server.store import db
from tests.doubles.hf_arxiv_server import HfArxivDouble
from tests.doubles.hf_arxiv_server import environment as hf_environment

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "hf-papers-page-2025-12-24.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEST_TOKEN = "test-token-0123456789"


@pytest.fixture
def app(tmp_path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "papershelf.sqlite3"),
            "API_TOKEN": TEST_TOKEN,
        }
    )


@pytest.fixture
def conn(tmp_path):
    """A connection to a fresh, migrated database file."""
    connection = db.connect(tmp_path / "papershelf.sqlite3")
    yield connection
    connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """`papershelf ...` as a user runs it, on a database of its own (PAPERSHELF_DB); `env`
    gives further settings by their upper-case names, set as environment variables."""
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("PAPERSHELF_DB", str(path))
    runner = CliRunner()

    def run(*args, input=None, env=None):
        return runner.invoke(
            main, [str(a) for a in args], input=input, env=cli_env(env or {}),
            catch_exceptions=False,
        )  # fmt: skip

    run.db_path = path
    return run


def cli_env(values: dict) -> dict[str, str]:
    """The environment variables that give papershelf these settings (upper-case names)."""
    variables = {key: variable for variable, key in ENVIRONMENT.items()}
    return {
        variables[key]: ",".join(value) if isinstance(value, list | tuple) else str(value)
        for key, value in values.items()
        if key in variables
    }


@pytest.fixture
def hf_double():
    """The local Hugging Face + arXiv double (tests/doubles/hf_arxiv_server.py)."""
    with HfArxivDouble() as server:
        yield server


@pytest.fixture
def hf_env(hf_double, monkeypatch):
    """The double, with the environment pointing papershelf's commands at it."""
    for name, value in hf_environment(hf_double).items():
        monkeypatch.setenv(name, value)
    return hf_double


@pytest.fixture
def venue_doubles():
    """Local Semantic Scholar, dblp and Crossref (tests/doubles/), as `.s2`, `.dblp`,
    `.crossref`; `.settings()` are settings pointing papershelf at them, no waits."""
    from tests.doubles.venues import VenueDoubles

    with VenueDoubles() as doubles:
        yield doubles


@pytest.fixture
def venue_env(venue_doubles, monkeypatch):
    """The venue doubles, with the environment pointing papershelf's commands at them."""
    for name, value in cli_env(venue_doubles.settings_values()).items():
        monkeypatch.setenv(name, value)
    return venue_doubles


def make_settings(**values) -> Settings:
    """Settings as papershelf reads them, from upper-case names (the doubles give these)."""
    return Settings.from_mapping({"DATABASE": "unused.sqlite3", **values})


@pytest.fixture
def auth():
    """Headers the paired extension sends."""
    return {"Authorization": f"Bearer {TEST_TOKEN}"}


def wait_for_json(url: str, attempts: int = 100):
    """The JSON at `url` of a server that may still be starting (10 s at most)."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as reply:
                return json.load(reply)
        except urllib.error.HTTPError:
            raise
        except urllib.error.URLError:
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url}")
