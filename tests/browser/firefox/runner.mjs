// Runs the extension's browser scenarios in Debian's Firefox ESR, driven by Puppeteer over
// WebDriver BiDi, for the pytest tests in tests/browser/test_firefox_*.py.
//
//   node runner.mjs --extension DIR_OR_ZIP --routes ROUTES.json --downloads DIR
//
// One Firefox for the whole run (its start is the slow part). Requests come on stdin, one
// JSON object a line: {id, scenario, args}; each answer is one JSON line on stdout:
// {id, ok, result | error, errors}, where `errors` are the console errors (pages, content
// scripts, the extension's background) seen while the scenario ran. The first line out is
// {ready, extension, version} once the extension is installed and its options tab is open.
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

import puppeteer from "puppeteer-core";

import { SCENARIOS } from "./scenarios.mjs";

const { values: options } = parseArgs({
  options: {
    extension: { type: "string" },
    routes: { type: "string" },
    downloads: { type: "string" },
    firefox: { type: "string", default: process.env.PAPERSHELF_FIREFOX || "/usr/bin/firefox-esr" },
  },
});

const EXTENSION_ID = "papershelf@papershelf.invalid"; // browser_specific_settings.gecko.id
const EXTENSION_UUID = "6d1f7a52-3c1b-4f0e-9a57-0b2f4c7e9d11"; // fixed moz-extension:// host

const PREFS = {
  // Console messages and uncaught errors of content processes (pages, content scripts and
  // the extension's background page) are written to stdout, where we read them.
  "devtools.console.stdout.content": true,
  // Stable moz-extension:// URLs.
  "extensions.webextensions.uuids": JSON.stringify({ [EXTENSION_ID]: EXTENSION_UUID }),
  // Downloads land in --downloads without a dialog.
  "browser.download.folderList": 2,
  "browser.download.dir": options.downloads,
  "browser.download.useDownloadDir": true,
  "browser.download.always_ask_before_handling_new_types": false,
  "browser.download.start_downloads_in_tmp_dir": false,
  "browser.download.alwaysOpenPanel": false,
  // navigator.clipboard.readText() without the paste prompt, so a test can read what the
  // BibTeX button copied.
  "dom.events.testing.asyncClipboard": true,
  // Websites see a dark OS preference (0 dark, 1 light): BiDi cannot emulate
  // prefers-color-scheme per page, so this Firefox plays a user with a dark desktop.
  "layout.css.prefers-color-scheme.content-override": 0,
  // Firefox's experiment loader (Nimbus) polls a server it cannot reach and logs a console
  // error ("RSLoader") at random moments. An interval of 0 is its own switch to stop
  // polling (toolkit/components/nimbus/lib/RemoteSettingsExperimentLoader.sys.mjs).
  "app.normandy.run_interval_seconds": 0,
  "app.normandy.enabled": false,
  "app.shield.optoutstudies.enabled": false,
  "datareporting.healthreport.uploadEnabled": false,
  "nimbus.rollouts.enabled": false,
};

const consoleErrors = [];
const ERROR_LINE = /^(?:console\.error: |JavaScript error: )/;
// Firefox's own code (resource://, chrome://) reports its troubles there too; not ours.
const BROWSER_INTERNAL = /^JavaScript error: (?:resource|chrome):\/\//;

function watchOutput(stream) {
  createInterface({ input: stream }).on("line", (line) => {
    if (ERROR_LINE.test(line) && !BROWSER_INTERNAL.test(line)) consoleErrors.push(`firefox: ${line}`);
  });
}

function reply(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

// The tab the extension opens on install (its options page): the one place a test can run
// code as the extension in Firefox, since BiDi cannot navigate to moz-extension:// itself.
async function extensionPage(browser) {
  const wanted = `moz-extension://${EXTENSION_UUID}/options/options.html`;
  for (let attempt = 0; attempt < 300; attempt += 1) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => "");
      if (href === wanted) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the extension did not open ${wanted} on install`);
}

async function main() {
  const started = Date.now();
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: options.firefox,
    headless: true,
    extraPrefsFirefox: PREFS,
    defaultViewport: { width: 1280, height: 900 },
  });
  watchOutput(browser.process().stdout);
  watchOutput(browser.process().stderr);
  const extension = await browser.installExtension(options.extension);
  const ctx = {
    browser,
    options,
    extensionPage: await extensionPage(browser),
    consoleErrors,
  };
  reply({
    ready: true,
    extension,
    version: await browser.version(),
    startup_ms: Date.now() - started,
  });

  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { id, scenario, args } = JSON.parse(line);
    consoleErrors.length = 0;
    try {
      if (!SCENARIOS[scenario]) throw new Error(`no scenario named ${scenario}`);
      const result = await SCENARIOS[scenario](ctx, args || {});
      await new Promise((resolve) => setTimeout(resolve, 100)); // late console lines
      reply({ id, ok: true, result, errors: [...consoleErrors] });
    } catch (error) {
      reply({ id, ok: false, error: String(error && error.stack ? error.stack : error), errors: [...consoleErrors] });
    }
  }
  await browser.close();
}

main().catch((error) => {
  reply({ ready: false, error: String(error && error.stack ? error.stack : error) });
  process.exit(1);
});
