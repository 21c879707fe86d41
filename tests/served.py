"""`papershelf serve` as a user starts it, in a real process, for the tests that need real
HTTP: one way to start it, wait for it and stop it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, wait_for_json


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Served:
    port: int
    output: Callable[[], str]  # what it printed and logged so far (stdout and stderr)
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def when_logged(self, found: Callable[[str], list], count: int, wait: float = 10) -> list:
        """`found(output)` once it finds `count` things, else after `wait` seconds: serve
        writes its log in batches, each within about a second."""
        deadline = time.monotonic() + wait
        while True:
            things = found(self.output())
            if len(things) >= count or time.monotonic() > deadline:
                return things
            time.sleep(0.05)


@contextmanager
def serving(tmp_path: Path, *options: str, attempts: int = 300) -> Iterator[Served]:
    """`papershelf serve` with `options` on a new database in `tmp_path` (seeded from the
    shipped seeds), once it answers `/api/health`; stopped on the way out."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(port),
             "--db", str(tmp_path / "served.sqlite3"), *options],
            stdout=out, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
        )  # fmt: skip
        try:
            wait_for_json(f"http://127.0.0.1:{port}/api/health", attempts=attempts)
            yield Served(port, log.read_text, process)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a loaded machine: shutting down is not tested
                process.kill()
                process.wait()
