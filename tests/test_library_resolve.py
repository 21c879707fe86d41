"""Saving a paper papershelf has never seen, known only by its arXiv id (the extension's
context menu and shortcut): looked up on Hugging Face, then arXiv, stored, then saved."""

from __future__ import annotations

import json
import threading

import pytest

from server.app import create_app
from tests.conftest import TEST_TOKEN
from tests.doubles import unused_url
from tests.doubles.hf_arxiv_server import HfArxivDouble, Reply
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
IBP = "2306.10426"  # on Hugging Face and arXiv (tests/fixtures/upstream/)
IBP_TITLE = "Understanding Certified Training with Interval Bound Propagation"


@pytest.fixture
def upstream():
    with HfArxivDouble() as double:
        yield double


@pytest.fixture
def zotero():
    with ZoteroWebDouble() as double:
        yield double


def make_app(tmp_path, zotero, hf_url, arxiv_url):
    return create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "p.sqlite3"),
            "API_TOKEN": TEST_TOKEN,
            "HF_BASE_URL": hf_url,
            "ARXIV_BASE_URL": arxiv_url,
            "ARXIV_MIN_INTERVAL": 0.0,
            "HTTP_BACKOFF": 0.0,
            "HTTP_RETRIES": 0,
        }
        | web_config(zotero)
    )


@pytest.fixture
def client(tmp_path, zotero, upstream):
    return make_app(tmp_path, zotero, upstream.base_url, upstream.base_url).test_client()


def save(client, *ids):
    reply = client.post("/api/library/items", json={"ids": list(ids)}, headers=AUTH)
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return reply.get_json()["items"]


def test_an_unknown_id_is_looked_up_on_hugging_face_then_arxiv_and_saved(client, upstream, zotero):
    [item] = save(client, IBP)
    assert (item["id"], item["status"]) == (IBP, "saved")
    paper = client.get(f"/api/papers/{IBP}").get_json()
    assert paper["title"] == IBP_TITLE
    assert paper["authors"] == ["Lena Hartmann", "Tobias Feld", "Mira Lindqvist", "Jonas Mensah"]
    assert paper["upvotes"] == 12  # from Hugging Face
    assert (paper["primary_category"], paper["categories"]) == ("cs.LG", ["cs.LG", "cs.AI"])
    assert upstream.paths() == [f"/api/papers/{IBP}", "/api/query"]
    assert [i["title"] for i in zotero.items] == [IBP_TITLE]


def test_a_versioned_id_saves_the_paper(client, zotero):
    [item] = save(client, f"{IBP}v2")
    assert (item["id"], item["status"]) == (IBP, "saved")
    assert len(zotero.items) == 1
    assert save(client, IBP)[0]["status"] == "exists"


def test_a_paper_hugging_face_has_not_indexed_comes_from_arxiv(client, upstream, zotero):
    upstream.papers = [p for p in upstream.papers if p["paper"]["id"] != IBP]
    [item] = save(client, IBP)
    assert item["status"] == "saved"
    paper = client.get(f"/api/papers/{IBP}").get_json()
    assert (paper["title"], paper["primary_category"]) == (IBP_TITLE, "cs.LG")
    assert paper["authors"][0] == "Lena Hartmann"
    assert paper["upvotes"] is None  # only Hugging Face knows upvotes


def test_an_id_nobody_knows_fails_alone(client, zotero):
    items = save(client, "2599.99999", IBP)
    assert [(i["id"], i["status"]) for i in items] == [("2599.99999", "failed"), (IBP, "saved")]
    assert items[0]["message"] == "no paper 2599.99999 on Hugging Face or arXiv"
    assert client.get("/api/papers/2599.99999").status_code == 404
    assert len(zotero.items) == 1


def test_a_stored_paper_is_not_looked_up_again(client, upstream):
    save(client, IBP)
    upstream.requests.clear()
    assert save(client, IBP)[0]["status"] == "exists"
    assert upstream.requests == []


def test_offline_says_so_and_saves_what_is_stored(tmp_path, zotero):
    down = unused_url()
    client = make_app(tmp_path, zotero, down, down).test_client()
    client.post(
        "/api/library/items",
        json={"papers": [{"arxiv_id": "2512.00001", "title": "Stored Already"}]},
        headers=AUTH,
    )
    items = save(client, IBP, "2512.00001")
    assert [i["status"] for i in items] == ["failed", "exists"]
    message = items[0]["message"]
    assert message.startswith(
        f"papershelf has not stored {IBP} yet and cannot reach Hugging Face or arXiv"
    )
    assert "(offline?)" in message
    assert client.get(f"/api/papers/{IBP}").status_code == 404


def test_hugging_face_down_still_finds_the_paper_on_arxiv(tmp_path, zotero, upstream):
    client = make_app(tmp_path, zotero, unused_url(), upstream.base_url).test_client()
    [item] = save(client, IBP)
    assert item["status"] == "saved"
    assert client.get(f"/api/papers/{IBP}").get_json()["primary_category"] == "cs.LG"


def test_an_arxiv_failure_is_named(client, upstream):
    upstream.papers = [p for p in upstream.papers if p["paper"]["id"] != IBP]
    upstream.arxiv_mode = "rate_exceeded"
    [item] = save(client, IBP)
    assert item["status"] == "failed"
    assert item["message"].startswith(f"could not look up {IBP}: ")
    assert "Rate exceeded" in item["message"]


def test_two_simultaneous_saves_of_one_unknown_id_save_it_once(tmp_path, zotero, upstream):
    app = make_app(tmp_path, zotero, upstream.base_url, upstream.base_url)
    # A slow Hugging Face keeps both requests inside the lookup at the same time.
    paper = json.dumps(next(p["paper"] for p in upstream.papers if p["paper"]["id"] == IBP))
    upstream.inject(f"/api/papers/{IBP}", Reply(200, paper, delay=0.4, times=None))
    start = threading.Barrier(2)
    results = []

    def one():
        client = app.test_client()
        start.wait()
        results.append(save(client, IBP)[0])

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert upstream.paths("/api/papers/") == [f"/api/papers/{IBP}"] * 2  # both looked it up
    assert sorted(item["status"] for item in results) == ["exists", "saved"]
    assert len({item["zotero_key"] for item in results}) == 1
    assert len(zotero.items) == 1
    listed = app.test_client().get("/api/papers?q=Interval").get_json()["items"]
    assert [(p["id"], p["upvotes"]) for p in listed] == [(IBP, 12)]
