// The Firefox scenarios runner.mjs runs, one per pytest test (or a few), each in a fresh tab:
// what a user does, and what the page then shows. The pytest side checks the answers
// against the papershelf server and the Zotero double.
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

const SETTLED = 20000; // ms: the longest a click may take to show its outcome
let routes = null;

// URL -> [fixture file, content type], written by the pytest side (harness.fixture_routes).
async function loadRoutes(options) {
  if (!routes) routes = JSON.parse(await readFile(options.routes, "utf8"));
  return routes;
}

// A fresh tab whose huggingface.co / arxiv.org / blog requests are answered from the
// fixture pages, and whose console errors are recorded.
async function openTab(ctx, url) {
  const table = await loadRoutes(ctx.options);
  const page = await ctx.browser.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") ctx.consoleErrors.push(`console (${page.url()}): ${message.text()}`);
  });
  page.on("pageerror", (error) => ctx.consoleErrors.push(`page error (${page.url()}): ${error.message}`));
  await page.setRequestInterception(true);
  page.on("request", async (request) => {
    const found = table[request.url()];
    if (found) {
      const body = await readFile(found[0]);
      await request.respond({ status: 200, contentType: found[1], body });
    } else if (/^https:\/\/(huggingface\.co|arxiv\.org|blog\.example\.org)\//.test(request.url())) {
      await request.respond({ status: 404, contentType: "text/plain", body: "not a fixture page" });
    } else {
      await request.continue();
    }
  });
  await page.goto(url, { waitUntil: "load" });
  return page;
}

async function withTab(ctx, url, run) {
  const before = new Set(await ctx.browser.pages());
  const page = await openTab(ctx, url);
  try {
    return await run(page);
  } finally {
    for (const extra of await ctx.browser.pages()) {
      if (!before.has(extra)) await extra.close().catch(() => {});
    }
  }
}

// Runs `code` (a function's source) inside the extension, in its options tab.
async function asExtension(ctx, code, ...args) {
  return ctx.extensionPage.evaluate(code, ...args);
}

async function waitFor(page, fn, ...args) {
  return page.waitForFunction(fn, { timeout: SETTLED, polling: 50 }, ...args);
}

// The Save/BibTeX box of card `card` (an index into the page's <article>s), or the page's
// only box ("page": a single paper's page, an arXiv abstract).
function boxSelector(card) {
  return card === "page" ? ".papershelf-actions" : `article:nth-of-type(${card + 1}) .papershelf-actions`;
}

async function boxState(page, selector) {
  return page.$eval(selector, (box) => ({
    button: box.querySelector(".papershelf-save").textContent,
    note: box.querySelector(".papershelf-note").textContent,
  }));
}

async function cardCounts(page) {
  return page.evaluate(() => ({
    actions: document.querySelectorAll("article .papershelf-actions").length,
    perArticle: Array.from(document.querySelectorAll("article"), (a) => [
      a.querySelectorAll(".papershelf-save").length,
      a.querySelectorAll(".papershelf-bibtex").length,
    ]),
    toolbars: document.querySelectorAll(".papershelf-toolbar").length,
    buttons: document.querySelectorAll(".papershelf-button").length,
  }));
}

async function progressAfter(page, done) {
  await waitFor(page, (pattern) => {
    const text = document.querySelector(".papershelf-progress")?.textContent || "";
    return new RegExp(pattern).test(text);
  }, done);
  return page.$eval(".papershelf-progress", (node) => node.textContent);
}

async function newFile(directory, before) {
  const deadline = Date.now() + SETTLED;
  while (Date.now() < deadline) {
    for (const name of await readdir(directory)) {
      if (before.has(name) || name.endsWith(".part")) continue;
      const path = join(directory, name);
      const info = await stat(path);
      if (info.size > 0) return { name, text: await readFile(path, "utf8") };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no download appeared in ${directory}`);
}

// Pixels of a PNG, decoded by the page's own canvas: how many colours, and the commonest.
async function pixels(page, png) {
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.width;
    canvas.height = img.height;
    const context = canvas.getContext("2d");
    context.drawImage(img, 0, 0);
    const px = context.getImageData(0, 0, img.width, img.height).data;
    const counts = new Map();
    for (let i = 0; i < px.length; i += 4) {
      const key = `${px[i]},${px[i + 1]},${px[i + 2]}`;
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    return { distinct: counts.size, commonest: top.split(",").map(Number) };
  }, png);
}

export const SCENARIOS = {
  // The guard every other scenario relies on: errors logged by a page, a content script's
  // page and the extension's background page all reach `errors`.
  async consoleErrors(ctx, { url }) {
    return withTab(ctx, url, async (page) => {
      await page.waitForSelector(".papershelf-actions", { timeout: SETTLED });
      await page.evaluate(() => console.error("page says no"));
      await asExtension(ctx, async () => (await chrome.runtime.getBackgroundPage()).console.error("background says no"));
      await asExtension(ctx, () => {
        setTimeout(() => {
          throw new Error("extension page throws");
        }, 0);
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      return "logged";
    });
  },

  // What the options page stores, written as the extension (see runner.mjs).
  async pair(ctx, { serverUrl, token }) {
    await asExtension(ctx, (settings) => chrome.storage.local.set(settings), { serverUrl, token });
    return asExtension(ctx, () => chrome.storage.local.get(["serverUrl", "token"]));
  },

  // The installed add-on's own manifest (which package Firefox runs).
  async manifest(ctx) {
    return asExtension(ctx, () => chrome.runtime.getManifest());
  },

  // The context menu's listener, called in the background page with what Firefox passes it
  // (headless Firefox shows no menu to click); and whether the menu exists.
  async menuSave(ctx, { linkUrl }) {
    return asExtension(ctx, async (url) => {
      const background = await chrome.runtime.getBackgroundPage();
      const registered = await chrome.contextMenus.update("papershelf-save-link", {}).then(
        () => true,
        () => false,
      );
      const result = await background.papershelf.handleMenuClick({ menuItemId: "papershelf-save-link", linkUrl: url });
      return { registered, result };
    }, linkUrl);
  },

  // The shortcut's listener, called with the tab the page is in (headless Firefox delivers
  // no extension shortcut); the page's Save button then shows the outcome.
  async shortcut(ctx, { url }) {
    return withTab(ctx, url, async (page) => {
      await page.waitForSelector(".papershelf-save", { timeout: SETTLED });
      const result = await asExtension(ctx, async (pageUrl) => {
        const background = await chrome.runtime.getBackgroundPage();
        const [tab] = await chrome.tabs.query({ url: pageUrl });
        const commands = await chrome.commands.getAll();
        const saved = await background.papershelf.handleCommand("save-page-paper", tab);
        return { commands: commands.map((c) => [c.name, c.shortcut]), saved };
      }, url);
      return { ...result, button: await boxState(page, ".papershelf-actions") };
    });
  },

  // The options page's "Test connection" message, sent from the extension's own page.
  async testConnection(ctx) {
    return asExtension(ctx, () => chrome.runtime.sendMessage({ type: "testConnection" }));
  },

  // Buttons on every card exactly once, also after the page changes its DOM.
  async cards(ctx, { url, expected }) {
    return withTab(ctx, url, async (page) => {
      await waitFor(page, (n) => document.querySelectorAll("article .papershelf-actions").length === n, expected);
      const first = await cardCounts(page);
      await page.evaluate(() => document.body.append(document.createElement("div")));
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { first, after: await cardCounts(page) };
    });
  },

  // Click a card's Save button `clicks` times; what the button and note said each time.
  async save(ctx, { url, card = 0, clicks = 1 }) {
    return withTab(ctx, url, async (page) => {
      const selector = boxSelector(card);
      await page.waitForSelector(selector, { timeout: SETTLED });
      const initial = await boxState(page, selector);
      const seen = [];
      for (let n = 0; n < clicks; n += 1) {
        await page.click(`${selector} .papershelf-save`);
        await waitFor(page, (s) => {
          const state = document.querySelector(`${s} .papershelf-save`).dataset.state;
          return state !== "saving" && state !== "idle" && state !== "known";
        }, selector);
        seen.push(await boxState(page, selector));
      }
      return { initial, clicks: seen };
    });
  },

  async saveAll(ctx, { url }) {
    return withTab(ctx, url, async (page) => {
      await page.waitForSelector(".papershelf-save-all", { timeout: SETTLED });
      await page.click(".papershelf-save-all");
      const progress = await progressAfter(page, "^(\\d+ papers: |Stopped after )");
      const buttons = await page.$$eval("article .papershelf-save", (all) => all.map((b) => b.textContent));
      return { progress, buttons };
    });
  },

  async bibtex(ctx, { url, card = 0 }) {
    return withTab(ctx, url, async (page) => {
      const selector = boxSelector(card);
      await page.waitForSelector(selector, { timeout: SETTLED });
      await page.click(`${selector} .papershelf-bibtex`);
      await waitFor(page, (s) => {
        const note = document.querySelector(`${s} .papershelf-note`);
        return note.dataset.kind === "done" || note.dataset.kind === "error";
      }, selector);
      const { note } = await boxState(page, selector);
      const clipboard = await page.evaluate(() => navigator.clipboard.readText());
      return { note, clipboard };
    });
  },

  // The toolbar's Download .bib, through Firefox's own download of the Blob URL.
  async downloadBib(ctx, { url }) {
    return withTab(ctx, url, async (page) => {
      const before = new Set(await readdir(ctx.options.downloads));
      await page.waitForSelector(".papershelf-download-bib", { timeout: SETTLED });
      await page.click(".papershelf-download-bib");
      const progress = await progressAfter(page, "^(Downloaded |[^P])");
      const file = progress.startsWith("Downloaded ") ? await newFile(ctx.options.downloads, before) : null;
      return { progress, file };
    });
  },

  // Subscribe opens the feed's URL in a new tab; Firefox does not show RSS but downloads
  // it (or hands it to a feed reader add-on), so the feed arrives as a file.
  async subscribe(ctx, { url }) {
    return withTab(ctx, url, async (page) => {
      const before = new Set(await readdir(ctx.options.downloads));
      await page.waitForSelector(".papershelf-subscribe", { timeout: SETTLED });
      await page.click(".papershelf-subscribe");
      const progress = await progressAfter(page, "^(Feed opened: |[^F])");
      const file = progress.startsWith("Feed opened: ") ? await newFile(ctx.options.downloads, before) : null;
      return { progress, file };
    });
  },

  // Colours of every papershelf button and what is painted behind it, each button's
  // screenshot, and a screenshot of the page (to `shot`).
  async theme(ctx, { url, htmlDark = false, expected, shot }) {
    return withTab(ctx, url, async (page) => {
      if (htmlDark) await page.evaluate(() => document.documentElement.classList.add("dark"));
      const theme = htmlDark ? "dark" : null;
      await waitFor(page, ([n, wanted]) => {
        const boxes = document.querySelectorAll("[data-papershelf-theme]");
        return boxes.length === n && (!wanted || [...boxes].every((b) => b.dataset.papershelfTheme === wanted));
      }, [expected, theme]);
      const handles = await page.$$(".papershelf-button");
      const buttons = [];
      for (const handle of handles) {
        const facts = await handle.evaluate((b) => {
          const box = b.closest("[data-papershelf-theme]");
          let behind = "rgb(255, 255, 255)";
          for (let n = box.parentElement; n; n = n.parentElement) {
            const c = getComputedStyle(n).backgroundColor;
            const alpha = /rgba?\(([^)]*)\)/.exec(c)[1].split(/[ ,/]+/)[3];
            if (alpha === undefined || Number(alpha) >= 0.5) {
              behind = c;
              break;
            }
          }
          return {
            fg: getComputedStyle(b).color,
            bg: getComputedStyle(b).backgroundColor,
            theme: box.dataset.papershelfTheme,
            behind,
          };
        });
        const png = await handle.screenshot({ encoding: "base64" });
        buttons.push({ ...facts, ...(await pixels(page, png)) });
      }
      if (shot) await page.screenshot({ path: shot });
      return { buttons };
    });
  },
};
