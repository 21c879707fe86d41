// The content-script loader requests exactly the modules main.js imports, all at once.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const EXTENSION = resolve(dirname(fileURLToPath(import.meta.url)), "../../extension");

function importsOf(file) {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^import [^;]*? from "(\.[^"]+)";$/gms)].map((m) => resolve(dirname(file), m[1]));
}

function graph(entry) {
  const seen = new Set();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...importsOf(file));
  }
  return [...seen].map((file) => relative(EXTENSION, file)).sort();
}

test("the loader's list is main.js's whole import graph", () => {
  const loader = readFileSync(join(EXTENSION, "content/loader.js"), "utf8");
  const listed = JSON.parse(/const MODULES = (\[[^\]]*\]);/.exec(loader)[1].replace(/,\s*\]/, "]"));
  assert.equal(listed[0], "content/main.js");
  assert.deepEqual([...listed].sort(), graph(join(EXTENSION, "content/main.js")));
});

test("every listed module is web-accessible where the content script runs", () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION, "manifest.json"), "utf8"));
  const [{ resources, matches }] = manifest.web_accessible_resources;
  assert.deepEqual(resources, ["content/*.js", "lib/*.js"]);
  const scriptHosts = manifest.content_scripts[0].matches.map((m) => new URL(m.replace("*", "x")).origin);
  for (const origin of scriptHosts) assert.ok(matches.includes(`${origin}/*`), origin);
});
