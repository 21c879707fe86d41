// arXiv abstract pages (arxiv.org/abs/<id>): Save and BibTeX buttons under the title, for
// the paper the page describes (read by lib/arxivpage.js from the citation_* tags and the
// visible title, authors, abstract and subjects).
import { paperFromArxivPage } from "../lib/arxivpage.js";
import { TYPES } from "../lib/messages.js";
import { paperIdFromUrl } from "../lib/paperlinks.js";
import { attachActions, send } from "./actions.js";
import { applyTheme } from "./theme.js";
import * as ui from "./ui.js";

let entry = null;

function metaContent(doc, name) {
  const node = doc.querySelector(`meta[name="${name}"]`);
  return node ? node.getAttribute("content") : null;
}

function textOf(node) {
  return node ? node.textContent : "";
}

export function readPaper(doc) {
  const abs = doc.querySelector("#abs") || doc;
  return paperFromArxivPage({
    meta: {
      title: metaContent(doc, "citation_title"),
      authors: Array.from(doc.querySelectorAll('meta[name="citation_author"]'), (m) => m.getAttribute("content")),
      date: metaContent(doc, "citation_date"),
      arxivId: metaContent(doc, "citation_arxiv_id"),
      abstract: metaContent(doc, "citation_abstract"),
    },
    shown: {
      title: textOf(abs.querySelector("h1.title")),
      authors: Array.from(abs.querySelectorAll("div.authors a"), (a) => a.textContent),
      abstract: textOf(abs.querySelector("blockquote.abstract")),
      primarySubject: textOf(abs.querySelector("td.subjects span.primary-subject")),
      subjects: textOf(abs.querySelector("td.subjects")),
    },
    urlId: paperIdFromUrl(doc.location.href),
  });
}

async function showSavedState(current) {
  const reply = await send({ type: TYPES.STATUS, ids: [current.paper.arxiv_id] });
  const item = reply.ok ? reply.data.items[0] : null;
  if (item && item.saved && current.parts.save.dataset.state === "idle") {
    ui.setSaveState(current.parts, "known");
  }
}

export function start(doc) {
  const paper = readPaper(doc);
  const title = doc.querySelector("#abs h1.title") || doc.querySelector("h1.title");
  if (!paper || !title || entry) return;
  entry = attachActions(doc, title.parentElement, paper, title);
  applyTheme(doc, [entry.parts.box]);
  showSavedState(entry);
}

export function pagePaperEntry() {
  return entry && entry.parts.box.isConnected ? entry : null;
}
