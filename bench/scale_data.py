"""The libraries the scale benchmarks run on: the seed's 45 papers copied with unique titles.

Copy c of seed paper n is titled "<title> (copy c)". Every third copy is an arXiv paper
(id, authors with accents and particles, keywords, category, upvotes, a code link, the day
it was featured); the others are text copies like the seed's. Dates move back one day per
copy over four years, so a library spans days the way a real one does (a seed paper
without a date stays undated in all its copies).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.models import Links, Paper  # noqa: E402
from server.parsing import parse_any  # noqa: E402

SEED = ROOT / "seeds" / "hf-papers-page-2025-12-24.txt"
CACHE = Path("/tmp/papershelf-bench")
GENERATOR_VERSION = 1  # bump when the papers made here change
AUTHORS = [
    "Zoë Ångström", "José Martínez-Núñez", "Ludwig van Beethoven", "Yi Guo", "Ann Lee",
    "Mark Niklas Müller", "Martin Luther King Jr.",
]  # fmt: skip
SPAN_DAYS = 4 * 365


def seed_papers() -> list[Paper]:
    return parse_any(SEED.read_bytes(), name=SEED.name).papers


def synthetic_papers(count: int) -> Iterator[Paper]:
    seed = seed_papers()
    for number in range(count):
        copy, n = divmod(number, len(seed))
        paper = seed[n]
        shift = timedelta(days=copy % SPAN_DAYS)
        published = paper.published - shift if paper.published else None
        title = f"{paper.title} (copy {copy})"
        if copy % 3:
            yield Paper(
                title=title,
                abstract=paper.abstract,
                author_count=paper.author_count,
                published=published,
                comments=paper.comments,
                sources=paper.sources,
            )
            continue
        yield Paper(
            title=title,
            arxiv_id=f"{2000 + copy % 600:04d}.{n * 2000 + copy // 600:05d}",
            abstract=paper.abstract,
            authors=AUTHORS[: 1 + (copy + n) % len(AUTHORS)],
            published=published,
            featured=published + timedelta(days=2) if published else None,
            upvotes=(copy * 37 + n * 11) % 400,
            comments=paper.comments,
            keywords=["diffusion", "llm"] if n % 2 else ["reasoning"],
            primary_category="cs.LG",
            links=Links(code=[f"https://github.com/example/p{n}-{copy}"] if copy % 2 else []),
            sources=paper.sources,
        )


def database(count: int) -> Path:
    """A library of `count` synthetic papers, built once and kept under /tmp."""
    from server.store import db, ingest

    path = CACHE / f"scale-{count}-v{GENERATOR_VERSION}-s{db.SCHEMA_VERSION}.sqlite3"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    conn = db.connect(partial)
    papers = list(synthetic_papers(count))
    ingest(conn, papers)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()
    partial.rename(path)
    print(f"built {path} ({count} papers) in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def stored_rows(count: int) -> list[tuple]:
    """The rows papershelf writes for the synthetic papers (the bulk-insert floor's input)."""
    from server.store import papers as paper_table

    rows = []
    for number, paper in enumerate(synthetic_papers(count)):
        record = paper_table._Record(paper, paper.title_key, "2025-01-01T00:00:00+00:00")
        day = paper.featured or paper.published
        record.search_key = ((day.toordinal() if day else 0) << 21) + 1 + number
        rows.append(paper_table._row(record, "2025-01-01T00:00:00+00:00"))
    return rows


if __name__ == "__main__":
    for size in map(int, sys.argv[1:]):
        print(database(size))
        print(json.dumps(next(synthetic_papers(1)).to_json())[:200])
