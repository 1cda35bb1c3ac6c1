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
    var offered = (root.dataset.locales || "").split(" ");
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
        if (heading) heading.id = "detail-dialog-title";
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
