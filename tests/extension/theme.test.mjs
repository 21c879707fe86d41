// Light or dark buttons, from what the page paints behind them.
import assert from "node:assert/strict";
import { test } from "node:test";

import { contrast, luminance, parseRgb, themeFor } from "../../extension/lib/theme.js";

const WHITE = { r: 255, g: 255, b: 255, a: 1 };
const NEAR_BLACK = { r: 11, g: 15, b: 25, a: 1 };
const CLEAR = { r: 0, g: 0, b: 0, a: 0 };

test("computed colours parse in both syntaxes browsers write", () => {
  assert.deepEqual(parseRgb("rgb(11, 15, 25)"), NEAR_BLACK);
  assert.deepEqual(parseRgb("rgba(0, 0, 0, 0)"), CLEAR);
  assert.deepEqual(parseRgb("rgb(255 255 255 / 50%)"), { ...WHITE, a: 0.5 });
  assert.deepEqual(parseRgb("rgba(255, 255, 255, 0.05)"), { ...WHITE, a: 0.05 });
  assert.equal(parseRgb("oklch(0.2 0.01 250)"), null);
  assert.equal(parseRgb(""), null);
});

test("WCAG luminance and contrast", () => {
  assert.equal(luminance(WHITE), 1);
  assert.equal(luminance(CLEAR), 0);
  assert.equal(Math.round(contrast(WHITE, CLEAR) * 10) / 10, 21);
  assert.ok(contrast({ r: 229, g: 231, b: 235 }, { r: 17, g: 24, b: 39 }) >= 4.5); // our dark pair
});

test("the first mostly opaque background decides", () => {
  assert.equal(themeFor([CLEAR, WHITE]), "light");
  assert.equal(themeFor([CLEAR, NEAR_BLACK]), "dark");
  // A faint white tint over a dark page is still a dark page.
  assert.equal(themeFor([{ ...WHITE, a: 0.05 }, NEAR_BLACK]), "dark");
  // A light card on a dark page gets light buttons.
  assert.equal(themeFor([WHITE, NEAR_BLACK]), "light");
  // The page's own classes do not override what is painted.
  assert.equal(themeFor([WHITE], { darkClass: true, prefersDark: true }), "light");
});

test("with nothing painted, the canvas decides", () => {
  assert.equal(themeFor([CLEAR, null]), "light");
  assert.equal(themeFor([CLEAR], { prefersDark: true }), "light"); // page never opted in
  assert.equal(themeFor([CLEAR], { colorScheme: "light dark", prefersDark: true }), "dark");
  assert.equal(themeFor([CLEAR], { colorScheme: "light dark", prefersDark: false }), "light");
  assert.equal(themeFor([CLEAR], { colorScheme: "dark" }), "dark");
  assert.equal(themeFor([], { darkClass: true }), "dark");
});
