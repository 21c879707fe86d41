"""PDFs in the web library: uploaded through the file upload flow (ZOTERO_PDF=upload, the
default), linked (link) or left out (none); over quota (413) linked instead, and said so."""

import hashlib

import pytest

from server.models import Paper
from server.zotero.library import save_papers
from tests.conftest import make_settings
from tests.doubles import FileServerDouble
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

PDF = b"%PDF-1.4\n% the preprint\n%%EOF\n"


@pytest.fixture
def arxiv():
    files = {
        "/pdf/2401.00001": (PDF, "application/pdf"),
        "/pdf/2401.00002": (PDF + b" ", "application/pdf"),
    }
    with FileServerDouble(files) as running:
        yield running


def save(conn, papers, double, arxiv, mode=None):
    config = web_config(double, ZOTERO_PDF_BASE_URL=arxiv.base_url)
    if mode:
        config["ZOTERO_PDF"] = mode
    else:
        del config["ZOTERO_PDF"]  # papershelf's default
    return save_papers(conn, papers, make_settings(**config))


def paper(n=1, **changes):
    return Paper(**({"title": f"PDF Paper {n}", "arxiv_id": f"2401.{n:05d}"} | changes))


def test_the_default_uploads_the_pdf_as_a_child_of_the_item(conn, arxiv):
    with ZoteroWebDouble() as double:
        [result] = save(conn, [paper()], double, arxiv)
        [item], [attachment] = double.items, double.attachments
        assert result.status == "saved" and "PDF attached" in result.message
        assert attachment["parentItem"] == item["key"]
        assert attachment["linkMode"] == "imported_url"
        assert attachment["md5"] == hashlib.md5(PDF).hexdigest()  # noqa: S324
        assert list(double.files.values()) == [PDF]
        assert len(double.item_writes) == 1  # item and attachment in one write


def test_a_file_zotero_already_has_is_not_uploaded_again(conn, arxiv, tmp_path):
    with ZoteroWebDouble() as double:
        save(conn, [paper()], double, arxiv)
        uploads = [r for r in double.requests if r["path"] == "/s3-upload"]
        save(conn, [paper(1, title="Another Paper", arxiv_id="2401.00001v2"),
                    ], double, arxiv)  # fmt: skip
        assert [r for r in double.requests if r["path"] == "/s3-upload"] == uploads


def test_link_mode_links_the_pdf_without_fetching_it(conn, arxiv):
    with ZoteroWebDouble() as double:
        [result] = save(conn, [paper()], double, arxiv, "link")
        [attachment] = double.attachments
    assert "PDF linked" in result.message
    assert attachment["linkMode"] == "linked_url"
    assert attachment["url"] == f"{arxiv.base_url}/pdf/2401.00001"
    assert arxiv.requested == []


def test_none_mode_attaches_nothing(conn, arxiv):
    with ZoteroWebDouble() as double:
        save(conn, [paper()], double, arxiv, "none")
        assert double.attachments == [] and arxiv.requested == []


def test_over_quota_the_pdfs_are_linked_instead_and_it_says_so(conn, arxiv):
    with ZoteroWebDouble(quota_mb=0.00001) as double:
        results = save(conn, [paper(1), paper(2)], double, arxiv)
        assert [r.status for r in results] == ["saved", "saved"]
        assert all("PDF linked, not uploaded: your Zotero storage is full (413)" in r.message
                   for r in results)  # fmt: skip
        assert [a["linkMode"] for a in double.attachments] == ["linked_url", "linked_url"]
        assert double.files == {}


def test_a_pdf_that_cannot_be_fetched_leaves_the_item_saved(conn, arxiv):
    with ZoteroWebDouble() as double:
        [result] = save(conn, [paper(3)], double, arxiv)
        assert result.status == "saved" and double.attachments == []
    assert "PDF not attached:" in result.message and "404" in result.message


def test_an_upload_that_fails_leaves_no_empty_attachment(conn, arxiv):
    with ZoteroWebDouble() as double:
        double.inject(500, method="POST", path="/s3-upload")
        [result] = save(conn, [paper()], double, arxiv)
        assert result.status == "saved" and "PDF not attached" in result.message
        assert double.attachments == [] and len(double.items) == 1
