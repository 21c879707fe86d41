// Light or dark buttons: decided by what the page really shows behind them, whatever way the
// page chose its theme (a class on <html> or <body>, or only prefers-color-scheme). Pure;
// content/theme.js reads the computed styles and hands them here.

// "rgb(1, 2, 3)", "rgba(1, 2, 3, 0.5)", "rgb(1 2 3 / 50%)" -> {r, g, b, a}; null otherwise
// (the caller converts other colour syntaxes through a canvas).
export function parseRgb(text) {
  const match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*([\d.]+)(%?))?\s*\)$/i.exec(
    String(text || "").trim(),
  );
  if (!match) return null;
  let a = match[4] === undefined ? 1 : Number(match[4]);
  if (match[5]) a /= 100;
  return { r: Number(match[1]), g: Number(match[2]), b: Number(match[3]), a };
}

// WCAG 2 relative luminance of an sRGB colour (0 black .. 1 white).
export function luminance({ r, g, b }) {
  const lin = [r, g, b].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

// WCAG contrast ratio of two colours (1 .. 21).
export function contrast(a, b) {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}

// Below this luminance white text contrasts more than black text: the surface is dark.
const DARK_BELOW = 0.179;

// A background is "seen" once it is mostly opaque; fainter tints let the one behind decide.
export function isOpaque(colour) {
  return Boolean(colour) && colour.a >= 0.5;
}

// `backgrounds`: the background colours from the element outwards (parsed, null where
// unknown); `canvas`: {dark class on html/body, the root's color-scheme, the OS preference}
// for when nothing is painted at all.
export function themeFor(backgrounds, { darkClass = false, colorScheme = "", prefersDark = false } = {}) {
  const painted = backgrounds.find(isOpaque);
  if (painted) return luminance(painted) < DARK_BELOW ? "dark" : "light";
  // Nothing painted: the browser's canvas shows, which is dark only when the page allows a
  // dark scheme and the OS asks for it (or the page marks itself dark).
  const schemes = String(colorScheme).split(/\s+/);
  if (darkClass) return "dark";
  if (schemes.includes("dark") && (prefersDark || !schemes.includes("light"))) return "dark";
  return "light";
}
