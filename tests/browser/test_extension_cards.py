"""Every card of every kind of papers page gets one Save and one BibTeX button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import HF
from tests.conftest import TEST_TOKEN

ACTIONS = "article .papershelf-actions"
AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}


@pytest.mark.parametrize(
    ("path", "cards"),
    [
        ("/papers/date/2025-12-24", 5),  # embedded JSON and cards
        ("/papers/week/2025-W52", 5),  # cards only
        ("/papers?q=diffusion", 2),  # search page, highlight spans in titles
    ],
)
def test_buttons_on_every_card_once(tab, paired, path, cards):
    tab.goto(HF + path)
    expect(tab.locator(ACTIONS)).to_have_count(cards)
    for article in tab.locator("article").all():
        expect(article.get_by_role("button", name="Save to library")).to_have_count(1)
        expect(article.get_by_role("button", name="Copy BibTeX")).to_have_count(1)
    expect(tab.get_by_role("toolbar", name="papershelf")).to_have_count(1)
    # Our own DOM changes do not make the observer add a second set.
    tab.evaluate("document.body.append(document.createElement('div'))")
    tab.locator("article").first.get_by_role("button", name="Save to library").focus()
    expect(tab.locator(ACTIONS)).to_have_count(cards)
    expect(tab.locator(".papershelf-button")).to_have_count(2 * cards + 3)


def test_search_titles_are_plain_text_without_highlight_markup(tab, paired):
    tab.goto(HF + "/papers?q=diffusion")
    button = tab.locator("article").first.locator(".papershelf-save")
    expect(button).to_have_attribute(
        "aria-label", "Save to library: Diffusion Language Models Are Strong Planners"
    )
    expect(tab.locator("article .highlight").first).to_have_text("Diffusion")


def test_cards_added_after_load_get_buttons_and_none_twice(tab, paired):
    tab.goto(HF + "/papers?date=2025-12-23")
    expect(tab.locator(ACTIONS)).to_have_count(2)
    tab.evaluate("window.addMoreCards()")  # infinite scroll
    expect(tab.locator(ACTIONS)).to_have_count(4)
    tab.evaluate("window.rerenderFirstCard()")  # a re-rendered card keeps its one set
    expect(tab.locator("article")).to_have_count(4)
    for article in tab.locator("article").all():
        expect(article.locator(".papershelf-actions")).to_have_count(1)
        expect(article.locator(".papershelf-save")).to_have_count(1)


def test_json_only_page_has_the_toolbar(tab, paired):
    tab.goto(HF + "/papers/month/2025-12")
    toolbar = tab.get_by_role("toolbar", name="papershelf")
    expect(toolbar.get_by_role("button", name="Save every paper on this page")).to_be_visible()
    expect(tab.locator(".papershelf-actions")).to_have_count(0)


def test_single_paper_page_has_buttons_under_its_title(tab, paired):
    tab.goto(HF + "/papers/2509.04664")
    actions = tab.locator('[data-target="PaperContent"] h1 + .papershelf-actions')
    expect(
        actions.get_by_role("button", name="Save to library: Why Language Models Hallucinate")
    ).to_be_visible()
    expect(tab.get_by_role("toolbar")).to_have_count(0)


def test_page_links_still_work(tab, paired):
    tab.goto(HF + "/papers/date/2025-12-24")
    expect(tab.locator(ACTIONS)).to_have_count(5)
    tab.locator("article h3 a").first.click()
    expect(tab).to_have_url(HF + "/papers/2509.04664")
    expect(tab.locator(".papershelf-actions")).to_have_count(1)


def test_buttons_work_from_the_keyboard(tab, paired, zotero):
    tab.goto(HF + "/papers/date/2025-12-24")
    save = tab.locator("article").first.locator(".papershelf-save")
    save.focus()
    tab.keyboard.press("Enter")
    expect(save).to_have_text("Saved")
    assert [item["title"] for item in zotero.items] == ["Why Language Models Hallucinate"]


def test_console_errors_from_page_and_worker_are_seen(browser, tab, paired):
    """The guard every other test relies on: errors in either place are recorded."""
    tab.goto(HF + "/papers/date/2025-12-24")
    tab.evaluate("console.error('page says no')")
    browser.worker.evaluate("console.error('worker says no')")
    expect(tab.locator(ACTIONS)).to_have_count(5)
    seen = "\n".join(browser.errors)
    assert "page says no" in seen and "worker says no" in seen
    browser.errors.clear()


def test_200_cards_each_get_one_set_and_their_saved_state(tab, paired, zotero):
    # Two papers saved beforehand, one in each status batch of 100.
    client = paired.app.test_client()
    papers = [
        {"arxiv_id": "2512.30000", "title": "Generated Paper Number 1 on Efficient Training"},
        {"arxiv_id": "2512.30199", "title": "Generated Paper Number 200 on Efficient Training"},
    ]
    saved = client.post("/api/library/items", json={"papers": papers}, headers=AUTH)
    assert [item["status"] for item in saved.get_json()["items"]] == ["saved", "saved"]
    tab.goto(HF + "/papers/trending")
    expect(tab.locator(ACTIONS)).to_have_count(200)
    assert tab.locator("article:not([data-papershelf-card])").count() == 0
    saves = tab.locator("article .papershelf-save")
    expect(saves.last).to_have_text("In library")
    expect(saves.first).to_have_text("In library")
    expect(tab.locator("article .papershelf-save", has_text="In library")).to_have_count(2)
    status = [path for _, path in paired.requests if path.startswith("/api/library/status")]
    assert len(status) == 2  # 200 ids asked in two batches of 100
