// What every page papershelf works on shares: asking the worker, and one paper's Save and
// BibTeX buttons (on a papers card, a paper's page, an arXiv abstract page).
import { saveOutcome } from "../lib/failures.js";
import { TYPES } from "../lib/messages.js";
import * as ui from "./ui.js";

export async function send(message) {
  try {
    const reply = await chrome.runtime.sendMessage(message);
    return reply || { ok: false, error: "the papershelf extension did not answer: reload the page" };
  } catch {
    return { ok: false, error: "the papershelf extension was updated or removed: reload this page" };
  }
}

export function guard(handler) {
  return (event) => {
    event.preventDefault(); // the card may sit inside a link: stay on the page
    event.stopPropagation();
    handler();
  };
}

// Save and BibTeX buttons for `paper`, after `placeAfter` or at the end of `anchor`. The
// caller themes the new boxes (theme.applyTheme) once a batch is in: reading styles between
// insertions would make the browser recompute them each time.
export function attachActions(doc, anchor, paper, placeAfter = null) {
  const parts = ui.cardActions(doc, paper.title);
  const entry = { paper, parts };
  parts.save.addEventListener("click", guard(() => saveOne(entry)));
  parts.bib.addEventListener("click", guard(() => copyBibtex(doc, entry)));
  if (placeAfter) placeAfter.after(parts.box);
  else anchor.append(parts.box);
  return entry;
}

// Saves the entry's paper; the button and note show how it went. Returns the outcome.
export async function saveOne(entry) {
  ui.setSaveState(entry.parts, "saving");
  const reply = await send({ type: TYPES.SAVE, papers: [entry.paper] });
  const outcome = reply.ok ? saveOutcome(reply.data.items[0]) : { state: "error", message: reply.error };
  ui.setSaveState(entry.parts, outcome.state, outcome.message);
  return outcome;
}

export async function copyBibtex(doc, entry) {
  entry.parts.bib.disabled = true;
  ui.setNote(entry.parts, "Copying BibTeX…");
  const reply = await send({ type: TYPES.BIBTEX, paper: entry.paper });
  try {
    if (!reply.ok) throw new Error(reply.error);
    await ui.copyText(doc, reply.data.bibtex);
    ui.setNote(entry.parts, "BibTeX copied", "done");
  } catch (error) {
    ui.setNote(entry.parts, error.message, "error");
  } finally {
    entry.parts.bib.disabled = false;
  }
}
