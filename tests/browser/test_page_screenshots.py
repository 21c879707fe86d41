"""papershelf's page light and dark, as the system says: every text and button state legible
(WCAG contrast >= 4.5 against what is painted behind it), checked in real Chromium, and the
screenshots the README shows (taken into a temporary folder unless asked, see shots.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.shelf_page import HOSTILE_TITLE, PAPERS, PageWatch, stock
from tests.browser.test_extension_screenshots import BACKDROP, contrast, is_dark, pixels, rgb

pytestmark = pytest.mark.screenshots

SAVE_STATES = ("idle", "saving", "saved", "exists", "known", "uncertain", "error")
NOTE_KINDS = ("", "done", "uncertain", "error")


def colours(locator) -> tuple[str, str]:
    """An element's text colour and the colour painted behind it."""
    return tuple(locator.evaluate(f"el => [getComputedStyle(el).color, ({BACKDROP})(el)]"))


def check_legible(locator, what: str) -> None:
    fg, bg = colours(locator)
    assert contrast(fg, bg) >= 4.5, f"{what}: {fg} on {bg}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_is_legible_light_and_dark(browser, tab, shelf, shots, scheme):
    stock(shelf, [paper for paper in PAPERS if paper["title"] != HOSTILE_TITLE])
    browser.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=shelf.url)
    watch = PageWatch(tab)
    tab.emulate_media(color_scheme=scheme)
    tab.goto(f"{shelf.url}/?sort=upvotes&limit=3")  # three, and a next page
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert is_dark(background) == (scheme == "dark"), background

    first = tab.locator("article").first
    first.locator(".save").click()
    expect(first.locator(".save")).to_have_text("Saved")
    second = tab.locator("article").nth(1)
    second.get_by_role("button", name="Copy BibTeX").click()
    expect(second.locator(".note")).to_have_text("BibTeX copied")
    tab.get_by_role("checkbox", name="Select: Why Language Models Hallucinate").check()

    for selector in ("h1", "header .meta", "header .meta a", "article h2 a", "article .meta",
                     "article .links a", "summary", "label", "select", "input[name=q]",
                     ".copy-bibtex", ".save-selected", "nav.pager a"):  # fmt: skip
        found = tab.locator(selector)
        assert found.count(), selector
        check_legible(found.first, selector)
    # Every state a Save button and a note can be in (set as page.js sets them).
    save, note = tab.locator("article .save").nth(2), tab.locator("article .note").nth(2)
    note.evaluate("n => { n.textContent = 'a reason' }")
    for state in SAVE_STATES:
        save.evaluate("(b, s) => { b.dataset.state = s }", state)
        check_legible(save, f"save button, {state}")
    for kind in NOTE_KINDS:
        note.evaluate("(n, k) => { n.dataset.kind = k }", kind)
        check_legible(note, f"note, {kind or 'plain'}")
    save.evaluate("b => { b.dataset.state = 'idle' }")
    note.evaluate("n => { n.textContent = ''; n.dataset.kind = '' }")

    path = shots / f"page-{scheme}.png"
    tab.screenshot(path=str(path))
    blank = browser.context.new_page()  # the page's own policy refuses data: images
    try:
        drawn = pixels(blank, path.read_bytes())
    finally:
        blank.close()
    assert drawn["distinct"] > 50  # text, links and buttons, not a blank page
    assert max(abs(a - b) for a, b in zip(drawn["commonest"], rgb(background), strict=True)) <= 3
    watch.assert_clean()
