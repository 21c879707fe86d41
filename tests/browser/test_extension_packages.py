"""scripts/build_extension.py: the Firefox and Chrome packages carry papershelf's version and
their browser's manifest, and they load: Chromium from the unpacked Chrome zip, Firefox by
installing the Firefox zip (Puppeteer's installExtension, a temporary add-on)."""

from __future__ import annotations

import json
import subprocess
import tomllib
import zipfile

from playwright.sync_api import expect

from tests.browser.harness import (
    EXTENSION,
    HF,
    ROOT,
    build_script,
    launch,
    route_fixture_pages,
    set_settings,
)
from tests.conftest import TEST_TOKEN

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


build_extension = build_script()


def manifest_in(package) -> dict:
    with zipfile.ZipFile(package) as archive:
        return json.loads(archive.read("manifest.json"))


def test_the_script_makes_both_zips_named_by_version(packages):
    firefox, chrome = packages["firefox"], packages["chrome"]
    assert (firefox.name, chrome.name) == (
        f"papershelf-{VERSION}-firefox.zip",
        f"papershelf-{VERSION}-chrome.zip",
    )
    assert packages["stdout"].splitlines() == [f"firefox: {firefox}", f"chrome: {chrome}"]


def test_each_package_has_its_browsers_manifest_and_the_version(packages):
    shared = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    assert shared["version"] == VERSION  # the unpacked extension says the same
    chrome, firefox = manifest_in(packages["chrome"]), manifest_in(packages["firefox"])
    assert chrome["version"] == firefox["version"] == VERSION
    assert chrome["background"] == {
        "service_worker": "background/service_worker.js",
        "type": "module",
    }
    assert "browser_specific_settings" not in chrome
    assert firefox["background"] == {"scripts": ["background/service_worker.js"], "type": "module"}
    assert firefox["browser_specific_settings"]["gecko"]["id"] == "papershelf@papershelf.invalid"
    for package in (packages["firefox"], packages["chrome"]):
        with zipfile.ZipFile(package) as archive:
            names = {name for name in archive.namelist() if not name.endswith("/")}
        expected = {str(p.relative_to(EXTENSION)) for p in EXTENSION.rglob("*") if p.is_file()}
        assert names == expected - {"package.json"}


def test_firefox_package_passes_web_ext_lint_without_warnings(packages, tmp_path):
    with zipfile.ZipFile(packages["firefox"]) as archive:
        archive.extractall(tmp_path)
    run = subprocess.run(
        ["npx", "--yes", build_extension.WEB_EXT, "lint", "--source-dir", str(tmp_path),
         "--output", "json"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    report = json.loads(run.stdout[run.stdout.index("{") :])
    assert (report["errors"], report["warnings"], report["notices"]) == ([], [], [])


def test_chromium_loads_the_unpacked_chrome_zip(browser, packages, shelf, zotero, tmp_path):
    unpacked = tmp_path / "chrome"
    with zipfile.ZipFile(packages["chrome"]) as archive:
        archive.extractall(unpacked)
    context, worker = launch(browser.playwright, tmp_path / "profile", extension=unpacked)
    errors = []
    try:
        context.on("console", lambda m: m.type == "error" and errors.append(m.text))
        worker.on("console", lambda m: m.type == "error" and errors.append(m.text))
        assert worker.evaluate("chrome.runtime.getManifest().version") == VERSION
        route_fixture_pages(context)
        set_settings(worker, shelf.url, TEST_TOKEN)
        page = context.new_page()
        page.goto(HF + "/papers/date/2025-12-24")
        expect(page.locator("article .papershelf-actions")).to_have_count(5)
        save = page.locator("article").first.get_by_role("button", name="Save to library")
        save.click()
        expect(save).to_have_text("Saved")
    finally:
        context.close()
    assert [item["title"] for item in zotero.items] == ["Why Language Models Hallucinate"]
    assert errors == []


def test_firefox_installs_the_firefox_zip(firefox, packages, firefox_paired, zotero):
    """The session's Firefox runs the package (tests/browser/conftest.py): the add-on it
    installed from the zip is papershelf at this version, and it works."""
    assert firefox.info["extension"] == "papershelf@papershelf.invalid"
    assert firefox.run("manifest")["version"] == VERSION
    saved = firefox.run("save", url=HF + "/papers/date/2025-12-24", card=0)
    assert saved["clicks"] == [{"button": "Saved", "note": ""}]
    assert [item["title"] for item in zotero.items] == ["Why Language Models Hallucinate"]
