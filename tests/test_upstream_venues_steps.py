"""The venues step of `enrich` (and `ingest --enrich`) and of the background refresher."""

import logging
from datetime import date

import pytest

from server.ingest import ingest_data
from server.store import db
from server.store import venues as stored_venues
from server.upstream.refresh import Refresher, enrich_in_background
from tests.conftest import SEED, make_settings
from tests.doubles import unused_url
from tests.doubles.hf_arxiv_server import environment as hf_environment
from tests.test_upstream_venues import CVPR


@pytest.fixture
def both_env(hf_env, venue_env, monkeypatch):
    """Hugging Face, arXiv and the venue services all played locally; the step switched on."""
    monkeypatch.setenv("PAPERSHELF_VENUES_STEP", "on")
    return hf_env, venue_env


def runs(path):
    conn = db.connect(path)
    try:
        return [tuple(r) for r in conn.execute("SELECT listing, status FROM fetches ORDER BY id")]
    finally:
        conn.close()


def test_ingest_with_enrich_then_looks_for_published_versions(both_env, cli):
    result = cli("ingest", SEED, "--enrich")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("enrich: 5 found on Hugging Face") for line in lines)
    # The text copy's papers got their arXiv ids and authors from enrich: checkable now.
    assert (
        "  new: Fast Certified Robust Training with Short Warmup -> NeurIPS 2021 "
        "(DBLP: same title, first author and year)"
    ) in lines
    assert lines[-1].startswith(
        "venues: 5 papers checked: 3 published (3 new, 0 confirmed, 0 changed), 2 not found"
    )
    assert runs(cli.db_path)[-2:] == [("enrich", "ok"), ("venues", "ok")]


def test_a_failing_venues_step_keeps_what_enrich_did(both_env, cli, monkeypatch):
    monkeypatch.setenv("PAPERSHELF_DBLP_BASE_URL", unused_url())
    result = cli("ingest", SEED, "--enrich")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("enrich: 5 found on Hugging Face") for line in lines)
    assert lines[-1].startswith("venues: offline: cannot reach DBLP at 127.0.0.1:")
    assert runs(cli.db_path)[-2:] == [("enrich", "ok"), ("venues", "offline")]


def test_the_step_can_be_switched_off(hf_env, venue_env, cli):
    # hf_env's environment has PAPERSHELF_VENUES_STEP=off.
    result = cli("ingest", SEED, "--enrich")
    assert result.exit_code == 0
    assert "venues:" not in result.output
    assert venue_env.requests() == 0


@pytest.fixture
def refresher_settings(hf_double, venue_doubles, tmp_path):
    hf = {k.removeprefix("PAPERSHELF_"): v for k, v in hf_environment(hf_double).items()}
    return make_settings(**{
        **hf, **venue_doubles.settings_values(), "DATABASE": str(tmp_path / "shelf.sqlite3"),
        "VENUES_STEP": "on", "VENUES_STEP_LIMIT": 2,
    })  # fmt: skip


def test_each_refresh_checks_a_few_papers_for_published_versions(refresher_settings, venue_doubles):
    refresher = Refresher(refresher_settings, 3600, today=lambda: date(2025, 12, 26))
    refresher.run_once()
    assert refresher.venues.status == "ok"
    assert refresher.venues.summary().startswith("venues: 2 papers checked:")
    refresher.run_once()  # the next two; those checked are not asked about again
    assert refresher.venues.summary().startswith("venues: 2 papers checked:")
    asked = {seen.path for seen in venue_doubles.s2.requests}
    assert len(asked) == 4
    assert [r for r in runs(refresher_settings.database) if r[0] == "venues"] == [
        ("venues", "ok"), ("venues", "ok"),
    ]  # fmt: skip


def test_a_refresh_whose_venues_step_fails_is_logged_and_goes_on(
    refresher_settings, caplog, monkeypatch
):
    settings = refresher_settings.with_changes(semantic_scholar_base_url=unused_url())
    caplog.set_level(logging.INFO, logger="papershelf.refresh")
    refresher = Refresher(settings, 3600, today=lambda: date(2025, 12, 26))
    outcomes = refresher.run_once()
    assert [o.ok for o in outcomes] == [True, True]  # the listings came in
    assert refresher.venues.status == "offline"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(m.startswith("venues: offline: cannot reach Semantic Scholar") for m in warnings)


def test_the_background_enrich_after_an_http_ingest_looks_for_published_versions(
    refresher_settings, venue_doubles
):
    """`POST /api/ingest?enrich=1` enriches in the background: the step follows, as it does
    after `ingest --enrich`, for the papers that ingest brought in alone."""
    conn = db.connect(refresher_settings.database)
    try:
        ids = ingest_data(conn, SEED.read_bytes(), SEED.name).ids
        ibp = next(i for i in ids if i.startswith("understanding-certified-training"))
        enrich_in_background(refresher_settings, [ibp]).join(30)
        version = stored_venues.current(conn, ["2306.10426"])["2306.10426"]
    finally:
        conn.close()
    assert (version.venue, version.year, version.evidence) == (CVPR, 2024, "arxiv_id")
    assert [r for r in runs(refresher_settings.database) if r[0] in ("enrich", "venues")] == [
        ("enrich", "ok"), ("venues", "ok"),
    ]  # fmt: skip
    asked = [seen.path for seen in venue_doubles.s2.requests]
    assert asked and all("2306.10426" in path for path in asked)  # that paper alone


def test_the_background_enrich_leaves_the_step_out_when_it_is_off(
    refresher_settings, venue_doubles
):
    settings = refresher_settings.with_changes(venues_step=False)
    conn = db.connect(settings.database)
    try:
        ids = ingest_data(conn, SEED.read_bytes(), SEED.name).ids
        enrich_in_background(settings, ids[:3]).join(30)
    finally:
        conn.close()
    assert venue_doubles.requests() == 0
    assert "venues" not in {r[0] for r in runs(settings.database)}
