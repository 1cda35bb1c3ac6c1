// The preview's in-place update (serve.py appends it to livereload.js; never part of the
// built site). On "reload", the page's new HTML is fetched and compared with the HTML the page
// was loaded from: when only texts and attributes differ, those nodes are changed where they
// are, which keeps the scroll position and spares the browser a whole navigation (a parse,
// a style and layout of the page, its scripts run again). Anything else reloads the page:
// a node added, removed or of another kind, a changed script, stylesheet or style, a page
// whose HTML was not at hand, a failed fetch.
(function () {
  "use strict";
  if (!window.LiveReload || typeof window.DOMParser !== "function" || !window.fetch) return;

  function parse(html) {
    return new DOMParser().parseFromString(html, "text/html");
  }

  // Which version of the page's file a response is: serve.py names it in Server-Timing
  // ("preview;desc=N", the file's modification time), which the page's own load exposes too
  // (its navigation entry).
  var GENERATION = /(?:^|,)\s*preview\s*;\s*desc="?(\d+)"?/;

  function generationOf(header) {
    var found = GENERATION.exec(header || "");
    return found ? found[1] : null;
  }

  function pageGeneration() {
    var entries = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation") : [];
    var timing = (entries[0] && entries[0].serverTiming) || [];
    for (var i = 0; i < timing.length; i++) {
      if (timing[i].name === "preview") return timing[i].description;
    }
    return null;
  }

  // The page's HTML as serve has it now, and which update that is.
  function fetchPage() {
    var url = window.location.href.split("#")[0];
    return fetch(url, { cache: "no-store", credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      var generation = generationOf(response.headers.get("Server-Timing"));
      return response.text().then(function (html) {
        return { html: html, generation: generation };
      });
    });
  }

  // What a page script reads once or what the browser loads: a change there is a reload.
  var LOADED = { SCRIPT: true, LINK: true, STYLE: true, NOSCRIPT: true, TEMPLATE: true };

  function sameAttributes(a, b) {
    if (a.attributes.length !== b.attributes.length) return false;
    for (var i = 0; i < a.attributes.length; i++) {
      var attribute = a.attributes[i];
      if (b.getAttribute(attribute.name) !== attribute.value) return false;
    }
    return true;
  }

  // Adds to `changes` the [before, after] node pairs whose text or attributes differ; false
  // when the two trees differ in shape (or in something LOADED).
  function compare(before, after, changes) {
    if (before.nodeType !== after.nodeType || before.nodeName !== after.nodeName) return false;
    if (before.nodeType !== 1) {
      if (before.nodeValue !== after.nodeValue) changes.push([before, after]);
      return true;
    }
    if (LOADED[before.nodeName] && before.outerHTML !== after.outerHTML) return false;
    if (!sameAttributes(before, after)) changes.push([before, after]);
    var a = before.childNodes;
    var b = after.childNodes;
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) {
      if (!compare(a[i], b[i], changes)) return false;
    }
    return true;
  }

  // The node of the live page at the same place as `node` of the baseline.
  function live(node) {
    var path = [];
    while (node.parentNode) {
      path.push(Array.prototype.indexOf.call(node.parentNode.childNodes, node));
      node = node.parentNode;
    }
    var found = document;
    for (var i = path.length - 1; i >= 0 && found; i--) found = found.childNodes[path[i]];
    return found;
  }

  function apply(changes) {
    // Found first, changed after: the live page may have nodes of its own (a script's), and
    // then the whole page is loaded again rather than half changed.
    var targets = changes.map(function (pair) { return live(pair[0]); });
    for (var i = 0; i < changes.length; i++) {
      var target = targets[i];
      var before = changes[i][0];
      if (!target || target.nodeName !== before.nodeName) return false;
      if (before.nodeType !== 1 && target.nodeValue !== before.nodeValue) return false;
    }
    for (var j = 0; j < changes.length; j++) {
      var node = targets[j];
      var after = changes[j][1];
      if (after.nodeType !== 1) {
        node.nodeValue = after.nodeValue;
        continue;
      }
      var old = changes[j][0];
      for (var k = 0; k < old.attributes.length; k++) {
        var name = old.attributes[k].name;
        if (!after.hasAttribute(name)) node.removeAttribute(name);
      }
      for (var m = 0; m < after.attributes.length; m++) {
        node.setAttribute(after.attributes[m].name, after.attributes[m].value);
      }
    }
    return true;
  }

  function InPlaceUpdate(window, host) {
    var plugin = this;
    this.host = host;
    this.baseline = null; // the Document the page on screen was made from
    fetchPage().then(function (page) {
      var loaded = pageGeneration();
      if (loaded !== null && page.generation !== null && loaded !== page.generation) {
        // The file changed between this page's load and this copy (an update whose
        // announcement did not reach this page): the page is older than its copy, so no
        // later comparison would see the difference. It is loaded again.
        window.location.reload();
        return;
      }
      plugin.baseline = parse(page.html);
    }).catch(function () {});
  }
  InPlaceUpdate.identifier = "skillmatrix-in-place";
  InPlaceUpdate.version = "1.0";

  InPlaceUpdate.prototype.reload = function (path, options) {
    var plugin = this;
    var before = this.baseline;
    if (!before) return false; // livereload reloads the page
    this.baseline = null; // an update arriving meanwhile reloads the page
    fetchPage().then(function (page) {
      var after = parse(page.html);
      var changes = [];
      var same = compare(before.documentElement, after.documentElement, changes);
      if (!same || !apply(changes)) throw new Error("not a change of texts only");
      plugin.baseline = after;
    }).then(function () {
      // Tells serve the page is current, as a reloaded page's socket would.
      var info = { command: "info", url: window.location.href, plugins: {} };
      plugin.host._connector.socket.send(JSON.stringify(info));
    }, function () {
      window.location.reload();
    }).catch(function () {});
    return true;
  };

  window.LiveReload.addPlugin(InPlaceUpdate);
})();
