"""Shared fixtures: an app on a temporary database, its client and CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from server import db
from server.app import create_app

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
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth():
    """Headers the paired extension sends."""
    return {"Authorization": f"Bearer {TEST_TOKEN}"}
