"""exporters/venue.py through each writer: the published version in BibTeX, CSL-JSON, RIS
and Zotero item JSON; the key, the arXiv identity and the link stay."""

import json
from datetime import date

import bibtexparser
import rispy

from exporters.bibtex import to_bibtex
from exporters.csl_json import to_csl_json
from exporters.ris import to_ris
from exporters.zotero import to_zotero_items
from server.formats import get_format
from server.models import Paper
from server.published import PublishedVersion
from tests.doubles.zotero_web import ZoteroSchema

PAPER = Paper(
    title="Understanding Certified Training with Interval Bound Propagation",
    arxiv_id="2306.10426",
    authors=["Lena Hartmann", "Tobias Feld"],
    published=date(2023, 6, 17),
    primary_category="cs.LG",
    abstract="We study IBP.",
)
CVPR = PublishedVersion(
    kind="conference",
    venue="2024 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
    year=2024,
    doi="10.1109/CVPR52733.2024.00512",
    pages="5301-5310",
    publisher="IEEE",
    source="Semantic Scholar",
    evidence="arxiv_id",
)
JOURNAL = PublishedVersion(
    kind="journal", venue="Journal of Open Language Models", year=2025, doi="10.5555/jolm.1",
    volume="2", number="3", pages="1-48", publisher="Example Press", source="Crossref",
    evidence="doi",
)  # fmt: skip
NEURIPS = PublishedVersion(kind="conference", venue="NeurIPS", year=2024, source="DBLP")


def entry(version, paper=PAPER, ascii=False):
    (found,) = bibtexparser.loads(to_bibtex([paper], ascii, {paper.id: version})).entries
    return found


def test_bibtex_cites_the_proceedings_and_keeps_key_and_eprint():
    preprint = entry(None)
    published = entry(CVPR)
    assert published["ID"] == preprint["ID"] == "hartmannunderstandingcertifiedtraining2023"
    assert published["ENTRYTYPE"] == "inproceedings"
    assert published["booktitle"] == (
        "2024 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
    )
    assert (published["year"], published["pages"], published["publisher"]) == (
        "2024", "5301--5310", "IEEE",
    )  # fmt: skip
    assert published["doi"] == "10.1109/CVPR52733.2024.00512"  # not the arXiv DOI any more
    for kept in ("eprint", "archiveprefix", "primaryclass", "url", "title", "author"):
        assert published[kept] == preprint[kept]


def test_bibtex_cites_the_journal_with_volume_and_number():
    published = entry(JOURNAL)
    assert published["ENTRYTYPE"] == "article"
    assert (published["journal"], published["volume"], published["number"]) == (
        "Journal of Open Language Models", "2", "3",
    )  # fmt: skip
    assert "booktitle" not in published


def test_a_venue_without_doi_drops_the_arxiv_doi():
    published = entry(NEURIPS)
    assert "doi" not in published
    assert published["eprint"] == "2306.10426"


def test_bibtex_escapes_the_venue_and_reads_back():
    hostile = PublishedVersion(kind="conference", venue="Proc. {Evil} & Co_ 100% #1 $x$ \\end",
                               year=2024, publisher="A & B")  # fmt: skip
    text = to_bibtex([PAPER], published={PAPER.id: hostile})
    assert "\\&" in text and "\\%" in text and "\\#" in text and "\\_" in text
    (found,) = bibtexparser.loads(text).entries
    assert found["ENTRYTYPE"] == "inproceedings"


def test_papers_without_a_version_are_untouched():
    other = Paper(
        title="Another", arxiv_id="2401.00001", authors=["A B"], published=date(2024, 1, 1)
    )
    text = to_bibtex([PAPER, other], published={PAPER.id: CVPR})
    assert text.split("\n\n")[1].strip() == to_bibtex([other]).strip()  # the @misc as before


def test_csl_json_is_a_paper_in_proceedings_with_the_arxiv_id_in_note():
    (item,) = to_csl_json([PAPER], published={PAPER.id: CVPR})
    assert item["type"] == "paper-conference"
    assert item["container-title"] == CVPR.venue
    assert item["issued"] == {"date-parts": [[2024]]}
    assert (item["DOI"], item["page"], item["publisher"]) == (CVPR.doi, "5301-5310", "IEEE")
    assert item["note"] == "arXiv:2306.10426"
    assert item["URL"] == "https://arxiv.org/abs/2306.10426"
    assert "number" not in item
    (article,) = to_csl_json([PAPER], published={PAPER.id: JOURNAL})
    assert (article["type"], article["volume"], article["issue"]) == ("article-journal", "2", "3")


def test_ris_is_conf_or_jour_and_reads_back():
    (conference,) = rispy.loads(to_ris([PAPER], published={PAPER.id: CVPR}))
    assert conference["type_of_reference"] == "CONF"
    assert conference["secondary_title"] == conference["custom3"] == CVPR.venue
    assert (conference["start_page"], conference["end_page"]) == ("5301", "5310")
    assert (conference["doi"], conference["publisher"], conference["year"]) == (
        CVPR.doi, "IEEE", "2024",
    )  # fmt: skip
    assert "issn" not in conference  # the arXiv report number goes
    assert "arXiv:2306.10426" in conference["notes"]
    (article,) = rispy.loads(to_ris([PAPER], published={PAPER.id: JOURNAL}))
    assert article["type_of_reference"] == "JOUR"
    assert (article["secondary_title"], article["volume"], article["number"]) == (
        JOURNAL.venue, "2", "3",
    )  # fmt: skip


def test_zotero_items_are_valid_conference_papers_and_journal_articles():
    schema = ZoteroSchema()
    (paper_item,) = to_zotero_items([PAPER], published={PAPER.id: CVPR})
    assert paper_item["itemType"] == "conferencePaper"
    assert paper_item["proceedingsTitle"] == CVPR.venue
    assert (paper_item["DOI"], paper_item["pages"], paper_item["date"]) == (
        CVPR.doi, "5301-5310", "2024",
    )  # fmt: skip
    assert paper_item["extra"] == "arXiv:2306.10426 [cs.LG]"
    assert schema.problems(paper_item) == []
    (article,) = to_zotero_items([PAPER], published={PAPER.id: JOURNAL})
    assert (article["itemType"], article["publicationTitle"], article["issue"]) == (
        "journalArticle", JOURNAL.venue, "3",
    )  # fmt: skip
    assert schema.problems(article) == []


def test_the_formats_registry_passes_the_versions_on():
    published = {PAPER.id: CVPR}
    assert "@inproceedings{" in get_format("bibtex").render([PAPER], published=published)
    assert "@misc{" in get_format("bibtex").render([PAPER])
    csl = json.loads(get_format("csl-json").render([PAPER], published=published))
    assert csl[0]["type"] == "paper-conference"
    assert "TY  - CONF" in get_format("ris").render([PAPER], published=published)
    zotero = json.loads(get_format("zotero").render([PAPER], published=published))
    assert zotero[0]["itemType"] == "conferencePaper"
    for feed in ("rss", "atom", "jsonfeed"):
        assert "Published in NeurIPS 2024" in get_format(feed).render(
            [PAPER], published={PAPER.id: NEURIPS}
        )
