"""Screenshots of the buttons on a papers page, checked: visible, inside their card,
legible (WCAG contrast) in light and dark themes. Saved under docs/screenshots/."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import HF, ROOT

SHOTS = ROOT / "docs" / "screenshots"


def luminance(css_color: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+(?:\.\d+)?", css_color)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def distinct_colours(tab, png: bytes) -> int:
    """How many colours a PNG holds, decoded by the browser's own canvas."""
    data_url = "data:image/png;base64," + base64.b64encode(png).decode()
    return tab.evaluate(
        """async (url) => {
            const img = new Image();
            img.src = url;
            await img.decode();
            const canvas = document.createElement('canvas');
            canvas.width = img.width; canvas.height = img.height;
            const ctx = canvas.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const px = ctx.getImageData(0, 0, img.width, img.height).data;
            const seen = new Set();
            for (let i = 0; i < px.length; i += 4) seen.add(`${px[i]},${px[i+1]},${px[i+2]}`);
            return seen.size;
        }""",
        data_url,
    )


def check_cards(tab):
    """Every card's buttons are visible, inside the card's box, and their text is legible."""
    for article in tab.locator("article").all():
        card = article.bounding_box()
        for button in article.locator(".papershelf-button").all():
            expect(button).to_be_visible()
            box = button.bounding_box()
            assert box["width"] > 20 and box["height"] >= 20
            assert card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
            assert card["y"] <= box["y"] and box["y"] + box["height"] <= card["y"] + card["height"]
            style = button.evaluate(
                "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
            )
            assert contrast(*style) >= 4.5, style
            # Something is drawn there: background, border and text are different colours.
            assert distinct_colours(tab, button.screenshot()) >= 3


@pytest.mark.parametrize(
    ("theme", "how"),
    [
        ("light", None),
        ("dark", "html-class"),  # HF's own dark theme
        ("dark-system", "media"),  # the OS preference
    ],
)
def test_buttons_visible_inside_cards_and_legible(tab, paired, theme, how):
    SHOTS.mkdir(parents=True, exist_ok=True)
    if how == "media":
        tab.emulate_media(color_scheme="dark")
    tab.goto(HF + "/papers/date/2025-12-24")
    if how == "html-class":
        tab.evaluate("document.documentElement.classList.add('dark')")
    expect(tab.locator("article .papershelf-actions")).to_have_count(5)
    check_cards(tab)
    toolbar = tab.get_by_role("toolbar", name="papershelf")
    for button in toolbar.locator(".papershelf-button").all():
        expect(button).to_be_visible()
    tab.screenshot(path=str(SHOTS / f"papers-{theme}.png"))


def test_screenshot_of_states(tab, paired):
    """Saved, error and idle side by side: the picture the README shows."""
    tab.goto(HF + "/papers/date/2025-12-24")
    cards = tab.locator("article")
    cards.nth(0).get_by_role("button", name="Save to library").click()
    expect(cards.nth(0).locator(".papershelf-save")).to_have_text("Saved")
    cards.nth(1).get_by_role("button", name="Copy BibTeX").click()
    expect(cards.nth(1).locator(".papershelf-note")).to_have_text("BibTeX copied")
    check_cards(tab)
    tab.locator("main").screenshot(path=str(SHOTS / "papers-buttons.png"))
