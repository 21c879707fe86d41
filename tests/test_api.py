"""The papers JSON API and the HTML page, as a client sees them."""

import pytest

from tests.conftest import FIXTURES, SEED


@pytest.fixture
def seeded(client, auth):
    response = client.post(f"/api/ingest?name={SEED.name}", data=SEED.read_bytes(), headers=auth)
    assert response.status_code == 200
    daily = (FIXTURES / "api" / "daily_papers_2025-12-24.json").read_bytes()
    assert client.post("/api/ingest", data=daily, headers=auth).status_code == 200
    return client


def test_ingest_reports_counts_and_is_idempotent(client, auth):
    first = client.post(f"/api/ingest?name={SEED.name}", data=SEED.read_bytes(), headers=auth)
    assert first.status_code == 200
    body = first.get_json()
    assert (body["added"], body["updated"], body["unchanged"], body["problems"]) == (45, 0, 0, [])
    assert len(body["ids"]) == 45
    again = client.post(f"/api/ingest?name={SEED.name}", data=SEED.read_bytes(), headers=auth)
    assert (again.get_json()["added"], again.get_json()["unchanged"]) == (0, 45)


def test_list_search_and_paging(seeded):
    body = seeded.get("/api/papers?limit=2").get_json()
    assert [p["id"] for p in body["items"]] == ["2512.20001", "2512.20002"]
    assert body["next_cursor"]
    page2 = seeded.get(f"/api/papers?limit=2&cursor={body['next_cursor']}").get_json()
    assert [p["id"] for p in page2["items"]] == ["2512.20003", page2["items"][1]["id"]]
    found = seeded.get("/api/papers?q=interval+bound&sort=newest").get_json()["items"]
    assert [p["title"] for p in found] == [
        "Interval Bound Propagation at Scale",
        "Understanding Certified Training with Interval Bound Propagation",
        "Fast Certified Robust Training with Short Warmup",
    ]
    top = seeded.get("/api/papers?min_upvotes=5&has_code=true").get_json()["items"]
    assert [p["id"] for p in top] == ["2512.20001"]
    last = seeded.get("/api/papers?limit=500").get_json()
    assert len(last["items"]) == 48 and last["next_cursor"] is None


def test_paper_json_shape(seeded):
    paper = seeded.get("/api/papers/2512.20001").get_json()
    assert paper == {
        "id": "2512.20001",
        "arxiv_id": "2512.20001",
        "title": "Diffusion Models Learn Interval Arithmetic",
        "abstract": "We show that diffusion models learn interval arithmetic.\n\n"
        "Code: https://github.com/example/dia.",
        "authors": ["Ada Lovelace", "Alan M. Turing", "Zoë Ångström"],
        "author_count": 3,
        "published": "2025-12-22",
        "featured": "2025-12-24",
        "upvotes": 42,
        "comments": 4,
        "keywords": ["diffusion", "interval arithmetic"],
        "primary_category": None,
        "categories": [],
        "links": {
            "hf": "https://huggingface.co/papers/2512.20001",
            "arxiv": "https://arxiv.org/abs/2512.20001",
            "pdf": "https://arxiv.org/pdf/2512.20001",
            "code": ["https://github.com/example/dia"],
            "project": [],
        },
        "sources": [{"kind": "api", "location": "api upload", "seen": None}],
        "published_versions": [],  # none found yet (tests/test_routes_venues.py)
    }


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/papers/9999.99999", 404, "no paper with id '9999.99999'"),
        ("/api/papers?since=yesterday", 400, "since: expected a date YYYY-MM-DD, got 'yesterday'"),
        ("/api/papers?limit=0", 400, "limit: expected a number from 1 to 500, got 0"),
        ("/api/papers?sort=random", 400, "sort: expected one of newest, oldest, upvotes"),
        ("/api/papers?has_code=maybe", 400, "has_code: expected true or false, got 'maybe'"),
        ("/api/papers?cursor=abc", 400, "cursor: not a cursor this server gave out"),
        ("/api/nothing-here", 404, "not found"),
    ],
)
def test_errors_are_json_and_name_the_problem(seeded, url, status, message):
    response = seeded.get(url)
    assert response.status_code == status
    body = response.get_json()
    assert set(body) >= {"error", "message"}
    assert message.lower() in body["message"].lower()


def test_unparseable_input_is_400_with_the_position_and_changes_nothing(seeded, auth):
    before = seeded.get("/api/papers?limit=500").get_json()
    response = seeded.post("/api/ingest", data=b'[{"paper": ', headers=auth)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "unparseable"
    assert body["where"] == "line 1 column 12"
    assert seeded.get("/api/papers?limit=500").get_json() == before


def test_a_page_over_the_size_limit_is_413(client, auth):
    big = b"x" * (50 * 1024 * 1024)
    response = client.post("/api/ingest", data=big, headers=auth)
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_large"


def test_ingest_needs_the_token_and_refuses_web_origins(client, auth):
    data = SEED.read_bytes()
    assert client.post("/api/ingest", data=data).status_code == 401
    wrong = client.post("/api/ingest", data=data, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    foreign = client.post(
        "/api/ingest", data=data, headers={**auth, "Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    assert client.get("/api/papers").get_json()["items"] == []


def test_old_title_ids_redirect_to_the_arxiv_id(client, auth):
    client.post(f"/api/ingest?name={SEED.name}", data=SEED.read_bytes(), headers=auth)
    richer = b'{"items": [{"title": "MIST: Mutual Information Via Supervised Training",'
    richer += b' "arxiv_id": "2511.18945", "authors": ["A Person"]}]}'
    assert client.post("/api/ingest", data=richer, headers=auth).get_json()["updated"] == 1
    old = "mist-mutual-information-via-supervised-training-0a80d67e7a"
    response = client.get(f"/api/papers/{old}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/api/papers/2511.18945")


def test_health(seeded):
    assert seeded.get("/api/health").get_json()["papers"] == 48


def test_the_html_page_lists_papers_escapes_text_and_pages(seeded):
    html = seeded.get("/").get_data(as_text=True)
    assert "48 papers stored" in html
    assert "<img src=x onerror" not in html
    assert "A Title With &lt;img src=x onerror=alert(1)&gt; &amp; Friends" in html
    assert "Ada Lovelace, Alan M. Turing, Zoë Ångström" in html
    assert 'rel="next"' in html
    assert 'type="application/rss+xml"' in html
    search = seeded.get("/?q=propagation").get_data(as_text=True)
    assert "Interval Bound Propagation at Scale" in search
    assert "Diffusion Models Learn" not in search
    bad = seeded.get("/?since=nope").get_data(as_text=True)
    assert "since: expected a date" in bad
