"""Save to Zotero from papershelf's own page, in real Chromium against the Zotero doubles:
per paper, for a selection, "Save anyway" after a lost reply; and a page from another
origin (another site, or another port of 127.0.0.1) trying to save through the user's
browser, by form and by fetch, and refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from server.app import create_app
from tests.browser.conftest import shelf_config
from tests.browser.harness import PAGES, LiveServer
from tests.browser.shelf_page import PageWatch, stock
from tests.conftest import TEST_TOKEN
from tests.doubles import FileServerDouble
from tests.doubles.zotero_connector import ZoteroConnectorDouble, desktop_config

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
HALLUCINATE = "Why Language Models Hallucinate"
PLANNERS = "Diffusion Language Models Are Strong Planners"


def card(tab, title):
    return tab.locator("article", has_text=title)


def test_save_one_paper_then_it_is_in_zotero(tab, shelf, zotero):
    stock(shelf)
    watch = PageWatch(tab)
    tab.goto(f"{shelf.url}/")
    save = card(tab, HALLUCINATE).locator(".save")
    expect(save).to_have_text("Save to Zotero")
    save.click()
    expect(save).to_have_text("Saved")
    assert [item["title"] for item in zotero.items] == [HALLUCINATE]
    save.click()
    expect(save).to_have_text("Already in Zotero")
    assert len(zotero.items) == 1
    tab.reload()  # the page knows it from papershelf's records
    expect(card(tab, HALLUCINATE).locator(".save")).to_have_text("In Zotero")
    expect(card(tab, PLANNERS).locator(".save")).to_have_text("Save to Zotero")
    watch.assert_clean()


def test_save_a_selection(tab, shelf, zotero):
    stock(shelf)
    watch = PageWatch(tab)
    tab.goto(f"{shelf.url}/")
    bar = tab.get_by_role("toolbar", name="Selected papers")
    button = bar.locator(".save-selected")
    expect(button).to_be_disabled()
    card(tab, HALLUCINATE).locator(".save").click()
    expect(card(tab, HALLUCINATE).locator(".save")).to_have_text("Saved")
    for title in (HALLUCINATE, PLANNERS):
        tab.get_by_role("checkbox", name=f"Select: {title}").check()
    expect(button).to_have_text("Save 2 selected to Zotero")
    button.click()
    expect(bar.locator(".selection-status")).to_have_text(
        "2 papers: 1 saved, 1 already in Zotero, 0 failed"
    )
    expect(card(tab, PLANNERS).locator(".save")).to_have_text("Saved")
    expect(card(tab, HALLUCINATE).locator(".save")).to_have_text("Already in Zotero")
    assert sorted(item["title"] for item in zotero.items) == [PLANNERS, HALLUCINATE]

    bar.get_by_role("checkbox", name="select all on this page").check()
    expect(button).to_have_text("Save 5 selected to Zotero")
    button.click()
    expect(bar.locator(".selection-status")).to_have_text(
        "5 papers: 3 saved, 2 already in Zotero, 0 failed"
    )
    assert len(zotero.items) == 5
    watch.assert_clean()


def test_a_save_zotero_refuses_says_why(tab, shelf, zotero):
    stock(shelf)
    zotero.inject(403, path="/users/", times=10)  # the key lost its write access
    tab.goto(f"{shelf.url}/")
    save = card(tab, PLANNERS).locator(".save")
    save.click()
    expect(save).to_have_text("Retry save")
    expect(card(tab, PLANNERS).locator(".note")).not_to_be_empty()
    assert zotero.items == []


def test_a_zotero_setting_to_fix_is_named_on_the_card(tab, tmp_path, zotero, upstream):
    config = shelf_config(tmp_path, zotero, upstream) | {"ZOTERO_API_KEY": None}
    with LiveServer(create_app(config)) as server:
        stock(server)
        watch = PageWatch(tab)
        tab.goto(f"{server.url}/")
        save = card(tab, PLANNERS).locator(".save")
        save.click()
        expect(save).to_have_text("Retry save")
        expect(card(tab, PLANNERS).locator(".note")).to_have_text(
            "Zotero: the Zotero web library is not configured: set ZOTERO_API_KEY "
            "(environment or papershelf.toml in the instance folder)"
        )
    assert zotero.items == []
    assert [e for e in watch.errors if "503" not in e] == []  # the browser logs the 503 itself
    assert watch.violations() == []


@pytest.fixture
def desktop_shelf(tmp_path, zotero, upstream):
    """The server saving to the Zotero desktop double, with its local API off."""
    pdf = (PAGES / "tiny.pdf").read_bytes()
    with (
        ZoteroConnectorDouble(local_api=False) as desktop,
        FileServerDouble({"/pdf/2512.20001": (pdf, "application/pdf")}) as pdfs,
    ):
        config = shelf_config(tmp_path, zotero, upstream) | desktop_config(
            desktop, ZOTERO_PDF_BASE_URL=pdfs.base_url
        )
        with LiveServer(create_app(config)) as server:
            server.desktop = desktop
            yield server


def test_save_anyway_after_a_lost_reply(tab, desktop_shelf):
    stock(desktop_shelf)
    desktop = desktop_shelf.desktop
    desktop.inject("lost", path="/connector/saveItems")
    tab.goto(f"{desktop_shelf.url}/")
    save = card(tab, PLANNERS).locator(".save")
    note = card(tab, PLANNERS).locator(".note")
    save.click()
    expect(save).to_have_text("Save anyway")
    expect(note).to_contain_text("it may be in Zotero: check Zotero")
    assert [item["title"] for item in desktop.library] == [PLANNERS]
    save.click()
    expect(save).to_have_text("Saved")
    expect(note).to_have_text("")
    assert [item["title"] for item in desktop.library] == [PLANNERS, PLANNERS]


HOSTILE_PAGE = """<!doctype html>
<title>a page on another origin</title>
<script>
const target = "{target}";
const body = JSON.stringify({{ ids: ["2512.20001"] }});
window.outcome = {{}};
(async () => {{
  try {{  // a "simple" request: sent without a preflight, its answer unreadable
    const reply = await fetch(target, {{ method: "POST", mode: "no-cors", credentials: "include",
      headers: {{ "Content-Type": "text/plain" }}, body }});
    window.outcome.simple = reply.type;
  }} catch (error) {{ window.outcome.simple = "refused: " + error.name; }}
  try {{  // the page's header, guessed: needs a preflight, which is never granted
    const reply = await fetch(target, {{ method: "POST", credentials: "include",
      headers: {{ "Content-Type": "application/json", "X-Papershelf-Page": "guessed" }}, body }});
    window.outcome.headed = reply.status;
  }} catch (error) {{ window.outcome.headed = "refused: " + error.name; }}
  window.outcome.done = true;
}})();
</script>
<form id="form" method="post" action="{target}" enctype="text/plain">
  <input name='{{"ids": ["2512.20001"], "x": "' value='"}}'>
</form>
"""


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"], ids=["cross-site", "same-site"])
def test_a_page_from_another_origin_cannot_save(browser, shelf, zotero, host):
    """The user has papershelf's page open (its cookie is in the browser), then visits a
    page that tries to save through it. localhost is another site than 127.0.0.1 (the
    cookie stays home); 127.0.0.1 on another port is the same site (the cookie goes along,
    and the Origin and the missing page token give it away)."""
    stock(shelf)
    target = f"{shelf.url}/api/library/items"
    hostile = HOSTILE_PAGE.format(target=target).encode()
    tab = browser.context.new_page()
    answers = []
    tab.on(
        "response",
        lambda r: answers.append(r.status) if r.url == target and r.request.method == "POST"
        else None,
    )  # fmt: skip
    try:
        tab.goto(f"{shelf.url}/")  # the user's own page: it sets the page cookie
        assert any(c["name"].startswith("papershelf-page-") for c in browser.context.cookies())
        with FileServerDouble({"/reading-list": (hostile, "text/html; charset=utf-8")}) as site:
            port = site.base_url.rsplit(":", 1)[1]
            tab.goto(f"http://{host}:{port}/reading-list")
            tab.wait_for_function("window.outcome && window.outcome.done")
            outcome = tab.evaluate("window.outcome")
            assert outcome["simple"] == "opaque"  # sent; the browser hides the answer
            assert outcome["headed"] == "refused: TypeError"  # never sent: no preflight grant
            with tab.expect_navigation() as navigation:
                tab.evaluate("document.getElementById('form').submit()")
            assert navigation.value.status == 403
            assert "may not use this endpoint" in tab.locator("body").inner_text()
    finally:
        tab.close()
        browser.errors.clear()  # the refused requests are the page's console errors
    assert answers == [403, 403]  # the simple fetch and the form both refused
    assert zotero.items == []
    status = shelf.app.test_client().get("/api/library/status?ids=2512.20001", headers=AUTH)
    assert status.get_json()["items"][0]["saved"] is False
