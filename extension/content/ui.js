// The buttons papershelf adds to a page. Built with createElement/textContent only: page
// and server text never goes through innerHTML.

export const ACTIONS_CLASS = "papershelf-actions";
export const TOOLBAR_CLASS = "papershelf-toolbar";

function element(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(doc, kind, text, label) {
  const node = element(doc, "button", `papershelf-button papershelf-${kind}`, text);
  node.type = "button";
  node.setAttribute("aria-label", label);
  node.title = label;
  return node;
}

function shortTitle(title) {
  return title.length > 120 ? `${title.slice(0, 117)}...` : title;
}

// One card's Save and BibTeX buttons plus a live message line.
export function cardActions(doc, title) {
  const box = element(doc, "div", ACTIONS_CLASS);
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", `papershelf: ${shortTitle(title)}`);
  const save = button(doc, "save", "Save", `Save to library: ${shortTitle(title)}`);
  save.dataset.state = "idle";
  const bib = button(doc, "bibtex", "BibTeX", `Copy BibTeX: ${shortTitle(title)}`);
  const note = element(doc, "span", "papershelf-note");
  note.setAttribute("role", "status");
  note.setAttribute("aria-live", "polite");
  box.append(save, bib, note);
  return { box, save, bib, note };
}

const SAVE_STATES = {
  idle: { text: "Save", busy: false },
  saving: { text: "Saving…", busy: true },
  saved: { text: "Saved", busy: false },
  exists: { text: "Already in library", busy: false },
  known: { text: "In library", busy: false }, // saved before this page load
  error: { text: "Retry save", busy: false },
  uncertain: { text: "Save anyway", busy: false }, // may be in Zotero: the user decides
};
const EXPLAINED = new Set(["error", "uncertain"]); // states whose message the note shows

// Sets a Save button's state; `message` (an error's reason, why a save is uncertain) goes to
// the card's note.
export function setSaveState(parts, state, message = "") {
  const spec = SAVE_STATES[state] || SAVE_STATES.idle;
  parts.save.dataset.state = state;
  parts.save.textContent = spec.text;
  parts.save.disabled = spec.busy;
  parts.save.setAttribute("aria-busy", String(spec.busy));
  parts.note.textContent = EXPLAINED.has(state) ? message : "";
  parts.note.dataset.kind = EXPLAINED.has(state) ? state : "";
}

export function setNote(parts, text, kind = "") {
  parts.note.textContent = text;
  parts.note.dataset.kind = kind;
}

// The page toolbar: Save all, Download .bib, Subscribe and a progress line.
export function toolbar(doc) {
  const box = element(doc, "div", TOOLBAR_CLASS);
  box.setAttribute("role", "toolbar");
  box.setAttribute("aria-label", "papershelf");
  const name = element(doc, "span", "papershelf-name", "papershelf");
  const saveAll = button(doc, "save-all", "Save all", "Save every paper on this page to the library");
  const bib = button(doc, "download-bib", "Download .bib", "Download this page's papers as BibTeX");
  const subscribe = button(doc, "subscribe", "Subscribe", "Open the papershelf feed for this view");
  const progress = element(doc, "span", "papershelf-progress");
  progress.setAttribute("role", "status");
  progress.setAttribute("aria-live", "polite");
  box.append(name, saveAll, bib, subscribe, progress);
  return { box, saveAll, bib, subscribe, progress };
}

// Hands text to the user as a file download.
export function downloadText(doc, filename, text, type = "application/x-bibtex") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = element(doc, "a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// navigator.clipboard needs the click's user activation, which the round trip keeps;
// the textarea route is the fallback for browsers that refuse it.
export async function copyText(doc, text) {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through
  }
  const area = element(doc, "textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  doc.body.append(area);
  area.select();
  const copied = doc.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("the browser refused to copy to the clipboard");
}
