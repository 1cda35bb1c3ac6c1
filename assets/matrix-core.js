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

  // ── One self-assessment for every role ──────────────────────────────────────────────────
  // The reader's answers, shared by every role's calculator (docs: SPEC of issue #19):
  // { v: 1, skills: { "<skill id>": rank 1..4 }, competencies: { "<competency id>": "<level id>" } }.
  // "None" (rank 0) is not stored: a skill without an answer is none.
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var MAX_RANK = 4;
  var own = function (object, key) { return Object.prototype.hasOwnProperty.call(object, key); };

  function emptyAnswers() {
    return { v: 1, skills: {}, competencies: {} };
  }

  // Whatever was stored or linked, kept only where it has the expected shape: an edited link or
  // a value saved by another version of the site never breaks the page.
  function cleanAnswers(value) {
    var answers = emptyAnswers();
    if (!value || typeof value !== "object" || value.v !== 1) return answers;
    var skills = value.skills && typeof value.skills === "object" ? value.skills : {};
    Object.keys(skills).forEach(function (id) {
      var rank = skills[id];
      if (ID.test(id) && Number.isInteger(rank) && rank >= 1 && rank <= MAX_RANK) {
        answers.skills[id] = rank;
      }
    });
    var competencies = value.competencies && typeof value.competencies === "object" ?
      value.competencies : {};
    Object.keys(competencies).forEach(function (id) {
      var level = competencies[id];
      if (ID.test(id) && typeof level === "string" && ID.test(level)) answers.competencies[id] = level;
    });
    return answers;
  }

  function parseAnswers(text) {
    try { return cleanAnswers(JSON.parse(text)); } catch (e) { return emptyAnswers(); }
  }

  function rankOf(answers, id) {
    return own(answers.skills, id) ? answers.skills[id] : 0;
  }

  // The answers for a role's skills, in the role's order: the "have" of assess and distance.
  function haveFor(role, answers) {
    return role.skills.map(function (skill) { return rankOf(answers, skill.id); });
  }

  // A copy of `answers` with the given ranks (one per id) set; 0 removes an answer.
  function withRanks(answers, ids, ranks) {
    var next = cleanAnswers(answers);
    ids.forEach(function (id, i) {
      var rank = ranks[i] || 0;
      if (rank > 0) next.skills[id] = rank;
      else delete next.skills[id];
    });
    return next;
  }

  // Answers saved by the calculator before they were shared (one digit per skill in one role's
  // order, see `encode`) fill only skills that have no answer yet: what the reader answered
  // since is never overwritten.
  function mergeLegacy(answers, ids, digits) {
    var next = cleanAnswers(answers);
    decode(digits, ids.length).forEach(function (rank, i) {
      if (rank > 0 && !own(next.skills, ids[i])) next.skills[ids[i]] = rank;
    });
    return next;
  }

  // A copy of `answers` with one competency answered: a level id, or "" to remove the answer.
  function withCompetency(answers, id, levelId) {
    var next = cleanAnswers(answers);
    if (levelId) next.competencies[id] = levelId;
    else delete next.competencies[id];
    return cleanAnswers(next);
  }

  // Where a competency's answer stands on a role's ladder (its level ids, in order): the
  // level's index, or -1 when there is no answer or the answer is a level this ladder lacks
  // (answered on another track's role: kept in the answers, not answered here).
  function competencyLevel(answers, id, ladder) {
    return own(answers.competencies, id) ? ladder.indexOf(answers.competencies[id]) : -1;
  }

  // Impact and behaviours against one level of a role's ladder: how many of the competencies
  // (ids, in reading order) were answered at that level or above, and a gap for each other
  // one (`competency` indexes `ids`; `have` is -1 where not answered on this ladder). They do
  // not count toward the level met (see `assess`): the calculator reports them beside it.
  function behaviourStatus(ids, answers, ladder, level) {
    var status = { total: ids.length, met: 0, gaps: [] };
    ids.forEach(function (id, index) {
      var have = competencyLevel(answers, id, ladder);
      if (have >= level) status.met += 1;
      else status.gaps.push({ competency: index, have: have, need: level });
    });
    return status;
  }

  // The answers in a link's fragment: "v=1&s=<skill>:<rank>,…&c=<competency>:<level>,…", ids in
  // sorted order so one set of answers always gives one link.
  function answersToHash(answers) {
    var pairs = function (map) {
      return Object.keys(map).sort().map(function (id) { return id + ":" + map[id]; }).join(",");
    };
    var hash = "v=1&s=" + pairs(answers.skills);
    var competencies = pairs(answers.competencies);
    return competencies ? hash + "&c=" + competencies : hash;
  }

  // The answers a fragment carries, or null when it carries none. A link made before answers
  // were shared ("#s=0123", one digit per skill) is read in the order of `legacyIds`, the
  // skills of the role it was made on.
  function answersFromHash(hash, legacyIds) {
    var params = {};
    String(hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq > 0) params[part.slice(0, eq)] = part.slice(eq + 1);
    });
    if (params.v === "1") {
      // Without a prototype: an id such as "__proto__" in a link is only a key.
      var raw = { v: 1, skills: Object.create(null), competencies: Object.create(null) };
      var read = function (text, into, value) {
        (text || "").split(",").forEach(function (pair) {
          var colon = pair.indexOf(":");
          if (colon > 0) into[pair.slice(0, colon)] = value(pair.slice(colon + 1));
        });
      };
      read(params.s, raw.skills, function (text) { return /^[0-9]$/.test(text) ? Number(text) : -1; });
      read(params.c, raw.competencies, function (text) { return text; });
      return cleanAnswers(raw);
    }
    if (own(params, "s") && /^[0-9]*$/.test(params.s) && legacyIds) {
      return mergeLegacy(emptyAnswers(), legacyIds, params.s);
    }
    return null;
  }

  // How far answers are from what one level of a role expects: the proficiency steps missing
  // over its skills (need minus have wherever have is lower), the cells short, and how many of
  // those are required.
  function distance(role, have, level) {
    var result = { steps: 0, cells: 0, required: 0 };
    role.skills.forEach(function (skill, index) {
      var need = skill.ranks[level] || 0;
      var mine = have[index] || 0;
      if (need <= mine) return;
      result.steps += need - mine;
      result.cells += 1;
      if (skill.required[level]) result.required += 1;
    });
    return result;
  }

  // Every role ranked by its distance from the answers, closest first. Each role is measured at
  // `levelId` (the level the reader meets on the page's role) where its own ladder has that
  // level, else at its first level (a management ladder's entry). Ties: fewer required skills
  // short first, then by id. Roles are { id, levels: [ids], skills: [...] } as in `assess`.
  function rankRoles(roles, answers, levelId) {
    return roles.map(function (role) {
      var have = haveFor(role, answers);
      var found = levelId ? role.levels.indexOf(levelId) : -1;
      var level = found >= 0 ? found : 0;
      var gap = distance(role, have, level);
      return { role: role, level: level, steps: gap.steps, cells: gap.cells,
               required: gap.required, reached: assess(role, have, role.levels.length).reached };
    }).sort(function (a, b) {
      return (a.steps - b.steps) || (a.required - b.required) ||
        (a.role.id < b.role.id ? -1 : a.role.id > b.role.id ? 1 : 0);
    });
  }

  // ── CSV ─────────────────────────────────────────────────────────────────────────────────
  // As skillmatrix/exports.py writes it: a cell a spreadsheet would read as a formula gets a
  // leading apostrophe; quoted (doubling quotes) where it holds a comma, a quote or a line end.
  var FORMULA_START = /^[=+\-@\t\r]/;

  function csvCell(value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (FORMULA_START.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  // Rows to a CSV file that Excel reads as UTF-8 too: a byte order mark first, CRLF line ends.
  function toCsv(rows) {
    return "\ufeff" + rows.map(function (row) { return row.map(csvCell).join(","); })
      .join("\r\n") + "\r\n";
  }

  return { THRESHOLD: THRESHOLD, levelStatus: levelStatus, assess: assess,
           encode: encode, decode: decode, compareLevels: compareLevels,
           compareRoles: compareRoles, format: format, profile: profile,
           levelRanks: levelRanks, percent: percent,
           emptyAnswers: emptyAnswers, cleanAnswers: cleanAnswers, parseAnswers: parseAnswers,
           haveFor: haveFor, withRanks: withRanks, mergeLegacy: mergeLegacy,
           withCompetency: withCompetency, competencyLevel: competencyLevel,
           behaviourStatus: behaviourStatus,
           answersToHash: answersToHash, answersFromHash: answersFromHash,
           distance: distance, rankRoles: rankRoles, csvCell: csvCell, toCsv: toCsv };
});
