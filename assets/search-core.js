// The search box's own name matching, beside Pagefind: pure functions, no DOM. Loaded by
// site.js on a reader's first search and by node's test runner (tests/js/search.test.mjs).
//
// Pagefind matches words: a name typed with a letter wrong finds nothing, and a whole Chinese
// name may miss its own page (the query is segmented unlike the index). So the query is also
// matched against every searchable page's name (the build's names file, one per locale): whole
// names and name prefixes first, and when nothing matches that way, names within one or two
// edits (Damerau-Levenshtein, optimal string alignment) of the query.
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.SearchCore = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Scripts written without spaces between words: a query in them is matched as a substring,
  // never by edit distance (two edits in a four-character Chinese name change half of it).
  var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

  // Case, accents and punctuation do not count: "Backend-Developer (python)" and "backend
  // developer python" are the same name, and so are "Ёмкость" and "емкость".
  function normalize(text) {
    return String(text).normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // Edits allowed for a query of this length: short queries must match exactly, or "go"
  // would find every two-letter name.
  function allowedEdits(query) {
    if (UNSPACED.test(query) || query.length < 4) return 0;
    return query.length < 8 ? 1 : 2;
  }

  // The fewest edits (insertion, deletion, substitution, swap of two neighbours) that turn
  // `query` into some prefix of `text`, or limit + 1 when more than `limit` are needed: a
  // reader who typed "kubernets" means a name that starts with "kubernetes".
  function prefixDistance(query, text, limit) {
    var m = query.length;
    var n = Math.min(text.length, m + limit);  // a longer prefix costs more than `limit`
    var before = null;
    var previous = [];
    for (var j = 0; j <= n; j++) previous.push(j);
    for (var i = 1; i <= m; i++) {
      var current = [i];
      var lowest = i;
      for (j = 1; j <= n; j++) {
        var cost = query[i - 1] === text[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && query[i - 1] === text[j - 2] &&
            query[i - 2] === text[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current.push(value);
        if (value < lowest) lowest = value;
      }
      // A row's lowest value never falls in the rows below it.
      if (lowest > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return Math.min(limit + 1, Math.min.apply(null, previous));
  }

  // The names file's bytes as its data: gzip-compressed as the build writes it, or already
  // decompressed by a host that served it with Content-Encoding. Null where the browser cannot
  // decompress (then only Pagefind answers).
  function decode(buffer) {
    var bytes = new Uint8Array(buffer);
    var text;
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      if (typeof DecompressionStream !== "function") return Promise.resolve(null);
      text = new Response(new Blob([bytes]).stream()
        .pipeThrough(new DecompressionStream("gzip"))).text();
    } else {
      text = Promise.resolve(new TextDecoder().decode(bytes));
    }
    return text.then(JSON.parse);
  }

  // The names file as a list of entries: { name, key (normalized), path (site path), label,
  // kind (the kind's place in the file: ties go to the earlier kind) }.
  function entries(data) {
    var list = [];
    ((data && data.kinds) || []).forEach(function (group, kind) {
      (group.names || []).forEach(function (pair) {
        var name = String(pair[0]);
        list.push({ name: name, key: normalize(name), kind: kind, label: String(group.label || ""),
                    path: String(group.prefix || "") + String(pair[1]) + String(group.suffix || "") });
      });
    });
    return list;
  }

  // Tiers of a match, best first.
  var WHOLE = 0;  // the name itself
  var PREFIX = 1;  // the start of the name
  var INSIDE = 2;  // the start of a word of the name (in unspaced scripts: anywhere in it),
                   // or, in unspaced scripts, a query that holds the whole name
  var NEAR = 3;  // within the allowed edits of the start of the name or of one of its words

  // The entries whose names match `query`, best first: by tier, then edits, then how close the
  // name's length is to the query's, then kind, then the file's order.
  function match(list, query) {
    var q = normalize(query);
    if (!q) return [];
    var unspaced = UNSPACED.test(q);
    var limit = allowedEdits(q);
    var found = [];
    list.forEach(function (entry, index) {
      var key = entry.key;
      var tier = -1;
      var edits = 0;
      if (key === q) tier = WHOLE;
      else if (key.indexOf(q) === 0) tier = PREFIX;
      else if (unspaced ? key.indexOf(q) > 0 || (key && q.indexOf(key) >= 0)
                        : (" " + key).indexOf(" " + q) >= 0) tier = INSIDE;
      else if (limit) {
        edits = limit + 1;
        for (var start = 0; start < key.length && edits > 0; start++) {
          if (start && key[start - 1] !== " ") continue;  // words start after a space
          edits = Math.min(edits, prefixDistance(q, key.slice(start), limit));
        }
        if (edits <= limit) tier = NEAR;
      }
      if (tier >= 0) {
        found.push({ entry: entry, tier: tier, edits: edits,
                     spread: Math.abs(key.length - q.length), index: index });
      }
    });
    found.sort(function (a, b) {
      return (a.tier - b.tier) || (a.edits - b.edits) || (a.spread - b.spread) ||
        (a.entry.kind - b.entry.kind) || (a.index - b.index);
    });
    return found;
  }

  // One list from the name matches and Pagefind's results (each { url, meta: { title, kind },
  // excerpt }): names that match as typed come first, then Pagefind's results, then the names
  // matched within a few edits; but when no name matches as typed, the near names come first,
  // since Pagefind cannot have found those pages by their names either. A page is listed once,
  // with Pagefind's excerpt when it has one. `siteRoot` is the path the names' site paths are
  // under (Pagefind's baseUrl); `found` is how many results Pagefind has in all. Returns the
  // first `limit` results and how many there are in all (as near as is known: pages Pagefind
  // found but did not load may also be among the names).
  function merge(matches, results, found, siteRoot, limit) {
    var byUrl = {};
    results.forEach(function (result) { byUrl[result.url] = result; });
    var asResult = function (match) {
      var url = siteRoot + match.entry.path;
      var same = byUrl[url];
      return { url: url, meta: { title: match.entry.name, kind: match.entry.label },
               excerpt: same ? same.excerpt : "" };
    };
    var asTyped = matches.filter(function (m) { return m.tier !== NEAR; }).map(asResult);
    var near = matches.filter(function (m) { return m.tier === NEAR; }).map(asResult);
    var order = asTyped.length ? asTyped.concat(results, near) : near.concat(results);
    var seen = {};
    var merged = [];
    var extra = 0;
    order.forEach(function (result) {
      if (seen[result.url]) return;
      seen[result.url] = true;
      if (!byUrl[result.url]) extra += 1;  // a name match Pagefind did not load
      merged.push(result);
    });
    return { results: merged.slice(0, limit), total: found + extra };
  }

  return { normalize: normalize, allowedEdits: allowedEdits, prefixDistance: prefixDistance,
           decode: decode, entries: entries, match: match, merge: merge,
           tiers: { WHOLE: WHOLE, PREFIX: PREFIX, INSIDE: INSIDE, NEAR: NEAR } };
});
