// Filling UI messages with names from content, run by node's test runner (pytest runs this file).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const core = require("../../assets/matrix-core.js");

test("every placeholder is filled, numbers included", () => {
  assert.equal(core.format("{percent}% of the way to {level}", { percent: 40, level: "Senior" }),
    "40% of the way to Senior");
});

test("a value that looks like a placeholder is shown as written", () => {
  assert.equal(core.format("{a} → {b}", { a: "{b}", b: "Lead" }), "{b} → Lead");
  assert.equal(core.format("Reached: {level}", { level: "$& {level} $1" }), "Reached: $& {level} $1");
});

test("characters that split lists elsewhere pass through untouched", () => {
  const name = 'Prin|ci"pal <b>, x; y:z\n';
  assert.equal(core.format("What to grow for {level}", { level: name }), `What to grow for ${name}`);
});

test("an unknown placeholder stays, and no values leave the pattern as it is", () => {
  assert.equal(core.format("{count} results for {query}", { count: 3 }), "3 results for {query}");
  assert.equal(core.format("Link copied"), "Link copied");
});
