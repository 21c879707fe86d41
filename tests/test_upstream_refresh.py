"""The background refresher (`serve --refresh`) and its interval."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date

import pytest

from server import store
from server.ingest import ingest_data
from server.store import db
from server.upstream.listings import week_of
from server.upstream.refresh import Refresher, enrich_in_background, parse_interval
from tests.conftest import SEED, make_settings
from tests.doubles import unused_url
from tests.doubles.hf_arxiv_server import environment


@pytest.fixture
def double(hf_double):
    hf_double.page_size = 2
    return hf_double


def config(double_url, tmp_path):
    return make_settings(
        DATABASE=str(tmp_path / "shelf.sqlite3"),
        HF_BASE_URL=double_url,
        ARXIV_BASE_URL=double_url,
        HTTP_BACKOFF=0,
        VENUES_STEP="off",  # tests/test_upstream_venues_steps.py covers that step
    )


def paper_ids(path):
    conn = db.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT id FROM papers"))
    finally:
        conn.close()


def test_intervals():
    assert parse_interval("1h") == 3600
    assert parse_interval("1h30m") == 5400
    assert parse_interval("90s") == 90
    for bad in ("", "1", "1x", "h", "10s"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_a_run_fetches_this_week_and_last_week(double, tmp_path):
    settings = config(double.base_url, tmp_path)
    refresher = Refresher(settings, 3600, today=lambda: date(2025, 12, 26))
    outcomes = refresher.run_once()
    assert [o.summary() for o in outcomes] == [
        "week=2025-W52: 5 added, 0 updated, 0 unchanged (4 pages)",
        "week=2025-W51: 0 added, 0 updated, 0 unchanged",
    ]
    double.set_upvotes("2512.20114", 70)
    again = refresher.run_once()
    assert again[0].summary().startswith("week=2025-W52: 0 added, 1 updated, 4 unchanged")
    assert len(paper_ids(settings.database)) == 5


def test_runs_in_the_background_until_stopped(double, tmp_path):
    settings = config(double.base_url, tmp_path)
    refresher = Refresher(settings, 3600, today=lambda: date(2025, 12, 26)).start()
    try:
        assert refresher.ran.wait(30)
    finally:
        refresher.stop(30)
    assert refresher.runs == 1
    assert len(paper_ids(settings.database)) == 5


def test_an_offline_run_is_recorded_and_the_refresher_carries_on(tmp_path):
    refresher = Refresher(config(unused_url(), tmp_path), 3600).start()
    try:
        assert refresher.ran.wait(30)
    finally:
        refresher.stop(30)
    conn = db.connect(tmp_path / "shelf.sqlite3")
    rows = conn.execute("SELECT status, message FROM fetches").fetchall()
    conn.close()
    assert [r["status"] for r in rows] == ["offline"]
    assert "connection refused" in rows[0]["message"]


def test_serve_refuses_a_too_short_refresh_interval(cli):
    result = cli("serve", "--refresh", "10s")
    assert result.exit_code == 2
    assert "refresh at most once a minute" in result.output


def test_serve_with_refresh_fetches_the_current_week_in_the_background(double, tmp_path):
    double.today = date.today()
    double.listings[week_of(date.today()).name] = double.listings.pop("week=2025-W52")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", str(port), "--refresh", "1h",
         "--db", str(tmp_path / "served.sqlite3")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, **environment(double)},
    )  # fmt: skip
    try:
        sources = []
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/sources") as response:
                    sources = json.load(response)["items"]
            except OSError:
                pass
            # Done when both listings have a finished run (a run shows "running" until then).
            if len(sources) == 2 and all(s["status"] != "running" for s in sources):
                break
            time.sleep(0.1)
        assert [s["status"] for s in sources] == ["ok", "ok"], sources
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/papers/2512.19877") as response:
            assert json.load(response)["upvotes"] == 88
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert "refreshing the current listings every 60 min" in output


def test_enrich_in_background_completes_just_ingested_papers(double, tmp_path):
    settings = config(double.base_url, tmp_path).with_changes(arxiv_min_interval=0)
    conn = db.connect(settings.database)
    try:
        ids = ingest_data(conn, SEED.read_bytes(), SEED.name).ids
        ibp = next(i for i in ids if i.startswith("understanding-certified-training"))
        enrich_in_background(settings, [ibp]).join(30)
        paper = store.get_paper(conn, store.resolve_id(conn, ibp))
    finally:
        conn.close()
    assert (paper.id, paper.primary_category) == ("2306.10426", "cs.LG")
    assert paper.authors == ["Lena Hartmann", "Tobias Feld", "Mira Lindqvist", "Jonas Mensah"]
    # Only the papers named were looked up.
    assert double.paths("/api/papers/search") == ["/api/papers/search"]
