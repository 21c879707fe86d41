"""Dates as the papers page writes them (server/parsing/dates.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from server.parsing.dates import LONGEST_PAGE_DATE, PageDate, looks_like_page_date, parse_page_date


def test_the_longest_date_line_is_as_long_as_the_text_parser_looks():
    longest = "September. 30, 2024 " + "1" * 19
    assert len(longest) == LONGEST_PAGE_DATE
    assert parse_page_date(longest) == PageDate(9, 30, 2024, int("1" * 19))
    assert looks_like_page_date(longest.replace("1", "9"))  # too large a count, still a date line


date_shaped = st.builds(
    lambda month, extra, dot, day, year, count: (
        f"{month}{extra}{dot} {day}{f', {year}' if year else ''}{f' {count}' if count else ''}"
    ),
    st.sampled_from(["Jan", "Sep", "Dec", "Foo"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=8),
    st.sampled_from(["", "."]),
    st.text(alphabet="0123456789", min_size=1, max_size=3),
    st.text(alphabet="0123456789", max_size=5),
    st.text(alphabet="0123456789", max_size=21),
)


@given(date_shaped)
def test_no_line_longer_than_the_longest_looks_like_a_date(line):
    if looks_like_page_date(line):
        assert len(line) <= LONGEST_PAGE_DATE
