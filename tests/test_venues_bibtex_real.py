"""A matched paper's BibTeX in real `bibtex` and `biber`: @inproceedings with booktitle and
DOI, the same key, the eprint kept; `--prefer preprint` gives the @misc as before."""

import re
from datetime import UTC, datetime

import bibtexparser
import pytest

from server.published import PublishedVersion
from server.store import db, venues
from tests.latex_tools import run_biber, run_bibtex
from tests.test_upstream_venues import PAPERS

IBP_QUERY = ("--query", "Interval Bound Propagation")


@pytest.fixture
def matched(cli, venue_env):
    assert "8 added" in cli("ingest", PAPERS).output
    before = cli("export", "--format", "bibtex", *IBP_QUERY).output
    assert "3 published (3 new" in cli("venues").output
    return before


def test_the_matched_paper_compiles_as_inproceedings_with_its_key_and_eprint(
    cli, matched, tmp_path
):
    text = cli("export", "--format", "bibtex", *IBP_QUERY).output
    (entry,) = bibtexparser.loads(text).entries
    (preprint,) = bibtexparser.loads(matched).entries
    assert entry["ENTRYTYPE"] == "inproceedings"
    assert entry["ID"] == preprint["ID"] == "hartmannunderstandingcertifiedtraining2023"
    assert entry["booktitle"] == (
        "2024 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
    )
    assert entry["doi"] == "10.1109/CVPR52733.2024.00512"
    assert (entry["eprint"], entry["archiveprefix"]) == ("2306.10426", "arXiv")
    result, log, bbl = run_bibtex(tmp_path, text)
    output = result.stdout + result.stderr + log
    assert result.returncode == 0, output
    assert "Warning--" not in output and "error message" not in output
    assert re.findall(r"\\bibitem\{([^}]*)\}", bbl) == [entry["ID"]]
    typeset = " ".join(bbl.split())
    assert "In {\\em 2024 IEEE/CVF Conference on Computer Vision and Pattern Recognition" \
        " (CVPR)}, pages 5301--5310. IEEE, 2024." in typeset  # fmt: skip


def test_prefer_preprint_gives_the_misc_as_before(cli, matched):
    again = cli("export", "--format", "bibtex", "--prefer", "preprint", *IBP_QUERY).output
    assert again == matched
    assert again.startswith("@misc{hartmannunderstandingcertifiedtraining2023,")


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_every_stored_paper_compiles_in_bibtex(cli, matched, tmp_path, ascii):
    text = cli("export", "--format", "bibtex", *(["--ascii"] if ascii else [])).output
    kinds = sorted(e["ENTRYTYPE"] for e in bibtexparser.loads(text).entries)
    assert kinds == ["article", "inproceedings", "inproceedings"] + ["misc"] * 5
    result, log, bbl = run_bibtex(tmp_path, text)
    output = result.stdout + result.stderr + log
    assert result.returncode == 0, output
    assert "Warning--" not in output and "error message" not in output
    assert len(re.findall(r"\\bibitem\{", bbl)) == 8


def test_biber_validates_the_published_entries(cli, matched, tmp_path):
    run = run_biber(tmp_path, cli("export", "--format", "bibtex").output)
    assert run.returncode == 0, run.log
    assert "ERROR" not in run.log
    assert [line for line in run.log.splitlines() if line.startswith("WARN")] == []
    written = run.written
    assert len(re.findall(r"^@inproceedings\{", written, re.M | re.I)) == 2
    assert len(re.findall(r"^@article\{", written, re.M | re.I)) == 1
    assert "10.1109/CVPR52733.2024.00512" in written
    assert re.search(r"eprint\s*=\s*\{2306\.10426\}", written, re.I)


def test_a_hostile_venue_still_compiles(cli, matched, tmp_path):
    conn = db.connect(cli.db_path)
    hostile = PublishedVersion(
        kind="conference", venue="Proc. {Evil} & Co_ 100% #1 $x$ ~ ^ \\end{document} }{",
        year=2026, pages="1–9", publisher="A & B {", source="DBLP", record="conf/evil/1",
    )  # fmt: skip
    venues.record_check(conn, "2511.18945", "matched", hostile, "", datetime.now(UTC))
    conn.close()
    text = cli("export", "--format", "bibtex").output
    result, log, bbl = run_bibtex(tmp_path, text)
    output = result.stdout + result.stderr + log
    assert result.returncode == 0, output
    assert "Warning--" not in output and "error message" not in output
    assert len(re.findall(r"\\bibitem\{", bbl)) == 8
    run = run_biber(tmp_path, text)
    assert run.returncode == 0 and "ERROR" not in run.log
    assert [line for line in run.log.splitlines() if line.startswith("WARN")] == []
