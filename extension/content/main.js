// The content script proper (imported by loader.js): runs the module for the page it is on
// (a Hugging Face papers page or an arXiv abstract page), follows the page's theme, and
// saves the page's paper when the worker relays the keyboard shortcut.
import { isArxivAbstractUrl } from "../lib/paperlinks.js";
import { fail, ok, TYPES } from "../lib/messages.js";
import { saveOne } from "./actions.js";
import * as arxiv from "./arxiv.js";
import * as papers from "./papers.js";
import { watchTheme } from "./theme.js";

function onWorkerMessage(message, sender, sendResponse) {
  // Only our own worker talks to us this way (web pages cannot reach this listener).
  if (!sender || sender.id !== chrome.runtime.id || sender.tab) return false;
  if (!message || message.type !== TYPES.SAVE_PAGE_PAPER) return false;
  const site = isArxivAbstractUrl(document.location.href) ? arxiv : papers;
  const entry = site.pagePaperEntry();
  if (!entry) {
    sendResponse(ok({ handled: false }));
    return false;
  }
  saveOne(entry).then(
    (outcome) => sendResponse(ok({ handled: true, id: entry.paper.arxiv_id || null, outcome })),
    (error) => sendResponse(fail(error && error.message ? error.message : error)),
  );
  return true; // answered asynchronously
}

export function start(doc) {
  const site = isArxivAbstractUrl(doc.location.href) ? arxiv : papers;
  site.start(doc);
  watchTheme(doc);
  chrome.runtime.onMessage.addListener(onWorkerMessage);
}
