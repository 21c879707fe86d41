"""What long work reports to a progress bar (server/progress.py): its stages in order, and
counts that add up to each stage's total, whatever shows them."""

from __future__ import annotations

from datetime import date

import pytest

from server.ingest import ingest_data
from server.models import Paper
from server.progress import SILENT, Prefixed, tracked
from server.upstream.clients import make_clients
from server.upstream.enrich import enrich
from server.upstream.fetch import fetch_listings
from server.upstream.listings import listing
from server.zotero.library import save_papers
from tests.conftest import SEED, make_settings
from tests.doubles import FileServerDouble
from tests.doubles.hf_arxiv_server import environment as hf_environment
from tests.doubles.zotero_connector import ZoteroConnectorDouble, desktop_config
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

PDF = b"%PDF-1.4\n% a preprint\n%%EOF\n"


class Recorder:
    """A Progress that keeps what it was told: [label, total, unit, count done]."""

    def __init__(self, probe=None) -> None:
        self.stages: list[list] = []
        self.probe, self.probed = probe, []  # what `probe()` said at each advance

    def stage(self, label, total=None, unit="papers"):
        self.stages.append([label, total, unit, 0])

    def advance(self, count=1):
        self.stages[-1][3] += count
        if self.probe:
            self.probed.append((self.stages[-1][0], self.probe()))

    def finished(self) -> bool:
        """Every stage with a total got to it."""
        return all(done == total for _label, total, _unit, done in self.stages if total)


def hf_settings(hf_double, **values):
    env = {k.removeprefix("PAPERSHELF_"): v for k, v in hf_environment(hf_double).items()}
    return make_settings(**env, **values)


def test_an_ingest_reads_then_stores_every_paper(conn):
    shown = Recorder()
    report = ingest_data(conn, SEED.read_bytes(), SEED.name, batched=True, progress=shown)
    assert report.added == 45
    assert shown.stages == [
        ["hf-papers-page-2025-12-24.txt: reading", None, "papers", 0],
        ["hf-papers-page-2025-12-24.txt: storing", 45, "papers", 45],
    ]


def test_a_fetch_counts_pages_then_papers_and_numbers_its_listings(conn, hf_double):
    hf_double.page_size = 2
    shown = Recorder()
    hf = make_clients(hf_settings(hf_double), conn).hf
    week = [listing("week", "2025-W52"), listing("date", "2025-12-24")]
    outcomes = fetch_listings(conn, hf, week, date(2025, 12, 26), shown)
    assert [o.status for o in outcomes] == ["ok", "ok"]
    labels = [stage[0] for stage in shown.stages]
    assert labels == ["1/2 week=2025-W52: fetching", "1/2 week=2025-W52: storing",
                      "2/2 date=2025-12-24: fetching", "2/2 date=2025-12-24: storing"]  # fmt: skip
    asked = [r for r in hf_double.requests if r.query.get("week") == "2025-W52"]
    fetching, storing = shown.stages[:2]
    assert fetching[2:] == ["pages", len(asked)] and len(asked) > 2  # pages of 2 papers
    stored = outcomes[0].added + outcomes[0].updated + outcomes[0].unchanged
    assert storing[1:] == [stored, "papers", stored] and stored > 0


def test_enrich_reports_each_step(conn, hf_double):
    ingest_data(conn, SEED.read_bytes(), SEED.name)
    shown = Recorder()
    clients = make_clients(hf_settings(hf_double), conn)
    report = enrich(conn, clients.hf, clients.arxiv, progress=shown)
    assert report.status == "ok"
    assert [stage[0] for stage in shown.stages] == [
        "enrich: searching titles on Hugging Face",
        "enrich: authors from Hugging Face",
        "enrich: categories from arXiv",
        "enrich: storing",
    ]
    assert shown.stages[0][1] == 45 and shown.finished()


@pytest.mark.parametrize("mode", ["upload", "none"])
def test_a_web_save_fetches_writes_and_uploads(conn, mode):
    papers = [Paper(title=f"PDF Paper {n}", arxiv_id=f"2401.{n:05d}") for n in range(1, 4)]
    files = {f"/pdf/{p.arxiv_id}": (PDF, "application/pdf") for p in papers}
    with ZoteroWebDouble() as zotero, FileServerDouble(files) as arxiv:
        settings = make_settings(
            **web_config(zotero, ZOTERO_PDF=mode, ZOTERO_PDF_BASE_URL=arxiv.base_url)
        )
        shown = Recorder(probe=lambda: (len(arxiv.requested), len(zotero.items)))
        results = save_papers(conn, papers, settings, progress=shown)
    assert [r.status for r in results] == ["saved"] * 3
    # Each count comes as that work is done: a PDF fetched, then the items written.
    fetched = [seen for label, seen in shown.probed if label == "fetching PDFs"]
    assert fetched == ([(1, 0), (2, 0), (3, 0)] if mode == "upload" else [])
    writing = [f"writing to Zotero (users/{zotero.user_id})", 3, "papers", 3]
    if mode == "upload":
        expected = [["fetching PDFs", 3, "papers", 3], writing, ["uploading PDFs", 3, "papers", 3]]
    else:
        expected = [writing]
    assert shown.stages == expected


def test_a_desktop_save_counts_each_paper(conn):
    papers = [Paper(title=f"Desktop Paper {n}", arxiv_id=f"2401.{n:05d}") for n in range(1, 3)]
    with ZoteroConnectorDouble() as desktop, FileServerDouble({}) as nowhere:
        settings = make_settings(**desktop_config(desktop, ZOTERO_PDF_BASE_URL=nowhere.base_url))
        shown = Recorder()
        results = save_papers(conn, papers, settings, progress=shown)
        again = Recorder()
        save_papers(conn, papers, settings, progress=again)  # answered from our records
    assert [r.status for r in results] == ["saved", "saved"]
    assert shown.stages == [["saving to Zotero desktop", 2, "papers", 2]]
    assert again.stages == []  # nothing to write: no bar


def test_helpers():
    shown = Recorder()
    prefixed = Prefixed(shown, "3/12 ")
    prefixed.stage("week=2025-W52: fetching", None, "pages")
    assert list(tracked("abc", prefixed)) == ["a", "b", "c"]
    assert shown.stages == [["3/12 week=2025-W52: fetching", None, "pages", 3]]
    SILENT.stage("nothing", 5)
    SILENT.advance(5)  # the default takes both and shows nothing
