"""Benchmark: how long a big ingest keeps other writers waiting, in one transaction (the
baseline, as before issue 12) and in timed batches (as `papershelf ingest` does now).

    python bench/bench_lock_hold.py [--papers 50000] [--rounds 3]

An ingest of a generated Hugging Face API JSON page runs in a process of its own, as a CLI
ingest would, while this process writes one small paper every 50 ms, as the server's API
would. Prints, for each way, the ingest's median wall time (and each round's) and the
writer's longest and median wait for the lock; then the batched/baseline ratios. The goal:
no wait longer than a few seconds, for an ingest at most a little slower than the baseline.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server import store  # noqa: E402
from server.models import Paper  # noqa: E402
from server.store import db  # noqa: E402

INGEST = """
import sys, time
from pathlib import Path
from server.ingest import ingest_data
from server.store import db
conn = db.connect(sys.argv[1], busy_timeout=600)
started = time.perf_counter()
ingest_data(conn, Path(sys.argv[2]).read_bytes(), "bench.json", batched=sys.argv[3] == "batched")
print(time.perf_counter() - started)
"""


def page(count: int) -> str:
    return json.dumps(
        [
            {
                "paper": {
                    "id": f"2603.{n:05d}",
                    "title": f"A Generated Paper About Topic {n}",
                    "summary": "An abstract of moderate length about interval bounds. " * 20,
                    "authors": [{"name": f"Author {n % 97}"}, {"name": "Ada Lovelace"}],
                    "upvotes": n % 300,
                }
            }
            for n in range(count)
        ]
    )


def run(way: str, source: Path, folder: Path) -> dict:
    path = folder / f"{way}.sqlite3"
    writer = db.connect(path, busy_timeout=600)
    ingest = subprocess.Popen(
        [sys.executable, "-c", INGEST, str(path), str(source), way],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    waits, n = [], 0
    while ingest.poll() is None:
        started = time.perf_counter()
        store.ingest(writer, [Paper(title=f"Written by the API meanwhile {way} {n}")])
        waits.append(time.perf_counter() - started)
        n += 1
        time.sleep(0.05)
    ingest_seconds = float(ingest.communicate()[0])
    writer.close()
    return {"ingest": ingest_seconds, "longest": max(waits), "median": statistics.median(waits),
            "writes": len(waits)}  # fmt: skip


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "page.json"
        source.write_text(page(args.papers), encoding="utf-8")
        print(f"{args.papers} papers, {source.stat().st_size / 1e6:.1f} MB of API JSON")
        results: dict[str, list[dict]] = {"one transaction": [], "batched": []}
        for round_ in range(args.rounds):  # side by side, so a busy machine slows both
            for way in results:
                results[way].append(run(way.split()[0], source, folder / f"{round_}"))
        for way, runs in results.items():
            ingests = ", ".join(f"{r['ingest']:.1f}" for r in runs)
            print(
                f"{way:16} ingest {median(runs, 'ingest'):6.1f} s ({ingests})   writer waited "
                "at most "
                f"{max(r['longest'] for r in runs):6.2f} s (median "
                f"{statistics.median(r['median'] for r in runs) * 1000:.0f} ms, "
                f"{sum(r['writes'] for r in runs)} writes)"
            )
        base, batched = results["one transaction"], results["batched"]
        slower = median(batched, "ingest") / median(base, "ingest")
        shorter = max(r["longest"] for r in base) / max(r["longest"] for r in batched)
        print(f"batched/baseline: ingest time x{slower:.2f}, longest wait /{shorter:.0f}")


if __name__ == "__main__":
    main()
