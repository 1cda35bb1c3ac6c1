// The calculator page: reads the role from the page's JSON data (#calculator-data) and the
// skills' fieldsets, and shows the result computed by MatrixCore (matrix-core.js).
// The reader's answers are one self-assessment shared by every role (localStorage
// "skillmatrix.answers", and the URL hash "#v=1&s=<skill>:<rank>,…"): answering here pre-fills
// every other role's calculator for the skills they share.
// The build drew the result panel at its final size: this script only fills in texts and moves
// bars, so the page does not shift when it starts. The distance to the other roles and the
// review sheet follow the questions, at the foot of the page. The impact-and-behaviours
// questions, when the page has them, keep one answer per competency (a level id) in the same
// answers ("&c=<competency>:<level>,…" in the link), counted beside the level met.
(function () {
  "use strict";
  var form = document.querySelector("[data-calculator]");
  var dataNode = document.getElementById("calculator-data");
  var calc = window.MatrixCore;
  if (!form || !dataNode || !calc) return;
  var data = JSON.parse(dataNode.textContent);
  var levels = data.levels;
  var proficiencies = data.proficiencies;
  var NEXT_GAPS = 5; // in the panel; the full list follows the questions
  var msg = function (name, values) {
    return calc.format(data.messages[name] || "", values);
  };
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined,
                                      { maximumFractionDigits: 1 });
  var skills = Array.prototype.map.call(form.querySelectorAll(".calc-skill"), function (set) {
    var link = set.querySelector("legend a");
    return {
      id: set.getAttribute("data-skill"),
      name: link.textContent.trim(),
      href: link.getAttribute("href"),
      ranks: JSON.parse(set.getAttribute("data-ranks")).map(Number),
      required: JSON.parse(set.getAttribute("data-required")).map(Number)
    };
  });
  var ids = skills.map(function (skill) { return skill.id; });
  var role = { skills: skills };
  var ANSWERS_KEY = "skillmatrix.answers";
  // Before answers were shared, each role kept one digit per skill under a key of its own.
  var LEGACY_PREFIX = "skillmatrix:calculator:";
  // The review sheet's notes and evidence, per skill: private, never in the link.
  var NOTES_KEY = "skillmatrix.review";
  var results = document.querySelector("[data-calc-results]");
  var q = function (selector) { return document.querySelector(selector); };
  var all = function (root, selector) {
    return root ? Array.prototype.slice.call(root.querySelectorAll(selector)) : [];
  };

  var read = function () {
    return skills.map(function (skill) {
      var checked = form.querySelector('input[name="s-' + skill.id + '"]:checked');
      return checked ? Number(checked.value) : 0;
    });
  };
  var write = function (have) {
    skills.forEach(function (skill, i) {
      var input = form.querySelector('input[name="s-' + skill.id + '"][value="' + (have[i] || 0) + '"]');
      if (input) input.checked = true;
    });
  };
  // Impact and behaviours, when the page asks about them: a fieldset [data-competency="<id>"]
  // per competency, of radios whose values are the role's level ids ("" for none). An answer is
  // a level id in the shared answers' `competencies`. One given on a role of another track (a
  // level this ladder lacks) shows as none here and stays stored for the roles that have it.
  // They do not change the level met: the result and the review sheet report them beside it.
  var ladder = data.level_ids;
  var levelNames = {};
  data.all_levels.ids.forEach(function (id, i) { levelNames[id] = data.all_levels.names[i]; });
  var competencies = Array.prototype.map.call(form.querySelectorAll("[data-competency]"),
                                              function (set) {
    return {
      id: set.getAttribute("data-competency"),
      name: set.querySelector("legend").textContent.trim(),
      set: set,
      chosen: set.querySelector("[data-competency-chosen]"),
      // What the level at `index` of the ladder expects, as the page words it.
      text: function (index) {
        var input = set.querySelector('input[value="' + ladder[index] + '"]');
        var node = input && input.parentNode.querySelector("[data-level-text]");
        return node ? node.textContent.trim() : "";
      }
    };
  });
  var competencyIds = competencies.map(function (competency) { return competency.id; });
  var writeCompetencies = function (given) {
    competencies.forEach(function (competency) {
      var index = calc.competencyLevel(given, competency.id, ladder);
      var value = index >= 0 ? ladder[index] : "";
      all(competency.set, "input").forEach(function (input) { input.checked = input.value === value; });
      if (!competency.chosen) return;
      // The disclosure's summary: the level chosen and its text, seen while it is closed.
      if (index >= 0) {
        var name = document.createElement("strong");
        name.textContent = levels[index];
        competency.chosen.replaceChildren(name, " " + competency.text(index));
        return;
      }
      var stored = Object.prototype.hasOwnProperty.call(given.competencies, competency.id) ?
        given.competencies[competency.id] : "";
      competency.chosen.textContent = stored ?
        msg("behaviour_elsewhere", { level: levelNames[stored] || stored }) :
        msg("behaviour_unanswered");
    });
  };
  var storage = {
    get: function (key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, v) { try { window.localStorage.setItem(key, v); } catch (e) { /* private mode */ } },
    remove: function (key) { try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  };

  // The shared answers: what this browser saved, with this role's answers from before they were
  // shared moved in once (the old key is then removed); a link's answers replace them.
  var answers = calc.parseAnswers(storage.get(ANSWERS_KEY));
  var persist = function () {
    storage.set(ANSWERS_KEY, JSON.stringify(answers));
    window.history.replaceState(null, "", "#" + calc.answersToHash(answers));
  };
  var migrate = function (roleId, roleIds) {
    var legacy = storage.get(LEGACY_PREFIX + roleId);
    if (legacy === null) return false;
    answers = calc.mergeLegacy(answers, roleIds, legacy);
    storage.set(ANSWERS_KEY, JSON.stringify(answers));
    storage.remove(LEGACY_PREFIX + roleId);
    return true;
  };
  var migrated = migrate(data.role, ids);
  var linked = calc.answersFromHash(window.location.hash, ids);
  if (linked) answers = linked;
  // Answers kept from another visit go into the address too, so "Copy link" carries them.
  var hasAnswers = Object.keys(answers.skills).length + Object.keys(answers.competencies).length;
  if (linked || migrated || hasAnswers) persist();

  // Per skill and per competency ("skills", "competencies": a skill and a competency may
  // share an id); notes kept before competencies had any are read as they were.
  var notes = (function () {
    var stored = null;
    try { stored = JSON.parse(storage.get(NOTES_KEY)); } catch (e) { /* none */ }
    var valid = stored && stored.v === 1 && stored.skills && typeof stored.skills === "object";
    if (!valid) return { v: 1, skills: {}, competencies: {} };
    if (!stored.competencies || typeof stored.competencies !== "object") stored.competencies = {};
    return stored;
  })();
  var noteOf = function (kind, id, field) {
    var entry = Object.prototype.hasOwnProperty.call(notes[kind], id) ? notes[kind][id] : null;
    return entry && typeof entry[field] === "string" ? entry[field] : "";
  };
  var setNote = function (kind, id, field, text) {
    var entry = Object.prototype.hasOwnProperty.call(notes[kind], id) ? notes[kind][id] : null;
    if (!entry || typeof entry !== "object") {
      notes[kind][id] = {};
    }
    notes[kind][id][field] = text;
    storage.set(NOTES_KEY, JSON.stringify(notes));
  };

  var skillLink = function (skill) {
    var a = document.createElement("a");
    a.href = skill.href;
    a.textContent = skill.name;
    return a;
  };

  // The reader's profile against the target level: bar widths, markers, numbers and the
  // table for screen readers. The chart's own geometry (the bars' share of the width) is read
  // from it, so charts.py alone decides the layout.
  var chart = q("[data-profile]");
  var chartRows = all(chart, ".pc-row");
  var tableRows = all(chart, "tbody tr");
  var maximum = proficiencies.length - 1;
  var drawProfile = function (have, target) {
    if (!chartRows.length) return;
    var mine = calc.profile(have, data.categories);
    var need = calc.profile(calc.levelRanks(role, target), data.categories);
    var title = msg("profile_title", { level: levels[target] });
    chart.querySelector("svg > title").textContent = title;
    all(chart, "caption").forEach(function (node) { node.textContent = title; });
    // The legend's marker and the table's third column name the target.
    all(chart, "[data-profile-target], thead th:nth-child(3)").forEach(function (node) {
      node.textContent = levels[target];
    });
    chartRows.forEach(function (row, k) {
      var track = parseFloat(row.querySelector(".pc-track").getAttribute("width"));
      row.querySelector(".pc-bar").setAttribute("width",
                                                 calc.percent(track * Math.min(mine[k], maximum) / maximum));
      var ref = row.querySelector(".pc-ref");
      var x = calc.percent(track * Math.min(need[k], maximum) / maximum);
      ref.setAttribute("x1", x);
      ref.setAttribute("x2", x);
      row.querySelector(".pc-value").textContent =
        numbers.format(mine[k]) + " / " + numbers.format(need[k]);
    });
    tableRows.forEach(function (tr, k) {
      tr.cells[1].textContent = numbers.format(mine[k]);
      tr.cells[2].textContent = numbers.format(need[k]);
    });
  };

  var gapRow = function (gap) {
    var skill = skills[gap.skill];
    var tr = document.createElement("tr");
    var th = document.createElement("th");
    th.scope = "row";
    th.appendChild(skillLink(skill));
    tr.appendChild(th);
    [proficiencies[gap.have] + " → " + proficiencies[gap.need],
     gap.required ? msg("yes") : msg("no")].forEach(function (text) {
      var td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    });
    if (gap.required) tr.className = "gap-required";
    return tr;
  };
  var nextGap = function (gap) {
    var li = document.createElement("li");
    li.appendChild(skillLink(skills[gap.skill]));
    var need = document.createElement("span");
    need.textContent = proficiencies[gap.have] + " → " + proficiencies[gap.need];
    li.appendChild(document.createTextNode(" "));
    li.appendChild(need);
    if (gap.required) li.className = "gap-required";
    return li;
  };

  // "Impact and behaviours at <level> or above: n of N", beside the skills' counts.
  var behavioursLine = q("[data-calc-behaviours]");
  var behavioursText = function (level) {
    var s = calc.behaviourStatus(competencyIds, answers, ladder, level);
    return msg("behaviours_met", { level: levels[level], met: numbers.format(s.met),
                                   total: numbers.format(s.total) });
  };

  var lastResult = null;
  var render = function () {
    var have = calc.haveFor(role, answers);
    var result = lastResult = calc.assess(role, have, levels.length);
    var answered = have.some(function (rank) { return rank > 0; });
    q("[data-calc-reached]").textContent = result.reached >= 0 ?
      msg("reached", { level: levels[result.reached] }) : msg("none_reached");
    var bar = q("[data-calc-progress]");
    var gaps = [];
    if (result.next === null) {
      q("[data-calc-progress-text]").textContent = msg("top");
      q("[data-calc-counts]").textContent = "";
      bar.value = 100;
    } else {
      var s = result.status;
      var percent = Math.round(s.progress * 100);
      bar.value = percent;
      q("[data-calc-progress-text]").textContent = answered ?
        msg("progress", { percent: percent, level: levels[result.next] }) : msg("start");
      q("[data-calc-counts]").textContent = [
        msg("required_met", { met: s.requiredMet, total: s.required }),
        msg("other_met", { met: s.otherMet, total: s.other, needed: s.otherNeeded })
      ].join(" · ");
      gaps = s.gaps;
    }
    var title = result.next === null ? "" : levels[result.next];
    q("[data-calc-gap-caption]").textContent = title ? msg("gaps_for", { level: title }) : msg("top");
    var body = q("[data-calc-gaps]");
    body.replaceChildren.apply(body, gaps.map(gapRow));
    var next = q("[data-calc-next-gaps]");
    next.replaceChildren.apply(next, gaps.slice(0, NEXT_GAPS).map(nextGap));
    q("[data-calc-all-gaps]").textContent = gaps.length ? msg("all_gaps", { count: gaps.length }) : "";
    var target = result.next === null ? levels.length - 1 : result.next;
    if (behavioursLine) behavioursLine.textContent = behavioursText(target);
    drawProfile(have, target);
    renderDistance();
    renderReview();
  };

  // ── How far from the other roles ───────────────────────────────────────────────────────
  // Every role's expectations come from one site-wide file (api/v1/expectations.json),
  // fetched once the reader comes near this view: a page never carries the other roles.
  var distanceView = q("[data-calc-distance]");
  var distanceStatus = q("[data-calc-distance-status]");
  var others = null;
  var el = function (tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  var renderDistance = function () {
    if (!others || !lastResult) return;
    var met = lastResult.reached >= 0 ? data.level_ids[lastResult.reached] : null;
    var rows = calc.rankRoles(others, answers, met).map(function (entry) {
      var tr = el("tr");
      tr.setAttribute("data-role", entry.role.id);
      var th = el("th");
      th.scope = "row";
      var a = el("a", entry.role.title);
      a.href = data.urls.roles + encodeURIComponent(entry.role.id) + "/calculator/";
      th.appendChild(a);
      if (entry.role.id === data.role) {
        tr.className = "distance-here";
        th.appendChild(el("span", msg("distance_here")));
      }
      tr.appendChild(th);
      var levelName = function (index) {
        var id = entry.role.levels[index];
        return levelNames[id] || id;
      };
      [levelName(entry.level), numbers.format(entry.steps), numbers.format(entry.required),
       entry.reached >= 0 ? levelName(entry.reached) : msg("none")].forEach(function (text) {
        tr.appendChild(el("td", text));
      });
      return tr;
    });
    var body = q("[data-calc-distance-rows]");
    body.replaceChildren.apply(body, rows);
  };
  var loadOthers = function () {
    distanceStatus.textContent = msg("distance_loading");
    fetch(data.urls.expectations).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (file) {
      var digits = function (text) { return String(text).split("").map(Number); };
      others = file.roles.map(function (entry) {
        var title = entry.title && entry.title[data.locale];  // fallbacks filled by the build
        return {
          id: entry.id, title: title || entry.id, levels: entry.levels,
          skills: entry.skills.map(function (skill) {
            return { id: file.skills[skill[0]], ranks: digits(skill[1]), required: digits(skill[2]) };
          })
        };
      });
      // The answers other roles saved before answers were shared, moved in now that their
      // order of skills is known: once, like this role's.
      var moved = others.filter(function (other) {
        return migrate(other.id, other.skills.map(function (skill) { return skill.id; }));
      });
      if (moved.length) { persist(); write(calc.haveFor(role, answers)); }
      distanceStatus.textContent = "";
      render();
    }).catch(function () {
      distanceStatus.textContent = msg("distance_failed");
    });
  };

  // ── Review sheet ───────────────────────────────────────────────────────────────────────
  // The answers against a target level (the next level unless the reader picks one): each gap
  // with room for notes and evidence, printed by the print stylesheet and downloadable as CSV.
  var review = q("[data-review]");
  var reviewLevel = q("[data-review-level]");
  var chosenLevel = null;
  var targetLevel = function () {
    if (chosenLevel !== null) return chosenLevel;
    return lastResult.next === null ? levels.length - 1 : lastResult.next;
  };
  var reviewRows = function () {
    var level = targetLevel();
    var have = calc.haveFor(role, answers);
    var status = calc.levelStatus(role, have, level);
    var behaviours = calc.behaviourStatus(competencyIds, answers, ladder, level);
    // Gaps first (the skills', then the behaviours'), then what is met, in the same order.
    var rows = status.gaps.map(function (gap) {
      return { kind: "skill", skill: gap.skill, have: gap.have, need: gap.need,
               required: gap.required, gap: true };
    });
    behaviours.gaps.forEach(function (gap) {
      rows.push({ kind: "behaviour", competency: gap.competency, have: gap.have, need: level,
                  gap: true });
    });
    skills.forEach(function (skill, index) {
      var need = skill.ranks[level] || 0;
      if (need && have[index] >= need) {
        rows.push({ kind: "skill", skill: index, have: have[index], need: need,
                    required: !!skill.required[level], gap: false });
      }
    });
    competencies.forEach(function (competency, index) {
      var mine = calc.competencyLevel(answers, competency.id, ladder);
      if (mine >= level) {
        rows.push({ kind: "behaviour", competency: index, have: mine, need: level, gap: false });
      }
    });
    return { level: level, status: status, behaviours: behaviours, rows: rows };
  };
  var statusText = function (row) {
    return row.gap ? msg(row.required ? "gap_required" : "gap") : msg("met");
  };
  // `kind`: "skills" or "competencies"; `item`: a skill or a competency ({ id, name }).
  var noteField = function (kind, item, field, label) {
    var area = el("textarea");
    area.rows = 2;
    area.value = noteOf(kind, item.id, field);
    area.setAttribute("aria-label", msg(label, { skill: item.name }));
    // Seen where the columns' headings are not (a phone's cards).
    area.placeholder = msg(field);
    area.setAttribute("data-review-" + field, item.id);
    area.addEventListener("input", function () { setNote(kind, item.id, field, area.value); });
    return area;
  };
  // What a row compares, as words: the reader's proficiency or level, then the expected one.
  var yoursOf = function (row) {
    if (row.kind === "skill") return proficiencies[row.have];
    return row.have >= 0 ? levels[row.have] : msg("none");
  };
  var expectedOf = function (row) {
    return row.kind === "skill" ? proficiencies[row.need] : levels[row.need];
  };
  var reviewHeader = function (row) {
    var th = el("th");
    th.scope = "row";
    if (row.kind === "skill") {
      th.appendChild(skillLink(skills[row.skill]));
      return th;
    }
    var competency = competencies[row.competency];
    th.append(el("span", competency.name), " ");
    // What the target level expects, under the name; named for a screen reader.
    var text = el("span");
    text.className = "review-expectation";
    var label = el("span", msg("expected_text", { level: levels[row.need] }) + ": ");
    label.className = "visually-hidden";
    text.append(label, competency.text(row.need));
    th.appendChild(text);
    return th;
  };
  var renderReview = function () {
    if (!lastResult) return;
    var sheet = reviewRows();
    reviewLevel.value = String(sheet.level);
    var s = sheet.status;
    q("[data-review-heading]").textContent =
      msg("review_heading", { role: data.title, level: levels[sheet.level] });
    var summary = [s.required + s.other ?
      msg("review_summary", { met: s.requiredMet + s.otherMet, total: s.required + s.other,
                              required: s.required - s.requiredMet }) : msg("review_empty")];
    if (competencies.length) summary.push(behavioursText(sheet.level) + ".");
    q("[data-review-summary]").textContent = summary.join(" ");
    var body = q("[data-review-rows]");
    body.replaceChildren.apply(body, sheet.rows.map(function (row) {
      var skill = row.kind === "skill";
      var item = skill ? skills[row.skill] : competencies[row.competency];
      var tr = el("tr");
      tr.className = row.gap ? "review-gap" + (row.required ? " gap-required" : "") : "review-met";
      if (!skill) tr.className += " review-behaviour";
      tr.setAttribute(skill ? "data-skill" : "data-behaviour", item.id);
      tr.appendChild(reviewHeader(row));
      tr.appendChild(el("td", yoursOf(row) + " → " + expectedOf(row)));
      tr.appendChild(el("td", statusText(row)));
      [["notes", "notes_for"], ["evidence", "evidence_for"]].forEach(function (field) {
        var td = el("td");
        if (row.gap) td.appendChild(noteField(skill ? "skills" : "competencies", item, field[0], field[1]));
        tr.appendChild(td);
      });
      return tr;
    }));
  };
  var reviewCsv = function () {
    var sheet = reviewRows();
    var level = levels[sheet.level];
    // `kind` is "skill" or "behaviour" (a competency: its id and name in skill_id and skill, as
    // in the role's CSV); `expectation` is what the target level expects of a competency.
    var rows = [["role", "target_level", "kind", "skill_id", "skill", "yours", "expected",
                 "expectation", "required", "status", "notes", "evidence"]];
    sheet.rows.forEach(function (row) {
      var skill = row.kind === "skill";
      var item = skill ? skills[row.skill] : competencies[row.competency];
      var kind = skill ? "skills" : "competencies";
      rows.push([data.title, level, row.kind, item.id, item.name, yoursOf(row), expectedOf(row),
                 skill ? "" : item.text(row.need),
                 skill ? (row.required ? msg("yes") : msg("no")) : "", statusText(row),
                 row.gap ? noteOf(kind, item.id, "notes") : "",
                 row.gap ? noteOf(kind, item.id, "evidence") : ""]);
    });
    return calc.toCsv(rows);
  };

  write(calc.haveFor(role, answers));
  writeCompetencies(answers);
  render();
  distanceView.hidden = false;
  review.hidden = false;
  if ("IntersectionObserver" in window) {
    var watcher = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      watcher.disconnect();
      loadOthers();
    }, { rootMargin: "400px 0px" });
    watcher.observe(distanceView);
  } else {
    loadOthers();
  }

  // Only the question answered is read: a competency shown as none because its stored answer
  // is another track's level stays stored until the reader answers it here.
  form.addEventListener("change", function (event) {
    var set = event.target.closest ? event.target.closest("[data-competency]") : null;
    if (set) {
      answers = calc.withCompetency(answers, set.getAttribute("data-competency"), event.target.value);
      writeCompetencies(answers);
    } else {
      answers = calc.withRanks(answers, ids, read());
    }
    persist();
    render();
  });
  reviewLevel.addEventListener("change", function () {
    chosenLevel = Number(reviewLevel.value);
    renderReview();
  });
  q("[data-review-print]").addEventListener("click", function () { window.print(); });
  q("[data-review-csv]").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([reviewCsv()], { type: "text/csv;charset=utf-8" }));
    var a = el("a");
    a.href = url;
    a.download = data.role + "-" + data.level_ids[targetLevel()] + "-review.csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  // On a phone the panel is a bar at the foot of the screen: its details open on demand.
  var toggle = q("[data-calc-toggle]");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    results.classList.toggle("is-open", open);
  });
  // Reset clears the one self-assessment: every role's answers.
  q("[data-calc-reset]").addEventListener("click", function () {
    answers = calc.emptyAnswers();
    write(calc.haveFor(role, answers));
    writeCompetencies(answers);
    storage.remove(ANSWERS_KEY);
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    render();
  });
  q("[data-calc-copy]").addEventListener("click", function () {
    var done = function () { q("[data-calc-copied]").textContent = msg("copied"); };
    var url = window.location.href;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { window.prompt("", url); });
    } else {
      window.prompt("", url);
    }
  });
})();
