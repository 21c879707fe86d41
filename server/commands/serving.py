"""How `papershelf serve` runs: waitress threads in one process, or with `--workers N` N
processes (gunicorn, threaded workers) on one socket.

Each process opens its own connections to the same SQLite file (WAL: readers never wait
for a writer; writes take turns). Gunicorn restarts a worker that dies.
"""

from __future__ import annotations

import gc
import logging
import signal
import time
from functools import lru_cache

from gunicorn.app.base import BaseApplication
from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import WSGITask

from server.commands.batched_log import BatchedStreamHandler

ONE_SEND_UP_TO = 256 * 1024  # a larger body is not copied to join its header


class LogFormatter(logging.Formatter):
    """The standard formatter, its `asctime` worked out once a second: a busy server writes a
    line per request, and most lines of a second share it."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        if datefmt:
            return super().formatTime(record, datefmt)
        return self.default_msec_format % (self._second(int(record.created)), record.msecs)

    @lru_cache(maxsize=1)  # noqa: B019 (one entry; formatters live as long as the process)
    def _second(self, second: int) -> str:
        return time.strftime(self.default_time_format, self.converter(second))


def log_to_stderr(level: str, log_format: str) -> None:
    """Every logger's lines on stderr, from `level` up: below WARNING in batches, written
    within a second (batched_log.py); WARNING and worse at once."""
    handler = BatchedStreamHandler()
    handler.setFormatter(LogFormatter(log_format))
    logging.basicConfig(level=level.upper(), handlers=[handler])
    # Records leave out what this format never shows (the logging HOWTO, "Optimization"):
    # the thread's and the process's names and ids cost every request's line a few calls.
    if "%(thread" not in log_format:
        logging.logThreads = False
    if "%(process" not in log_format:
        logging.logProcesses = logging.logMultiprocessing = False


class _Task(WSGITask):
    """waitress's task, changed twice.

    waitress 3.0 closes the connection after every answer without a body (304, 204): it
    finds no Content-Length to send and closes to mark the end of a body there is none of.
    A feed reader revalidating gets a 304 and should keep its connection: it does here,
    unless the client asked to close or speaks HTTP/1.0.

    waitress sends an answer's header and its body by two sends; here a body up to
    `ONE_SEND_UP_TO` goes out with its header in one (one system call, during which the
    thread hands Python's GIL to another, instead of two)."""

    _building = False

    def write(self, data) -> None:
        if self.wrote_header or not data or len(data) > ONE_SEND_UP_TO:
            return super().write(data)
        channel = self.channel
        channel.hold_next = True  # the header waits for the body's first bytes
        try:
            super().write(data)
        finally:
            channel.send_held()

    def build_response_header(self):
        self._building = True
        try:
            return super().build_response_header()
        finally:
            self._building = False

    def set_close_on_finish(self) -> None:
        asked = self.request.headers.get("CONNECTION", "").lower() == "close"
        if self._building and not self.has_body and self.version == "1.1" and not asked:
            return
        super().set_close_on_finish()


class _Channel(HTTPChannel):
    task_class = _Task
    hold_next = False  # set by the task (the only writer) before it writes a header
    _held: bytes | None = None

    def write_soon(self, data) -> int:
        if self.hold_next:
            self.hold_next = False
            self._held = data
            return len(data)
        if self._held is not None:
            data, self._held = self._held + data, None
        return super().write_soon(data)

    def send_held(self) -> None:
        """The held header, alone: nothing followed it (a HEAD answer's) or the write failed."""
        self.hold_next = False
        held, self._held = self._held, None
        if held is not None and self.connected:
            super().write_soon(held)


def waitress_server(app, host: str, port: int, threads: int):
    server = create_server(
        app, host=host, port=port, threads=threads, ident="papershelf",
        # A streamed export fills the connection's buffer as fast as the client drains it:
        # keep up to the point where the writer waits (16 MB) in memory, not in a temp file.
        outbuf_overflow=16 * 1024 * 1024,
    )  # fmt: skip
    server.channel_class = _Channel
    return server


def settle_heap() -> None:
    """Leave what start-up made (modules, the app, the server) out of every later garbage
    collection: it lives as long as the process (`gc.freeze`, which the gc module's docs
    offer for servers). A whole export makes and frees objects by the million, and each full
    collection it sets off walked all of start-up's too: 6% of a 45k export's time."""
    gc.collect()  # start-up's garbage goes now, not frozen with the rest
    gc.freeze()


def serve_threads(app, host: str, port: int, threads: int) -> None:
    server = waitress_server(app, host, port, threads)
    settle_heap()
    # SIGTERM (`kill`, systemd, a supervisor) stops serve as Ctrl-C does: waitress's loop
    # ends, and the process exits normally, writing what its log still holds.
    signal.signal(signal.SIGTERM, _exit_quietly)
    server.run()


def _exit_quietly(_signum, _frame) -> None:
    raise SystemExit(0)


class _Processes(BaseApplication):
    def __init__(self, app, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def serve_processes(app, host: str, port: int, threads: int, workers: int) -> None:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    settle_heap()  # before the workers fork: each inherits a heap its collections leave alone
    _Processes(
        app,
        {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "proc_name": "papershelf",
            "accesslog": None,
            "keepalive": 5,
            "graceful_timeout": 10,
            "control_socket_disable": True,  # one less file outside the instance folder
        },
    ).run()
