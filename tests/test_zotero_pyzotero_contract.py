"""What server/zotero/web.py relies on in pyzotero, beyond its documented calls. If a
pyzotero release changes one of these, this file fails first and says which."""

import inspect
import time

import pytest
from pyzotero import zotero
from pyzotero.errors import ERROR_CODES, PreConditionFailedError, RequestEntityTooLargeError

from tests.doubles.zotero_web import ZoteroWebDouble

ITEM = {"itemType": "preprint", "title": "Contract", "creators": [], "tags": []}


@pytest.fixture
def double():
    with ZoteroWebDouble() as running:
        yield running


@pytest.fixture
def zot(double):
    client = zotero.Zotero(double.user_id, "user", double.api_key)
    client.endpoint = double.base_url  # the documented switch to another server
    return client


def test_backoff_is_kept_in_backoff_until_and_checked_before_each_request(double, zot, monkeypatch):
    # web.py's _BoundedZotero overrides _check_backoff to bound the wait.
    assert hasattr(zot, "backoff_until")
    double.backoff = 7
    zot.items(limit=1)
    assert 6 < zot.backoff_until - time.time() <= 7
    checked = []
    monkeypatch.setattr(zot, "_check_backoff", lambda: checked.append(True))
    zot.items(limit=1)
    zot.create_items([ITEM])
    assert len(checked) == 2


def test_retrieve_and_build_query_make_a_read_call(double, zot):
    # web.py's current_key is `@zotero.retrieve` over `self._build_query("/keys/current")`.
    class Probe(zotero.Zotero):
        @zotero.retrieve
        def current_key(self, **kwargs):
            return self._build_query("/keys/current")

    probe = Probe(double.user_id, "user", double.api_key)
    probe.endpoint = double.base_url
    assert probe.current_key()["userID"] == int(double.user_id)
    assert double.requests[-1]["path"] == "/keys/current"


def test_the_last_answer_is_kept_in_request(double, zot):
    versions = zot.item_versions(since=0, includeTrashed=1)
    assert versions == {} and zot.request.headers["Last-Modified-Version"] == "0"
    assert double.requests[-1]["query"]["format"] == "versions"
    assert double.requests[-1]["query"]["includeTrashed"] == "1"


def test_create_items_sends_the_library_version_and_keeps_our_key_and_version(double, zot):
    answer = zot.create_items([ITEM | {"key": "ABCD2345", "version": 0}], last_modified=0)
    assert answer["success"] == {"0": "ABCD2345"}
    sent = double.requests[-1]["headers"]
    assert sent["If-Unmodified-Since-Version"] == "0" and sent["Zotero-Write-Token"]
    assert "last_modified" in inspect.signature(zot.create_items).parameters
    with pytest.raises(PreConditionFailedError):
        zot.create_items([ITEM], last_modified=0)  # the library moved on


def test_upload_attachments_with_keys_only_uploads(double, zot, tmp_path):
    parent = zot.create_items([ITEM])["success"]["0"]
    child = {"itemType": "attachment", "linkMode": "imported_url", "parentItem": parent,
             "title": "PDF", "filename": "a.pdf", "contentType": "application/pdf"}  # fmt: skip
    key = zot.create_items([child])["success"]["0"]
    writes = len(double.item_writes)
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 contract")
    result = zot.upload_attachments([{"key": key, "filename": "a.pdf"}], basedir=str(tmp_path))
    assert [i["key"] for i in result["success"]] == [key]
    assert len(double.item_writes) == writes  # no item was created for it


def test_error_classes_say_the_status():
    assert ERROR_CODES[412] is PreConditionFailedError
    assert ERROR_CODES[413] is RequestEntityTooLargeError
