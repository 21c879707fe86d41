"""papershelf's own page in real Chromium under its Content-Security-Policy: styled,
searchable, sortable, worded for people (counts, et al.), BibTeX copied per paper, feeds
discoverable, and nothing on it refused by the policy."""

from __future__ import annotations

import urllib.request

import feedparser
from playwright.sync_api import expect

from tests.browser.shelf_page import HOSTILE_TITLE, PageWatch, stock
from tests.conftest import SEED, TEST_TOKEN


def seed(shelf) -> None:
    request = urllib.request.Request(
        f"{shelf.url}/api/ingest?name={SEED.name}",
        data=SEED.read_bytes(),
        headers={"Authorization": f"Bearer {TEST_TOKEN}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert reply.status == 200


def titles(tab) -> list[str]:
    return tab.locator("article h2 a").all_inner_texts()


def test_the_page_is_styled_and_searchable_under_its_policy(tab, shelf):
    seed(shelf)
    watch = PageWatch(tab)
    response = tab.goto(f"{shelf.url}/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    # The stylesheet applied: the page is 60rem wide at most, the upvotes box 5rem.
    assert tab.evaluate("getComputedStyle(document.body).maxWidth") == "960px"
    upvotes_box = "getComputedStyle(document.querySelector('[name=min_upvotes]')).width"
    assert tab.evaluate(upvotes_box) == "80px"
    tab.fill("input[name=q]", "interval bound")
    tab.press("input[name=q]", "Enter")
    tab.wait_for_url("**/?q=interval+bound*")
    assert tab.locator("article h2").all_inner_texts() == [
        "Understanding Certified Training with Interval Bound Propagation",
        "Fast Certified Robust Training with Short Warmup",
    ]
    watch.assert_clean()


def test_the_policy_would_refuse_what_the_page_does_not_use(tab, shelf):
    """The checks of the policy can fail: an inline style and an inline script are refused
    and reported."""
    watch = PageWatch(tab)
    tab.goto(f"{shelf.url}/")
    tab.evaluate("document.body.setAttribute('style', 'color: red')")
    tab.wait_for_function("window.__violations.length > 0")
    assert watch.violations()[0].startswith("style-src")
    assert tab.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"
    tab.evaluate(
        "const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        "document.body.append(s)"
    )
    tab.wait_for_function("window.__violations.length > 1")
    assert watch.violations()[1].startswith("script-src")
    assert tab.evaluate("window.ran") is None


def test_sort_and_until_controls(tab, shelf):
    stock(shelf)
    watch = PageWatch(tab)
    tab.goto(f"{shelf.url}/")
    assert titles(tab)[0] == "Diffusion Language Models Are Strong Planners"  # newest first
    tab.select_option("select[name=sort]", label="most upvoted")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url("**sort=upvotes*")
    assert titles(tab) == [
        "An Older Paper About Interval Bounds",
        "Diffusion Language Models Are Strong Planners",
        HOSTILE_TITLE,
        "Why Language Models Hallucinate",
        "Sparse Mixtures of Experts for Long-Context Retrieval",
    ]
    expect(tab.locator("select[name=sort]")).to_have_value("upvotes")  # kept on the new page

    tab.fill("input[name=until]", "2025-12-01")
    tab.select_option("select[name=sort]", label="oldest first")
    tab.get_by_role("button", name="Search").click()
    tab.wait_for_url("**until=2025-12-01*")
    older, hallucinate = "An Older Paper About Interval Bounds", "Why Language Models Hallucinate"
    assert titles(tab) == [older, hallucinate]
    expect(tab.locator("input[name=until]")).to_have_value("2025-12-01")
    # The feeds and exports follow the same selection.
    rss = tab.locator("link[rel=alternate][type='application/rss+xml']").get_attribute("href")
    assert "until=2025-12-01" in rss and "sort=oldest" in rss
    watch.assert_clean()


def test_counts_and_author_lists_read_as_people_write_them(tab, shelf):
    stock(shelf)
    tab.goto(f"{shelf.url}/?sort=upvotes")
    meta = {
        article.locator("h2 a").inner_text(): article.locator(".meta").inner_text()
        for article in tab.locator("article").all()
    }
    hallucinate = meta["Why Language Models Hallucinate"]
    assert hallucinate.startswith("Adam Tauman Kalai, Ofir Nachum et al. · ")  # 2 of 4 named
    assert "· 1 upvote ·" in hallucinate and hallucinate.endswith("· 1 comment")
    planners = meta["Diffusion Language Models Are Strong Planners"]
    assert planners.startswith("Mei Tanaka, Jonas Berg · ")  # every author: no et al.
    assert "· 41 upvotes ·" in planners and planners.endswith("· 2 comments")
    sparse = meta["Sparse Mixtures of Experts for Long-Context Retrieval"]
    assert sparse.startswith("7 authors · ")
    assert "· 0 upvotes ·" in sparse and sparse.endswith("· 0 comments")
    expect(tab.locator("header .meta")).to_contain_text("5 papers stored.")


def test_hostile_text_stays_text(tab, shelf):
    stock(shelf)
    watch = PageWatch(tab)
    tab.goto(f"{shelf.url}/")
    expect(tab.locator("article h2 a", has_text="Quotes")).to_have_text(HOSTILE_TITLE)
    assert tab.locator("img").count() == 0
    assert tab.evaluate("window.pwned") is None
    watch.assert_clean()


def test_copy_bibtex_puts_the_papers_entry_on_the_clipboard(browser, tab, shelf):
    stock(shelf)
    browser.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=shelf.url)
    watch = PageWatch(tab)
    tab.goto(f"{shelf.url}/")
    card = tab.locator("article", has_text="Why Language Models Hallucinate")
    card.get_by_role("button", name="Copy BibTeX").click()
    expect(card.locator(".note")).to_have_text("BibTeX copied")
    copied = tab.evaluate("navigator.clipboard.readText()")
    with urllib.request.urlopen(f"{shelf.url}/api/papers/2509.04664.bib", timeout=10) as reply:
        assert copied == reply.read().decode()
    assert copied.startswith("@misc{") and "eprint = {2509.04664}" in copied
    watch.assert_clean()


def test_feeds_are_discoverable_for_the_search_shown(tab, shelf):
    stock(shelf)
    tab.goto(f"{shelf.url}/?q=language&min_upvotes=1")
    links = tab.locator("link[rel=alternate]")
    found = {
        links.nth(n).get_attribute("type"): links.nth(n).get_attribute("href")
        for n in range(links.count())
    }
    assert sorted(found) == ["application/atom+xml", "application/feed+json", "application/rss+xml"]
    for kind in ("application/rss+xml", "application/atom+xml"):
        assert found[kind].endswith("?q=language&min_upvotes=1")
        with urllib.request.urlopen(shelf.url + found[kind], timeout=10) as reply:
            feed = feedparser.parse(reply.read())
        assert not feed.bozo
        assert sorted(e.title for e in feed.entries) == [
            "Diffusion Language Models Are Strong Planners",
            "Why Language Models Hallucinate",
        ]
    assert tab.locator("link[rel=alternate]").first.get_attribute("title") == (
        "papershelf RSS: language"
    )
