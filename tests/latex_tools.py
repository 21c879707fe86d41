"""Real `bibtex` and `biber` runs on an exported .bib, for the tests that compile citations."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


def run_bibtex(folder: Path, bib_text: str, style: str = "plain"):
    """bibtex over every entry of `bib_text` in `style`: (the run, its .blg log, the .bbl)."""
    (folder / "refs.bib").write_text(bib_text, encoding="utf-8")
    (folder / "doc.aux").write_text(
        f"\\citation{{*}}\n\\bibdata{{refs}}\n\\bibstyle{{{style}}}\n", encoding="utf-8"
    )
    result = subprocess.run(
        ["bibtex", "doc"], cwd=folder, capture_output=True, text=True, timeout=120
    )
    log = (folder / "doc.blg").read_text(encoding="utf-8", errors="replace")
    bbl = (folder / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    return result, log, bbl


@dataclass
class BiberRun:
    returncode: int
    log: str  # what biber printed
    written: str  # the .bib biber wrote back ("" when it wrote none)


def run_biber(folder: Path, bib_text: str) -> BiberRun:
    """biber validating `bib_text` against its data model and writing it back out."""
    (folder / "refs.bib").write_text(bib_text, encoding="utf-8")
    run = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--outfile", "out.bib", "refs.bib"],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    out = folder / "out.bib"
    written = out.read_text(encoding="utf-8") if out.exists() else ""
    return BiberRun(run.returncode, run.stdout + run.stderr, written)
