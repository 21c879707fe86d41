"""Fuzz `ingest_data` (issue 12) and compare its throughput on adversarial shapes.

    python bench/fuzz_ingest.py [--inputs 100000] [--seed 1] [--skip-fuzz]

Part 1 feeds generated inputs (mutated seed windows, fixture pages, API and papershelf JSON,
the regression corpus, generated pages) through `ingest_data` into one real SQLite file and
prints how many ran, how many raised anything but the documented ParseError (must be 0; a
ParserCrash, the ingest path's net for a parser's bug, counts too; the first few are written
out for replay), and the slowest input (must be under 1 s), timed
twice: parsing alone (pure) and the whole ingest (parse and store, one transaction).

Part 2 times parse_any and ingest_data side by side on the seed and on adversarial shapes of
about a megabyte (long lines, many brackets, huge titles, deep JSON, long numbers, control
characters, many tiny records) and prints each shape's cost per byte as a ratio to the
seed's (goal: within 2x).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import tempfile
import time
import traceback
from datetime import date
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.ingest import ParserCrash, ingest_data  # noqa: E402
from server.parsing import ParseError, parse_any  # noqa: E402
from server.store import db  # noqa: E402

SEED = ROOT / "seeds" / "hf-papers-page-2025-12-24.txt"
FIXTURES = ROOT / "tests" / "fixtures"
HOSTILE_TOKENS = [
    "\x00", "\\u0000", "\\ud800", "\\udfff", "\ud800", "http://[", "http://[::1", ")" * 40,
    "(" * 40, "]]]]", "[[[[", "{{", "}}", '"', "\\", "\x1b[31m", "\x07", "\x85", "\ufffe",
    "Feb 29", "Feb 29, 2023", "Jan 1, 0000", "Dec 31, 9999", "Mar 3",
    "  • 9223372036854775808 authors",
    "9" * 25, "7" * 5000, "2301.00001\n", "2301.00001\\n", "-1", "1e999", "NaN", "null", "true",
    "Dec 24", "new", "·", "  • 4 authors", "\n\n", "\r\n", "\u2028", "😀", "T\\\"ULU", "{url}",
    "https://github.com/a/b).", "<article>", "</article>", "<h3><a href=\"/papers/2501.00001\">",
    '"upvotes": ', '"id": "2501.00001"', '"paper": {', '{"items": [', "&quot;", "&#0;", "&#27;",
]  # fmt: skip


def base_documents() -> list[tuple[str, bytes]]:
    """Real-shaped inputs to mutate: seed windows, fixture pages, API and own JSON."""
    docs = []
    seed = SEED.read_bytes()
    docs.append((SEED.name, seed))
    for folder in ("pages", "api", "upstream", "fuzz", "records"):
        for path in sorted((FIXTURES / folder).glob("*")):
            if path.suffix in (".txt", ".html", ".json") and path.stat().st_size < 300_000:
                docs.append((path.name, path.read_bytes()))
    papers = parse_any(seed, name=SEED.name).papers
    docs.append(("export.json", json.dumps({"items": [p.to_json() for p in papers[:6]]}).encode()))
    return docs


class InputMaker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.docs = base_documents()
        self.seed = SEED.read_bytes()

    def make(self) -> tuple[str, bytes | str, date | None, str]:
        """(name, data, as_of, description) of one input."""
        rng = self.rng
        kind = rng.random()
        if kind < 0.35:
            start = rng.randrange(0, len(self.seed))
            data = self.seed[start : start + rng.randrange(200, 6000)]
            name, how = "hf-papers-page-2025-12-24.txt", f"seed window at {start}"
        elif kind < 0.75:
            name, data = rng.choice(self.docs)
            if len(data) > 8000:
                start = rng.randrange(0, len(data))
                data = data[:200] + data[start : start + 5000]
            how = f"mutated {name}"
        elif kind < 0.9:
            name, data, how = "generated.txt", self.text_page().encode(), "generated text page"
        else:
            name, data, how = "generated.json", self.api_json().encode(), "generated API JSON"
        data = self.mutate(data, rng.choice([0, 0, 1, 1, 2, 3, 5]))
        days = [None, date(2025, 12, 24), date(1, 1, 1), date(9999, 1, 1)]
        as_of = rng.choices(days, weights=[70, 26, 2, 2])[0]
        if rng.random() < 0.1:
            data = data.decode("utf-8", "surrogateescape")  # handed over as a string
        return rng.choice([name, "page.txt", "x-0000-01-01.html", None]), data, as_of, how

    def mutate(self, data: bytes, times: int) -> bytes:
        rng = self.rng
        for _ in range(times):
            at = rng.randrange(0, len(data) + 1)
            what = rng.random()
            if what < 0.45:
                token = rng.choice(HOSTILE_TOKENS).encode("utf-8", "surrogatepass")
                data = data[:at] + token + data[at:]
            elif what < 0.6:
                data = data[:at] + data[at + rng.randrange(1, 200) :]
            elif what < 0.7:
                data = data[:at] + data[at : at + 300] * rng.randrange(2, 6) + data[at:]
            elif what < 0.8 and data:
                data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
            elif what < 0.9:
                data = data[:at]
            else:
                _, other = rng.choice(self.docs)
                data = data[:at] + other[rng.randrange(0, max(1, len(other))) :][:3000]
        return data

    def text_page(self) -> str:
        rng = self.rng
        blocks = []
        for _ in range(rng.randrange(0, 8)):
            title = rng.choice(["A Paper On Things", "Dec 24", "45", "T" * 500, "TÜLU 3"])
            abstract = " ".join(
                rng.choice(["word", "https://github.com/a/b", "http://[", ")))"])
                for _ in range(rng.randrange(1, 30))
            )
            meta = rng.choice(
                [
                    "  • 4 authors\n·\nJun 17, 2023",
                    "·\nFeb 29",
                    "  • 99999999999999999999 authors\n·\nJan 7 2",
                    "",
                ]
            )
            blocks.append("\n\n".join(filter(None, [title, abstract, meta])))
        return rng.choice(["", "new\n\nDec 24\n\n", "Feb 29\n\n"]) + "\n\n".join(blocks)

    def api_json(self) -> str:
        rng = self.rng
        values = [None, True, -1, 0, 3, 2**63, 10**30, 1.5, "", "x", "\ud800", [], {}, [[[]]]]
        items = []
        for _ in range(rng.randrange(0, 6)):
            paper = {
                "id": rng.choice(["2501.00001", "2501.00002v2", "2301.00001\n", "cs/0112017", 7]),
                "title": rng.choice(["A paper", "", "T" * 2000, "Broken \ud800", None, 3]),
                "summary": rng.choice(["Code at https://github.com/a/b.", "http://[", None]),
                "authors": rng.choice([[{"name": "Ada Lovelace"}], ["x"], None, "Ada", [{}]]),
                "publishedAt": rng.choice(["2025-12-22T17:59:58.000Z", "0000-01-01", "x", None]),
                "upvotes": rng.choice(values),
                "githubStars": rng.choice(values),
                "organization": rng.choice(
                    [{"fullname": "Lab"}, values[rng.randrange(len(values))]]
                ),
            }
            items.append(
                {
                    "paper": paper,
                    "numComments": rng.choice(values),
                    "thumbnail": rng.choice(["https://x.org/t.png", 3, None]),
                }
            )
        return json.dumps(items)


def fuzz(inputs: int, seed: int, out_dir: Path) -> None:
    rng = random.Random(seed)
    maker = InputMaker(rng)
    failures = []
    slowest = {"parse": [], "ingest": []}  # the 5 slowest of each: (seconds, label, input)
    over_100ms = 0
    rejected = documented_problems = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        conn = db.connect(Path(tmp) / "fuzz.sqlite3")
        for number in range(inputs):
            name, data, as_of, how = maker.make()
            label = f"#{number} {how} ({len(data):,} bytes)"
            try:
                began = time.perf_counter()
                with contextlib.suppress(ParseError):
                    parse_any(data, name, as_of)  # the pure part alone, for the figures
                _keep_slowest(
                    slowest["parse"], time.perf_counter() - began, label, (data, name, as_of)
                )
                began = time.perf_counter()
                try:
                    report = ingest_data(conn, data, name, as_of)
                    documented_problems += len(report.problems)
                except ParserCrash:  # the ingest path's net for a parser's bug: count it
                    raise
                except ParseError:
                    rejected += 1
                took = time.perf_counter() - began
                _keep_slowest(slowest["ingest"], took, label, (data, name, as_of))
                over_100ms += took > 0.1
            except Exception as exc:  # noqa: BLE001 - counting exactly these is the point
                failures.append((number, how, exc))
                if len(failures) <= 5:
                    sample = out_dir / f"fuzz-failure-{number}.bin"
                    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
                    sample.write_bytes(raw)
                    print(f"FAILURE {number} ({how}, name={name!r}, as_of={as_of}): saved {sample}")
                    traceback.print_exception(exc, limit=6)
            if (number + 1) % 10_000 == 0:
                print(f"  {number + 1:,} inputs, {time.perf_counter() - started:.0f} s", flush=True)
        print(
            f"inputs: {inputs:,} ({rejected:,} rejected whole with a ParseError, "
            f"{documented_problems:,} positioned problems)"
        )
        print(f"undocumented exceptions: {len(failures)}")
        print(f"ingests over 100 ms: {over_100ms}")
        # The machine is shared: a slow input is timed again (best of 3) to tell its own cost
        # from a pause of the process; both figures are printed.
        for part, action in (("parse", parse_any), ("ingest", partial(ingest_data, conn))):
            took, label, args = slowest[part][0]
            again = [_time_again(action, entry[2]) for entry in slowest[part]]
            print(f"slowest {part}: {took * 1000:.1f} ms, again {again[0] * 1000:.1f} ms: {label}")
            print(f"  the 5 slowest {part}s timed again: at most {max(again) * 1000:.1f} ms")
        conn.close()
    print(f"fuzz time: {time.perf_counter() - started:.0f} s")


def _keep_slowest(kept: list, took: float, label: str, args: tuple) -> None:
    if len(kept) < 5 or took > kept[-1][0]:
        kept.append((took, label, args))
        kept.sort(key=lambda entry: -entry[0])
        del kept[5:]


def _time_again(action, args: tuple, runs: int = 3) -> float:
    """The best of `runs` timings of `action(*args)` (a ParseError is an answer too)."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        with contextlib.suppress(ParseError):
            action(*args)
        times.append(time.perf_counter() - began)
    return min(times)


def shapes() -> dict[str, tuple[str, bytes]]:
    """Adversarial inputs of about a megabyte, each named by its shape."""
    seed_text = SEED.read_text(encoding="utf-8")
    titled = parse_any(seed_text, name=SEED.name).papers
    long_abstracts = seed_text
    for paper in titled:
        long_abstracts = long_abstracts.replace(paper.abstract, (paper.abstract + " ") * 12, 1)
    item = {"paper": {"id": "2501.00001", "title": "x", "summary": "y"}}
    brackets = [dict(item, noise=[[[]], [[]]] * 20_000)]
    tiny_items = [{"paper": {"id": f"2501.{n:05d}", "title": f"Paper {n}"}} for n in range(12_000)]
    card = '<article><h3><a href="/papers/2501.{n:05d}">Paper {n}</a></h3></article>'
    cards = "".join(card.format(n=n) for n in range(12_000))
    tiny_text = "Dec 24\n\n" + "\n\n".join(
        f"Paper number {n}\n\nAn abstract.\n\n  • 2 authors\n·\nJun 17, 2023" for n in range(12_000)
    )
    escaped = "\x1b".join(seed_text[n : n + 20] for n in range(0, len(seed_text), 20))
    return {
        "seed (baseline)": (SEED.name, SEED.read_bytes()),
        "long lines: abstracts x12": (SEED.name, long_abstracts.encode()),
        "one 1 MB line": (SEED.name, ("word " * 200_000).encode()),
        "many brackets: ')' x 1M after a URL": (
            SEED.name,
            (seed_text[:2000] + "\n\nParens\n\nSee https://x.org/" + ")" * 1_000_000).encode(),
        ),
        "many brackets: balanced JSON lists": ("b.json", json.dumps(brackets).encode()),
        "huge title: 10 MB in API JSON": (
            "t.json", json.dumps([{"paper": dict(item["paper"], title="T" * 10_000_000)}]).encode()
        ),
        "deep JSON: 500k levels": ("d.json", ("[" * 500_000 + "]" * 500_000).encode()),
        "long numbers: 100 x 4,000 digits": (
            "n.json", json.dumps([dict(item, n=[0] * 100)]).replace("0", "9" * 4000).encode()
        ),
        "control characters: ESC every 20 bytes": (SEED.name, escaped.encode()),
        "many tiny records: 12k API items": ("tiny.json", json.dumps(tiny_items).encode()),
        "many tiny records: 12k cards": ("tiny.html", f"<!doctype html><body>{cards}".encode()),
        "many tiny records: 12k text papers": (SEED.name, tiny_text.encode()),
    }  # fmt: skip


def best_of(runs: int, prepare, action) -> float:
    """The fastest of `runs` timings of `action(prepare())`; preparing is not timed."""
    times = []
    for _ in range(runs):
        prepared = prepare()
        began = time.perf_counter()
        action(prepared)
        times.append(time.perf_counter() - began)
    return min(times)


def throughput(runs: int) -> None:
    print("\nthroughput per byte, ratio to the seed (goal: <= 2.0x), best of", runs)
    print(
        f"{'shape':42} {'bytes':>11} {'parse ms':>9} {'x seed':>7} {'ingest ms':>10} {'x seed':>7}"
    )
    baseline = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for shape, (name, data) in shapes().items():

            def parse(_, name=name, data=data):
                with contextlib.suppress(ParseError):
                    parse_any(data, name)

            def new_database():  # a fresh, migrated file: what the first ingest meets
                return db.connect(folder / f"{time.perf_counter_ns()}.sqlite3")

            def ingest(conn, name=name, data=data):
                with contextlib.suppress(ParseError):
                    ingest_data(conn, data, name)
                conn.close()

            parse_s = best_of(runs, lambda: None, parse)
            ingest_s = best_of(runs, new_database, ingest)
            per_byte = (parse_s / len(data), ingest_s / len(data))
            baseline = baseline or per_byte
            print(
                f"{shape:42} {len(data):>11,} {parse_s * 1000:>9.1f} "
                f"{per_byte[0] / baseline[0]:>6.2f}x {ingest_s * 1000:>10.1f} "
                f"{per_byte[1] / baseline[1]:>6.2f}x"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-fuzz", action="store_true")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    if not args.skip_fuzz:
        fuzz(args.inputs, args.seed, args.out)
    throughput(args.runs)


if __name__ == "__main__":
    main()
