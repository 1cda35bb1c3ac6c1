// The profile charts' logic (matrix-core.js): the same numbers skillmatrix/resolve.py computes
// for the build (tests/test_charts.py holds the Python side of the same cases).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const calc = require("../../assets/matrix-core.js");

// Two categories: three skills, then two; "late" is not expected before senior.
const role = {
  skills: [
    { id: "a", ranks: [1, 2, 3, 4, 4], required: [0, 0, 0, 0, 0] },
    { id: "b", ranks: [2, 2, 2, 3, 3], required: [1, 1, 1, 1, 1] },
    { id: "c", ranks: [0, 1, 1, 2, 2], required: [0, 0, 0, 0, 0] },
    { id: "d", ranks: [1, 1, 2, 2, 3], required: [0, 0, 0, 0, 0] },
    { id: "late", ranks: [0, 0, 1, 2, 4], required: [0, 0, 0, 0, 0] },
  ],
};
const categories = [3, 2];

test("a level's profile is the mean rank per category, a skill not expected counting 0", () => {
  assert.deepEqual(calc.profile(calc.levelRanks(role, 0), categories), [1, 0.5]);
  assert.deepEqual(calc.profile(calc.levelRanks(role, 1), categories), [1.7, 0.5]);
  assert.deepEqual(calc.profile(calc.levelRanks(role, 4), categories), [3, 3.5]);
});

test("means are rounded half up to one decimal, without binary fractions", () => {
  // 0.25 and 0.35 are the classic cases where floating point rounds the other way.
  assert.deepEqual(calc.profile([1, 0, 0, 0], [4]), [0.3]); // 0.25
  assert.deepEqual(calc.profile([1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                                [20]), [0.4]); // 0.35
  assert.deepEqual(calc.profile([2, 2, 3], [3]), [2.3]); // 2.333…
  assert.deepEqual(calc.profile([2, 3, 3], [3]), [2.7]); // 2.666…
});

test("the reader's answers give their profile; missing answers count as none", () => {
  assert.deepEqual(calc.profile([4, 4, 4, 1, 0], categories), [4, 0.5]);
  assert.deepEqual(calc.profile([4], categories), [1.3, 0]);
});

test("an empty category is 0, not NaN", () => {
  assert.deepEqual(calc.profile([3, 3], [0, 2]), [0, 3]);
});

test("chart coordinates are written as the build writes them", () => {
  assert.equal(calc.percent(0), "0%");
  assert.equal(calc.percent(84), "84%");
  assert.equal(calc.percent(21 * 2.3), "48.3%");
  assert.equal(calc.percent(100 / 3), "33.33%");
  assert.equal(calc.percent(10.5), "10.5%");
});
