"""A parse pauses automatic garbage collection (server/parsing/collector.py) and always leaves
the collector as it found it: after errors, when the caller had turned it off, and when
several threads parse at once."""

from __future__ import annotations

import gc
import threading
import time

import pytest

import server.parsing
from server.parsing import ParseError, parse_any
from tests.conftest import ROOT

SEED = ROOT / "seeds" / "hf-papers-page-2025-12-24.txt"


@pytest.fixture(autouse=True)
def collector_on():
    """Each test starts with the collector on; a failing test does not leave it off."""
    gc.enable()
    yield
    gc.enable()


def watched_text_parser(monkeypatch, before=lambda: None):
    """The text parser, recording whether the collector ran during each call."""
    seen: list[bool] = []
    real = server.parsing.parse_listing_text

    def parse(*args, **options):
        before()
        seen.append(gc.isenabled())
        return real(*args, **options)

    monkeypatch.setattr(server.parsing, "parse_listing_text", parse)
    return seen


def test_collection_is_paused_during_a_parse_and_resumed_after(monkeypatch):
    seen = watched_text_parser(monkeypatch)
    result = parse_any(SEED.read_text(encoding="utf-8"), name=SEED.name)
    assert len(result.papers) == 45
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize(
    "data", [b"", "   \n", b"\x00\x01binary", "<svg></svg>", "{not json", "just one line"]
)
def test_a_rejected_input_leaves_the_collector_on(data):
    with pytest.raises(ParseError):
        parse_any(data)
    assert gc.isenabled()


def test_an_unexpected_failure_inside_the_parser_leaves_the_collector_on(monkeypatch):
    def broken(*args, **options):
        raise RuntimeError("a bug in a parser")

    monkeypatch.setattr(server.parsing, "parse_listing_text", broken)
    with pytest.raises(RuntimeError, match="a bug in a parser"):
        parse_any("Some title\n\nSome abstract.\n")
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(monkeypatch):
    gc.disable()
    parse_any(SEED.read_bytes(), name=SEED.name)
    assert not gc.isenabled()
    with pytest.raises(ParseError):
        parse_any(b"")
    assert not gc.isenabled()


def test_the_collector_stays_paused_until_the_last_of_two_overlapping_parses_ends(monkeypatch):
    # A enters, B enters, A ends; B must still run paused; once B ends collection resumes.
    a_inside, b_inside, a_done, b_may_end = (threading.Event() for _ in range(4))
    observed: dict[str, bool] = {}
    real = server.parsing.parse_listing_text

    def parse(text, name, as_of, **options):
        if name == "a":
            a_inside.set()
            assert b_inside.wait(10)
        else:
            b_inside.set()
            assert a_done.wait(10)
            observed["b after a ended"] = gc.isenabled()
            assert b_may_end.wait(10)
        return real(text, name, as_of, **options)

    monkeypatch.setattr(server.parsing, "parse_listing_text", parse)
    page = SEED.read_text(encoding="utf-8")
    results: dict[str, int] = {}

    def run(name):
        results[name] = len(parse_any(page, name=name).papers)

    a = threading.Thread(target=run, args=("a",))
    b = threading.Thread(target=run, args=("b",))
    a.start()
    assert a_inside.wait(10)
    b.start()
    a.join(10)
    observed["a ended, b running"] = gc.isenabled()
    a_done.set()  # B looks at the collector now, while it still runs
    b_may_end.set()
    b.join(10)
    assert observed == {"a ended, b running": False, "b after a ended": False}
    assert results == {"a": 45, "b": 45}
    assert gc.isenabled()


def test_many_threads_parsing_and_failing_at_once_leave_the_collector_on(monkeypatch):
    seen = watched_text_parser(monkeypatch, before=lambda: time.sleep(0.002))
    page = SEED.read_text(encoding="utf-8")
    failures: list[str] = []

    def work(number: int) -> None:
        for round_ in range(5):
            try:
                if (number + round_) % 3 == 0:
                    parse_any(b"\xff\xfe\x00")  # rejected, never reaches the text parser
                else:
                    parse_any(page, name=f"t{number}-{round_}.txt")
            except ParseError as exc:
                failures.append(str(exc))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(seen) + len(failures) == 8 * 5
    assert failures and seen
    assert not any(seen)  # every parse ran paused
    assert gc.isenabled()
