"""Inputs in no usable form get one clear error saying what was wrong and where."""

import pytest

from server.parsing import ParseError, parse_any
from tests.conftest import SEED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty input"),
        (b"   \n\n  ", "empty input"),
        (bytes(range(256)) * 4, "binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("Café page\n".encode("latin-1"), r"line 1: not UTF-8 text: byte 0xe9 at offset 3"),
        (b"<?xml version='1.0'?><rss></rss>", "markup that is not an HTML page"),
    ],
    ids=["empty", "blank", "garbage", "png", "latin-1", "xml"],
)
def test_unusable_input_is_rejected_with_a_reason(data, message):
    with pytest.raises(ParseError, match=message):
        parse_any(data)


def test_utf16_with_a_byte_order_mark_is_read():
    data = SEED.read_text(encoding="utf-8").encode("utf-16")
    assert len(parse_any(data, name=SEED.name).papers) == 45


def test_a_utf8_byte_order_mark_is_ignored():
    data = b"\xef\xbb\xbf" + SEED.read_bytes()
    assert len(parse_any(data, name=SEED.name).papers) == 45


def test_windows_line_endings_parse_the_same():
    data = SEED.read_text(encoding="utf-8").replace("\n", "\r\n").encode()
    papers = parse_any(data, name=SEED.name).papers
    assert [p.to_json() for p in papers] == [
        p.to_json() for p in parse_any(SEED.read_bytes(), name=SEED.name).papers
    ]
