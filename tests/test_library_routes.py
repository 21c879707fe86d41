"""/api/library/*: save by id or as sent by the extension, saved status, target."""

import pytest

from server.app import create_app
from tests.conftest import SEED, TEST_TOKEN
from tests.doubles import unused_url
from tests.doubles.zotero_connector import ZoteroConnectorDouble, desktop_config
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
CARD = {
    "arxiv_id": "2512.00001",
    "title": "A Card From The Page",
    "authors": ["Ada Lovelace"],
    "published": "2025-12-01",
    "featured": "2025-12-24",
    "upvotes": 12,
    "links": {"code": ["https://github.com/example/repo"], "project": []},
}


@pytest.fixture
def double():
    with ZoteroWebDouble(collections=("HF Papers",)) as running:
        yield running


def make_app(tmp_path, config: dict):
    return create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "p.sqlite3"), "API_TOKEN": TEST_TOKEN,
         "ZOTERO_PDF": "none"} | config
    )  # fmt: skip


@pytest.fixture
def zotero_app(tmp_path, double):
    return make_app(tmp_path, web_config(double, ZOTERO_COLLECTION="HF Papers"))


@pytest.fixture
def client(zotero_app):
    return zotero_app.test_client()


def save(client, body):
    return client.post("/api/library/items", json=body, headers=AUTH)


def test_papers_from_the_page_are_ingested_then_saved(client, double):
    reply = save(client, {"papers": [CARD]})
    assert reply.status_code == 200
    [item] = reply.get_json()["items"]
    assert item["id"] == "2512.00001"
    assert item["status"] == "saved"
    assert item["zotero_key"] == double.items[0]["key"]
    assert client.get("/api/papers/2512.00001").get_json()["title"] == CARD["title"]


def test_save_by_id_twice_answers_exists_with_the_same_item(client, double):
    client.post("/api/ingest", data=SEED.read_bytes(), headers=AUTH)
    paper_id = client.get("/api/papers?limit=1").get_json()["items"][0]["id"]
    first = save(client, {"ids": [paper_id]}).get_json()["items"][0]
    second = save(client, {"ids": [paper_id]}).get_json()["items"][0]
    assert (first["status"], second["status"]) == ("saved", "exists")
    assert second["zotero_key"] == first["zotero_key"]
    assert len(double.items) == 1


def test_unknown_ids_fail_alone_in_order(client, double):
    save(client, {"papers": [CARD]})
    items = save(client, {"ids": ["nope-123", "2512.00001"]}).get_json()["items"]
    assert [i["id"] for i in items] == ["nope-123", "2512.00001"]
    assert items[0]["status"] == "failed" and "nope-123" in items[0]["message"]
    assert items[1]["status"] == "exists"


def test_status_marks_what_is_saved(client):
    save(client, {"papers": [CARD]})
    reply = client.get("/api/library/status?ids=2512.00001,unknown-1", headers=AUTH)
    assert reply.get_json() == {
        "items": [
            {
                "id": "2512.00001",
                "saved": True,
                "zotero_key": reply.get_json()["items"][0]["zotero_key"],
            },
            {"id": "unknown-1", "saved": False, "zotero_key": None},
        ]
    }
    assert reply.get_json()["items"][0]["zotero_key"]


def test_target_names_the_library_never_the_key(client, double):
    reply = client.get("/api/library/target", headers=AUTH)
    assert reply.get_json() == {
        "target": "web",
        "library": f"users/{double.user_id}",
        "collection": "HF Papers",
        "configured": True,
    }
    assert double.api_key not in reply.get_data(as_text=True)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([1, 2], "body"),
        ({}, "body"),
        ({"ids": [], "papers": []}, "body"),
        ({"ids": "2512.00001"}, "ids"),
        ({"ids": ["ok", 3]}, "ids[1]"),
        ({"papers": [CARD, "x"]}, "papers[1]"),
    ],
)
def test_malformed_bodies_are_400_naming_the_field(client, double, body, field):
    reply = save(client, body)
    assert reply.status_code == 400
    assert reply.get_json()["message"].startswith(field)
    assert double.items == []


def test_a_bad_paper_record_fails_alone_and_names_its_field(client, double):
    body = {
        "papers": [
            {"arxiv_id": "2512.00002"},
            CARD,
            CARD | {"arxiv_id": "2512.00003", "colour": "red"},
            CARD | {"arxiv_id": "2512.00004", "authors": "Ada"},
        ]
    }
    reply = save(client, body)
    assert reply.status_code == 200
    items = reply.get_json()["items"]
    assert [(i["id"], i["status"]) for i in items] == [
        ("2512.00002", "failed"),
        (CARD["arxiv_id"], "saved"),
        ("2512.00003", "failed"),
        ("2512.00004", "failed"),
    ]
    assert items[0]["message"] == "papers[0].title: missing"
    assert items[2]["message"] == "papers[2].colour: unknown field"
    assert items[3]["message"] == "papers[3].authors: expected a list of text, found str"
    assert [d["title"] for d in double.items] == [CARD["title"]]


def test_a_batch_that_partly_fails_says_which(client, double):
    double.inject(403, method="POST", path="/items", after=1)
    cards = [CARD | {"arxiv_id": f"2512.{n:05d}", "title": f"Card {n}"} for n in range(1, 56)]
    items = save(client, {"papers": cards}).get_json()["items"]
    assert [i["status"] for i in items] == ["saved"] * 50 + ["failed"] * 5
    assert {d["title"] for d in double.items} == {c["title"] for c in cards[:50]}
    status = client.get(
        "/api/library/status?ids=" + ",".join(i["id"] for i in items), headers=AUTH
    ).get_json()["items"]
    assert [s["saved"] for s in status] == [True] * 50 + [False] * 5


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({"ZOTERO_API_KEY": "dOUBLEkEY0123456789abcdeé"}, "ZOTERO_API_KEY has a character"),
        ({"ZOTERO_API_KEY": "dOUBLEkEY0123456789abcdef\n"}, "ZOTERO_API_KEY has a space"),
        ({"ZOTERO_COLLECTION": "No Such Collection"}, "ZOTERO_COLLECTION names no collection"),
    ],
)
def test_a_bad_zotero_setting_is_503_with_its_one_line(tmp_path, double, changes, line):
    client = make_app(tmp_path, web_config(double) | changes).test_client()
    reply = save(client, {"papers": [CARD]})
    assert reply.status_code == 503
    assert reply.get_json()["message"].startswith(f"Zotero: {line}")
    assert "dOUBLEkEY" not in reply.get_data(as_text=True)
    assert double.items == []
    assert client.get("/api/papers/2512.00001").status_code == 200  # the card is kept


def test_force_must_be_true_or_false(client, double):
    reply = save(client, {"papers": [CARD], "force": "yes"})
    assert reply.status_code == 400 and reply.get_json()["message"].startswith("force")


def test_desktop_uncertain_then_forced_through_the_api(tmp_path):
    with ZoteroConnectorDouble() as zotero:
        client = make_app(tmp_path, desktop_config(zotero, ZOTERO_PDF_BASE_URL=unused_url())
                          ).test_client()  # fmt: skip
        zotero.inject("lost", path="/connector/saveItems")
        [first] = save(client, {"papers": [CARD]}).get_json()["items"]
        assert first["status"] == "uncertain" and "--force" in first["message"]
        [again] = save(client, {"ids": [CARD["arxiv_id"]]}).get_json()["items"]
        assert again["status"] == "uncertain" and len(zotero.library) == 1
        [forced] = save(client, {"ids": [CARD["arxiv_id"]], "force": True}).get_json()["items"]
        assert forced["status"] == "saved" and len(zotero.library) == 2
