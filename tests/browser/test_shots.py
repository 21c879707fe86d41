"""Screenshots stay out of the work tree unless asked for (tests/browser/shots.py)."""

from tests.browser.shots import DOCS_SCREENSHOTS, screenshot_folder


def test_screenshots_go_to_docs_only_when_asked(tmp_path):
    assert screenshot_folder({}, tmp_path) == tmp_path
    assert screenshot_folder({"PAPERSHELF_WRITE_SCREENSHOTS": "0"}, tmp_path) == tmp_path
    assert screenshot_folder({"PAPERSHELF_WRITE_SCREENSHOTS": "1"}, tmp_path) == DOCS_SCREENSHOTS
    assert DOCS_SCREENSHOTS.parts[-2:] == ("docs", "screenshots")


def test_this_run_writes_to_a_temporary_folder(shots):
    """The whole suite runs without PAPERSHELF_WRITE_SCREENSHOTS (scripts/test.sh does not
    set it): every screenshot of this run lands outside the repository."""
    import os

    if os.environ.get("PAPERSHELF_WRITE_SCREENSHOTS") == "1":
        assert shots == DOCS_SCREENSHOTS  # scripts/screenshots.sh
    else:
        assert DOCS_SCREENSHOTS not in (shots, *shots.parents)
        assert "screenshots" in shots.name
