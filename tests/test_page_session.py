"""The papers page's credential (server/routes/page_session.py): the page saves to Zotero with
its SameSite=Strict cookie and page token; without either, from another origin or another
site, or to any other write, it is refused."""

from __future__ import annotations

import re

import pytest

from server.app import create_app
from server.routes import page_session
from tests.conftest import TEST_TOKEN
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

CARD = {"arxiv_id": "2512.00001", "title": "A Card From The Page"}
OWN = "http://localhost"  # the test client's host_url


@pytest.fixture
def double():
    with ZoteroWebDouble() as running:
        yield running


@pytest.fixture
def client(tmp_path, double):
    app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "p.sqlite3"), "API_TOKEN": TEST_TOKEN}
        | web_config(double)
    )
    client = app.test_client()
    client.post(
        "/api/ingest", json={"items": [CARD]}, headers={"Authorization": f"Bearer {TEST_TOKEN}"}
    )
    return client


def open_page(client) -> str:
    """GET / as a browser does; the page token it carries."""
    page = client.get("/").get_data(as_text=True)
    return re.search(r'<meta name="papershelf-page-token" content="([0-9a-f]+)">', page)[1]


def save(client, token, origin=OWN, **headers):
    page = {page_session.HEADER: token, **headers}
    if origin:
        page["Origin"] = origin
    return client.post("/api/library/items", json={"ids": ["2512.00001"]}, headers=page)


def test_the_page_gets_a_strict_http_only_cookie_and_its_token(client):
    reply = client.get("/")
    [cookie] = reply.headers.getlist("Set-Cookie")
    name, attributes = cookie.split("=", 1)[0], cookie.split("; ")[1:]
    assert name == "papershelf-page-80"
    assert sorted(attributes) == ["HttpOnly", "Path=/", "SameSite=Strict"]
    assert reply.headers["Cache-Control"] == "no-store"
    assert TEST_TOKEN not in reply.get_data(as_text=True)  # the install token stays out
    # A browser that has the cookie keeps it: the same token, no new cookie.
    token = open_page(client)
    again = client.get("/")
    assert "Set-Cookie" not in again.headers
    assert f'content="{token}"' in again.get_data(as_text=True)


def test_the_page_saves_with_its_cookie_and_token(client, double):
    token = open_page(client)
    reply = save(client, token, **{"Sec-Fetch-Site": "same-origin"})
    assert reply.status_code == 200
    assert reply.get_json()["items"][0]["status"] == "saved"
    assert [item["title"] for item in double.items] == [CARD["title"]]


@pytest.mark.parametrize(
    ("origin", "headers", "said"),
    [
        ("https://evil.example", {}, "not https://evil.example"),
        ("http://localhost:8000", {}, "not http://localhost:8000"),  # same host, other port
        (None, {}, "not a request without Origin"),
        (OWN, {"Sec-Fetch-Site": "same-site"}, "Sec-Fetch-Site: same-site"),
        (OWN, {"Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site: cross-site"),
    ],
)
def test_only_the_pages_own_origin_may_use_it(client, double, origin, headers, said):
    token = open_page(client)
    reply = save(client, token, origin, **headers)
    assert reply.status_code == 403
    assert said in reply.get_json()["message"]
    assert double.items == []


def test_a_token_without_its_cookie_or_a_forged_one_is_refused(client, double):
    token = open_page(client)
    forged = save(client, "0" * 64)
    assert forged.status_code == 403
    assert "does not match its cookie" in forged.get_json()["message"]
    client.delete_cookie("papershelf-page-80")
    no_cookie = save(client, token)
    assert no_cookie.status_code == 403
    assert "cookie is missing" in no_cookie.get_json()["message"]
    client.set_cookie("papershelf-page-80", "made-up.0123")
    made_up = save(client, token)
    assert made_up.status_code == 403 and "cookie is missing" in made_up.get_json()["message"]
    assert double.items == []


def test_another_servers_cookie_does_not_count(tmp_path, client, double):
    """Two papershelf installs: the page token of one is no good with the other."""
    other = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "o.sqlite3"), "API_TOKEN": "another-token"}
    ).test_client()
    token = open_page(other)
    client.set_cookie("papershelf-page-80", other.get_cookie("papershelf-page-80").value)
    reply = save(client, token)
    assert reply.status_code == 403
    assert double.items == []


def test_the_page_credential_opens_nothing_else(client):
    token = open_page(client)
    page = {page_session.HEADER: token, "Origin": OWN}
    assert client.post("/api/ingest", json={"items": [CARD]}, headers=page).status_code == 401
    assert client.get("/api/library/target", headers=page).status_code == 401


def test_cookie_names_keep_ports_apart():
    assert page_session.cookie_name("127.0.0.1:5000") == "papershelf-page-5000"
    assert page_session.cookie_name("[::1]:5001") == "papershelf-page-5001"
    assert page_session.cookie_name("localhost") == "papershelf-page-80"
    assert page_session.cookie_name("[::1]") == "papershelf-page-80"
