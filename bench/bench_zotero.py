"""Benchmark: Zotero web saves, in requests per saved paper and time, at 100 ms per request.

    python bench/bench_zotero.py [--papers 100] [--latency 0.1]

Against the web API double (tests/doubles/zotero_web.py) answering every request after
`--latency` seconds, over real HTTP on 127.0.0.1, it saves N new papers:
- with ZOTERO_PDF=none, link and upload (upload also fetches N PDFs from a local file server,
  counted apart: they are not Zotero requests);
- again (all already saved: our records answer, no request);
- from another papershelf database that has no record of them (the identifier index is
  built by one sync, then every paper is found);
and, side by side, the baseline papershelf had before (one title search per paper, then
writes of 50), as a ratio. Goal: at most 1.1 Zotero requests per paper for N=100 new papers.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyzotero import zotero  # noqa: E402

from exporters.zotero import to_zotero_item  # noqa: E402
from server.config import Settings  # noqa: E402
from server.models import Paper  # noqa: E402
from server.store import db  # noqa: E402
from server.zotero.library import save_papers  # noqa: E402
from tests.doubles import FileServerDouble  # noqa: E402
from tests.doubles.zotero_web import ZoteroWebDouble, web_config  # noqa: E402

PDF = b"%PDF-1.4\n" + b"0" * 200_000 + b"\n%%EOF\n"


def papers(count: int) -> list[Paper]:
    return [
        Paper(title=f"Benchmark paper number {n}", arxiv_id=f"2512.{10000 + n}",
              authors=["Ann Lee", "Yi Guo"], published=date(2025, 12, 1), keywords=["bench"])
        for n in range(count)
    ]  # fmt: skip


def run_save(double, folder: Path, name: str, batch, pdf_mode: str, pdf_base: str):
    settings = Settings.from_mapping(
        {"DATABASE": str(folder / f"{name}.sqlite3")}
        | web_config(double, ZOTERO_PDF=pdf_mode, ZOTERO_PDF_BASE_URL=pdf_base, HTTP_TIMEOUT=30)
    )
    conn = db.connect(settings.database)
    try:
        before, started = len(double.requests), time.perf_counter()
        results = save_papers(conn, batch, settings)
        elapsed = time.perf_counter() - started
    finally:
        conn.close()
    statuses = {s: sum(r.status == s for r in results) for s in ("saved", "exists", "failed")}
    return len(double.requests) - before, elapsed, statuses, settings


def baseline(double, batch) -> tuple[int, float]:
    """The old way: one title search per paper (q=title), then create_items by 50."""
    zot = zotero.Zotero(double.user_id, "user", double.api_key)
    zot.endpoint = double.base_url
    before, started = len(double.requests), time.perf_counter()
    for paper in batch:
        zot.items(q=paper.title, qmode="titleCreatorYear", limit=50)
    items = [to_zotero_item(p) for p in batch]
    for start in range(0, len(items), 50):
        zot.create_items(items[start : start + 50])
    return len(double.requests) - before, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    batch = papers(args.papers)
    files = {f"/pdf/{p.arxiv_id}": (PDF, "application/pdf") for p in batch}
    print(f"{args.papers} new papers, every Zotero request answered after {args.latency:g} s")
    with tempfile.TemporaryDirectory() as tmp, FileServerDouble(files) as arxiv:
        folder = Path(tmp)
        rows = []
        for mode in ("none", "link", "upload"):
            with ZoteroWebDouble(latency=args.latency) as double:
                fetched = len(arxiv.requested)
                n, elapsed, statuses, _ = run_save(double, folder, mode, batch, mode,
                                                   arxiv.base_url)  # fmt: skip
                rows.append((f"ZOTERO_PDF={mode}", n, elapsed, statuses,
                             len(arxiv.requested) - fetched))  # fmt: skip
                if mode == "none":
                    again = run_save(double, folder, mode, batch, mode, arxiv.base_url)
                    rows.append(("saved again (same database)", again[0], again[1], again[2], 0))
                    other = run_save(double, folder, "other", batch, mode, arxiv.base_url)
                    rows.append(("saved again (another database)", other[0], other[1],
                                 other[2], 0))  # fmt: skip
        with ZoteroWebDouble(latency=args.latency) as double:
            base_n, base_time = baseline(double, batch)
        print(f"{'case':<32} {'requests':>8} {'per paper':>9} {'seconds':>8}  statuses")
        for name, n, elapsed, statuses, pdfs in rows:
            extra = f"  (+{pdfs} PDF downloads)" if pdfs else ""
            print(f"{name:<32} {n:>8} {n / args.papers:>9.2f} {elapsed:>8.2f}  {statuses}{extra}")
        print(f"{'baseline: search per paper':<32} {base_n:>8} {base_n / args.papers:>9.2f} "
              f"{base_time:>8.2f}")  # fmt: skip
        new_n, new_time = rows[0][1], rows[0][2]
        print(f"ratio to baseline (ZOTERO_PDF=none): requests {new_n / base_n:.3f}, "
              f"time {new_time / base_time:.3f}")  # fmt: skip
        goal = "met" if new_n / args.papers <= 1.1 else "NOT met"
        print(f"goal <= 1.1 requests per paper (writes included): {goal}")


if __name__ == "__main__":
    main()
