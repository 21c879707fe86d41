"""The streamed BibTeX writer's one-pass entries and its shortcuts give what the dict path
(`entry_for` + `entry_text`) and bibtexparser's writer (`to_bibtex`) give, on any paper:
hostile, long, accented, with LaTeX debris, cited as its published version, in UTF-8 and in
ASCII. The bytes of an export do not depend on which path an entry or a field took."""

import json
import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from exporters.bibtex import (
    _protected_ascii,
    author_field,
    authors_field,
    entry_for,
    entry_text,
    field_text,
    plain_escaped,
    protected_words,
    quiet_title_field,
    to_bibtex,
)
from exporters.bibtex_text import entry_text_of
from exporters.citekeys import assign_keys
from exporters.controls import SHORT
from exporters.latex import SPECIALS, decode_debris, encode
from exporters.streams import stream_bibtex
from server.models import Links, Paper
from server.published import PublishedVersion
from tests.conftest import FIXTURES
from tests.properties import EVERY_CHARACTER, bounded

BOUNDED = bounded(150)
HOSTILE = FIXTURES / "exporters" / "hostile.json"
NEURIPS = PublishedVersion(
    kind="conference", venue="NeurIPS & Co", year=2024, source="DBLP", record="conf/nips/X24",
    evidence="title_author_year", volume="37", pages="1--9", publisher="Curran",
)  # fmt: skip

# What each path tells apart: specials, debris of every kind, capitals, separators, every
# kind of whitespace, control characters, commas and the word "and", accents composed and
# not, characters that lower or casefold into ASCII, non-ASCII of every width.
PIECES = [*SPECIALS, '\\"U', "\\'e", "\\textit{x}", "\\%", "\\&", "\\_", "\\v{c}", "{\\c c}",
          "\\", "A", "Z", "a", "n", "d", "3", "-", "/", " ", "  ", "\t", "\n", "\r", "\x00",
          "\x1b", "\x7f", "\x85", "\u00a0", "\u2028", "\ufffe", ",", "and", "AND", "And", "é",
          "e\u0301", "\u0301", "Ø", "ß", "ŉ", "ẚ", "İ", "K", "ǅ", "–", "李", "😀", "%2F", '"',
          "http://x"]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=12).map("".join)
words = st.sampled_from(["Model", "BERT", "of", "3D", "Zoë", "Ann", "van", "w2v-BERT", "the"])
sentences = st.lists(words, min_size=1, max_size=8).map(" ".join)
# Past SHORT, the shortcuts for long text (an abstract) take over.
long_texts = st.builds(lambda a, b: (a + " ") * (SHORT // max(len(a) + 1, 1) + 1) + b,
                       sentences | texts, texts)  # fmt: skip
any_text = texts | sentences | long_texts
days = st.none() | st.dates(min_value=date(1991, 8, 14), max_value=date(2030, 1, 1))


@st.composite
def papers(draw) -> Paper:
    arxiv = draw(st.none() | st.sampled_from(["2401.00001", "2312.12345"]))
    return Paper(
        title=draw(any_text) or "t",
        id=arxiv or draw(st.sampled_from(["p-1", "p-2"])),
        arxiv_id=arxiv,
        abstract=draw(st.none() | any_text),
        authors=draw(st.lists(texts | sentences, max_size=4)),
        author_count=draw(st.none() | st.integers(min_value=0, max_value=9)),
        published=draw(days),
        featured=draw(days),
        keywords=draw(st.lists(texts | sentences, max_size=3)),
        primary_category=draw(st.none() | texts),
        links=Links(hf=draw(st.none() | texts), arxiv=draw(st.none() | texts)),
    )


@BOUNDED
@given(papers(), st.booleans(), st.booleans())
def test_an_entry_in_one_pass_is_the_dict_paths(paper, ascii, cited):
    version = NEURIPS if cited else None
    expected = entry_text(entry_for(paper, "key", ascii, {paper.id: version} if cited else None))
    assert entry_text_of(paper, "key", ascii, version) == expected
    assert entry_text_of(paper, "key", ascii, version, "\n") == "\n" + expected


@bounded(60)
@given(st.lists(papers(), max_size=4), st.booleans())
def test_a_streamed_export_is_bibtexparsers_file(items, ascii):
    unique = list({p.id: p for p in items}.values())
    published = {unique[0].id: NEURIPS} if unique else {}
    streamed = stream_bibtex(iter(unique), ascii=ascii, keys=assign_keys(unique),
                             published=published)  # fmt: skip
    assert "".join(streamed) == to_bibtex(unique, ascii=ascii, published=published)


def test_the_hostile_library_streams_as_bibtexparser_writes_it():
    items = [Paper.from_json(item) for item in json.loads(HOSTILE.read_text())["items"]]
    for ascii in (False, True):
        streamed = "".join(stream_bibtex(iter(items), ascii=ascii, keys=assign_keys(items)))
        assert streamed == to_bibtex(items, ascii=ascii)
        assert streamed.count("@misc{") == len(items)


@BOUNDED
@given(any_text, st.booleans())
def test_a_long_field_is_its_text_on_one_line_decoded_and_escaped(text, ascii):
    assert field_text(text, ascii) == encode(" ".join(decode_debris(text).split()), ascii)


@BOUNDED
@given(any_text)
def test_a_quiet_title_is_protected_as_word_by_word(title):
    quiet = quiet_title_field(title)
    if quiet is not None:
        assert plain_escaped(title) == title  # nothing to escape
        assert quiet == protected_words(" ".join(decode_debris(title).split()))


def test_a_title_is_quiet_or_not_for_every_ascii_character():
    for code in range(128):
        character = chr(code)
        for title in (f"Big{character}Model x", character, f"a {character}B", f"AB{character}"):
            expected = plain_escaped(title)
            quiet = quiet_title_field(title)
            if expected != title:  # not plain, or something to escape
                assert quiet is None, (hex(code), title)
            else:
                assert quiet == _protected_ascii(title, expected), (hex(code), title)


@BOUNDED
@given(st.lists(texts | sentences | st.sampled_from(["Ann and Bo", "Anders", "ŉd", "aẚnd"]),
                min_size=1, max_size=6), st.booleans())  # fmt: skip
def test_an_author_list_is_its_names_escaped_one_by_one(names, ascii):
    assert authors_field(names, ascii) == " and ".join(author_field(n, ascii) for n in names)


def test_no_character_but_ascii_letters_lowers_or_casefolds_into_the_word_and():
    # What lets an author list be checked for "and" by `lower` where names are read
    # casefolded: both count the same "and"s, whatever character stands next to a, n or d.
    for character in EVERY_CHARACTER:
        for text in (f"a{character}d", f"{character}nd", f"an{character}", f"{character}"):
            assert text.lower().count("and") == text.casefold().count("and"), hex(ord(character))


def test_accented_names_are_written_as_they_are_only_when_composed():
    composed, decomposed = "Zoë Ångström", unicodedata.normalize("NFD", "Zoë Ångström")
    assert authors_field([composed, "Yi Guo"]) == f"{composed} and Yi Guo"
    assert authors_field([decomposed, "Yi Guo"]) == f"{composed} and Yi Guo"
    # Classic BibTeX: accents as LaTeX commands, not the names as written.
    assert authors_field([composed], ascii=True) == 'Zo{\\"e} {\\AA}ngstr{\\"o}m'


@BOUNDED
@given(st.lists(texts | sentences | st.sampled_from([" a", "a ", "", "a  b", "x&y", "é"]),
                min_size=1, max_size=4), st.booleans())  # fmt: skip
def test_keywords_are_each_their_field_text(keywords, ascii):
    paper = Paper(title="T", keywords=keywords)  # no abstract: keywords is the last field
    expected = ", ".join(field_text(word, ascii) for word in keywords)
    assert entry_text_of(paper, "k", ascii).endswith(f",\n  keywords = {{{expected}}}\n}}\n")
