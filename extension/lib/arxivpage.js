// What an arXiv abstract page says about its paper, as partial Paper JSON. Pure: the content
// script reads the page (content/arxiv.js) and hands plain values here.
//
// arXiv's abstract page (arXiv/arxiv-browse, browse/templates/abs/abs.html and
// browse/formatting/metatags.py) carries Google Scholar tags in <head> (citation_title, one
// citation_author "Surname, Given" per author, citation_date "YYYY/MM/DD" of v1,
// citation_arxiv_id, citation_abstract) and shows h1.title, div.authors links ("Given
// Surname"), blockquote.abstract, and td.subjects with span.primary-subject. Each visible
// field starts with a span.descriptor ("Title:", "Authors:", "Abstract:").
import { cleanText, isArxivId, stripVersion } from "./cards.js";

const DESCRIPTOR = /^(?:Title|Authors?|Abstract):\s*/i;
const CATEGORY = /\(([a-z][a-z-]*(?:\.[A-Za-z-]+)?)\)/g;

function withoutDescriptor(text) {
  return cleanText(text).replace(DESCRIPTOR, "");
}

// "Tauman Kalai, Adam" -> "Adam Tauman Kalai"; a name without a comma stays as it is.
export function displayName(citationAuthor) {
  const name = cleanText(citationAuthor);
  const comma = name.indexOf(", ");
  return comma > 0 ? `${name.slice(comma + 2)} ${name.slice(0, comma)}` : name;
}

// "2025/09/04" -> "2025-09-04"; anything else -> null.
export function citationDay(text) {
  const match = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(cleanText(text));
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

// "Computation and Language (cs.CL); Machine Learning (cs.LG)" -> ["cs.CL", "cs.LG"].
export function categoriesFrom(text) {
  return [...cleanText(text).matchAll(CATEGORY)].map((m) => m[1]);
}

// `meta`: {title, authors: [], date, arxivId, abstract} from the citation_* tags;
// `shown`: {title, authors: [], abstract, primarySubject, subjects} from the visible page;
// `urlId`: the id in the page's URL. Null when no title or no arXiv id can be found.
export function paperFromArxivPage({ meta = {}, shown = {}, urlId = null } = {}) {
  const title = withoutDescriptor(shown.title) || cleanText(meta.title);
  const rawId = [meta.arxivId, urlId].map(cleanText).find((id) => isArxivId(id));
  if (!title || !rawId) return null;
  const out = { arxiv_id: stripVersion(rawId), title };
  const shownAuthors = (shown.authors || []).map(cleanText).filter(Boolean);
  const authors = shownAuthors.length ? shownAuthors : (meta.authors || []).map(displayName).filter(Boolean);
  if (authors.length) out.authors = authors;
  const abstract = withoutDescriptor(shown.abstract) || cleanText(meta.abstract);
  if (abstract) out.abstract = abstract;
  const published = citationDay(meta.date);
  if (published) out.published = published;
  const primary = categoriesFrom(shown.primarySubject)[0];
  const categories = categoriesFrom(shown.subjects);
  if (primary) out.primary_category = primary;
  if (categories.length) out.categories = categories;
  return out;
}
