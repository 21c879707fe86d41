"""A streamed export looks published versions up only when the library has one: the same
bytes either way, and none of the lookups a chunk costs in a library without any."""

from server import store
from server.app import get_db
from server.models import Paper
from server.published import PublishedVersion
from server.store import venues

ICLR = PublishedVersion(
    kind="conference", venue="ICLR", year=2024, source="DBLP", record="conf/iclr/H24",
    evidence="title_author_year",
)  # fmt: skip
PAPERS = [
    Paper(title=f"Paper {n}", arxiv_id=f"2501.{n:05d}", authors=["Ann Lee"]) for n in range(5)
]


def test_without_any_published_version_the_export_asks_for_none(app, client, monkeypatch):
    with app.app_context():
        store.ingest(get_db(), PAPERS)
        assert not venues.any_current(get_db())
    lookups = []
    real = venues.current
    monkeypatch.setattr(venues, "current", lambda *args: lookups.append(args) or real(*args))
    text = client.get("/api/export?format=bibtex").get_data(as_text=True)
    assert text.count("@misc{") == 5 and lookups == []


def test_once_a_version_is_current_the_export_cites_it(app, client):
    with app.app_context():
        store.ingest(get_db(), PAPERS)
        venues.record_check(get_db(), "2501.00003", "matched", ICLR, "test")
        assert venues.any_current(get_db())
    text = client.get("/api/export?format=bibtex").get_data(as_text=True)
    assert text.count("@inproceedings{") == 1 and text.count("@misc{") == 4
    assert "booktitle = {ICLR}" in text
    preprints = client.get("/api/export?format=bibtex&prefer=preprint").get_data(as_text=True)
    assert preprints.count("@misc{") == 5
