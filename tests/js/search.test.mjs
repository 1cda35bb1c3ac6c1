// The search box's name matching (assets/search-core.js), run by node's test runner (pytest
// runs this folder). The names are a small made-up catalog; tests/test_browser_search.py checks
// the real site's names in a browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const core = require("../../assets/search-core.js");

// The shape skillmatrix/search_names.py writes.
const DATA = {
  kinds: [
    { kind: "role", label: "Role", prefix: "en/roles/", suffix: "/",
      names: [["Backend Developer (Python)", "backend-python"], ["Backend Developer (Go)", "backend-go"]] },
    { kind: "family", label: "Family", prefix: "en/families/", suffix: "/",
      names: [["Backend Engineering", "backend"]] },
    { kind: "category", label: "Category", prefix: "en/categories/", suffix: "/",
      names: [["Database Management", "databases"], ["Observability & Monitoring", "observability"],
              ["数据库管理", "zh-databases"], ["可观测性与监控", "zh-observability"]] },
    { kind: "skill", label: "Skill", prefix: "en/skills/", suffix: "/",
      names: [["PostgreSQL", "postgresql"], ["Kubernetes Core", "kubernetes-core"],
              ["Kubernetes Cluster Operations", "kubernetes-ops"], ["Python Web Frameworks", "python-web"],
              ["Database Indexing", "indexing"], ["React", "react"], ["Redis", "redis"],
              ["Ёмкость кластера", "capacity"], ["数据库索引", "zh-indexing"], ["监控", "zh-monitoring"],
              ["Go", "go"]] },
  ],
};
const LIST = core.entries(DATA);
const first = (query) => {
  const found = core.match(LIST, query);
  return found.length ? found[0].entry.path : null;
};
const paths = (query) => core.match(LIST, query).map((m) => m.entry.path);

test("entries carry the site path, the kind's label and its place", () => {
  const postgres = LIST.find((e) => e.name === "PostgreSQL");
  assert.deepEqual(postgres, { name: "PostgreSQL", key: "postgresql", kind: 3, label: "Skill",
                               path: "en/skills/postgresql/" });
  assert.equal(LIST.length, 18);
  assert.deepEqual(core.entries(null), []);
  assert.deepEqual(core.entries({ kinds: [{ names: [] }] }), []);
});

test("case, accents and punctuation do not count", () => {
  assert.equal(core.normalize("  Backend-Developer (PYTHON) "), "backend developer python");
  assert.equal(core.normalize("Ёмкость"), "емкость");
  assert.equal(core.normalize("Café"), "cafe");
  assert.equal(core.normalize("后端开发工程师（Go）"), "后端开发工程师 go");
  assert.equal(first("ёмкость кластера"), "en/skills/capacity/");
  assert.equal(first("емкость"), "en/skills/capacity/");
});

test("a whole name, then names that start with the query, then words that do", () => {
  assert.equal(first("backend developer python"), "en/roles/backend-python/");
  assert.equal(first("postgres"), "en/skills/postgresql/");
  // Both start with "kubernetes": the shorter name is nearer to what was typed.
  assert.deepEqual(paths("kubernetes"), ["en/skills/kubernetes-core/", "en/skills/kubernetes-ops/"]);
  assert.deepEqual(paths("python"), ["en/skills/python-web/", "en/roles/backend-python/"]);
  assert.deepEqual(paths("index"), ["en/skills/indexing/"]);
  assert.deepEqual(core.match(LIST, "python").map((m) => m.tier),
                   [core.tiers.PREFIX, core.tiers.INSIDE]);
});

test("names typed with one or two letters wrong", () => {
  assert.equal(first("kubernets"), "en/skills/kubernetes-core/");  // dropped
  assert.equal(first("postgrs"), "en/skills/postgresql/");  // dropped
  assert.equal(first("Pyhton"), "en/skills/python-web/");  // swapped
  assert.equal(first("Obsrevability & Monitorin"), "en/categories/observability/");  // two
  assert.equal(first("Backend Develpoer (Pyton)"), "en/roles/backend-python/");  // two
  assert.equal(first("Databse Managment"), "en/categories/databases/");  // two dropped
  assert.equal(first("Kubernetes Clsuter Operations"), "en/skills/kubernetes-ops/");
  assert.equal(first("Redsi"), "en/skills/redis/");
  assert.ok(core.match(LIST, "kubernets").every((m) => m.tier === core.tiers.NEAR));
});

test("edits are limited by the query's length", () => {
  assert.equal(core.allowedEdits("go"), 0);
  assert.equal(core.allowedEdits("redis"), 1);
  assert.equal(core.allowedEdits("postgresq"), 2);
  assert.equal(core.allowedEdits("数据库管理系统"), 0);
  assert.deepEqual(paths("gp"), []);  // two letters: no edit allowed
  assert.deepEqual(paths("kbrnts"), []);  // three edits
  assert.deepEqual(paths("Obsrevabilty & Monitring"), []);  // three edits
});

test("the distance counts a swap of neighbours as one edit, and looks at prefixes", () => {
  assert.equal(core.prefixDistance("pyhton", "python web frameworks", 2), 1);
  assert.equal(core.prefixDistance("kubernets", "kubernetes core", 2), 1);
  assert.equal(core.prefixDistance("abc", "abc", 2), 0);
  assert.equal(core.prefixDistance("abcd", "xyzw", 2), 3);  // more than the limit: limit + 1
  assert.equal(core.prefixDistance("", "anything", 1), 0);
  assert.equal(core.prefixDistance("ab", "", 2), 2);
});

test("Chinese: the whole name first, any part of a name, never edits", () => {
  assert.equal(first("可观测性与监控"), "en/categories/zh-observability/");
  assert.equal(first("可观测性"), "en/categories/zh-observability/");
  // Two names start with 数据库, equally long: the category before the skill.
  assert.deepEqual(paths("数据库"), ["en/categories/zh-databases/", "en/skills/zh-indexing/"]);
  assert.deepEqual(paths("监控"), ["en/skills/zh-monitoring/", "en/categories/zh-observability/"]);
  // A query that holds a whole name finds it.
  assert.deepEqual(paths("学习数据库索引"), ["en/skills/zh-indexing/"]);
  assert.deepEqual(paths("可观测性与监空"), []);  // one character wrong: no match by edits
});

test("blank and punctuation-only queries match nothing", () => {
  assert.deepEqual(core.match(LIST, ""), []);
  assert.deepEqual(core.match(LIST, "  &&  "), []);
});

const pagefindResult = (path, title, excerpt) =>
  ({ url: "/site/" + path, meta: { title: title, kind: "Skill" }, excerpt: excerpt });

test("merge: names as typed, then Pagefind's results, then near names; each page once", () => {
  const results = [pagefindResult("en/skills/indexing/", "Database Indexing", "an <mark>index</mark>"),
                   pagefindResult("en/skills/postgresql/", "PostgreSQL", "b-tree <mark>index</mark>")];
  const merged = core.merge(core.match(LIST, "index"), results, 7, "/site/", 6);
  assert.deepEqual(merged.results.map((r) => r.url),
                   ["/site/en/skills/indexing/", "/site/en/skills/postgresql/"]);
  // The name match keeps Pagefind's excerpt of the same page.
  assert.equal(merged.results[0].excerpt, "an <mark>index</mark>");
  assert.deepEqual(merged.results[0].meta, { title: "Database Indexing", kind: "Skill" });
  assert.equal(merged.total, 7);
});

test("merge: when no name matches as typed, the near names come before Pagefind's results", () => {
  const results = [pagefindResult("en/skills/python-web/", "Python Web Frameworks", "…")];
  const merged = core.merge(core.match(LIST, "kubernets"), results, 1, "/site/", 6);
  assert.deepEqual(merged.results.map((r) => r.url),
                   ["/site/en/skills/kubernetes-core/", "/site/en/skills/kubernetes-ops/",
                    "/site/en/skills/python-web/"]);
  assert.equal(merged.results[0].excerpt, "");
  assert.equal(merged.total, 3);
});

test("merge: near names come after Pagefind's results, up to the limit", () => {
  // One role's whole name is two letters from the other's.
  const matches = core.match(LIST, "Backend Developer (Go)");
  assert.deepEqual(matches.map((m) => [m.entry.path, m.tier]),
                   [["en/roles/backend-go/", core.tiers.WHOLE], ["en/roles/backend-python/", core.tiers.NEAR]]);
  const results = [pagefindResult("en/skills/postgresql/", "PostgreSQL", "x")];
  const all = core.merge(matches, results, 1, "/site/", 6);
  assert.deepEqual(all.results.map((r) => r.url),
                   ["/site/en/roles/backend-go/", "/site/en/skills/postgresql/",
                    "/site/en/roles/backend-python/"]);
  assert.equal(all.total, 3);
  const two = core.merge(matches, results, 1, "/site/", 2);
  assert.deepEqual(two.results.map((r) => r.url),
                   ["/site/en/roles/backend-go/", "/site/en/skills/postgresql/"]);
  assert.equal(two.total, 3);
});

test("merge without any name match is Pagefind's results as they are", () => {
  const results = [pagefindResult("en/skills/redis/", "Redis", "x")];
  const merged = core.merge([], results, 12, "/site/", 6);
  assert.deepEqual(merged.results, results);
  assert.equal(merged.total, 12);
});

test("the names file is read compressed, or as a host already decompressed it", async () => {
  const json = JSON.stringify(DATA);
  const zipped = gzipSync(Buffer.from(json, "utf-8"));
  const asServed = zipped.buffer.slice(zipped.byteOffset, zipped.byteOffset + zipped.byteLength);
  assert.deepEqual(await core.decode(asServed), DATA);
  assert.deepEqual(await core.decode(new TextEncoder().encode(json).buffer), DATA);
  await assert.rejects(core.decode(new TextEncoder().encode("not json").buffer));
});
