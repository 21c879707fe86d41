"""Local HTTP servers that play the services papershelf talks to, for tests.

Each double is a threaded HTTP server on 127.0.0.1 (port chosen by the OS), used as a
context manager or through start()/stop():

    with ZoteroWebDouble() as double:
        client_config = {"ZOTERO_API_BASE_URL": double.base_url, ...}

`FileServerDouble` serves fixed files (a PDF to attach); `unused_url()` gives an address
where nothing listens (a Zotero desktop app that is not running).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class DoubleHandler(BaseHTTPRequestHandler):
    """Request helpers shared by the doubles; `self.double` is the double serving."""

    server_version = "papershelf-double/1"

    @property
    def double(self):
        return self.server.double

    def pause(self) -> None:
        """Wait the double's `latency` (seconds), as a distant server would take."""
        if self.double.latency:
            time.sleep(self.double.latency)

    def log_message(self, format, *args):  # quiet: pytest shows failures, not access logs
        pass

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def split_url(self) -> tuple[str, dict[str, str]]:
        parts = urlsplit(self.path)
        return parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()}

    def send(self, status: int, body: bytes = b"", content_type: str = "text/plain",
             headers: dict | None = None) -> None:  # fmt: skip
        self.send_response(status)
        if body or status not in (201, 204):
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def send_json(self, status: int, value, headers: dict | None = None) -> None:
        self.send(status, json.dumps(value).encode(), "application/json", headers)

    def drop(self) -> None:
        """Close the connection without any reply (what a lost reply looks like)."""
        self.close_connection = True


class LocalServer:
    """A threaded HTTP server bound to 127.0.0.1:0 serving `handler_class`."""

    handler_class: type[DoubleHandler] = DoubleHandler
    latency = 0.0  # seconds each request waits before it is answered (see DoubleHandler.pause)

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the double is not running: use `with double:` or start()")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class)
        self._server.daemon_threads = True
        self._server.double = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


class _FileHandler(DoubleHandler):
    def do_GET(self):
        path, _query = self.split_url()
        with self.double.lock:
            self.double.requested.append(path)
            found = self.double.files.get(path)
        if found is None:
            self.send(404, b"not found")
        else:
            body, content_type = found
            self.send(200, body, content_type)


class FileServerDouble(LocalServer):
    """Serves `files`: {path: (bytes, content type)}; 404 for anything else."""

    handler_class = _FileHandler

    def __init__(self, files: dict[str, tuple[bytes, str]] | None = None) -> None:
        super().__init__()
        self.files = dict(files or {})
        self.requested: list[str] = []


def unused_url() -> str:
    """An http://127.0.0.1:<port> address where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
