// Message shapes between content script, options page and service worker.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  allowedFrom,
  batches,
  checkPaper,
  fail,
  ok,
  senderKind,
  TYPES,
  validateRequest,
} from "../../extension/lib/messages.js";

const paper = { title: "A paper", arxiv_id: "2512.00001", authors: ["Ada Lovelace"], published: "2025-12-01", upvotes: 3 };

test("replies are {ok, data} or {ok, error}", () => {
  assert.deepEqual(ok({ a: 1 }), { ok: true, data: { a: 1 } });
  assert.deepEqual(fail(new Error("boom").message), { ok: false, error: "boom" });
});

test("well-formed requests pass", () => {
  assert.equal(validateRequest({ type: TYPES.STATUS, ids: ["2512.00001", "cs/0112017"] }), null);
  assert.equal(validateRequest({ type: TYPES.SAVE, papers: [paper] }), null);
  assert.equal(validateRequest({ type: TYPES.SAVE, papers: [paper], force: true }), null); // Save anyway
  assert.equal(validateRequest({ type: TYPES.BIBTEX, paper }), null);
  assert.equal(validateRequest({ type: TYPES.EXPORT_BIB, papers: [paper, { title: "No id" }] }), null);
  assert.equal(validateRequest({ type: TYPES.SUBSCRIBE, pageUrl: "https://huggingface.co/papers?q=x" }), null);
  assert.equal(validateRequest({ type: TYPES.TEST_CONNECTION }), null);
});

test("malformed requests are refused with a reason naming the field", () => {
  const cases = [
    [null, "a message must be an object"],
    [{ type: "deleteEverything" }, "unknown message type: deleteEverything"],
    [{ type: TYPES.STATUS, ids: [] }, "ids must be a non-empty list"],
    [{ type: TYPES.STATUS, ids: ["a,b"] }, "ids: each must be a paper id (letters, digits, . / - _)"],
    [{ type: TYPES.SAVE, papers: Array(51).fill(paper) }, "papers: at most 50 at a time (got 51)"],
    [{ type: TYPES.SAVE, papers: [paper], force: "yes" }, "force must be true or false"],
    [{ type: TYPES.SAVE, papers: [paper, { title: "" }] }, "papers[1].title must be a non-empty string"],
    [{ type: TYPES.SAVE, papers: [{ ...paper, id: "x" }] }, "papers[0].id is not a field the extension sends"],
    [{ type: TYPES.BIBTEX, paper: { ...paper, published: "Dec 1" } }, "paper.published must be YYYY-MM-DD"],
    [{ type: TYPES.BIBTEX, paper: { ...paper, upvotes: -1 } }, "paper.upvotes must be a count"],
    [{ type: TYPES.BIBTEX, paper: { ...paper, author_count: 2.5 } }, "paper.author_count must be a count"],
    [{ type: TYPES.BIBTEX, paper: { ...paper, links: { pdf: ["x"] } } }, "paper.links.pdf must be a list of URLs (code or project)"],
    [{ type: TYPES.SUBSCRIBE, pageUrl: "https://evil.example/papers" }, "pageUrl must be a huggingface.co/papers URL"],
  ];
  for (const [message, reason] of cases) assert.equal(validateRequest(message), reason);
});

test("an arXiv page's categories are accepted, checked like the rest", () => {
  const fromArxiv = { ...paper, primary_category: "cs.CL", categories: ["cs.CL", "cs.AI"] };
  assert.equal(checkPaper(fromArxiv), null);
  assert.equal(checkPaper({ ...fromArxiv, primary_category: "cs CL; drop" }), "paper.primary_category must be an arXiv category");
  assert.equal(checkPaper({ ...fromArxiv, categories: "cs.CL" }), "paper.categories must be a list of strings");
});

test("the worker-to-page shortcut message is not a request a page may send", () => {
  assert.equal(validateRequest({ type: TYPES.SAVE_PAGE_PAPER }), "unknown message type: savePagePaper");
});

test("checkPaper accepts the partial Paper JSON the cards produce", () => {
  assert.equal(checkPaper({ title: "T", links: { code: ["https://github.com/a/b"], project: [] } }), null);
  assert.equal(checkPaper([]), "paper must be an object");
});

test("senders: our options page, our content script on a papers page, nobody else", () => {
  const base = { senderId: "abc", ownId: "abc", extensionBase: "chrome-extension://abc/" };
  assert.equal(senderKind({ ...base, url: "chrome-extension://abc/options/options.html" }), "extension");
  assert.equal(senderKind({ ...base, url: "https://huggingface.co/papers?q=x" }), "content");
  assert.equal(senderKind({ ...base, url: "https://huggingface.co/papers/2509.04664" }), "content");
  assert.equal(senderKind({ ...base, url: "https://arxiv.org/abs/2509.04664v2" }), "content");
  assert.equal(senderKind({ ...base, url: "https://arxiv.org/list/cs.CL/recent" }), null);
  assert.equal(senderKind({ ...base, url: "https://huggingface.co/papersmith" }), null);
  assert.equal(senderKind({ ...base, url: "https://evil.example/papers" }), null);
  assert.equal(senderKind({ ...base, senderId: "other", url: "https://huggingface.co/papers" }), null);
  assert.equal(senderKind({ ...base, url: undefined }), null);
});

test("web pages' content scripts cannot run the options page's connection test", () => {
  assert.equal(allowedFrom(TYPES.TEST_CONNECTION, "content"), false);
  assert.equal(allowedFrom(TYPES.TEST_CONNECTION, "extension"), true);
  assert.equal(allowedFrom(TYPES.SAVE, "content"), true);
  assert.equal(allowedFrom(TYPES.SAVE, null), false);
});

test("Save all goes in batches of at most 50", () => {
  const sizes = batches(Array.from({ length: 200 }, (_, i) => i)).map((b) => b.length);
  assert.deepEqual(sizes, [50, 50, 50, 50]);
  assert.deepEqual(batches([1, 2, 3], 2), [[1, 2], [3]]);
  assert.deepEqual(batches([]), []);
});
