"""`papershelf venues` against local Semantic Scholar, dblp and Crossref doubles: what it
applies, what it reports and never applies, and how it fails (one line, store unchanged)."""

import json
import os
import subprocess
import sys

import pytest

from server.store import db
from tests.conftest import FIXTURES, ROOT, cli_env
from tests.doubles import unused_url
from tests.doubles.hf_arxiv_server import Reply
from tests.doubles.semantic_scholar import too_many_requests

PAPERS = FIXTURES / "venues" / "papers.json"
IBP = "Understanding Certified Training with Interval Bound Propagation"
WARMUP = "Fast Certified Robust Training with Short Warmup"
TULU = "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training"
MIST = "MIST: Mutual Information Via Supervised Training"
NEGATIVE = "Addressing Negative Transfer in Diffusion Models"
W2V = (
    "W2v-BERT: Combining Contrastive Learning and Masked Language Modeling for "
    "Self-Supervised Speech Pre-Training"
)
CVPR = "2024 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"


@pytest.fixture
def shelf(cli, venue_env):
    """The fixture preprints stored (seven with authors, one title-only)."""
    assert "8 added" in cli("ingest", PAPERS).output
    return cli


def state(path):
    """Everything the venue tables hold, as plain rows."""
    conn = db.connect(path)
    try:
        versions = [
            (r["paper_id"], r["status"], json.loads(r["data"]))
            for r in conn.execute("SELECT * FROM published_versions ORDER BY paper_id, identity")
        ]
        checks = [tuple(r) for r in conn.execute("SELECT * FROM venue_checks ORDER BY paper_id")]
    finally:
        conn.close()
    return versions, checks


def current(path):
    return {paper_id: data for paper_id, status, data in state(path)[0] if status == "current"}


def checks(path):
    return {row[0]: (row[1], row[2]) for row in state(path)[1]}


def test_a_venue_record_listing_the_arxiv_id_is_applied(shelf):
    result = shelf("venues")
    assert result.exit_code == 0
    assert (
        f"  new: {IBP} -> {CVPR} 2024 (Semantic Scholar: the record lists the arXiv id)"
        in result.output.splitlines()
    )
    version = current(shelf.db_path)["2306.10426"]
    # Semantic Scholar linked it; Crossref's record of the DOI gave the proceedings' details.
    assert version == version | {
        "kind": "conference",
        "venue": CVPR,
        "year": 2024,
        "doi": "10.1109/CVPR52733.2024.00512",
        "pages": "5301-5310",
        "publisher": "IEEE",
        "source": "Semantic Scholar",
        "record": "5c1f0e2a9b7d4c3e8f6a1b2c3d4e5f6a7b8c9d0e",
        "evidence": "arxiv_id",
        "details_from": "Crossref",
        "status": "current",
    }
    assert version["checked"] and version["found"] == version["checked"]


def test_a_title_author_and_year_match_is_applied(shelf, venue_env):
    result = shelf("venues")
    line = f"  new: {WARMUP} -> NeurIPS 2021 (DBLP: same title, first author and year)"
    assert line in result.output.splitlines()
    version = current(shelf.db_path)["2103.17268"]
    assert (version["record"], version["pages"], version["doi"]) == (
        "conf/nips/IbanezRQHK21",
        "18335-18349",
        None,
    )
    # dblp's "Rafael Ibáñez 0002" is the preprint's Rafael Ibáñez: numbers tell homonyms apart.
    assert version["evidence"] == "title_author_year"


def test_a_journal_record_listing_the_preprint_doi_is_applied(shelf):
    result = shelf("venues")
    assert (
        f"  new: {TULU} -> Journal of Open Language Models 2025 "
        "(Crossref: the record lists the preprint's DOI)" in result.output.splitlines()
    )
    version = current(shelf.db_path)["2411.15124"]
    assert (version["kind"], version["volume"], version["number"], version["pages"]) == (
        "journal",
        "2",
        "3",
        "1-48",
    )


def test_a_title_match_with_another_first_author_is_reported_not_applied(shelf):
    result = shelf("venues")
    line = next(line for line in result.output.splitlines() if MIST in line)
    assert line.startswith(f"  none: {MIST} (")
    assert "(Entropy 2026) has first author Anna Kowalska, not Luca Moretti: not applied" in line
    assert "2511.18945" not in current(shelf.db_path)
    assert checks(shelf.db_path)["2511.18945"][0] == "none"


def test_two_candidate_venues_are_several_and_neither_is_applied(shelf):
    result = shelf("venues")
    assert (
        f"  several: {NEGATIVE} (2 published versions fit (NeurIPS 2023, "
        "conf/nips/FerreiraIKTPS23; Trans. Mach. Learn. Res. 2024, "
        "journals/tmlr/FerreiraIKTPS24); none applied)"
    ) in result.output.splitlines()
    assert "2306.00354" not in current(shelf.db_path)
    assert checks(shelf.db_path)["2306.00354"][0] == "several"
    # The other paper with this title has another first author: none, not several.
    assert checks(shelf.db_path)["2306.01987"][0] == "none"


def test_a_corr_only_dblp_hit_gives_no_venue(shelf, venue_env):
    shelf("venues")
    assert "2108.06209" not in current(shelf.db_path)
    outcome, message = checks(shelf.db_path)["2108.06209"]
    assert outcome == "none"
    assert message == (
        "Semantic Scholar: only the preprint itself; DBLP: only the preprint itself; "
        "Crossref: only the preprint itself"
    )
    searched = [seen.query["q"] for seen in venue_env.dblp.requests]
    assert "W2v BERT Combining Contrastive Learning and Masked Language Modeling for Self " \
        "Supervised Speech Pre Training" in searched  # fmt: skip


def test_the_summary_counts_papers_and_requests(shelf, venue_env):
    result = shelf("venues")
    assert result.output.splitlines()[-1] == (
        "venues: 7 papers checked: 3 published (3 new, 0 confirmed, 0 changed), 3 not found, "
        "1 with several candidates; 0 withdrawn; 18 requests "
        "(Semantic Scholar 7, DBLP 6, Crossref 5)"
    )
    assert venue_env.requests() == 18
    # The title-only paper has neither an arXiv id nor authors: nothing to check it by.
    assert len(checks(shelf.db_path)) == 7


def test_papers_checked_recently_are_not_asked_about_again(shelf, venue_env):
    shelf("venues")
    before = venue_env.requests()
    again = shelf("venues")
    assert again.output.splitlines()[-1].startswith("venues: 0 papers checked")
    assert venue_env.requests() == before


def test_limit_and_since_choose_the_papers(shelf):
    result = shelf("venues", "--since", "2024-01-01", "--limit", "1")
    assert result.output.splitlines()[-1].startswith("venues: 1 papers checked: 1 published")
    assert list(checks(shelf.db_path)) == ["2411.15124"]  # the oldest since 2024


def test_a_later_check_confirms_then_withdraws(shelf, venue_env):
    shelf("venues")
    first = current(shelf.db_path)["2306.10426"]
    again = shelf("venues", "--recheck")
    assert f"  confirmed: {IBP} -> {CVPR} 2024" in again.output
    assert "3 published (0 new, 3 confirmed, 0 changed)" in again.output
    assert current(shelf.db_path)["2306.10426"]["found"] == first["found"]
    # Semantic Scholar now lists it as a preprint only, and Crossref lost the proceedings.
    venue_env.s2.papers["2306.10426"] |= {
        "venue": "arXiv.org",
        "publicationVenue": venue_env.s2.papers["2103.17268"]["publicationVenue"],
        "journal": {"name": "ArXiv", "volume": "abs/2306.10426"},
        "publicationTypes": ["JournalArticle"],
    }
    venue_env.crossref.works = [w for w in venue_env.crossref.works if "CVPR" not in w["DOI"]]
    third = shelf("venues", "--recheck")
    assert f"  withdrawn: {IBP} (Semantic Scholar: only the preprint itself;" in third.output
    assert "; 1 withdrawn;" in third.output
    assert "2306.10426" not in current(shelf.db_path)
    kept = [(s, d["venue"]) for p, s, d in state(shelf.db_path)[0] if p == "2306.10426"]
    assert kept == [("withdrawn", CVPR)]  # withdrawn, not deleted


def test_a_429_with_a_short_retry_after_is_waited_for(shelf, venue_env):
    venue_env.dblp.inject("/search/publ/api", Reply(429, b"", {"Retry-After": "1"}))
    result = shelf("venues", "--limit", "1")
    assert result.exit_code == 0
    assert f"  new: {WARMUP} -> NeurIPS 2021" in result.output
    assert len(venue_env.dblp.requests) == 2  # the 429, then the answer


def test_answers_are_cached_and_asked_again_conditionally(shelf, venue_env):
    for double in venue_env.all():
        double.etags = True
    shelf("venues")
    before = state(shelf.db_path)[0]
    again = shelf("venues", "--recheck")
    assert "3 published (0 new, 3 confirmed, 0 changed)" in again.output
    s2_again = venue_env.s2.requests[7:]
    conditional = {
        seen.path.rsplit(":", 1)[1]: "If-None-Match" in seen.headers for seen in s2_again
    }
    # Records it had are asked for again only if changed; a 404 is not kept, so asked afresh.
    assert conditional == {
        "2103.17268": True, "2108.06209": True, "2306.00354": True, "2306.01987": True,
        "2306.10426": True, "2411.15124": False, "2511.18945": False,
    }  # fmt: skip
    dblp_again = venue_env.dblp.requests[6:]
    assert len(dblp_again) == 6 and all("If-None-Match" in seen.headers for seen in dblp_again)
    assert [(p, s) for p, s, _ in state(shelf.db_path)[0]] == [(p, s) for p, s, _ in before]


def test_crossref_gets_the_mailto_address_for_its_polite_pool(shelf, venue_env, monkeypatch):
    shelf("venues", "--limit", "3")
    assert all("mailto" not in seen.query for seen in venue_env.crossref.requests)
    monkeypatch.setenv("PAPERSHELF_CROSSREF_MAILTO", "shelf@example.org")
    shelf("venues", "--recheck")
    assert venue_env.crossref.requests
    assert {seen.query.get("mailto") for seen in venue_env.crossref.requests[1:]} == {
        "shelf@example.org"
    }


# --- failures: one line, and the store exactly as it was ------------------------------------

SERVICES = {
    "Semantic Scholar": ("s2", "PAPERSHELF_SEMANTIC_SCHOLAR_BASE_URL", "/graph/v1/paper/"),
    "DBLP": ("dblp", "PAPERSHELF_DBLP_BASE_URL", "/search/publ/api"),
    "Crossref": ("crossref", "PAPERSHELF_CROSSREF_BASE_URL", "/works"),
}


@pytest.fixture
def tulu_checked(cli, venue_env, tmp_path):
    """Only TÜLU 3 stored, its journal version found: a recheck asks all three services."""
    page = tmp_path / "tulu.json"
    items = json.loads(PAPERS.read_text())["items"]
    page.write_text(json.dumps({"items": [i for i in items if i.get("arxiv_id") == "2411.15124"]}))
    cli("ingest", page)
    assert "1 published (1 new" in cli("venues").output
    paths = [seen.path for d in venue_env.all() for seen in d.requests]
    assert {p.split("/")[1] for p in paths} == {"graph", "search", "works"}
    return state(cli.db_path)


def _down(venue_env, service, monkeypatch):
    _, variable, _ = SERVICES[service]
    monkeypatch.setenv(
        variable, unused_url() + ("/graph/v1" if service == "Semantic Scholar" else "")
    )
    return f"venues: offline: cannot reach {service} at 127.0.0.1:"


def _slow(venue_env, service, monkeypatch):
    name, _, path = SERVICES[service]
    monkeypatch.setenv("PAPERSHELF_HTTP_TIMEOUT", "0.3")
    getattr(venue_env, name).inject(path, Reply(200, b"{}", delay=2, times=None))
    return f"venues: failed: {service} at 127.0.0.1:"


def _rate_limited(venue_env, service, monkeypatch):
    name, _, path = SERVICES[service]
    body = json.dumps(too_many_requests()) if service == "Semantic Scholar" else ""
    getattr(venue_env, name).inject(path, Reply(429, body, times=None))
    return f"venues: failed: {service} kept answering 429 Too Many Requests (gave up after 3"


def _rate_limited_long(venue_env, service, monkeypatch):
    name, _, path = SERVICES[service]
    getattr(venue_env, name).inject(path, Reply(429, b"", {"Retry-After": "900"}, times=None))
    return f"venues: failed: {service} asks us to wait 900 s before trying again (HTTP 429)"


def _malformed(venue_env, service, monkeypatch):
    name, _, path = SERVICES[service]
    getattr(venue_env, name).inject(path, Reply(200, b'{"result": [', times=None))
    return f"venues: failed: {service} sent malformed JSON for http://127.0.0.1:"


@pytest.mark.parametrize("service", list(SERVICES))
@pytest.mark.parametrize(
    "failure", [_down, _slow, _rate_limited, _rate_limited_long, _malformed],
    ids=["down", "slow", "429", "429-retry-after", "malformed"],
)  # fmt: skip
def test_a_failing_service_leaves_the_store_unchanged_and_says_so_in_one_line(
    cli, venue_env, tulu_checked, service, failure, monkeypatch
):
    start = failure(venue_env, service, monkeypatch)
    result = cli("venues", "--recheck")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1, result.output
    assert result.output.startswith(start), result.output
    assert result.output.endswith("; nothing changed\n")
    assert state(cli.db_path) == tulu_checked


def test_a_failure_mid_run_keeps_the_checks_before_it(shelf, venue_env, monkeypatch):
    monkeypatch.setenv("PAPERSHELF_CROSSREF_BASE_URL", unused_url())
    result = shelf("venues")
    assert result.exit_code == 1
    assert result.output.startswith("venues: offline: cannot reach Crossref at 127.0.0.1:")
    assert result.output.endswith("; 1 paper was checked before that, nothing else changed\n")
    # The oldest paper needed no Crossref; the next one did, and stays unchecked.
    assert list(checks(shelf.db_path)) == ["2103.17268"]
    assert list(current(shelf.db_path)) == ["2103.17268"]


def test_two_processes_checking_at_once_store_each_version_once(shelf, venue_env):
    for double in venue_env.all():
        double.latency = 0.1  # so that the two runs overlap
    env = {
        **os.environ,
        **cli_env(venue_env.settings_values()),
        "PAPERSHELF_DB": str(shelf.db_path),
    }
    runs = [
        subprocess.Popen([sys.executable, "-m", "server", "venues"], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]  # fmt: skip
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sorted(current(shelf.db_path)) == ["2103.17268", "2306.10426", "2411.15124"]
    versions, checks_stored = state(shelf.db_path)
    assert len(versions) == 3 and len(checks_stored) == 7
    # Both ran: each paper was looked up twice or, when the other had just checked it, once.
    assert 7 < len(venue_env.s2.requests) <= 14
