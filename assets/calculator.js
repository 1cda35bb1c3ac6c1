// The calculator page: reads the role from the page's JSON data (#calculator-data) and the
// skills' fieldsets, keeps the reader's answers in localStorage and in the URL hash
// (#s=0123…, one digit per skill), and shows the result computed by MatrixCore (matrix-core.js).
// The build drew the result panel at its final size: this script only fills in texts and moves
// bars, so the page does not shift when it starts.
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
  var role = { skills: skills };
  var storageKey = "skillmatrix:calculator:" + data.role;
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
  var storage = {
    get: function () { try { return window.localStorage.getItem(storageKey); } catch (e) { return null; } },
    set: function (v) { try { window.localStorage.setItem(storageKey, v); } catch (e) { /* private mode */ } },
    clear: function () { try { window.localStorage.removeItem(storageKey); } catch (e) { /* ignore */ } }
  };
  var fromHash = function () {
    var match = /(?:^#|&)s=([0-9]*)/.exec(window.location.hash);
    return match ? match[1] : null;
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

  var render = function (have) {
    var result = calc.assess(role, have, levels.length);
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
  };

  var save = function (have) {
    var state = calc.encode(have);
    storage.set(state);
    window.history.replaceState(null, "", "#s=" + state);
  };

  var initial = fromHash();
  if (initial === null) initial = storage.get();
  var have = calc.decode(initial || "", skills.length);
  write(have);
  if (initial) save(have);
  render(have);

  form.addEventListener("change", function () {
    var now = read();
    save(now);
    render(now);
  });
  // On a phone the panel is a bar at the foot of the screen: its details open on demand.
  var toggle = q("[data-calc-toggle]");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    results.classList.toggle("is-open", open);
  });
  q("[data-calc-reset]").addEventListener("click", function () {
    var none = calc.decode("", skills.length);
    write(none);
    storage.clear();
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    render(none);
  });
  q("[data-calc-print]").addEventListener("click", function () { window.print(); });
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
