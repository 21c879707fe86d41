// Options: server URL, pairing token, and a connection test run by the service worker.
import { TYPES } from "../lib/messages.js";
import { DEFAULT_SERVER_URL, normaliseServerUrl, originPattern } from "../lib/urls.js";

const form = document.getElementById("settings");
const serverInput = document.getElementById("server-url");
const tokenInput = document.getElementById("token");
const result = document.getElementById("result");
const target = document.getElementById("target");

function show(text, kind) {
  result.textContent = text;
  result.dataset.kind = kind;
}

async function load() {
  const stored = await chrome.storage.local.get({ serverUrl: DEFAULT_SERVER_URL, token: "" });
  serverInput.value = stored.serverUrl;
  tokenInput.value = stored.token;
}

// Hosts in the manifest's host_permissions need no prompt; any other asks the user, and
// the request must start inside the click, before anything is awaited.
function permissionFor(serverUrl) {
  const pattern = originPattern(serverUrl);
  const granted = chrome.runtime.getManifest().host_permissions || [];
  if (granted.includes(pattern)) return Promise.resolve(true);
  return chrome.permissions.request({ origins: [pattern] });
}

async function save() {
  const serverUrl = normaliseServerUrl(serverInput.value || DEFAULT_SERVER_URL);
  if (!serverUrl) {
    show("The server URL must look like http://127.0.0.1:5000", "error");
    return false;
  }
  const allowed = await permissionFor(serverUrl);
  if (!allowed) {
    show(`Not saved: the extension needs permission to reach ${new URL(serverUrl).host}`, "error");
    return false;
  }
  await chrome.storage.local.set({ serverUrl, token: tokenInput.value.trim() });
  serverInput.value = serverUrl;
  show("Saved", "ok");
  return true;
}

async function testConnection() {
  if (!(await save())) return;
  show("Testing…", "");
  const reply = await chrome.runtime.sendMessage({ type: TYPES.TEST_CONNECTION });
  if (!reply || !reply.ok) {
    show(reply ? reply.error : "the extension's worker did not answer", "error");
    return;
  }
  const { version, papers, target: zotero } = reply.data;
  show(`Connected to papershelf ${version}: ${papers} papers, token accepted.`, "ok");
  const where = zotero.collection ? `${zotero.library}, collection ${zotero.collection}` : zotero.library;
  target.textContent = zotero.configured
    ? `Zotero ${zotero.target}: ${where}`
    : `Zotero ${zotero.target}: not configured on the server yet`;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  save();
});
document.getElementById("test").addEventListener("click", testConnection);
load();
