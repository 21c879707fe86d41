"""Saving to the Zotero web library (server/zotero/save_web.py) against the strict double."""

from datetime import date

import pytest

from exporters.zotero import to_zotero_item
from server.models import Paper
from server.store import db
from server.zotero.errors import NotConfigured
from server.zotero.library import save_papers
from tests.conftest import make_settings
from tests.doubles import unused_url
from tests.doubles.zotero_web import ZoteroWebDouble, web_config


def save(conn, papers, config: dict):
    """save_papers with the settings papershelf would read from `config`."""
    return save_papers(conn, papers, make_settings(**{"ZOTERO_PDF": "none", **config}))


@pytest.fixture
def double():
    with ZoteroWebDouble() as running:
        yield running


@pytest.fixture
def other_conn(tmp_path):
    """Another papershelf database: no record of what the first one saved."""
    connection = db.connect(tmp_path / "other.sqlite3")
    yield connection
    connection.close()


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
    for data in double.objects:
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


def test_save_120_goes_in_three_batches_after_one_sync(double, conn):
    papers = [paper(n) for n in range(120)]
    results = save(conn, papers, web_config(double))
    assert [r.status for r in results] == ["saved"] * 120
    assert [len(batch) for batch in double.item_writes] == [50, 50, 20]
    assert len({r.zotero_key for r in results}) == 120
    assert sorted(d["title"] for d in double.items) == sorted(p.title for p in papers)
    reads = [r for r in double.requests if r["method"] == "GET"]
    assert len(reads) == 1  # one sync; no per-paper lookups
    assert_all_valid(double)


def test_second_save_says_exists_and_writes_nothing(double, conn):
    [first] = save(conn, [paper()], web_config(double))
    [second] = save(conn, [paper()], web_config(double))
    assert second.status == "exists"
    assert second.zotero_key == first.zotero_key
    assert "already in your library" in second.message
    assert len(double.items) == 1 and len(item_posts(double)) == 1


def test_an_item_already_in_the_library_is_found_by_arxiv_id(double, conn, other_conn):
    save(conn, [paper()], web_config(double))
    [again] = save(other_conn, [paper(title="A Retitled Copy")], web_config(double))
    assert again.status == "exists" and again.zotero_key == double.items[0]["key"]
    assert len(double.items) == 1


def test_the_arxiv_translators_latex_title_is_the_same_paper(double, conn):
    translator = to_zotero_item(paper(title=r"$\alpha$-Scaling of \textit{Deep} Nets"))
    added = double.add_object(double.objects, translator | {"DOI": "", "archiveID": ""})
    [result] = save(conn, [paper(title="α-Scaling of Deep Nets")], web_config(double))
    assert (result.status, result.zotero_key) == ("exists", added["key"])
    assert len(double.items) == 1


def test_a_text_copied_paper_matches_the_library_items_title(double, conn):
    added = double.add_object(double.objects, to_zotero_item(paper(title="TÜLU 3: Open Models")))
    text_copy = Paper(title='T\\"ULU 3: open models!')
    [result] = save(conn, [text_copy], web_config(double))
    assert (result.status, result.zotero_key) == ("exists", added["key"])
    assert len(double.items) == 1


def test_same_title_with_another_arxiv_id_is_another_paper(double, conn):
    double.add_object(double.objects, to_zotero_item(paper(arxiv_id="2401.99999")))
    [result] = save(conn, [paper()], web_config(double))
    assert result.status == "saved" and len(double.items) == 2


def test_an_item_deleted_from_the_library_is_saved_again(double, conn, other_conn):
    [first] = save(conn, [paper()], web_config(double))
    save(other_conn, [paper(2)], web_config(double))  # other_conn's index knows paper 1
    double.delete_item(first.zotero_key)
    [again] = save(other_conn, [paper()], web_config(double))
    assert again.status == "saved" and len(double.items) == 2


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


def test_rate_limit_without_a_wait_says_retry_later(double, conn):
    double.inject(429, method="POST", path="/items")
    [result] = save(conn, [paper()], web_config(double))
    assert result.status == "failed"
    assert "rate limited by Zotero, retry in a minute" in result.message
    assert double.items == []


@pytest.mark.parametrize("fault", ["lost", 500, 503])
def test_a_write_whose_outcome_is_unknown_makes_one_item(double, conn, fault):
    double.inject(fault, method="POST", path="/items")
    [result] = save(conn, [paper()], web_config(double))
    assert result.status == "saved"
    assert len(double.items) == 1
    assert result.zotero_key == double.items[0]["key"]


def test_a_write_token_refused_as_reused_is_answered_from_the_library(double, conn):
    double.inject(412, method="POST", path="/items", body="Write token already used")
    [result] = save(conn, [paper()], web_config(double))
    assert result.status == "saved" and len(double.items) == 1


def test_a_lost_reply_then_a_repeat_with_the_same_key_writes_nothing_twice(double, conn):
    double.inject("lost", method="POST", path="/items")
    double.inject(500, method="GET", after=1)  # and the look after it fails too
    [result] = save(conn, [paper()], web_config(double))
    assert result.status == "failed" and result.message.startswith("not confirmed")
    assert len(double.items) == 1  # the lost write landed
    [again] = save(conn, [paper()], web_config(double))
    assert again.status in ("saved", "exists") and again.zotero_key == double.items[0]["key"]
    assert len(double.items) == 1


def test_the_library_changing_between_sync_and_write_is_looked_at_again(double, conn):
    save(conn, [paper(1)], web_config(double))
    double.inject(412, method="POST", path="/items")  # another client wrote meanwhile
    double.add_object(double.objects, to_zotero_item(paper(2)))
    [result] = save(conn, [paper(2)], web_config(double))
    assert result.status == "exists" and len(double.items) == 2


def test_locked_library_is_retried(double, conn):
    double.inject(409, method="POST", path="/items")
    [result] = save(conn, [paper()], web_config(double))
    assert result.status == "saved" and len(double.items) == 1


def test_bad_key_is_a_clear_error_without_the_key(double, conn):
    secret = "WrongKey0000111122223333"
    [result] = save(conn, [paper()], web_config(double, ZOTERO_API_KEY=secret))
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


def test_collection_and_tags_are_set():
    with ZoteroWebDouble(collections=("HF Papers",)) as double, db.connect(":memory:") as conn:
        config = web_config(double, ZOTERO_COLLECTION="HF Papers", ZOTERO_TAGS=["papershelf"])
        save(conn, [paper(1)], config)
        [collection] = double.collections
        assert [d["collections"] for d in double.items] == [[collection["key"]]]
        assert double.items[0]["tags"] == [{"tag": "scaling"}, {"tag": "papershelf"}]


def test_a_collection_that_does_not_exist_is_a_setting_to_fix(double, conn):
    with pytest.raises(NotConfigured) as error:
        save(conn, [paper()], web_config(double, ZOTERO_COLLECTION="HF Papers"))
    assert str(error.value).startswith("ZOTERO_COLLECTION names no collection")
    assert double.items == [] and double.collections == []


@pytest.mark.parametrize(
    ("changes", "setting"),
    [
        (
            {"ZOTERO_LIBRARY_ID": None, "ZOTERO_API_KEY": None},
            "ZOTERO_LIBRARY_ID and ZOTERO_API_KEY",
        ),
        ({"ZOTERO_API_KEY": "kéy0123456789abcdefghij"}, "ZOTERO_API_KEY has a character"),
        ({"ZOTERO_API_KEY": "key0123456789abcdefghij\n"}, "ZOTERO_API_KEY has a space or a line"),
        ({"ZOTERO_LIBRARY_ID": "me"}, "ZOTERO_LIBRARY_ID must be the library's number"),
    ],
)
def test_unusable_settings_fail_in_one_line_before_sending_anything(double, conn, changes,
                                                                    setting):  # fmt: skip
    config = {k: v for k, v in web_config(double).items() if changes.get(k, "") is not None}
    config |= {k: v for k, v in changes.items() if v is not None}
    with pytest.raises(NotConfigured) as error:
        save(conn, [paper()], config)
    message = str(error.value)
    assert setting in message and "\n" not in message
    assert "kéy" not in message and "key0123456789" not in message
    assert double.requests == []


def test_unreachable_api_is_a_clear_error(conn):
    config = {"ZOTERO_API_BASE_URL": unused_url(), "ZOTERO_LIBRARY_ID": "1",
              "ZOTERO_API_KEY": "k" * 24}  # fmt: skip
    [result] = save(conn, [paper()], config)
    assert result.status == "failed" and "cannot connect" in result.message
