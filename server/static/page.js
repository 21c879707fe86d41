// The papers page's buttons (templates/index.html): per paper Save to Zotero and Copy
// BibTeX, and Save selected. Without this script the page still lists, searches and links;
// the buttons stay hidden. Text from the server only ever goes in through textContent.
import { batches, bibtexAt, outcomeOf, saveIds } from "./library.js";

const token = document.querySelector('meta[name="papershelf-page-token"]').content;
const cards = [...document.querySelectorAll("article[data-paper-id]")].map((article) => ({
  id: article.dataset.paperId,
  save: article.querySelector(".save"),
  bib: article.querySelector(".copy-bibtex"),
  bibUrl: article.querySelector(".bibtex-link").href,
  note: article.querySelector(".note"),
  select: article.querySelector(".select"),
  actions: article.querySelector(".actions"),
}));
const bar = document.querySelector(".selection");

function setNote(card, text, kind = "") {
  card.note.textContent = text;
  card.note.dataset.kind = kind;
}

function showOutcome(card, outcome) {
  card.save.dataset.state = outcome.state;
  card.save.textContent = outcome.label;
  card.save.disabled = false;
  card.save.removeAttribute("aria-busy");
  setNote(card, outcome.message, outcome.message ? outcome.state : "");
}

function showSaving(card) {
  card.save.dataset.state = "saving";
  card.save.textContent = "Saving…";
  card.save.disabled = true;
  card.save.setAttribute("aria-busy", "true");
  setNote(card, "");
}

// One paper; a paper left uncertain is re-sent with force (the user said "Save anyway").
async function saveOne(card) {
  const force = card.save.dataset.state === "uncertain";
  showSaving(card);
  try {
    const [item] = await saveIds(token, [card.id], force);
    showOutcome(card, outcomeOf(item));
  } catch (error) {
    showOutcome(card, { state: "error", label: "Retry save", message: error.message });
  }
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // the textarea route below, for browsers that refuse
  }
  const area = document.createElement("textarea");
  area.className = "offscreen";
  area.value = text;
  area.setAttribute("readonly", "");
  document.body.append(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("the browser refused to copy to the clipboard");
}

async function copyBibtex(card) {
  card.bib.disabled = true;
  setNote(card, "Copying BibTeX…");
  try {
    await copyText(await bibtexAt(card.bibUrl));
    setNote(card, "BibTeX copied", "done");
  } catch (error) {
    setNote(card, error.message, "error");
  } finally {
    card.bib.disabled = false;
  }
}

function selected() {
  return cards.filter((card) => card.select.checked);
}

function updateSelection() {
  const count = selected().length;
  const saveSelected = bar.querySelector(".save-selected");
  saveSelected.disabled = count === 0;
  saveSelected.textContent = count ? `Save ${count} selected to Zotero` : "Save selected to Zotero";
  const all = bar.querySelector(".select-all");
  all.checked = count === cards.length;
  all.indeterminate = count > 0 && count < cards.length;
}

async function saveSelected() {
  const chosen = selected();
  const status = bar.querySelector(".selection-status");
  const button = bar.querySelector(".save-selected");
  const counts = { saved: 0, exists: 0, uncertain: 0, error: 0 };
  button.disabled = true;
  let done = 0;
  let stopped = "";
  status.textContent = `Saving 0 of ${chosen.length}…`;
  for (const batch of batches(chosen)) {
    batch.forEach(showSaving);
    try {
      const items = await saveIds(token, batch.map((card) => card.id));
      batch.forEach((card, n) => {
        const outcome = outcomeOf(items[n]);
        counts[outcome.state] += 1;
        showOutcome(card, outcome);
      });
    } catch (error) {
      batch.forEach((card) => showOutcome(card, { state: "error", label: "Retry save", message: error.message }));
      stopped = error.message;
      break;
    }
    done += batch.length;
    status.textContent = `Saving ${done} of ${chosen.length}…`;
  }
  const uncertain = counts.uncertain ? `, ${counts.uncertain} not confirmed (see Save anyway)` : "";
  status.textContent = stopped
    ? `Stopped after ${done} of ${chosen.length}: ${stopped}`
    : `${chosen.length} ${chosen.length === 1 ? "paper" : "papers"}: ${counts.saved} saved, ` +
      `${counts.exists} already in Zotero${uncertain}, ${counts.error} failed`;
  updateSelection();
}

for (const card of cards) {
  card.actions.hidden = false;
  card.select.hidden = false;
  card.save.addEventListener("click", () => saveOne(card));
  card.bib.addEventListener("click", () => copyBibtex(card));
  card.select.addEventListener("change", updateSelection);
}
if (bar) {
  bar.hidden = false;
  bar.querySelector(".select-all").addEventListener("change", (event) => {
    for (const card of cards) card.select.checked = event.target.checked;
    updateSelection();
  });
  bar.querySelector(".save-selected").addEventListener("click", saveSelected);
}
