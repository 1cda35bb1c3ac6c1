"""Per locale, the name of every searchable page, for the search box (assets/search-core.js).

Pagefind matches words, not names: a name typed with a letter wrong finds nothing, and a whole
Chinese name is segmented differently in the query than in the index, so it may miss its own
page (Pagefind issue #1237). The search box therefore also matches the query against these
names itself, forgiving a letter or two.

The file is fetched on a reader's first search, so it is kept small: entries are grouped by
kind, and each kind states once its label and how its pages' paths begin and end, leaving one
[name, id] pair per page; and it is written compressed, as Pagefind writes its own files (a
static host serves a .gz file as it is). On the scale corpus (1,000 roles, 600 skills) the
Russian file is 90 KB of JSON and 12 KB compressed, which keeps a first search under its
300 KB budget.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

from .i18n import Translator
from .model import Site, Text
from .pages import Page
from .urls import Urls

# The kinds of searchable pages, in the order a tie between two equally good matches is broken:
# a category or family before a skill of the same name length (数据库 -> 数据库管理 first).
KINDS: dict[str, Callable[[str, str], str]] = {
    "role": Urls.role,
    "family": Urls.family,
    "category": Urls.category,
    "skill": Urls.skill,
}
_ID = "\x00"  # stands for the page's id while a kind's path pattern is worked out


def page_name(page: Page) -> Text:
    """The name a searchable page is known by: its title."""
    data = page.data
    name: Text = data["role"].title if page.kind == "role" else data[page.kind].name
    return name


def names_file(site: Site, pages: list[Page], locale: str) -> bytes:
    """The file at Urls.search_names(locale): `names_json`, gzip-compressed (the same bytes
    for the same names: no timestamp)."""
    return gzip.compress(names_json(site, pages, locale).encode("utf-8"), compresslevel=9, mtime=0)


def names_json(site: Site, pages: list[Page], locale: str) -> str:
    """The names file of `locale`: {"kinds": [{"kind", "label", "prefix", "suffix",
    "names": [[name, id], ...]}]}; a page's site path is prefix + id + suffix."""
    default_ui = site.ui.get(site.default_locale, {})
    labels = Translator(locale, site.ui.get(locale, {}), default_ui, site.default_locale)
    groups: dict[str, dict[str, Any]] = {}
    for kind, url_of in KINDS.items():
        prefix, suffix = url_of(locale, _ID).split(_ID)
        groups[kind] = {
            "kind": kind,
            "label": labels.plain(f"kind.{kind}"),
            "prefix": prefix,
            "suffix": suffix,
            "names": [],
        }
    for page in pages:
        if not page.searchable or page.locale != locale:
            continue
        group = groups[page.kind]
        prefix, suffix = group["prefix"], group["suffix"]
        assert page.path.startswith(prefix) and page.path.endswith(suffix), page.path
        ident = page.path[len(prefix) : len(page.path) - len(suffix)]
        group["names"].append([page_name(page).plain(locale), ident])
    return json.dumps({"kinds": list(groups.values())}, ensure_ascii=False, separators=(",", ":"))
