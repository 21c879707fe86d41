// Keeps papershelf's buttons light or dark like the page behind them (lib/theme.js decides),
// and follows the page when it switches: a class or style change on <html> or <body>, or the
// OS preference changing.
import { parseRgb, themeFor } from "../lib/theme.js";
import { ACTIONS_CLASS, TOOLBAR_CLASS } from "./ui.js";

const DARK_QUERY = "(prefers-color-scheme: dark)";
const converted = new Map(); // colour syntaxes computed styles may keep (oklch, color()) -> rgb

// Any CSS colour as {r, g, b, a}, through a 1x1 canvas when it is not plain rgb().
function colour(doc, text) {
  const rgb = parseRgb(text);
  if (rgb || !text) return rgb;
  if (!converted.has(text)) {
    const canvas = doc.createElement("canvas");
    canvas.width = 1;
    canvas.height = 1;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.fillStyle = text;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
    converted.set(text, { r, g, b, a: a / 255 });
  }
  return converted.get(text);
}

function isDarkMarked(node) {
  return Boolean(node) && (node.classList.contains("dark") || node.dataset.theme === "dark");
}

// The backgrounds from `element` outwards, up to the first one that is mostly opaque.
function backgroundsBehind(doc, element) {
  const view = doc.defaultView;
  const out = [];
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const parsed = colour(doc, view.getComputedStyle(node).backgroundColor);
    out.push(parsed);
    if (parsed && parsed.a >= 0.5) break;
  }
  return out;
}

function canvasFacts(doc) {
  const view = doc.defaultView;
  return {
    darkClass: isDarkMarked(doc.documentElement) || isDarkMarked(doc.body),
    colorScheme: view.getComputedStyle(doc.documentElement).colorScheme || "",
    prefersDark: view.matchMedia(DARK_QUERY).matches,
  };
}

// Sets data-papershelf-theme on each box (default: every box of ours on the page).
export function applyTheme(doc, boxes = null) {
  const targets = boxes || doc.querySelectorAll(`.${ACTIONS_CLASS}, .${TOOLBAR_CLASS}`);
  if (!targets.length) return;
  const canvas = canvasFacts(doc);
  for (const box of targets) {
    const theme = themeFor(backgroundsBehind(doc, box.parentElement), canvas);
    if (box.dataset.papershelfTheme !== theme) box.dataset.papershelfTheme = theme;
  }
}

export function watchTheme(doc) {
  let timer = null;
  const update = () => {
    applyTheme(doc);
    // Pages fade between themes: look again once a transition would be over.
    clearTimeout(timer);
    timer = setTimeout(() => applyTheme(doc), 400);
  };
  const attributes = ["class", "style", "data-theme"];
  const observer = new MutationObserver(update);
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: attributes });
  if (doc.body) observer.observe(doc.body, { attributes: true, attributeFilter: attributes });
  doc.defaultView.matchMedia(DARK_QUERY).addEventListener("change", update);
}
