// The extension's background: all network calls live here. Content scripts and the options
// page send {type, ...}; every request is validated, then answered {ok, data} / {ok, error}.
import { allowedFrom, fail, ok, senderKind, TYPES, validateRequest } from "../lib/messages.js";
import { handleBibtex } from "./bibtex.js";
import { handleTestConnection } from "./connection.js";
import { handleExportBib } from "./export.js";
import { createMenu, handleMenuClick } from "./menu.js";
import { handleSave } from "./save.js";
import { getSettings } from "./settings.js";
import { handleCommand } from "./shortcut.js";
import { handleStatus } from "./status.js";
import { handleSubscribe } from "./subscribe.js";

const HANDLERS = {
  [TYPES.STATUS]: handleStatus,
  [TYPES.SAVE]: handleSave,
  [TYPES.BIBTEX]: handleBibtex,
  [TYPES.EXPORT_BIB]: handleExportBib,
  [TYPES.SUBSCRIBE]: handleSubscribe,
  [TYPES.TEST_CONNECTION]: handleTestConnection,
};

async function dispatch(message, sender) {
  const kind = senderKind({
    senderId: sender && sender.id,
    ownId: chrome.runtime.id,
    url: sender && (sender.url || (sender.tab && sender.tab.url)),
    extensionBase: chrome.runtime.getURL(""),
  });
  if (!kind) return fail("messages are accepted from papershelf's own pages and huggingface.co/papers only");
  const problem = validateRequest(message);
  if (problem) return fail(problem);
  if (!allowedFrom(message.type, kind)) return fail(`${message.type} is not available to web pages`);
  try {
    return ok(await HANDLERS[message.type](message, sender));
  } catch (error) {
    return fail(error && error.message ? error.message : error);
  }
}

function onMessage(message, sender, sendResponse) {
  dispatch(message, sender).then(sendResponse);
  return true; // the reply is sent asynchronously
}

// A new install has no token yet: open the options page, where pairing happens.
async function onInstalled(details) {
  createMenu();
  if (details && details.reason === "install" && !(await getSettings()).token) {
    await chrome.runtime.openOptionsPage();
  }
}

chrome.runtime.onMessage.addListener(onMessage);
chrome.runtime.onInstalled.addListener(onInstalled);
chrome.contextMenus.onClicked.addListener(handleMenuClick);
chrome.commands.onCommand.addListener(handleCommand);

// The menu and shortcut handlers, for the worker's console and the browser tests: headless
// browsers show no context menu to click and deliver no extension shortcut.
globalThis.papershelf = Object.freeze({ handleMenuClick, handleCommand });
