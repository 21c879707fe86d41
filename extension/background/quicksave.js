// Saving a paper known only by its arXiv id (a right-clicked link, a PDF tab): the server
// looks up an id it has never stored (Hugging Face, then arXiv) before saving it. The
// outcome is shown as a notification naming the paper.
import { saveOutcome } from "../lib/failures.js";
import { paperPath } from "../lib/urls.js";
import { callJson } from "./api.js";
import { notify } from "./notify.js";

const HEADINGS = {
  saved: "Saved to papershelf",
  exists: "Already in your library",
  error: "papershelf could not save this paper",
};

async function titleOf(id) {
  try {
    return (await callJson(paperPath(id))).title || id;
  } catch {
    return id;
  }
}

export async function saveById(id) {
  let outcome;
  try {
    const reply = await callJson("/api/library/items", { method: "POST", json: { ids: [id] } });
    outcome = saveOutcome(Array.isArray(reply.items) ? reply.items[0] : null);
  } catch (error) {
    outcome = { state: "error", message: error.message };
  }
  const title = outcome.state === "error" ? id : await titleOf(id);
  const message = outcome.state === "error" ? `${id}: ${outcome.message}` : title;
  await notify(HEADINGS[outcome.state], message);
  return { id, title, ...outcome };
}
