"""How serve's waitress sends answers (server/commands/serving.py): a small answer's header
and body in one send, and every kind of answer still whole and in order on one kept
connection: a HEAD answer (a header and no body), a streamed export (chunked), a 304, and
pipelined requests."""

from __future__ import annotations

import http.client
import socket
import threading

from tests.served import serving


def test_every_kind_of_answer_comes_whole_on_one_connection(tmp_path):
    with serving(tmp_path) as served:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)

        def ask(method: str, path: str, headers=None):
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response, response.read()

        head, nothing = ask("HEAD", "/api/health")
        health, body = ask("GET", "/api/health")
        assert (head.status, nothing) == (200, b"")
        assert head.getheader("Content-Length") == health.getheader("Content-Length")
        assert body.startswith(b'{"name":"papershelf"') and len(body) == int(
            health.getheader("Content-Length")
        )
        streamed, bibtex = ask("GET", "/api/export?format=bibtex")
        assert streamed.getheader("Transfer-Encoding") == "chunked"
        assert bibtex.count(b"\n@") + bibtex.startswith(b"@") == 45
        head_streamed, nothing = ask("HEAD", "/api/export?format=ris")
        assert (head_streamed.status, nothing) == (200, b"")
        feed, _ = ask("GET", "/feeds/papers.rss")
        current, empty = ask("GET", "/feeds/papers.rss", {"If-None-Match": feed.getheader("ETag")})
        assert (current.status, empty) == (304, b"")
        socket_used = connection.sock
        again, body_again = ask("GET", "/api/health")
        assert body_again == body and connection.sock is socket_used
        connection.close()


def test_pipelined_requests_get_their_answers_in_order(tmp_path):
    ask = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    head = b"HEAD /api/papers?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    last = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    received = b""
    with serving(tmp_path) as served, socket.create_connection(("127.0.0.1", served.port)) as raw:
        raw.settimeout(30)
        raw.sendall(ask + head + last)
        while chunk := raw.recv(65536):
            received += chunk
    answers = received.split(b"HTTP/1.1 ")[1:]
    assert [answer[:3] for answer in answers] == [b"200"] * 3
    assert answers[0].endswith(b'"papers":45}\n')
    assert b'"items"' not in answers[1]  # the HEAD answer: no body
    assert answers[2].endswith(b'"papers":45}\n')


def sends_per_answer(
    monkeypatch, body: bytes, method: str = "GET", status: str = "200 OK"
) -> tuple[list[bytes], bytes]:
    """What serve's waitress was given to send (its channel's writes counted)
    for one answer of `body` (none to a HEAD, as Flask does), and what the client read."""
    from waitress import wasyncore
    from waitress.channel import HTTPChannel

    from server.commands import serving

    def app(environ, start_response):
        start_response(status, [("Content-Length", str(len(body)))])
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    writes: list[bytes] = []
    original = HTTPChannel.write_soon

    def counted(channel, data):
        writes.append(bytes(data))
        return original(channel, data)

    monkeypatch.setattr(HTTPChannel, "write_soon", counted)
    server = serving.waitress_server(app, "127.0.0.1", 0, threads=1)
    running = threading.Thread(target=server.run, daemon=True)
    running.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=30)
        connection.request(method, "/")
        received = connection.getresponse().read()
        connection.close()
    finally:
        # Closed by waitress's own loop (a thunk runs there): its loop ends with its map.
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        running.join(10)
        server.task_dispatcher.shutdown()
    return writes, received


def test_a_small_answer_goes_out_with_its_header_in_one_send(monkeypatch):
    writes, received = sends_per_answer(monkeypatch, b"x" * 1000)
    assert received == b"x" * 1000
    assert len(writes) == 1 and writes[0].endswith(b"\r\n\r\n" + b"x" * 1000)


def test_a_large_body_is_not_copied_to_join_its_header(monkeypatch):
    from server.commands.serving import ONE_SEND_UP_TO

    body = b"y" * (ONE_SEND_UP_TO + 1)
    writes, received = sends_per_answer(monkeypatch, body)
    assert received == body
    assert len(writes) == 2 and writes[0].endswith(b"\r\n\r\n") and writes[1] == body


def test_a_head_answer_sends_its_header_alone(monkeypatch):
    writes, received = sends_per_answer(monkeypatch, b"z" * 10, method="HEAD")
    assert received == b""
    assert len(writes) == 1 and writes[0].endswith(b"\r\n\r\n")
    assert b"Content-Length: 10\r\n" in writes[0]


def test_a_header_held_for_a_body_that_may_not_be_sent_still_goes(monkeypatch):
    # An app that gives a 304 a body: waitress leaves the body out, the header still goes.
    writes, received = sends_per_answer(monkeypatch, b"ignored", status="304 Not Modified")
    assert received == b""
    assert len(writes) == 1 and writes[0].startswith(b"HTTP/1.1 304 Not Modified\r\n")
    assert writes[0].endswith(b"\r\n\r\n")
