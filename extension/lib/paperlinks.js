// Which paper a URL points at: a Hugging Face paper page or an arXiv abstract or PDF, with or
// without a version. Pure; the context menu, the shortcut and the arXiv page use it.
import { isArxivId, stripVersion } from "./cards.js";

// What the context menu offers itself on (Chrome and Firefox match patterns: the host may
// not carry a port or a wildcard after a dot).
export const PAPER_LINK_PATTERNS = Object.freeze([
  "https://huggingface.co/papers/*",
  "*://arxiv.org/abs/*",
  "*://arxiv.org/pdf/*",
  "*://www.arxiv.org/abs/*",
  "*://www.arxiv.org/pdf/*",
]);

const ARXIV_HOSTS = new Set(["arxiv.org", "www.arxiv.org", "export.arxiv.org"]);

function parse(url) {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// "https://arxiv.org/pdf/2509.04664v2" -> "2509.04664"; null for anything that is not a
// paper's page. Old-style ids keep their archive ("hep-th/9901001").
export function paperIdFromUrl(url) {
  const parts = parse(url);
  if (!parts || !["http:", "https:"].includes(parts.protocol)) return null;
  const path = decoded(parts.pathname).replace(/\/+$/, "");
  let match = null;
  if (parts.hostname === "huggingface.co" && parts.protocol === "https:") {
    match = /^\/papers\/(.+)$/.exec(path);
  } else if (ARXIV_HOSTS.has(parts.hostname)) {
    match = /^\/(?:abs|pdf)\/(.+?)(?:\.pdf)?$/.exec(path);
  }
  const id = match ? match[1] : null;
  return id && isArxivId(id) ? stripVersion(id) : null;
}

// An arXiv abstract page (where the content script adds its buttons).
export function isArxivAbstractUrl(url) {
  const parts = parse(url);
  return Boolean(
    parts &&
      parts.protocol === "https:" &&
      ARXIV_HOSTS.has(parts.hostname) &&
      parts.pathname.startsWith("/abs/") &&
      paperIdFromUrl(url),
  );
}
