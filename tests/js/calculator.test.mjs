// Edge cases of the calculator's logic, run by node's test runner (pytest runs this file).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const calc = require("../../assets/matrix-core.js");

// Two required skills and three others over five levels; "late" is not expected before senior.
const role = {
  skills: [
    { id: "core", ranks: [2, 2, 3, 4, 4], required: [1, 1, 1, 1, 1] },
    { id: "db", ranks: [1, 2, 3, 4, 4], required: [0, 1, 1, 1, 1] },
    { id: "a", ranks: [1, 2, 3, 3, 4], required: [0, 0, 0, 0, 0] },
    { id: "b", ranks: [1, 2, 2, 3, 3], required: [0, 0, 0, 0, 0] },
    { id: "late", ranks: [0, 0, 1, 2, 3], required: [0, 0, 0, 1, 1] },
  ],
};
const LEVELS = 5;

test("nothing chosen: no level met, every junior expectation is a gap", () => {
  const result = calc.assess(role, [0, 0, 0, 0, 0], LEVELS);
  assert.equal(result.reached, -1);
  assert.equal(result.next, 0);
  assert.deepEqual(result.status.gaps.map((g) => g.skill), [0, 1, 2, 3]);
  assert.equal(result.status.gaps[0].required, true);
  assert.equal(result.status.progress, 0);
});

test("everything expert: every level met, nothing next", () => {
  const result = calc.assess(role, [4, 4, 4, 4, 4], LEVELS);
  assert.equal(result.reached, 4);
  assert.equal(result.next, null);
  assert.equal(result.status, null);
});

test("one required cell missing blocks the level even with all the rest", () => {
  // Middle needs core>=2 (required) and db>=2 (required): db at 1 fails middle.
  const result = calc.assess(role, [4, 1, 4, 4, 4], LEVELS);
  assert.equal(result.reached, 0);
  assert.equal(result.next, 1);
  assert.deepEqual(result.status.gaps, [
    { skill: 1, have: 1, need: 2, required: true, weight: 2 },
  ]);
});

test("non-required cells count against the 70% threshold", () => {
  // Junior: core required; a, b, db optional (3): ceil(3 * 0.7) = 3 must be met.
  const two = calc.levelStatus(role, [2, 1, 1, 0, 0], 0);
  assert.equal(two.otherNeeded, 3);
  assert.equal(two.met, false);
  assert.equal(calc.levelStatus(role, [2, 1, 1, 1, 0], 0).met, true);
});

test("a role with empty cells: an unexpected skill is neither needed nor a gap", () => {
  const middle = calc.levelStatus(role, [2, 2, 2, 2, 0], 1);
  assert.equal(middle.met, true);
  assert.ok(middle.gaps.every((g) => g.skill !== 4));
  const senior = calc.levelStatus(role, [2, 2, 2, 2, 0], 2);
  assert.ok(senior.gaps.some((g) => g.skill === 4 && g.need === 1));
});

test("gaps are ordered by weight: required first, then the largest shortfall", () => {
  const status = calc.levelStatus(role, [1, 1, 0, 2, 0], 3);
  assert.deepEqual(status.gaps.map((g) => [role.skills[g.skill].id, g.required]), [
    ["core", true], ["db", true], ["late", true], ["a", false], ["b", false],
  ]);
});

test("progress is weighted: required cells count double", () => {
  const status = calc.levelStatus(role, [2, 0, 0, 0, 0], 0);
  // core 2/2 * 2 = 2 of total 2 + 1 + 1 + 1 = 5
  assert.equal(status.progress, 2 / 5);
});

test("state survives the URL hash round trip and ignores junk", () => {
  assert.equal(calc.encode([0, 4, 2, 0, 1]), "04201");
  assert.deepEqual(calc.decode("04201", 5), [0, 4, 2, 0, 1]);
  assert.deepEqual(calc.decode("9x2", 5), [0, 0, 2, 0, 0]);
  assert.deepEqual(calc.decode("", 3), [0, 0, 0]);
});
