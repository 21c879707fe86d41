// URLs: which filter a Hugging Face papers view stands for, and the papershelf URLs for it.
// Pure functions; the worker and the options page import them, node --test too.

export const DEFAULT_SERVER_URL = "http://127.0.0.1:5000";

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

function pad(n) {
  return String(n).padStart(2, "0");
}

function isoDate(d) {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function validDay(text) {
  if (!DAY_RE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoDate(d) === text;
}

// "2025-W52" -> {since: Monday, until: Sunday} of that ISO week; null when malformed.
export function isoWeekRange(text) {
  const match = /^(\d{4})-W(\d{2})$/.exec(text || "");
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > 53) return null;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const isoDay = jan4.getUTCDay() || 7; // Monday 1 .. Sunday 7
  const monday = new Date(jan4.getTime() + ((week - 1) * 7 - (isoDay - 1)) * 86400000);
  const sunday = new Date(monday.getTime() + 6 * 86400000);
  return { since: isoDate(monday), until: isoDate(sunday) };
}

// "2025-02" -> {since: "2025-02-01", until: "2025-02-28"}; null when malformed.
export function monthRange(text) {
  const match = /^(\d{4})-(\d{2})$/.exec(text || "");
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  const last = new Date(Date.UTC(year, month, 0)); // day 0 of next month
  return { since: `${match[1]}-${match[2]}-01`, until: isoDate(last) };
}

// The papershelf filter a papers page shows: {q} for a search, {since, until} for a date,
// week or month page, {} for the latest list, trending and anything unknown.
export function viewFilter(pageUrl) {
  let url;
  try {
    url = new URL(pageUrl);
  } catch {
    return {};
  }
  const params = url.searchParams;
  const q = (params.get("q") || "").trim();
  if (q) return { q };
  const path = url.pathname.replace(/\/+$/, "");
  let match = /^\/papers\/date\/(\d{4}-\d{2}-\d{2})$/.exec(path);
  const day = match ? match[1] : params.get("date");
  if (day && validDay(day)) return { since: day, until: day };
  match = /^\/papers\/week\/(\d{4}-W\d{2})$/.exec(path);
  const week = isoWeekRange(match ? match[1] : params.get("week"));
  if (week) return week;
  match = /^\/papers\/month\/(\d{4}-\d{2})$/.exec(path);
  const month = monthRange(match ? match[1] : params.get("month"));
  if (month) return month;
  return {};
}

// "http://127.0.0.1:5000/" -> "http://127.0.0.1:5000"; null for anything but http(s).
export function normaliseServerUrl(text) {
  let url;
  try {
    url = new URL(String(text || "").trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

// The host-permission pattern that lets the worker reach `serverUrl` (ports are not part
// of match patterns: "http://127.0.0.1/*" covers every port on that host).
export function originPattern(serverUrl) {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

function withQuery(base, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const text = query.toString();
  return text ? `${base}?${text}` : base;
}

export function feedUrl(serverUrl, filter = {}, format = "rss") {
  const ext = { rss: "rss", atom: "atom", json: "json" }[format] || "rss";
  return withQuery(`${serverUrl}/feeds/papers.${ext}`, filter);
}

// Paths on the papershelf server (the worker's `call` puts the server URL in front).
export function exportPath(ids, format = "bibtex") {
  return withQuery("/api/export", { format, ids: ids.join(",") });
}

export function paperPath(id) {
  return `/api/papers/${id.split("/").map(encodeURIComponent).join("/")}`;
}

export function paperBibPath(id) {
  return `${paperPath(id)}.bib`;
}

export function statusPath(ids) {
  return withQuery("/api/library/status", { ids: ids.join(",") });
}

// The filename from a Content-Disposition header, or `fallback`.
export function attachmentFilename(header, fallback = "papershelf.bib") {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header || "");
  const name = match ? decodeURIComponentSafe(match[1]).replace(/[\\/]/g, "_").trim() : "";
  return name || fallback;
}

function decodeURIComponentSafe(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
