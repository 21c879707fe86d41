"""Where the browser tests put their screenshots.

Every run takes them and checks them (visibility, contrast, the colours drawn) in a
temporary folder, so a test run leaves the work tree as it was. Only when asked
(PAPERSHELF_WRITE_SCREENSHOTS=1, which scripts/screenshots.sh sets) do they replace the
pictures under docs/screenshots/ that the READMEs show.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tests.browser.harness import ROOT

DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
WRITE_VARIABLE = "PAPERSHELF_WRITE_SCREENSHOTS"
MARKER = "screenshots: takes a picture that docs/screenshots/ keeps (scripts/screenshots.sh)"


def screenshot_folder(environ: Mapping[str, str], temporary: Path) -> Path:
    """docs/screenshots/ when the environment asks for it, else `temporary`."""
    return DOCS_SCREENSHOTS if environ.get(WRITE_VARIABLE) == "1" else temporary
