"""What a Paper derives for itself: its title key and id, and its links. The fast paths of
server/models/titles.py (an ASCII title folded by a bytes table, an ASCII key's slug made by
a replace, the title search link quoted by a replace per byte or by table) give exactly what
the general rule and urllib.parse.quote_plus give."""

from __future__ import annotations

import hashlib
import re
import sys
import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.models import HF_BASE, Links, Paper, normalise_title, quote_plus, title_id, titles


def test_every_character_is_quoted_as_urllib_quotes_it():
    # Every code point but the surrogates, in runs: the mapping is byte by byte, so this covers
    # every byte UTF-8 can produce, alone and in the company of others.
    points = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(points), 512):
        text = "".join(map(chr, points[start : start + 512]))
        assert quote_plus(text) == urllib.parse.quote_plus(text), hex(points[start])


@given(st.text())
def test_any_text_is_quoted_as_urllib_quotes_it(text):
    assert quote_plus(text) == urllib.parse.quote_plus(text)


# Texts with few distinct bytes to escape take the one-replace-per-byte path: each character
# alone and among ASCII (every lead and continuation byte UTF-8 has is among them).
FEW_ESCAPES = [
    chr(c)
    for c in [*range(0x3000), *range(0x3000, sys.maxunicode + 1, 97)]
    if not 0xD800 <= c <= 0xDFFF
]


def test_a_character_among_few_to_escape_is_quoted_as_urllib_quotes_it():
    for character in FEW_ESCAPES:
        for text in (character, f"a {character}b", f"{character}%{character} 100%"):
            assert quote_plus(text) == urllib.parse.quote_plus(text), hex(ord(character))


@given(st.text(alphabet=st.sampled_from("ab Z9_.-~%+:()&?/é中😀")))
def test_titles_with_few_characters_to_escape_are_quoted_as_urllib_quotes_them(text):
    assert quote_plus(text) == urllib.parse.quote_plus(text)


def test_a_lone_surrogate_fails_as_it_does_in_urllib():
    with pytest.raises(UnicodeEncodeError):
        urllib.parse.quote_plus("a\ud800")
    with pytest.raises(UnicodeEncodeError):
        quote_plus("a\ud800")


def test_a_paper_known_by_its_title_links_to_a_search_for_it():
    paper = Paper(title="TÜLU 3: a+b = c & 50% of it?")
    assert paper.links.hf == f"{HF_BASE}/papers?q=T%C3%9CLU+3%3A+a%2Bb+%3D+c+%26+50%25+of+it%3F"


def test_derived_links_are_a_new_record_and_leave_the_given_links_alone():
    given_links = Links(code=["https://github.com/a/b"])
    paper = Paper(title="A title", links=given_links)
    assert given_links == Links(code=["https://github.com/a/b"])
    assert paper.links == Links(hf=f"{HF_BASE}/papers?q=A+title", code=["https://github.com/a/b"])
    with_id = Paper(title="A title", arxiv_id="2401.00001v2", links=given_links)
    assert given_links.hf is None and given_links.arxiv is None
    assert with_id.links == Links(
        hf=f"{HF_BASE}/papers/2401.00001",
        arxiv="https://arxiv.org/abs/2401.00001",
        pdf="https://arxiv.org/pdf/2401.00001",
        code=["https://github.com/a/b"],
    )


def test_the_title_key_is_computed_once_and_kept_with_the_record():
    paper = Paper(title='T\\"ULU 3: Pushing   Frontiers')
    assert paper.title_key == "tulu 3 pushing frontiers"
    assert vars(paper)["title_key"] == "tulu 3 pushing frontiers"
    assert paper == Paper(title='T\\"ULU 3: Pushing   Frontiers')
    assert "title_key" not in Paper(title="x", id="given").__dict__


def test_every_ascii_character_folds_as_the_general_rule_folds_it():
    every = "".join(map(chr, range(128)))
    for text in (every, every[::-1], "x".join(every), "A_b-C d\te\x1cf  G"):
        assert normalise_title(text) == titles._fold(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_any_ascii_title_folds_as_the_general_rule_folds_it(text):
    assert normalise_title(text) == titles._fold(text.replace('\\"', ""))


def general_title_id(title: str) -> str:
    """The id as it was first made: the slug from the key's ASCII words by a regex."""
    key = normalise_title(title)
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    ascii_words = re.findall("[a-z0-9]+", key.encode("ascii", "ignore").decode())
    slug = "-".join(ascii_words)[:48].rstrip("-")
    return f"{slug}-{digest}" if slug else f"paper-{digest}"


@given(st.text())
def test_any_title_has_the_id_the_general_rule_gives(title):
    assert title_id(title) == Paper(title=title).id == general_title_id(title)


@pytest.mark.parametrize("title", ["a" * 47 + " tail", "a" * 47 + "  :tail", "日" * 60 + " x"])
def test_a_slug_cut_where_words_meet_ends_in_a_word(title):
    assert title_id(title) == general_title_id(title)
    assert "--" not in title_id(title)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_any_ascii_title_has_the_id_the_general_rule_gives(title):
    assert title_id(title) == Paper(title=title).id == general_title_id(title)


@pytest.mark.parametrize(
    ("title", "key", "paper_id"),
    [
        (
            'T\\"ULU 3: Pushing Frontiers',
            "tulu 3 pushing frontiers",
            "tulu-3-pushing-frontiers-3b686a0a32",
        ),
        (
            "TÜLU 3: Pushing Frontiers",
            "tulu 3 pushing frontiers",
            "tulu-3-pushing-frontiers-3b686a0a32",
        ),
        (
            "Deep_Learning -- A  Survey!",
            "deep learning a survey",
            "deep-learning-a-survey-5766879850",
        ),
        ("中文 Title Ⅻ", "中文 title xii", "title-xii-7726d66796"),
        ("!!!", "", "paper-e3b0c44298"),
    ],
)
def test_titles_give_the_keys_and_ids_they_always_gave(title, key, paper_id):
    paper = Paper(title=title)
    assert paper.title_key == normalise_title(title) == key
    assert paper.id == title_id(title) == paper_id  # ids are stable across versions
