"""Progress bars of the long commands (server/commands/progress.py): on a terminal they show,
in a pipe and with --quiet they do not, and what the commands print stays the same.

Real `python -m server` processes: stdout is a pipe; stderr is a pipe, or a pseudo-terminal
(os.openpty) as in a user's shell. Hugging Face, arXiv, the venue services and the Zotero web
library are the local doubles."""

from __future__ import annotations

import fcntl
import json
import os
import struct
import subprocess
import sys
import termios
import threading
from dataclasses import dataclass
from datetime import date

import pytest

from server.store import PaperQuery, db, query_papers
from server.upstream.listings import current_listings
from tests.conftest import ROOT, SEED, cli_env
from tests.doubles.hf_arxiv_server import environment as hf_environment
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

BAR = "%|"  # tqdm's bar: `45%|████▌     | 20/45`


@dataclass
class Run:
    stdout: str
    stderr: str
    code: int

    @property
    def last_line(self) -> str:
        return self.stdout.splitlines()[-1]


def papershelf(args, env: dict, terminal: bool) -> Run:
    """`papershelf ARGS` in a process of its own, its stderr a terminal or a pipe."""
    command = [sys.executable, "-m", "server", *map(str, args)]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                              cwd=ROOT, stdin=subprocess.DEVNULL)  # fmt: skip
        return Run(done.stdout, done.stderr, done.returncode)
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower, env=env,
                               cwd=ROOT, stdin=subprocess.DEVNULL)  # fmt: skip
    os.close(follower)
    seen: list[bytes] = []

    def drain():  # the terminal's screen: read as it comes, so the child never blocks
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            if not data:
                return
            seen.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    stdout, _ = process.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(leader)
    return Run(stdout.decode(), b"".join(seen).decode(errors="replace"), process.returncode)


@pytest.fixture
def services(hf_double, venue_doubles):
    """Hugging Face, arXiv and the venue services played locally."""
    # `sync` fetches the weeks of the real today: this one lists the double's week again.
    hf_double.today = date.today()
    this_week = current_listings(hf_double.today)[0].name
    hf_double.listings[this_week] = hf_double.listings["week=2025-W52"]
    values = cli_env(venue_doubles.settings_values())
    return {**values, **hf_environment(hf_double), "PAPERSHELF_VENUES_STEP": "on"}


def environment(services: dict, db_path) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERSHELF_", "ZOTERO_"))}
    return base | services | {"PAPERSHELF_DB": str(db_path), "COLUMNS": "120"}


def session(env: dict, terminal: bool, tmp_path) -> dict[str, Run]:
    """A user's session: ingest (and enrich, and look for venues), export to a file, fetch a
    week, check venues again, save three papers to a Zotero library of its own."""
    with ZoteroWebDouble() as zotero:
        return _session(env | cli_env(web_config(zotero)), terminal, tmp_path)


def _session(env: dict, terminal: bool, tmp_path) -> dict[str, Run]:
    runs = {"ingest": papershelf(["ingest", SEED, "--enrich"], env, terminal)}
    tmp_path.mkdir()
    out = tmp_path / "shelf.bib"
    export = papershelf(["export", "--format", "bibtex", "--output", out], env, terminal)
    runs["export"] = Run(export.stdout.replace(str(tmp_path), "FOLDER"), export.stderr, export.code)
    runs["fetch"] = papershelf(["fetch", "--week", "2025-W52"], env, terminal)
    runs["sync"] = papershelf(["sync"], env, terminal)
    runs["venues"] = papershelf(["venues", "--recheck"], env, terminal)
    conn = db.connect(env["PAPERSHELF_DB"])
    try:
        ids = [paper.id for paper in query_papers(conn, PaperQuery(limit=3))[0]]
    finally:
        conn.close()
    runs["save"] = papershelf(["save", *ids], env, terminal)
    runs["bib"] = Run(out.read_text(encoding="utf-8"), "", 0)
    return runs


# What each command's bars say, at least (stage labels).
STAGES = {
    "ingest": ["hf-papers-page-2025-12-24.txt: storing", "enrich: searching titles on Hugging "
               "Face", "enrich: categories from arXiv", "venues: checking"],
    "export": ["export: bibtex"],  # one stage: papers counted as they stream
    "fetch": ["week=2025-W52: fetching", "week=2025-W52: storing"],
    "sync": [f"{week.name}: fetching" for week in current_listings(date.today())],
    "venues": ["venues: checking"],
    "save": ["writing to Zotero (users/"],
}  # fmt: skip


def test_a_pipe_gets_no_progress_and_a_terminal_gets_bars_with_the_same_figures(services, tmp_path):
    piped = session(environment(services, tmp_path / "piped.sqlite3"), False, tmp_path / "p")
    shown = session(environment(services, tmp_path / "shown.sqlite3"), True, tmp_path / "t")
    for command, stages in STAGES.items():
        assert piped[command].code == 0, (command, piped[command])
        assert shown[command].code == 0, (command, shown[command])
        assert piped[command].stderr == "", command  # nothing but the command's own lines
        screen = shown[command].stderr
        for stage in stages:
            assert stage in screen, (command, stage, screen[-2000:])
        assert BAR in screen or command == "export", command  # export: no total ahead
        if command != "save":  # a save's lines hold Zotero's new item keys
            assert shown[command].stdout == piped[command].stdout, command
    assert shown["bib"].stdout == piped["bib"].stdout
    assert piped["ingest"].last_line.startswith("venues: ")
    assert piped["export"].last_line == "exported 45 papers to FOLDER/shelf.bib (bibtex)"
    assert [line.split()[0] for line in shown["save"].stdout.splitlines()] == ["saved"] * 3


def test_a_bar_shows_counts_and_leaves_the_last_line_alone(services, tmp_path):
    env = environment(services, tmp_path / "shelf.sqlite3")
    run = papershelf(["ingest", SEED], env, terminal=True)
    assert "hf-papers-page-2025-12-24.txt: storing:   0%|" in run.stderr
    assert "| 0/45 [" in run.stderr  # drawn when the stage starts; cleared when it ends
    assert run.stderr.endswith("\r")  # the last thing on the terminal: the cleared bar line
    assert run.stdout == "45 added, 0 updated, 0 unchanged, 0 problems\n"


def test_a_long_ingest_counts_up_batch_by_batch(services, tmp_path):
    page = tmp_path / "big.json"
    items = [{"title": f"Paper number {n} on progress", "arxiv_id": f"2501.{n:05d}"}
             for n in range(3000)]  # fmt: skip
    page.write_text(json.dumps({"items": items}), encoding="utf-8")
    env = environment(services, tmp_path / "shelf.sqlite3")
    run = papershelf(["ingest", page], env, terminal=True)
    assert run.stdout == "3000 added, 0 updated, 0 unchanged, 0 problems\n"
    counts = [int(part.split("/3000")[0].rsplit(" ", 1)[-1])
              for part in run.stderr.split("\r") if "/3000 [" in part]  # fmt: skip
    # Drawn at 0, then redrawn (at most every 0.1 s) as batches are stored.
    assert counts[0] == 0 and counts == sorted(counts) and len(set(counts)) >= 3


def test_quiet_keeps_a_terminal_free_of_bars(services, tmp_path):
    env = environment(services, tmp_path / "shelf.sqlite3")
    run = papershelf(["ingest", SEED, "--enrich", "--quiet"], env, terminal=True)
    assert run.code == 0
    assert run.stderr == ""
    assert run.stdout.splitlines()[0] == "45 added, 0 updated, 0 unchanged, 0 problems"
    export = papershelf(["export", "--quiet", "-o", tmp_path / "x.json"], env, terminal=True)
    assert (export.stderr, export.code) == ("", 0)
