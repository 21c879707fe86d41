"""The matching rules: an id link, or the same title, first author and year; never a guess."""

from datetime import date

import pytest

from server.models import Paper
from server.upstream.venues.matching import Candidate, judge

PAPER = Paper(
    title="Understanding Certified Training with Interval Bound Propagation",
    arxiv_id="2306.10426",
    authors=["Lena Hartmann", "Tobias Feld"],
    published=date(2023, 6, 17),
)


def record(**changes) -> Candidate:
    values = {
        "source": "DBLP",
        "title": "Understanding certified training with interval bound propagation.",
        "first_family": "Hartmann",
        "first_author": "Lena Hartmann",
        "year": 2024,
        "kind": "conference",
        "venue": "ICLR",
        "record": "conf/iclr/HartmannF24",
    }
    return Candidate(**(values | changes))


def test_same_title_first_author_and_year_is_a_match():
    decision = judge(PAPER, [record()])
    assert decision.outcome == "matched"
    assert decision.version.evidence == "title_author_year"
    assert (decision.version.venue, decision.version.year) == ("ICLR", 2024)


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"first_family": "Feld", "first_author": "Tobias Feld"},
         "has first author Tobias Feld, not Lena Hartmann: not applied"),
        ({"year": 2022}, "is from 2022, not 2023 to 2025: not applied"),
        ({"year": 2026}, "is from 2026, not 2023 to 2025: not applied"),
        ({"year": None}, "is from an unknown year, not 2023 to 2025: not applied"),
        ({"first_family": None, "first_author": None}, "has first author nobody"),
    ],
    ids=["other-first-author", "year-before", "year-too-late", "no-year", "no-authors"],
)  # fmt: skip
def test_a_title_match_failing_another_rule_is_reported_not_applied(changes, why):
    decision = judge(PAPER, [record(**changes)])
    assert decision.outcome == "none"
    assert decision.version is None
    assert why in decision.message


def test_the_year_window_is_inclusive():
    for year in (2023, 2025):
        assert judge(PAPER, [record(year=year)]).outcome == "matched"


def test_names_compare_without_case_accents_or_dblp_numbers():
    paper = Paper(title="A Study", authors=["Rafael Ibáñez"], published=date(2021, 3, 31))
    hit = record(title="A study.", first_family="IBANEZ", year=2021)
    assert judge(paper, [hit]).outcome == "matched"
    assert judge(paper, [record(title="A study.", first_family="Ibáñez 0002", year=2021)]).outcome \
        == "matched"  # fmt: skip


def test_a_different_title_is_not_even_reported():
    decision = judge(PAPER, [record(title="Certified Training: Small Boxes are All You Need")])
    assert (decision.outcome, decision.message) == ("none", "no published record with this title")


def test_the_record_listing_the_arxiv_id_matches_whatever_its_title():
    linked = record(title="A Renamed Published Version", first_family="Feld",
                    arxiv_ids=("2306.10426v2",))  # fmt: skip
    decision = judge(PAPER, [linked])
    assert (decision.outcome, decision.version.evidence) == ("matched", "arxiv_id")


def test_the_record_listing_the_arxiv_doi_matches():
    linked = record(title="Renamed", dois=("10.48550/ARXIV.2306.10426",), doi="10.1/x")
    decision = judge(PAPER, [linked])
    assert (decision.outcome, decision.version.evidence, decision.version.doi) == (
        "matched", "doi", "10.1/x",
    )  # fmt: skip


def test_an_id_link_outranks_title_matches():
    decision = judge(
        PAPER, [record(venue="NeurIPS"), record(venue="CVPR", arxiv_ids=("2306.10426",))]
    )
    assert (decision.outcome, decision.version.venue) == ("matched", "CVPR")


def test_the_preprint_itself_is_never_a_venue():
    corr = record(venue="CoRR", preprint=True, kind=None, arxiv_ids=("2306.10426",),
                  record="journals/corr/abs-2306-10426")  # fmt: skip
    decision = judge(PAPER, [corr])
    assert (decision.outcome, decision.message) == ("none", "only the preprint itself")


def test_two_distinct_versions_are_several_and_none_is_applied():
    decision = judge(PAPER, [record(), record(venue="TMLR", kind="journal", record="j/tmlr/H24")])
    assert decision.outcome == "several"
    assert decision.version is None
    assert decision.message == (
        "2 published versions fit (ICLR 2024, conf/iclr/HartmannF24; TMLR 2024, j/tmlr/H24); "
        "none applied"
    )


def test_two_records_of_one_doi_are_one_version():
    one = record(doi="10.1109/X.1", record="conf/x/1")
    same = record(source="Crossref", doi="10.1109/x.1", record="10.1109/x.1")
    assert judge(PAPER, [one, same]).outcome == "matched"


def test_without_known_authors_a_title_match_is_not_applied():
    decision = judge(Paper(title=PAPER.title, published=date(2023, 6, 17)), [record()])
    assert decision.outcome == "none"
    assert "the preprint's authors are not known" in decision.message
