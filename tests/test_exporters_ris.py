"""RIS records read back with rispy."""

import json
from datetime import date

import rispy

from exporters.ris import to_ris
from server.models import Links, Paper
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "exporters" / "hostile.json"


def hostile_papers():
    return [Paper.from_json(item) for item in json.loads(HOSTILE.read_text())["items"]]


def test_arxiv_paper_reads_back_as_a_report_with_its_facts():
    paper = Paper(
        arxiv_id="2306.10426",
        title="SplitMeanFlow",
        authors=["Yi Guo", "Ludwig van Beethoven", "Madonna"],
        published=date(2025, 7, 22),
        abstract="Line one.\nLine two.",
        keywords=["flow matching", "R&D"],
        links=Links(code=["https://github.com/a/b"]),
    )
    [record] = rispy.loads(to_ris([paper]))
    assert record["type_of_reference"] == "RPRT"
    assert record["title"] == "SplitMeanFlow"
    assert record["authors"] == ["Guo, Yi", "van Beethoven, Ludwig", "Madonna"]
    assert record["year"] == "2025"
    assert record["date"] == "2025/07/22"
    assert record["abstract"] == "Line one. Line two."
    assert record["publisher"] == "arXiv"
    assert record["issn"] == "arXiv:2306.10426"
    assert record["doi"] == "10.48550/arXiv.2306.10426"
    assert record["urls"] == ["https://arxiv.org/abs/2306.10426"]
    assert record["file_attachments1"] == "https://arxiv.org/pdf/2306.10426"
    assert record["keywords"] == ["flow matching", "R&D"]
    assert "Code: https://github.com/a/b" in record["notes"]


def test_text_only_paper_has_no_authors_and_the_hugging_face_link():
    paper = Paper(title="Understanding Certified Training", author_count=4)
    [record] = rispy.loads(to_ris([paper]))
    assert "authors" not in record
    assert record["urls"] == ["https://huggingface.co/papers?q=Understanding+Certified+Training"]


def test_hostile_fixtures_give_one_record_each_with_titles_and_authors_in_order():
    papers = hostile_papers()
    text = to_ris(papers)
    records = rispy.loads(text)
    assert len(records) == len(papers)
    for paper, record in zip(papers, records, strict=True):
        assert record["title"] == " ".join(paper.title.split())
        assert len(record.get("authors", [])) == len(paper.authors)
        if paper.abstract:
            assert record["abstract"] == " ".join(paper.abstract.split())
    # RIS is line-based: no value may start a line of its own
    assert all(line[:2].isupper() or line == "" for line in text.splitlines())
