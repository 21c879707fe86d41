// The extension's settings, always read with defaults (nothing is stored until the user
// saves the options page).
import { DEFAULT_SERVER_URL, normaliseServerUrl } from "../lib/urls.js";

export const DEFAULTS = Object.freeze({ serverUrl: DEFAULT_SERVER_URL, token: "" });

export async function getSettings() {
  const stored = await chrome.storage.local.get(DEFAULTS);
  return {
    serverUrl: normaliseServerUrl(stored.serverUrl) || DEFAULT_SERVER_URL,
    token: typeof stored.token === "string" ? stored.token.trim() : "",
  };
}
