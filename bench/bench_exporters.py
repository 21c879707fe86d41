"""Export ~45,000 papers in every format and print entries per second.

    python bench/bench_exporters.py [--copies 1000]

The seed's 45 papers are replicated with distinct titles and ids; every third copy also
gets an arXiv id, author names (some accented) and keywords, so both BibTeX entry kinds
and the name splitting are exercised. For BibTeX it also prints the ratio of our total
time to bibtexparser's own BibTexWriter writing the same, already prepared entries.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.bibtex import bibtex_entries, write_entries  # noqa: E402
from server.formats import FORMATS  # noqa: E402
from server.models import Paper, title_id  # noqa: E402
from server.parsing import parse_any  # noqa: E402

SEED = ROOT / "seeds" / "hf-papers-page-2025-12-24.txt"
AUTHORS = ["Zoë Ångström", "José Martínez-Núñez", "Ludwig van Beethoven", "Yi Guo", "Ann Lee"]


def build_papers(copies: int) -> list[Paper]:
    seed = parse_any(SEED.read_bytes(), name=SEED.name).papers
    papers = []
    for copy in range(copies):
        for n, paper in enumerate(seed):
            title = f"{paper.title} (copy {copy})"
            if copy % 3 == 0:
                arxiv_id = f"{2000 + copy % 500:04d}.{n + 10000 * (copy // 500):05d}"
                papers.append(
                    Paper(
                        title=title,
                        arxiv_id=arxiv_id,
                        abstract=paper.abstract,
                        authors=AUTHORS[: 1 + n % len(AUTHORS)],
                        published=paper.published,
                        featured=paper.featured,
                        keywords=["diffusion", "llm"],
                        primary_category="cs.LG",
                    )
                )
            else:
                papers.append(replace(paper, title=title, id=title_id(title)))
    return papers


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000, help="copies of the 45 seed papers")
    args = parser.parse_args()
    seconds, papers = timed(build_papers, args.copies)
    print(f"{len(papers)} papers built in {seconds:.1f} s")
    gc.collect()
    gc.freeze()  # the papers live throughout: keep the collector from rescanning them
    for fmt in FORMATS.values():
        options = {"ascii": True} if fmt.name == "bibtex" else {}
        seconds, text = timed(fmt.render, papers, **options)
        print(
            f"{fmt.name:>9}: {len(papers) / seconds:>9,.0f} entries/s"
            f"  ({seconds:5.2f} s, {len(text) / 1e6:6.1f} MB)"
        )
    ours, _ = timed(lambda: write_entries(bibtex_entries(papers)))
    entries = bibtex_entries(papers)
    gc.collect()
    writer_only, _ = timed(write_entries, entries)
    print(
        f"BibTeX (UTF-8): ours {ours:.2f} s, bibtexparser's BibTexWriter alone on the same "
        f"prepared entries {writer_only:.2f} s, ratio {ours / writer_only:.2f}"
    )


if __name__ == "__main__":
    main()
