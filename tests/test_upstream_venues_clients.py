"""The three clients: polite turns, the API key and the mailto, and the answers' odd shapes."""

import json
import threading

import pytest

from server.upstream.http import BadResponse, HttpClient
from server.upstream.venues.clients import make_venue_clients
from server.upstream.venues.dblp import Dblp
from server.upstream.venues.semantic_scholar import SemanticScholar
from tests.conftest import make_settings
from tests.doubles.hf_arxiv_server import Reply


@pytest.fixture
def settings(venue_doubles):
    return make_settings(**venue_doubles.settings_values())


class FakeTime:
    """A clock that only moves when slept on; every wait is recorded."""

    def __init__(self):
        self.now = 100.0
        self.waits = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.waits.append(round(seconds, 6))
        self.now += seconds


def test_requests_to_one_service_are_spaced_by_its_interval(settings, venue_doubles):
    time = FakeTime()
    scholar = SemanticScholar(
        HttpClient(settings), venue_doubles.s2.api_url, 1.0, clock=time.clock, sleep=time.sleep
    )
    dblp = Dblp(HttpClient(settings), venue_doubles.dblp.base_url, 2.0, time.clock, time.sleep)
    scholar.by_arxiv_id("2306.10426")
    dblp.search_title("Fast Certified Robust Training")
    assert time.waits == []  # each service's first request goes at once
    scholar.by_arxiv_id("2103.17268")
    dblp.search_title("Fast Certified Robust Training")
    assert time.waits == [1.0, 1.0]  # 1 s for Semantic Scholar; dblp's 2 s was half over
    time.now += 5
    scholar.by_arxiv_id("2103.17268")
    assert time.waits == [1.0, 1.0]  # long after the last one: no wait


def test_clients_of_one_service_take_turns_across_threads(settings, venue_doubles):
    paper = venue_doubles.s2.papers["2306.10426"]
    venue_doubles.s2.inject(
        "/graph/v1/paper/", Reply(200, json.dumps(paper), delay=0.05, times=None)
    )
    clients = [make_venue_clients(settings).semantic_scholar for _ in range(4)]
    threads = [
        threading.Thread(target=lambda c=c: [c.by_arxiv_id("2306.10426") for _ in range(3)])
        for c in clients
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(venue_doubles.s2.requests) == 12
    assert venue_doubles.s2.most_in_flight == 1  # one request at a time, never two


def test_the_api_key_goes_to_semantic_scholar_only(venue_doubles):
    venue_doubles.s2.api_key = "s2-key-0123"
    settings = make_settings(
        **venue_doubles.settings_values(SEMANTIC_SCHOLAR_API_KEY="s2-key-0123")
    )
    clients = make_venue_clients(settings)
    assert clients.semantic_scholar.by_arxiv_id("2306.10426")
    clients.dblp.search_title("Fast Certified Robust Training")
    clients.crossref.search("Fast Certified Robust Training", "Rafael Ibáñez")
    (asked,) = venue_doubles.s2.requests
    assert asked.headers["x-api-key"] == "s2-key-0123"
    others = venue_doubles.dblp.requests + venue_doubles.crossref.requests
    assert others and not any("x-api-key" in {k.lower() for k in s.headers} for s in others)
    assert all("s2-key" not in s.path + json.dumps(s.query) for s in venue_doubles.s2.requests)


def test_semantic_scholar_fields_are_ones_it_knows(settings, venue_doubles):
    # The double refuses unknown fields with 400, as the API does: asking works.
    found = make_venue_clients(settings).semantic_scholar.by_arxiv_id("2306.10426v2")
    assert [c.venue for c in found] == ["Computer Vision and Pattern Recognition"]
    assert venue_doubles.s2.paths() == ["/graph/v1/paper/ARXIV:2306.10426"]


def test_an_unknown_arxiv_id_or_doi_is_no_record(settings):
    clients = make_venue_clients(settings)
    assert clients.semantic_scholar.by_arxiv_id("2401.00001") == []
    assert clients.crossref.work("10.9999/nobody") is None


def test_dblp_single_hit_and_single_author_objects(settings, venue_doubles):
    answer = {
        "result": {
            "hits": {
                "@total": "1",
                "hit": {  # one hit: an object, not a list
                    "info": {
                        "authors": {"author": {"@pid": "1/2", "text": "Wei Li 0012"}},
                        "title": "A Solo Paper.",
                        "venue": ["ICML", "PMLR"],
                        "year": "2024",
                        "type": "Conference and Workshop Papers",
                        "key": "conf/icml/Li24",
                        "ee": ["https://proceedings.mlr.press/v1/li24a.html",
                               "https://arxiv.org/abs/2401.01234"],
                    }
                },
            }
        }
    }  # fmt: skip
    venue_doubles.dblp.inject("/search/publ/api", Reply(200, json.dumps(answer)))
    (found,) = make_venue_clients(settings).dblp.search_title("A Solo Paper")
    assert (found.title, found.first_author, found.first_family) == ("A Solo Paper", "Wei Li", "Li")
    assert (found.venue, found.year, found.kind, found.arxiv_ids) == (
        "ICML", 2024, "conference", ("2401.01234",),
    )  # fmt: skip


def test_dblp_without_hits_is_an_empty_list(settings, venue_doubles):
    assert make_venue_clients(settings).dblp.search_title("Nothing Like This Anywhere") == []
    answer = json.loads(venue_doubles.dblp.answer(
        "/search/publ/api", {"q": "nothing", "format": "json"}, {}
    )[1])  # fmt: skip
    assert "hit" not in answer["result"]["hits"]


@pytest.mark.parametrize(
    ("service", "path", "body", "message"),
    [
        ("dblp", "/search/publ/api", {"result": {}}, "DBLP sent an answer without result.hits"),
        ("crossref", "/works", {"status": "ok", "message-type": "work", "message": {}},
         "Crossref sent an answer without a work-list message"),
        ("s2", "/graph/v1/paper/", ["not", "an", "object"],
         "Semantic Scholar sent list where an object was expected"),
    ],
)  # fmt: skip
def test_json_out_of_the_documented_shape_is_a_bad_response(
    settings, venue_doubles, service, path, body, message
):
    getattr(venue_doubles, service).inject(path, Reply(200, json.dumps(body)))
    clients = make_venue_clients(settings)
    ask = {
        "dblp": lambda: clients.dblp.search_title("x"),
        "crossref": lambda: clients.crossref.search("x", None),
        "s2": lambda: clients.semantic_scholar.by_arxiv_id("2306.10426"),
    }[service]
    with pytest.raises(BadResponse, match=message):
        ask()


def test_crossref_queries_select_only_elements_it_has(settings, venue_doubles):
    # The double refuses a `select` naming an element works do not have (400).
    found = make_venue_clients(settings).crossref.search(
        "Understanding Certified Training with Interval Bound Propagation", "Lena Hartmann"
    )
    # Best first; W2v-BERT shares a word and an author named Hartmann, as a search would.
    assert [c.doi for c in found] == ["10.1109/CVPR52733.2024.00512", "10.31219/osf.io/w2vbt"]
    (asked,) = venue_doubles.crossref.requests
    assert asked.query["query.author"] == "Hartmann"
    assert asked.query["rows"] == "5"


def test_the_crossref_double_refuses_what_crossref_refuses(venue_doubles):
    import urllib.error
    import urllib.request

    base = venue_doubles.crossref.base_url
    for url in (f"{base}/works/10.1109/CVPR52733.2024.00512?select=DOI",
                f"{base}/works?query.title=x", f"{base}/works?select=DOI,colour"):  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url)
        with refused.value as answer:
            assert answer.code == 400
            assert json.load(answer)["message-type"] == "validation-failure"
