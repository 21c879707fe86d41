"""Real biber (Debian `biber`, the biblatex backend) reads our UTF-8 BibTeX without errors."""

import json
import re

import pytest

from exporters.bibtex import to_bibtex
from server.models import Paper
from server.parsing import parse_any
from tests.conftest import FIXTURES, SEED
from tests.latex_tools import run_biber

UNDATED = "Missing mandatory field - one of 'date, year' must be defined"


def seed_papers():
    return parse_any(SEED.read_bytes(), name=SEED.name).papers


def hostile_papers():
    items = json.loads((FIXTURES / "exporters" / "hostile.json").read_text())["items"]
    return [Paper.from_json(item) for item in items]


@pytest.mark.parametrize("source", [seed_papers, hostile_papers], ids=["seed", "hostile"])
def test_biber_reads_every_entry_and_only_misses_dates_we_do_not_know(tmp_path, source):
    papers = source()
    run = run_biber(tmp_path, to_bibtex(papers))
    log = run.log
    assert run.returncode == 0, log
    assert "ERROR" not in log
    warnings = [line for line in log.splitlines() if line.startswith("WARN")]
    # The only complaint allowed: no year for papers whose date nobody knows (never invented).
    undated = sum(1 for p in papers if not (p.featured or p.published))
    assert len([w for w in warnings if UNDATED in w]) == undated
    assert [w for w in warnings if UNDATED not in w and "WARNINGS:" not in w] == []
    written = run.written
    assert len(re.findall(r"^@", written, re.M)) == len(papers)
