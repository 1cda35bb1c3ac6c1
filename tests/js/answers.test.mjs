// One self-assessment for every role (issue #19): the shared answers, their link, the
// migration of answers saved per role, the distance between roles and the review sheet's CSV.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const calc = require("../../assets/matrix-core.js");

const answers = (skills, competencies = {}) => ({ v: 1, skills, competencies });

test("stored answers keep only well-formed entries", () => {
  const dirty = {
    v: 1,
    skills: { sql: 3, "Bad Id": 2, late: 0, big: 5, half: 1.5, text: "2", ok: 4 },
    competencies: { autonomy: "senior", influence: 3, "x y": "lead", mentoring: "No Way" },
  };
  assert.deepEqual(calc.cleanAnswers(dirty), answers({ sql: 3, ok: 4 }, { autonomy: "senior" }));
  assert.deepEqual(calc.cleanAnswers({ v: 2, skills: { sql: 3 } }), answers({}));
  assert.deepEqual(calc.parseAnswers("not json"), answers({}));
  assert.deepEqual(calc.parseAnswers(null), answers({}));
  assert.deepEqual(calc.parseAnswers('{"v":1,"skills":{"constructor":2}}'),
                   answers({ constructor: 2 }));
});

test("a role reads the answers of its own skills, in its order; none is 0", () => {
  const role = { skills: [{ id: "b" }, { id: "constructor" }, { id: "a" }] };
  assert.deepEqual(calc.haveFor(role, answers({ a: 2, c: 4 })), [0, 0, 2]);
  const next = calc.withRanks(answers({ a: 2, c: 4 }), ["a", "b"], [0, 3]);
  assert.deepEqual(next, answers({ b: 3, c: 4 }));
});

test("answers saved per role fill only skills without an answer", () => {
  const merged = calc.mergeLegacy(answers({ a: 1 }), ["a", "b", "c"], "340x");
  assert.deepEqual(merged, answers({ a: 1, b: 4 }));
});

test("the link carries every answer, sorted, and reads back the same", () => {
  const given = answers({ sql: 3, api: 1 }, { autonomy: "senior" });
  const hash = calc.answersToHash(given);
  assert.equal(hash, "v=1&s=api:1,sql:3&c=autonomy:senior");
  assert.deepEqual(calc.answersFromHash("#" + hash), given);
  assert.equal(calc.answersToHash(answers({})), "v=1&s=");
  assert.deepEqual(calc.answersFromHash("#v=1&s="), answers({}));
  // Junk in a link is dropped, never thrown.
  assert.deepEqual(calc.answersFromHash("#v=1&s=sql:9,__proto__:2,api:x,:3,ok:2&c=a:B"),
                   answers({ ok: 2 }));
  assert.equal(calc.answersFromHash("#other=1"), null);
  assert.equal(calc.answersFromHash(""), null);
});

test("an old link (one digit per skill of its role) is read in that role's order", () => {
  assert.deepEqual(calc.answersFromHash("#s=0420", ["a", "b", "c", "d"]), answers({ b: 4, c: 2 }));
  assert.equal(calc.answersFromHash("#s=0420"), null);
});

// Two ladders: "ic" shares skills with "web"; "lead" has a ladder of its own.
const ic = {
  id: "ic", levels: ["junior", "middle", "senior"],
  skills: [
    { id: "sql", ranks: [1, 2, 3], required: [1, 1, 1] },
    { id: "api", ranks: [1, 2, 3], required: [0, 0, 1] },
  ],
};
const web = {
  id: "web", levels: ["junior", "middle", "senior"],
  skills: [
    { id: "css", ranks: [2, 3, 4], required: [1, 1, 1] },
    { id: "api", ranks: [1, 2, 2], required: [0, 0, 0] },
  ],
};
const lead = {
  id: "lead", levels: ["manager", "director"],
  skills: [
    { id: "people", ranks: [2, 3], required: [1, 1] },
    { id: "sql", ranks: [1, 1], required: [0, 0] },
  ],
};

test("distance: proficiency steps missing at a level, cells short, required among them", () => {
  assert.deepEqual(calc.distance(ic, [1, 0], 2), { steps: 5, cells: 2, required: 2 });
  assert.deepEqual(calc.distance(ic, [4, 4], 2), { steps: 0, cells: 0, required: 0 });
});

test("roles rank by distance at the level met here, or at a ladder's first level", () => {
  const given = answers({ sql: 2, api: 2 });
  const ranked = calc.rankRoles([web, lead, ic], given, "middle");
  assert.deepEqual(ranked.map((r) => [r.role.id, r.level, r.steps, r.required]), [
    ["ic", 1, 0, 0],
    ["lead", 0, 2, 1],
    ["web", 1, 3, 1],
  ]);
  assert.equal(ranked[0].reached, 1);
  assert.equal(ranked[2].reached, -1);
  // No level met here: every role at its first level.
  assert.deepEqual(calc.rankRoles([web, ic], answers({}), null).map((r) => [r.role.id, r.steps]),
                   [["ic", 2], ["web", 3]]);
});

test("ties go to fewer required skills short, then to the id", () => {
  const a = { id: "b-role", levels: ["junior"], skills: [{ id: "x", ranks: [2], required: [1] }] };
  const b = { id: "a-role", levels: ["junior"], skills: [{ id: "y", ranks: [2], required: [0] }] };
  const c = { id: "c-role", levels: ["junior"], skills: [{ id: "z", ranks: [2], required: [0] }] };
  assert.deepEqual(calc.rankRoles([a, c, b], answers({}), "junior").map((r) => r.role.id),
                   ["a-role", "c-role", "b-role"]);
});

test("CSV: formula starts neutralised, quoting as Python's csv module reads it", () => {
  assert.equal(calc.csvCell("=SUM(A1)"), "'=SUM(A1)");
  assert.equal(calc.csvCell("-1"), "'-1");
  assert.equal(calc.csvCell("@x"), "'@x");
  assert.equal(calc.csvCell("plain"), "plain");
  assert.equal(calc.csvCell('say "hi", then'), '"say ""hi"", then"');
  assert.equal(calc.csvCell("two\nlines"), '"two\nlines"');
  assert.equal(calc.csvCell(3), "3");
  assert.equal(calc.toCsv([["a", "b"], ["+1", "c,d"]]), "\ufeffa,b\r\n'+1,\"c,d\"\r\n");
});

// Impact and behaviours: one answer per competency, a level id shared by every role.
const LADDER = ["junior", "middle", "senior", "lead", "principal"];
const MANAGEMENT = ["manager", "senior-manager", "director"];
const COMPETENCIES = ["scope", "autonomy", "mentoring"];

test("a competency answer is set and removed without touching the skills", () => {
  const given = answers({ sql: 2 }, { scope: "middle" });
  assert.deepEqual(calc.withCompetency(given, "autonomy", "senior"),
                   answers({ sql: 2 }, { scope: "middle", autonomy: "senior" }));
  assert.deepEqual(calc.withCompetency(given, "scope", ""), answers({ sql: 2 }));
  assert.deepEqual(given, answers({ sql: 2 }, { scope: "middle" }));  // a copy, never changed
  assert.deepEqual(calc.withCompetency(given, "Bad Id", "senior"), given);
});

test("an answer stands where its level is on the role's ladder; another track's is none here", () => {
  const given = answers({}, { scope: "senior", autonomy: "director" });
  assert.equal(calc.competencyLevel(given, "scope", LADDER), 2);
  assert.equal(calc.competencyLevel(given, "autonomy", LADDER), -1);
  assert.equal(calc.competencyLevel(given, "autonomy", MANAGEMENT), 2);
  assert.equal(calc.competencyLevel(given, "scope", MANAGEMENT), -1);
  assert.equal(calc.competencyLevel(given, "mentoring", LADDER), -1);
  assert.equal(calc.competencyLevel(answers({}, { constructor: "junior" }), "toString", LADDER), -1);
});

test("behaviours at a level: answered there or above count, the others are gaps", () => {
  const given = answers({}, { scope: "lead", autonomy: "middle", mentoring: "director" });
  assert.deepEqual(calc.behaviourStatus(COMPETENCIES, given, LADDER, 2), {
    total: 3, met: 1,
    gaps: [{ competency: 1, have: 1, need: 2 }, { competency: 2, have: -1, need: 2 }],
  });
  assert.equal(calc.behaviourStatus(COMPETENCIES, given, LADDER, 1).met, 2);
  assert.equal(calc.behaviourStatus(COMPETENCIES, given, MANAGEMENT, 2).met, 1);
  assert.deepEqual(calc.behaviourStatus([], given, LADDER, 0), { total: 0, met: 0, gaps: [] });
  // The link carries them: the same status once read back.
  const linked = calc.answersFromHash("#" + calc.answersToHash(given));
  assert.deepEqual(calc.behaviourStatus(COMPETENCIES, linked, LADDER, 2),
                   calc.behaviourStatus(COMPETENCIES, given, LADDER, 2));
});
