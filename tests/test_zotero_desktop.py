"""Saving through the Zotero desktop connector (server/zotero/desktop.py) against the double."""

from datetime import date

import pytest

from exporters.zotero import to_zotero_item
from server.models import Paper
from server.zotero.library import save_papers
from tests.conftest import make_settings
from tests.doubles import FileServerDouble, unused_url
from tests.doubles.zotero_connector import ZoteroConnectorDouble, desktop_config
from tests.doubles.zotero_web import ZoteroSchema

PDF = b"%PDF-1.4\n% a tiny test pdf\n%%EOF\n"


def save(conn, papers, config: dict):
    """save_papers with the settings papershelf would read from `config`."""
    return save_papers(conn, papers, make_settings(**config))


@pytest.fixture
def zotero():
    with ZoteroConnectorDouble() as running:
        yield running


@pytest.fixture
def pdfs():
    with FileServerDouble({"/pdf/2401.00001": (PDF, "application/pdf")}) as running:
        yield running


def paper(**changes) -> Paper:
    values = dict(
        title="A Desktop Paper",
        arxiv_id="2401.00001",
        authors=["Grace Hopper"],
        published=date(2024, 1, 3),
    )
    return Paper(**(values | changes))


def config(zotero, pdfs, **overrides) -> dict:
    return desktop_config(zotero, ZOTERO_PDF_BASE_URL=pdfs.base_url, **overrides)


def test_save_with_pdf_attached(zotero, pdfs, conn):
    [result] = save(conn, [paper()], config(zotero, pdfs))
    assert result.status == "saved"
    assert "PDF attached" in result.message
    [item] = zotero.items
    saved = {k: v for k, v in item.items() if k not in ("id", "sessionID")}
    assert saved == to_zotero_item(paper())
    assert ZoteroSchema().problems(saved) == []
    [attachment] = zotero.attachments
    assert attachment["data"] == PDF
    assert attachment["contentType"] == "application/pdf"
    assert attachment["metadata"]["parentItemID"] == item["id"]
    assert attachment["metadata"]["title"] == "Preprint PDF"
    assert attachment["sessionID"] == item["sessionID"]


def test_pdf_unavailable_still_saves_and_says_why(zotero, pdfs, conn):
    [result] = save(conn, [paper(arxiv_id="2401.00002")], config(zotero, pdfs))
    assert result.status == "saved"
    assert "PDF not attached:" in result.message and "404" in result.message
    assert len(zotero.items) == 1 and zotero.attachments == []


def test_paper_without_pdf_link_says_so(zotero, pdfs, conn):
    [result] = save(conn, [Paper(title="Only a title")], config(zotero, pdfs))
    assert result.status == "saved"
    assert "PDF not attached: no PDF link is known for this paper" in result.message
    [item] = zotero.items
    assert item["creators"] == []


def test_each_save_uses_a_fresh_session_and_a_second_save_says_exists(zotero, pdfs, conn):
    save(conn, [paper(), paper(arxiv_id="2401.00003", title="Another")], config(zotero, pdfs))
    [again] = save(conn, [paper()], config(zotero, pdfs))
    assert again.status == "exists"
    assert len(zotero.items) == 2
    assert len({item["sessionID"] for item in zotero.items}) == 2


def test_collection_and_tags_are_applied_with_update_session(zotero, pdfs, conn):
    settings = config(zotero, pdfs, ZOTERO_COLLECTION="Papers", ZOTERO_TAGS=["hf", "to-read"])
    [result] = save(conn, [paper()], settings)
    assert result.status == "saved"
    [session] = zotero.sessions.values()
    assert session["target"] == "C7"
    assert session["tags"] == ["hf", "to-read"]


def test_missing_collection_is_named_in_the_message(zotero, pdfs, conn):
    [result] = save(conn, [paper()], config(zotero, pdfs, ZOTERO_COLLECTION="Nope"))
    assert result.status == "saved"
    assert "'Nope' not found" in result.message


def test_desktop_app_not_running_is_a_clear_error(conn):
    [result] = save(conn, [paper()], desktop_config_for(unused_url()))
    assert result.status == "failed"
    assert "not running" in result.message and "ZOTERO_CONNECTOR_URL" in result.message


def desktop_config_for(url: str) -> dict:
    return {"ZOTERO_TARGET": "desktop", "ZOTERO_CONNECTOR_URL": url, "HTTP_TIMEOUT": 5.0}


def test_reused_session_id_is_retried_with_a_new_one(zotero, pdfs, conn):
    zotero.inject(409, path="/connector/saveItems")
    [result] = save(conn, [paper()], config(zotero, pdfs))
    assert result.status == "saved"
    assert len(zotero.items) == 1


def test_read_only_library_fails_clearly(pdfs, conn):
    with ZoteroConnectorDouble(library_editable=False) as zotero:
        [result] = save(conn, [paper()], config(zotero, pdfs))
    assert result.status == "failed" and "read-only" in result.message


def test_lost_reply_is_not_reported_saved(zotero, pdfs, conn):
    zotero.inject("lost", path="/connector/saveItems")
    [result] = save(conn, [paper()], config(zotero, pdfs))
    assert result.status == "failed"
    assert "not confirmed" in result.message and "check Zotero" in result.message
