"""Benchmark: what the CLI's progress bars cost. The same work with bars drawn (tqdm, to a
stream that says it is a terminal) and without (SILENT, what a pipe gets), side by side in
alternating rounds; prints the medians and the bars/silent ratio. The goal: about 1.0.

    python bench/bench_progress.py [--papers 20000] [--rounds 5]

Two kinds of work: a batched ingest of a generated page (a few updates, one per batch),
and reading every stored paper through `tracked` (one update per paper, the most any
command makes: venues and enrich update per paper, the rest per batch or page). Then the
cost of one update alone, over a million of them: what a bar adds per paper at most.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.commands.progress import Bars  # noqa: E402
from server.ingest import ingest_data  # noqa: E402
from server.progress import SILENT, tracked  # noqa: E402
from server.store import PaperQuery, db, iter_all  # noqa: E402


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def page(papers: int) -> bytes:
    items = [
        {"title": f"Benchmark paper {n} about progress", "arxiv_id": f"{2400 + n // 90000}."
         f"{n % 90000 + 10000:05d}", "authors": ["Ada Lovelace", "Alan Turing"],
         "upvotes": n % 97, "abstract": "A paper. " * 20}
        for n in range(papers)
    ]  # fmt: skip
    return json.dumps({"items": items}).encode()


def ingest(data: bytes, folder: Path, progress) -> float:
    conn = db.connect(folder / f"{time.perf_counter_ns()}.sqlite3")
    started = time.perf_counter()
    ingest_data(conn, data, "bench.json", batched=True, progress=progress)
    took = time.perf_counter() - started
    conn.close()
    return took


def read(path: Path, progress) -> float:
    conn = db.connect(path)
    started = time.perf_counter()
    progress.stage("reading", None)
    count = sum(1 for _ in tracked(iter_all(conn, PaperQuery()), progress))
    took = time.perf_counter() - started
    conn.close()
    assert count > 0
    return took


def per_update(progress, count: int = 1_000_000) -> float:
    """Microseconds per `tracked` step with nothing else to do."""
    progress.stage("updates", count)
    started = time.perf_counter()
    for _ in tracked(range(count), progress):
        pass
    return (time.perf_counter() - started) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data = page(args.papers)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        stored = folder / "stored.sqlite3"
        ingest_data(db.connect(stored), data, "bench.json", batched=True)
        times = {(work, way): [] for work in ("ingest", "read") for way in ("silent", "bars")}
        for _ in range(args.rounds):
            for way in ("silent", "bars"):  # side by side, alternating
                bars = Bars(Terminal()) if way == "bars" else None
                times["ingest", way].append(ingest(data, folder, bars or SILENT))
                times["read", way].append(read(stored, bars or SILENT))
                if bars:
                    bars.close()
    print(f"{args.papers} papers, {args.rounds} rounds (median seconds)")
    for work in ("ingest", "read"):
        silent = statistics.median(times[work, "silent"])
        bars = statistics.median(times[work, "bars"])
        print(
            f"  {work:<7} silent {silent:7.3f}   bars {bars:7.3f}   bars/silent {bars / silent:.3f}"
        )
    meter = Bars(Terminal())
    drawn, quiet = per_update(meter), per_update(SILENT)
    meter.close()
    print(f"  one update: silent {quiet:.2f} us, bars {drawn:.2f} us")


if __name__ == "__main__":
    main()
