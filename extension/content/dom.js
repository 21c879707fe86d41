// Reading a Hugging Face papers page. Relies on what is stable (see formats.md): the
// embedded data-props JSON, <article> cards, the h3 title link to /papers/<id>, and the
// upvote count in div.leading-none; never on utility classes.
import { arxivIdFromHref, paperFromCardFields, parseProps } from "../lib/cards.js";

const LIST_PROPS = 'div.SVELTE_HYDRATER[data-target="DailyPapers"]';
const PAPER_PROPS = '[data-target="PaperContent"]';
const TITLE_LINK = 'h3 a[href^="/papers/"], h3 a[href^="https://huggingface.co/papers/"]';

export function listPropsElement(doc) {
  return doc.querySelector(LIST_PROPS);
}

export function paperContentElement(doc) {
  return doc.querySelector(PAPER_PROPS);
}

// Parsed props of the list or the paper page, re-parsed only when the attribute changes.
let lastText = null;
let lastProps = null;
export function pageProps(doc) {
  const element = listPropsElement(doc) || paperContentElement(doc);
  const text = element ? element.getAttribute("data-props") : null;
  if (text !== lastText) {
    lastText = text;
    lastProps = parseProps(text);
  }
  return lastProps;
}

export function cardElements(root) {
  return Array.from(root.querySelectorAll("article"));
}

export function titleLink(card) {
  return card.querySelector(TITLE_LINK);
}

// The card's DOM facts as a partial paper (null for an <article> that is not a paper card).
export function paperFromCard(card) {
  const link = titleLink(card);
  if (!link) return null;
  const upvotes = card.querySelector("div.leading-none");
  return paperFromCardFields({
    href: link.getAttribute("href"),
    title: link.textContent,
    upvotes: upvotes ? upvotes.textContent : "",
    text: textBesideTitle(card, link),
  });
}

// The card's text without its title (a title may itself say "2 authors").
function textBesideTitle(card, link) {
  const heading = link.closest("h3") || link;
  return (card.textContent || "").replace(heading.textContent || "", " ");
}

// Where a single paper page's buttons go: after its title. Null on any other page.
export function paperPageTitle(doc) {
  const content = paperContentElement(doc);
  if (content) return content.querySelector("h1");
  return arxivIdFromHref(doc.location.pathname) ? doc.querySelector("main h1") : null;
}
