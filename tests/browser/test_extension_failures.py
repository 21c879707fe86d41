"""Failures a user understands, and page text that stays text."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.harness import HF, set_settings
from tests.browser.pages.make_pages import HOSTILE_TITLE
from tests.conftest import TEST_TOKEN
from tests.doubles import unused_url

SERVER_DOWN = "papershelf is not running: start it with `papershelf serve`"
BAD_TOKEN = "wrong or missing token: pair in the extension options"


def test_server_down_says_how_to_start_it(browser, tab, zotero):
    set_settings(browser.worker, unused_url(), TEST_TOKEN)
    tab.goto(HF + "/papers/date/2025-12-24")
    card = tab.locator("article").first
    card.get_by_role("button", name="Save to library").click()
    expect(card.locator(".papershelf-note")).to_have_text(SERVER_DOWN)
    expect(card.locator(".papershelf-save")).to_have_text("Retry save")
    card.get_by_role("button", name="Copy BibTeX").click()
    expect(card.locator(".papershelf-note")).to_have_text(SERVER_DOWN)
    toolbar = tab.get_by_role("toolbar", name="papershelf")
    toolbar.get_by_role("button", name="Save every paper on this page").click()
    expect(toolbar.locator(".papershelf-progress")).to_have_text(
        f"Stopped after 0 of 5: {SERVER_DOWN}"
    )
    assert zotero.items == []


def test_wrong_token_asks_to_pair(browser, tab, shelf, zotero):
    set_settings(browser.worker, shelf.url, "not-the-token")
    tab.goto(HF + "/papers/date/2025-12-24")
    card = tab.locator("article").first
    card.get_by_role("button", name="Save to library").click()
    expect(card.locator(".papershelf-note")).to_have_text(BAD_TOKEN)
    assert zotero.items == []


def test_zotero_refusal_is_passed_through_and_retry_works(tab, paired, zotero):
    zotero.inject(403, times=20)  # a revoked API key: every Zotero call is refused
    tab.goto(HF + "/papers/date/2025-12-24")
    card = tab.locator("article").first
    card.get_by_role("button", name="Save to library").click()
    note = card.locator(".papershelf-note")
    expect(note).to_contain_text("Zotero refused access")
    expect(note).to_contain_text("(403)")
    expect(card.locator(".papershelf-save")).to_have_text("Retry save")
    assert zotero.items == []

    zotero.faults.clear()
    card.get_by_role("button", name="Save to library").click()
    expect(card.locator(".papershelf-save")).to_have_text("Saved")
    expect(note).to_be_hidden()
    assert [item["title"] for item in zotero.items] == ["Why Language Models Hallucinate"]


def test_a_title_with_markup_stays_text(tab, paired, zotero):
    tab.goto(HF + "/papers/date/2025-12-24")
    card = tab.locator("article").nth(3)
    save = card.locator(".papershelf-save")
    expect(save).to_have_attribute("aria-label", f"Save to library: {HOSTILE_TITLE}")
    save.click()
    expect(save).to_have_text("Saved")
    card.locator(".papershelf-bibtex").click()
    expect(card.locator(".papershelf-note")).to_have_text("BibTeX copied")
    assert tab.evaluate("window.__papershelfPwned") is None
    assert tab.locator("img").count() == 0  # nothing on the page became an element
    assert card.locator(".papershelf-actions *").evaluate_all(
        "nodes => nodes.map(n => n.tagName)"
    ) == ["BUTTON", "BUTTON", "SPAN"]
    stored = paired.app.test_client().get("/api/papers/2512.20003").get_json()
    assert stored["title"] == HOSTILE_TITLE
    assert [item["title"] for item in zotero.items] == [HOSTILE_TITLE]
