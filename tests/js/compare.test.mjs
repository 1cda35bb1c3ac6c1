import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const core = require("../../assets/matrix-core.js");

const role = {
  skills: [
    { id: "sql", ranks: [2, 2, 3, 4, 4], required: [0, 1, 1, 1, 1] },
    { id: "k8s", ranks: [0, 1, 2, 3, 3], required: [0, 0, 1, 1, 1] },
    { id: "git", ranks: [2, 2, 2, 2, 2], required: [1, 1, 1, 1, 1] },
    { id: "late", ranks: [0, 0, 0, 1, 2], required: [0, 0, 0, 0, 0] },
  ],
};

test("junior to middle: new skills, raised proficiency, newly required", () => {
  const rows = core.compareLevels(role, 0, 1);
  assert.deepEqual(rows.map((r) => [role.skills[r.skill].id, r.change, r.newlyRequired]), [
    ["sql", "same", true],
    ["k8s", "new", false],
    ["git", "same", false],
  ]);
});

test("any two levels, in either order", () => {
  const up = core.compareLevels(role, 1, 4);
  assert.deepEqual(up.map((r) => r.change), ["raised", "raised", "same", "new"]);
  const down = core.compareLevels(role, 4, 1);
  assert.deepEqual(down.map((r) => r.change), ["lowered", "lowered", "same", "dropped"]);
});

test("two roles at one level: shared skills with both proficiencies, and the rest", () => {
  const other = { skills: [
    { id: "git", ranks: [2, 3, 3, 3, 3], required: [1, 1, 1, 1, 1] },
    { id: "react", ranks: [2, 2, 3, 4, 4], required: [1, 1, 1, 1, 1] },
    { id: "k8s", ranks: [0, 0, 0, 1, 1], required: [0, 0, 0, 0, 0] },
  ] };
  const result = core.compareRoles(role, other, 1);
  assert.deepEqual(result.shared, [{ id: "git", first: 2, second: 3 }]);
  assert.deepEqual(result.onlyFirst, [{ id: "sql", rank: 2 }, { id: "k8s", rank: 1 }]);
  assert.deepEqual(result.onlySecond, [{ id: "react", rank: 2 }]);
});

test("two roles with ladders of their own: each at its own index of the level", () => {
  // A management role (manager, senior-manager, director) against Senior of a role with the
  // five individual levels: the manager level is index 0 of its ladder, index 2 of none.
  const manager = { skills: [
    { id: "git", ranks: [3, 3, 4], required: [0, 0, 0] },
    { id: "hiring", ranks: [2, 3, 4], required: [1, 1, 1] },
  ] };
  const result = core.compareRoles(role, manager, 2, 0);
  assert.deepEqual(result.shared, [{ id: "git", first: 2, second: 3 }]);
  assert.deepEqual(result.onlyFirst, [{ id: "sql", rank: 3 }, { id: "k8s", rank: 2 }]);
  assert.deepEqual(result.onlySecond, [{ id: "hiring", rank: 2 }]);
});
