// The logic of the calculator and compare pages: pure functions, no DOM. Loaded by those pages
// and by node's test runner (tests/js/*.test.mjs).
//
// A role is { skills: [{ id, ranks: [r0..rN], required: [0|1, ...] }] } with one entry per
// level, ranks 1..4 (awareness..expert) and 0 where a skill is not expected. A reader's answer
// ("have") is one rank per skill, 0 for "none".
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.MatrixCore = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Share of a level's non-required expectations that must be met as well.
  var THRESHOLD = 0.7;

  function levelStatus(role, have, level, threshold) {
    var t = threshold === undefined ? THRESHOLD : threshold;
    var status = { required: 0, requiredMet: 0, other: 0, otherMet: 0, gaps: [],
                   points: 0, total: 0 };
    role.skills.forEach(function (skill, index) {
      var need = skill.ranks[level] || 0;
      if (!need) return;
      var mine = have[index] || 0;
      var required = !!skill.required[level];
      var weight = required ? 2 : 1;
      var ok = mine >= need;
      status.total += weight;
      status.points += weight * Math.min(mine, need) / need;
      if (required) { status.required += 1; if (ok) status.requiredMet += 1; }
      else { status.other += 1; if (ok) status.otherMet += 1; }
      if (!ok) {
        status.gaps.push({ skill: index, have: mine, need: need, required: required,
                           weight: weight * (need - mine) });
      }
    });
    status.otherNeeded = Math.ceil(status.other * t - 1e-9);
    status.met = status.requiredMet === status.required && status.otherMet >= status.otherNeeded;
    status.progress = status.total ? status.points / status.total : 1;
    status.gaps.sort(function (a, b) {
      return (b.required - a.required) || (b.weight - a.weight) || (a.skill - b.skill);
    });
    return status;
  }

  // The highest level met together with every level below it (-1: none), and the next one.
  function assess(role, have, levelCount, threshold) {
    var reached = -1;
    for (var level = 0; level < levelCount; level++) {
      if (!levelStatus(role, have, level, threshold).met) break;
      reached = level;
    }
    var next = reached + 1 < levelCount ? reached + 1 : null;
    return {
      reached: reached,
      next: next,
      status: next === null ? null : levelStatus(role, have, next, threshold)
    };
  }

  // State in a URL hash: one digit (0-4) per skill, in the role's order.
  function encode(have) {
    return have.map(function (rank) { return String(rank || 0); }).join("");
  }

  function decode(text, count) {
    var have = [];
    for (var i = 0; i < count; i++) {
      var digit = Number(String(text || "").charAt(i));
      have.push(digit >= 0 && digit <= 4 && Number.isInteger(digit) ? digit : 0);
    }
    return have;
  }

  // What changes for each skill from level `a` to level `b` of one role.
  function compareLevels(role, a, b) {
    var rows = [];
    role.skills.forEach(function (skill, index) {
      var from = skill.ranks[a] || 0;
      var to = skill.ranks[b] || 0;
      if (!from && !to) return;
      var wasRequired = !!(from && skill.required[a]);
      var isRequired = !!(to && skill.required[b]);
      var change = !from ? "new" : !to ? "dropped" : to > from ? "raised" : to < from ? "lowered" :
        "same";
      rows.push({ skill: index, from: from, to: to, fromRequired: wasRequired,
                  toRequired: isRequired, change: change,
                  newlyRequired: isRequired && !wasRequired });
    });
    return rows;
  }

  // Two roles at one level: skills both expect (with both proficiencies), and the rest.
  // `level` indexes the first role's ladder, `secondLevel` (default: the same) the second's:
  // roles have ladders of their own (the matrix file's `levels`).
  function compareRoles(first, second, level, secondLevel) {
    var at = secondLevel === undefined ? level : secondLevel;
    var byId = {};
    second.skills.forEach(function (skill) { byId[skill.id] = skill; });
    var shared = [], onlyFirst = [], onlySecond = [];
    var seen = {};
    first.skills.forEach(function (skill) {
      var mine = skill.ranks[level] || 0;
      var other = byId[skill.id];
      var theirs = other ? other.ranks[at] || 0 : 0;
      if (mine && theirs) shared.push({ id: skill.id, first: mine, second: theirs });
      else if (mine) onlyFirst.push({ id: skill.id, rank: mine });
      if (other) seen[skill.id] = true;
      if (!mine && theirs) onlySecond.push({ id: skill.id, rank: theirs });
    });
    second.skills.forEach(function (skill) {
      var theirs = skill.ranks[at] || 0;
      if (!seen[skill.id] && theirs) onlySecond.push({ id: skill.id, rank: theirs });
    });
    return { shared: shared, onlyFirst: onlyFirst, onlySecond: onlySecond };
  }

  // A UI message with its {name} placeholders filled in one pass: a value that contains
  // "{…}" itself (a level named "{level}") is shown as written, never filled again.
  function format(pattern, values) {
    var given = values || {};
    return String(pattern).replace(/\{([A-Za-z_]+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(given, key) ? String(given[key]) : whole;
    });
  }

  // A profile by category, as skillmatrix/resolve.py computes it for the charts: the mean of
  // `ranks` (one per skill, in the role's order) over each category's skills, rounded half up
  // to one decimal. `categories` gives how many skills each category has, in that order.
  function profile(ranks, categories) {
    var means = [];
    var start = 0;
    categories.forEach(function (count) {
      var sum = 0;
      for (var i = start; i < start + count; i++) sum += ranks[i] || 0;
      // Integer arithmetic, as in Python: no binary fraction to round the wrong way.
      means.push(count ? Math.floor((20 * sum + count) / (2 * count)) / 10 : 0);
      start += count;
    });
    return means;
  }

  // What one level expects of each skill (0 where it expects nothing): a profile's input.
  function levelRanks(role, level) {
    return role.skills.map(function (skill) { return skill.ranks[level] || 0; });
  }

  // A chart coordinate as skillmatrix/charts.py writes it: at most two decimals, no trailing
  // zeros ("21.5%").
  function percent(value) {
    return value.toFixed(2).replace(/\.?0+$/, "") + "%";
  }

  return { THRESHOLD: THRESHOLD, levelStatus: levelStatus, assess: assess,
           encode: encode, decode: decode, compareLevels: compareLevels,
           compareRoles: compareRoles, format: format, profile: profile,
           levelRanks: levelRanks, percent: percent };
});
