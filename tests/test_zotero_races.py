"""Saved exactly once, for real: two saves of one paper fired at the same moment (two HTTP
requests to a running server, or an HTTP request and the CLI in another process), against
doubles that answer after 100 ms, for the web library and the desktop app. Every trial ends
with one item in Zotero and the two answers `saved` and `exists` with the same key."""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest
import requests
from werkzeug.serving import make_server

from server.app import create_app
from tests.conftest import TEST_TOKEN, cli_env
from tests.doubles import unused_url
from tests.doubles.zotero_connector import ZoteroConnectorDouble, desktop_config
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

TRIALS = 20
LATENCY = 0.1
AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
IDS = [f"2512.{n:05d}" for n in range(1, TRIALS + 1)]


class Server:
    """The real app on a threaded server, as `papershelf serve` runs it (many threads)."""

    def __init__(self, app):
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


@pytest.fixture(params=["web", "desktop"])
def target(request, tmp_path):
    """(config, count of items in Zotero) for a double answering after 100 ms."""
    if request.param == "web":
        with ZoteroWebDouble(latency=LATENCY) as double:
            yield web_config(double), lambda: len(double.items)
    else:
        with ZoteroConnectorDouble(latency=LATENCY) as zotero:
            yield (
                desktop_config(zotero, ZOTERO_PDF_BASE_URL=unused_url()),
                lambda: len(zotero.library),
            )


@pytest.fixture
def server(tmp_path, target):
    config, _count = target
    database = tmp_path / "shelf.sqlite3"
    app = create_app({"TESTING": True, "DATABASE": str(database), "API_TOKEN": TEST_TOKEN}
                     | config)  # fmt: skip
    with Server(app) as running:
        cards = [{"arxiv_id": i, "title": f"Race Paper {i}"} for i in IDS]
        reply = requests.post(f"{running.url}/api/ingest", json={"items": cards}, headers=AUTH,
                              timeout=10)  # fmt: skip
        assert reply.json()["added"] == TRIALS
        running.database = database
        yield running


def http_save(server, paper_id: str) -> dict:
    reply = requests.post(f"{server.url}/api/library/items", json={"ids": [paper_id]},
                          headers=AUTH, timeout=60)  # fmt: skip
    [item] = reply.json()["items"]
    return item


def test_two_http_saves_at_the_same_moment_make_one_item(server, target):
    _config, count = target
    for paper_id in IDS:
        start, answers = threading.Barrier(2), []

        def fire(paper_id=paper_id, start=start, answers=answers):
            start.wait(timeout=10)
            answers.append(http_save(server, paper_id))

        threads = [threading.Thread(target=fire) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(a["status"] for a in answers) == ["exists", "saved"], answers
        assert answers[0]["zotero_key"] == answers[1]["zotero_key"]
    assert count() == TRIALS


def cli_trials(env: dict, ids: list[str], start, answers) -> None:
    """In another process: `papershelf save ID` for each paper, at the start signal."""
    os.environ.update(env)
    from click.testing import CliRunner

    from server.cli import main

    runner = CliRunner()
    for paper_id in ids:
        start.wait(timeout=60)
        answers.put(runner.invoke(main, ["save", paper_id]).output)


def test_an_http_save_and_the_cli_at_the_same_moment_make_one_item(server, target):
    config, count = target
    context = multiprocessing.get_context("spawn")
    start, answers = context.Barrier(2), context.Queue()
    env = cli_env(config) | {"PAPERSHELF_DB": str(server.database)}
    cli = context.Process(target=cli_trials, args=(env, IDS, start, answers))
    cli.start()
    try:
        for paper_id in IDS:
            start.wait(timeout=60)
            from_http = http_save(server, paper_id)
            from_cli = answers.get(timeout=60).split()
            assert sorted([from_http["status"], from_cli[0]]) == ["exists", "saved"], (
                from_http, from_cli,
            )  # fmt: skip
    finally:
        cli.join(timeout=60)
        if cli.is_alive():
            cli.kill()
    assert count() == TRIALS
