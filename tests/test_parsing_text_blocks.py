"""How a page copied as text is cut into paragraphs and paper blocks
(server/parsing/text_blocks.py): the fast cuts give what the plain rule gives."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from server.parsing.text_blocks import split_paragraphs
from server.parsing.text_chrome import CHROME_LINES, is_chrome


def general_paragraphs(text: str) -> list[tuple[int, list[str], str]]:
    """Runs of non-blank lines, line by line: the rule `split_paragraphs` cuts faster."""
    found, run, first = [], [], 0
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if line:
            first = first if run else number
            run.append(line)
        elif run:
            found.append((first, run, " ".join(run)))
            run = []
    if run:
        found.append((first, run, " ".join(run)))
    return found


pieces = st.sampled_from(["a", "Bc", " ", "\t", "\u3000", "\n", "\n\n", "•", "·"])


@given(st.lists(pieces).map("".join))
def test_paragraphs_are_the_runs_of_non_blank_lines(text):
    assert list(split_paragraphs(text)) == general_paragraphs(text)


def test_a_page_of_papers_is_cut_as_the_plain_rule_cuts_it():
    page = "Daily Papers\n\nDec 24\n\nA title\n\nAn abstract.\n\n  • 4 authors\n·\nJun 17, 2023"
    pasted = page + "\n \n" + page.replace("\n\n", "\n\t\n") + "\n\n\n" + page
    for text in (page, pasted, pasted.replace("\n·\n", "\n\n·\n\n")):
        assert list(split_paragraphs(text)) == general_paragraphs(text)


def test_no_chrome_line_begins_as_an_author_and_date_paragraph_does():
    # The block loop tests a paragraph for the meta marks before it tests it for chrome.
    for line in CHROME_LINES:
        assert is_chrome(line)
        assert not line.startswith(("•", "·"))
    assert not is_chrome("• 4 authors · Jun 17, 2023")
    assert not is_chrome("·")


def test_a_bare_number_begins_with_what_isdecimal_calls_a_digit():
    # The block loop tries the bare-number pattern only on a paragraph whose first character
    # is decimal: what the pattern's `\d` matches is exactly that.
    digit = re.compile(r"\d")
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        assert (digit.match(character) is not None) == character.isdecimal(), hex(code)
