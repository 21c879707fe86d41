"""Automatic garbage collection paused while a page is parsed.

A parse makes hundreds of thousands of objects (lines, blocks, Papers, their lists) and frees
none until it ends, so every threshold the collector's counters cross starts a collection
that walks all of them, and finds nothing: the records are acyclic. On a 45,000-paper page
those fruitless full collections were a fifth of the parse. Cycles made meanwhile are not
lost: the collector finds them at its next run after the pause.

The collector's switch is process-wide, so pauses are counted: the first parse to start
turns it off (only if it was on), the last one to finish turns it back on, on every path,
exceptions included. A collector someone else turned off stays off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # parses running now, in any thread
_turned_off = False  # whether the first of them turned the collector off


@contextmanager
def collection_paused() -> Iterator[None]:
    global _pauses, _turned_off
    with _lock:
        if _pauses == 0:
            _turned_off = gc.isenabled()
            if _turned_off:
                gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _turned_off:
                _turned_off = False
                gc.enable()
