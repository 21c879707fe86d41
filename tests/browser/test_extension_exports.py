"""BibTeX copy, the page's .bib download and Subscribe, compared with what the server says."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import HF


def test_bibtex_copy_gives_the_servers_entry(tab, paired):
    tab.goto(HF + "/papers/date/2025-12-24")
    card = tab.locator("article").first
    card.get_by_role("button", name="Copy BibTeX").click()
    expect(card.locator(".papershelf-note")).to_have_text("BibTeX copied")
    copied = tab.evaluate("navigator.clipboard.readText()")
    entry = paired.app.test_client().get("/api/papers/2509.04664.bib")
    assert entry.status_code == 200
    assert copied == entry.get_data(as_text=True)
    assert copied.lstrip().startswith("@misc{") and "Why Language Models Hallucinate" in copied
    assert "Adam Tauman Kalai" in copied  # authors from the embedded JSON reached the server


def test_download_bib_gives_the_pages_papers_in_order(tab, paired):
    tab.goto(HF + "/papers?q=diffusion")
    toolbar = tab.get_by_role("toolbar", name="papershelf")
    with tab.expect_download() as download:
        toolbar.get_by_role("button", name="Download this page's papers as BibTeX").click()
    text = download.value.path().read_text(encoding="utf-8")
    ids = "2512.20001,2512.20004"
    expected = paired.app.test_client().get(f"/api/export?format=bibtex&ids={ids}")
    assert text == expected.get_data(as_text=True)
    assert text.count("@misc{") == 2
    assert download.value.suggested_filename.endswith(".bib")
    expect(toolbar.locator(".papershelf-progress")).to_have_text(
        f"Downloaded 2 entries as {download.value.suggested_filename}"
    )


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/papers?q=diffusion", "q=diffusion"),
        ("/papers/date/2025-12-24", "since=2025-12-24&until=2025-12-24"),
        ("/papers/week/2025-W52", "since=2025-12-22&until=2025-12-28"),
        ("/papers/month/2025-12", "since=2025-12-01&until=2025-12-31"),
    ],
)
def test_subscribe_opens_the_matching_feed(browser, tab, paired, path, query):
    tab.goto(HF + path)
    toolbar = tab.get_by_role("toolbar", name="papershelf")
    with browser.context.expect_page() as opened:
        toolbar.get_by_role("button", name="Open the papershelf feed for this view").click()
    feed_url = f"{paired.url}/feeds/papers.rss?{query}"
    opened.value.wait_for_load_state()
    assert opened.value.url == feed_url
    assert ("GET", feed_url.removeprefix(paired.url)) in paired.requests
    expect(toolbar.locator(".papershelf-progress")).to_have_text(f"Feed opened: {feed_url}")
