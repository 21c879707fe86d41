"""The Zotero web API double answers like the real API where papershelf (and the extension's
browser tests) depend on it: limits, write tokens, keys, schema, paging, injected faults."""

import hashlib
import time

import httpx2
import pytest

from tests.doubles.zotero_web import ZoteroWebDouble

ITEM = {"itemType": "preprint", "title": "Doubles Are Faithful", "creators": [], "tags": []}
PDF = b"%PDF-1.4\n% a tiny test pdf\n%%EOF\n"


@pytest.fixture
def double():
    with ZoteroWebDouble() as running:
        yield running


@pytest.fixture
def http(double):
    headers = {"Zotero-API-Key": double.api_key, "Zotero-API-Version": "3"}
    with httpx2.Client(base_url=double.base_url, headers=headers, timeout=5) as client:
        yield client


def items_url(double) -> str:
    return f"/users/{double.user_id}/items"


def test_more_than_50_objects_is_413(double, http):
    reply = http.post(items_url(double), json=[ITEM] * 51)
    assert reply.status_code == 413
    assert double.items == []


def test_a_reused_write_token_is_412(double, http):
    token = {"Zotero-Write-Token": "a" * 32}
    assert http.post(items_url(double), json=[ITEM], headers=token).status_code == 200
    assert http.post(items_url(double), json=[ITEM], headers=token).status_code == 412
    assert len(double.items) == 1


def test_wrong_key_or_library_is_403(double, http):
    wrong = {"Zotero-API-Key": "not-the-key"}
    assert http.get(items_url(double), headers=wrong).status_code == 403
    assert http.get("/keys/current", headers=wrong).status_code == 403
    assert http.get("/users/1/items").status_code == 403


def test_fields_outside_the_schema_fail_with_400(double, http):
    bad = ITEM | {"publicationTitle": "arXiv"}
    answer = http.post(items_url(double), json=[ITEM, bad]).json()
    assert set(answer["success"]) == {"0"}
    assert answer["failed"]["1"]["code"] == 400
    assert "publicationTitle" in answer["failed"]["1"]["message"]
    assert len(double.items) == 1


def test_template_comes_from_the_schema(http):
    template = http.get("/items/new", params={"itemType": "preprint"}).json()
    assert template["itemType"] == "preprint"
    assert {"archiveID", "repository", "DOI", "extra"} <= set(template)
    assert "publicationTitle" not in template
    assert http.get("/items/new", params={"itemType": "nonsense"}).status_code == 400


def test_q_searches_titles_and_creators_only_and_pages_with_links(double, http):
    items = [ITEM | {"title": f"Paper {n}", "abstractNote": "needle"} for n in range(30)]
    http.post(items_url(double), json=items)
    assert http.get(items_url(double), params={"q": "needle"}).json() == []
    page = http.get(items_url(double), params={"q": "paper", "limit": 25})
    assert len(page.json()) == 25 and page.headers["Total-Results"] == "30"
    assert 'rel="next"' in page.headers["Link"]


def test_injected_faults(double, http):
    double.inject(429, method="POST", headers={"Retry-After": "7"})
    refused = http.post(items_url(double), json=[ITEM])
    assert (refused.status_code, refused.headers["Retry-After"]) == (429, "7")
    double.inject("lost", method="POST")
    with pytest.raises(httpx2.RemoteProtocolError):
        http.post(items_url(double), json=[ITEM])
    assert len(double.items) == 1  # created, though the reply never came


def test_write_tokens_are_5_to_32_characters_and_single_use_after_success(double, http):
    assert http.post(items_url(double), json=[ITEM], headers={"Zotero-Write-Token": "abc"}
                     ).status_code == 400  # fmt: skip
    refused = {"Zotero-Write-Token": "b" * 32, "If-Unmodified-Since-Version": "0"}
    http.post(items_url(double), json=[ITEM])  # the library moves on
    assert http.post(items_url(double), json=[ITEM], headers=refused).status_code == 412
    retry = {"Zotero-Write-Token": "b" * 32}  # the refused write did not spend the token
    assert http.post(items_url(double), json=[ITEM], headers=retry).status_code == 200
    assert http.post(items_url(double), json=[ITEM], headers=retry).status_code == 412
    assert len(double.items) == 2


def test_a_stale_library_version_is_412_and_a_current_one_writes(double, http):
    first = http.post(items_url(double), json=[ITEM])
    version = first.headers["Last-Modified-Version"]
    http.post(items_url(double), json=[ITEM])
    stale = http.post(items_url(double), json=[ITEM],
                      headers={"If-Unmodified-Since-Version": version})  # fmt: skip
    assert stale.status_code == 412 and "modified since" in stale.text
    current = double.version
    fresh = {"If-Unmodified-Since-Version": str(current)}
    assert http.post(items_url(double), json=[ITEM], headers=fresh).status_code == 200


def test_a_client_key_with_version_0_creates_once(double, http):
    mine = ITEM | {"key": "ABCD2345", "version": 0}
    created = http.post(items_url(double), json=[mine]).json()
    assert created["success"] == {"0": "ABCD2345"}
    again = http.post(items_url(double), json=[mine]).json()
    assert again["failed"]["0"]["code"] == 412 and again["failed"]["0"]["key"] == "ABCD2345"
    unversioned = http.post(items_url(double), json=[ITEM | {"key": "ABCD2345"}]).json()
    assert unversioned["failed"]["0"]["code"] == 428
    assert (
        http.post(items_url(double), json=[ITEM | {"key": "bad!"}]).json()["failed"]["0"]["code"]
        == 400
    )
    assert [d["key"] for d in double.items] == ["ABCD2345"]


def test_each_object_written_bumps_the_library_version(double, http):
    reply = http.post(items_url(double), json=[ITEM, ITEM | {"itemType": "nope"}, ITEM])
    answer = reply.json()
    assert [answer["successful"][i]["version"] for i in ("0", "2")] == [1, 2]
    assert reply.headers["Last-Modified-Version"] == "2"


def test_syncing_reads_versions_since_a_library_version_and_deletions(double, http):
    http.post(items_url(double), json=[ITEM, ITEM])
    since = double.version
    unchanged = http.get(items_url(double), headers={"If-Modified-Since-Version": str(since)})
    assert unchanged.status_code == 304
    [kept, gone] = double.items
    double.add_object(double.objects, ITEM | {"title": "From the desktop app"})
    double.delete_item(gone["key"])
    versions = http.get(items_url(double), params={"since": since, "format": "versions"})
    [new] = [d for d in double.items if d["title"] == "From the desktop app"]
    assert versions.json() == {new["key"]: new["version"]}
    assert versions.headers["Last-Modified-Version"] == str(double.version)
    deleted = http.get(f"/users/{double.user_id}/deleted", params={"since": since}).json()
    assert deleted["items"] == [gone["key"]]
    assert http.get(f"/users/{double.user_id}/deleted").status_code == 400
    by_key = http.get(items_url(double), params={"itemKey": kept["key"]}).json()
    assert [i["key"] for i in by_key] == [kept["key"]]


def test_trashed_items_show_only_when_asked(double, http):
    http.post(items_url(double), json=[ITEM, ITEM | {"deleted": 1}])
    assert len(http.get(items_url(double)).json()) == 1
    assert len(http.get(items_url(double), params={"includeTrashed": 1}).json()) == 2


def test_backoff_and_latency(double, http):
    double.backoff = 5
    double.latency = 0.2
    started = time.monotonic()
    reply = http.get(items_url(double))
    assert time.monotonic() - started >= 0.2
    assert reply.headers["Backoff"] == "5"


def attachment(double, http, parent_title="Parent", link_mode="imported_url"):
    parent = http.post(items_url(double), json=[ITEM | {"title": parent_title}]).json()
    child = {"itemType": "attachment", "linkMode": link_mode, "title": "PDF",
             "parentItem": parent["success"]["0"], "contentType": "application/pdf",
             "url": "https://arxiv.org/pdf/2401.00001"}  # fmt: skip
    if link_mode != "linked_url":
        child |= {"filename": "2401.00001.pdf"}
    return http.post(items_url(double), json=[child]).json()["success"]["0"]


def authorize(http, double, key, data, **extra):
    form = {"md5": hashlib.md5(data).hexdigest(), "filename": "2401.00001.pdf",  # noqa: S324
            "filesize": str(len(data)), "mtime": "1700000000000"} | extra  # fmt: skip
    return http.post(f"{items_url(double)}/{key}/file", data=form,
                     headers={"If-None-Match": "*"})  # fmt: skip


def test_file_upload_authorization_upload_and_registration(double, http):
    key = attachment(double, http)
    auth = authorize(http, double, key, PDF).json()
    body = auth["prefix"].encode() + PDF + auth["suffix"].encode()
    upload = httpx2.post(auth["url"], content=body, headers={"Content-Type": auth["contentType"]})
    assert upload.status_code == 201
    done = http.post(f"{items_url(double)}/{key}/file", data={"upload": auth["uploadKey"]},
                     headers={"If-None-Match": "*"})  # fmt: skip
    assert done.status_code == 204
    assert double.find(key)["md5"] == hashlib.md5(PDF).hexdigest()  # noqa: S324
    assert list(double.files.values()) == [PDF]
    assert authorize(http, double, key, PDF).status_code == 412  # the file is there now
    other = attachment(double, http, "Another parent")
    assert authorize(http, double, other, PDF).json() == {"exists": 1}


def test_file_upload_refusals(double, http):
    key = attachment(double, http)
    no_header = http.post(f"{items_url(double)}/{key}/file", data={"md5": "0" * 32})
    assert no_header.status_code == 428
    assert authorize(http, double, key, PDF, md5="").text == "MD5 hash not provided"
    link = attachment(double, http, "Linked", link_mode="linked_url")
    assert authorize(http, double, link, PDF).status_code == 400
    auth = authorize(http, double, key, PDF).json()
    forged = auth["prefix"].encode() + b"%PDF-other" + auth["suffix"].encode()
    bad = httpx2.post(auth["url"], content=forged, headers={"Content-Type": auth["contentType"]})
    assert bad.status_code == 400 and "BadDigest" in bad.text
    unregistered = http.post(f"{items_url(double)}/{key}/file",
                             data={"upload": auth["uploadKey"]},
                             headers={"If-None-Match": "*"})  # fmt: skip
    assert unregistered.text == "Remote file not found"


def test_a_file_over_the_storage_quota_is_413():
    with ZoteroWebDouble(quota_mb=0.00001) as double:
        headers = {"Zotero-API-Key": double.api_key}
        with httpx2.Client(base_url=double.base_url, headers=headers, timeout=5) as http:
            key = attachment(double, http)
            over = authorize(http, double, key, PDF)
    assert over.status_code == 413 and "quota" in over.text
    assert over.headers["Zotero-Storage-Quota"]


def test_pyzotero_uploads_a_file_through_the_double(double, tmp_path):
    from pyzotero import zotero

    key = None
    with httpx2.Client(base_url=double.base_url, timeout=5) as http:
        http.headers["Zotero-API-Key"] = double.api_key
        key = attachment(double, http)
    (tmp_path / "2401.00001.pdf").write_bytes(PDF)
    zot = zotero.Zotero(double.user_id, "user", double.api_key)
    zot.endpoint = double.base_url
    result = zot.upload_attachments([{"key": key, "filename": "2401.00001.pdf"}],
                                    basedir=tmp_path)  # fmt: skip
    assert [item["key"] for item in result["success"]] == [key]
    assert list(double.files.values()) == [PDF]
