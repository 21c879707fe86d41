"""`papershelf fetch` / `sync` and GET /api/sources against the local Hugging Face double."""

import json
import re
from datetime import date

import pytest

from server.app import create_app
from server.store import db
from server.upstream.listings import ListingError, current_listings, days_since, listing
from tests.conftest import SEED, TEST_TOKEN
from tests.doubles import unused_url
from tests.doubles.hf_arxiv_server import Reply

WEEK_IDS = ["2512.19201", "2512.19877", "2512.20114", "2512.20530", "2512.21002"]


@pytest.fixture
def double(hf_env):
    hf_env.page_size = 2  # the week's five papers come in three pages, then []
    return hf_env


@pytest.fixture
def db_path(cli):
    return cli.db_path


def stored(db_path):
    """Every stored paper and alias: what 'an unchanged store' compares."""
    conn = db.connect(db_path)
    try:
        papers = {
            r["id"]: json.loads(r["data"]) for r in conn.execute("SELECT id, data FROM papers")
        }
        aliases = [tuple(r) for r in conn.execute("SELECT * FROM aliases ORDER BY old_id")]
    finally:
        conn.close()
    return papers, aliases


def test_fetch_a_week_stores_every_page(double, db_path, cli):
    result = cli("fetch", "--week", "2025-W52")
    assert result.exit_code == 0
    assert result.output == "week=2025-W52: 5 added, 0 updated, 0 unchanged (4 pages)\n"
    papers, _ = stored(db_path)
    assert sorted(papers) == WEEK_IDS
    paper = papers["2512.19877"]
    assert paper["title"] == "Long-Horizon Agents with Verifiable Memory"
    assert len(paper["authors"]) == 8
    assert (paper["upvotes"], paper["featured"], paper["published"]) == (
        88,
        "2025-12-23",
        "2025-12-20",
    )
    assert papers["2512.19201"]["links"]["code"] == [
        "https://github.com/example-lab/sparse-routers"
    ]


def test_refresh_twice_updates_upvotes_without_duplicates(double, db_path, cli):
    cli("fetch", "--week", "2025-W52")
    double.set_upvotes("2512.19877", 120)
    again = cli("fetch", "--week", "2025-W52")
    assert again.output == "week=2025-W52: 0 added, 1 updated, 4 unchanged (4 pages)\n"
    papers, _ = stored(db_path)
    assert sorted(papers) == WEEK_IDS
    assert papers["2512.19877"]["upvotes"] == 120
    third = cli("fetch", "--week", "2025-W52")
    assert (
        "0 added, 0 updated, 5 unchanged (4 pages, not modified since last fetch)" in third.output
    )
    assert "If-None-Match" in double.requests[-1].headers


def test_a_partial_listing_later_removes_nothing(double, db_path, cli):
    cli("fetch", "--week", "2025-W52")
    double.listings["week=2025-W52"] = double.listings["week=2025-W52"][:2]
    result = cli("fetch", "--week", "2025-W52")
    assert "0 added, 0 updated, 2 unchanged" in result.output
    assert sorted(stored(db_path)[0]) == WEEK_IDS


def test_a_day_and_a_search(double, db_path, cli):
    day = cli("fetch", "--date", "2025-12-24")
    assert day.output.startswith("date=2025-12-24: 1 added")
    found = cli("fetch", "--search", "Addressing Negative Transfer in Diffusion Models")
    assert found.exit_code == 0
    assert found.output.startswith(
        "search=Addressing Negative Transfer in Diffusion Models: 2 added"
    )
    assert {"2306.00354", "2306.01987", "2512.20530"} <= set(stored(db_path)[0])


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(200, '[{"paper": {"id": "2512.2'), "Hugging Face sent malformed JSON for "),
        (Reply(429, "", {"Retry-After": "600"}, times=None), "asks us to wait 600 s"),
        (Reply(500, '{"error": "boom"}', times=None), "HTTP 500 for .*boom.*after 3 attempts"),
        (Reply(200, "[]", delay=10, times=None), "did not answer within 0.3 s"),
    ],
    ids=["malformed-json", "429-retry-after", "server-error", "slow-reply"],
)
def test_a_failing_page_leaves_the_store_unchanged(
    double, db_path, monkeypatch, reply, message, cli
):
    monkeypatch.setenv("PAPERSHELF_HTTP_TIMEOUT", "0.3")
    cli("fetch", "--date", "2025-12-24")
    before = stored(db_path)
    double.set_upvotes("2512.20530", 1000)
    # Page 0 answers; page 1 fails: nothing of page 0 may be stored either.
    double.inject("/api/daily_papers", Reply(200, json.dumps(double.listings["week=2025-W52"][:2])))
    double.inject("/api/daily_papers", reply)
    result = cli("fetch", "--week", "2025-W52")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("week=2025-W52: failed: ")
    assert re.search(message, result.output)
    assert result.output.rstrip().endswith("nothing changed")
    assert stored(db_path) == before


def test_unusable_items_are_skipped_and_named_the_rest_go_in(double, db_path, cli):
    items = double.listings["week=2025-W52"]
    items[1]["paper"]["id"] = "not-an-id"
    items[3]["paper"]["withdrawnAt"] = "2025-12-24T10:00:00.000Z"
    result = cli("fetch", "--week", "2025-W52")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "problem: week=2025-W52: $[1].paper.id: not an arXiv id: 'not-an-id'",
        "problem: week=2025-W52: $[3].paper.withdrawnAt: paper 2512.20530 was withdrawn; skipped",
        "week=2025-W52: 3 added, 0 updated, 0 unchanged, 2 items skipped (4 pages)",
    ]
    assert sorted(stored(db_path)[0]) == ["2512.19201", "2512.20114", "2512.21002"]


def test_a_future_day_is_refused_with_a_clear_message(double, db_path, cli):
    result = cli("fetch", "--date", "2099-01-01")
    assert result.exit_code == 1
    assert "date=2099-01-01: failed: Hugging Face answered HTTP 400" in result.output
    assert "cannot be in the future" in result.output
    assert stored(db_path) == ({}, [])


def test_offline_fetch_says_so_in_one_line(db_path, monkeypatch, cli):
    monkeypatch.setenv("PAPERSHELF_HF_BASE_URL", unused_url())
    cli("ingest", str(SEED))
    before = stored(db_path)
    result = cli("fetch", "--since", date.today().isoformat())
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "offline: cannot reach Hugging Face at 127.0.0.1:" in lines[0]
    assert "(connection refused); nothing changed" in lines[0]
    assert stored(db_path) == before
    # Commands that need no network go on working on what is stored.
    listed = cli("list", "--query", "backtracking")
    assert "How Much Backtracking is Enough?" in listed.output


def test_sync_fetches_this_week_and_last_week(double, db_path, cli):
    this_week, last_week = current_listings(date.today())
    double.today = date.today()
    double.listings[this_week.name] = double.listings.pop("week=2025-W52")
    result = cli("sync")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{this_week.name}: 5 added, 0 updated, 0 unchanged (4 pages)",
        f"{last_week.name}: 0 added, 0 updated, 0 unchanged",
    ]


def test_bad_listing_arguments_are_usage_errors(db_path, cli):
    assert "expected an ISO week like 2025-W52" in cli("fetch", "--week", "2025-52").output
    assert "exactly one of --date" in cli("fetch", "--week", "2025-W52", "--date", "x").output
    assert cli("fetch").exit_code == 2


def test_listing_arguments():
    assert listing("week", "2025-W52").name == "week=2025-W52"
    assert listing("month", "2025-12").value == "2025-12"
    for kind, value in [("week", "2025-W54"), ("month", "2025-13"), ("date", "2025-02-30")]:
        with pytest.raises(ListingError):
            listing(kind, value)
    days = days_since("2025-12-30", date(2026, 1, 2))
    assert [d.value for d in days] == ["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"]
    with pytest.raises(ListingError, match="in the future"):
        days_since("2026-01-03", date(2026, 1, 2))
    assert [x.name for x in current_listings(date(2026, 1, 2))] == [
        "week=2026-W01",
        "week=2025-W52",
    ]


def test_sources_shows_each_listing_and_what_came_of_it(double, db_path, cli):
    cli("fetch", "--week", "2025-W52")
    cli("fetch", "--date", "2099-01-01")
    client = create_app({"TESTING": True, "DATABASE": str(db_path), "API_TOKEN": TEST_TOKEN})
    items = client.test_client().get("/api/sources").get_json()["items"]
    assert [i["listing"] for i in items] == ["date=2099-01-01", "week=2025-W52"]
    failed, week = items
    assert (failed["status"], failed["last_success"]) == ("failed", None)
    assert "HTTP 400" in failed["message"]
    assert (week["status"], week["added"], week["updated"]) == ("ok", 5, 0)
    assert week["last_success"] == week["last_fetched"]
