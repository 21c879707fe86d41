"""Benchmark: parse and store the seed replicated to ~45,000 papers, then query it.

    python bench/bench_foundation.py [--copies 1000]

Prints papers/s for parsing alone and for parse + store, and p50/p95 latency of
GET /api/papers?q=... against the full database (through the WSGI app, no network).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server import store  # noqa: E402
from server.app import create_app  # noqa: E402
from server.parsing import parse_any  # noqa: E402
from server.store import db  # noqa: E402

SEED = ROOT / "seeds" / "hf-papers-page-2025-12-24.txt"
QUERIES = ["interval", "diffusion models", "language model training", "reinforcement", "tulu"]


def replicated_page(copies: int) -> str:
    """The seed page with its paper blocks repeated, each copy's titles made distinct."""
    text = SEED.read_text(encoding="utf-8")
    papers = parse_any(text, name=SEED.name).papers
    header, _, body = text.partition("\n\nUnderstanding Certified Training")
    body = "Understanding Certified Training" + body
    titles = [p.title for p in papers]
    parts = [header]
    for copy in range(copies):
        chunk = body
        for title in titles:
            chunk = chunk.replace(f"{title}\n", f"{title} (copy {copy})\n", 1)
        parts.append(chunk)
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=1000)
    args = parser.parse_args()
    page = replicated_page(args.copies)

    started = time.perf_counter()
    parsed = parse_any(page, name=SEED.name)
    parse_seconds = time.perf_counter() - started
    count = len(parsed.papers)
    print(f"papers: {count}  problems: {len(parsed.problems)}")
    print(f"parse only:     {count / parse_seconds:10.0f} papers/s  ({parse_seconds:.2f} s)")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        conn = db.connect(path)
        started = time.perf_counter()
        result = store.ingest(conn, parse_any(page, name=SEED.name).papers)
        total = time.perf_counter() - started + parse_seconds
        print(
            f"parse + store:  {count / total:10.0f} papers/s  ({total:.2f} s, {result.added} added)"
        )
        started = time.perf_counter()
        again = store.ingest(conn, parsed.papers)
        seconds = time.perf_counter() - started
        print(f"re-ingest (all unchanged): {count / seconds:10.0f} papers/s  ({again.unchanged})")
        conn.close()

        app = create_app({"DATABASE": str(path), "API_TOKEN": "bench"})
        client = app.test_client()
        timings = []
        for _round in range(40):
            for query in QUERIES:
                started = time.perf_counter()
                response = client.get(f"/api/papers?q={query}&limit=50")
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.get_data(as_text=True)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"GET /api/papers?q=... over {count} papers: p50 {p50:.1f} ms  p95 {p95:.1f} ms "
              f"({len(timings)} requests)")  # fmt: skip


if __name__ == "__main__":
    main()
