// The calculator page: reads the role from the page's JSON data (#calculator-data) and the
// skills' fieldsets, and shows the result computed by MatrixCore (matrix-core.js).
// The reader's answers are one self-assessment shared by every role (localStorage
// "skillmatrix.answers", and the URL hash "#v=1&s=<skill>:<rank>,…"): answering here pre-fills
// every other role's calculator for the skills they share.
// The build drew the result panel at its final size: this script only fills in texts and moves
// bars, so the page does not shift when it starts. The distance to the other roles and the
// review sheet follow the questions, at the foot of the page.
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
  // Competency questions, when the page has them: a fieldset [data-competency="<id>"] of radios
  // whose values are level ids (an empty value: no answer). Their answers go to the shared
  // answers' `competencies` as skills go to `skills`; the result does not weigh them yet.
  var competencySets = Array.prototype.slice.call(form.querySelectorAll("[data-competency]"));
  var readCompetencies = function (into) {
    var next = calc.cleanAnswers(into);
    competencySets.forEach(function (set) {
      var id = set.getAttribute("data-competency");
      var checked = set.querySelector("input:checked");
      if (checked && checked.value) next.competencies[id] = checked.value;
      else delete next.competencies[id];
    });
    return calc.cleanAnswers(next);
  };
  var writeCompetencies = function (given) {
    competencySets.forEach(function (set) {
      var id = set.getAttribute("data-competency");
      var value = Object.prototype.hasOwnProperty.call(given.competencies, id) ?
        given.competencies[id] : "";
      Array.prototype.forEach.call(set.querySelectorAll("input"), function (input) {
        input.checked = input.value === value;
      });
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

  var notes = (function () {
    var stored = null;
    try { stored = JSON.parse(storage.get(NOTES_KEY)); } catch (e) { /* none */ }
    return stored && stored.v === 1 && stored.skills && typeof stored.skills === "object" ?
      stored : { v: 1, skills: {} };
  })();
  var noteOf = function (id, field) {
    var entry = Object.prototype.hasOwnProperty.call(notes.skills, id) ? notes.skills[id] : null;
    return entry && typeof entry[field] === "string" ? entry[field] : "";
  };
  var setNote = function (id, field, text) {
    var entry = Object.prototype.hasOwnProperty.call(notes.skills, id) ? notes.skills[id] : null;
    if (!entry || typeof entry !== "object") {
      notes.skills[id] = {};
    }
    notes.skills[id][field] = text;
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
    drawProfile(have, result.next === null ? levels.length - 1 : result.next);
    renderDistance();
    renderReview();
  };

  // ── How far from the other roles ───────────────────────────────────────────────────────
  // Every role's expectations come from one site-wide file (api/v1/expectations.json),
  // fetched once the reader comes near this view: a page never carries the other roles.
  var distanceView = q("[data-calc-distance]");
  var distanceStatus = q("[data-calc-distance-status]");
  var levelNames = {};
  data.all_levels.ids.forEach(function (id, i) { levelNames[id] = data.all_levels.names[i]; });
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
    var rows = status.gaps.map(function (gap) {
      return { skill: gap.skill, have: gap.have, need: gap.need, required: gap.required, gap: true };
    });
    skills.forEach(function (skill, index) {
      var need = skill.ranks[level] || 0;
      if (need && have[index] >= need) {
        rows.push({ skill: index, have: have[index], need: need,
                    required: !!skill.required[level], gap: false });
      }
    });
    return { level: level, status: status, rows: rows };
  };
  var statusText = function (row) {
    return row.gap ? msg(row.required ? "gap_required" : "gap") : msg("met");
  };
  var noteField = function (skill, field, label) {
    var area = el("textarea");
    area.rows = 2;
    area.value = noteOf(skill.id, field);
    area.setAttribute("aria-label", msg(label, { skill: skill.name }));
    // Seen where the columns' headings are not (a phone's cards).
    area.placeholder = msg(field);
    area.setAttribute("data-review-" + field, skill.id);
    area.addEventListener("input", function () { setNote(skill.id, field, area.value); });
    return area;
  };
  var renderReview = function () {
    if (!lastResult) return;
    var sheet = reviewRows();
    reviewLevel.value = String(sheet.level);
    var s = sheet.status;
    q("[data-review-heading]").textContent =
      msg("review_heading", { role: data.title, level: levels[sheet.level] });
    q("[data-review-summary]").textContent = s.required + s.other ?
      msg("review_summary", { met: s.requiredMet + s.otherMet, total: s.required + s.other,
                              required: s.required - s.requiredMet }) : msg("review_empty");
    var body = q("[data-review-rows]");
    body.replaceChildren.apply(body, sheet.rows.map(function (row) {
      var skill = skills[row.skill];
      var tr = el("tr");
      tr.className = row.gap ? "review-gap" + (row.required ? " gap-required" : "") : "review-met";
      tr.setAttribute("data-skill", skill.id);
      var th = el("th");
      th.scope = "row";
      th.appendChild(skillLink(skill));
      tr.appendChild(th);
      tr.appendChild(el("td", proficiencies[row.have] + " → " + proficiencies[row.need]));
      tr.appendChild(el("td", statusText(row)));
      [["notes", "notes_for"], ["evidence", "evidence_for"]].forEach(function (field) {
        var td = el("td");
        if (row.gap) td.appendChild(noteField(skill, field[0], field[1]));
        tr.appendChild(td);
      });
      return tr;
    }));
  };
  var reviewCsv = function () {
    var sheet = reviewRows();
    var level = levels[sheet.level];
    var rows = [["role", "target_level", "skill_id", "skill", "yours", "expected", "required",
                 "status", "notes", "evidence"]];
    sheet.rows.forEach(function (row) {
      var skill = skills[row.skill];
      rows.push([data.title, level, skill.id, skill.name, proficiencies[row.have],
                 proficiencies[row.need], row.required ? msg("yes") : msg("no"), statusText(row),
                 row.gap ? noteOf(skill.id, "notes") : "", row.gap ? noteOf(skill.id, "evidence") : ""]);
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

  form.addEventListener("change", function () {
    answers = readCompetencies(calc.withRanks(answers, ids, read()));
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
