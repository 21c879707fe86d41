// Card parsing: HF page shapes in, partial Paper JSON out.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  arxivIdFromHref,
  indexByArxivId,
  isArxivId,
  mergeCardPaper,
  paperFromApiItem,
  paperFromApiPaper,
  paperFromCardFields,
  parseAuthorCount,
  papersFromProps,
  parseProps,
  parseUpvotes,
} from "../../extension/lib/cards.js";

// The real HF `paper` object (tests/fixtures/api; its source is in tests/fixtures/SOURCES.md).
const REAL_PAPER = JSON.parse(
  readFileSync(new URL("../fixtures/api/hf-api-paper-object.json", import.meta.url), "utf8"),
);

test("arXiv ids come from card links, without fragment, query or version", () => {
  assert.equal(arxivIdFromHref("/papers/2509.04664"), "2509.04664");
  assert.equal(arxivIdFromHref("/papers/2509.04664#community"), "2509.04664");
  assert.equal(arxivIdFromHref("https://huggingface.co/papers/2306.10426v2?x=1"), "2306.10426");
  assert.equal(arxivIdFromHref("/papers/cs/0112017"), "cs/0112017");
});

test("links that are not a paper give no id", () => {
  for (const href of ["/papers", "/papers/date/2025-12-24", "/papers?q=llm", "/papers/trending", "/models/x", "", null]) {
    assert.equal(arxivIdFromHref(href), null, String(href));
  }
  assert.equal(isArxivId("2509.04664"), true);
  assert.equal(isArxivId("<img src=x>"), false);
});

test("upvote counts parse from the card's text", () => {
  assert.equal(parseUpvotes(" 26 "), 26);
  assert.equal(parseUpvotes("1.2k"), 1200);
  assert.equal(parseUpvotes("-"), null);
  assert.equal(parseUpvotes(""), null);
});

test("the real HF paper object maps to partial Paper JSON", () => {
  const paper = paperFromApiPaper(REAL_PAPER);
  assert.equal(paper.arxiv_id, "2509.04664");
  assert.equal(paper.title, "Why Language Models Hallucinate");
  assert.deepEqual(paper.authors, ["Adam Tauman Kalai", "Ofir Nachum", "Santosh S. Vempala", "Edwin Zhang"]);
  assert.equal(paper.published, "2025-09-04");
  assert.equal(paper.featured, "2025-09-08"); // submittedOnDailyAt when no item date
  assert.equal(paper.upvotes, 26);
  assert.deepEqual(paper.keywords.slice(0, 2), ["hallucinations", "binary classification"]);
  assert.ok(paper.abstract.startsWith("Like students facing hard exam questions, large language models sometimes guess"));
  assert.ok(!paper.abstract.includes("\n"), "arXiv's hard line breaks are joined");
  assert.equal(paper.links, undefined, "no code or project page: no links sent");
});

test("a list item takes the featured day and comment count from the item, upvotes from paper", () => {
  const item = {
    paper: { ...REAL_PAPER, githubRepo: "https://github.com/a/b", projectPage: "https://p.example" },
    publishedAt: "2025-09-09T00:00:00.000Z",
    title: "Why Language Models Hallucinate",
    numComments: 3,
  };
  const paper = paperFromApiItem(item);
  assert.equal(paper.featured, "2025-09-09");
  assert.equal(paper.comments, 3);
  assert.equal(paper.upvotes, 26);
  assert.deepEqual(paper.links, { code: ["https://github.com/a/b"], project: ["https://p.example"] });
});

test("props: dailyPapers, searchResults (preferred) and a paper page's paper", () => {
  const item = (id, title) => ({ paper: { id, title, upvotes: 1 }, publishedAt: "2025-12-24T00:00:00Z" });
  const daily = { dailyPapers: [item("2512.00001", "A"), { nonsense: true }, item("2512.00002", "B")] };
  assert.deepEqual(papersFromProps(daily).map((p) => p.arxiv_id), ["2512.00001", "2512.00002"]);
  const search = { query: "x", searchResults: [item("2512.00003", "C")], dailyPapers: [item("2512.00001", "A")] };
  assert.deepEqual(papersFromProps(search).map((p) => p.title), ["C"]);
  assert.deepEqual(papersFromProps({ paper: REAL_PAPER }).map((p) => p.arxiv_id), ["2509.04664"]);
  assert.deepEqual(papersFromProps(null), []);
});

test("data-props that are missing or broken give null, never an exception", () => {
  assert.equal(parseProps(""), null);
  assert.equal(parseProps("{not json"), null);
  assert.equal(parseProps("42"), null);
  assert.deepEqual(parseProps('{"dailyPapers": []}'), { dailyPapers: [] });
});

test("a card's DOM facts: title text with highlight markup removed, id, upvotes", () => {
  const paper = paperFromCardFields({ href: "/papers/2512.00001#community", title: "  Diffusion \n for  Text ", upvotes: "7" });
  assert.deepEqual(paper, { title: "Diffusion for Text", arxiv_id: "2512.00001", upvotes: 7 });
  assert.equal(paperFromCardFields({ href: "/papers/2512.00001", title: "   " }), null);
  const hostile = paperFromCardFields({ href: "/papers/2512.00009", title: "<img src=x onerror=alert(1)>" });
  assert.equal(hostile.title, "<img src=x onerror=alert(1)>", "kept as plain text");
});

test("a card's author count: the listing JSON names only the first authors", () => {
  assert.equal(parseAuthorCount("Published on Dec 24 · 23 authors · 12 upvotes"), 23);
  assert.equal(parseAuthorCount("1 author"), 1);
  assert.equal(parseAuthorCount("authors: many"), null);
  assert.equal(parseAuthorCount("v23 authors"), null);
  const card = paperFromCardFields({ href: "/papers/2512.00001", title: "T", text: "· 23 authors" });
  assert.equal(card.author_count, 23);
  const named = mergeCardPaper(card, { title: "T", arxiv_id: "2512.00001", authors: ["A", "B", "C"] });
  assert.deepEqual([named.authors.length, named.author_count], [3, 23], "the count says partial");
});

test("JSON data wins over the card, the card fills what JSON lacks", () => {
  const fromDom = { title: "T", arxiv_id: "2512.00001", upvotes: 9 };
  assert.deepEqual(mergeCardPaper(fromDom, null), fromDom);
  const merged = mergeCardPaper(fromDom, { title: "T full", arxiv_id: "2512.00001", authors: ["A B"] });
  assert.deepEqual(merged, { title: "T full", arxiv_id: "2512.00001", upvotes: 9, authors: ["A B"] });
  const index = indexByArxivId([{ title: "x", arxiv_id: "1" }, { title: "y" }, { title: "z", arxiv_id: "1" }]);
  assert.deepEqual([...index.keys()], ["1"]);
  assert.equal(index.get("1").title, "x");
});
