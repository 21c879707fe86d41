// An arXiv abstract page's paper, from its citation_* tags and what it shows.
import assert from "node:assert/strict";
import { test } from "node:test";

import { categoriesFrom, citationDay, displayName, paperFromArxivPage } from "../../extension/lib/arxivpage.js";

const meta = {
  title: "Why Language Models Hallucinate",
  authors: ["Kalai, Adam Tauman", "Nachum, Ofir"],
  date: "2025/09/04",
  arxivId: "2509.04664",
  abstract: "Like students facing hard exam questions, large language models sometimes guess.",
};
const shown = {
  title: "Title:Why Language Models Hallucinate",
  authors: ["Adam Tauman Kalai", "Ofir Nachum"],
  abstract: "\n  Abstract:Like students facing hard exam questions,\n large language models sometimes guess.\n",
  primarySubject: "Computation and Language (cs.CL)",
  subjects: "\n Computation and Language (cs.CL); Artificial Intelligence (cs.AI)\n",
};

test("the page's fields become a partial Paper", () => {
  assert.deepEqual(paperFromArxivPage({ meta, shown, urlId: "2509.04664" }), {
    arxiv_id: "2509.04664",
    title: "Why Language Models Hallucinate",
    authors: ["Adam Tauman Kalai", "Ofir Nachum"],
    abstract: "Like students facing hard exam questions, large language models sometimes guess.",
    published: "2025-09-04",
    primary_category: "cs.CL",
    categories: ["cs.CL", "cs.AI"],
  });
});

test("the citation tags stand in for missing visible fields", () => {
  const paper = paperFromArxivPage({ meta, shown: {}, urlId: null });
  assert.equal(paper.title, "Why Language Models Hallucinate");
  assert.deepEqual(paper.authors, ["Adam Tauman Kalai", "Ofir Nachum"]);
  assert.equal(paper.abstract, meta.abstract);
  assert.equal(paper.primary_category, undefined);
});

test("the id comes from the tags, else from the URL, without its version", () => {
  assert.equal(paperFromArxivPage({ meta: { ...meta, arxivId: "2509.04664v3" } }).arxiv_id, "2509.04664");
  assert.equal(paperFromArxivPage({ meta: { title: "T" }, urlId: "2509.04664" }).arxiv_id, "2509.04664");
  assert.equal(paperFromArxivPage({ meta: { title: "T" }, urlId: null }), null);
  assert.equal(paperFromArxivPage({ meta: { arxivId: "2509.04664" } }), null);
  assert.equal(paperFromArxivPage(), null);
});

test("helpers", () => {
  assert.equal(displayName("Tauman Kalai, Adam"), "Adam Tauman Kalai");
  assert.equal(displayName("The ATLAS Collaboration"), "The ATLAS Collaboration");
  assert.equal(citationDay("2025/09/04"), "2025-09-04");
  assert.equal(citationDay("Sep 2025"), null);
  assert.deepEqual(categoriesFrom("High Energy Physics - Theory (hep-th); Mathematical Physics (math-ph)"), ["hep-th", "math-ph"]);
  assert.deepEqual(categoriesFrom(""), []);
});
