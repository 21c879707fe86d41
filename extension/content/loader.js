// Content scripts cannot be ES modules, so this classic script imports the real one.
// The module files are web_accessible_resources for huggingface.co and arxiv.org only.
//
// Every module of the content script is requested at once: importing main.js alone would
// discover its imports one level at a time, a round trip per level before the first
// button appears. tests/extension/loader.test.mjs keeps this list equal to main.js's
// import graph.
const MODULES = [
  "content/main.js",
  "content/actions.js",
  "content/arxiv.js",
  "content/dom.js",
  "content/papers.js",
  "content/theme.js",
  "content/ui.js",
  "lib/arxivpage.js",
  "lib/cards.js",
  "lib/failures.js",
  "lib/messages.js",
  "lib/paperlinks.js",
  "lib/theme.js",
];

(async () => {
  try {
    const [main] = await Promise.all(MODULES.map((path) => import(chrome.runtime.getURL(path))));
    main.start(document);
  } catch (error) {
    // The page keeps working without us; say why once, for whoever debugs it.
    console.warn("papershelf: the extension could not start on this page", error);
  }
})();
