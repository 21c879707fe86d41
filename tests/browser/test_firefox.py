"""The extension in real Firefox (Debian's firefox-esr, driven over WebDriver BiDi): the
Chromium scenarios where Firefox allows them. See tests/browser/firefox_runner.py.

Firefox differences: BiDi cannot open the options page itself, so the tests pair through
the options tab the extension opens on install (the options page is tested in Chromium);
BiDi cannot emulate prefers-color-scheme per page, so this Firefox runs with a dark OS
preference throughout (light pages must keep light buttons, media-only dark pages get dark
ones); headless Firefox shows no context menu and delivers no shortcut, so those tests call
the background page's listeners with what Firefox would pass them, as in Chromium.
"""

from __future__ import annotations

import re

import feedparser
import pytest
import requests

from tests.browser.harness import ARXIV, HF, ROOT
from tests.browser.pages.make_pages import ARXIV_PAPER, HOSTILE_TITLE
from tests.browser.test_extension_screenshots import contrast, is_dark, rgb
from tests.conftest import TEST_TOKEN
from tests.doubles import unused_url

SHOTS = ROOT / "docs" / "screenshots"
SERVER_DOWN = "papershelf is not running: start it with `papershelf serve`"
BAD_TOKEN = "wrong or missing token: pair in the extension options"
AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}


def server_get(server, path):
    return server.app.test_client().get(path, headers=AUTH)


@pytest.mark.parametrize(
    ("path", "cards"),
    [
        ("/papers/date/2025-12-24", 5),  # embedded JSON and cards
        ("/papers/week/2025-W52", 5),  # cards only
        ("/papers?q=diffusion", 2),  # search page, highlight spans in titles
        ("/papers/trending", 200),
    ],
)
def test_buttons_on_every_card_once(firefox, firefox_paired, path, cards):
    counts = firefox.run("cards", url=HF + path, expected=cards)
    assert counts["first"]["perArticle"] == [[1, 1]] * cards
    assert (counts["first"]["toolbars"], counts["first"]["buttons"]) == (1, 2 * cards + 3)
    assert counts["after"] == counts["first"]  # our own DOM changes add nothing


def test_console_errors_of_page_background_and_extension_are_seen(firefox, firefox_paired):
    answer = firefox.answer("consoleErrors", url=HF + "/papers/date/2025-12-24")
    assert answer["ok"] and answer["result"] == "logged"
    seen = "\n".join(answer["errors"])
    assert "page says no" in seen
    assert "background says no" in seen
    assert "extension page throws" in seen


def test_connection_test_from_the_extension(firefox, firefox_paired):
    reply = firefox.run("testConnection")
    health = server_get(firefox_paired, "/api/health").get_json()
    assert reply["ok"] is True
    assert (reply["data"]["version"], reply["data"]["papers"]) == (health["version"], 0)
    assert reply["data"]["target"]["target"] == "web"


def test_save_then_exists(firefox, firefox_paired, zotero):
    result = firefox.run("save", url=HF + "/papers/date/2025-12-24", card=1, clicks=2)
    assert result["initial"]["button"] == "Save"
    assert [c["button"] for c in result["clicks"]] == ["Saved", "Already in library"]
    assert [c["note"] for c in result["clicks"]] == ["", ""]
    assert [item["title"] for item in zotero.items] == [
        "Diffusion Language Models Are Strong Planners"
    ]
    paper = server_get(firefox_paired, "/api/papers/2512.20001").get_json()
    assert paper["authors"] == ["Mei Tanaka", "Jonas Berg"]
    # A reload shows the saved state at once.
    again = firefox.run("save", url=HF + "/papers/date/2025-12-24", card=1, clicks=0)
    assert again["initial"]["button"] == "In library"


def test_save_on_a_single_paper_page_and_an_arxiv_page(firefox, firefox_paired, zotero):
    paper_page = firefox.run("save", url=HF + "/papers/2509.04664", card="page")
    arxiv_page = firefox.run("save", url=f"{ARXIV}/abs/{ARXIV_PAPER['id']}v2", card="page")
    assert [r["clicks"][0]["button"] for r in (paper_page, arxiv_page)] == ["Saved", "Saved"]
    assert [item["title"] for item in zotero.items] == [
        "Why Language Models Hallucinate",
        ARXIV_PAPER["title"],
    ]
    stored = server_get(firefox_paired, f"/api/papers/{ARXIV_PAPER['id']}").get_json()
    assert (stored["primary_category"], stored["published"]) == ("cs.AI", "2025-12-22")


def test_a_title_with_markup_saves_as_text(firefox, firefox_paired, zotero):
    result = firefox.run("save", url=HF + "/papers/date/2025-12-24", card=3)
    assert result["clicks"][0]["button"] == "Saved"
    assert [item["title"] for item in zotero.items] == [HOSTILE_TITLE]


def test_save_all(firefox, firefox_paired, zotero):
    result = firefox.run("saveAll", url=HF + "/papers/date/2025-12-24")
    assert result["progress"] == "5 papers: 5 saved, 0 already in library, 0 failed"
    assert result["buttons"] == ["Saved"] * 5
    assert len(zotero.items) == 5


def test_server_down_says_how_to_start_it(firefox, zotero):
    firefox.run("pair", serverUrl=unused_url(), token=TEST_TOKEN)
    result = firefox.run("save", url=HF + "/papers/date/2025-12-24", card=0)
    assert result["clicks"] == [{"button": "Retry save", "note": SERVER_DOWN}]
    bib = firefox.run("bibtex", url=HF + "/papers/date/2025-12-24", card=0)
    assert bib["note"] == SERVER_DOWN
    assert zotero.items == []


def test_wrong_token_asks_to_pair(firefox, shelf, zotero):
    firefox.run("pair", serverUrl=shelf.url, token="not-the-token")
    result = firefox.run("save", url=HF + "/papers/date/2025-12-24", card=0)
    assert result["clicks"] == [{"button": "Retry save", "note": BAD_TOKEN}]
    assert zotero.items == []


def test_zotero_refusal_is_passed_through_then_retry_works(firefox, firefox_paired, zotero):
    zotero.inject(403, times=20)
    refused = firefox.run("save", url=HF + "/papers/date/2025-12-24", card=0)
    [click] = refused["clicks"]
    assert click["button"] == "Retry save"
    assert "Zotero refused access" in click["note"] and "(403)" in click["note"]
    zotero.faults.clear()
    retried = firefox.run("save", url=HF + "/papers/date/2025-12-24", card=0)
    assert retried["clicks"] == [{"button": "Saved", "note": ""}]
    assert len(zotero.items) == 1


def test_bibtex_copy_gives_the_servers_entry(firefox, firefox_paired):
    result = firefox.run("bibtex", url=HF + "/papers/date/2025-12-24", card=0)
    assert result["note"] == "BibTeX copied"
    entry = server_get(firefox_paired, "/api/papers/2509.04664.bib").get_data(as_text=True)
    assert result["clipboard"] == entry
    assert "Adam Tauman Kalai" in entry


def test_download_bib_through_firefoxs_download(firefox, firefox_paired):
    result = firefox.run("downloadBib", url=HF + "/papers?q=diffusion")
    file = result["file"]
    assert file is not None, result["progress"]
    assert result["progress"] == f"Downloaded 2 entries as {file['name']}"
    assert file["name"].endswith(".bib")
    expected = server_get(firefox_paired, "/api/export?format=bibtex&ids=2512.20001,2512.20004")
    assert file["text"] == expected.get_data(as_text=True)
    assert file["text"].count("@misc{") == 2


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/papers?q=diffusion", "q=diffusion"),
        ("/papers/week/2025-W52", "since=2025-12-22&until=2025-12-28"),
    ],
)
def test_subscribe_opens_the_matching_feed(firefox, firefox_paired, path, query):
    result = firefox.run("subscribe", url=HF + path)
    feed_url = f"{firefox_paired.url}/feeds/papers.rss?{query}"
    assert result["progress"] == f"Feed opened: {feed_url}"
    feed_path = feed_url.removeprefix(firefox_paired.url)
    assert ("GET", feed_path) in firefox_paired.requests
    # Firefox saves an RSS document it is sent to rather than showing it.
    assert re.fullmatch(r"papers(\(\d+\))?\.rss", result["file"]["name"])
    saved = feedparser.parse(result["file"]["text"])
    served = feedparser.parse(requests.get(feed_url, timeout=10).text)
    assert not saved.bozo and saved.feed.title == served.feed.title
    assert [e.link for e in saved.entries] == [e.link for e in served.entries]


@pytest.mark.parametrize(
    ("shot", "path", "html_dark", "theme"),
    [
        # This Firefox's OS preference is dark; Hugging Face's page ignores it...
        ("firefox-papers-light", "/papers/date/2025-12-24", False, "light"),
        ("firefox-papers-dark", "/papers/date/2025-12-24", True, "dark"),  # ...until html.dark
        ("firefox-papers-dark-body", "/papers/date/2025-12-22", False, "dark"),
        ("firefox-papers-dark-system", "/papers/date/2025-12-21", False, "dark"),  # media only
    ],
)
def test_buttons_follow_the_page_theme(firefox, firefox_paired, shot, path, html_dark, theme):
    SHOTS.mkdir(parents=True, exist_ok=True)
    result = firefox.run(
        "theme", url=HF + path, htmlDark=html_dark, expected=6, shot=str(SHOTS / f"{shot}.png")
    )
    assert len(result["buttons"]) == 13
    for button in result["buttons"]:
        assert button["theme"] == theme
        assert contrast(button["fg"], button["bg"]) >= 4.5, button
        assert is_dark(button["bg"]) == (theme == "dark") == is_dark(button["behind"]), button
        assert button["distinct"] >= 3  # background, border and text are drawn
        drawn = zip(button["commonest"], rgb(button["bg"]), strict=True)
        assert max(abs(a - b) for a, b in drawn) <= 3, button


def test_context_menu_saves_a_linked_paper_never_seen(firefox, firefox_paired, zotero, upstream):
    title = "Understanding Certified Training with Interval Bound Propagation"
    answer = firefox.run("menuSave", linkUrl="https://arxiv.org/abs/2306.10426v2")
    assert answer["registered"] is True
    assert (answer["result"]["id"], answer["result"]["state"]) == ("2306.10426", "saved")
    assert answer["result"]["title"] == title
    # (Whether headless Firefox keeps the notification listed depends on the desktop's
    # notification service; Chromium's test checks it is raised.)
    assert "/api/papers/2306.10426" in upstream.paths()
    assert [item["title"] for item in zotero.items] == [title]


def test_shortcut_saves_the_paper_of_the_page(firefox, firefox_paired, zotero):
    answer = firefox.run("shortcut", url=f"{ARXIV}/abs/{ARXIV_PAPER['id']}")
    assert answer["commands"] == [["save-page-paper", "Alt+Shift+S"]]
    assert (answer["saved"]["via"], answer["saved"]["id"]) == ("page", ARXIV_PAPER["id"])
    assert answer["button"] == {"button": "Saved", "note": ""}
    assert [item["title"] for item in zotero.items] == [ARXIV_PAPER["title"]]
