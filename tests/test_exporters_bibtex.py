"""BibTeX entries: fields, keys, escaping, and read-back with bibtexparser."""

import json
import re
import unicodedata
from datetime import date

import bibtexparser
import pytest
from bibtexparser.latexenc import latex_to_unicode

from exporters.bibtex import to_bibtex
from exporters.latex import decode_debris
from server.models import Paper
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "exporters" / "hostile.json"

# Our escapes and the characters they stand for (inverse written out here, on purpose).
ESCAPES = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textless{}": "<",
    r"\textgreater{}": ">",
    r"\~{}": "~",
    r"\^{}": "^",
    r"\ldots{}": "…",
    r"\%": "%",
    r"\&": "&",
    r"\#": "#",
    r"\_": "_",
    r"\$": "$",
}
_ESCAPE_RE = re.compile("|".join(re.escape(e) for e in ESCAPES))


def hostile_papers():
    return [Paper.from_json(item) for item in json.loads(HOSTILE.read_text())["items"]]


def as_text(value: str, ascii: bool = False) -> str:
    """What a BibTeX field value means as plain text."""
    placeholders = {}

    def hold(match):
        mark = chr(0xE000 + len(placeholders))
        placeholders[mark] = ESCAPES[match.group()]
        return mark

    value = _ESCAPE_RE.sub(hold, value)
    if ascii:
        value = latex_to_unicode(value)
        # {\'\i} is a dotless i under an accent: the same letter as í
        value = unicodedata.normalize("NFC", re.sub("ı(?=[\u0300-\u036f])", "i", value))
        value = value.replace("---", "—").replace("``", "“").replace("''", "”")
    value = value.replace("{", "").replace("}", "")
    for mark, char in placeholders.items():
        value = value.replace(mark, char)
    return value


def split_authors(value: str) -> list[str]:
    """BibTeX's `and` split: only at brace depth 0."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]| and ", value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    return [*names, value[start:]]


def meaning(text: str) -> str:
    return " ".join(decode_debris(text).split())


def read_back(text: str) -> dict[str, dict]:
    return {e["ID"]: e for e in bibtexparser.loads(text).entries}


def arxiv_paper(**changes):
    fields = dict(
        arxiv_id="2306.10426",
        title="SplitMeanFlow: Interval Splitting Consistency",
        authors=["Yi Guo", "Wei Wang", "Zhihang Yuan"],
        published=date(2025, 7, 22),
        primary_category="cs.LG",
        abstract="Generative models like Flow Matching.",
    )
    return Paper(**{**fields, **changes})


def test_arxiv_paper_is_an_arxiv_style_misc_entry():
    entry = read_back(to_bibtex([arxiv_paper()]))["guosplitmeanflowintervalsplitting2025"]
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["author"] == "Yi Guo and Wei Wang and Zhihang Yuan"
    assert entry["year"] == "2025"
    assert entry["eprint"] == "2306.10426"
    assert entry["archiveprefix"] == "arXiv"
    assert entry["primaryclass"] == "cs.LG"
    assert entry["doi"] == "10.48550/arXiv.2306.10426"
    assert entry["url"] == "https://arxiv.org/abs/2306.10426"
    assert entry["abstract"] == "Generative models like Flow Matching."


def test_paper_without_arxiv_id_or_authors_gets_the_hugging_face_link_and_no_author():
    paper = Paper(
        title="Understanding Certified Training", author_count=4, published=date(2023, 6, 17)
    )
    [entry] = read_back(to_bibtex([paper])).values()
    assert "author" not in entry and "eprint" not in entry and "doi" not in entry
    assert entry["url"] == "https://huggingface.co/papers?q=Understanding+Certified+Training"
    assert entry["key"] == "Understanding Certified Training"  # lets styles sort it
    assert entry["ID"] == "understandingcertifiedtraining2023"


def test_acronyms_and_inner_capitals_are_brace_protected_but_title_case_is_not():
    paper = arxiv_paper(title='T\\"ULU 3 meets BERT, RAG and w2v-BERT in 3D Post-Training')
    title = read_back(to_bibtex([paper])).popitem()[1]["title"]
    assert title == "{TÜLU} 3 meets {BERT,} {RAG} and {w2v-BERT} in {3D} Post-Training"


def test_entries_keep_the_export_order_and_a_repeated_paper_appears_once():
    a, b = arxiv_paper(), arxiv_paper(arxiv_id="2401.00001", title="Another one")
    text = to_bibtex([b, a, b])
    assert [e["eprint"] for e in bibtexparser.loads(text).entries] == ["2401.00001", "2306.10426"]


def test_utf8_by_default_and_latex_accents_with_ascii():
    paper = arxiv_paper(authors=["Zoë Ångström", "José Martínez-Núñez"])
    assert "Zoë Ångström and José Martínez-Núñez" in to_bibtex([paper])
    ascii_text = to_bibtex([paper], ascii=True)
    assert ascii_text.isascii()
    assert r"Zo{\"e} {\AA}ngstr{\"o}m and Jos{\'e} Mart{\'\i}nez-N{\'u}{\~n}ez" in ascii_text


def test_a_word_and_inside_a_name_does_not_split_it():
    entry = read_back(to_bibtex([arxiv_paper(authors=["Anders and Co", "Jane Doe"])])).popitem()[1]
    assert split_authors(entry["author"]) == ["Anders {and} Co", "Jane Doe"]


@pytest.mark.parametrize("ascii", [False, True])
def test_hostile_fixtures_read_back_with_every_key_title_and_author_unchanged(ascii):
    papers = hostile_papers()
    entries = bibtexparser.loads(to_bibtex(papers, ascii=ascii)).entries
    assert len(entries) == len(papers)
    keys = [e["ID"] for e in entries]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9]+", key) for key in keys)
    for paper, entry in zip(papers, entries, strict=True):
        assert as_text(entry["title"], ascii) == meaning(paper.title)
        if paper.authors:
            authors = [as_text(n, ascii) for n in split_authors(entry["author"])]
            assert authors == [meaning(n) for n in paper.authors]
        else:
            assert "author" not in entry
        if paper.abstract:
            assert as_text(entry["abstract"], ascii) == meaning(paper.abstract)


def test_hostile_braces_are_balanced_in_every_field():
    for entry in bibtexparser.loads(to_bibtex(hostile_papers())).entries:
        for name, value in entry.items():
            depth = 0
            for ch in value:
                depth += {"{": 1, "}": -1}.get(ch, 0)
                assert depth >= 0, name
            assert depth == 0, name


def test_the_same_paper_gets_the_same_key_in_every_export():
    papers = hostile_papers()
    alone = read_back(to_bibtex([papers[0]]))
    together = read_back(to_bibtex(papers[::-1]))
    assert set(alone) <= set(together)
