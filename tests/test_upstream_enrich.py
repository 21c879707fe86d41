"""`papershelf enrich` on the seed: exact title matches only, arXiv categories, safe failures."""

import json

import pytest

from server.app import create_app
from server.models import title_id
from server.store import db
from tests.conftest import SEED, TEST_TOKEN
from tests.doubles import unused_url
from tests.doubles.hf_arxiv_server import Reply

IBP = "Understanding Certified Training with Interval Bound Propagation"
# The seed papers the fixture server knows, with the arXiv ids it gives them.
KNOWN = {
    IBP: "2306.10426",
    "Fast Certified Robust Training with Short Warmup": "2103.17268",
    "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training": "2411.15124",
    "W2v-BERT: Combining Contrastive Learning and Masked Language Modeling for Self-Supervised "
    "Speech Pre-Training": "2108.06209",
    "MIST: Mutual Information Via Supervised Training": "2511.18945",
}
TWO_PAPERS = "Addressing Negative Transfer in Diffusion Models"


@pytest.fixture
def db_path(cli):
    assert cli("ingest", str(SEED)).exit_code == 0
    return cli.db_path


def stored(db_path):
    conn = db.connect(db_path)
    try:
        papers = {
            r["id"]: json.loads(r["data"]) for r in conn.execute("SELECT id, data FROM papers")
        }
        aliases = dict(conn.execute("SELECT old_id, paper_id FROM aliases").fetchall())
    finally:
        conn.close()
    return papers, aliases


def by_title(papers):
    return {p["title"]: p for p in papers.values()}


def test_enrich_fills_the_seed_papers_the_server_knows(hf_env, db_path, cli):
    before, _ = stored(db_path)
    result = cli("enrich")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        "enrich: 5 found on Hugging Face, 39 without an exact title match, 1 with several "
        "matches, 5 categorised by arXiv; 5 papers updated"
    )
    papers, aliases = stored(db_path)
    assert len(papers) == len(before) == 45
    titles = by_title(papers)
    for title, arxiv_id in KNOWN.items():
        paper = titles[title]
        assert (paper["id"], paper["arxiv_id"]) == (arxiv_id, arxiv_id)
        assert aliases[title_id(title)] == arxiv_id
        assert len(paper["authors"]) == paper["author_count"]
    ibp = titles[IBP]
    assert ibp["authors"] == ["Lena Hartmann", "Tobias Feld", "Mira Lindqvist", "Jonas Mensah"]
    assert (ibp["primary_category"], ibp["categories"]) == ("cs.LG", ["cs.LG", "cs.AI"])
    assert (ibp["upvotes"], ibp["featured"]) == (12, "2023-06-20")
    # The seed's own data is kept: its abstract and date are not replaced.
    assert ibp["abstract"] == by_title(before)[IBP]["abstract"]
    assert ibp["published"] == "2023-06-17"
    warmup = titles["Fast Certified Robust Training with Short Warmup"]
    assert warmup["links"]["code"] == [
        "https://github.com/shizhouxing/Fast-Certified-Robust-Training"
    ]
    assert (
        len(titles["TÜLU 3: Pushing Frontiers in Open Language Model Post-Training"]["authors"])
        == 23
    )


def test_the_papers_it_does_not_know_are_left_as_they_were(hf_env, db_path, cli):
    before, _ = stored(db_path)
    result = cli("enrich")
    papers, _ = stored(db_path)
    unknown = {i: p for i, p in before.items() if p["title"] not in KNOWN}
    assert len(unknown) == 40
    assert {i: papers[i] for i in unknown} == unknown
    # A near miss ("Fast Certified Robust Training") was offered by search but not taken.
    assert "2203.01142" not in papers
    assert f"  several: {TWO_PAPERS} (2 papers have this title: 2306.00354, 2306.01987)" in (
        result.output.splitlines()
    )
    assert "  none: Reasoning to Learn from Latent Thoughts (no paper with exactly this title)" in (
        result.output.splitlines()
    )


def test_a_second_enrich_changes_nothing(hf_env, db_path, cli):
    cli("enrich")
    after_first = stored(db_path)
    second = cli("enrich")
    assert "0 found on Hugging Face" in second.output
    assert "0 papers updated" in second.output
    assert stored(db_path) == after_first


def test_old_ids_redirect_and_the_paper_exports_as_arxiv_bibtex(hf_env, db_path, cli):
    cli("enrich")
    app = create_app({"TESTING": True, "DATABASE": str(db_path), "API_TOKEN": TEST_TOKEN})
    client = app.test_client()
    moved = client.get(f"/api/papers/{title_id(IBP)}")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith("/api/papers/2306.10426")
    bibtex = cli("export", "--format", "bibtex", "--query", "Interval Bound Propagation").output
    assert "eprint = {2306.10426}" in bibtex
    assert "primaryClass = {cs.LG}" in bibtex
    assert "archivePrefix = {arXiv}" in bibtex
    assert "author = {Lena Hartmann and Tobias Feld and Mira Lindqvist and Jonas Mensah}" in bibtex


def test_enrich_uses_one_arxiv_request_for_many_papers(hf_env, db_path, cli):
    cli("enrich")
    (query,) = [seen.query for seen in hf_env.requests if seen.path == "/api/query"]
    assert sorted(query["id_list"].split(",")) == sorted(KNOWN.values())


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: setattr(d, "arxiv_mode", "error_entry"), "failed: arXiv refused the query"),
        (lambda d: setattr(d, "arxiv_mode", "rate_exceeded"), "'Rate exceeded.' 3 times"),
        (
            lambda d: d.inject("/api/papers/search", Reply(200, "[{", times=None)),
            "Hugging Face sent malformed JSON",
        ),
        (
            lambda d: d.inject("/api/papers/search", Reply(429, "", {"Retry-After": "900"})),
            "asks us to wait 900 s",
        ),
    ],
    ids=["arxiv-error-entry", "arxiv-rate-exceeded", "malformed-json", "429"],
)
def test_a_failure_leaves_the_store_unchanged(hf_env, db_path, setup, message, cli):
    before = stored(db_path)
    setup(hf_env)
    result = cli("enrich")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("enrich: ")
    assert message in lines[0]
    assert lines[0].endswith("nothing changed")
    assert stored(db_path) == before


def test_offline_enrich_says_so_in_one_line(db_path, monkeypatch, cli):
    monkeypatch.setenv("PAPERSHELF_HF_BASE_URL", unused_url())
    before = stored(db_path)
    result = cli("enrich")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith("enrich: offline: cannot reach Hugging Face at 127.0.0.1:")
    assert "(connection refused); nothing changed" in result.output
    assert stored(db_path) == before


def test_papers_with_an_arxiv_id_but_no_authors_are_completed(hf_env, db_path, tmp_path, cli):
    page = tmp_path / "cards.json"
    page.write_text(
        json.dumps(
            {
                "items": [
                    {"title": "Why think it is 2306.10426?", "arxiv_id": "2306.10426"},
                    {"title": "A paper nobody indexed", "arxiv_id": "2401.00001"},
                ]
            }
        )
    )
    assert "2 added" in cli("ingest", str(page)).output
    result = cli("enrich")
    assert "  not_indexed: A paper nobody indexed (not on Hugging Face)" in result.output
    # The seed's title-only copy of 2306.10426 folds into the stored arXiv record.
    assert IBP not in result.output  # found: not listed among the misses
    papers, _ = stored(db_path)
    assert not [p for p in papers.values() if p["title"] == IBP]
    known = papers["2306.10426"]
    assert known["title"] == "Why think it is 2306.10426?"  # a stored title is kept
    assert known["authors"] == ["Lena Hartmann", "Tobias Feld", "Mira Lindqvist", "Jonas Mensah"]
    assert known["primary_category"] == "cs.LG"
    assert papers["2401.00001"]["authors"] == []
    assert "/api/papers/2401.00001" in hf_env.paths("/api/papers/2401")


def test_ingest_with_enrich_completes_the_text_copy_in_one_command(
    hf_env, tmp_path, monkeypatch, cli
):
    monkeypatch.setenv("PAPERSHELF_DB", str(tmp_path / "fresh.sqlite3"))
    result = cli("ingest", str(SEED), "--enrich")
    assert result.exit_code == 0
    assert "45 added, 0 updated, 0 unchanged, 0 problems" in result.output
    assert result.output.splitlines()[-1].startswith("enrich: 5 found on Hugging Face")
    papers, _ = stored(tmp_path / "fresh.sqlite3")
    assert by_title(papers)[IBP]["arxiv_id"] == "2306.10426"


def test_ingest_with_enrich_offline_keeps_the_ingest_and_says_why(tmp_path, monkeypatch, cli):
    monkeypatch.setenv("PAPERSHELF_DB", str(tmp_path / "fresh.sqlite3"))
    monkeypatch.setenv("PAPERSHELF_HF_BASE_URL", unused_url())
    result = cli("ingest", str(SEED), "--enrich")
    assert result.exit_code == 1
    assert "45 added" in result.output
    assert "enrich: offline: cannot reach Hugging Face" in result.output
    papers, _ = stored(tmp_path / "fresh.sqlite3")
    assert len(papers) == 45


def test_api_ingest_with_enrich_completes_papers_in_the_background(hf_env, tmp_path):
    import time

    app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "api.sqlite3"), "API_TOKEN": TEST_TOKEN}
    )
    client = app.test_client()
    auth = {"Authorization": f"Bearer {TEST_TOKEN}"}
    reply = client.post(
        f"/api/ingest?name={SEED.name}&enrich=1", data=SEED.read_bytes(), headers=auth
    )
    assert reply.get_json()["added"] == 45 and reply.get_json()["enriching"] is True
    old_id = title_id(IBP)
    for _ in range(200):  # the background enrich finishes within a few seconds
        if client.get(f"/api/papers/{old_id}").status_code == 301:
            break
        time.sleep(0.05)
    paper = client.get(f"/api/papers/{old_id}", follow_redirects=True).get_json()
    assert paper["arxiv_id"] == "2306.10426"
    assert len(paper["authors"]) == 4
