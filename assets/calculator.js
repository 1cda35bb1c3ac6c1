// The calculator page: reads the role from the page's JSON data (#calculator-data) and the
// skills' fieldsets, keeps the reader's answers in localStorage and in the URL hash
// (#s=0123…, one digit per skill), and shows the result computed by MatrixCore (matrix-core.js).
(function () {
  "use strict";
  var form = document.querySelector("[data-calculator]");
  var dataNode = document.getElementById("calculator-data");
  var calc = window.MatrixCore;
  if (!form || !dataNode || !calc) return;
  var data = JSON.parse(dataNode.textContent);
  var levels = data.levels;
  var proficiencies = data.proficiencies;
  var msg = function (name, values) {
    return calc.format(data.messages[name] || "", values);
  };
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
  var results = document.querySelector(".calc-results");
  var q = function (selector) { return results.querySelector(selector); };

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

  var render = function (have) {
    var result = calc.assess(role, have, levels.length);
    q("[data-calc-reached]").textContent = result.reached >= 0 ?
      msg("reached", { level: levels[result.reached] }) : msg("none_reached");
    var bar = q("[data-calc-progress]");
    var body = q("[data-calc-gaps]");
    var rows = [];
    if (result.next === null) {
      q("[data-calc-progress-text]").textContent = msg("top");
      bar.value = 100;
    } else {
      var s = result.status;
      var percent = Math.round(s.progress * 100);
      bar.value = percent;
      q("[data-calc-progress-text]").textContent = [
        msg("progress", { percent: percent, level: levels[result.next] }),
        msg("required_met", { met: s.requiredMet, total: s.required }),
        msg("other_met", { met: s.otherMet, total: s.other, needed: s.otherNeeded })
      ].join(" · ");
      rows = s.gaps.map(function (gap) {
        var skill = skills[gap.skill];
        var tr = document.createElement("tr");
        var th = document.createElement("th");
        th.scope = "row";
        var a = document.createElement("a");
        a.href = skill.href;
        a.textContent = skill.name;
        th.appendChild(a);
        tr.appendChild(th);
        [proficiencies[gap.have] + " → " + proficiencies[gap.need],
         gap.required ? msg("yes") : msg("no")].forEach(function (text) {
          var td = document.createElement("td");
          td.textContent = text;
          tr.appendChild(td);
        });
        if (gap.required) tr.className = "gap-required";
        return tr;
      });
    }
    var title = result.next === null ? "" : levels[result.next];
    q("[data-calc-gap-caption]").textContent = title ? msg("gaps_for", { level: title }) : msg("top");
    body.replaceChildren.apply(body, rows);
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
