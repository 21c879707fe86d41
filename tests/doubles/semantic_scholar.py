"""A local Semantic Scholar Academic Graph API: `GET /graph/v1/paper/{paper_id}`.

    with SemanticScholarDouble() as s2:   # base URL: s2.base_url + "/graph/v1"
        s2.papers["2306.10426"] = {...}   # a paper object, keyed by its arXiv id
        s2.api_key = "..."                # then a request with another key is refused

Rules, from the API documentation (api.semanticscholar.org/api-docs/graph, the OpenAPI
description of "Details about a paper"):
- `paper_id` is a paperId, or `ARXIV:<id>`, `DOI:<doi>`, `CorpusId:<n>` (prefix
  case-insensitive); an unknown one is 404 `{"error": "Paper with id ... not found"}`;
- `fields` is one comma-separated parameter; only those fields come back, with `paperId`
  always; without it, `paperId` and `title`; a field it does not have is 400
  `{"error": "Unrecognized or unsupported fields: [...]"}` (the Error400 example);
- an API key goes in the `x-api-key` header (case-sensitive name, per the API's notes); a key
  the service does not know is 403 Forbidden;
- too many requests is 429 with `{"message": "Too Many Requests. ...", "code": "429"}` (the
  answer users report, e.g. github.com/SakanaAI/AI-Scientist/issues/18); it may or may not
  carry Retry-After: tests inject either.
"""

from __future__ import annotations

from .scholarly import ScholarlyDouble, json_answer, load

PREFIX = "/graph/v1"
FIELDS = frozenset({
    "paperId", "corpusId", "externalIds", "url", "title", "abstract", "venue",
    "publicationVenue", "year", "referenceCount", "citationCount", "influentialCitationCount",
    "isOpenAccess", "openAccessPdf", "fieldsOfStudy", "s2FieldsOfStudy", "publicationTypes",
    "publicationDate", "journal", "citationStyles", "authors", "citations", "references",
    "embedding", "tldr",
})  # fmt: skip
TOO_MANY = {
    "message": "Too Many Requests. Please wait and try again or apply for a key for higher "
    "rate limits. https://www.semanticscholar.org/product/api#api-key-form",
    "code": "429",
}


class SemanticScholarDouble(ScholarlyDouble):
    def __init__(self) -> None:
        super().__init__()
        self.papers: dict[str, dict] = load("semantic-scholar.json")
        self.api_key: str | None = None

    @property
    def api_url(self) -> str:
        return self.base_url + PREFIX

    def answer(self, path: str, query: dict, headers: dict) -> tuple:
        if not path.startswith(PREFIX + "/paper/"):
            return json_answer(404, {"error": "Not found"})
        key = next((v for k, v in headers.items() if k.lower() == "x-api-key"), None)
        if key is not None and key != self.api_key:
            return json_answer(403, {"message": "Forbidden"})
        paper_id = path.removeprefix(PREFIX + "/paper/")
        fields = [f for f in query.get("fields", "paperId,title").split(",") if f]
        unknown = [f for f in fields if f.split(".")[0] not in FIELDS]
        if unknown:
            return json_answer(400, {"error": f"Unrecognized or unsupported fields: {unknown}"})
        paper = self._find(paper_id)
        if paper is None:
            return json_answer(404, {"error": f"Paper with id {paper_id} not found"})
        return json_answer(200, {"paperId": paper["paperId"]} | {
            f: paper[f] for f in fields if f in paper
        })  # fmt: skip

    def _find(self, paper_id: str) -> dict | None:
        kind, _, value = paper_id.partition(":")
        kind = kind.upper() if value else ""
        for arxiv_id, paper in self.papers.items():
            ids = paper.get("externalIds") or {}
            if kind == "ARXIV" and value == arxiv_id:
                return paper
            if kind == "DOI" and value.lower() == str(ids.get("DOI", "")).lower():
                return paper
            if kind == "CORPUSID" and value == str(ids.get("CorpusId")):
                return paper
            if not kind and paper_id == paper.get("paperId"):
                return paper
        return None


def too_many_requests() -> dict:
    return dict(TOO_MANY)
