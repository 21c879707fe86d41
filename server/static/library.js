// The papers page's calls to its own server: save to Zotero and fetch BibTeX. The page
// proves it is the page with its token (a <meta>) and its SameSite=Strict cookie; see
// server/routes/page_session.py.

export const BATCH = 50; // papers per save request, as the extension sends them

const TOKEN_HEADER = "X-Papershelf-Page";

// A per-paper answer of POST /api/library/items -> what the page shows.
// state: saved | exists | uncertain | error; `label` goes on the button, `message` in the note.
export function outcomeOf(item) {
  if (!item || typeof item !== "object") {
    return { state: "error", label: "Retry save", message: "no answer for this paper" };
  }
  const said = typeof item.message === "string" ? item.message : "";
  if (item.status === "saved") return { state: "saved", label: "Saved", message: "" };
  if (item.status === "exists") return { state: "exists", label: "Already in Zotero", message: "" };
  if (item.status === "uncertain") {
    return { state: "uncertain", label: "Save anyway", message: said || "not confirmed: check Zotero" };
  }
  return { state: "error", label: "Retry save", message: said || "saving failed" };
}

// What went wrong with a whole request, in a sentence.
async function failure(response) {
  let said = "";
  try {
    said = (await response.json()).message || "";
  } catch {
    said = "";
  }
  return said || `papershelf answered HTTP ${response.status}`;
}

// Saves papers by id; `force` re-sends papers whose earlier save was left uncertain.
// Resolves to one answer per id, in order; throws an Error whose message says why not.
export async function saveIds(token, ids, force = false) {
  let response;
  try {
    response = await fetch("/api/library/items", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", [TOKEN_HEADER]: token },
      body: JSON.stringify(force ? { ids, force: true } : { ids }),
    });
  } catch {
    throw new Error("papershelf is not answering: is `papershelf serve` still running?");
  }
  if (!response.ok) throw new Error(await failure(response));
  const items = (await response.json()).items;
  return ids.map((_, n) => (Array.isArray(items) ? items[n] : null));
}

export async function bibtexAt(url) {
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin" });
  } catch {
    throw new Error("papershelf is not answering: is `papershelf serve` still running?");
  }
  if (!response.ok) throw new Error(await failure(response));
  return response.text();
}

export function batches(items, size = BATCH) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
