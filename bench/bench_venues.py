"""Benchmark: published-version resolution against the local Semantic Scholar, dblp and
Crossref doubles, over real HTTP on 127.0.0.1.

    python bench/bench_venues.py [--papers 300] [--sample 12]

A synthetic library: a third of the papers published with a DOI (Semantic Scholar links the
arXiv id; Crossref completes the DOI), a third found by title in dblp, a third nowhere
(preprint only). Prints, side by side:
- papers/s and requests per paper (by service) at the configured intervals (the defaults:
  Semantic Scholar 1 s, dblp 2 s, Crossref 1 s), on `--sample` papers;
- the same on all `--papers` with no spacing: the baseline, what the machinery costs;
- the ratio of the two, and the rate the intervals alone would allow.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server import store  # noqa: E402
from server.config import Settings  # noqa: E402
from server.models import Paper  # noqa: E402
from server.store import db  # noqa: E402
from server.upstream.venues.clients import make_venue_clients  # noqa: E402
from server.upstream.venues.resolve import check_venues  # noqa: E402
from tests.doubles.venues import VenueDoubles  # noqa: E402

DEFAULTS = Settings(database="unused")


def library(count: int) -> list[Paper]:
    return [
        Paper(
            title=f"Synthetic Venue Benchmark Paper Number {n}",
            arxiv_id=f"2301.{10000 + n}",
            authors=[f"Author{n} Family{n}", "Second Person"],
            published=date(2023, 1, 1 + n % 28),
        )
        for n in range(count)
    ]


def populate(doubles: VenueDoubles, papers: list[Paper]) -> None:
    doubles.s2.papers, doubles.dblp.records, doubles.crossref.works = {}, [], []
    for n, paper in enumerate(papers):
        family = paper.authors[0].split()[-1]
        if n % 3 == 0:  # published, with a DOI: Semantic Scholar links it, Crossref completes
            doi = f"10.5555/bench.{n}"
            doubles.s2.papers[paper.arxiv_id] = {
                "paperId": f"bench{n:040d}", "title": paper.title, "year": 2024,
                "venue": "Bench Conference", "externalIds": {"ArXiv": paper.arxiv_id, "DOI": doi},
                "publicationVenue": {"name": "Bench Conference", "type": "conference"},
                "publicationTypes": ["Conference"], "authors": [{"name": paper.authors[0]}],
            }  # fmt: skip
            doubles.crossref.works.append({
                "DOI": doi, "type": "proceedings-article", "title": [paper.title],
                "author": [{"given": f"Author{n}", "family": family, "sequence": "first"}],
                "container-title": ["Proceedings of the Bench Conference"], "page": "1-10",
                "publisher": "Bench", "issued": {"date-parts": [[2024, 5, 1]]},
            })  # fmt: skip
        elif n % 3 == 1:  # found by title, first author and year in dblp
            doubles.dblp.records.append({
                "authors": {"author": [{"text": paper.authors[0]}]}, "title": paper.title + ".",
                "venue": "BENCH", "year": "2023", "type": "Conference and Workshop Papers",
                "key": f"conf/bench/B{n}",
            })  # fmt: skip
        # else: published nowhere: every service is asked, none decides


def run(settings: Settings, papers: list[Paper]):
    conn = db.connect(settings.database)
    try:
        store.ingest(conn, papers)
        clients = make_venue_clients(settings, conn)
        start = time.perf_counter()
        report = check_venues(conn, clients, recheck_days=None)
        elapsed = time.perf_counter() - start
    finally:
        conn.close()
    return report, elapsed


def show(label: str, report, elapsed: float) -> float:
    checked = len(report.items)
    rate = checked / elapsed
    asked = sum(report.requests.values())
    per_service = ", ".join(f"{k} {v / checked:.2f}" for k, v in report.requests.items())
    outcomes = Counter(item.outcome for item in report.items)
    print(f"{label:<44} {checked:5d} papers {elapsed:8.2f} s {rate:9.2f} papers/s")
    print(f"    requests per paper: {asked / checked:.2f} ({per_service})")
    print(f"    {dict(outcomes)}; status {report.status}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=300)
    parser.add_argument("--sample", type=int, default=12)
    args = parser.parse_args()
    with VenueDoubles() as doubles, tempfile.TemporaryDirectory() as tmp:
        base = doubles.settings_values()
        intervals = {
            "SEMANTIC_SCHOLAR_MIN_INTERVAL": DEFAULTS.semantic_scholar_min_interval,
            "DBLP_MIN_INTERVAL": DEFAULTS.dblp_min_interval,
            "CROSSREF_MIN_INTERVAL": DEFAULTS.crossref_min_interval,
        }
        sample = library(args.sample)
        populate(doubles, sample)
        polite = Settings.from_mapping({**base, **intervals, "DATABASE": f"{tmp}/polite.sqlite3"})
        print(
            "intervals: Semantic Scholar {SEMANTIC_SCHOLAR_MIN_INTERVAL:g} s, "
            "dblp {DBLP_MIN_INTERVAL:g} s, Crossref {CROSSREF_MIN_INTERVAL:g} s".format(**intervals)
        )
        report, elapsed = run(polite, sample)
        polite_rate = show("configured intervals", report, elapsed)
        # Each service's requests after its first wait out its interval: the least time the
        # spacing alone needs, whatever the code does.
        waits = {
            name: max(0, n - 1) * intervals[key]
            for (name, n), key in zip(report.requests.items(), intervals, strict=True)
        }
        busiest = max(waits, key=waits.get)
        print(
            f"    the spacing alone needs {waits[busiest]:.1f} s ({busiest}): at most "
            f"{len(report.items) / waits[busiest]:.2f} papers/s; measured "
            f"{elapsed / waits[busiest]:.2f}x that time"
        )

        everything = library(args.papers)
        populate(doubles, everything)
        fast = Settings.from_mapping({**base, "DATABASE": f"{tmp}/fast.sqlite3"})
        report, elapsed = run(fast, everything)
        fast_rate = show("baseline: no spacing", report, elapsed)
        ratio = polite_rate / fast_rate
        print(f"ratio configured / baseline: {ratio:.4f} (spacing, not the code, sets the pace)")


if __name__ == "__main__":
    main()
