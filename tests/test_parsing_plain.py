"""The fast check that an input needs no clean-up (server/parsing/plain.py) says exactly what
a search with the general rule, `UNUSUAL_RE`, says."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from server.parsing.plain import UNUSUAL_RE, is_plain, is_plain_utf8
from tests.properties import EVERY_CHARACTER

# Neighbours that share bytes with the unusual characters in UTF-8: `·` and `ɀ` (\xc2\xb7,
# \xc9\x80) around a continuation byte of a C1 control, `•` and `‰` (\xe2\x80\xa2,
# \xe2\x80\xb0) beside U+2028, the BOM and U+FFFD beside U+FFFE, and a 4-byte emoji.
NEIGHBOURS = "·ɀ•‰\ufeff\ufffd😀é\u3000\xa0 a\n\t"


def general(text: str) -> bool:
    return UNUSUAL_RE.search(text) is None


def told_from_bytes(text: str) -> bool:
    """What the check says of the UTF-8 bytes of `text` as a file holds them (BOM or not),
    asserted to agree."""
    data = text.encode("utf-8")
    assert is_plain_utf8(data) == is_plain_utf8(b"\xef\xbb\xbf" + data)
    return is_plain_utf8(data)


def test_every_character_alone_is_told_as_the_general_rule_tells_it():
    for character in EVERY_CHARACTER:
        assert is_plain(character) == general(character), hex(ord(character))
        if not 0xD800 <= ord(character) <= 0xDFFF:  # UTF-8 bytes cannot hold a surrogate
            assert told_from_bytes(character) == general(character), hex(ord(character))


def test_every_usual_character_between_neighbours_is_plain():
    # In runs: no pattern of the check spans two runs' worth of text it did not find in one,
    # so a plain run says each of its characters is plain there too.
    usual = [c for c in EVERY_CHARACTER if general(c)]
    for left in NEIGHBOURS:
        for start in range(0, len(usual), 4096):
            run = usual[start : start + 4096]
            text = left + left.join(run) + left + "".join(run)
            assert is_plain(text), (hex(ord(run[0])), left)


def test_every_unusual_character_among_neighbours_is_not_plain():
    unusual = [c for c in EVERY_CHARACTER if not general(c)]
    assert len(unusual) == 67 + 2048  # controls, breaks, noncharacters; surrogates
    for character in unusual:
        for left in NEIGHBOURS:
            for right in NEIGHBOURS:
                assert not is_plain(left + character + right), (hex(ord(character)), left)


@given(st.text(alphabet=st.characters(exclude_categories=())))
def test_any_text_is_told_as_the_general_rule_tells_it(text):
    assert is_plain(text) == general(text)


@given(st.text())
def test_any_text_is_told_from_its_utf8_bytes_as_the_general_rule_tells_it(text):
    assert told_from_bytes(text) == general(text)


@given(st.lists(st.sampled_from([*NEIGHBOURS, "\x85", "\x7f", "\u2028", "\uffff", "\ud800"])))
def test_texts_made_of_the_near_misses_are_told_as_the_general_rule_tells_them(parts):
    text = "".join(parts)
    assert is_plain(text) == general(text)
