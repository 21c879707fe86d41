"""The Zotero web API double answers like the real API where papershelf (and the extension's
browser tests) depend on it: limits, write tokens, keys, schema, paging, injected faults."""

import httpx2
import pytest

from tests.doubles.zotero_web import ZoteroWebDouble

ITEM = {"itemType": "preprint", "title": "Doubles Are Faithful", "creators": [], "tags": []}


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
