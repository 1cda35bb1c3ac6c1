// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // "/" focuses the search box, unless the reader is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var input = document.querySelector("[data-search-input]");
    if (input) { event.preventDefault(); input.focus(); }
  });

  // The locale chooser sends the reader to their language; without JS it is a list of links.
  if (root.dataset.page === "chooser") {
    var offered = JSON.parse(root.dataset.locales || "[]");
    var wanted = (navigator.languages || [navigator.language || ""]).map(function (tag) {
      return String(tag).toLowerCase().split("-")[0];
    });
    for (var i = 0; i < wanted.length; i++) {
      if (offered.indexOf(wanted[i]) >= 0) {
        window.location.replace(root.dataset.base + wanted[i] + "/");
        return;
      }
    }
  }

  // Matrix cells link to the detail on the level page (that is the no-JS path). With JS the
  // same detail opens in a dialog: the level page is fetched once and its article reused.
  var dialog = document.querySelector(".detail-dialog");
  if (dialog && typeof dialog.showModal === "function") {
    var body = dialog.querySelector("[data-dialog-body]");
    var pages = {};
    var opener = null;
    var load = function (url) {
      if (!pages[url]) {
        pages[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        }).then(function (html) {
          return new DOMParser().parseFromString(html, "text/html");
        });
      }
      return pages[url];
    };
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-detail]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      var parts = link.href.split("#");
      event.preventDefault();
      opener = link;
      load(parts[0]).then(function (doc) {
        var article = doc.getElementById(decodeURIComponent(parts[1]));
        if (!article) throw new Error("missing detail");
        var copy = document.importNode(article, true);
        copy.removeAttribute("id");
        var heading = copy.querySelector("h3, h4");
        if (heading) {
          heading.id = "detail-dialog-title";
          // A detail is the same text at every level with that proficiency: the heading says
          // which level was opened ("PostgreSQL · Senior").
          var level = doc.querySelector("[data-level-name]");
          if (level) {
            var name = document.createElement("span");
            name.className = "dialog-level";
            name.textContent = " · " + level.getAttribute("data-level-name");
            heading.appendChild(name);
          }
        }
        var more = document.createElement("p");
        var moreLink = document.createElement("a");
        moreLink.href = link.href;
        moreLink.textContent = link.getAttribute("aria-label");
        more.appendChild(moreLink);
        body.replaceChildren(copy, more);
        dialog.showModal();
      }).catch(function () { window.location.href = link.href; });
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  }

  // Printing shows every collapsed answer.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
  });
})();

// Search: Pagefind's index for this page's language, and the names of its pages (matched by
// search-core.js, forgiving a letter or two), both loaded on first use. The header box shows
// the best matches as you type; the search page shows them all. Without JS the form leads to
// the search page, which lists every role and skill.
(function () {
  "use strict";
  var root = document.documentElement;
  var form = document.querySelector(".search-form");
  var input = document.querySelector("[data-search-input]");
  if (!form || !input) return;
  var lang = root.lang || "en";
  // data-base is the way from this page back to the site's root ("../../"): made absolute,
  // since import() resolves against this script's address, not the page's.
  var siteRoot = new URL(root.dataset.base || "./", document.baseURI);
  var loaded = null;
  var engine = function () {
    if (!loaded) {
      loaded = import(siteRoot.href + "pagefind/pagefind.js").then(function (pagefind) {
        return Promise.resolve(pagefind.options({
          baseUrl: siteRoot.pathname,
          excerptLength: 20,
          // Role pages are long; without this a short page with one matching word outranks
          // the role whose title is the query.
          ranking: { pageLength: 0.2 }
        }))
          .then(function () { return pagefind; });
      });
    }
    return loaded;
  };
  // The matcher and this locale's names (site paths, resolved against the site's root like
  // Pagefind's results). Either failing leaves Pagefind's results alone: never an error.
  var names = null;
  var nameIndex = function () {
    if (!names) {
      var script = new Promise(function (resolve, reject) {
        if (window.SearchCore) { resolve(window.SearchCore); return; }
        var tag = document.createElement("script");
        tag.src = new URL(form.getAttribute("data-search-core"), document.baseURI).href;
        tag.onload = function () { resolve(window.SearchCore); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
      var data = fetch(siteRoot.href + form.getAttribute("data-search-names"),
                       { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.arrayBuffer();
      });
      names = Promise.all([script, data]).then(function (both) {
        return both[0].decode(both[1]).then(function (decoded) {
          return { core: both[0], list: both[0].entries(decoded) };
        });
      }).catch(function () { return null; });
    }
    return names;
  };
  var plural = new Intl.PluralRules(lang);
  // The plural forms of "{count} results", one per CLDR category, as JSON.
  var resultForms = JSON.parse(form.getAttribute("data-msg-results") || "{}");
  var countText = function (n) {
    var pattern = resultForms[plural.select(n)] || resultForms.other || "";
    return pattern.replace("{count}", n.toLocaleString(lang));
  };
  // Pagefind's excerpt is the page's plain text with "<" and ">" (only those) written as
  // "&lt;" and "&gt;", and the matches wrapped in <mark>. The only tags are its own marks, so
  // the excerpt is cut at them and every piece becomes a text node with those two characters
  // restored: no markup from content is ever parsed. (A page whose text says "&lt;" literally
  // shows "<": Pagefind's escaping cannot tell the two apart.)
  var unescapeExcerpt = function (text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  };
  var excerptNode = function (excerpt) {
    var p = document.createElement("p");
    p.className = "excerpt";
    String(excerpt || "").split(/(<mark>[\s\S]*?<\/mark>)/).forEach(function (part) {
      var match = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
      if (match) {
        var mark = document.createElement("mark");
        mark.textContent = unescapeExcerpt(match[1]);
        p.appendChild(mark);
      } else if (part) {
        p.appendChild(document.createTextNode(unescapeExcerpt(part)));
      }
    });
    return p;
  };
  var resultNode = function (data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    var kind = document.createElement("span");
    kind.className = "result-kind";
    kind.textContent = (data.meta && data.meta.kind) || "";
    var title = document.createElement("span");
    title.className = "result-title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    link.append(kind, " ", title);
    li.append(link);
    if (data.excerpt) li.append(excerptNode(data.excerpt));  // a name match may have none
    return li;
  };
  var generation = 0;
  var run = function (query, list, status, limit) {
    var mine = ++generation;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = status.getAttribute("data-hint") || "";
      return Promise.resolve(0);
    }
    status.textContent = form.getAttribute("data-msg-loading");
    var searched = engine().then(function (pagefind) { return pagefind.search(query); })
      .then(function (search) {
        if (mine !== generation || !search) return null;
        return Promise.all(search.results.slice(0, limit).map(function (r) { return r.data(); }))
          .then(function (items) { return { items: items, found: search.results.length }; });
      }, function () { return { items: [], found: 0 }; });  // no index: the names still answer
    return Promise.all([searched, nameIndex()]).then(function (both) {
      var pagefind = both[0];
      var index = both[1];
      if (mine !== generation || !pagefind) return -1;
      var shown = index ?
        index.core.merge(index.core.match(index.list, query), pagefind.items, pagefind.found,
                         siteRoot.pathname, limit) :
        { results: pagefind.items, total: pagefind.found };
      list.replaceChildren.apply(list, shown.results.map(resultNode));
      status.textContent = shown.total ? countText(shown.total) : form.getAttribute("data-msg-none");
      return shown.total;
    });
  };

  var page = document.querySelector("[data-search-page]");
  if (page) {
    var list = page.querySelector("[data-search-results]");
    var status = page.querySelector("[data-search-status]");
    var fromUrl = new URLSearchParams(window.location.search).get("q") || "";
    input.value = fromUrl;
    var update = function () {
      var url = new URL(window.location.href);
      if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.href);
      run(input.value, list, status, 50);
    };
    if (fromUrl) update();
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 120); });
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    return;
  }

  var popup = document.getElementById("search-popup");
  var popupList = popup.querySelector("[data-popup-results]");
  var popupStatus = popup.querySelector("[data-popup-status]");
  var allLink = popup.querySelector("[data-popup-all]");
  // Results follow the box in tab order; the status line announces how many there are.
  var show = function (open) { popup.hidden = !open; };
  var debounce = null;
  input.addEventListener("input", function () {
    clearTimeout(debounce);
    debounce = setTimeout(function () {
      var query = input.value;
      allLink.href = form.action + "?q=" + encodeURIComponent(query);
      if (!query.trim()) { show(false); return; }
      show(true);
      run(query, popupList, popupStatus, 6);
    }, 120);
  });
  input.addEventListener("focus", function () { engine(); nameIndex(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      var first = popupList.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !popup.hidden) { show(false); input.focus(); }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) show(false);
  });
})();
