"""Saving to the Zotero web library (server/zotero/web.py + library.py) against the double."""

from datetime import date

import pytest

from exporters.zotero import to_zotero_item
from server.models import Paper
from server.store import db
from server.zotero.library import save_papers
from server.zotero.web import same_item
from tests.conftest import make_settings
from tests.doubles.zotero_web import ZoteroWebDouble, web_config


def save(conn, papers, config: dict):
    """save_papers with the settings papershelf would read from `config`."""
    return save_papers(conn, papers, make_settings(**config))


@pytest.fixture
def double():
    with ZoteroWebDouble() as running:
        yield running


def paper(n: int = 1, **changes) -> Paper:
    values = dict(
        title=f"Scaling Test Paper Number {n}",
        arxiv_id=f"2401.{n:05d}",
        authors=["Ada Lovelace", "Alan Turing"],
        abstract="An abstract.",
        published=date(2024, 1, 2),
        primary_category="cs.LG",
        keywords=["scaling"],
    )
    return Paper(**(values | changes))


def item_posts(double) -> list[dict]:
    return [r for r in double.requests if r["method"] == "POST" and r["path"].endswith("/items")]


def assert_all_valid(double):
    assert double.items, "nothing was created"
    for data in double.items:
        assert double.schema.problems(data) == []


def test_save_one_lands_once_with_the_translators_fields(double, conn):
    [result] = save(conn, [paper()], web_config(double))
    assert result.status == "saved"
    [data] = double.items
    assert result.zotero_key == data["key"]
    expected = to_zotero_item(paper())
    for field in ("itemType", "title", "creators", "DOI", "archiveID", "url", "extra", "date"):
        assert data[field] == expected[field]
    assert data["tags"] == [{"tag": "scaling"}]
    assert_all_valid(double)


def test_save_120_goes_in_three_batches(double, conn):
    papers = [paper(n) for n in range(120)]
    results = save(conn, papers, web_config(double))
    assert [r.status for r in results] == ["saved"] * 120
    assert [len(batch) for batch in double.item_writes] == [50, 50, 20]
    assert len({r.zotero_key for r in results}) == 120
    assert sorted(d["title"] for d in double.items) == sorted(p.title for p in papers)
    assert_all_valid(double)


def test_second_save_says_exists_and_writes_nothing(double, conn):
    [first] = save(conn, [paper()], web_config(double))
    [second] = save(conn, [paper()], web_config(double))
    assert second.status == "exists"
    assert second.zotero_key == first.zotero_key
    assert "already in your library" in second.message
    assert len(double.items) == 1 and len(item_posts(double)) == 1


def test_item_already_in_the_library_is_found_by_lookup(double, conn, tmp_path):
    save(conn, [paper()], web_config(double))
    other = db.connect(tmp_path / "other.sqlite3")  # no record of the first save
    try:
        [result] = save(other, [paper(title="A retitled copy")], web_config(double))
    finally:
        other.close()
    # The lookup is by title; a renamed copy is not found by `q`, so it is saved...
    assert result.status == "saved"
    other = db.connect(tmp_path / "third.sqlite3")
    try:
        [again] = save(other, [paper()], web_config(double))
    finally:
        other.close()
    # ...while the same paper is recognised by its arXiv id and not written again.
    assert again.status == "exists"
    assert len(double.items) == 2


def test_rate_limit_is_waited_out_then_one_item(double, conn):
    double.inject(429, method="POST", path="/items", headers={"Retry-After": "1"})
    [result] = save(conn, [paper()], web_config(double))
    assert result.status == "saved"
    assert len(double.items) == 1
    assert len(item_posts(double)) == 2


def test_rate_limit_longer_than_the_bound_says_when_to_retry(double, conn):
    double.inject(429, method="POST", path="/items", headers={"Backoff": "120"})
    results = save(conn, [paper(1), paper(2)], web_config(double, ZOTERO_MAX_WAIT=1))
    assert [r.status for r in results] == ["failed", "failed"]
    assert all("rate limited" in r.message and "retry in 120 s" in r.message for r in results)
    assert double.items == []


def test_rate_limited_lookup_keeps_the_saved_batch_and_fails_the_rest(double, conn):
    lookups = f"/users/{double.user_id}/items"
    double.inject(429, method="GET", path=lookups, headers={"Retry-After": "300"}, after=50)
    results = save(conn, [paper(n) for n in range(60)], web_config(double))
    assert [r.status for r in results] == ["saved"] * 50 + ["failed"] * 10
    assert all("retry in 300 s" in r.message for r in results[50:])
    assert len(double.items) == 50


def test_rate_limit_without_a_wait_says_retry_later(double, conn):
    double.inject(429, method="POST", path="/items")
    [result] = save(conn, [paper()], web_config(double))
    assert (
        result.status == "failed" and "rate limited by Zotero, retry in a minute" in result.message
    )
    assert double.items == []


@pytest.mark.parametrize("fault", ["lost", 500, 412])
def test_retry_after_an_unknown_outcome_makes_one_item(double, conn, fault):
    double.inject(fault, method="POST", path="/items")
    [result] = save(conn, [paper()], web_config(double))
    assert result.status == "saved"
    assert len(double.items) == 1
    assert result.zotero_key == double.items[0]["key"]


def test_no_second_write_when_the_check_after_a_lost_reply_fails(double, conn):
    double.inject("lost", method="POST", path="/items")
    lookups = f"/users/{double.user_id}/items"
    double.inject(429, method="GET", path=lookups, headers={"Retry-After": "300"}, after=2)
    results = save(conn, [paper(1), paper(2)], web_config(double))
    assert [r.status for r in results] == ["failed", "failed"]
    assert all(r.message.startswith("not confirmed") for r in results)
    assert len(double.items) == 2  # the lost write landed; nothing was written twice
    assert len(item_posts(double)) == 1


def test_locked_library_is_retried(double, conn):
    double.inject(409, method="POST", path="/items")
    [result] = save(conn, [paper()], web_config(double))
    assert result.status == "saved" and len(double.items) == 1


def test_bad_key_is_a_clear_error_without_the_key(double, conn):
    secret = "WrongKey0000111122223333"
    results = save(conn, [paper()], web_config(double, ZOTERO_API_KEY=secret))
    [result] = results
    assert result.status == "failed"
    assert "ZOTERO_API_KEY" in result.message and "ZOTERO_LIBRARY_ID" in result.message
    assert secret not in result.message
    assert double.items == []


def test_partly_failing_batch_says_which_were_saved(double, conn):
    double.inject(403, method="POST", path="/items", after=1, body="Forbidden")
    papers = [paper(n) for n in range(60)]
    results = save(conn, papers, web_config(double))
    assert [r.status for r in results[:50]] == ["saved"] * 50
    assert [r.status for r in results[50:]] == ["failed"] * 10
    assert {d["title"] for d in double.items} == {p.title for p in papers[:50]}
    assert all("ZOTERO_API_KEY" in r.message for r in results[50:])


def test_item_refused_inside_a_batch_is_reported_alone(double, conn, monkeypatch):
    refuse = paper(2).title
    original = double.schema.problems
    monkeypatch.setattr(
        double.schema,
        "problems",
        lambda item: ["refused for the test"] if item.get("title") == refuse else original(item),
    )
    results = save(conn, [paper(1), paper(2), paper(3)], web_config(double))
    assert [r.status for r in results] == ["saved", "failed", "saved"]
    assert "refused for the test" in results[1].message
    assert results[1].zotero_key is None
    assert len(double.items) == 2


def test_collection_is_created_once_and_tags_added(double, conn):
    config = web_config(double, ZOTERO_COLLECTION="HF Papers", ZOTERO_TAGS=["papershelf"])
    save(conn, [paper(1)], config)
    save(conn, [paper(2)], config)
    [collection] = double.collections
    assert collection["name"] == "HF Papers"
    assert [d["collections"] for d in double.items] == [[collection["key"]]] * 2
    assert double.items[0]["tags"] == [{"tag": "scaling"}, {"tag": "papershelf"}]


def test_missing_settings_say_what_to_set(conn):
    [result] = save(conn, [paper()], {"ZOTERO_TARGET": "web"})
    assert result.status == "failed"
    assert "ZOTERO_LIBRARY_ID" in result.message and "ZOTERO_API_KEY" in result.message


def test_unreachable_api_is_a_clear_error(conn):
    from tests.doubles import unused_url

    config = {**web_config_for_url(unused_url())}
    [result] = save(conn, [paper()], config)
    assert result.status == "failed" and "cannot connect" in result.message


def web_config_for_url(url: str) -> dict:
    return {"ZOTERO_API_BASE_URL": url, "ZOTERO_LIBRARY_ID": "1", "ZOTERO_API_KEY": "k" * 24}


def test_same_item_compares_identifiers_not_just_titles():
    ours = to_zotero_item(paper())
    assert same_item(ours, {"title": "Other", "archiveID": "arXiv:2401.00001v3"})
    assert same_item(ours, {"title": "x", "DOI": "10.48550/ARXIV.2401.00001"})
    assert same_item(ours, {"title": "x", "extra": "arXiv:2401.00001 [cs.LG]"})
    assert not same_item(ours, {"title": ours["title"], "archiveID": "arXiv:2401.99999"})
    bare = to_zotero_item(Paper(title="No Ids Here"))
    assert same_item(bare, {"title": "no ids here!"})
    assert not same_item(bare, {"title": "no ids here", "DOI": "10.1/x"})
