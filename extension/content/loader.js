// Content scripts cannot be ES modules, so this classic script imports the real one.
// The module files are web_accessible_resources for https://huggingface.co only.
(async () => {
  try {
    const main = await import(chrome.runtime.getURL("content/main.js"));
    main.start(document);
  } catch (error) {
    // The page keeps working without us; say why once, for whoever debugs it.
    console.warn("papershelf: the extension could not start on this page", error);
  }
})();
