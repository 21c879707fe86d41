"""Save anyway: a desktop save whose reply was lost, with Zotero's local API off, is
`uncertain`; the card says why and offers "Save anyway", which re-sends with force.

Real Chromium, the real extension and server, the Zotero desktop double (connector) with a
reply lost on the way back (the item lands, papershelf never hears of it)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from server.app import create_app
from tests.browser.conftest import shelf_config
from tests.browser.harness import HF, PAGES, LiveServer, set_settings
from tests.conftest import TEST_TOKEN
from tests.doubles import FileServerDouble
from tests.doubles.zotero_connector import ZoteroConnectorDouble, desktop_config

TITLE = "Diffusion Language Models Are Strong Planners"  # card 1 of daily.html, 2512.20001


@pytest.fixture
def desktop():
    with ZoteroConnectorDouble(local_api=False) as double:  # Zotero 6, or the setting off
        yield double


@pytest.fixture
def desktop_shelf(browser, tmp_path, zotero, upstream, desktop):
    """The server saving to the desktop double, the extension paired with it."""
    pdf = (PAGES / "tiny.pdf").read_bytes()
    with FileServerDouble({"/pdf/2512.20001": (pdf, "application/pdf")}) as pdfs:
        config = shelf_config(tmp_path, zotero, upstream) | desktop_config(
            desktop, ZOTERO_PDF_BASE_URL=pdfs.base_url
        )
        with LiveServer(create_app(config)) as server:
            set_settings(browser.worker, server.url, TEST_TOKEN)
            yield server


def test_a_lost_reply_offers_save_anyway_which_forces_the_save(tab, desktop_shelf, desktop):
    desktop.inject("lost", path="/connector/saveItems")
    tab.goto(HF + "/papers/date/2025-12-24")
    card = tab.locator("article").nth(1)
    save = card.locator(".papershelf-save")
    note = card.locator(".papershelf-note")
    save.click()
    expect(save).to_have_text("Save anyway")
    expect(note).to_contain_text("not confirmed")
    expect(note).to_contain_text("it may be in Zotero: check Zotero")
    expect(note).to_contain_text("Allow other applications on this computer")
    assert [item["title"] for item in desktop.library] == [TITLE]  # it did land

    # The user looked in Zotero (say it was not there) and insists: sent with force.
    save.click()
    expect(save).to_have_text("Saved")
    expect(note).to_have_text("")
    assert [item["title"] for item in desktop.library] == [TITLE, TITLE]  # as the user chose
    saves = [r for r in desktop.requests if r["path"] == "/connector/saveItems"]
    assert len(saves) == 2

    # Saved since: a further click is answered from papershelf's record, nothing is written.
    save.click()
    expect(save).to_have_text("Already in library")
    assert len(desktop.library) == 2


def test_without_save_anyway_an_uncertain_paper_stays_uncertain(tab, desktop_shelf, desktop):
    """A plain save (Save all) does not write it again: only the card's Save anyway does."""
    desktop.inject("lost", path="/connector/saveItems")
    tab.goto(HF + "/papers/date/2025-12-24")
    card = tab.locator("article").nth(1)
    card.locator(".papershelf-save").click()
    expect(card.locator(".papershelf-save")).to_have_text("Save anyway")

    toolbar = tab.get_by_role("toolbar", name="papershelf")
    toolbar.get_by_role("button", name="Save every paper on this page").click()
    expect(toolbar.locator(".papershelf-progress")).to_have_text(
        "5 papers: 4 saved, 0 already in library, 1 not confirmed (see Save anyway), 0 failed"
    )
    expect(tab.locator("article .papershelf-save")).to_have_text(
        ["Saved", "Save anyway", "Saved", "Saved", "Saved"]
    )
    assert [item["title"] for item in desktop.library].count(TITLE) == 1
    assert len(desktop.library) == 5
