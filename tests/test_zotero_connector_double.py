"""The Zotero desktop double answers as Zotero's own server does (server.js,
server_connector.js, saveSession.js, server_localAPI.js): these are the rules papershelf's
desktop client has to live with."""

import http.client
import json
import socket
from urllib.parse import urlsplit

import pytest
import requests

from tests.doubles.zotero_connector import ZoteroConnectorDouble

CONNECTOR = {"X-Zotero-Connector-API-Version": "3", "X-Zotero-Version": "papershelf-test"}
ITEM = {"id": "i1", "itemType": "preprint", "title": "Strict Doubles", "creators": [],
        "archiveID": "arXiv:2401.00001", "tags": [{"tag": "llm"}]}  # fmt: skip


@pytest.fixture
def zotero():
    with ZoteroConnectorDouble() as running:
        yield running


def post(zotero, method, body=None, headers=None, **kwargs):
    return requests.post(
        f"{zotero.base_url}/connector/{method}",
        json=body,
        headers={**CONNECTOR, **(headers or {})},
        timeout=5,
        **kwargs,
    )


def save(zotero, session="s1", items=(ITEM,)):
    return post(zotero, "saveItems", {"sessionID": session, "uri": "u", "items": list(items)})


def test_every_reply_names_zotero_and_the_connector_api_version(zotero):
    for reply in (post(zotero, "ping", {}), post(zotero, "nothing", {})):
        assert reply.headers["X-Zotero-Version"]
        assert reply.headers["X-Zotero-Connector-API-Version"] == "3"
    assert post(zotero, "nothing", {}).status_code == 404


def test_a_foreign_host_header_is_refused(zotero):
    reply = post(zotero, "ping", {}, headers={"Host": "attacker.example:23119"})
    assert (reply.status_code, reply.text) == (400, "Invalid Host header\n")
    assert post(zotero, "ping", {}, headers={"Host": "localhost:23119"}).status_code == 200


def test_a_post_without_content_length_is_refused(zotero):
    parts = urlsplit(zotero.base_url)
    # The whole request in one write (chunked, so no Content-Length): no race with the reply.
    head = "".join(f"{name}: {value}\r\n" for name, value in CONNECTOR.items())
    request = (
        f"POST /connector/ping HTTP/1.1\r\nHost: 127.0.0.1:{parts.port}\r\n{head}"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(request)
        reply = http.client.HTTPResponse(sock)
        reply.begin()
        assert (reply.status, reply.read()) == (400, b"Content-length not provided\n")


def test_methods_and_content_types_are_checked_before_the_endpoint(zotero):
    url = f"{zotero.base_url}/connector/saveItems"
    assert requests.get(url, headers=CONNECTOR, timeout=5).text == (
        "Endpoint does not support method\n"
    )
    plain = post(zotero, "saveItems", data="{}", headers={"Content-Type": "text/plain"})
    assert (plain.status_code, plain.text) == (400, "Endpoint does not support content-type\n")
    bad = post(zotero, "saveItems", data="{", headers={"Content-Type": "application/json"})
    assert (bad.status_code, bad.text) == (400, "Invalid JSON provided\n")
    assert zotero.library == []


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "chrome-extension://abc"}, {"Origin": "null"}, {"User-Agent": "Mozilla/5.0"}],
)
def test_a_browser_request_without_the_connector_header_gets_no_reply(zotero, headers):
    url = f"{zotero.base_url}/connector/ping"
    with pytest.raises(requests.ConnectionError):
        requests.post(url, json={}, headers=headers, timeout=5)
    assert zotero.dropped == 1
    assert requests.post(url, json={}, headers=headers | CONNECTOR, timeout=5).ok
    allowed = headers | {"Zotero-Allowed-Request": "1"}
    assert requests.post(url, json={}, headers=allowed, timeout=5).ok


def test_saved_items_are_stored_with_automatic_tags_in_the_selected_target(zotero):
    reply = save(zotero)
    assert (reply.status_code, reply.text) == (201, "")
    [stored] = zotero.library
    assert stored["title"] == ITEM["title"] and len(stored["key"]) == 8
    assert stored["tags"] == [{"tag": "llm", "type": 1}]
    assert stored["collections"] == []


def test_session_ids_are_single_use_and_errors_are_json(zotero):
    save(zotero)
    again = save(zotero)
    assert again.status_code == 409 and again.json() == {"error": "SESSION_EXISTS"}
    assert len(zotero.library) == 1


def test_an_endpoint_that_throws_is_a_bare_500(zotero):
    no_body = requests.post(f"{zotero.base_url}/connector/saveItems", headers=CONNECTOR, timeout=5)
    assert (no_body.status_code, no_body.content) == (500, b"")
    unknown_type = save(zotero, items=[ITEM | {"itemType": "nonsense"}])
    assert (unknown_type.status_code, unknown_type.content) == (500, b"")


def test_a_read_only_library_refuses_items():
    with ZoteroConnectorDouble(library_editable=False) as zotero:
        reply = save(zotero)
        assert reply.status_code == 500 and reply.json() == {"libraryEditable": False}
        assert zotero.library == []


def test_update_session_needs_a_target(zotero):
    save(zotero)
    missing = post(zotero, "updateSession", {"sessionID": "s1", "tags": ["x"]})
    assert (missing.status_code, missing.content) == (500, b"")
    unknown = post(zotero, "updateSession", {"sessionID": "s1", "target": "C99"})
    assert unknown.json() == {"error": "COLLECTION_NOT_FOUND"}
    session = post(zotero, "updateSession", {"sessionID": "nope", "target": "L1"})
    assert session.json() == {"error": "SESSION_NOT_FOUND"}
    assert zotero.library[0]["tags"] == [{"tag": "llm", "type": 1}]


def test_update_session_moves_and_tags_keeping_the_automatic_tags(zotero):
    save(zotero)
    reply = post(zotero, "updateSession", {"sessionID": "s1", "target": "C7", "tags": ["mine"]})
    assert (reply.status_code, reply.json()) == (200, {})
    [stored] = zotero.library
    assert stored["tags"] == [{"tag": "llm", "type": 1}, {"tag": "mine"}]
    assert stored["collections"] == [zotero.collection_keys["C7"]]


def attach(zotero, metadata, pdf=b"%PDF-1.4"):
    headers = {"Content-Type": "application/pdf", "X-Metadata": json.dumps(metadata)}
    return post(zotero, "saveAttachment?sessionID=s1", data=pdf, headers=headers)


def test_attachments_need_metadata_a_session_and_a_known_parent(zotero):
    save(zotero)
    metadata = {"id": "a1", "url": "u", "contentType": "application/pdf", "title": "PDF",
                "parentItemID": "i1"}  # fmt: skip
    no_metadata = post(zotero, "saveAttachment?sessionID=s1", data=b"%PDF",
                       headers={"Content-Type": "application/pdf"})  # fmt: skip
    assert no_metadata.json() == {"error": "METADATA_NOT_PROVIDED"}
    assert attach(zotero, metadata | {"parentItemID": "other"}).status_code == 500
    assert attach(zotero, metadata).status_code == 201
    assert zotero.attachments[0]["parentKey"] == zotero.library[0]["key"]


def test_attachments_to_a_library_whose_files_are_not_editable_are_not_saved():
    with ZoteroConnectorDouble(files_editable=False) as zotero:
        save(zotero)
        selected = post(zotero, "getSelectedCollection", {}).json()
        assert selected["filesEditable"] is False
        reply = attach(zotero, {"id": "a1", "parentItemID": "i1", "url": "u"})
        assert (reply.status_code, reply.text) == (200, "Library files are not editable.")
        assert zotero.attachments == []


def test_selected_collection_names_the_row_and_the_targets():
    with ZoteroConnectorDouble(selected="C7") as zotero:
        selected = post(zotero, "getSelectedCollection", {}).json()
    assert (selected["id"], selected["name"], selected["libraryID"]) == (7, "Papers", 1)
    assert [t["id"] for t in selected["targets"]] == ["L1", "C7"]


def api(zotero, path, **params):
    return requests.get(f"{zotero.base_url}/api/{path}", params=params, timeout=5)


def test_local_api_is_refused_until_the_user_enables_it(zotero):
    reply = api(zotero, "users/0/items", q="Strict")
    assert (reply.status_code, reply.text) == (403, "Local API is not enabled")
    assert reply.headers["Zotero-API-Version"] == "3"


def test_local_api_finds_items_by_any_field_with_qmode_everything():
    with ZoteroConnectorDouble(local_api=True) as zotero:
        save(zotero)
        by_id = api(zotero, "users/0/items", q="2401.00001", qmode="everything")
        assert [i["data"]["title"] for i in by_id.json()] == [ITEM["title"]]
        assert by_id.headers["Total-Results"] == "1"
        assert api(zotero, "users/0/items", q="2401.00001").json() == []  # titleCreatorYear
        assert len(api(zotero, "users/0/items", q='"strict doubles"').json()) == 1
        assert api(zotero, "users/7/items").status_code == 400
        assert api(zotero, "users/0/items", v="2").status_code == 501
        version = by_id.headers["Last-Modified-Version"]
        unchanged = requests.get(f"{zotero.base_url}/api/users/0/items", timeout=5,
                                 headers={"If-Modified-Since-Version": version})  # fmt: skip
        assert unchanged.status_code == 304
        write = requests.post(f"{zotero.base_url}/api/users/0/items", json=[ITEM], timeout=5)
        assert write.status_code == 428
