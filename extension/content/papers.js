// huggingface.co/papers pages: finds the paper cards, gives each one Save and BibTeX
// buttons exactly once, adds the page toolbar, and keeps up with cards the page adds later.
// All network work is asked of the service worker.
import { arxivIdFromHref, indexByArxivId, mergeCardPaper, paperKey, papersFromProps } from "../lib/cards.js";
import { saveOutcome } from "../lib/failures.js";
import { batches, MAX_EXPORT_PAPERS, MAX_SAVE_BATCH, MAX_STATUS_IDS, TYPES } from "../lib/messages.js";
import { attachActions, guard, send } from "./actions.js";
import * as dom from "./dom.js";
import { applyTheme } from "./theme.js";
import * as ui from "./ui.js";

const entries = []; // {paper, parts} per card with buttons, in the order they were found
let doc = null;
let bar = null;
let paperPageEntry = null; // the one entry of a single paper's page

function attach(anchor, paper, placeAfter) {
  const entry = attachActions(doc, anchor, paper, placeAfter);
  entries.push(entry);
  return entry;
}

function scan() {
  const fromJson = indexByArxivId(papersFromProps(dom.pageProps(doc)));
  const added = [];
  for (const card of dom.cardElements(doc)) {
    if (card.querySelector(`.${ui.ACTIONS_CLASS}`)) continue; // never two sets
    const fromDom = dom.paperFromCard(card);
    if (!fromDom) continue;
    const paper = mergeCardPaper(fromDom, fromJson.get(fromDom.arxiv_id));
    const heading = dom.titleLink(card).closest("h3");
    card.dataset.papershelfCard = paperKey(paper) || "untitled";
    added.push(attach(card, paper, heading && card.contains(heading) ? heading : null));
  }
  const title = entries.length === 0 && added.length === 0 ? dom.paperPageTitle(doc) : null;
  if (title && !title.parentElement.querySelector(`.${ui.ACTIONS_CLASS}`)) {
    added.push(...attachPaperPage(title));
  }
  if (added.length) {
    applyTheme(doc, added.map((entry) => entry.parts.box));
    refreshStatus(added);
  }
  ensureToolbar();
}

function attachPaperPage(title) {
  const props = dom.pageProps(doc);
  const id = arxivIdFromHref(doc.location.pathname);
  const fromJson = props && props.paper ? papersFromProps(props)[0] : null;
  const paper = fromJson || { title: title.textContent.replace(/\s+/g, " ").trim() };
  if (!paper.title) return [];
  if (id && !paper.arxiv_id) paper.arxiv_id = id;
  paperPageEntry = attach(title.parentElement, paper, title);
  return [paperPageEntry];
}

function ensureToolbar() {
  if (bar && bar.box.isConnected) return;
  const listProps = dom.listPropsElement(doc);
  const firstCard = doc.querySelector("article[data-papershelf-card]");
  if (!listProps && !firstCard) return; // a single paper's page has no toolbar
  bar = ui.toolbar(doc);
  bar.saveAll.addEventListener("click", guard(saveAll));
  bar.bib.addEventListener("click", guard(downloadBib));
  bar.subscribe.addEventListener("click", guard(subscribe));
  const before = listProps || firstCard.parentElement;
  if (before && before !== doc.body) before.before(bar.box);
  else doc.body.prepend(bar.box);
  applyTheme(doc, [bar.box]);
}

// Every paper on the page: the embedded JSON's, then cards the JSON does not know.
function pagePapers() {
  const papers = papersFromProps(dom.pageProps(doc));
  const seen = new Set(papers.map((p) => paperKey(p) || p.title));
  for (const { paper } of entries) {
    const key = paperKey(paper) || paper.title;
    if (!seen.has(key)) {
      seen.add(key);
      papers.push(paper);
    }
  }
  return papers;
}

function entriesFor(paper) {
  const key = paperKey(paper) || paper.title;
  return entries.filter((e) => (paperKey(e.paper) || e.paper.title) === key);
}

async function refreshStatus(added) {
  const ids = [...new Set(added.map((e) => paperKey(e.paper)).filter(Boolean))];
  for (const chunk of batches(ids, MAX_STATUS_IDS)) {
    const reply = await send({ type: TYPES.STATUS, ids: chunk });
    if (!reply.ok) return; // not paired or not running: the buttons say so when used
    for (const item of reply.data.items) {
      if (!item || !item.saved) continue;
      for (const entry of entries) {
        if (paperKey(entry.paper) === item.id && entry.parts.save.dataset.state === "idle") {
          ui.setSaveState(entry.parts, "known");
        }
      }
    }
  }
}

async function saveAll() {
  const papers = pagePapers();
  const total = papers.length;
  const counts = { saved: 0, exists: 0, error: 0 };
  bar.saveAll.disabled = true;
  bar.progress.textContent = `Saving 0 of ${total}…`;
  let done = 0;
  let stopped = "";
  for (const batch of batches(papers, MAX_SAVE_BATCH)) {
    const cards = batch.map(entriesFor);
    cards.flat().forEach((e) => ui.setSaveState(e.parts, "saving"));
    const reply = await send({ type: TYPES.SAVE, papers: batch });
    if (!reply.ok) {
      cards.flat().forEach((e) => ui.setSaveState(e.parts, "error", reply.error));
      stopped = reply.error;
      break;
    }
    batch.forEach((_, i) => {
      const outcome = saveOutcome(reply.data.items[i]);
      counts[outcome.state] += 1;
      cards[i].forEach((e) => ui.setSaveState(e.parts, outcome.state, outcome.message));
    });
    done += batch.length;
    bar.progress.textContent = `Saving ${done} of ${total}…`;
  }
  const summary = `${counts.saved} saved, ${counts.exists} already in library, ${counts.error} failed`;
  bar.progress.textContent = stopped
    ? `Stopped after ${done} of ${total}: ${stopped}`
    : `${total} papers: ${summary}`;
  bar.saveAll.disabled = false;
}

async function downloadBib() {
  const papers = pagePapers().slice(0, MAX_EXPORT_PAPERS);
  if (!papers.length) return;
  bar.progress.textContent = "Preparing BibTeX…";
  const reply = await send({ type: TYPES.EXPORT_BIB, papers });
  if (!reply.ok) {
    bar.progress.textContent = reply.error;
    return;
  }
  ui.downloadText(doc, reply.data.filename, reply.data.text);
  bar.progress.textContent = `Downloaded ${reply.data.count} entries as ${reply.data.filename}`;
}

async function subscribe() {
  const reply = await send({ type: TYPES.SUBSCRIBE, pageUrl: doc.location.href });
  bar.progress.textContent = reply.ok ? `Feed opened: ${reply.data.url}` : reply.error;
}

// Our own button and note updates are mutations too: only other nodes trigger a scan.
function isOurs(node) {
  const el = node.nodeType === 1 ? node : node.parentElement;
  return Boolean(el && el.closest(`.${ui.ACTIONS_CLASS}, .${ui.TOOLBAR_CLASS}`));
}

function watch() {
  let pending = false;
  const observer = new MutationObserver((records) => {
    if (pending) return;
    const relevant = records.some(
      (r) => !isOurs(r.target) && Array.from(r.addedNodes).some((n) => !isOurs(n)),
    );
    if (!relevant) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      scan();
    }, 0);
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
}

export function start(document) {
  doc = document;
  scan();
  watch();
}

// The entry the keyboard shortcut saves: the paper of a single paper's page, else none.
export function pagePaperEntry() {
  return paperPageEntry && paperPageEntry.parts.box.isConnected ? paperPageEntry : null;
}
