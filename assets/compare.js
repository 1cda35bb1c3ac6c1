// The compare page: two levels of this role, or this role and another at one level. The page
// opens on a server-rendered default; choices are computed by MatrixCore from the compact
// matrix files (api/v1/matrix/{role}.json) and kept in the URL's query. What the page knows
// (levels, marks, messages) comes from its JSON data (#compare-data).
(function () {
  "use strict";
  var root = document.querySelector("[data-compare]");
  var dataNode = document.getElementById("compare-data");
  var core = window.MatrixCore;
  if (!root || !dataNode || !core) return;
  var data = JSON.parse(dataNode.textContent);
  var locale = data.locale;
  var levels = data.levels.ids.map(function (id, i) {
    return { id: id, name: data.levels.names[i] };
  });
  var marks = data.proficiencies.ids.map(function (id, i) {
    return { id: id, mark: data.proficiencies.marks[i], name: data.proficiencies.names[i] };
  });
  var msg = function (key, values) { return core.format(data.messages[key] || "", values); };
  var levelIndex = function (id) {
    for (var i = 0; i < levels.length; i++) if (levels[i].id === id) return i;
    return -1;
  };
  var cache = {};
  var matrix = function (id) {
    if (!cache[id]) {
      cache[id] = fetch(data.urls.matrix + encodeURIComponent(id) + ".json")
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    }
    return cache[id];
  };
  var el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  var name = function (texts) { return texts[locale] || texts[Object.keys(texts)[0]]; };
  var markNode = function (rank, required) {
    var wrap = document.createDocumentFragment();
    if (!rank) {
      var dash = el("span", "", "–");
      dash.setAttribute("aria-hidden", "true");
      wrap.append(dash, el("span", "visually-hidden", msg("not_expected")));
      return wrap;
    }
    var p = marks[rank - 1];
    var badge = el("span", "mark p-" + p.id + (required ? " required" : ""));
    badge.setAttribute("aria-hidden", "true");
    badge.append(el("b", "", p.mark), el("i", "pips"));
    wrap.append(badge, el("span", "visually-hidden",
      p.name + (required ? ", " + msg("required") : "")));
    return wrap;
  };
  var skillLink = function (skill) {
    var a = el("a", "", name(skill.name));
    a.href = data.urls.skill + skill.id + "/";
    return a;
  };
  var setQuery = function (pairs) {
    var url = new URL(window.location.href);
    Object.keys(pairs).forEach(function (key) { url.searchParams.set(key, pairs[key]); });
    window.history.replaceState(null, "", url.href);
  };

  var levelForm = root.querySelector("[data-compare-levels]");
  var renderLevels = function (a, b) {
    return matrix(data.role).then(function (role) {
      var ia = levelIndex(a), ib = levelIndex(b);
      if (ia < 0 || ib < 0) return;
      var rows = core.compareLevels(role, ia, ib).map(function (row) {
        var skill = role.skills[row.skill];
        var tr = el("tr", "change-" + row.change + (row.newlyRequired ? " newly-required" : ""));
        tr.setAttribute("data-skill", skill.id);
        var th = el("th");
        th.scope = "row";
        th.appendChild(skillLink(skill));
        var from = el("td", "cell");
        from.appendChild(markNode(row.from, row.fromRequired));
        var to = el("td", "cell");
        to.appendChild(markNode(row.to, row.toRequired));
        var change = el("td", "change");
        if (row.change !== "same") change.appendChild(el("span", "change-label", msg(row.change)));
        if (row.newlyRequired) {
          change.append(" ");
          change.appendChild(el("strong", "required-label", msg("newly_required")));
        }
        tr.append(th, from, to, change);
        return tr;
      });
      var body = root.querySelector("[data-levels-body]");
      body.replaceChildren.apply(body, rows);
      root.querySelector("[data-col-a]").textContent = levels[ia].name;
      root.querySelector("[data-col-b]").textContent = levels[ib].name;
      root.querySelector("[data-levels-caption]").textContent =
        msg("levels_caption", { a: levels[ia].name, b: levels[ib].name });
    });
  };
  var onLevels = function (event) {
    if (event) event.preventDefault();
    var a = levelForm.elements.a.value, b = levelForm.elements.b.value;
    setQuery({ a: a, b: b });
    renderLevels(a, b);
  };
  levelForm.addEventListener("change", onLevels);
  levelForm.addEventListener("submit", onLevels);

  var roleForm = root.querySelector("[data-compare-roles]");
  var renderRoles = function (otherId, level) {
    return Promise.all([matrix(data.role), matrix(otherId)]).then(function (pair) {
      var mine = pair[0], theirs = pair[1];
      var index = levelIndex(level);
      if (index < 0) return;
      var target = root.querySelector("[data-roles-result]");
      // The other role's own ladder may not have this level (another track's role).
      var theirIndex = theirs.levels.indexOf(level);
      if (theirIndex < 0) {
        target.replaceChildren(el("p", "", msg("no_level",
          { role: name(theirs.title), level: levels[index].name })));
        return;
      }
      var result = core.compareRoles(mine, theirs, index, theirIndex);
      var byId = function (role) {
        var map = {};
        role.skills.forEach(function (s) { map[s.id] = s; });
        return map;
      };
      var mineById = byId(mine), theirsById = byId(theirs);
      var table = el("table", "matrix compare-table");
      var caption = el("caption", "", name(mine.title) + " · " + name(theirs.title) + " · " +
        levels[index].name);
      caption.id = "shared-caption";
      var head = el("thead");
      var hr = el("tr");
      [msg("skill"), name(mine.title), name(theirs.title)].forEach(function (text) {
        // In a span, as on the server-rendered page: a header's content is capped in width.
        var th = el("th");
        th.appendChild(el("span", "", text));
        th.scope = "col";
        hr.appendChild(th);
      });
      head.appendChild(hr);
      var body = el("tbody");
      result.shared.forEach(function (row) {
        var tr = el("tr");
        var th = el("th");
        th.scope = "row";
        th.appendChild(skillLink(mineById[row.id]));
        var a = el("td", "cell");
        a.appendChild(markNode(row.first, mineById[row.id].required[index]));
        var b = el("td", "cell");
        b.appendChild(markNode(row.second, theirsById[row.id].required[theirIndex]));
        tr.append(th, a, b);
        body.appendChild(tr);
      });
      table.append(caption, head, body);
      var scroll = el("div", "matrix-scroll");
      scroll.setAttribute("role", "region");
      scroll.setAttribute("aria-labelledby", "shared-caption");
      scroll.tabIndex = 0;
      scroll.appendChild(table);
      var only = el("div", "only-lists");
      [[mine, result.onlyFirst, mineById, index], [theirs, result.onlySecond, theirsById, theirIndex]]
        .forEach(function (entry) {
          var section = el("section");
          var title = msg("only", { role: name(entry[0].title) });
          section.appendChild(el("h3", "", title));
          var list = el("ul");
          entry[1].forEach(function (row) {
            var li = el("li");
            var skill = entry[2][row.id];
            li.append(skillLink(skill), " ");
            li.appendChild(markNode(row.rank, skill.required[entry[3]]));
            list.appendChild(li);
          });
          section.appendChild(list);
          only.appendChild(section);
        });
      target.replaceChildren(scroll, only);
    });
  };
  var onRoles = function (event) {
    if (event) event.preventDefault();
    var other = roleForm.elements.role.value, level = roleForm.elements.level.value;
    setQuery({ role: other, level: level });
    renderRoles(other, level);
  };
  if (roleForm) {
    roleForm.addEventListener("change", onRoles);
    roleForm.addEventListener("submit", onRoles);
  }

  // Every other role, from the published index: those of this role's family first.
  var fillRoles = function () {
    if (!roleForm) return Promise.resolve();
    var select = roleForm.elements.role;
    var family = data.family;
    return fetch(data.urls.index).then(function (r) { return r.json(); }).then(function (index) {
      var current = select.value;
      var roles = index.roles.filter(function (r) { return r.id !== data.role; });
      roles.sort(function (a, b) {
        return ((a.family !== family) - (b.family !== family)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      });
      select.replaceChildren.apply(select, roles.map(function (r) {
        var option = el("option", "", name(r.title));
        option.value = r.id;
        option.selected = r.id === current;
        return option;
      }));
    });
  };

  // A shared link reopens the same comparison.
  var params = new URLSearchParams(window.location.search);
  if (params.get("a") && params.get("b")) {
    levelForm.elements.a.value = params.get("a");
    levelForm.elements.b.value = params.get("b");
    renderLevels(params.get("a"), params.get("b"));
  }
  fillRoles().then(function () {
    if (roleForm && params.get("role") && params.get("level")) {
      roleForm.elements.role.value = params.get("role");
      roleForm.elements.level.value = params.get("level");
      renderRoles(params.get("role"), params.get("level"));
    }
  });
})();
