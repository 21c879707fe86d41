// Card data: Hugging Face page shapes in, partial Paper JSON (see the API contract) out.
// Pure functions only: the content script reads the DOM and hands plain values here, so
// `node --test` exercises the same code the browser runs.

// New-style (2306.10426, optionally versioned) and old-style (cs/0112017) arXiv ids.
const ARXIV_ID_RE = /^(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*\/\d{7})(?:v\d+)?$/i;

export function isArxivId(value) {
  return typeof value === "string" && ARXIV_ID_RE.test(value);
}

export function stripVersion(arxivId) {
  return arxivId.replace(/v\d+$/, "");
}

// "/papers/2509.04664#community" or an absolute URL -> "2509.04664"; null when the link
// is not a paper link (e.g. "/papers/date/2025-01-02" or "/papers?q=x").
export function arxivIdFromHref(href) {
  if (typeof href !== "string") return null;
  const path = href.replace(/^https?:\/\/[^/]+/i, "").split(/[?#]/)[0];
  const match = /^\/papers\/(.+?)\/?$/.exec(path);
  if (!match) return null;
  const id = decodeURIComponentSafe(match[1]);
  return isArxivId(id) ? stripVersion(id) : null;
}

function decodeURIComponentSafe(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function cleanText(text) {
  return typeof text === "string" ? text.replace(/\s+/g, " ").trim() : "";
}

// "26" -> 26, "1.2k" -> 1200, "-" or "" -> null.
export function parseUpvotes(text) {
  const match = /^(\d+(?:\.\d+)?)\s*([kK])?$/.exec(cleanText(text));
  if (!match) return null;
  const value = Number(match[1]) * (match[2] ? 1000 : 1);
  return Math.round(value);
}

// "2025-09-04T21:26:31.000Z" -> "2025-09-04"; anything else -> null.
export function isoDay(value) {
  if (typeof value !== "string") return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match ? match[1] : null;
}

// The flat `paper` object of the HF API (and of a paper page's props).
export function paperFromApiPaper(paper, featured = null) {
  if (!paper || typeof paper !== "object") return null;
  const title = cleanText(paper.title);
  if (!title) return null;
  const arxivId = isArxivId(paper.id) ? stripVersion(paper.id) : null;
  const out = { title };
  if (arxivId) out.arxiv_id = arxivId;
  const authors = (Array.isArray(paper.authors) ? paper.authors : [])
    .map((a) => cleanText(a && typeof a === "object" ? a.name : a))
    .filter(Boolean);
  if (authors.length) out.authors = authors;
  const abstract = cleanText(paper.summary);
  if (abstract) out.abstract = abstract;
  const published = isoDay(paper.publishedAt);
  if (published) out.published = published;
  const day = featured || isoDay(paper.submittedOnDailyAt);
  if (day) out.featured = day;
  if (Number.isInteger(paper.upvotes)) out.upvotes = paper.upvotes;
  const keywords = (Array.isArray(paper.ai_keywords) ? paper.ai_keywords : [])
    .map(cleanText)
    .filter(Boolean);
  if (keywords.length) out.keywords = keywords;
  const code = typeof paper.githubRepo === "string" && paper.githubRepo ? [paper.githubRepo] : [];
  const project =
    typeof paper.projectPage === "string" && paper.projectPage ? [paper.projectPage] : [];
  if (code.length || project.length) out.links = { code, project };
  return out;
}

// One item of `dailyPapers` or `searchResults`: {paper, publishedAt, title, numComments, ...}.
export function paperFromApiItem(item) {
  if (!item || typeof item !== "object") return null;
  const inner = item.paper && typeof item.paper === "object" ? item.paper : {};
  const merged = { ...inner, title: inner.title || item.title, summary: inner.summary || item.summary };
  const out = paperFromApiPaper(merged, isoDay(item.publishedAt));
  if (out && Number.isInteger(item.numComments)) out.comments = item.numComments;
  return out;
}

// The papers in a page's embedded props (`DailyPapers` or `PaperContent`), in page order.
export function papersFromProps(props) {
  if (!props || typeof props !== "object") return [];
  if (props.paper && typeof props.paper === "object") {
    const one = paperFromApiPaper(props.paper);
    return one ? [one] : [];
  }
  const items = Array.isArray(props.searchResults)
    ? props.searchResults
    : Array.isArray(props.dailyPapers)
      ? props.dailyPapers
      : [];
  return items.map(paperFromApiItem).filter(Boolean);
}

// data-props text -> object, or null when it is missing or not JSON (never throws).
export function parseProps(text) {
  if (typeof text !== "string" || !text) return null;
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}

// "23 authors" in a card's text (not its title) -> 23; null when the card does not say.
export function parseAuthorCount(text) {
  const match = /(?:^|[^\w])(\d{1,6})\s+authors?(?![\w])/.exec(String(text || ""));
  return match ? Number(match[1]) : null;
}

// What the DOM of one card says: its title link's href and text, its upvote count text, and
// the rest of its text (where it says how many authors the paper has).
export function paperFromCardFields({ href, title, upvotes, text } = {}) {
  const cleanTitle = cleanText(title);
  if (!cleanTitle) return null;
  const out = { title: cleanTitle };
  const arxivId = arxivIdFromHref(href);
  if (arxivId) out.arxiv_id = arxivId;
  const count = parseUpvotes(upvotes);
  if (count !== null) out.upvotes = count;
  const authors = parseAuthorCount(text);
  if (authors !== null) out.author_count = authors;
  return out;
}

// The embedded JSON knows more than the card; the card is the fallback. A listing's JSON
// names only the first authors: the card's count is what tells the server the list is partial.
export function mergeCardPaper(fromDom, fromJson) {
  if (!fromJson) return fromDom;
  if (!fromDom) return fromJson;
  const out = { ...fromDom, ...fromJson };
  for (const field of ["upvotes", "author_count"]) {
    if (fromJson[field] === undefined && fromDom[field] !== undefined) out[field] = fromDom[field];
  }
  return out;
}

// The id the server stores a paper under (the arXiv id), or null when the card has none.
export function paperKey(paper) {
  return paper && paper.arxiv_id ? paper.arxiv_id : null;
}

export function indexByArxivId(papers) {
  const map = new Map();
  for (const paper of papers) {
    if (paper.arxiv_id && !map.has(paper.arxiv_id)) map.set(paper.arxiv_id, paper);
  }
  return map;
}
