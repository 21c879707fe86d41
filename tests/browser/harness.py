"""Running the unpacked extension in headless Chromium against a live papershelf server.

Shared by the pytest fixtures (conftest.py) and bench/bench_extension.py. Chromium comes
from Debian (`apt-get install chromium`); Playwright only drives it (never `playwright
install`). See ../shared/guides/browser-tests.md.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
PAGES = Path(__file__).resolve().parent / "pages"
# /usr/lib/chromium/chromium skips the Debian wrapper script (and its stray stderr line).
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")

# https://huggingface.co URL (path and query) -> fixture page.
ROUTES = {
    "/papers/date/2025-12-24": "daily.html",
    "/papers/week/2025-W52": "cards_only.html",
    "/papers/month/2025-12": "json_only.html",
    "/papers?q=diffusion": "search.html",
    "/papers/trending": "many.html",
    "/papers?date=2025-12-23": "later.html",
    "/papers/2509.04664": "paper.html",
    "/papers/date/2025-12-22": "theme_body.html",  # dark marked on <body>
    "/papers/date/2025-12-21": "theme_media.html",  # dark only through prefers-color-scheme
}
HF = "https://huggingface.co"
ARXIV = "https://arxiv.org"
BLOG = "https://blog.example.org"
# Other sites' URLs -> (fixture file, content type).
SITE_PAGES = {
    f"{ARXIV}/abs/2512.20006": ("arxiv_abs.html", "text/html; charset=utf-8"),
    f"{ARXIV}/abs/2512.20006v2": ("arxiv_abs.html", "text/html; charset=utf-8"),
    f"{ARXIV}/pdf/2103.17268v2": ("tiny.pdf", "application/pdf"),
    f"{BLOG}/reading-list": ("blog.html", "text/html; charset=utf-8"),
}


def build_script():
    """scripts/build_extension.py as a module (scripts/ is not a package)."""
    path = ROOT / "scripts" / "build_extension.py"
    spec = importlib.util.spec_from_file_location("build_extension", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def chromium_path() -> str:
    explicit = os.environ.get("PAPERSHELF_CHROMIUM")
    for candidate in (explicit, *CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError(
            "Chromium not found: apt-get install chromium (or set PAPERSHELF_CHROMIUM)"
        )
    return found


def launch(playwright, profile_dir: Path, extension: Path = EXTENSION):
    """A persistent context with the unpacked extension loaded, and its service worker."""
    context = playwright.chromium.launch_persistent_context(
        str(profile_dir),
        executable_path=chromium_path(),
        headless=True,
        args=[
            f"--disable-extensions-except={extension}",
            f"--load-extension={extension}",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
        viewport={"width": 1280, "height": 900},
    )
    worker = (
        context.service_workers[0]
        if context.service_workers
        else context.wait_for_event("serviceworker")
    )
    return context, worker


def fixture_routes() -> dict[str, tuple[Path, str]]:
    """Every routed URL -> (fixture file, content type): for the Firefox runner."""
    html = "text/html; charset=utf-8"
    routes = {HF + key: (PAGES / name, html) for key, name in ROUTES.items()}
    routes |= {url: (PAGES / name, kind) for url, (name, kind) in SITE_PAGES.items()}
    return routes


def route_fixture_pages(context) -> None:
    """Serve huggingface.co, arxiv.org and a blog from the fixture pages; nothing leaves the
    machine."""

    def handle_site(route):
        found = SITE_PAGES.get(route.request.url)
        if found is None:
            route.fulfill(status=404, content_type="text/plain", body="not a fixture page")
            return
        name, content_type = found
        route.fulfill(status=200, content_type=content_type, body=(PAGES / name).read_bytes())

    def handle(route):
        parts = urlsplit(route.request.url)
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        name = ROUTES.get(key)
        if name is None:
            route.fulfill(status=404, content_type="text/plain", body="not a fixture page")
            return
        route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body=(PAGES / name).read_text(encoding="utf-8"),
        )

    context.route(f"{HF}/**", handle)
    context.route(f"{ARXIV}/**", handle_site)
    context.route(f"{BLOG}/**", handle_site)


def set_settings(worker, server_url: str, token: str) -> None:
    """What the options page stores, written straight into chrome.storage.local."""
    worker.evaluate(
        "([serverUrl, token]) => chrome.storage.local.set({serverUrl, token})",
        [server_url, token],
    )


class LiveServer:
    """papershelf's Flask app served on 127.0.0.1 at a free port, in a thread."""

    def __init__(self, app) -> None:
        self.app = app
        self.requests: list[tuple[str, str]] = []  # (method, path?query) as received
        self._server = make_server("127.0.0.1", 0, self._recording, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _recording(self, environ, start_response):
        query = environ.get("QUERY_STRING")
        path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
        self.requests.append((environ["REQUEST_METHOD"], path))
        return self.app(environ, start_response)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
