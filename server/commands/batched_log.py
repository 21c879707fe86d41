"""serve's log handler: lines kept in memory and written in batches, as nginx's
`access_log ... buffer=64k flush=1s` does.

A busy server logs a line per request. Written one by one, each line is a system call made
while holding the handler's lock, and every request thread waits its turn at that lock: the
threads hand Python's GIL back and forth around each write, which costs more than the line
(bench/bench_scale.py serve). Here a line below WARNING joins a batch, written by one write
when `max_bytes` have gathered or at most `delay` seconds after it came, so an idle server's
lines still appear within about a second. A WARNING or worse is written at once, after the
lines before it. Nothing kept is lost on a clean stop: `flush` and `close` write the batch,
and logging calls both at exit (`logging.shutdown`, registered with atexit), in serve's
process and in every gunicorn worker.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref

MAX_BYTES = 64 * 1024
DELAY = 1.0  # seconds a line may wait


class BatchedStreamHandler(logging.StreamHandler):
    def __init__(self, stream=None, max_bytes: int = MAX_BYTES, delay: float = DELAY) -> None:
        super().__init__(stream)
        self.max_bytes, self.delay = max_bytes, delay
        self._lines: list[str] = []
        self._size = 0
        self._closed = False
        self._flusher: threading.Thread | None = None  # started by the first kept line
        _HANDLERS.add(self)

    def emit(self, record: logging.LogRecord) -> None:
        # Called with the handler's lock held (logging.Handler.handle).
        try:
            line = self.format(record) + self.terminator
        except Exception:
            self.handleError(record)
            return
        self._lines.append(line)
        self._size += len(line)
        if record.levelno >= logging.WARNING or self._size >= self.max_bytes or self._closed:
            self._write_batch()
        elif self._flusher is None:
            self._flusher = threading.Thread(
                target=_flush_every, args=(weakref.ref(self), self.delay),
                name="papershelf-log-flusher", daemon=True,
            )  # fmt: skip
            self._flusher.start()

    def flush(self) -> None:
        with self.lock:
            self._write_batch()

    def close(self) -> None:
        with self.lock:
            self._write_batch()
            self._closed = True  # a line logged after this is written at once
        super().close()

    def _write_batch(self) -> None:
        if not self._lines:
            return
        batch = "".join(self._lines)
        self._lines.clear()
        self._size = 0
        try:
            self.stream.write(batch)
            self.stream.flush()
        except Exception:  # as StreamHandler: a log that cannot be written stops nothing
            self.handleError(logging.makeLogRecord({"msg": batch}))

    def _forget_parents_batch(self) -> None:
        """In a forked child (a gunicorn worker): the batch is the parent's to write, and
        the parent's flusher thread did not come along."""
        self._lines.clear()
        self._size = 0
        self._flusher = None


def _flush_every(handler_ref: weakref.ref, delay: float) -> None:
    """The flusher thread: the batch written every `delay` seconds while the handler lives."""
    while True:
        time.sleep(delay)
        handler = handler_ref()
        if handler is None or handler._closed:
            return
        handler.flush()
        del handler


_HANDLERS: weakref.WeakSet[BatchedStreamHandler] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for handler in list(_HANDLERS):
        handler._forget_parents_batch()


os.register_at_fork(after_in_child=_after_fork_in_child)
