"""`papershelf save ID... [--target]` and `papershelf zotero check`."""

import pytest

from server.app import create_app
from server.cli import main
from tests.conftest import TEST_TOKEN
from tests.doubles import unused_url
from tests.doubles.zotero_connector import ZoteroConnectorDouble, desktop_config
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

CARD = {"arxiv_id": "2512.00001", "title": "A Paper Saved From The Command Line"}


@pytest.fixture
def double():
    with ZoteroWebDouble() as running:
        yield running


def make_app(tmp_path, **config):
    app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "p.sqlite3"), "API_TOKEN": TEST_TOKEN} | config
    )
    app.test_client().post(
        "/api/ingest", json={"items": [CARD]}, headers={"Authorization": f"Bearer {TEST_TOKEN}"}
    )
    return app


def test_save_then_save_again(tmp_path, double):
    runner = make_app(tmp_path, **web_config(double)).test_cli_runner()
    first = runner.invoke(main, ["save", "2512.00001"])
    assert first.exit_code == 0, first.output
    key = double.items[0]["key"]
    assert first.output.split()[:3] == ["saved", "2512.00001", key]
    second = runner.invoke(main, ["save", "2512.00001", "--target", "web"])
    assert second.output.startswith("exists  2512.00001")
    assert "already in your library" in second.output
    assert len(double.items) == 1


def test_unknown_id_fails_with_exit_1(tmp_path, double):
    runner = make_app(tmp_path, **web_config(double)).test_cli_runner()
    result = runner.invoke(main, ["save", "2512.00001", "missing-1"])
    assert result.exit_code == 1
    assert "failed  missing-1  no paper with this id" in result.output
    assert len(double.items) == 1


def test_save_to_desktop_target(tmp_path, double):
    with ZoteroConnectorDouble() as zotero:
        config = web_config(double) | desktop_config(zotero, ZOTERO_TARGET="web")
        config["ZOTERO_PDF_BASE_URL"] = unused_url()
        runner = make_app(tmp_path, **config).test_cli_runner()
        result = runner.invoke(main, ["save", "--target", "desktop", "2512.00001"])
        assert result.exit_code == 0, result.output
        assert "saved" in result.output and "PDF not attached: could not fetch" in result.output
        assert len(zotero.items) == 1
    assert double.items == []


def test_check_web_ready(tmp_path, double):
    result = (
        make_app(tmp_path, **web_config(double)).test_cli_runner().invoke(main, ["zotero", "check"])
    )
    assert result.exit_code == 0
    assert f"Zotero web (users/{double.user_id}): ready" in result.output


def test_check_web_with_a_bad_key_says_what_to_fix(tmp_path, double):
    secret = "BadKey99998888777766665555"
    config = web_config(double, ZOTERO_API_KEY=secret)
    result = make_app(tmp_path, **config).test_cli_runner().invoke(main, ["zotero", "check"])
    assert result.exit_code == 1
    assert "NOT ready" in result.output and "ZOTERO_API_KEY" in result.output
    assert secret not in result.output


def test_check_web_with_a_read_only_key(tmp_path):
    with ZoteroWebDouble(write_access=False) as double:
        result = (
            make_app(tmp_path, **web_config(double))
            .test_cli_runner()
            .invoke(main, ["zotero", "check"])
        )
    assert result.exit_code == 1 and "may not write" in result.output


def test_check_desktop_not_running(tmp_path):
    config = {"ZOTERO_TARGET": "desktop", "ZOTERO_CONNECTOR_URL": unused_url()}
    result = make_app(tmp_path, **config).test_cli_runner().invoke(main, ["zotero", "check"])
    assert result.exit_code == 1
    assert "not running" in result.output and "start Zotero" in result.output


def test_check_desktop_running(tmp_path):
    with ZoteroConnectorDouble() as zotero:
        runner = make_app(tmp_path, **desktop_config(zotero)).test_cli_runner()
        result = runner.invoke(main, ["zotero", "check"])
    assert result.exit_code == 0 and "ready; selected: My Library" in result.output
