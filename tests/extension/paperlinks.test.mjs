// Which paper a link or a tab's URL points at.
import assert from "node:assert/strict";
import { test } from "node:test";

import { isArxivAbstractUrl, PAPER_LINK_PATTERNS, paperIdFromUrl } from "../../extension/lib/paperlinks.js";

test("Hugging Face paper pages and arXiv abstracts and PDFs give the versionless id", () => {
  const cases = {
    "https://huggingface.co/papers/2509.04664": "2509.04664",
    "https://huggingface.co/papers/2509.04664#community": "2509.04664",
    "https://huggingface.co/papers/2509.04664?utm_source=x": "2509.04664",
    "https://arxiv.org/abs/2509.04664": "2509.04664",
    "https://arxiv.org/abs/2509.04664v3": "2509.04664",
    "http://arxiv.org/abs/2509.04664v1/": "2509.04664",
    "https://www.arxiv.org/abs/2509.04664": "2509.04664",
    "https://arxiv.org/pdf/2509.04664": "2509.04664",
    "https://arxiv.org/pdf/2509.04664v2": "2509.04664",
    "https://arxiv.org/pdf/2509.04664v2.pdf": "2509.04664",
    "https://export.arxiv.org/abs/1706.03762v7": "1706.03762",
    "https://arxiv.org/abs/hep-th/9901001v2": "hep-th/9901001",
    "https://arxiv.org/pdf/cs/0112017": "cs/0112017",
  };
  for (const [url, id] of Object.entries(cases)) assert.equal(paperIdFromUrl(url), id, url);
});

test("anything else is not a paper", () => {
  for (const url of [
    "https://huggingface.co/papers",
    "https://huggingface.co/papers/date/2025-12-24",
    "https://huggingface.co/papers/trending",
    "https://huggingface.co/google/gemma-2b",
    "https://arxiv.org/list/cs.CL/recent",
    "https://arxiv.org/abs/",
    "https://arxiv.org/abs/not-an-id",
    "https://evil.example/abs/2509.04664",
    "https://arxiv.org.evil.example/abs/2509.04664",
    "http://huggingface.co/papers/2509.04664",
    "javascript:alert(1)",
    "not a url",
    undefined,
  ]) {
    assert.equal(paperIdFromUrl(url), null, String(url));
  }
});

test("arXiv abstract pages are recognised, PDFs and lists are not", () => {
  assert.equal(isArxivAbstractUrl("https://arxiv.org/abs/2509.04664v2"), true);
  assert.equal(isArxivAbstractUrl("https://www.arxiv.org/abs/2509.04664"), true);
  assert.equal(isArxivAbstractUrl("https://arxiv.org/pdf/2509.04664"), false);
  assert.equal(isArxivAbstractUrl("https://arxiv.org/abs/"), false);
  assert.equal(isArxivAbstractUrl("http://arxiv.org/abs/2509.04664"), false);
});

// The context menu's patterns, read as the browsers read match patterns.
function matches(pattern, url) {
  const [, scheme, host, path] = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
  const parts = new URL(url);
  const schemeOk = scheme === "*" ? ["http:", "https:"].includes(parts.protocol) : parts.protocol === `${scheme}:`;
  const pathRe = new RegExp(`^${path.replace(/[.?+^$()[\]{}|\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return schemeOk && parts.hostname === host && pathRe.test(parts.pathname + parts.search);
}

test("the context menu shows on exactly the links paperIdFromUrl understands", () => {
  const offered = (url) => PAPER_LINK_PATTERNS.some((p) => matches(p, url));
  for (const url of [
    "https://huggingface.co/papers/2509.04664",
    "https://arxiv.org/abs/2509.04664v2",
    "http://arxiv.org/pdf/2509.04664",
    "https://www.arxiv.org/pdf/2509.04664v1.pdf",
  ]) {
    assert.equal(offered(url), true, url);
    assert.notEqual(paperIdFromUrl(url), null, url);
  }
  assert.equal(offered("https://huggingface.co/models"), false);
  assert.equal(offered("https://arxiv.org/list/cs.CL/recent"), false);
});
