"""No junk papers (issue 11): what is not a paper is a problem with its line, never stored."""

import pytest
from click.testing import CliRunner

from server import store
from server.cli import main
from server.ingest import ingest_data, problem_summary
from server.parsing import parse_any
from server.parsing.result import Problem
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


def test_the_seed_pasted_twice_without_a_line_break_gives_its_45_papers_once(conn):
    twice = (SEED_TEXT + SEED_TEXT).encode()
    result = parse_any(twice, name=SEED.name)
    assert len(result.papers) == 45
    assert [(p.where, p.kind) for p in result.problems] == [
        ("line 359", "pages run together"),
        ("line 369", "not a paper"),
    ]
    assert "'new' is glued to the end of the date line" in result.problems[0].message
    assert result.problems[1].message.startswith("a date line 'Dec 24' where a paper was expected")
    assert result.notes == ["45 papers appeared more than once in this input; each is kept once"]
    titles = {p.title for p in result.papers}
    assert "Dec 24" not in titles
    assert not any(p.abstract in titles for p in result.papers)  # no title taken as abstract
    once = {p.id: p.to_json() for p in parse_any(SEED.read_bytes(), name=SEED.name).papers}
    assert {p.id: p.to_json() for p in result.papers} == once  # the same 45, nothing lost

    report = ingest_data(conn, twice, SEED.name)
    assert (report.added, report.updated, report.unchanged) == (45, 0, 0)
    assert store.count_papers(conn) == 45


def test_the_seed_pasted_twice_with_a_line_break_reports_the_second_pages_date():
    result = parse_any((SEED_TEXT + "\n" + SEED_TEXT).encode(), name=SEED.name)
    assert len(result.papers) == 45
    assert [str(p) for p in result.problems] == [
        "line 370: a date line 'Dec 24' where a paper was expected (the header of a second "
        "page pasted in?); skipped"
    ]


@pytest.mark.parametrize(
    ("junk", "message"),
    [
        ("Dec 23", "a date line 'Dec 23' where a paper was expected"),
        ("Feb 31", "a date line 'Feb 31' where a paper was expected"),
        ("Jan 1, 0000", "a date line 'Jan 1, 0000' where a paper was expected"),
        ("1.2k", "a bare number '1.2k' where a paper was expected"),
    ],
)
def test_a_stray_line_between_papers_is_reported_and_the_papers_around_it_kept(junk, message):
    lines = SEED_TEXT.splitlines()
    at = lines.index("MIST: Mutual Information Via Supervised Training")
    lines[at:at] = [junk, ""]
    result = parse_any("\n".join(lines).encode(), name=SEED.name)
    assert len(result.papers) == 45
    assert [(p.where, p.kind) for p in result.problems] == [(f"line {at + 1}", "not a paper")]
    assert result.problems[0].message.startswith(message)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028"])
@pytest.mark.parametrize("blank", ["", "   ", "\t", "\u3000", "\x07"])
def test_a_problem_names_the_line_an_editor_shows_whatever_the_line_breaks(newline, blank):
    # Blank lines made of spaces, tabs or a stray control character are blank lines all the
    # same, and every line break str.splitlines knows counts one line, as in an editor.
    lines = [line if line.strip() else blank for line in SEED_TEXT.splitlines()]
    at = lines.index("MIST: Mutual Information Via Supervised Training")
    lines[at:at] = ["Dec 23", blank, blank]
    result = parse_any(newline.join(lines).encode(), name=SEED.name)
    assert [(p.where, p.kind) for p in result.problems] == [(f"line {at + 1}", "not a paper")]
    plain = parse_any(SEED.read_bytes(), name=SEED.name).papers
    assert [p.to_json() for p in result.papers] == [p.to_json() for p in plain]


def test_page_chrome_is_recognised_however_it_is_spaced():
    text = SEED_TEXT.replace("byAK and the research community", "by AK and the research community")
    result = parse_any(text.encode(), name=SEED.name)
    assert len(result.papers) == 45 and result.problems == []


def test_problems_are_grouped_by_kind_with_counts_and_first_places():
    problems = [Problem(f"line {n}", f"stray {n}", "not a paper") for n in range(1, 101)]
    problems.insert(3, Problem("line 7", "cannot read the date 'x'", "bad date"))
    assert problem_summary(problems) == [
        "line 1: stray 1 [not a paper ×100; also at line 2, line 3 and 97 more]",
        "line 7: cannot read the date 'x' [bad date ×1]",
    ]


def test_a_big_input_prints_a_short_report_and_the_full_list_with_verbose(tmp_path):
    lines = SEED_TEXT.splitlines()
    at = lines.index("MIST: Mutual Information Via Supervised Training")
    lines[at:at] = ["Dec 23", ""] * 500
    page = tmp_path / "hf-papers-page-2025-12-24.txt"
    page.write_text("\n".join(lines), encoding="utf-8")
    env = {"PAPERSHELF_DB": str(tmp_path / "cli.sqlite3")}
    short = CliRunner().invoke(main, ["ingest", str(page)], env=env)
    assert short.exit_code == 0
    problem_lines = [line for line in short.output.splitlines() if line.startswith("problem:")]
    assert problem_lines == [
        f"problem: {page}: line {at + 1}: a date line 'Dec 23' where a paper was expected "
        "(the header of a second page pasted in?); skipped [not a paper ×500; also at "
        f"{page}: line {at + 3}, {page}: line {at + 5} and 497 more]"
    ]
    assert "45 added, 0 updated, 0 unchanged, 500 problems" in short.output
    full = CliRunner().invoke(main, ["ingest", str(page), "--verbose"], env=env)
    assert len([line for line in full.output.splitlines() if line.startswith("problem:")]) == 500
