"""Save from anywhere: Save/BibTeX on arXiv abstract pages, the context menu on links to
papers, and the keyboard shortcut on a paper's page or PDF.

Headless Chromium shows no context menu and does not deliver extension shortcuts (a key
pressed through the page never reaches the browser's command handling: checked in
test_the_shortcut_key_is_declared), so those two call the very listeners the worker
registers (`papershelf.handleMenuClick`, `papershelf.handleCommand`) with what the browser
would pass them.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from server.app import create_app
from tests.browser.conftest import shelf_config
from tests.browser.harness import ARXIV, BLOG, HF, LiveServer, set_settings
from tests.browser.pages.make_pages import ARXIV_PAPER, LINKED
from tests.conftest import TEST_TOKEN
from tests.doubles import unused_url

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
MENU_ID = "papershelf-save-link"


def stored(server, paper_id):
    reply = server.app.test_client().get(f"/api/papers/{paper_id}")
    return reply.get_json() if reply.status_code == 200 else None


def notifications(worker) -> list[dict]:
    return worker.evaluate(
        """async () => {
          const ids = Object.keys(await chrome.notifications.getAll());
          return ids;
        }"""
    )


def click_menu(worker, link_url, page_url=BLOG + "/reading-list"):
    return worker.evaluate(
        "([menuItemId, linkUrl, pageUrl]) => papershelf.handleMenuClick("
        "{menuItemId, linkUrl, pageUrl, editable: false})",
        [MENU_ID, link_url, page_url],
    )


def press_shortcut(worker, tab, url=None):
    """What the browser passes the command listener: the command and the active tab (whose
    URL the activeTab permission reveals when the user presses the key)."""
    tab.bring_to_front()
    return worker.evaluate(
        """async (url) => {
          const [active] = await chrome.tabs.query({active: true, lastFocusedWindow: true});
          return papershelf.handleCommand('save-page-paper', {...active, url: url || active.url});
        }""",
        url,
    )


def clear_notifications(worker):
    worker.evaluate(
        """async () => {
          for (const id of Object.keys(await chrome.notifications.getAll())) {
            await chrome.notifications.clear(id);
          }
        }"""
    )


# --- arXiv abstract pages ---------------------------------------------------------------


@pytest.mark.parametrize("version", ["", "v2"])
def test_arxiv_page_saves_what_the_page_shows(tab, paired, zotero, upstream, version):
    tab.goto(f"{ARXIV}/abs/{ARXIV_PAPER['id']}{version}")
    save = tab.get_by_role("button", name=f"Save to library: {ARXIV_PAPER['title']}")
    expect(save).to_have_count(1)
    expect(tab.locator(".papershelf-actions")).to_have_count(1)
    expect(tab.locator("#abs h1.title + .papershelf-actions")).to_have_count(1)
    save.click()
    expect(save).to_have_text("Saved")
    paper = stored(paired, ARXIV_PAPER["id"])
    assert paper["title"] == ARXIV_PAPER["title"]
    assert paper["authors"] == ["Chiamaka Okonkwo", "Pieter van der Berg", "Wei Zhang"]
    assert paper["abstract"].startswith("Embodied agents plan over long horizons with 5% of")
    assert (paper["published"], paper["primary_category"], paper["categories"]) == (
        "2025-12-22",
        "cs.AI",
        ["cs.AI", "cs.RO"],
    )
    assert [item["title"] for item in zotero.items] == [ARXIV_PAPER["title"]]
    assert upstream.requests == []  # the page said it all: nothing looked up
    tab.reload()
    expect(tab.locator(".papershelf-save")).to_have_text("In library")


def test_arxiv_page_bibtex_is_the_servers_entry(tab, paired):
    tab.goto(f"{ARXIV}/abs/{ARXIV_PAPER['id']}")
    tab.get_by_role("button", name="Copy BibTeX").click()
    expect(tab.locator(".papershelf-note")).to_have_text("BibTeX copied")
    copied = tab.evaluate("navigator.clipboard.readText()")
    entry = paired.app.test_client().get(f"/api/papers/{ARXIV_PAPER['id']}.bib")
    assert copied == entry.get_data(as_text=True)
    assert "eprint = {2512.20006}" in copied and "primaryClass = {cs.AI}" in copied
    assert "author = {Chiamaka Okonkwo and Pieter van der Berg and Wei Zhang}" in copied


# --- the context menu ---------------------------------------------------------------------


def test_the_menu_is_registered_for_paper_links(browser):
    assert browser.worker.evaluate(
        f"chrome.contextMenus.update('{MENU_ID}', {{}}).then(() => true, () => false)"
    )


@pytest.mark.parametrize(
    ("link", "paper_id", "title"),
    [
        ("arxiv_abs", "2306.10426", "Understanding Certified Training with Interval Bound "
                                    "Propagation"),
        ("arxiv_pdf", "2411.15124", "TÜLU 3: Pushing Frontiers in Open Language Model "
                                    "Post-Training"),
        ("hf_paper", "2108.06209", "W2v-BERT: Combining Contrastive Learning and Masked Language "
                                   "Modeling for Self-Supervised Speech Pre-Training"),
    ],
)  # fmt: skip
def test_context_menu_saves_a_linked_paper_never_seen(
    browser, tab, paired, zotero, upstream, link, paper_id, title
):
    clear_notifications(browser.worker)
    tab.goto(BLOG + "/reading-list")
    href = tab.locator(f"a#{link}").get_attribute("href")
    assert href == LINKED[link]
    assert stored(paired, paper_id) is None
    result = click_menu(browser.worker, href)
    assert (result["id"], result["state"], result["title"]) == (paper_id, "saved", title)
    assert stored(paired, paper_id)["authors"]  # looked up on Hugging Face, then arXiv
    assert f"/api/papers/{paper_id}" in upstream.paths()
    assert [item["title"] for item in zotero.items] == [title]
    assert len(notifications(browser.worker)) == 1

    again = click_menu(browser.worker, href)
    assert again["state"] == "exists"
    assert len(zotero.items) == 1


def test_context_menu_on_a_link_that_is_no_paper_saves_nothing(browser, paired, zotero):
    assert click_menu(browser.worker, LINKED["not_a_paper"]) is None
    assert zotero.items == []


def test_context_menu_offline_says_why(browser, tmp_path, zotero, upstream):
    config = shelf_config(tmp_path, zotero, upstream)
    down = unused_url()
    with LiveServer(create_app(config | {"HF_BASE_URL": down, "ARXIV_BASE_URL": down})) as shelf:
        set_settings(browser.worker, shelf.url, TEST_TOKEN)
        result = click_menu(browser.worker, LINKED["arxiv_abs"])
    assert result["state"] == "error"
    assert result["message"].startswith(
        "papershelf has not stored 2306.10426 yet and cannot reach Hugging Face or arXiv"
    )
    assert zotero.items == []


def test_context_menu_with_the_server_down(browser, zotero):
    set_settings(browser.worker, unused_url(), TEST_TOKEN)
    result = click_menu(browser.worker, LINKED["hf_paper"])
    assert result["message"] == "papershelf is not running: start it with `papershelf serve`"


# --- the keyboard shortcut ----------------------------------------------------------------


def test_the_shortcut_key_is_declared(browser, tab, paired):
    commands = browser.worker.evaluate("chrome.commands.getAll()")
    assert {c["name"]: c["shortcut"] for c in commands} == {"save-page-paper": "Alt+Shift+S"}
    tab.goto(HF + "/papers/2509.04664")
    save = tab.locator(".papershelf-save")
    expect(save).to_have_text("Save")
    tab.keyboard.press("Alt+Shift+S")  # headless Chromium does not deliver it...
    tab.wait_for_timeout(300)
    expect(save).to_have_text("Save")  # ...so the tests below call the listener


@pytest.mark.parametrize(
    ("url", "paper_id", "title"),
    [
        (HF + "/papers/2509.04664", "2509.04664", "Why Language Models Hallucinate"),
        (f"{ARXIV}/abs/{ARXIV_PAPER['id']}v2", ARXIV_PAPER["id"], ARXIV_PAPER["title"]),
    ],
)
def test_shortcut_saves_the_paper_of_the_page_through_its_button(
    browser, tab, paired, zotero, upstream, url, paper_id, title
):
    tab.goto(url)
    save = tab.locator(".papershelf-save")
    expect(save).to_have_text("Save")
    result = press_shortcut(browser.worker, tab)
    assert (result["via"], result["handled"], result["id"]) == ("page", True, paper_id)
    expect(save).to_have_text("Saved")
    assert [item["title"] for item in zotero.items] == [title]
    assert upstream.requests == []


def test_shortcut_on_an_arxiv_pdf_saves_it_by_id(browser, tab, paired, zotero):
    clear_notifications(browser.worker)
    url = f"{ARXIV}/pdf/2103.17268v2"
    tab.goto(url)
    result = press_shortcut(browser.worker, tab, url)
    assert (result["via"], result["id"], result["state"]) == ("id", "2103.17268", "saved")
    assert result["title"] == "Fast Certified Robust Training with Short Warmup"
    assert [item["title"] for item in zotero.items] == [result["title"]]
    assert len(notifications(browser.worker)) == 1


def test_shortcut_on_a_list_page_saves_nothing(browser, tab, paired, zotero):
    clear_notifications(browser.worker)
    tab.goto(HF + "/papers/date/2025-12-24")
    expect(tab.locator(".papershelf-actions")).to_have_count(5)
    assert press_shortcut(browser.worker, tab) is None
    assert zotero.items == []
    assert len(notifications(browser.worker)) == 1  # "No paper on this page"
