"""Real BibTeX (Debian texlive-binaries + plain.bst from texlive-base) accepts our exports."""

import json
import re

import bibtexparser
import pytest

from exporters.bibtex import to_bibtex
from server.models import Paper
from server.parsing import parse_any
from tests.conftest import FIXTURES, SEED
from tests.latex_tools import run_bibtex

HOSTILE = FIXTURES / "exporters" / "hostile.json"


def seed_papers():
    return parse_any(SEED.read_bytes(), name=SEED.name).papers


def hostile_papers():
    return [Paper.from_json(item) for item in json.loads(HOSTILE.read_text())["items"]]


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
@pytest.mark.parametrize("source", [seed_papers, hostile_papers], ids=["seed", "hostile"])
def test_bibtex_accepts_the_export(tmp_path, source, ascii):
    papers = source()
    text = to_bibtex(papers, ascii=ascii)
    result, log, bbl = run_bibtex(tmp_path, text)
    output = result.stdout + result.stderr + log
    assert result.returncode == 0, output
    assert "error message" not in output
    assert "Warning--" not in output  # no "to sort, need author or key" and the like
    keys = [e["ID"] for e in bibtexparser.loads(text).entries]
    assert len(keys) == len({p.id for p in papers})
    assert sorted(re.findall(r"\\bibitem\{([^}]*)\}", bbl)) == sorted(keys)


def test_the_whole_seed_reads_back_with_every_key_and_title(tmp_path):
    papers = seed_papers()
    assert len(papers) == 45
    entries = bibtexparser.loads(to_bibtex(papers)).entries
    assert len({e["ID"] for e in entries}) == 45
    for paper, entry in zip(papers, entries, strict=True):
        plain_title = entry["title"].replace("{", "").replace("}", "")
        assert plain_title == " ".join(paper.title.split())
        assert "author" not in entry  # the text seed has no author names: none invented
        assert entry["url"] == paper.links.hf
