// Open the papershelf feed that matches the page's view (search query or date range).
import { feedUrl, viewFilter } from "../lib/urls.js";
import { serverUrl } from "./api.js";

export async function handleSubscribe({ pageUrl }, sender) {
  const url = feedUrl(await serverUrl(), viewFilter(pageUrl));
  const opener = sender && sender.tab ? { index: sender.tab.index + 1, openerTabId: sender.tab.id } : {};
  await chrome.tabs.create({ url, ...opener });
  return { url };
}
