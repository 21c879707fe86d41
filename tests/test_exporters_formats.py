"""The format registry (server/formats.py) that the CLI and HTTP exports look names up in."""

import json

import pytest

from server.formats import FORMATS, get_format
from server.models import Paper
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "exporters" / "hostile.json"
NAMES = ["json", "bibtex", "ris", "csl-json", "zotero", "rss", "atom", "jsonfeed"]


def hostile_papers():
    return [Paper.from_json(item) for item in json.loads(HOSTILE.read_text())["items"]]


def test_every_documented_format_is_registered_with_a_distinct_extension():
    assert list(FORMATS) == NAMES
    extensions = [f.extension for f in FORMATS.values()]
    assert len(set(extensions)) == len(extensions)
    assert get_format("bibtex").extension == "bib"
    assert get_format("csl-json").extension == "csl.json"
    assert get_format("zotero").extension == "zotero.json"


def test_unknown_format_names_the_known_ones():
    with pytest.raises(ValueError, match="unknown format 'endnote'; known formats: atom, bibtex"):
        get_format("endnote")


@pytest.mark.parametrize("name", NAMES)
def test_every_format_renders_the_hostile_papers_and_ignores_options_it_does_not_use(name):
    text = get_format(name).render(
        hostile_papers(), ascii=True, title="t", self_url="http://x/f", site_url="http://x/"
    )
    assert isinstance(text, str)
    assert "Zo" in text  # the first paper's first author, however encoded


@pytest.mark.parametrize("name", NAMES)
def test_every_format_renders_an_empty_selection(name):
    assert isinstance(get_format(name).render([]), str)


def test_json_formats_are_json():
    papers = hostile_papers()
    for name in ("json", "csl-json", "zotero", "jsonfeed"):
        json.loads(get_format(name).render(papers))


def test_bibtex_ascii_option_reaches_the_exporter():
    paper = Paper(title="x", authors=["Zoë Ångström"])
    assert "Zoë" in get_format("bibtex").render([paper])
    assert r"Zo{\"e}" in get_format("bibtex").render([paper], ascii=True)
