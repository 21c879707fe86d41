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


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({"ZOTERO_API_KEY": "dOUBLEkEY0123456789abcdeé"}, "ZOTERO_API_KEY has a character"),
        ({"ZOTERO_API_KEY": "dOUBLEkEY0123456789 abcdef"}, "ZOTERO_API_KEY has a space"),
        ({"ZOTERO_LIBRARY_ID": "me"}, "ZOTERO_LIBRARY_ID must be the library's number"),
        ({"ZOTERO_COLLECTION": "Nope"}, "ZOTERO_COLLECTION names no collection"),
    ],
)
def test_a_bad_setting_is_one_line_from_save_and_check(shelf, double, changes, line):
    env = web_config(double) | changes
    saved = shelf("save", "2512.00001", env=env)
    assert saved.exit_code == 1
    assert saved.output.strip().splitlines() == [
        f"Error: Zotero: {saved.output.split(': ', 2)[2].strip()}"
    ]
    assert line in saved.output and "dOUBLEkEY" not in saved.output
    checked = shelf("zotero", "check", env=env)
    assert checked.exit_code == 1 and line in checked.output
    assert len(checked.output.strip().splitlines()) == 1
    assert double.items == []


def test_an_unknown_library_type_is_one_line(shelf, double):
    result = shelf("save", "2512.00001", env=web_config(double, ZOTERO_LIBRARY_TYPE="team"))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: configuration: ZOTERO_LIBRARY_TYPE must be 'user' or 'group'"
    )


def test_desktop_force_saves_an_uncertain_paper(shelf):
    with ZoteroConnectorDouble() as zotero:
        env = desktop_config(zotero, ZOTERO_PDF_BASE_URL=unused_url())
        zotero.inject("lost", path="/connector/saveItems")
        first = shelf("save", "2512.00001", env=env)
        assert first.exit_code == 1 and first.output.startswith("uncertain 2512.00001")
        assert "--force" in first.output
        forced = shelf("save", "--force", "2512.00001", env=env)
        assert forced.exit_code == 0 and forced.output.startswith("saved")
        assert len(zotero.library) == 2


def test_check_desktop_says_whether_the_local_api_is_on(shelf):
    for enabled, words in ((False, "local API off"), (True, "local API on")):
        with ZoteroConnectorDouble(local_api=enabled) as zotero:
            result = shelf("zotero", "check", env=desktop_config(zotero))
        assert result.exit_code == 0 and words in result.output
