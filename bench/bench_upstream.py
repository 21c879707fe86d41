"""Benchmark: fetch a large month listing from the local HF double, refresh it, enrich.

    python bench/bench_upstream.py [--items 1000] [--titles 200]

Prints the time (and items/s) for a first fetch of a month listing served in pages of 50
(every page answered 200), a refresh where nothing changed (every page 304 from the
response cache), a refresh where every upvote changed, and an enrich of title-only papers
(one search per title, one arXiv request per 50 ids, no spacing: ARXIV_MIN_INTERVAL=0).
Everything runs over real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server import store  # noqa: E402
from server.config import Settings  # noqa: E402
from server.models import Paper  # noqa: E402
from server.store import db  # noqa: E402
from server.upstream.clients import make_clients  # noqa: E402
from server.upstream.enrich import enrich  # noqa: E402
from server.upstream.fetch import fetch_listing  # noqa: E402
from server.upstream.listings import Listing  # noqa: E402
from tests.doubles.hf_arxiv_server import HfArxivDouble  # noqa: E402


def synthetic_items(template: dict, count: int) -> list[dict]:
    items = []
    for n in range(count):
        item = copy.deepcopy(template)
        arxiv_id = f"2512.{10000 + n}"
        item["paper"]["id"] = arxiv_id
        item["paper"]["title"] = item["title"] = f"Synthetic benchmark paper number {n}"
        item["publishedAt"] = f"2025-12-{1 + n % 28:02d}T02:44:20.973Z"
        items.append(item)
    return items


def synthetic_atom(count: int) -> str:
    entries = "".join(
        f"<entry><id>http://arxiv.org/abs/2512.{10000 + n}v1</id>"
        f"<title>Synthetic benchmark paper number {n}</title>"
        f"<published>2025-12-01T00:00:00Z</published>"
        f"<author><name>Ann Lee</name></author><author><name>Yi Guo</name></author>"
        f'<arxiv:primary_category term="cs.LG"/><category term="cs.LG"/></entry>'
        for n in range(count)
    )
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        f"<id>bench</id>{entries}</feed>"
    )


def timed(label: str, count: int, action):
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed:7.2f} s  {count / elapsed:8.0f} items/s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--titles", type=int, default=200)
    args = parser.parse_args()
    with HfArxivDouble() as double, tempfile.TemporaryDirectory() as tmp:
        template = double.listings["week=2025-W52"][0]
        double.listings = {"month=2025-12": synthetic_items(template, args.items)}
        double.papers = double.listings["month=2025-12"]
        double.atom = synthetic_atom(args.items)
        settings = Settings.from_mapping(
            {
                "DATABASE": f"{tmp}/bench.sqlite3",
                "HF_BASE_URL": double.base_url,
                "ARXIV_BASE_URL": double.base_url,
                "ARXIV_MIN_INTERVAL": 0,
            }
        )
        conn = db.connect(settings.database)
        clients = make_clients(settings, conn)
        month = Listing("month", "2025-12")
        first = timed(
            f"fetch month, {args.items} items (200s)",
            args.items,
            lambda: fetch_listing(conn, clients.hf, month),
        )
        print("   ", first.summary())
        again = timed(
            "refresh, unchanged (304s)", args.items, lambda: fetch_listing(conn, clients.hf, month)
        )
        print("   ", again.summary())
        for item in double.listings["month=2025-12"]:
            item["paper"]["upvotes"] += 1
        bumped = timed(
            "refresh, every upvote changed",
            args.items,
            lambda: fetch_listing(conn, clients.hf, month),
        )
        print("   ", bumped.summary())

        # Enrich: title-only copies of papers the double knows.
        conn.execute("DELETE FROM papers")
        conn.execute("DELETE FROM papers_fts")
        titles = [Paper(title=f"Synthetic benchmark paper number {n}") for n in range(args.titles)]
        store.ingest(conn, titles)
        report = timed(
            f"enrich {args.titles} title-only papers",
            args.titles,
            lambda: enrich(conn, clients.hf, clients.arxiv),
        )
        print("   ", report.summary())
        print(f"    HTTP requests served by the double: {len(double.requests)}")
        conn.close()


if __name__ == "__main__":
    main()
