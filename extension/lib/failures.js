// What a user reads when a call to papershelf fails. Pure, so the wording is tested once.

export const SERVER_DOWN = "papershelf is not running: start it with `papershelf serve`";
export const BAD_TOKEN = "wrong or missing token: pair in the extension options";

// `status` is the HTTP status (0 when no reply came), `body` the parsed JSON reply or null.
export function failureMessage(status, body = null) {
  if (!status) return SERVER_DOWN;
  if (status === 401) return BAD_TOKEN;
  const said = body && typeof body === "object" && typeof body.message === "string" ? body.message : "";
  if (status === 403) return said || "papershelf refused the request (403)";
  if (status === 404) return said || "not found on the papershelf server (404)";
  return said || `papershelf answered HTTP ${status}`;
}

// A per-item result of POST /api/library/items -> the button's label and whether it is done.
// "uncertain" (the Zotero app may or may not have the paper: its reply was lost and its local
// API is off) keeps the server's message, and the button offers "Save anyway" (force).
export function saveOutcome(item) {
  if (!item || typeof item !== "object") return { state: "error", message: "no answer for this paper" };
  if (item.status === "saved") return { state: "saved", message: "Saved" };
  if (item.status === "exists") return { state: "exists", message: "Already in library" };
  const said = typeof item.message === "string" && item.message ? item.message : "";
  if (item.status === "uncertain") {
    return { state: "uncertain", message: said || "not confirmed: check Zotero, then Save anyway" };
  }
  return { state: "error", message: said || "saving failed" };
}
