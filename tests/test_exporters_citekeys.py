from datetime import date

from exporters.citekeys import assign_keys, base_key
from server.models import Paper


def paper(title, authors=(), year=2024, arxiv_id=None):
    return Paper(title=title, authors=list(authors), published=date(year, 1, 2), arxiv_id=arxiv_id)


def test_surname_three_significant_title_words_and_year():
    p = paper("Attention Is All You Need", ["Ashish Vaswani", "Noam Shazeer"], 2017)
    assert base_key(p) == "vaswaniattentionallneed2017"


def test_keys_are_lowercase_ascii_with_accents_folded():
    p = paper('T\\"ULU 3: Pushing Frontiers', ["José Martínez-Núñez"])
    assert base_key(p) == "martineznuneztulu3pushing2024"


def test_without_authors_the_first_title_word_leads():
    p = paper("Understanding Certified Training with Interval Bound Propagation", year=2023)
    assert base_key(p) == "understandingcertifiedtraininginterval2023"


def test_unsplittable_names_and_titles_still_give_a_key():
    p = paper("深度学习", ["王伟"])
    assert base_key(p).startswith("paper") and base_key(p).isascii()


def test_clashing_keys_get_suffixes_and_every_key_is_unique():
    a = paper("Attention is all you need", ["A Vaswani"], arxiv_id="2501.00001")
    b = paper("Attention is all you need!", ["B Vaswani"], arxiv_id="2501.00002")
    c = paper("Attention: all you need", ["C Vaswani"], arxiv_id="2501.00003")
    keys = assign_keys([c, a, b])
    assert keys == {
        "2501.00001": "vaswaniattentionallneed2024",
        "2501.00002": "vaswaniattentionallneed2024a",
        "2501.00003": "vaswaniattentionallneed2024b",
    }


def test_keys_do_not_depend_on_export_order_and_a_lone_paper_keeps_its_base_key():
    a = paper("Attention is all you need", ["A Vaswani"], arxiv_id="2501.00001")
    b = paper("Attention is all you need!", ["B Vaswani"], arxiv_id="2501.00002")
    other = paper("Something else entirely", ["Z Zed"], arxiv_id="2501.00009")
    assert assign_keys([a, b, other]) == assign_keys([other, b, a])
    assert assign_keys([b]) == {"2501.00002": "vaswaniattentionallneed2024"}


def test_a_suffixed_key_never_takes_another_papers_base_key():
    a = paper("Same title words", ["X Smith"], arxiv_id="2501.00001")
    b = paper("Same title words", ["Y Smith"], arxiv_id="2501.00002")
    undated = Paper(title="Same title words2024a", authors=["Q Smith"], arxiv_id="2501.00003")
    assert base_key(undated) == "smithsametitlewords2024a"
    keys = assign_keys([a, b, undated])
    assert keys["2501.00003"] == "smithsametitlewords2024a"
    assert keys["2501.00002"] == "smithsametitlewords2024b"
