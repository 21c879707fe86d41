// "Save paper to papershelf" on any link to a paper: huggingface.co/papers/<id> or an arXiv
// abstract or PDF (any version), wherever the link is (a blog, a README, a model card).
import { PAPER_LINK_PATTERNS, paperIdFromUrl } from "../lib/paperlinks.js";
import { notify } from "./notify.js";
import { saveById } from "./quicksave.js";

export const SAVE_LINK_MENU = "papershelf-save-link";

export function createMenu() {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({
      id: SAVE_LINK_MENU,
      title: "Save paper to papershelf",
      contexts: ["link"],
      targetUrlPatterns: [...PAPER_LINK_PATTERNS],
    });
  });
}

export async function handleMenuClick(info) {
  if (!info || info.menuItemId !== SAVE_LINK_MENU) return null;
  const id = paperIdFromUrl(info.linkUrl);
  if (!id) {
    await notify("papershelf could not save this link", `Not a paper link: ${String(info.linkUrl).slice(0, 200)}`);
    return null;
  }
  return saveById(id);
}
