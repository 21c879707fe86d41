"""Links pulled out of abstracts (server/parsing/links.py): where the first URL can start is
found among the colons, as a search for `://` finds it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from server.parsing import links

parts = st.sampled_from([":", "/", "//", "://", "a", " ", "http", "é", "::/"])
texts = st.lists(parts).map("".join)


@given(texts)
def test_the_first_scheme_end_is_where_a_search_for_it_finds_it(text):
    assert links._first_scheme_end(text) == text.find("://")


def test_an_abstract_without_a_url_has_no_links_and_one_with_them_has_them():
    assert links.extract_links("Results: 3:1 odds, see section 2:// not a link") == ([], [])
    found = links.extract_links("Code: https://github.com/a/b. Site: https://x.org/p).")
    assert found == (["https://github.com/a/b"], ["https://x.org/p"])
