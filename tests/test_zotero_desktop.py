"""Saving through the Zotero desktop connector (server/zotero/desktop.py) against the double."""

from datetime import date

import pytest

from exporters.zotero import to_zotero_item
from server.models import Paper
from server.zotero.errors import NotConfigured
from server.zotero.library import save_papers
from tests.conftest import make_settings
from tests.doubles import FileServerDouble, unused_url
from tests.doubles.zotero_connector import ZoteroConnectorDouble, desktop_config
from tests.doubles.zotero_web import ZoteroSchema

PDF = b"%PDF-1.4\n% a tiny test pdf\n%%EOF\n"


def save(conn, papers, config: dict, force: bool = False):
    """save_papers with the settings papershelf would read from `config`."""
    return save_papers(conn, papers, make_settings(**config), force=force)


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
    [result] = save(conn, [paper(keywords=["llm"])], settings)
    assert result.status == "saved" and "collection and tags not applied" not in result.message
    [session] = zotero.sessions.values()
    assert session["target"] == "C7"
    assert session["tags"] == ["hf", "to-read"]
    [stored] = zotero.library
    assert stored["tags"] == [{"tag": "llm", "type": 1}, {"tag": "hf"}, {"tag": "to-read"}]
    assert stored["collections"] == [zotero.collection_keys["C7"]]


def test_tags_without_a_collection_go_to_the_selected_row(zotero, pdfs, conn):
    [result] = save(conn, [paper()], config(zotero, pdfs, ZOTERO_TAGS=["hf"]))
    assert "collection and tags not applied" not in result.message
    [session] = zotero.sessions.values()
    assert session["target"] == "L1"
    assert zotero.library[0]["tags"] == [{"tag": "hf"}]
    update = [r for r in zotero.requests if r["path"] == "/connector/updateSession"]
    assert len(update) == 1


def test_a_selected_collection_is_kept_as_the_target(pdfs, conn):
    with ZoteroConnectorDouble(selected="C7") as zotero:
        save(conn, [paper()], config(zotero, pdfs))
        assert zotero.library[0]["collections"] == [zotero.collection_keys["C7"]]


def test_a_missing_collection_is_a_setting_to_fix(zotero, pdfs, conn):
    with pytest.raises(NotConfigured) as error:
        save(conn, [paper()], config(zotero, pdfs, ZOTERO_COLLECTION="Nope"))
    assert str(error.value).startswith("ZOTERO_COLLECTION names no collection")
    assert zotero.library == []


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
    assert len(zotero.library) == 1


def test_read_only_library_fails_clearly(pdfs, conn):
    with ZoteroConnectorDouble(library_editable=False) as zotero:
        [result] = save(conn, [paper()], config(zotero, pdfs))
        assert zotero.library == []
    assert result.status == "failed" and "read-only" in result.message


def test_files_not_editable_saves_the_item_without_fetching_the_pdf(pdfs, conn):
    with ZoteroConnectorDouble(files_editable=False) as zotero:
        [result] = save(conn, [paper()], config(zotero, pdfs))
        assert len(zotero.library) == 1 and zotero.attachments == []
    assert result.status == "saved"
    assert "PDF not attached: the library's files are not editable" in result.message
    assert pdfs.requested == []


def test_lost_reply_with_the_local_api_off_is_uncertain_until_forced(zotero, pdfs, conn):
    zotero.inject("lost", path="/connector/saveItems")
    [result] = save(conn, [paper()], config(zotero, pdfs))
    assert result.status == "uncertain"
    assert "check Zotero, then save again with --force" in result.message
    assert len(zotero.library) == 1  # it did land
    [again] = save(conn, [paper()], config(zotero, pdfs))
    assert again.status == "uncertain" and len(zotero.library) == 1
    [forced] = save(conn, [paper()], config(zotero, pdfs), force=True)
    assert forced.status == "saved" and len(zotero.library) == 2  # the user said so
    [after] = save(conn, [paper()], config(zotero, pdfs))
    assert after.status == "exists"


@pytest.mark.parametrize(("fault", "landed"), [("lost", 1), (500, 0)])
def test_an_unknown_outcome_is_looked_up_through_the_local_api(pdfs, conn, fault, landed):
    with ZoteroConnectorDouble(local_api=True) as zotero:
        zotero.inject(fault, path="/connector/saveItems")
        [result] = save(conn, [paper()], config(zotero, pdfs))
        [stored] = zotero.library
    # lost: it landed, the local API says so (with its key); 500: it did not, written once more
    assert result.status == "saved" and len(zotero.sessions) == 1
    assert result.zotero_key == (stored["key"] if landed else None)


def test_with_the_local_api_the_library_is_asked_before_writing(pdfs, conn, tmp_path):
    with ZoteroConnectorDouble(local_api=True) as zotero:
        zotero.store(to_zotero_item(paper(title=r"$\alpha$-Nets", arxiv_id="2401.00007")), "L1")
        zotero.store(to_zotero_item(paper(title="TÜLU 3: Open Models", arxiv_id=None)), "L1")
        results = save(conn, [paper(title="α-Nets", arxiv_id="2401.00007"),
                              Paper(title='T\\"ULU 3: open models')],
                       config(zotero, pdfs))  # fmt: skip
        assert [r.status for r in results] == ["exists", "exists"]
        assert [r.zotero_key for r in results] == [d["key"] for d in zotero.library]
        assert len(zotero.library) == 2 and zotero.sessions == {}
