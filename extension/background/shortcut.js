// The keyboard shortcut (manifest "commands"): save the paper of the current tab. A page with
// papershelf's buttons (a Hugging Face paper page, an arXiv abstract) saves through them, so
// the button shows the outcome; any other paper URL (an arXiv PDF) is saved by its id.
import { TYPES } from "../lib/messages.js";
import { paperIdFromUrl } from "../lib/paperlinks.js";
import { notify } from "./notify.js";
import { saveById } from "./quicksave.js";

export const SAVE_PAGE_COMMAND = "save-page-paper";

async function askContentScript(tabId) {
  try {
    const reply = await chrome.tabs.sendMessage(tabId, { type: TYPES.SAVE_PAGE_PAPER });
    return reply && reply.ok ? reply.data : null;
  } catch {
    return null; // no content script on this page (a PDF, another site)
  }
}

export async function handleCommand(command, tab) {
  if (command !== SAVE_PAGE_COMMAND || !tab) return null;
  const onPage = tab.id === undefined ? null : await askContentScript(tab.id);
  if (onPage && onPage.handled) return { via: "page", ...onPage };
  const id = paperIdFromUrl(tab.url);
  if (!id) {
    await notify(
      "No paper on this page",
      "The shortcut saves the paper of a Hugging Face paper page or an arXiv abstract or PDF.",
    );
    return null;
  }
  return { via: "id", ...(await saveById(id)) };
}
