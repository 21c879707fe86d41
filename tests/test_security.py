"""A local server every web page can reach: token, Origin, CORS, and the API key kept secret."""

import logging
import traceback

import pytest

from server.app import create_app
from server.zotero.errors import ZoteroError
from server.zotero.web import WebLibrary
from tests.conftest import TEST_TOKEN, make_settings
from tests.doubles.zotero_web import ZoteroWebDouble, web_config

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
CARD = {"arxiv_id": "2512.00001", "title": "A Card From The Page"}
SECRET_KEY = "SeCrEtApIkEy0000aaaa1111"


@pytest.fixture
def double():
    with ZoteroWebDouble(api_key=SECRET_KEY) as running:
        yield running


@pytest.fixture
def zotero_app(tmp_path, double):
    return create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "p.sqlite3"), "API_TOKEN": TEST_TOKEN}
        | web_config(double)
    )


@pytest.fixture
def client(zotero_app):
    return zotero_app.test_client()


WRITES = [
    ("/api/library/items", {"papers": [CARD]}),
    ("/api/ingest", {"items": [CARD]}),
]


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_cross_origin_write_is_refused(client, double, path, body):
    reply = client.post(path, json=body, headers=AUTH | {"Origin": "https://evil.example"})
    assert reply.status_code == 403
    assert "https://evil.example" in reply.get_json()["message"]
    assert "Access-Control-Allow-Origin" not in reply.headers
    assert double.items == []
    assert client.get("/api/papers/2512.00001").status_code == 404


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_write_without_token_is_refused(client, double, path, body):
    assert client.post(path, json=body).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert client.post(path, json=body, headers=wrong).status_code == 401
    assert double.items == []


@pytest.mark.parametrize("path", ["/api/library/status?ids=x", "/api/library/target"])
def test_library_reads_need_the_token_too(client, path):
    assert client.get(path).status_code == 401
    assert client.get(path, headers=AUTH).status_code == 200


def test_extension_origin_may_write_and_gets_cors(client, double):
    origin = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
    reply = client.post(
        "/api/library/items", json={"papers": [CARD]}, headers=AUTH | {"Origin": origin}
    )
    assert reply.status_code == 200
    assert reply.headers["Access-Control-Allow-Origin"] == origin
    assert len(double.items) == 1


def test_cors_is_only_for_extension_origins(client):
    for origin in ("https://evil.example", "http://127.0.0.1:9999", "null"):
        reply = client.get("/api/health", headers={"Origin": origin})
        assert "Access-Control-Allow-Origin" not in reply.headers
    reply = client.get("/api/health", headers={"Origin": "moz-extension://1234-abcd"})
    assert reply.headers["Access-Control-Allow-Origin"] == "moz-extension://1234-abcd"


def test_the_servers_own_page_may_write(client, double):
    reply = client.post(
        "/api/library/items", json={"papers": [CARD]}, headers=AUTH | {"Origin": "http://localhost"}
    )
    assert reply.status_code == 200


def test_api_key_never_in_responses_logs_or_errors(tmp_path, client, cli, double, caplog):
    caplog.set_level(logging.DEBUG)
    seen = []
    seen.append(client.get("/api/library/target", headers=AUTH).get_data(as_text=True))
    seen.append(
        client.post("/api/library/items", json={"papers": [CARD]}, headers=AUTH).get_data(
            as_text=True
        )
    )
    seen.append(
        client.get("/api/library/status?ids=2512.00001", headers=AUTH).get_data(as_text=True)
    )
    same_library = web_config(double) | {"DATABASE": str(tmp_path / "p.sqlite3")}
    seen.append(cli("zotero", "check", env=same_library).output)
    seen.append(cli("save", "2512.00001", env=same_library).output)
    # A key the server refuses: every error path must keep it out too.
    wrong = "WrOnGkEy9999bbbb8888cccc"
    bad_app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "p2.sqlite3"), "API_TOKEN": TEST_TOKEN}
        | web_config(double, ZOTERO_API_KEY=wrong)
    )
    bad = bad_app.test_client().post("/api/library/items", json={"papers": [CARD]}, headers=AUTH)
    assert bad.get_json()["items"][0]["status"] == "failed"
    seen.append(bad.get_data(as_text=True))
    seen.append(cli("zotero", "check", env=web_config(double, ZOTERO_API_KEY=wrong)).output)
    library = WebLibrary(make_settings(**web_config(double, ZOTERO_API_KEY=wrong)))
    with pytest.raises(ZoteroError) as error:
        library.check()
    library.close()
    seen.append("".join(traceback.format_exception(error.value)))
    seen.append(repr(library.settings))
    seen.append(caplog.text)
    assert caplog.records, "nothing was logged: the scan would prove nothing"
    assert "ZOTERO_API_KEY" in seen[-4]
    for text in seen:
        assert SECRET_KEY not in text
        assert wrong not in text


def test_a_dns_rebinding_host_is_refused_even_with_its_own_origin(client):
    rebound = {"Host": "evil.example:5000", "Origin": "http://evil.example:5000"}
    reply = client.get("/api/papers", headers=rebound)
    assert reply.status_code == 421
    assert "not as the host in this request" in reply.get_json()["message"]
    reply = client.post("/api/ingest", json={"items": [CARD]}, headers=AUTH | rebound)
    assert reply.status_code == 421
    assert client.get("/api/papers/2512.00001").status_code == 404
    for host in ("127.0.0.1:5000", "localhost:5000", "[::1]:5000", "localhost"):
        assert client.get("/api/health", headers={"Host": host}).status_code == 200


HEADED = [
    ("GET", "/", {}),
    ("GET", "/api/papers", {}),
    ("GET", "/feeds/papers.atom", {}),
    ("GET", "/api/export?format=bibtex", {}),
    ("GET", "/static/papershelf.css", {}),
    ("GET", "/api/papers/no-such-paper", {}),  # 404
    ("GET", "/no/such/page", {}),  # Flask's own 404 page
    ("GET", "/api/papers?limit=0", {}),  # 400
    ("POST", "/api/ingest", {}),  # 401
    ("GET", "/api/health", {"Host": "evil.example"}),  # 421
    ("OPTIONS", "/api/ingest", {"Origin": "chrome-extension://abc"}),
]


@pytest.mark.parametrize(("method", "path", "headers"), HEADED, ids=lambda v: str(v)[:40])
def test_every_response_carries_the_security_headers(client, method, path, headers):
    with client.open(path, method=method, headers=headers) as reply:  # closes the file sent
        headers = reply.headers
    assert headers["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_a_500_carries_them_too(client, monkeypatch):
    from server import store

    monkeypatch.setattr(store, "count_papers", lambda _conn: 1 / 0)
    reply = client.get("/api/health")
    assert reply.status_code == 500
    assert reply.headers["X-Frame-Options"] == "DENY"


def test_the_page_needs_nothing_its_policy_forbids(client):
    """No inline script or style, nothing from elsewhere: the stylesheet is papershelf's."""
    from lxml import html

    client.post("/api/ingest", json={"items": [CARD]}, headers=AUTH)
    page = html.fromstring(client.get("/").get_data(as_text=True))
    assert page.xpath("//script | //style | //*[@style] | //iframe | //img") == []
    assert [a for a in page.xpath("//@*[starts-with(name(), 'on')]")] == []
    sheets = page.xpath("//link[@rel='stylesheet']/@href")
    assert sheets == ["/static/papershelf.css"]
    with client.get(sheets[0]) as css:
        assert css.status_code == 200 and css.mimetype == "text/css"
        assert "max-width: 60rem" in css.get_data(as_text=True)
    assert page.xpath("//form/@action") == ["/"]
