// The feed and export URLs for a papers view.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  attachmentFilename,
  exportPath,
  feedUrl,
  isoWeekRange,
  monthRange,
  normaliseServerUrl,
  originPattern,
  paperBibPath,
  paperPath,
  statusPath,
  viewFilter,
} from "../../extension/lib/urls.js";

const HF = "https://huggingface.co";

test("each kind of papers page maps to its filter", () => {
  assert.deepEqual(viewFilter(`${HF}/papers?q=diffusion+models`), { q: "diffusion models" });
  assert.deepEqual(viewFilter(`${HF}/papers?date=2025-12-24`), { since: "2025-12-24", until: "2025-12-24" });
  assert.deepEqual(viewFilter(`${HF}/papers/date/2025-12-24`), { since: "2025-12-24", until: "2025-12-24" });
  assert.deepEqual(viewFilter(`${HF}/papers/week/2025-W52`), { since: "2025-12-22", until: "2025-12-28" });
  assert.deepEqual(viewFilter(`${HF}/papers/month/2024-02`), { since: "2024-02-01", until: "2024-02-29" });
  assert.deepEqual(viewFilter(`${HF}/papers`), {});
  assert.deepEqual(viewFilter(`${HF}/papers/trending`), {});
  assert.deepEqual(viewFilter("not a url"), {});
});

test("impossible dates give no filter", () => {
  assert.deepEqual(viewFilter(`${HF}/papers/date/2025-02-30`), {});
  assert.deepEqual(viewFilter(`${HF}/papers/month/2025-13`), {});
  assert.equal(isoWeekRange("2025-W54"), null);
});

test("ISO weeks across year ends and month lengths", () => {
  assert.deepEqual(isoWeekRange("2026-W01"), { since: "2025-12-29", until: "2026-01-04" });
  assert.deepEqual(isoWeekRange("2020-W53"), { since: "2020-12-28", until: "2021-01-03" });
  assert.deepEqual(monthRange("2025-12"), { since: "2025-12-01", until: "2025-12-31" });
});

test("feed, export, BibTeX and status URLs", () => {
  const server = "http://127.0.0.1:5000";
  assert.equal(feedUrl(server, { q: "a&b c" }), `${server}/feeds/papers.rss?q=a%26b+c`);
  assert.equal(
    feedUrl(server, { since: "2025-12-22", until: "2025-12-28" }, "atom"),
    `${server}/feeds/papers.atom?since=2025-12-22&until=2025-12-28`,
  );
  assert.equal(feedUrl(server, {}), `${server}/feeds/papers.rss`);
  assert.equal(exportPath(["2512.00001", "cs/0112017"]), "/api/export?format=bibtex&ids=2512.00001%2Ccs%2F0112017");
  assert.equal(paperPath("cs/0112017"), "/api/papers/cs/0112017");
  assert.equal(paperBibPath("a b/1?x"), "/api/papers/a%20b/1%3Fx.bib");
  assert.equal(statusPath(["1", "2"]), "/api/library/status?ids=1%2C2");
});

test("server URLs are normalised; others refused", () => {
  assert.equal(normaliseServerUrl(" http://127.0.0.1:5000/ "), "http://127.0.0.1:5000");
  assert.equal(normaliseServerUrl("https://shelf.example/papershelf/"), "https://shelf.example/papershelf");
  for (const bad of ["ftp://x", "javascript:alert(1)", "http://u:p@host", "", "127.0.0.1:5000"]) {
    assert.equal(normaliseServerUrl(bad), null, bad);
  }
});

test("host permission patterns leave the port out (it covers every port)", () => {
  assert.equal(originPattern("http://127.0.0.1:5000"), "http://127.0.0.1/*");
  assert.equal(originPattern("https://shelf.example:8443/x"), "https://shelf.example/*");
});

test("download filenames come from Content-Disposition, without path parts", () => {
  assert.equal(attachmentFilename('attachment; filename="papershelf-2025.bib"'), "papershelf-2025.bib");
  assert.equal(attachmentFilename("attachment; filename=../../x.bib"), ".._.._x.bib");
  assert.equal(attachmentFilename(null), "papershelf.bib");
});
