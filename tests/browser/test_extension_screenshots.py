"""The buttons follow the page's theme however the page sets it (a class on <html> or <body>,
or only prefers-color-scheme), checked on screenshots and by WCAG contrast in each case.
Screenshots are saved under docs/screenshots/."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import ARXIV, HF, ROOT

SHOTS = ROOT / "docs" / "screenshots"

# What is painted behind an element: the first mostly opaque background from it outwards.
BACKDROP = """el => {
  for (let n = el; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    const alpha = /rgba?\\(([^)]*)\\)/.exec(c)[1].split(/[ ,/]+/)[3];
    if (alpha === undefined || Number(alpha) >= 0.5) return c;
  }
  return 'rgb(255, 255, 255)';
}"""


def rgb(css_color: str) -> tuple[int, int, int]:
    r, g, b = (round(float(v)) for v in re.findall(r"\d+(?:\.\d+)?", css_color)[:3])
    return r, g, b


def luminance(css_color: str) -> float:
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
           for c in (v / 255 for v in rgb(css_color))]  # fmt: skip
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_dark(css_color: str) -> bool:
    return luminance(css_color) < 0.179  # white text would contrast more than black


def pixels(tab, png: bytes) -> dict:
    """The PNG's colours, decoded by the browser's own canvas: how many, and the commonest."""
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
            const counts = new Map();
            for (let i = 0; i < px.length; i += 4) {
              const key = `${px[i]},${px[i+1]},${px[i+2]}`;
              counts.set(key, (counts.get(key) || 0) + 1);
            }
            const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
            return {distinct: counts.size, commonest: top.split(',').map(Number)};
        }""",
        data_url,
    )


def check_buttons(tab, scope, theme: str) -> None:
    """Each button is visible, inside its box's container, legible (contrast >= 4.5), in the
    expected theme, and the screenshot shows the colours the styles say."""
    buttons = scope.locator(".papershelf-button").all()
    assert buttons
    for button in buttons:
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["width"] > 20 and box["height"] >= 20
        fg, bg = button.evaluate(
            "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
        )
        marked, behind = button.evaluate(
            f"""b => {{
              const box = b.closest('[data-papershelf-theme]');
              return [box.dataset.papershelfTheme, ({BACKDROP})(box.parentElement)];
            }}"""
        )
        assert marked == theme
        assert contrast(fg, bg) >= 4.5, (fg, bg)
        assert is_dark(bg) == (theme == "dark"), (bg, theme)
        assert is_dark(bg) == is_dark(behind), f"{bg} buttons on a {behind} page"
        shot = pixels(tab, button.screenshot())
        assert shot["distinct"] >= 3  # background, border and text are all drawn
        assert max(abs(a - b) for a, b in zip(shot["commonest"], rgb(bg), strict=True)) <= 3


def check_cards(tab, theme: str) -> None:
    for article in tab.locator("article").all():
        card = article.bounding_box()
        for button in article.locator(".papershelf-button").all():
            box = button.bounding_box()
            assert card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
            assert card["y"] <= box["y"] and box["y"] + box["height"] <= card["y"] + card["height"]
    check_buttons(tab, tab.locator("body"), theme)


@pytest.mark.parametrize(
    ("shot", "path", "os_dark", "html_dark", "theme"),
    [
        ("papers-light", "/papers/date/2025-12-24", False, False, "light"),
        ("papers-dark", "/papers/date/2025-12-24", False, True, "dark"),  # HF: html.dark
        ("papers-dark-body", "/papers/date/2025-12-22", False, False, "dark"),  # body.dark
        ("papers-dark-system", "/papers/date/2025-12-21", True, False, "dark"),  # media only
        # A page that ignores the OS preference stays light, and so do the buttons.
        ("papers-light-os-dark", "/papers/date/2025-12-24", True, False, "light"),
    ],
)
def test_buttons_follow_the_page_theme(tab, paired, shot, path, os_dark, html_dark, theme):
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.emulate_media(color_scheme="dark" if os_dark else "light")
    tab.goto(HF + path)
    if html_dark:
        tab.evaluate("document.documentElement.classList.add('dark')")
    expect(tab.locator("article .papershelf-actions")).to_have_count(5)
    expect(tab.locator(f"[data-papershelf-theme='{theme}']")).to_have_count(6)  # 5 cards + bar
    check_cards(tab, theme)
    tab.screenshot(path=str(SHOTS / f"{shot}.png"))


def test_buttons_switch_when_the_page_switches(tab, paired):
    tab.emulate_media(color_scheme="light")
    tab.goto(HF + "/papers/date/2025-12-21")  # dark only through the OS preference
    themed = tab.locator("[data-papershelf-theme='light']")
    expect(themed).to_have_count(6)
    tab.emulate_media(color_scheme="dark")
    expect(tab.locator("[data-papershelf-theme='dark']")).to_have_count(6)
    check_buttons(tab, tab.locator("body"), "dark")

    tab.goto(HF + "/papers/date/2025-12-24")  # HF's own toggle: the class on <html>
    tab.evaluate("document.documentElement.classList.add('dark')")
    expect(tab.locator("[data-papershelf-theme='dark']")).to_have_count(6)
    tab.evaluate("document.documentElement.classList.remove('dark')")
    expect(tab.locator("[data-papershelf-theme='light']")).to_have_count(6)
    check_buttons(tab, tab.locator("body"), "light")


def test_arxiv_page_buttons_are_legible(tab, paired):
    tab.goto(ARXIV + "/abs/2512.20006")
    actions = tab.locator("#abs .papershelf-actions")
    expect(actions).to_have_count(1)
    check_buttons(tab, actions, "light")
    tab.locator("#abs").screenshot(path=str(SHOTS / "arxiv-buttons.png"))


def test_screenshot_of_states(tab, paired):
    """Saved, error and idle side by side: the picture the README shows."""
    tab.emulate_media(color_scheme="light")
    tab.goto(HF + "/papers/date/2025-12-24")
    cards = tab.locator("article")
    cards.nth(0).get_by_role("button", name="Save to library").click()
    expect(cards.nth(0).locator(".papershelf-save")).to_have_text("Saved")
    cards.nth(1).get_by_role("button", name="Copy BibTeX").click()
    expect(cards.nth(1).locator(".papershelf-note")).to_have_text("BibTeX copied")
    check_cards(tab, "light")
    note = cards.nth(1).locator(".papershelf-note")
    assert (
        contrast(
            *note.evaluate("n => [getComputedStyle(n).color, getComputedStyle(n).backgroundColor]")
        )
        >= 4.5
    )
    tab.locator("main").screenshot(path=str(SHOTS / "papers-buttons.png"))
