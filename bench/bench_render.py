"""What one entry of a streamed export costs to render, over reading it (issue 13).

    python bench/bench_render.py [--papers 45000] [--rounds 5] [--against PATH]

Every row of the scale library (bench/scale_data.py) is read into memory once. Each round
decodes every row (`json.loads` + `Paper.from_json`: the floor of `bench_scale.py export`)
and renders it with the streamed BibTeX, RSS and Atom writers, in one process, CPU time,
the garbage collector off. The figure is the best round over the best floor, per entry.
`--against PATH` measures another checkout of papershelf (`git archive main | tar -x -C
PATH`) too, alternating with this one, so that a change is seen against what it replaces.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(tree: str, database: str, rounds: int) -> None:
    """Run in a process of its own, with `tree` first on the path."""
    import gc
    import json
    import sqlite3
    import time

    sys.path.insert(0, tree)
    from exporters import streams
    from exporters.feed_items import EARLIEST
    from server.models import Paper

    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:  # no migration
        rows = [data for (data,) in conn.execute("SELECT data FROM papers")]
    gc.disable()
    loads, decode = json.loads, Paper.from_json

    def floor():
        for data in rows:
            decode(loads(data))

    def bibtex():
        keys = {}  # as the store gives them: the key of the paper being written

        def papers():
            for data in rows:
                paper = decode(loads(data))
                keys.clear()
                keys[paper.id] = "key"
                yield paper

        for _ in streams.stream_bibtex(papers(), keys=keys):
            pass

    def feed(writer):
        def run():
            papers = (decode(loads(data)) for data in rows)
            for _ in writer(papers, title="papershelf", updated=EARLIEST):
                pass

        return run

    work = {"floor": floor, "bibtex": bibtex, "rss": feed(streams.stream_rss),
            "atom": feed(streams.stream_atom)}  # fmt: skip
    best = dict.fromkeys(work, float("inf"))
    for _round in range(rounds):
        for name, run in work.items():
            started = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - started)
    per_row = {name: seconds / len(rows) * 1e6 for name, seconds in best.items()}
    over = "  ".join(
        f"{name} {per_row[name] - per_row['floor']:.2f}" for name in work if name != "floor"
    )
    print(f"{tree}: floor {per_row['floor']:.2f} us per row; per entry over it (us): {over}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=45000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", help="another papershelf checkout, measured in turn")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # a tree: the child's work
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.database, args.rounds)
        return
    sys.path.insert(0, str(ROOT))
    import scale_data

    database = str(scale_data.database(args.papers))
    trees = [str(ROOT)] + ([str(Path(args.against).resolve())] if args.against else [])
    for tree in trees * 2:  # alternating: neighbours on a shared machine disturb both alike
        command = [sys.executable, __file__, "--measure", tree, "--database", database,
                   "--rounds", str(args.rounds)]  # fmt: skip
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
