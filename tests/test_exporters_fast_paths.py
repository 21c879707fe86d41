"""The exporters' shortcuts for common text give what their general paths give, on any text
(hypothesis): BibTeX fields, titles, names and URLs, LaTeX escaping, control characters
dropped from feeds. The bytes of an export do not depend on which path a value took."""

import html
import re
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from exporters.bibtex import (
    _name_part,
    _plain,
    author_field,
    authors_field,
    field_text,
    name_words,
    plain_escaped,
    protected_words,
    title_field,
    url_field,
)
from exporters.controls import is_plain_line, without_controls
from exporters.feed_items import clean, escape, quoted_id, replaced
from exporters.latex import SPECIALS, decode_debris, encode, escape_specials
from server.models import CONTROL_CHARACTERS
from tests.properties import EVERY_CHARACTER, bounded

BOUNDED = bounded(300)
# What each path tells apart: specials, debris, capitals and word separators, whitespace of
# every kind, control characters, a comma and the word "and", accents, non-ASCII.
PIECES = [*SPECIALS, '\\"U', "\\textit{x}", "\\%", "\\v{c}", "{\\c c}", "A", "Z", "a", "3",
          "-", "/", " ", "  ", "\t", "\n", "\r", "\x0b", "\x1c", "\x00", "\x1b", "\x7f", "\x85",
          "\u00a0", "\u2028", "\ufffe", ",", "and", "AND", "é", "Ø", "ß", "\u0308", "ǅ", "İ",
          "–", "李", "😀", "%2F", "%zz", '"']  # fmt: skip
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=12).map("".join)
ascii_texts = st.lists(st.sampled_from([p for p in PIECES if p.isascii()]), max_size=16).map(
    "".join
)


@BOUNDED
@given(texts | ascii_texts, st.booleans())
def test_a_field_is_its_text_on_one_line_decoded_and_escaped(text, ascii):
    assert field_text(text, ascii) == encode(" ".join(decode_debris(text).split()), ascii)


@BOUNDED
@given(texts | ascii_texts, st.booleans())
def test_a_title_is_protected_as_word_by_word(title, ascii):
    assert title_field(title, ascii) == protected_words(
        " ".join(decode_debris(title).split()), ascii
    )


@BOUNDED
@given(texts | ascii_texts, st.booleans())
def test_a_name_part_is_escaped_as_word_by_word(text, ascii):
    one_line = " ".join(text.split())
    assert _name_part(one_line, ascii) == name_words(one_line, ascii)


@BOUNDED
@given(st.lists(texts | ascii_texts | st.sampled_from(["And", "Ada and Bo", " Al", "Al "]),
                min_size=1, max_size=5), st.booleans())  # fmt: skip
def test_an_author_list_is_its_names_escaped_one_by_one(names, ascii):
    assert authors_field(names, ascii) == " and ".join(author_field(n, ascii) for n in names)


@BOUNDED
@given(texts | ascii_texts)
def test_plain_text_is_told_and_escaped_in_one_pass(text):
    assert plain_escaped(text) == (escape_specials(text) if _plain(text) else None)


@BOUNDED
@given(texts | ascii_texts | st.text(max_size=40))
def test_a_url_is_percent_encoded_where_bibtex_would_break(url):
    breakers = r'[{}\\\s"\x00-\x1f\x7f]|%(?![0-9A-Fa-f]{2})|[^\x00-\x7f]'
    assert url_field(url) == re.sub(breakers, lambda m: quote(m.group(), safe=""), url)


@BOUNDED
@given(texts | ascii_texts)
def test_specials_are_escaped_one_character_at_a_time(text):
    assert escape_specials(text) == "".join(SPECIALS.get(ch, ch) for ch in text)


@BOUNDED
@given(texts | ascii_texts | st.text(min_size=300, max_size=400))
def test_control_characters_go_whatever_the_text(text):
    assert without_controls(text) == CONTROL_CHARACTERS.sub("", text)
    long = text * (300 // max(len(text), 1) + 1)  # past the short-text regex
    assert without_controls(long) == CONTROL_CHARACTERS.sub("", long)
    if is_plain_line(text):
        assert " ".join(text.split()) == text == without_controls(text) and text.isascii()
    assert is_plain_line(long) == (long.isascii() and long.isprintable() and
                                   " ".join(long.split()) == long)  # fmt: skip


@BOUNDED
@given(texts | st.text(alphabet=st.characters(exclude_categories=()), max_size=20))
def test_feed_text_keeps_what_xml_carries(text):
    kept = clean(text)
    assert kept == re.sub("[\ud800-\udfff]", "", CONTROL_CHARACTERS.sub("", text))
    kept.encode("utf-8")  # no lone surrogate left to refuse


def test_short_text_is_told_clean_by_one_call_for_every_character():
    # `isprintable` says a short text holds nothing to drop: held to the rule for each
    # character, alone and between letters (a text past SHORT takes the other paths).
    for character in EVERY_CHARACTER:
        for text in (character, f"ab{character}cd"):
            expected = CONTROL_CHARACTERS.sub("", text)
            assert without_controls(text) == expected, hex(ord(character))
            assert clean(text) == re.sub("[\ud800-\udfff]", "", expected), hex(ord(character))


def test_an_id_is_quoted_as_urllib_quotes_it_for_every_character():
    for character in EVERY_CHARACTER:
        if "\ud800" <= character <= "\udfff":
            continue  # quote cannot encode a lone surrogate, and no id holds one
        paper_id = f"2411.{character}/x"
        assert quoted_id(paper_id) == quote(paper_id, safe="/."), hex(ord(character))


@BOUNDED
@given(texts | st.text(min_size=300, max_size=2000))
def test_html_escaping_is_the_standard_librarys(text):
    assert escape(text) == html.escape(text)
    pairs = (("&", "&amp;"), ("<", "&lt;"), ("\n", "&#10;"))
    assert replaced(text, pairs) == text.replace("&", "&amp;").replace("<", "&lt;").replace(
        "\n", "&#10;"
    )
