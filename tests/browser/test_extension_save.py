"""Save and Save all: through the real server into the Zotero double, exactly once."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.harness import HF
from tests.conftest import TEST_TOKEN

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}


def saved_ids(server, ids):
    reply = server.app.test_client().get(f"/api/library/status?ids={','.join(ids)}", headers=AUTH)
    return [item["id"] for item in reply.get_json()["items"] if item["saved"]]


def test_save_puts_one_item_on_the_server_and_in_zotero(tab, paired, zotero):
    tab.goto(HF + "/papers/date/2025-12-24")
    card = tab.locator("article").nth(1)
    save = card.get_by_role("button", name="Save to library")
    save.click()
    expect(save).to_have_text("Saved")
    assert saved_ids(paired, ["2512.20001", "2509.04664"]) == ["2512.20001"]
    assert [item["title"] for item in zotero.items] == [
        "Diffusion Language Models Are Strong Planners"
    ]
    # The server holds the full record from the embedded JSON, not just the card's title;
    # the JSON names two authors and the card says nine: the list is kept as partial.
    paper = paired.app.test_client().get("/api/papers/2512.20001").get_json()
    assert paper["authors"] == ["Mei Tanaka", "Jonas Berg"]
    assert (paper["author_count"], paper["authors_complete"]) == (9, False)
    assert "Author list incomplete: 2 of 9 authors named" in zotero.items[0]["extra"]
    assert (paper["featured"], paper["published"], paper["upvotes"]) == (
        "2025-12-24",
        "2025-12-22",
        41,
    )

    save.click()
    expect(save).to_have_text("Already in library")
    assert len(zotero.items) == 1


def test_saved_state_is_shown_after_a_reload(tab, paired, zotero):
    tab.goto(HF + "/papers/date/2025-12-24")
    tab.locator("article").first.get_by_role("button", name="Save to library").click()
    expect(tab.locator("article").first.locator(".papershelf-save")).to_have_text("Saved")
    tab.reload()
    saves = tab.locator("article .papershelf-save")
    expect(saves.first).to_have_text("In library")
    expect(saves).to_have_text(["In library", "Save", "Save", "Save", "Save"])


def test_cards_only_page_saves_what_the_card_shows(tab, paired, zotero):
    tab.goto(HF + "/papers/week/2025-W52")
    card = tab.locator("article").nth(2)
    card.get_by_role("button", name="Save to library").click()
    expect(card.locator(".papershelf-save")).to_have_text("Saved")
    paper = paired.app.test_client().get("/api/papers/2512.20002").get_json()
    assert (paper["title"], paper["upvotes"]) == (
        "Sparse Mixtures of Experts for Long-Context Retrieval",
        17,
    )
    assert [item["title"] for item in zotero.items] == [paper["title"]]


def test_save_all_saves_every_paper_with_progress(tab, paired, zotero):
    tab.goto(HF + "/papers/date/2025-12-24")
    tab.locator("article").first.get_by_role("button", name="Save to library").click()
    expect(tab.locator("article .papershelf-save").first).to_have_text("Saved")
    toolbar = tab.get_by_role("toolbar", name="papershelf")
    toolbar.get_by_role("button", name="Save every paper on this page").click()
    expect(toolbar.locator(".papershelf-progress")).to_have_text(
        "5 papers: 4 saved, 1 already in library, 0 failed"
    )
    expect(tab.locator("article .papershelf-save")).to_have_text(
        ["Already in library", "Saved", "Saved", "Saved", "Saved"]
    )
    assert len(zotero.items) == 5
    ids = ["2509.04664", "2512.20001", "2512.20002", "2512.20003", "2512.20004"]
    assert saved_ids(paired, ids) == ids


def test_save_all_on_200_cards_goes_in_batches_of_50(tab, paired, zotero):
    tab.goto(HF + "/papers/trending")
    expect(tab.locator("article .papershelf-actions")).to_have_count(200)
    toolbar = tab.get_by_role("toolbar", name="papershelf")
    toolbar.get_by_role("button", name="Save every paper on this page").click()
    expect(toolbar.locator(".papershelf-progress")).to_have_text(
        "200 papers: 200 saved, 0 already in library, 0 failed", timeout=60000
    )
    assert len(zotero.items) == 200
    posts = [path for method, path in paired.requests if method == "POST"]
    assert posts == ["/api/library/items"] * 4
    expect(tab.locator("article .papershelf-save", has_text="Saved")).to_have_count(200)


def test_save_all_on_a_json_only_page_uses_the_embedded_data(tab, paired, zotero):
    tab.goto(HF + "/papers/month/2025-12")
    toolbar = tab.get_by_role("toolbar", name="papershelf")
    toolbar.get_by_role("button", name="Save every paper on this page").click()
    expect(toolbar.locator(".papershelf-progress")).to_have_text(
        "5 papers: 5 saved, 0 already in library, 0 failed"
    )
    assert len(zotero.items) == 5
    paper = paired.app.test_client().get("/api/papers/2512.20004").get_json()
    assert (paper["authors"], paper["comments"]) == (["Sam Okafor"], 4)


def test_save_on_a_single_paper_page(tab, paired, zotero):
    tab.goto(HF + "/papers/2509.04664")
    save = tab.get_by_role("button", name="Save to library: Why Language Models Hallucinate")
    save.click()
    expect(save).to_have_text("Saved")
    paper = paired.app.test_client().get("/api/papers/2509.04664").get_json()
    assert paper["authors"][0] == "Adam Tauman Kalai"
    assert [item["title"] for item in zotero.items] == ["Why Language Models Hallucinate"]
    tab.reload()
    expect(tab.locator(".papershelf-save")).to_have_text("In library")
