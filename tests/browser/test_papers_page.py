"""papershelf's own page in real Chromium under its Content-Security-Policy: styled, searchable,
and nothing on it refused by the policy."""

from __future__ import annotations

import urllib.request

from tests.conftest import SEED, TEST_TOKEN

# Recorded in the page itself: the policy's refusals, as the browser reports them.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def seed(shelf) -> None:
    request = urllib.request.Request(
        f"{shelf.url}/api/ingest?name={SEED.name}",
        data=SEED.read_bytes(),
        headers={"Authorization": f"Bearer {TEST_TOKEN}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        assert reply.status == 200


def test_the_page_is_styled_and_searchable_under_its_policy(tab, shelf):
    seed(shelf)
    refused = []
    tab.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    tab.add_init_script(RECORD_VIOLATIONS)
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
    assert tab.evaluate("window.__violations") == []
    assert refused == []


def test_the_policy_would_refuse_what_the_page_does_not_use(tab, shelf):
    """The check above can fail: an inline style is refused and reported."""
    tab.add_init_script(RECORD_VIOLATIONS)
    tab.goto(f"{shelf.url}/")
    tab.evaluate("document.body.setAttribute('style', 'color: red')")
    tab.wait_for_function("window.__violations.length > 0")
    assert tab.evaluate("window.__violations")[0].startswith("style-src")
    assert tab.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"
