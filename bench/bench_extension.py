"""Time from page load to buttons on the 200-card papers page, in headless Chromium.

    python bench/bench_extension.py [--runs 10] [--baseline OTHER_EXTENSION_DIR]

Loads tests/browser/pages/many.html (routed as https://huggingface.co/papers/trending) with
the unpacked extension and a live papershelf server, and reads the page's own clock: a
MutationObserver installed before any page script notes the moment the 200th card has its
buttons. Reports milliseconds from navigation start, and from DOMContentLoaded / load.
With --baseline (another copy of extension/, e.g. `git archive main extension | tar -x -C
/tmp/base`), both are measured in turn in the same run and the ratio of medians printed.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from server.app import create_app  # noqa: E402
from tests.browser.harness import (  # noqa: E402
    EXTENSION,
    HF,
    LiveServer,
    launch,
    route_fixture_pages,
    set_settings,
)

CARDS = 200
WATCH = """
new MutationObserver((_, observer) => {
  if (document.querySelectorAll('article .papershelf-actions').length >= __CARDS__) {
    window.__buttonsAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
""".replace("__CARDS__", str(CARDS))


def measure(runs: int, extension: Path = EXTENSION) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        app = create_app({"TESTING": True, "DATABASE": f"{tmp}/b.sqlite3", "API_TOKEN": "bench"})
        with LiveServer(app) as server:
            context, worker = launch(playwright, Path(tmp) / "profile", extension=extension)
            route_fixture_pages(context)
            set_settings(worker, server.url, "bench")
            context.add_init_script(WATCH)
            page = context.new_page()
            results = []
            for _ in range(runs + 1):  # the first load warms caches and the worker
                page.goto(HF + "/papers/trending", wait_until="load")
                page.wait_for_function("window.__buttonsAt !== undefined")
                results.append(
                    page.evaluate(
                        """() => {
                          const nav = performance.getEntriesByType('navigation')[0];
                          return {buttons: window.__buttonsAt,
                                  dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd};
                        }"""
                    )
                )
            context.close()
    return results[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--baseline", type=Path, help="another extension folder to compare")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per status call
    runs = measure(args.runs)

    def line(name, values):
        return (
            f"{name:<34} median {statistics.median(values):7.1f} ms   "
            f"min {min(values):7.1f}   max {max(values):7.1f}"
        )

    print(f"200-card page, {len(runs)} loads (after one warm-up), headless Chromium")
    print(line("navigation start -> all buttons", [r["buttons"] for r in runs]))
    print(line("DOMContentLoaded -> all buttons", [r["buttons"] - r["dcl"] for r in runs]))
    print(line("load event -> all buttons", [r["buttons"] - r["load"] for r in runs]))
    if args.baseline:
        base = measure(args.runs, args.baseline.resolve())
        print(f"baseline {args.baseline}:")
        print(line("navigation start -> all buttons", [r["buttons"] for r in base]))
        print(line("load event -> all buttons", [r["buttons"] - r["load"] for r in base]))
        ratio = statistics.median(r["buttons"] for r in runs) / statistics.median(
            r["buttons"] for r in base
        )
        print(f"this extension / baseline (navigation start -> all buttons): {ratio:.2f}")


if __name__ == "__main__":
    main()
