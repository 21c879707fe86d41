"""`papershelf save ID... [--target]` and `papershelf zotero check`."""

import json

import pytest

from tests.doubles import unused_url
from tests.doubles.zotero_connector import ZoteroConnectorDouble, desktop_config
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

CARD = {"arxiv_id": "2512.00001", "title": "A Paper Saved From The Command Line"}


@pytest.fixture
def double():
    with ZoteroWebDouble() as running:
        yield running


@pytest.fixture
def shelf(tmp_path, cli):
    """The command line on a library holding CARD (ingested as papershelf JSON)."""
    page = tmp_path / "card.json"
    page.write_text(json.dumps({"items": [CARD]}), encoding="utf-8")
    assert cli("ingest", page).exit_code == 0
    return cli


def test_save_then_save_again(shelf, double):
    first = shelf("save", "2512.00001", env=web_config(double))
    assert first.exit_code == 0, first.output
    key = double.items[0]["key"]
    assert first.output.split()[:3] == ["saved", "2512.00001", key]
    second = shelf("save", "2512.00001", "--target", "web", env=web_config(double))
    assert second.output.startswith("exists  2512.00001")
    assert "already in your library" in second.output
    assert len(double.items) == 1


def test_unknown_id_fails_with_exit_1(shelf, double):
    result = shelf("save", "2512.00001", "missing-1", env=web_config(double))
    assert result.exit_code == 1
    assert "failed  missing-1  no paper with this id" in result.output
    assert len(double.items) == 1


def test_save_to_desktop_target(shelf, double):
    with ZoteroConnectorDouble() as zotero:
        config = web_config(double) | desktop_config(zotero, ZOTERO_TARGET="web")
        config["ZOTERO_PDF_BASE_URL"] = unused_url()
        result = shelf("save", "--target", "desktop", "2512.00001", env=config)
        assert result.exit_code == 0, result.output
        assert "saved" in result.output and "PDF not attached: could not fetch" in result.output
        assert len(zotero.items) == 1
    assert double.items == []


def test_check_web_ready(shelf, double):
    result = shelf("zotero", "check", env=web_config(double))
    assert result.exit_code == 0
    assert f"Zotero web (users/{double.user_id}): ready" in result.output


def test_check_web_with_a_bad_key_says_what_to_fix(shelf, double):
    secret = "BadKey99998888777766665555"
    result = shelf("zotero", "check", env=web_config(double, ZOTERO_API_KEY=secret))
    assert result.exit_code == 1
    assert "NOT ready" in result.output and "ZOTERO_API_KEY" in result.output
    assert secret not in result.output


def test_check_web_with_a_read_only_key(shelf):
    with ZoteroWebDouble(write_access=False) as double:
        result = shelf("zotero", "check", env=web_config(double))
    assert result.exit_code == 1 and "may not write" in result.output


def test_check_desktop_not_running(shelf):
    config = {"ZOTERO_TARGET": "desktop", "ZOTERO_CONNECTOR_URL": unused_url()}
    result = shelf("zotero", "check", env=config)
    assert result.exit_code == 1
    assert "not running" in result.output and "start Zotero" in result.output


def test_check_desktop_running(shelf):
    with ZoteroConnectorDouble() as zotero:
        result = shelf("zotero", "check", env=desktop_config(zotero))
    assert result.exit_code == 0 and "ready; selected: My Library" in result.output
