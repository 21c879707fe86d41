"""The regression corpus of hostile inputs through both doors: `papershelf ingest` and
POST /api/ingest.

tests/fixtures/fuzz/ holds the inputs issue 12's fuzzing broke, one or more per cause, and
expected.toml what each must give (tests/test_parsing_corpus.py checks that through
`ingest_data`). Through each door the answer is that same one: its papers stored, with as many
problems saying where; or the whole file rejected in one line (CLI) or a 400 naming where
(API). Never a traceback, never a 5xx, and what is stored renders in every format.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

from server.formats import FORMATS
from tests.conftest import FIXTURES, ROOT

CORPUS_DIR = FIXTURES / "fuzz"
CORPUS = sorted(p for p in CORPUS_DIR.iterdir() if p.suffix in (".txt", ".json", ".html"))
# Each file's documented answer (without --as-of, which only the CLI has).
EXPECTED = {
    case["file"]: case
    for case in tomllib.loads((CORPUS_DIR / "expected.toml").read_text("utf-8"))["case"]
    if "as_of" not in case
}
SUMMARY = re.compile(
    r"(\d+) added, \d+ updated, \d+ unchanged, (\d+) problems(, 1 files rejected)?"
)


def test_every_cause_has_a_file_and_an_answer():
    assert {path.name for path in CORPUS} == set(EXPECTED)
    assert len({case["cause"] for case in EXPECTED.values()}) >= 16


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_cli_answers_each_hostile_file_in_lines_of_its_own(cli, path):
    expected = EXPECTED[path.name]
    result = cli("ingest", path)  # an exception here fails the test: it would be a traceback
    lines = result.output.splitlines()
    summary = SUMMARY.fullmatch(lines[-1])
    assert summary, result.output
    rejected = [line for line in lines if line.startswith(f"{path}: rejected: ")]
    if "rejected" in expected:
        assert result.exit_code == 1 and len(rejected) == 1
        assert expected["rejected"] in rejected[0]
    else:
        assert result.exit_code == 0 and rejected == []
        assert int(summary[1]) == expected["papers"]
        assert int(summary[2]) == len(expected["problems"])
    for line in lines[:-1]:
        assert line.startswith((f"problem: {path}: ", f"note: {path}: ", f"{path}: rejected: "))


def test_the_cli_ingests_the_whole_corpus_without_a_traceback(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "server", "ingest", str(CORPUS_DIR),
         "--db", str(tmp_path / "corpus.sqlite3")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 0  # some files go in, so the command did its job
    assert re.fullmatch(
        r"\d+ added, \d+ updated, \d+ unchanged, \d+ problems(, \d+ files rejected)?\n",
        run.stdout,
    )


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_api_answers_each_hostile_file_with_a_200_or_a_400_naming_where(client, auth, path):
    reply = client.post(f"/api/ingest?name={path.name}", data=path.read_bytes(), headers=auth)
    assert reply.status_code in (200, 400), reply.get_data()[:300]
    body = reply.get_json()
    expected = EXPECTED[path.name]
    if "rejected" in expected:
        assert reply.status_code == 400
        assert body["error"] in ("unparseable", "unstorable")
        assert body["where"] and expected["rejected"] in body["message"]
    else:
        assert reply.status_code == 200
        assert body["added"] == expected["papers"]
        assert [p["where"] for p in body["problems"]] == [p["where"] for p in expected["problems"]]
        assert len(body["ids"]) == body["added"] + body["updated"] + body["unchanged"]


def test_what_the_corpus_stores_renders_in_the_page_feeds_and_every_export(client, auth):
    import feedparser

    for path in CORPUS:
        client.post(f"/api/ingest?name={path.name}", data=path.read_bytes(), headers=auth)
    ids = [p["id"] for p in client.get("/api/papers?limit=500").get_json()["items"]]
    assert ids  # the well-formed papers beside the hostile ones went in
    for url in ["/", "/feeds/papers.json", *(f"/api/export?format={name}" for name in FORMATS)]:
        assert client.get(url).status_code == 200, url
    for ext in ("rss", "atom"):
        feed = feedparser.parse(client.get(f"/feeds/papers.{ext}?limit=500").get_data())
        assert not feed.bozo, feed.bozo_exception
        assert len(feed.entries) == len(ids)
