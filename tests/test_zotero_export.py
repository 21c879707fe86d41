"""exporters/zotero.py: the preprint item Zotero's arXiv translator makes, schema-valid."""

from datetime import date

from exporters.zotero import to_zotero_item, to_zotero_items
from server.models import Paper
from server.parsing import parse_any
from tests.conftest import SEED
from tests.doubles.zotero_web import ZoteroSchema

SCHEMA = ZoteroSchema()


def arxiv_paper(**changes) -> Paper:
    values = dict(
        title="Attention Is All You Need",
        arxiv_id="1706.03762v7",
        authors=["Ashish Vaswani", "Noam Shazeer", "Ludwig van Beethoven", "Plato"],
        abstract="The dominant sequence transduction models...",
        published=date(2017, 6, 12),
        primary_category="cs.CL",
        keywords=["transformer", "attention", "transformer"],
    )
    return Paper(**(values | changes))


def test_arxiv_paper_becomes_the_translators_preprint():
    item = to_zotero_item(arxiv_paper())
    assert item == {
        "itemType": "preprint",
        "title": "Attention Is All You Need",
        "creators": [
            {"firstName": "Ashish", "lastName": "Vaswani", "creatorType": "author"},
            {"firstName": "Noam", "lastName": "Shazeer", "creatorType": "author"},
            {"firstName": "Ludwig", "lastName": "van Beethoven", "creatorType": "author"},
            {"name": "Plato", "creatorType": "author"},
        ],
        "abstractNote": "The dominant sequence transduction models...",
        "date": "2017-06-12",
        "repository": "arXiv",
        "archiveID": "arXiv:1706.03762",
        "DOI": "10.48550/arXiv.1706.03762",
        "url": "https://arxiv.org/abs/1706.03762",
        "extra": "arXiv:1706.03762 [cs.CL]",
        "libraryCatalog": "arXiv.org",
        "tags": [{"tag": "transformer"}, {"tag": "attention"}],
    }
    assert SCHEMA.problems(item) == []


def test_unknown_values_are_left_out_not_invented():
    item = to_zotero_item(Paper(title="Only A Title"))
    assert item["creators"] == []
    assert "date" not in item and "DOI" not in item and "abstractNote" not in item
    assert item["url"].startswith("https://huggingface.co/papers")


def test_seed_papers_have_no_invented_authors_and_are_all_schema_valid():
    papers = parse_any(SEED.read_bytes(), name=SEED.name, as_of=date(2025, 12, 24)).papers
    items = to_zotero_items(papers)
    assert len(items) == len(papers) > 10
    for paper, item in zip(papers, items, strict=True):
        assert SCHEMA.problems(item) == [], paper.title
        assert item["title"] == paper.title
        if not paper.authors:
            assert item["creators"] == []
        if not paper.arxiv_id:
            assert item["url"] == paper.links.hf


def test_schema_check_catches_fields_the_type_does_not_have():
    bad = to_zotero_item(arxiv_paper()) | {"publicationTitle": "arXiv", "eprint": "x"}
    problems = SCHEMA.problems(bad)
    assert any("publicationTitle" in p for p in problems)
    assert any("eprint" in p for p in problems)
