"""The WSGI front in a real `papershelf serve`: answers sent from memory keep the connection
(a 304 too), carry the security headers, are logged (and left out at `--log-level warning`),
and no worker process sends an answer older than the store; serve's log time stamps read as
the standard formatter's."""

from __future__ import annotations

import http.client
import json
import logging
import re
import urllib.request

from server.commands.serving import LogFormatter
from server.models import Paper
from tests.served import serving
from tests.test_scale_routes import read_token

FEED = "/feeds/papers.rss?min_upvotes=1"


def ask(connection: http.client.HTTPConnection, path: str, headers=None):
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    return response, response.read()


def test_answers_from_memory_keep_the_connection_and_their_headers(tmp_path):
    with serving(tmp_path) as served:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        first, body = ask(connection, FEED)  # the view makes it and keeps it
        assert first.status == 200 and b"<rss" in body
        socket = connection.sock
        again, body_again = ask(connection, FEED)
        current, empty = ask(connection, FEED, {"If-None-Match": first.getheader("ETag")})
        health, _ = ask(connection, "/api/health")
        health_again, _ = ask(connection, "/api/health")
        assert (again.status, current.status, health_again.status) == (200, 304, 200)
        assert body_again == body and empty == b""
        for response in (again, current, health_again):
            assert response.getheader("Connection", "").lower() != "close"
            assert response.getheader("X-Frame-Options") == "DENY"
            assert response.getheader("Content-Security-Policy").startswith("default-src 'none'")
        assert connection.sock is socket  # one connection for all five
        connection.close()
        # The log is written in batches, within a second: the server is still running.
        lines = served.when_logged(
            lambda log: re.findall(
                r'papershelf\.access: .*"GET (\S+) HTTP/1\.1" (\d{3}) (\S+) \d+ms', log
            ),
            count=5,
        )
    assert [status for target, status, _size in lines if target == FEED] == ["200", "200", "304"]
    sizes = [size for target, _status, size in lines if target == FEED]
    assert sizes[0] == sizes[1] == str(len(body)) and sizes[2] == "-"


def test_a_warning_log_level_leaves_answers_from_memory_out(tmp_path):
    with serving(tmp_path, "--log-level", "warning") as served:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
        for _ in range(3):
            assert ask(connection, FEED)[0].status == 200
        connection.close()
    # Stopped: whatever its log held is written.
    assert "papershelf on http://" in served.output()
    assert "papershelf.access" not in served.output()
    assert "GET /feeds" not in served.output()


def test_no_worker_sends_an_answer_older_than_the_store(tmp_path):
    with serving(tmp_path, "--workers", "2", "--threads", "2") as served:
        base = served.base

        def feed() -> tuple[str, bytes]:
            # A new connection each time: the workers take turns at the socket.
            with urllib.request.urlopen(base + FEED, timeout=30) as reply:
                return reply.headers["ETag"], reply.read()

        before = {feed() for _ in range(30)}  # both workers keep it
        assert len(before) == 1
        ((old_etag, old_body),) = before
        added = Paper(title="A paper both workers must show", arxiv_id="2601.00003", upvotes=9)
        ingest = urllib.request.Request(
            base + "/api/ingest", data=json.dumps({"items": [added.to_json()]}).encode(),
            headers={"Authorization": f"Bearer {read_token(tmp_path)}"}, method="POST",
        )  # fmt: skip
        with urllib.request.urlopen(ingest, timeout=30) as reply:
            assert json.load(reply)["added"] == 1
        after = {feed() for _ in range(30)}
        assert len(after) == 1
        ((new_etag, new_body),) = after
        assert new_etag != old_etag and b"A paper both workers must show" in new_body
        for _ in range(10):  # the old copy is no longer current anywhere
            stale = urllib.request.Request(base + FEED, headers={"If-None-Match": old_etag})
            with urllib.request.urlopen(stale, timeout=30) as reply:
                assert reply.status == 200


def test_serves_time_stamps_are_the_standard_formatters():
    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    ours, standard = LogFormatter(fmt), logging.Formatter(fmt)
    start = 1_795_000_000.0
    for offset in (0.0, 0.001, 0.5, 0.999, 1.0, 1.25, 3600.75, 3600.9):
        record = logging.makeLogRecord({"msg": "x", "levelname": "INFO", "name": "n"})
        record.created = start + offset
        record.msecs = (record.created - int(record.created)) * 1000
        assert ours.format(record) == standard.format(record)
