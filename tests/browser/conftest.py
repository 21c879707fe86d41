"""Fixtures for the extension's browser tests: Chromium with the unpacked extension, the
real papershelf server on a temporary database, and the Zotero web API double behind it.

One browser for the whole session (launching takes a second); a fresh server, database,
Zotero double and tab for every test. Any console error from a page or the service worker
fails the test that caused it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

from server.app import create_app
from tests.browser.firefox_runner import FirefoxRunner
from tests.browser.harness import (
    ARXIV,
    HF,
    ROOT,
    LiveServer,
    launch,
    route_fixture_pages,
    set_settings,
)
from tests.browser.shots import MARKER, screenshot_folder
from tests.conftest import TEST_TOKEN
from tests.doubles.hf_arxiv_server import HfArxivDouble
from tests.doubles.zotero_web import ZoteroWebDouble


def pytest_configure(config):
    config.addinivalue_line("markers", MARKER)


@pytest.fixture(scope="session")
def shots(tmp_path_factory):
    """The folder screenshots go to: a temporary one unless PAPERSHELF_WRITE_SCREENSHOTS=1
    (tests/browser/shots.py)."""
    folder = screenshot_folder(os.environ, tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Browser:
    """The session's context and worker, plus the console errors seen since the last test."""

    def __init__(self, playwright, context, worker) -> None:
        self.playwright = playwright
        self.context = context
        self.worker = worker
        self.extension_id = worker.url.split("/")[2]
        self.errors: list[str] = []

    def record(self, where: str, message) -> None:
        """Errors from the papers pages, the options page and the worker. The papershelf
        server's own pages (a feed opened by Subscribe, and its missing favicon) are not
        the extension's and are left out."""
        page = message.page
        if message.type != "error" or (page and page.url.startswith("http://127.0.0.1")):
            return
        self.errors.append(f"{where} ({page.url if page else 'worker'}): {message.text}")


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    with sync_playwright() as playwright:
        context, worker = launch(playwright, tmp_path_factory.mktemp("chromium-profile"))
        session = Browser(playwright, context, worker)
        # A new install opens its options page (there is no token yet). Wait for it and close
        # it, so it cannot land in the middle of the first test's page load.
        close_the_options_page_opened_on_install(context, session.extension_id)
        context.on("console", lambda m: session.record("console", m))
        worker.on("console", lambda m: session.record("worker", m))
        context.on("weberror", lambda e: session.errors.append(f"page error: {e.error}"))
        for origin in (HF, ARXIV):
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        route_fixture_pages(context)
        yield session
        context.close()


def close_the_options_page_opened_on_install(context, extension_id: str) -> None:
    options = f"chrome-extension://{extension_id}/options/options.html"
    deadline = time.monotonic() + 15
    while not (opened := [page for page in context.pages if page.url == options]):
        assert time.monotonic() < deadline, "a new install did not open its options page"
        # Waiting through Playwright lets it see the new tab (time.sleep would not).
        with contextlib.suppress(PlaywrightTimeoutError):
            context.wait_for_event("page", timeout=200)
    for page in opened:
        page.close()


@pytest.fixture
def zotero():
    with ZoteroWebDouble() as double:
        yield double


@pytest.fixture
def upstream():
    """Hugging Face's API and arXiv's, for papers the server looks up by id."""
    with HfArxivDouble() as double:
        yield double


def shelf_config(tmp_path, zotero, upstream) -> dict:
    return {
        "TESTING": True,
        "DATABASE": str(tmp_path / "papershelf.sqlite3"),
        "API_TOKEN": TEST_TOKEN,
        "ZOTERO_TARGET": "web",
        "ZOTERO_API_BASE_URL": zotero.base_url,
        "ZOTERO_LIBRARY_ID": zotero.user_id,
        "ZOTERO_LIBRARY_TYPE": "user",
        "ZOTERO_API_KEY": zotero.api_key,
        "ZOTERO_PDF": "none",  # no PDF fetches: the extension's tests are about items
        "HF_BASE_URL": upstream.base_url,
        "ARXIV_BASE_URL": upstream.base_url,
        "ARXIV_MIN_INTERVAL": 0.0,
        "HTTP_BACKOFF": 0.0,
    }


@pytest.fixture
def shelf(tmp_path, zotero, upstream):
    """The real papershelf server, saving to the Zotero double."""
    with LiveServer(create_app(shelf_config(tmp_path, zotero, upstream))) as server:
        yield server


@pytest.fixture
def paired(browser, shelf):
    """The extension pointed at this test's server with the right token."""
    set_settings(browser.worker, shelf.url, TEST_TOKEN)
    return shelf


@pytest.fixture
def tab(browser):
    """A fresh tab; the test fails if a page or the worker logged an error meanwhile."""
    browser.errors.clear()
    page = browser.context.new_page()
    yield page
    page.close()
    for extra in browser.context.pages[1:]:
        extra.close()
    errors = list(browser.errors)
    assert not errors, "console errors:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def packages(tmp_path_factory):
    """scripts/build_extension.py run as a user runs it: {"firefox": zip, "chrome": zip,
    "stdout": what it printed}."""
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_extension.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    built = {path.name.rsplit("-", 1)[1].removesuffix(".zip"): path for path in out.iterdir()}
    return {**built, "stdout": run.stdout}


@pytest.fixture(scope="session")
def firefox(tmp_path_factory, packages):
    """One Firefox ESR for the whole session (tests/browser/firefox_runner.py) with the
    Firefox package installed, as a user installs it (a temporary add-on); its options tab,
    opened on install, is where the tests pair it."""
    with FirefoxRunner(packages["firefox"], tmp_path_factory.mktemp("firefox")) as runner:
        yield runner


@pytest.fixture
def firefox_paired(firefox, shelf):
    """Firefox's extension pointed at this test's server with the right token."""
    stored = firefox.run("pair", serverUrl=shelf.url, token=TEST_TOKEN)
    assert stored == {"serverUrl": shelf.url, "token": TEST_TOKEN}
    return shelf
