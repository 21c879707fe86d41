"""The meta paragraph of a paper on a page copied as text (server/parsing/text_meta.py): what
the page's reader remembers is what reading each line afresh gives."""

from __future__ import annotations

from datetime import date

from server.parsing.dates import PageDate
from server.parsing.text_meta import MetaReader, author_count, read_date_line

LINES = ["• 4 authors", "·", "• 99999999999999999999 authors", "• many authors", "- 1 author"]
DATE_LINES = ["Jun 17, 2023", "Feb 29", "Feb 31", "Jan 7 2", "Sep 7, 2024 6New", "soon"]


def test_a_line_read_again_reads_as_it_did_the_first_time():
    metas = MetaReader()
    for _ in range(2):
        for line in LINES:
            assert metas.author_count(line) == author_count(line)
        for line in DATE_LINES:
            assert metas.date_line(["• 2 authors", "·", line]) == (2, read_date_line(line))
            assert metas.date_line([line]) == (0, read_date_line(line))


def test_a_date_is_placed_against_the_day_it_is_asked_for():
    metas = MetaReader()
    feb_29 = PageDate(2, 29, None, None)
    assert metas.resolved(feb_29, date(2024, 12, 24)) == date(2024, 2, 29)
    assert metas.resolved(feb_29, date(2025, 12, 24)) == date(2024, 2, 29)
    assert metas.resolved(PageDate(12, 25, None, None), date(2025, 12, 24)) == date(2024, 12, 25)
    assert metas.resolved(PageDate(12, 25, None, None), date(2025, 12, 26)) == date(2025, 12, 25)
    assert metas.resolved(PageDate(1, 1, None, None), date(1991, 1, 1)) == date(1991, 1, 1)
    too_early = metas.resolved(PageDate(12, 31, None, None), date(1991, 1, 1))
    assert isinstance(too_early, str) and "1991" in too_early
