// Messages between the content script / options page and the service worker.
// Requests are {type, ...}; replies are {ok: true, data} or {ok: false, error}.
// The worker validates every request here before it touches the network.

import { isArxivAbstractUrl } from "./paperlinks.js";

export const MAX_SAVE_BATCH = 50; // the server (and Zotero) take at most 50 items a call
export const MAX_STATUS_IDS = 100;
export const MAX_EXPORT_PAPERS = 500;
const MAX_TITLE = 2000;
const MAX_TEXT = 20000;

export const TYPES = Object.freeze({
  STATUS: "status", // {ids} -> {items: [{id, saved, zotero_key}]}
  SAVE: "save", // {papers, force?} -> {items: [{id, status, zotero_key, message}]}
  BIBTEX: "bibtex", // {paper} -> {id, bibtex}
  EXPORT_BIB: "exportBib", // {papers} -> {filename, text, count}
  SUBSCRIBE: "subscribe", // {pageUrl} -> {url}  (the worker opens the feed in a tab)
  TEST_CONNECTION: "testConnection", // {} -> {papers, version, target}
  // The worker to a tab's content script (the keyboard shortcut): save this page's paper.
  SAVE_PAGE_PAPER: "savePagePaper", // {} -> {handled, id, outcome}
});

export function ok(data) {
  return { ok: true, data };
}

export function fail(error) {
  return { ok: false, error: String(error) };
}

const isString = (v) => typeof v === "string";
const isDay = (v) => isString(v) && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isCount = (v) => Number.isInteger(v) && v >= 0;
const isStringList = (v, max) =>
  Array.isArray(v) && v.length <= max && v.every((s) => isString(s) && s.length <= MAX_TITLE);

function checkIds(ids, max) {
  if (!Array.isArray(ids) || ids.length === 0) return "ids must be a non-empty list";
  if (ids.length > max) return `ids: at most ${max} at a time (got ${ids.length})`;
  if (!ids.every((id) => isString(id) && /^[\w./-]{1,200}$/.test(id))) {
    return "ids: each must be a paper id (letters, digits, . / - _)";
  }
  return null;
}

// Checks one partial Paper JSON (the fields the extension may send). Null when fine.
export function checkPaper(paper, where = "paper") {
  if (!paper || typeof paper !== "object" || Array.isArray(paper)) {
    return `${where} must be an object`;
  }
  const allowed = new Set([
    "arxiv_id", "title", "authors", "author_count", "abstract", "published", "featured",
    "upvotes", "comments", "keywords", "links", "primary_category", "categories",
  ]);
  for (const key of Object.keys(paper)) {
    if (!allowed.has(key)) return `${where}.${key} is not a field the extension sends`;
  }
  if (!isString(paper.title) || !paper.title.trim() || paper.title.length > MAX_TITLE) {
    return `${where}.title must be a non-empty string`;
  }
  if (paper.arxiv_id !== undefined && !(isString(paper.arxiv_id) && /^[\w./-]{1,40}$/.test(paper.arxiv_id))) {
    return `${where}.arxiv_id must be an arXiv id`;
  }
  if (paper.abstract !== undefined && !(isString(paper.abstract) && paper.abstract.length <= MAX_TEXT)) {
    return `${where}.abstract must be text`;
  }
  for (const key of ["published", "featured"]) {
    if (paper[key] !== undefined && !isDay(paper[key])) return `${where}.${key} must be YYYY-MM-DD`;
  }
  for (const key of ["upvotes", "comments", "author_count"]) {
    if (paper[key] !== undefined && !isCount(paper[key])) return `${where}.${key} must be a count`;
  }
  if (paper.primary_category !== undefined && !(isString(paper.primary_category) && /^[\w.-]{1,40}$/.test(paper.primary_category))) {
    return `${where}.primary_category must be an arXiv category`;
  }
  for (const key of ["authors", "keywords", "categories"]) {
    if (paper[key] !== undefined && !isStringList(paper[key], 5000)) {
      return `${where}.${key} must be a list of strings`;
    }
  }
  if (paper.links !== undefined) {
    const links = paper.links;
    if (!links || typeof links !== "object") return `${where}.links must be an object`;
    for (const key of Object.keys(links)) {
      if (!["code", "project"].includes(key) || !isStringList(links[key], 20)) {
        return `${where}.links.${key} must be a list of URLs (code or project)`;
      }
    }
  }
  return null;
}

function checkPapers(papers, max) {
  if (!Array.isArray(papers) || papers.length === 0) return "papers must be a non-empty list";
  if (papers.length > max) return `papers: at most ${max} at a time (got ${papers.length})`;
  for (let i = 0; i < papers.length; i += 1) {
    const problem = checkPaper(papers[i], `papers[${i}]`);
    if (problem) return problem;
  }
  return null;
}

// Null when `message` is a well-formed request, else what is wrong with it.
export function validateRequest(message) {
  if (!message || typeof message !== "object") return "a message must be an object";
  switch (message.type) {
    case TYPES.STATUS:
      return checkIds(message.ids, MAX_STATUS_IDS);
    case TYPES.EXPORT_BIB:
      return checkPapers(message.papers, MAX_EXPORT_PAPERS);
    case TYPES.SAVE:
      if (message.force !== undefined && typeof message.force !== "boolean") {
        return "force must be true or false";
      }
      return checkPapers(message.papers, MAX_SAVE_BATCH);
    case TYPES.BIBTEX:
      return checkPaper(message.paper, "paper");
    case TYPES.SUBSCRIBE:
      return isString(message.pageUrl) && PAPERS_PAGE.test(message.pageUrl)
        ? null
        : "pageUrl must be a huggingface.co/papers URL";
    case TYPES.TEST_CONNECTION:
      return null;
    default:
      return `unknown message type: ${String(message.type).slice(0, 40)}`;
  }
}

const PAPERS_PAGE = /^https:\/\/huggingface\.co\/papers(?:[/?#]|$)/;

// Who sent a message: "extension" (our options page, even when open in a tab), "content"
// (our content script on a papers page or an arXiv abstract page), or null for anyone else.
export function senderKind({ senderId, ownId, url, extensionBase }) {
  if (!senderId || senderId !== ownId) return null;
  const from = typeof url === "string" ? url : "";
  if (extensionBase && from.startsWith(extensionBase)) return "extension";
  return PAPERS_PAGE.test(from) || isArxivAbstractUrl(from) ? "content" : null;
}

// Content scripts (which live in web pages) may only ask for page features; the options
// page may also test the connection.
export function allowedFrom(type, kind) {
  if (kind === "extension") return true;
  return kind === "content" && type !== TYPES.TEST_CONNECTION;
}

export function batches(items, size = MAX_SAVE_BATCH) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
