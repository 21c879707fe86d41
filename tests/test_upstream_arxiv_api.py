"""The arXiv export API client: Atom parsing, many ids a request, spacing, disguised errors."""

from datetime import date

import pytest

from server.upstream.arxiv_api import ArxivApi, ArxivQueryError, parse_atom
from server.upstream.http import BadResponse, HttpClient, RateLimited
from tests.conftest import FIXTURES, make_settings
from tests.doubles.hf_arxiv_server import Reply

ATOM = (FIXTURES / "upstream" / "arxiv-entries.atom").read_text(encoding="utf-8")
ERROR_ATOM = (FIXTURES / "upstream" / "arxiv-error.atom").read_text(encoding="utf-8")


class FakeClock:
    """Time that moves only when slept, so spacing is checked without waiting."""

    def __init__(self):
        self.now = 100.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def api(hf_double, clock=None, batch_size=50, retries=2, min_interval=3.0):
    clock = clock or FakeClock()
    http = HttpClient(make_settings(HTTP_RETRIES=retries), sleep=clock.sleep)
    return ArxivApi(http, f"{hf_double.base_url}/", min_interval, batch_size, clock, clock.sleep)


def test_parses_authors_in_order_categories_and_dates():
    entries = {e.arxiv_id: e for e in parse_atom(ATOM)}
    entry = entries["2306.10426"]  # the entry's id carries a version: v2
    assert entry.title == "Understanding Certified Training with Interval Bound Propagation"
    assert entry.authors == ["Lena Hartmann", "Tobias Feld", "Mira Lindqvist", "Jonas Mensah"]
    assert entry.primary_category == "cs.LG"
    assert entry.categories == ["cs.LG", "cs.AI"]
    assert entry.published == date(2023, 6, 17)
    assert entry.doi == "10.48550/arXiv.2306.10426"
    assert entry.abstract.startswith("We study understanding certified training")
    assert len(entries["2411.15124"].authors) == 23


def test_the_error_entry_is_a_refusal_not_a_paper():
    with pytest.raises(ArxivQueryError, match="arXiv refused the query: incorrect id format for "):
        parse_atom(ERROR_ATOM.replace("BADID", "2306.1"))


def test_rate_exceeded_text_and_non_atom_answers_are_recognised():
    with pytest.raises(RateLimited):
        parse_atom("Rate exceeded.")
    with pytest.raises(BadResponse, match="not Atom"):
        parse_atom("<html><body>Service Unavailable")


def test_asks_for_many_ids_in_one_request(hf_double):
    found = api(hf_double).entries(["2306.10426", "2103.17268v2", "2411.15124", "2401.00001"])
    assert sorted(found) == ["2103.17268", "2306.10426", "2411.15124"]
    (request,) = hf_double.requests
    assert request.path == "/api/query"
    assert request.query["id_list"] == "2306.10426,2103.17268,2411.15124,2401.00001"
    assert request.query["max_results"] == "4"


def test_spaces_requests_by_the_minimum_interval(hf_double):
    clock = FakeClock()
    client = api(hf_double, clock, batch_size=2)
    client.entries(["2306.10426", "2103.17268", "2411.15124", "2108.06209", "2511.18945"])
    assert len(hf_double.requests) == 3
    assert clock.slept == [3.0, 3.0]


def test_an_error_entry_fails_the_query(hf_double):
    hf_double.arxiv_mode = "error_entry"
    with pytest.raises(ArxivQueryError, match="arXiv refused the query"):
        api(hf_double).entries(["2306.10426"])


def test_rate_exceeded_is_retried_with_backoff_then_reported(hf_double):
    hf_double.arxiv_mode = "rate_exceeded"
    clock = FakeClock()
    with pytest.raises(RateLimited, match="'Rate exceeded.' 3 times; try again later"):
        api(hf_double, clock).entries(["2306.10426"])
    assert len(hf_double.requests) == 3
    assert clock.slept == [3.0, 6.0]


def test_rate_exceeded_once_then_answered(hf_double):
    hf_double.inject("/api/query", Reply(200, "Rate exceeded.", content_type="text/plain"))
    found = api(hf_double, min_interval=0).entries(["2306.10426"])
    assert list(found) == ["2306.10426"]
