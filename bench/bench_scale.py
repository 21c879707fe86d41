"""Scale: papershelf against the floors issue 13 names, side by side, at 45k and 450k papers.

    python bench/bench_scale.py serve  --papers 45000 [--seconds 3] [--rounds 3]
    python bench/bench_scale.py paging --papers 450000
    python bench/bench_scale.py export --papers 450000
    python bench/bench_scale.py search --papers 450000 [--queries 240]
    python bench/bench_scale.py starve --papers 450000
    python bench/bench_scale.py ingest --papers 45000
    python bench/bench_scale.py parse  [--copies 1000]
    python bench/bench_scale.py bibtex [--papers 45000]

The library (bench/scale_data.py) is built once per size and kept under /tmp/papershelf-bench.
Every server figure comes from real HTTP against `papershelf serve` (waitress, 8 threads),
measured in alternation with its floor (a Flask hello-world on the same waitress with the same
threads), and printed as a ratio: the machine is shared, so only ratios of interleaved runs
mean something. Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scale_data  # noqa: E402

HELLO_APP = """
import sys, waitress
from flask import Flask
app = Flask("hello")

@app.get("/")
def hello():
    return "Hello, World!"

waitress.serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=8, _quiet=True)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, path: str = "/", timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path)
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


@contextmanager
def server(command: list[str], port: int, probe: str = "/"):
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(port, probe)
        yield process
    finally:
        process.terminate()
        process.wait(20)


@contextmanager
def hello_server():
    port = free_port()
    with server([sys.executable, "-c", HELLO_APP, str(port)], port) as process:
        yield port, process


@contextmanager
def papershelf_server(database: Path, threads: int = 8, log_level: str = "info"):
    port = free_port()
    command = [sys.executable, "-m", "server", "serve", "--db", str(database), "--port",
               str(port), "--threads", str(threads), "--log-level", log_level]  # fmt: skip
    with server(command, port, "/api/health") as process:
        yield port, process


def load(port: int, path: str, seconds: float, connections: int = 8, headers=None) -> dict:
    """Requests per second from `connections` keep-alive clients for `seconds`."""
    stop = time.monotonic() + seconds
    counts, statuses, closed = [0] * connections, {}, [0]
    lock = threading.Lock()

    def client(slot: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            response.read()
            counts[slot] += 1
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                closed[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"rps": sum(counts) / elapsed, "statuses": statuses, "closed": closed[0]}


def get(port: int, path: str, headers=None) -> tuple[int, dict, bytes, float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    took = time.perf_counter() - started
    connection.close()
    return response.status, response.headers, body, took


# --- serve: feed, 304, list, health against hello-world ---


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used (user + system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(port: int, pid: int, path: str, seconds: float, headers=None) -> dict:
    """`load`, plus the server's CPU time per request: the machine is shared, and a
    server's CPU per request moves much less with the neighbours than its requests/s."""
    before = cpu_seconds(pid)
    result = load(port, path, seconds, headers=headers)
    served = sum(result["statuses"].values())
    result["cpu_us"] = (cpu_seconds(pid) - before) / max(served, 1) * 1e6
    return result


def bench_serve(args) -> None:
    database = scale_data.database(args.papers)
    server = papershelf_server(database, log_level=args.log_level)
    with server as (port, ours_pid), hello_server() as (hello, hello_pid):
        ours_pid, hello_pid = ours_pid.pid, hello_pid.pid
        status, headers, _body, _ = get(port, "/feeds/papers.rss")
        assert status == 200, status
        etag = headers["ETag"]
        targets = [
            ("GET /feeds/papers.rss (50 items)", "/feeds/papers.rss", None),
            # Feed readers (newsboat through curl, feedparser, browsers) ask for gzip.
            ("same, Accept-Encoding: gzip", "/feeds/papers.rss", {"Accept-Encoding": "gzip"}),
            ("same with If-None-Match (304)", "/feeds/papers.rss", {"If-None-Match": etag}),
            ("GET /api/papers?limit=20", "/api/papers?limit=20", None),
            ("GET /api/health", "/api/health", None),
        ]
        load(hello, "/", 1)  # warm both
        for _name, path, headers in targets:
            load(port, path, 1, headers=headers)
        print(f"{args.papers} papers; {args.rounds} rounds of {args.seconds:g} s each, "
              "alternating with hello-world (8 threads, 8 keep-alive clients); "
              f"serve --log-level {args.log_level}")  # fmt: skip
        for name, path, headers in targets:
            ours, floor = [], []
            for _round in range(args.rounds):
                floor.append(measured(hello, hello_pid, "/", args.seconds))
                ours.append(measured(port, ours_pid, path, args.seconds, headers=headers))
            pairs = list(zip(ours, floor, strict=True))
            ratio = statistics.median(o["rps"] / f["rps"] for o, f in pairs)
            cpu_ratio = statistics.median(f["cpu_us"] / o["cpu_us"] for o, f in pairs)
            last = ours[-1]
            rps = statistics.median(o["rps"] for o in ours)
            floor_rps = statistics.median(f["rps"] for f in floor)
            cpu = statistics.median(o["cpu_us"] for o in ours)
            floor_cpu = statistics.median(f["cpu_us"] for f in floor)
            print(f"  {name:34} {rps:6.0f} req/s vs hello-world {floor_rps:5.0f}: ratio "
                  f"{ratio:.2f}; CPU per request {cpu:5.0f} us vs {floor_cpu:4.0f} us: ratio "
                  f"{cpu_ratio:.2f}  ({last['statuses']}, closed {last['closed']})")  # fmt: skip


# --- paging: the last page against the first ---


def bench_paging(args) -> None:
    from server.store import db, encode_cursor

    database = scale_data.database(args.papers)
    conn = db.connect(database)
    offset = min(400_000, args.papers - 40)
    row = conn.execute(
        "SELECT sort_day, id FROM papers ORDER BY sort_day DESC, id LIMIT 1 OFFSET ?", (offset,)
    ).fetchone()
    deep = encode_cursor("newest", (row[0], row[1]))
    last_row = conn.execute(
        "SELECT sort_day, id FROM papers ORDER BY sort_day DESC, id LIMIT 1 OFFSET ?",
        (args.papers - 21,),
    ).fetchone()
    last = encode_cursor("newest", (last_row[0], last_row[1]))
    conn.close()
    with papershelf_server(database) as (port, _):
        pages = {
            "first page": "/api/papers?limit=20",
            f"page at offset {offset:,}": f"/api/papers?limit=20&cursor={deep}",
            "last page": f"/api/papers?limit=20&cursor={last}",
        }
        timings = {name: [] for name in pages}
        for _round in range(args.repeats):
            for name, path in pages.items():
                status, _headers, body, took = get(port, path)
                assert status == 200, body[:200]
                timings[name].append(took * 1000)
        first = statistics.median(timings["first page"])
        print(f"{args.papers} papers, newest, limit=20, median of {args.repeats}:")
        for name, values in timings.items():
            median = statistics.median(values)
            print(f"  {name:24} {median:7.2f} ms  ({median / first:.2f}x the first page)")


# --- export: full BibTeX and RSS over HTTP against reading every row ---


def rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def read_every_row(database: Path) -> tuple[float, float]:
    """(seconds, CPU seconds) to read and decode every stored paper."""
    from server.models import Paper
    from server.store import db

    conn = db.connect(database)
    started, cpu = time.perf_counter(), time.process_time()
    for (data,) in conn.execute("SELECT data FROM papers"):
        Paper.from_json(json.loads(data))
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    return took, cpu


def streamed_download(port: int, path: str) -> tuple[float, float, int]:
    """(seconds to the first body byte, seconds in all, bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size = len(first)
    while chunk := response.read(1 << 20):
        size += len(chunk)
    took = time.perf_counter() - started
    assert response.status == 200, response.status
    connection.close()
    return first_byte, took, size


def bench_export(args) -> None:
    """Wall time against the floor's, and (the machine is shared) the server's CPU time for
    the export against the floor's CPU time, which neighbours disturb much less. `--rounds`
    rounds, each the floor, the export and the floor again; the median ratio is the figure."""
    database = scale_data.database(args.papers)
    with papershelf_server(database) as (port, process):
        get(port, "/api/papers?limit=20")  # the server's thread connection is open
        for fmt in args.formats:
            ratios, cpu_ratios = [], []
            for number in range(1, args.rounds + 1):
                floor, floor_cpu = read_every_row(database)
                idle = rss_kib(process.pid, "VmRSS")
                Path(f"/proc/{process.pid}/clear_refs").write_text("5")  # reset the peak
                cpu = cpu_seconds(process.pid)
                first_byte, took, size = streamed_download(port, f"/api/export?format={fmt}")
                cpu = cpu_seconds(process.pid) - cpu
                peak = rss_kib(process.pid, "VmHWM")
                again, again_cpu = read_every_row(database)
                floor, floor_cpu = (
                    statistics.mean([floor, again]),
                    statistics.mean([floor_cpu, again_cpu]),
                )
                ratios.append(took / floor)
                cpu_ratios.append(cpu / floor_cpu)
                print(f"{args.papers} papers, full {fmt} export over HTTP, round {number}: first "
                      f"byte {first_byte * 1000:.0f} ms, total {took:.1f} s, {size / 1e6:.0f} MB, "
                      f"peak memory {(peak - idle) / 1024:.0f} MB above idle; reading and "
                      f"decoding every row {floor:.1f} s: ratio {took / floor:.2f}; server CPU "
                      f"{cpu:.1f} s vs the floor's {floor_cpu:.1f} s: ratio "
                      f"{cpu / floor_cpu:.2f} (load {os.getloadavg()[0]:.1f})")  # fmt: skip
            print(f"  {fmt}: median ratio {statistics.median(ratios):.2f} wall, "
                  f"{statistics.median(cpu_ratios):.2f} CPU over {args.rounds} rounds")  # fmt: skip


# --- search: a mixed query set, and health while worst-case searches run ---


def query_set(database: Path, count: int) -> list[str]:
    """Common and rare words (by how many papers hold them), pairs, and sorts."""
    from server.store import db

    conn = db.connect(database)
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, papers_fts, row)"
    )
    vocabulary = conn.execute(
        "SELECT term, doc FROM temp.vocab WHERE length(term) > 3 AND term GLOB '[a-z]*' "
        "ORDER BY doc DESC"
    ).fetchall()
    conn.close()
    common = [term for term, _doc in vocabulary[:40]]
    rare = [term for term, _doc in vocabulary[-400:]][::10]
    pairs = [f"{common[n]} {common[(n * 7 + 3) % len(common)]}" for n in range(len(common))]
    mixed = [f"{common[n]} {rare[n]}" for n in range(len(common))]
    words = [w for group in zip(common, rare, pairs, mixed, strict=True) for w in group]
    sorts = ["relevance", "newest", "upvotes"]
    urls = [f"/api/papers?limit=20&sort={sort}&q={word.replace(' ', '+')}"
            for word in words for sort in sorts]  # fmt: skip
    random.Random(7).shuffle(urls)
    return urls[:count]  # every URL once: no answer comes from the answer cache


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def bench_search(args) -> None:
    database = scale_data.database(args.papers)
    queries = query_set(database, args.queries)
    with papershelf_server(database) as (port, _):
        for word in ("warm", "cache", "pages"):
            get(port, f"/api/papers?q={word}")  # the database's pages, not these answers
        timings, by_kind, slowest, first_runs = [], {}, [], []
        for path in queries:
            runs = []
            for run in range(args.repeats_per_query):
                # `run` makes each URL new to the answer cache; the server ignores it
                status, _headers, body, took = get(port, f"{path}&run={run}")
                assert status == 200, body[:300]
                runs.append(took)
            first_runs.append(runs[0] * 1000)
            took = min(runs)  # the machine is shared: the least disturbed of the runs
            timings.append(took * 1000)
            slowest = sorted([*slowest, (took * 1000, path)], reverse=True)[:5]
            sort = path.split("sort=")[1].split("&")[0]
            by_kind.setdefault(sort, []).append(took * 1000)
        print(f"{args.papers} papers, {len(queries)} mixed searches over HTTP (common and rare "
              f"words, pairs; relevance, newest, upvotes): p50 {percentile(timings, 0.5):.1f} ms, "
              f"p95 {percentile(timings, 0.95):.1f} ms, p99 {percentile(timings, 0.99):.1f} ms, "
              f"max {max(timings):.1f} ms (best of {args.repeats_per_query} runs of each; "
              f"first runs alone: p50 {percentile(first_runs, 0.5):.1f}, p95 "
              f"{percentile(first_runs, 0.95):.1f}, "
              f"p99 {percentile(first_runs, 0.99):.1f} ms)")  # fmt: skip
        for took, path in slowest:
            print(f"  slowest: {took:6.1f} ms  {path}")
        for sort, values in by_kind.items():
            print(f"  {sort:9}: p50 {percentile(values, 0.5):6.1f}  p95 "
                  f"{percentile(values, 0.95):6.1f}  max {max(values):6.1f} ms")  # fmt: skip


def bench_starve(args) -> None:
    database = scale_data.database(args.papers)
    worst = [
        "/api/papers?sort=relevance&q=" + "+".join(["model"] * 1500),
        "/api/papers?sort=relevance&q=" + "+".join(["training", "model", "language", "learning",
                                                    "data", "large", "performance", "results"]),
        "/api/papers?sort=upvotes&q=" + "+".join(["method"] * 1200),
        "/feeds/papers.rss?limit=500&q=" + "+".join(["models", "training"] * 600),
    ]  # fmt: skip
    with papershelf_server(database) as (port, _):
        stop = threading.Event()
        outcomes: dict[int, int] = {}

        def attacker(n: int) -> None:
            while not stop.is_set():
                status, _h, _b, _t = get(port, worst[n % len(worst)])
                outcomes[status] = outcomes.get(status, 0) + 1

        for path in worst:
            status, _h, _b, took = get(port, path)
            print(f"  alone: {status} in {took * 1000:7.1f} ms  {path[:70]}...")
        attackers = [threading.Thread(target=attacker, args=(n,)) for n in range(8)]
        for thread in attackers:
            thread.start()
        time.sleep(1)
        health = []
        for _ in range(args.probes):
            status, _h, _b, took = get(port, "/api/health")
            assert status == 200
            health.append(took * 1000)
            time.sleep(0.05)
        stop.set()
        for thread in attackers:
            thread.join()
        print(f"{args.papers} papers, 8 clients sending worst-case searches without pause: "
              f"/api/health p50 {percentile(health, 0.5):.1f} ms, p95 "
              f"{percentile(health, 0.95):.1f} ms, max {max(health):.1f} ms "
              f"({len(health)} probes); the searches got {outcomes}")  # fmt: skip


# --- ingest against a bulk insert into the same schema; the parser alone ---


def bench_ingest(args) -> None:
    from server.store import db, ingest, papers

    papers_in = list(scale_data.synthetic_papers(args.papers))
    rows = scale_data.stored_rows(args.papers)
    work = scale_data.CACHE / "ingest"
    work.mkdir(parents=True, exist_ok=True)
    results = {"bulk insert": [], "ingest": []}
    for _round in range(args.rounds):
        for name in ("bulk insert", "ingest"):
            path = work / f"{name.replace(' ', '-')}.sqlite3"
            for leftover in work.glob(path.name + "*"):
                leftover.unlink()
            conn = db.connect(path)
            started, cpu = time.perf_counter(), time.process_time()
            if name == "ingest":
                ingest(conn, papers_in)
            else:
                with db.transaction(conn):
                    conn.executemany(papers._INSERT, rows)
            results[name].append((time.perf_counter() - started, time.process_time() - cpu))
            conn.close()
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"{args.papers} papers, {name:11}: {wall:7.1f} s wall, {cpu:7.1f} s CPU")
    pairs = list(zip(results["ingest"], results["bulk insert"], strict=True))
    ratio_wall = statistics.median(i[0] / b[0] for i, b in pairs)
    ratio_cpu = statistics.median(i[1] / b[1] for i, b in pairs)
    print(f"  ingest / bulk insert: {ratio_wall:.2f} (wall), {ratio_cpu:.2f} (CPU)")


def bench_parse(args) -> None:
    """The text parser against the read + split floor, interleaved round by round.

    Also times building the same `Paper` records alone (server/models/, outside the
    parser's package), so the figure says how much of the parse is the records themselves.
    """
    import gc

    from bench_foundation import replicated_page

    from server.models import Links, Paper
    from server.parsing import parse_any
    from server.parsing.collector import collection_paused

    page = replicated_page(args.copies)

    def timed(work, *args):
        gc.collect()  # each round starts from the same heap
        wall, cpu = time.perf_counter(), time.process_time()
        result = work(*args)
        return time.perf_counter() - wall, time.process_time() - cpu, result

    def records_alone(values):
        with collection_paused():  # as parse_any builds them
            return [
                Paper(title=title, abstract=abstract, author_count=count, published=published,
                      comments=comments, sources=sources, links=Links(code=code, project=project))
                for title, abstract, count, published, comments, sources, code, project in values
            ]  # fmt: skip

    runs = []
    for number in range(1, args.rounds + 1):
        parse_wall, parse_cpu, papers = timed(
            lambda: parse_any(page, name=scale_data.SEED.name).papers
        )
        split_wall, split_cpu, blocks = timed(
            lambda: [block for block in page.split("\n\n") if block.strip()]
        )
        values = [(p.title, p.abstract, p.author_count, p.published, p.comments, p.sources,
                   p.links.code, p.links.project) for p in papers]  # fmt: skip
        count = len(papers)
        del papers  # the records are built on a heap like the parser's, not beside its output
        records_wall, records_cpu, _ = timed(records_alone, values)
        runs.append((parse_wall, parse_cpu, split_wall, split_cpu, records_wall, records_cpu))
        print(f"round {number}: text parser {count} papers in {parse_wall:.2f} s = "
              f"{count / parse_wall:,.0f} papers/s ({parse_cpu:.2f} s CPU = "
              f"{count / parse_cpu:,.0f}/s); read + split into {len(blocks)} blocks "
              f"{split_wall:.2f} s ({split_cpu:.2f} s CPU): parse / split "
              f"{parse_wall / split_wall:.1f}x; the Paper records alone {records_wall:.2f} s "
              f"({records_cpu:.2f} s CPU)")  # fmt: skip
    best = min(runs, key=lambda run: run[1])
    median = [statistics.median(run[i] for run in runs) for i in range(6)]
    for name, (wall, cpu, split_wall, _, records_wall, _) in (
        ("best", best),
        ("median", median),
    ):
        print(f"{name:>6}: {count / wall:,.0f} papers/s wall, {count / cpu:,.0f} "
              f"papers/s CPU; read + split {count / split_wall:,.0f} papers/s wall "
              f"(parse / split {wall / split_wall:.1f}x); the Paper records "
              f"{records_wall / wall:.0%} of the parse")  # fmt: skip


def bench_bibtex(args) -> None:
    import gc

    from bibtexparser.bibdatabase import BibDatabase
    from bibtexparser.bwriter import BibTexWriter

    from exporters.bibtex import FIELD_ORDER, bibtex_entries, entry_for, entry_text
    from exporters.citekeys import assign_keys

    papers = list(scale_data.synthetic_papers(args.papers))
    # CPU time (one thread, in this process): what neighbours on a shared machine disturb least.
    gc.collect()
    keys = assign_keys(papers)
    build, given, write, ours = [], [], [], []
    for _round in range(args.rounds):
        started = time.process_time()
        entries = bibtex_entries(papers)
        build.append(time.process_time() - started)
        started = time.process_time()  # what a streamed export does: its keys come stored
        known = [entry_for(paper, keys[paper.id]) for paper in papers]
        given.append(time.process_time() - started)
        assert known == entries
        writer = BibTexWriter()
        writer.order_entries_by, writer.display_order, writer.indent = None, FIELD_ORDER, "  "
        database = BibDatabase()
        database.entries = entries
        started = time.process_time()
        theirs = writer.write(database)
        write.append(time.process_time() - started)
        started = time.process_time()
        mine = "\n".join(entry_text(entry) for entry in entries)
        ours.append(time.process_time() - started)
        assert mine == theirs
    b, g, w, o = min(build), min(given), min(write), min(ours)
    print(
        f"BibTeX, {len(papers)} papers, CPU time, best of {args.rounds}: building the entries "
        f"{b:.2f} s, bibtexparser's BibTexWriter writing them {w:.2f} s (building / writing "
        f"{b / w:.2f}); with the keys known, as a streamed export has them, {g:.2f} s "
        f"({g / w:.2f}); our writer {o:.2f} s for the same bytes ({w / o:.1f}x faster)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["serve", "paging", "export", "search", "starve",
                                         "ingest", "parse", "bibtex"])  # fmt: skip
    parser.add_argument("--papers", type=int, default=45_000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--repeats-per-query", type=int, default=3)
    parser.add_argument("--probes", type=int, default=100)
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--formats", nargs="+", default=["bibtex", "rss"])
    parser.add_argument(
        "--log-level", default="info", help="serve's; `warning` leaves out the access log"
    )
    args = parser.parse_args()
    os.environ.setdefault("PAPERSHELF_SEEDS", str(ROOT / "seeds"))
    globals()[f"bench_{args.what}"](args)


if __name__ == "__main__":
    main()
