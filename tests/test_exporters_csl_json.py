"""CSL-JSON items: Zotero's mapping of a preprint."""

import json
from datetime import date

from exporters.csl_json import to_csl_json
from server.formats import get_format
from server.models import Paper


def test_arxiv_paper_maps_like_zoteros_preprint():
    paper = Paper(
        arxiv_id="2306.10426",
        title="SplitMeanFlow",
        authors=["Yi Guo", "Ludwig van Beethoven", "Madonna"],
        published=date(2025, 7, 22),
        abstract="An abstract.",
        keywords=["flow", "speech"],
    )
    [item] = to_csl_json([paper])
    assert item == {
        "id": "2306.10426",
        "type": "article",
        "title": "SplitMeanFlow",
        "author": [
            {"family": "Guo", "given": "Yi"},
            {"family": "van Beethoven", "given": "Ludwig"},
            {"literal": "Madonna"},
        ],
        "issued": {"date-parts": [[2025, 7, 22]]},
        "abstract": "An abstract.",
        "number": "arXiv:2306.10426",
        "publisher": "arXiv",
        "DOI": "10.48550/arXiv.2306.10426",
        "URL": "https://arxiv.org/abs/2306.10426",
        "keyword": "flow, speech",
    }


def test_text_only_paper_has_no_author_and_no_arxiv_fields():
    [item] = to_csl_json(
        [Paper(title="Understanding", author_count=4, featured=date(2025, 12, 24))]
    )
    assert "author" not in item and "DOI" not in item and "number" not in item
    assert item["issued"] == {"date-parts": [[2025, 12, 24]]}
    assert item["URL"] == "https://huggingface.co/papers?q=Understanding"


def test_the_registered_format_reads_back_as_json():
    paper = Paper(title='T\\"ULU <script>', authors=["Zoë Ångström"])
    items = json.loads(get_format("csl-json").render([paper]))
    assert items[0]["title"] == 'T\\"ULU <script>'
    assert items[0]["author"] == [{"family": "Ångström", "given": "Zoë"}]
