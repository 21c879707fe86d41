"""The options page pairs the extension; the manifest grants exactly the hosts it needs."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.harness import EXTENSION, set_settings
from tests.conftest import TEST_TOKEN

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}


def open_options(browser, tab):
    tab.goto(f"chrome-extension://{browser.extension_id}/options/options.html")
    return tab


def test_pairing_and_test_connection(browser, tab, shelf):
    set_settings(browser.worker, "http://127.0.0.1:5000", "")  # a fresh install's defaults
    page = open_options(browser, tab)
    expect(page.get_by_label("Server URL")).to_have_value("http://127.0.0.1:5000")
    page.get_by_label("Server URL").fill(shelf.url + "/")
    page.get_by_label("Pairing token").fill(f"  {TEST_TOKEN} ")
    page.get_by_role("button", name="Test connection").click()
    health = shelf.app.test_client().get("/api/health").get_json()
    expect(page.get_by_role("status")).to_have_text(
        f"Connected to papershelf {health['version']}: {health['papers']} papers, token accepted."
    )
    target = shelf.app.test_client().get("/api/library/target", headers=AUTH).get_json()
    expect(page.locator("#target")).to_have_text(f"Zotero {target['target']}: {target['library']}")
    stored = browser.worker.evaluate("chrome.storage.local.get(['serverUrl', 'token'])")
    assert stored == {"serverUrl": shelf.url, "token": TEST_TOKEN}


def test_wrong_token_in_options_says_so(browser, tab, shelf):
    page = open_options(browser, tab)
    page.get_by_label("Server URL").fill(shelf.url)
    page.get_by_label("Pairing token").fill("nope")
    page.get_by_role("button", name="Test connection").click()
    expect(page.get_by_role("status")).to_have_text(
        "wrong or missing token: pair in the extension options"
    )


def test_host_permissions_cover_any_local_port_and_nothing_else(browser, shelf):
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["host_permissions"] == ["http://127.0.0.1/*"]
    contains = "(origins) => chrome.permissions.contains({origins})"
    # The test server's random port is covered by the port-less pattern...
    assert browser.worker.evaluate(contains, [shelf.url + "/"]) is True
    assert browser.worker.evaluate(contains, ["http://127.0.0.1:5000/"]) is True
    # ...and nothing else is granted up front: other servers are optional, asked for.
    assert browser.worker.evaluate(contains, ["http://localhost:5000/"]) is False
    assert browser.worker.evaluate(contains, ["https://huggingface.co/"]) is False
    assert browser.worker.evaluate(contains, ["https://example.org/"]) is False
