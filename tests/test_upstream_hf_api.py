"""The Hugging Face API client: every page of a listing, search, one paper, bad answers."""

import pytest

from server.upstream.hf_api import HfApi
from server.upstream.http import BadResponse, HttpClient, HttpStatusError
from server.upstream.listings import Listing
from tests.conftest import make_settings
from tests.doubles.hf_arxiv_server import Reply


def api(hf_double, page_size=50):
    http = HttpClient(make_settings(HTTP_RETRIES=0), sleep=lambda _s: None)
    return HfApi(http, hf_double.base_url + "/", page_size=page_size)


def daily_queries(hf_double):
    return [seen.query for seen in hf_double.requests if seen.path == "/api/daily_papers"]


def test_reads_every_page_of_a_week_until_an_empty_page(hf_double):
    fetched = api(hf_double, page_size=2).daily_papers(week="2025-W52")
    ids = [item["paper"]["id"] for item in fetched.items]
    assert ids == ["2512.19201", "2512.19877", "2512.20114", "2512.20530", "2512.21002"]
    assert [q["p"] for q in daily_queries(hf_double)] == ["0", "1", "2", "3"]
    assert all(q["week"] == "2025-W52" and q["limit"] == "2" for q in daily_queries(hf_double))
    assert fetched.pages == 4
    assert fetched.url.endswith("/api/daily_papers?week=2025-W52&p=0&limit=2")


def test_keeps_paging_when_the_server_gives_fewer_items_than_asked(hf_double):
    hf_double.page_size = 2  # the server caps pages below our limit of 50
    fetched = api(hf_double).daily_papers(week="2025-W52")
    assert len(fetched.items) == 5
    assert [q["p"] for q in daily_queries(hf_double)] == ["0", "1", "2", "3"]


def test_stops_when_the_server_ignores_the_page_number(hf_double):
    hf_double.inject(
        "/api/daily_papers", Reply(200, '[{"paper": {"id": "2512.19201"}}]', times=None)
    )
    fetched = api(hf_double).daily_papers(date="2025-12-24")
    assert len(fetched.items) == 1
    assert fetched.pages == 2


def test_an_unknown_past_day_is_an_empty_listing(hf_double):
    assert api(hf_double).daily_papers(date="2025-12-01").items == []


def test_a_future_day_is_refused_with_400(hf_double):
    with pytest.raises(HttpStatusError, match="HTTP 400.*cannot be in the future") as info:
        api(hf_double).daily_papers(date="2099-01-01")
    assert info.value.status == 400


def test_a_month_lists_its_papers(hf_double):
    fetched = api(hf_double).listing(Listing("month", "2025-12"))
    assert len(fetched.items) == 5


def test_search_returns_the_items_found(hf_double):
    fetched = api(hf_double).search("Addressing Negative Transfer in Diffusion Models")
    ids = {item["paper"]["id"] for item in fetched.items}
    assert {"2306.00354", "2306.01987"} <= ids
    assert hf_double.requests[-1].query == {
        "q": "Addressing Negative Transfer in Diffusion Models",
        "limit": "20",
    }


def test_one_paper_and_none_for_an_unindexed_one(hf_double):
    fetched = api(hf_double).paper("2306.10426")
    assert fetched.items[0]["title"] == (
        "Understanding Certified Training with Interval Bound Propagation"
    )
    assert len(fetched.items[0]["authors"]) == 4
    assert api(hf_double).paper("2401.00001") is None


def test_malformed_json_is_a_bad_response_naming_the_url(hf_double):
    hf_double.inject("/api/daily_papers", Reply(200, '[{"paper": '))
    with pytest.raises(BadResponse, match=r"malformed JSON for http://.*week=2025-W52.*line 1"):
        api(hf_double).daily_papers(week="2025-W52")


def test_an_object_where_a_list_belongs_is_a_bad_response(hf_double):
    hf_double.inject("/api/papers/search", Reply(200, '{"error": "odd"}'))
    with pytest.raises(BadResponse, match="dict where a list was expected"):
        api(hf_double).search("anything")
