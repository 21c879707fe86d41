"""RIS: one record per paper, written by rispy.

Record type `RPRT` (report). RIS has no preprint type, and of the types reference managers
know, report is the one that keeps a preprint's facts: Zotero imports RPRT as a report
with the repository (PB) as institution and the arXiv id (SN) as report number, and
EndNote and Mendeley read it as a report too. `GEN` and `UNPB` come into Zotero as journal
articles with an empty journal, which citation styles render as a broken article; `ELEC`
turns the paper into a web page. arXiv papers are also routinely cited as reports.
"""

from __future__ import annotations

from collections.abc import Mapping

import rispy
from rispy.writer import RisWriter

from exporters.names import split_name
from exporters.venue import ris_venue
from server.models import Paper
from server.published import PublishedVersion

RECORD_TYPE = "RPRT"


class _PlainRisWriter(RisWriter):
    """rispy's writer without its numbered "1." line before each record, which is not RIS."""

    def set_header(self, count: int) -> str:
        return ""


def to_ris(papers: list[Paper], published: Mapping[str, PublishedVersion] | None = None) -> str:
    """RIS records; a paper with a version in `published` is the published version."""
    versions = published or {}
    records = [
        ris_venue(ris_record(p), versions[p.id], p) if p.id in versions else ris_record(p)
        for p in papers
    ]
    return rispy.dumps(records, implementation=_PlainRisWriter)


def ris_record(paper: Paper) -> dict:
    """rispy's field names for one paper. Values are one line each: RIS is line-based."""
    record: dict = {"type_of_reference": RECORD_TYPE, "title": _line(paper.title)}
    if paper.authors:
        record["authors"] = [_author(name) for name in paper.authors]
    day = paper.published or paper.featured
    if day:
        record["year"] = str(day.year)
        record["date"] = day.strftime("%Y/%m/%d")
    if paper.abstract:
        record["abstract"] = _line(paper.abstract)
    if paper.arxiv_id:
        record["publisher"] = "arXiv"
        record["issn"] = f"arXiv:{paper.arxiv_id}"  # SN: Zotero's report number
        record["doi"] = f"10.48550/arXiv.{paper.arxiv_id}"
    url = paper.links.arxiv or paper.links.hf
    if url:
        record["urls"] = [_line(url)]
    if paper.links.pdf:
        record["file_attachments1"] = _line(paper.links.pdf)  # L1: Zotero attaches it as PDF
    if paper.keywords:
        record["keywords"] = [_line(k) for k in paper.keywords]
    notes = [f"Code: {_line(u)}" for u in paper.links.code]
    notes += [f"Project page: {_line(u)}" for u in paper.links.project]
    if paper.links.hf and paper.links.hf != url:
        notes.append(f"Hugging Face: {_line(paper.links.hf)}")
    if notes:
        record["notes"] = notes
    return record


def _author(name: str) -> str:
    """`Family, Given`, the RIS author form every importer splits correctly."""
    person = split_name(_line(name))
    return f"{person.family}, {person.given}" if person.given else person.family


def _line(text: str) -> str:
    return " ".join(text.split())
