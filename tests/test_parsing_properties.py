"""Properties of every parser and of `ingest_data`, over generated inputs (hypothesis).

Whatever the input, each ends in a ParseResult whose papers are within papershelf's bounds
and whose problems say where, or in a ParseError; nothing else is raised, and what is
stored reads back as it was parsed. Examples are bounded so the suite stays fast; the
fuzz script (bench/fuzz_ingest.py) runs the same shapes a hundred thousand times.
"""

import json
from datetime import date
from html import escape

from hypothesis import given
from hypothesis import strategies as st

from server import store
from server.ingest import ingest_data
from server.merge import merge_papers
from server.models import Paper, normalise_title
from server.parsing import ParseError, ParseResult, parse_any
from server.parsing.fields import EARLIEST, LATEST
from server.parsing.hf_api import parse_api_json
from server.parsing.html_page import parse_papers_html
from server.parsing.links import clean_url, extract_links
from server.parsing.own_json import parse_own_json
from server.parsing.text import parse_listing_text
from server.store import db
from tests.properties import bounded
from tests.test_parsing_corpus import assert_within_bounds

BOUNDED = bounded(60)

# Building blocks: plausible values, and the hostile ones fuzzing found.
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=30)  # surrogates too
words = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=30)
counts = st.one_of(
    st.integers(min_value=0, max_value=60),
    st.sampled_from([-1, 2**63 - 1, 2**63, 10**30, int("9" * 50)]),
)
years = st.sampled_from([0, 1, 1985, 1990, 1991, 2023, 2024, 2025, 9998, 9999])
months = st.sampled_from(["Jan", "Feb", "Mar", "Jun", "Sep", "Sept", "Dec", "Foo"])
date_lines = st.builds(
    lambda m, d, y, c: (
        f"{m} {d}" + (f", {y:04d}" if y is not None else "") + (f" {c}" if c is not None else "")
    ),
    months,
    st.integers(min_value=0, max_value=32),
    st.none() | years,
    st.none() | counts,
)
urls = st.sampled_from(
    [
        "https://github.com/a/b",
        "https://github.com/a/b).",
        "http://[",
        "http://[::1",
        "https://x.org/" + ")" * 300,
        "https://huggingface.co/spaces/a/b{url}",
        "https://example.org/f(x)",
    ]
)
abstracts = st.lists(st.one_of(words, urls), max_size=6).map(" ".join)
valid_ids = st.sampled_from(["2501.00001", "2501.00002v3", "cs/0112017", "2412.15115"])
arxiv_ids = st.one_of(
    valid_ids,
    valid_ids,
    valid_ids,
    st.sampled_from(["2301.00001\n", "2501.1", "", "\u0662\u0665\u0660\u0661.00001"]),
    any_text,
    st.integers(),
)
iso_days = st.one_of(
    st.builds(lambda y: f"{y:04d}-06-15T10:00:00.000Z", years),
    st.sampled_from(["2025-02-30", "yesterday", "", "2025-12-24"]),
    st.integers(),
)
names = st.sampled_from([None, "page.txt", "hf-papers-page-2025-12-24.txt", "x-0000-01-01.txt"])
as_ofs = st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@st.composite
def text_pages(draw) -> str:
    blocks = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        title = draw(st.one_of(words, date_lines, counts.map(str)))
        meta = draw(
            st.none()
            | st.builds(lambda n, d: f"  • {n} authors\n·\n{d}", counts, date_lines)
            | st.just("·\nJun 17, 2023New")
        )
        block = [title, draw(abstracts)] + ([meta] if meta else [])
        blocks.append("\n\n".join(block))
    header = draw(st.sampled_from(["", "new\n\nDaily Papers\n\n", "Dec 24\n\n", "Feb 29\n\n"]))
    joiner = draw(st.sampled_from(["\n\n", "\n", "\n\n\n", "\r\n\r\n"]))
    return header + joiner.join(blocks) + draw(st.sampled_from(["", "\n", "\x1b\x07"]))


json_values = st.recursive(
    st.none() | st.booleans() | counts | st.floats() | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=3),
    max_leaves=8,
)


def mostly(valid, hostile):
    """Usually a valid value, sometimes a hostile one: records get through often enough."""
    return st.one_of(valid, valid, valid, valid, valid, hostile)


fine_counts = st.integers(min_value=0, max_value=500)
fine_days = st.sampled_from(["2025-12-24T01:23:45.000Z", "2023-06-17T00:00:00Z", "2021-03-31"])


@st.composite
def api_items(draw) -> dict:
    paper = {
        "id": draw(arxiv_ids),
        "title": draw(
            mostly(words.filter(str.strip), any_text | st.just("T" * 1500) | json_values)
        ),
        "summary": draw(mostly(abstracts, any_text | json_values)),
        "authors": draw(
            mostly(
                st.lists(st.fixed_dictionaries({"name": words.filter(str.strip)}), max_size=4),
                st.lists(any_text, max_size=2) | json_values,
            )
        ),
        "publishedAt": draw(mostly(fine_days, iso_days)),
        "upvotes": draw(mostly(fine_counts, counts | json_values)),
        "githubRepo": draw(urls | json_values),
        "githubStars": draw(mostly(fine_counts, counts)),
        "organization": draw(mostly(st.fixed_dictionaries({"fullname": words}), json_values)),
        "ai_keywords": draw(mostly(st.lists(words, max_size=3), json_values)),
    }
    paper = {k: v for k, v in paper.items() if draw(st.booleans()) or k in ("id", "title")}
    return {
        "paper": paper,
        "publishedAt": draw(mostly(fine_days, iso_days)),
        "numComments": draw(mostly(fine_counts, counts)),
        "thumbnail": draw(urls | any_text),
        "submittedBy": draw(mostly(st.fixed_dictionaries({"user": words}), json_values)),
    }


def nested(value: object, depth: int) -> object:
    for _ in range(depth):
        value = [value]
    return value


api_documents = st.builds(
    lambda items, depth: json.dumps(nested(items, depth)),
    st.lists(api_items(), max_size=4),
    st.sampled_from([0, 0, 0, 1, 70]),
)
own_records = st.builds(
    lambda title, more: ({"title": title} if title is not None else {}) | more,
    st.none() | words | words | words,
    st.dictionaries(
        st.sampled_from(
            ["arxiv_id", "authors", "author_count", "authors_complete", "upvotes", "published",
             "links", "sources", "thumbnail", "abstract", "bogus"]
        ),
        st.one_of(words, any_text, counts, st.booleans(), iso_days, json_values,
                  st.lists(words, max_size=3), valid_ids),
        max_size=4,
    ),
)  # fmt: skip
own_documents = st.lists(own_records, max_size=4).map(lambda items: json.dumps({"items": items}))


@st.composite
def html_pages(draw) -> str:
    props = draw(
        st.none()
        | api_documents.map(lambda items: f'{{"dailyPapers": {items}, "date": "2025-12-24"}}')
        | any_text
    )
    cards = "".join(
        f'<article><h3><a href="{escape(href)}">{escape(title)}</a></h3>'
        f'<div class="leading-none">{escape(up)}</div><li>{escape(n)} authors</li></article>'
        for href, title, up, n in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["/papers/2501.00001", "/papers/2501.00002#c", "/x", ""]),
                    any_text,
                    st.one_of(counts.map(str), any_text),
                    counts.map(str),
                ),
                max_size=4,
            )
        )
    )
    target = "" if props is None else f'data-target="DailyPapers" data-props="{escape(props)}"'
    return f"<!doctype html><html><body><div {target}>{cards}</div></body></html>"


any_input = st.one_of(text_pages(), api_documents, own_documents, html_pages())


def check(result: ParseResult) -> None:
    """What every answer satisfies: bounded papers, problems that say where and what."""
    assert isinstance(result, ParseResult)
    for paper in result.papers:
        assert_within_bounds(paper)
        if paper.authors_complete:
            assert paper.author_count == len(paper.authors)
        else:
            assert paper.author_count is None or paper.author_count >= len(paper.authors)
    for problem in result.problems:
        assert problem.where and problem.message and problem.kind


def answer(parse, *args):
    try:
        result = parse(*args)
    except ParseError as exc:
        assert str(exc)
        return None
    check(result)
    return result


@BOUNDED
@given(st.binary(max_size=300), names, as_ofs)
def test_any_bytes_end_in_papers_or_a_parse_error(data, name, as_of):
    answer(parse_any, data, name, as_of)


@BOUNDED
@given(any_text, names)
def test_any_string_ends_in_papers_or_a_parse_error(text, name):
    answer(parse_any, text, name)


@BOUNDED
@given(text_pages(), names, as_ofs)
def test_text_pages(text, name, as_of):
    result = answer(parse_listing_text, text, name, as_of)
    if result is not None:
        assert all(p.where.startswith("line ") for p in result.problems)


@BOUNDED
@given(st.lists(api_items(), max_size=5), st.none() | st.dates())
def test_api_json(items, seen):
    result = answer(parse_api_json, json.loads(json.dumps(items)), "api", seen)
    assert result is not None or not EARLIEST <= seen <= LATEST  # refused: the day is no date
    assert result is None or all(p.where.startswith("$") for p in result.problems)


@BOUNDED
@given(api_documents)
def test_api_json_text_of_any_depth(text):
    answer(parse_any, text, "api.json")


@BOUNDED
@given(st.lists(own_records, max_size=5))
def test_own_json(records):
    answer(parse_own_json, json.loads(json.dumps(records)), "own")


@BOUNDED
@given(html_pages())
def test_html_pages(text):
    answer(parse_papers_html, text, "page.html")


@BOUNDED
@given(any_input, names)
def test_ingest_stores_what_it_parsed_or_nothing(tmp_path_factory, data, name):
    conn = db.connect(tmp_path_factory.mktemp("ingest") / "p.sqlite3")
    try:
        try:
            expected = parse_any(data, name)
        except ParseError:
            expected = None
        try:
            report = ingest_data(conn, data, name)
        except ParseError:
            assert expected is None
            assert store.count_papers(conn) == 0
            return
        stored = {p.id: p for p in store.iter_all(conn, store.PaperQuery())}
        assert report.added == len(stored) == len({p.id for p in expected.papers})
        for paper in expected.papers:
            assert stored[paper.id].to_json() == paper.to_json()
    finally:
        conn.close()


authors_records = st.builds(
    lambda names, count, complete: Paper(
        title="A paper", authors=names, author_count=count, authors_complete=complete
    ),
    st.lists(st.sampled_from(["Ada Lovelace", "Alan Turing", "Grace Hopper"]), max_size=4),
    st.none() | st.integers(min_value=0, max_value=8),
    st.none() | st.booleans(),
)


@BOUNDED
@given(authors_records, authors_records)
def test_a_merge_never_lets_count_and_names_disagree_silently(first, second):
    merged = merge_papers(first, second)
    if merged.authors_complete:
        assert merged.author_count == len(merged.authors) > 0
    else:
        assert merged.author_count is None or merged.author_count >= len(merged.authors)
    known = [c for c in (first.author_count, second.author_count) if c is not None]
    assert merged.author_count is None or merged.author_count >= max(known, default=0)
    assert len(merged.authors) >= max(
        (len(p.authors) for p in (first, second) if p.authors_complete), default=0
    )


@BOUNDED
@given(st.text(alphabet="htps:/[]{}().,x!?'\"url", max_size=60))
def test_link_cleanup_takes_a_prefix_and_never_raises(raw):
    cleaned = clean_url(raw)
    assert cleaned is None or raw.startswith(cleaned)
    extract_links(raw)


@BOUNDED
@given(any_text)
def test_title_normalisation_is_idempotent(title):
    key = normalise_title(title)
    assert normalise_title(key) == key


def depth_of(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


@BOUNDED
@given(json_values, st.integers(min_value=0, max_value=80))
def test_json_depth_counts_nesting_and_not_brackets_inside_strings(value, extra):
    from server.parsing.json_input import MAX_DEPTH, json_depth, load_json

    value = nested([value, '[[[{{ "quoted" ]] \\'], extra)
    text = json.dumps(value)
    assert json_depth(text) == depth_of(value)
    try:
        load_json(text)
    except ParseError as exc:
        if "\\u0000" in text:  # refused like a NUL in any input, whatever its depth
            assert "NUL escape" in str(exc)
        else:
            assert depth_of(value) > MAX_DEPTH and "nested" in str(exc)
    else:
        assert depth_of(value) <= MAX_DEPTH and "\\u0000" not in text
