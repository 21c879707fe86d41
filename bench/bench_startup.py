"""Benchmark: how long `papershelf --help`, `--version` and `list` take to start and finish,
side by side with `python -c "import flask"` and an empty `python -c pass`.

    python bench/bench_startup.py [--runs 15]

Runs are interleaved (command, baseline, command, ...) so a noisy machine slows both alike;
prints the median wall time of each and its ratio to `import flask`. Goal (issue 9): each
command at most 0.3 s, or at most 3x `import flask`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PAPERSHELF_DB": f"{tmp}/bench.sqlite3"}
        papershelf = [sys.executable, "-m", "server"]
        subprocess.run([*papershelf, "ingest", "seeds"], env=env, cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            'python -c "import flask"': [sys.executable, "-c", "import flask"],
            "papershelf --help": [*papershelf, "--help"],
            "papershelf --version": [*papershelf, "--version"],
            "papershelf list": [*papershelf, "list", "--limit", "20"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                times[name].append(timed(argv, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians['python -c "import flask"']
    print(f"median of {args.runs} interleaved runs (ratio to import flask)")
    for name, median in medians.items():
        print(f"  {name:<28} {median * 1000:7.0f} ms   {median / floor:5.2f}x")


if __name__ == "__main__":
    main()
