"""Serving at scale: streamed exports equal the one-shot ones, 304s that render nothing,
ETags that move only with the store, cursors that cannot crash, heavy requests that cannot
take every thread, and `serve --workers` in real processes."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from server import store
from server.app import create_app, get_db
from server.formats import FORMATS
from server.models import Paper
from server.parsing import parse_any
from server.published import PublishedVersion
from server.routes import heavy
from server.store import venues
from tests.conftest import FIXTURES, SEED, TEST_TOKEN
from tests.served import serving

HOSTILE = FIXTURES / "exporters" / "hostile.json"


def library() -> list[Paper]:
    papers = parse_any(SEED.read_bytes(), name=SEED.name).papers
    papers += [Paper.from_json(item) for item in json.loads(HOSTILE.read_text())["items"]]
    return papers


ICLR = PublishedVersion(
    kind="conference", venue="ICLR", year=2024, source="DBLP", record="conf/iclr/H24",
    evidence="title_author_year",
)  # fmt: skip


@pytest.fixture
def seeded(app):
    with app.app_context():
        store.ingest(get_db(), library())
        # Two papers have a published version: exports cite it, feeds say where it appeared.
        for paper_id in ("2411.15124", "2306.10426"):
            if store.get_paper(get_db(), paper_id):
                venues.record_check(get_db(), paper_id, "matched", ICLR, "test")
        assert venues.current(get_db(), ["2411.15124"])
    return app


def stored_order(app, **filters) -> list[str]:
    with app.app_context():
        return [p.id for p in store.iter_all(get_db(), store.PaperQuery(**filters))]


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize(
    "query", ["", "&q=model", "&sort=upvotes&has_code=false", "&ascii=1", "&prefer=preprint"]
)
def test_a_streamed_export_is_byte_for_byte_the_one_shot_export(seeded, client, name, query):
    streamed = client.get(f"/api/export?format={name}{query}")
    assert streamed.status_code == 200
    filters = {"q": "model"} if "q=" in query else {}
    filters |= {"sort": "upvotes", "has_code": False} if "sort" in query else {}
    ids = ",".join(stored_order(seeded, **filters))
    # The same papers asked for by id are rendered in one piece by the format's own writer.
    one_shot = client.get(f"/api/export?format={name}&ids={ids}{query}")
    assert one_shot.status_code == 200
    assert streamed.get_data() == one_shot.get_data()
    assert streamed.get_data()  # not both empty


def test_the_streamed_bibtex_gives_clashing_keys_their_suffixes(seeded, client):
    text = client.get("/api/export?format=bibtex").get_data(as_text=True)
    assert "booktitle = {ICLR}" in text or "ICLR" in text  # the published version is cited
    assert "@misc{vaswaniattentionallneed2025," in text
    assert "@misc{vaswaniattentionallneed2025a," in text


def test_the_command_line_export_streams_the_same_bytes(seeded, client, cli, tmp_path):
    for path in (SEED, HOSTILE):
        if path == HOSTILE:
            page = json.dumps({"items": json.loads(HOSTILE.read_text())["items"]})
            path = tmp_path / "hostile.json"
            path.write_text(page)
        cli("ingest", path)
    for name in ("bibtex", "rss", "jsonfeed"):
        # The command's database has no published versions: both cite the preprints.
        http = client.get(f"/api/export?format={name}&prefer=preprint").get_data(as_text=True)
        command = cli("export", "--format", name, "--prefer", "preprint").output
        if name == "bibtex":
            assert command == http
        else:  # the feeds differ only in where they say they are served
            assert len(command.splitlines()) == len(http.splitlines())


def test_a_large_export_arrives_in_pieces(app, client):
    with app.app_context():
        store.ingest(get_db(), [Paper(title=f"Paper {n}", arxiv_id=f"2501.{n:05d}",
                                      abstract="x" * 500) for n in range(400)])  # fmt: skip
    response = client.get("/api/export?format=bibtex")
    chunks = list(response.response)
    assert len(chunks) > 2 and b"".join(chunks).count(b"@misc{") == 400


def never(*_args, **_kwargs):
    raise AssertionError("a conditional request that matches must not render or query")


@pytest.mark.parametrize(
    "url",
    ["/feeds/papers.rss?q=diffusion", "/feeds/papers.json", "/api/export?format=bibtex",
     "/api/export?format=rss&q=model"],
)  # fmt: skip
def test_a_matching_conditional_request_is_304_before_any_rendering(
    seeded, client, monkeypatch, url
):
    first = client.get(url)
    first.get_data()
    for name in ("query_papers", "iter_all", "iter_with_cite_bases", "CiteKeys", "newest_day"):
        monkeypatch.setattr(store, name, never)
    for name, fmt in FORMATS.items():
        monkeypatch.setitem(FORMATS, name, replace(fmt, render=never, stream_pieces=never))
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    by_date = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304


def test_etags_move_with_the_store_only(seeded, client, tmp_path):
    url = "/feeds/papers.atom?min_upvotes=1"
    first = client.get(url).headers["ETag"]
    assert client.get(url).headers["ETag"] == first
    assert client.get(url + "&limit=3").headers["ETag"] != first  # another answer
    # Another server process on the same database (a restart, another worker): same ETag.
    other = create_app({"DATABASE": seeded.extensions["papershelf"].database,
                        "API_TOKEN": TEST_TOKEN}).test_client()  # fmt: skip
    assert other.get(url).headers["ETag"] == first
    with seeded.app_context():
        store.ingest(get_db(), library())  # nothing new
    assert client.get(url).headers["ETag"] == first
    with seeded.app_context():
        store.ingest(get_db(), [Paper(title="New", arxiv_id="2601.00001")])
    changed = client.get(url).headers["ETag"]
    assert changed != first
    assert client.get(url, headers={"If-None-Match": first}).status_code == 200
    with seeded.app_context():  # a published version found changes what feeds say
        venues.record_check(get_db(), "2601.00001", "matched", ICLR, "test")
    assert client.get(url).headers["ETag"] not in (first, changed)


def cursor_text(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "A" * 100_000,  # huge
        cursor_text({"o": "newest", "k": [[[[[[["deep"]]]]]]]}),
        base64.urlsafe_b64encode(b"[" * 5000).decode(),  # 5,000 deep
        cursor_text({"o": "upvotes", "k": [2**64, "2025-01-01", "x"]}),  # past SQLite's int
        cursor_text({"o": "newest", "k": ["2025-13-45; DROP TABLE papers", "x"]}),
        cursor_text({"offset": 2**63}),  # an old offset cursor
        "%00%ff",
    ],
)
@pytest.mark.parametrize("path", ["/api/papers", "/feeds/papers.rss", "/"])
def test_bad_cursors_are_400_never_500(seeded, client, cursor, path):
    response = client.get(path, query_string={"cursor": cursor})
    if path == "/":
        assert response.status_code == 200 and "cursor: not a cursor" in response.get_data(
            as_text=True
        )
    else:
        assert response.status_code == 400
        assert response.get_json()["message"].startswith("cursor: ")


def test_a_cursor_from_another_sort_is_400(seeded, client):
    cursor = client.get("/api/papers?sort=upvotes&limit=2").get_json()["next_cursor"]
    response = client.get(f"/api/papers?sort=oldest&cursor={cursor}")
    assert response.status_code == 400
    assert "another sort" in response.get_json()["message"]


def test_the_page_follows_cursors_to_the_end(seeded, client):
    seen, url = [], "/?limit=25"
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += [line for line in page.splitlines() if line.startswith("  <article id=")]
        nxt = [line for line in page.split('<a rel="next" href="')[1:]]
        url = "/" + nxt[0].split('"')[0].replace("&amp;", "&") if nxt else None
    assert len(seen) == len(set(seen)) == 53


def test_health_counts_from_the_store_state(seeded, client):
    assert client.get("/api/health").get_json()["papers"] == 53


def test_searches_and_exports_cannot_take_every_thread(seeded, monkeypatch):
    """With every slot held by slow searches, the next search and export get 503 with
    Retry-After at once, and light requests still get their answer."""
    seeded.config["SERVER_THREADS"] = 4  # two slots
    started, release = threading.Semaphore(0), threading.Event()
    real_query = store.query_papers

    def slow_search(conn, query):
        if query.q == "slow":
            started.release()
            release.wait(30)
        return real_query(conn, query)

    monkeypatch.setattr(store, "query_papers", slow_search)
    answers = []

    def search():
        answers.append(seeded.test_client().get("/api/papers?q=slow").status_code)

    threads = [threading.Thread(target=search) for _ in range(2)]
    for thread in threads:
        thread.start()
    assert started.acquire(timeout=10) and started.acquire(timeout=10)
    client = seeded.test_client()
    try:
        for url in ("/api/papers?q=model", "/feeds/papers.rss?q=model",
                    "/api/export?format=bibtex", "/?q=model"):  # fmt: skip
            busy = client.get(url)
            assert busy.status_code == 503, url
            assert busy.headers["Retry-After"] == "1"
        assert client.get("/api/health").status_code == 200
        assert client.get("/api/papers?limit=3").status_code == 200
        assert client.get("/feeds/papers.rss").status_code == 200
    finally:
        release.set()
        for thread in threads:
            thread.join(30)
    assert answers == [200, 200]
    assert client.get("/api/papers?q=model").status_code == 200  # slots given back
    exported = client.get("/api/export?format=ris")
    exported.get_data()
    exported.close()
    assert client.get("/api/export?format=ris").status_code == 200


def test_a_search_past_its_time_budget_is_503(seeded, client, monkeypatch):
    monkeypatch.setattr(heavy, "SEARCH_BUDGET", -1.0)  # already out of time
    monkeypatch.setattr(heavy, "_CHECK_EVERY", 1)
    response = client.get("/api/papers?q=model")
    assert response.status_code == 503
    assert response.get_json()["message"].startswith("busy: the search took longer than")
    assert response.headers["Retry-After"] == "1"
    assert client.get("/api/papers?limit=2").status_code == 200  # the connection still works


def test_serve_with_workers_runs_processes_sharing_one_database(tmp_path):
    with serving(tmp_path, "--workers", "2", "--threads", "3") as served:
        base, pid = served.base, served.process.pid
        with urllib.request.urlopen(f"{base}/api/health") as response:
            health = json.load(response)
        assert health == {"name": "papershelf", "version": health["version"], "papers": 45}
        children_file = Path(f"/proc/{pid}/task/{pid}/children")
        for _ in range(300):  # the second worker may still be starting
            if len(children_file.read_text().split()) == 2:
                break
            time.sleep(0.1)
        assert len(children_file.read_text().split()) == 2  # two workers under the master
        request = urllib.request.Request(
            f"{base}/api/ingest",
            data=json.dumps({"items": [Paper(title="Shared", arxiv_id="2601.00002").to_json()]}
                            ).encode(),
            headers={"Authorization": f"Bearer {read_token(tmp_path)}"},
            method="POST",
        )  # fmt: skip
        with urllib.request.urlopen(request) as response:
            assert json.load(response)["added"] == 1
        counts = set()
        for _ in range(20):  # whichever process answers sees the write
            with urllib.request.urlopen(f"{base}/api/health") as response:
                counts.add(json.load(response)["papers"])
        assert counts == {46}


def read_token(tmp_path) -> str:
    from server.config import instance_path

    return (instance_path() / "token").read_text().strip()
