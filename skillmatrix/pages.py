"""Plan step: the list of pages to render, each with its template, locale and data.

Nothing is rendered here. The plan is also what the sitemap, the alternates of every page and
the incremental rebuild use: a page records the content files it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .resolve import Site, compare_levels, compare_roles
from .urls import Urls


@dataclass(eq=False)
class Page:
    kind: str  # names the template: layouts/{kind}.html
    path: str  # site path without base, e.g. "en/roles/x/"
    locale: str | None  # None for locale-neutral pages (the chooser)
    data: dict[str, Any]
    key: tuple[str, ...]  # the same key in every locale: alternates
    sources: frozenset[str] = field(default_factory=frozenset)  # content files shown
    in_sitemap: bool = True
    searchable: bool = True
    edit: str = "site_config.yaml"  # the content file a "suggest a change" link opens

    @property
    def output(self) -> str:
        return Urls.output_file(self.path)


GLOBAL_SOURCES = frozenset({"site_config.yaml", "content/levels.yaml",
                            "content/proficiencies.yaml", "content/categories.yaml"})


def plan_pages(site: Site) -> list[Page]:
    pages: list[Page] = [
        Page("chooser", "", None, {}, ("chooser",), GLOBAL_SOURCES, in_sitemap=False,
             searchable=False),
        Page("notfound", "404.html", site.default_locale, {}, ("404",), GLOBAL_SOURCES,
             in_sitemap=False, searchable=False,
             edit=f"content/i18n/{site.default_locale}.yaml"),
    ]
    every_role = frozenset(role.source for role in site.roles)
    every_family = frozenset(family.source for family in site.families)
    for locale in site.locales:
        ui = frozenset({f"content/i18n/{locale}.yaml", f"content/i18n/{site.default_locale}.yaml"})
        base = GLOBAL_SOURCES | ui

        def add(kind: str, path: str, data: dict[str, Any], key: tuple[str, ...],
                sources: frozenset[str], *, edit: str, searchable: bool = True,
                locale: str = locale) -> None:
            pages.append(Page(kind, path, locale, data, key, base | sources,
                              searchable=searchable, edit=edit))

        add("home", Urls.home(locale), {}, ("home",), every_role | every_family,
            edit="site_config.yaml")
        add("search", Urls.search(locale), {}, ("search",),
            every_role | every_family | frozenset(s.source for s in site.skills.values()),
            searchable=False, edit="content/categories.yaml")
        for family in site.families:
            add("family", Urls.family(locale, family.id), {"family": family},
                ("family", family.id), frozenset({family.source}) | {r.source for r in family.roles},
                edit=family.source)
        for role in site.roles:
            role_sources = frozenset({role.source, role.family.source}) | {
                row.skill.source for row in role.rows}
            add("role", Urls.role(locale, role.id), {"role": role}, ("role", role.id),
                role_sources, edit=role.source)
            for view in role.levels:
                add("level", Urls.level(locale, role.id, view.level.id),
                    {"role": role, "view": view}, ("level", role.id, view.level.id),
                    role_sources, edit=role.source)
            add("path", Urls.role_page(locale, role.id, "path"), {"role": role},
                ("path", role.id), role_sources, edit=role.source)
            add("calculator", Urls.role_page(locale, role.id, "calculator"), {"role": role},
                ("calculator", role.id), role_sources, searchable=False, edit=role.source)
            others = [r for r in site.roles if r is not role]
            # Compare with a role of the same family first: that is the comparison readers want.
            others.sort(key=lambda r: (r.family is not role.family, r.id))
            # The page opens on a level and the next, and on the nearest other role at Middle.
            data = {"role": role, "others": others, "by_levels": compare_levels(role, 0, 1),
                    "by_roles": compare_roles(role, others[0], site.levels[1]) if others else None}
            add("compare", Urls.role_page(locale, role.id, "compare"), data, ("compare", role.id),
                role_sources | {r.source for r in others}, searchable=False, edit=role.source)
            add("print", Urls.role_page(locale, role.id, "print"), {"role": role},
                ("print", role.id), role_sources, searchable=False, edit=role.source)
        for category in site.categories:
            if category.skills:
                add("category", Urls.category(locale, category.id),
                    {"category": category, "skills": category.skills}, ("category", category.id),
                    frozenset(s.source for s in category.skills), edit="content/categories.yaml")
        for skill in site.skills.values():
            add("skill", Urls.skill(locale, skill.id), {"skill": skill}, ("skill", skill.id),
                frozenset({skill.source}) | {u.role.source for u in skill.used_by},
                edit=skill.source)
    # The print view exists for the PDF and for printing; it duplicates the role page.
    for page in pages:
        if page.kind == "print":
            page.in_sitemap = False
    return pages


def alternates(site: Site, page: Page, by_key: dict[tuple[str, ...], list[Page]]) -> list[Page]:
    return [p for p in by_key.get(page.key, []) if p.locale in site.locales]
