"""serve's log in batches: lines wait in memory and are written together (when enough have
gathered, within a second, or at once before a warning), in the order they came, and no
line is lost on a clean stop, from many threads, in the server and in each gunicorn worker."""

from __future__ import annotations

import io
import logging
import re
import threading
import time
import urllib.request

import pytest

from server.commands.batched_log import BatchedStreamHandler
from tests.served import serving


class Recorded(io.StringIO):
    """A stream that keeps each write apart."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


@pytest.fixture
def logged():
    """A logger of its own writing through a batched handler to a recorded stream."""
    stream = Recorded()
    handler = BatchedStreamHandler(stream, max_bytes=200, delay=30)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger(f"test.batched.{id(stream)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield logger, handler, stream
    logger.removeHandler(handler)
    handler.close()


def test_lines_wait_and_are_written_together_in_order(logged):
    logger, handler, stream = logged
    for n in range(3):
        logger.info("line %d", n)
    assert stream.writes == []
    handler.flush()
    assert stream.writes == ["INFO line 0\nINFO line 1\nINFO line 2\n"]


def test_a_warning_is_written_at_once_after_the_lines_before_it(logged):
    logger, _handler, stream = logged
    logger.info("before")
    logger.warning("something failed")
    assert stream.getvalue() == "INFO before\nWARNING something failed\n"
    logger.info("after")
    assert stream.getvalue() == "INFO before\nWARNING something failed\n"


def test_a_full_batch_is_written_by_one_write(logged):
    logger, _handler, stream = logged
    for n in range(20):  # lines of 15 characters; a batch is written from 200
        logger.info("line %04d", n)
    assert len(stream.writes) == 1
    assert stream.writes[0].count("\n") == 14  # the line that filled it went with it
    assert stream.writes[0].startswith("INFO line 0000\n")


def test_an_idle_handlers_lines_are_written_without_a_flush():
    stream = Recorded()
    handler = BatchedStreamHandler(stream, delay=0.05)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.handle(logging.makeLogRecord({"msg": "alone", "levelno": logging.INFO}))
    deadline = time.monotonic() + 10
    while not stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert stream.getvalue() == "alone\n"
    handler.close()


def test_closing_writes_what_is_held_and_later_lines_at_once(logged):
    logger, handler, stream = logged
    logger.info("held")
    handler.close()
    assert stream.getvalue() == "INFO held\n"
    logger.info("late")
    assert stream.getvalue() == "INFO held\nINFO late\n"


def test_no_line_from_many_threads_is_lost_or_written_twice(logged):
    logger, handler, stream = logged
    handler.delay = 0.001

    def write(thread: int) -> None:
        for n in range(500):
            logger.info("t%d n%d", thread, n)

    threads = [threading.Thread(target=write, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    handler.close()
    lines = stream.getvalue().splitlines()
    assert sorted(lines) == sorted(f"INFO t{t} n{n}" for t in range(8) for n in range(500))
    for t in range(8):  # each thread's lines in its order
        mine = [line for line in lines if line.startswith(f"INFO t{t} ")]
        assert mine == [f"INFO t{t} n{n}" for n in range(500)]


ACCESS = re.compile(r'papershelf\.access: .*"GET /api/health\?n=(\d+) HTTP/1\.1" 200 ')


@pytest.mark.parametrize("options", [(), ("--workers", "2", "--threads", "2")])
def test_a_stopped_server_has_logged_every_request(tmp_path, options):
    with serving(tmp_path, *options) as served:
        for n in range(40):
            with urllib.request.urlopen(f"{served.base}/api/health?n={n}", timeout=30) as reply:
                assert reply.status == 200
        # stopped at once, as `kill` or systemd stops it: the lines still held are written
    numbers = sorted(int(n) for n in ACCESS.findall(served.output()))
    assert numbers == list(range(40))
