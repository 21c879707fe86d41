"""The upstream HTTP client: User-Agent, ETag cache, bounded retries, Retry-After, timeouts."""

from datetime import UTC, datetime

import pytest

from server.upstream.http import (
    HttpClient,
    HttpStatusError,
    RateLimited,
    Unreachable,
    UpstreamTimeout,
    retry_after_seconds,
)
from tests.conftest import make_settings
from tests.doubles import unused_url
from tests.doubles.hf_arxiv_server import Reply

FAST = make_settings(
    HTTP_CONNECT_TIMEOUT=2, HTTP_TIMEOUT=2, HTTP_RETRIES=2, HTTP_BACKOFF=0.25, RETRY_MAX_WAIT=30
)


def client(settings=FAST, conn=None):
    slept = []
    http = HttpClient(settings, conn, sleep=slept.append)
    return http, slept


def test_names_papershelf_and_its_version_in_the_user_agent(hf_double):
    http, _ = client()
    http.get(f"{hf_double.base_url}/api/papers/2306.10426", service="Hugging Face")
    agent = hf_double.requests[-1].headers["User-Agent"]
    assert agent.startswith("papershelf/0.1.0")


def test_asks_conditionally_and_answers_from_the_cache_on_304(hf_double, conn):
    http, _ = client(conn=conn)
    url = f"{hf_double.base_url}/api/papers/2306.10426"
    first = http.get(url, service="Hugging Face")
    second = http.get(url, service="Hugging Face")
    assert "If-None-Match" not in hf_double.requests[0].headers
    assert hf_double.requests[1].headers["If-None-Match"] == first.headers["ETag"]
    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.body == first.body
    row = conn.execute("SELECT etag FROM http_cache WHERE url = ?", (url,)).fetchone()
    assert row["etag"] == first.headers["ETag"]


def test_a_changed_resource_is_fetched_again(hf_double, conn):
    http, _ = client(conn=conn)
    url = f"{hf_double.base_url}/api/papers/2306.10426"
    http.get(url, service="Hugging Face")
    hf_double.set_upvotes("2306.10426", 99)
    again = http.get(url, service="Hugging Face")
    assert not again.from_cache
    assert b'"upvotes": 99' in again.body


def test_honours_retry_after_then_succeeds(hf_double):
    hf_double.inject("/api/papers", Reply(429, '{"error": "slow down"}', {"Retry-After": "7"}))
    http, slept = client()
    response = http.get(f"{hf_double.base_url}/api/papers/2306.10426", service="Hugging Face")
    assert response.status == 200
    assert slept == [7.0]
    assert len(hf_double.requests) == 2


def test_gives_up_at_once_when_retry_after_is_longer_than_the_bound(hf_double):
    hf_double.inject("/api/papers", Reply(429, "", {"Retry-After": "3600"}, times=None))
    http, slept = client()
    with pytest.raises(RateLimited, match="wait 3600 s.*RETRY_MAX_WAIT=30 s"):
        http.get(f"{hf_double.base_url}/api/papers/2306.10426", service="Hugging Face")
    assert slept == []
    assert len(hf_double.requests) == 1


def test_retries_server_errors_a_bounded_number_of_times_with_backoff(hf_double):
    hf_double.inject("/api/papers", Reply(503, '{"error": "overloaded"}', times=None))
    http, slept = client()
    with pytest.raises(HttpStatusError, match="HTTP 503.*overloaded.*after 3 attempts") as info:
        http.get(f"{hf_double.base_url}/api/papers/2306.10426", service="Hugging Face")
    assert info.value.status == 503
    assert slept == [0.25, 0.5]
    assert len(hf_double.requests) == 3


def test_does_not_retry_a_client_error(hf_double):
    http, slept = client()
    with pytest.raises(HttpStatusError, match="HTTP 404") as info:
        http.get(f"{hf_double.base_url}/api/papers/9999.99999", service="Hugging Face")
    assert info.value.status == 404
    assert (slept, len(hf_double.requests)) == ([], 1)


def test_a_slow_reply_times_out_after_bounded_retries(hf_double):
    hf_double.inject("/api/papers", Reply(200, "{}", delay=5, times=None))
    settings = make_settings(
        HTTP_CONNECT_TIMEOUT=1, HTTP_TIMEOUT=0.2, HTTP_RETRIES=1, HTTP_BACKOFF=0
    )
    http, _ = client(settings)
    with pytest.raises(UpstreamTimeout, match="did not answer within 0.2 s.*after 2 attempts"):
        http.get(f"{hf_double.base_url}/api/papers/2306.10426", service="Hugging Face")


def test_a_closed_port_is_reported_at_once_without_retrying():
    http, slept = client()
    with pytest.raises(Unreachable, match=r"cannot reach Hugging Face at 127\.0\.0\.1:\d+ "
                                          r"\(connection refused\)"):  # fmt: skip
        http.get(f"{unused_url()}/api/daily_papers", service="Hugging Face")
    assert slept == []


def test_retry_after_accepts_seconds_and_http_dates():
    now = datetime(2025, 12, 24, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 24 Dec 2025 12:01:30 GMT", now) == 90.0
    assert retry_after_seconds("Wed, 24 Dec 2025 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_settings_come_from_the_configuration():
    settings = make_settings(
        HTTP_TIMEOUT="4", HTTP_CONNECT_TIMEOUT="9", HTTP_RETRIES="1", RETRY_MAX_WAIT="12"
    )
    # The connect timeout never exceeds the overall timeout.
    assert (settings.http_timeout, settings.connect_timeout) == (4.0, 4.0)
    assert (settings.http_retries, settings.retry_max_wait) == (1, 12.0)
