"""Plan step: the list of pages to render, each with its template, locale and data.

Nothing is rendered here. The plan is also what the sitemap, the alternates of every page and
the incremental rebuild use: a page records the parts of the content it shows (deps.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .compare import compare_levels, compare_roles, shares_level
from .deps import (
    EVERY_FAMILY,
    EVERY_ROLE_CARD,
    EVERY_SKILL,
    File,
    Part,
    RoleCard,
    RoleEntries,
    RoleLevel,
    RoleRow,
    files,
    role_files_shown,
)
from .history import NOT_READ, History, shown_changes
from .model import LevelChange, Role, RoleComparison, Site
from .urls import Urls


@dataclass(eq=False)
class Page:
    kind: str  # names the template: layouts/{kind}.html
    path: str  # site path without base, e.g. "en/roles/x/"
    locale: str | None  # None for locale-neutral pages (the chooser)
    data: dict[str, Any]
    key: tuple[str, ...]  # the same key in every locale: alternates
    shows: frozenset[Part] = field(default_factory=frozenset)  # parts of the content (deps)
    in_sitemap: bool = True
    searchable: bool = False  # in the search index (see search.SEARCHABLE)
    edit: str = "site_config.yaml"  # the content file a "suggest a change" link opens

    @property
    def output(self) -> str:
        return Urls.output_file(self.path)


@dataclass
class PlanMemo:
    """What planning worked out for each role and skill, kept from one plan to the next (the
    preview's updates). It is keyed by the objects themselves: a role or skill the next
    resolve reused (the same object, see `resolve(previous=)`) shows the same parts and
    compares the same, and a role resolved again is a new object, planned anew. A skill's
    parts are files and roles' files (its own, its users'): those are its key."""

    role_parts: dict[Role, tuple[frozenset[Part], list[frozenset[Part]]]] = field(
        default_factory=dict
    )  # a role -> what its pages show, and each of its level pages
    by_levels: dict[Role, list[LevelChange]] = field(default_factory=dict)
    by_roles: dict[tuple[Role, Role], RoleComparison] = field(default_factory=dict)
    skill_parts: dict[tuple[str, str, tuple[str, ...]], frozenset[Part]] = field(
        default_factory=dict
    )
    # A role's pages in one locale, with what else they were made from (`inputs` in
    # `plan_pages`): the same role planned from the same inputs has the same pages, which
    # are reused whole.
    role_pages: dict[tuple[Role, str], tuple[tuple[object, ...], list[Page]]] = field(
        default_factory=dict
    )


# What every page shows: the site's configuration and vocabularies.
GLOBAL_SOURCES = files(
    {
        "site_config.yaml",
        "content/levels.yaml",
        "content/proficiencies.yaml",
        "content/categories.yaml",
    }
)


def plan_pages(
    site: Site,
    history: History | None = None,
    *,
    print_views: bool = False,
    memo: PlanMemo | None = None,
) -> list[Page]:
    """Every page of the site. Print views are the PDFs' source: planned only when PDFs are
    made (readers print any page with the print stylesheet). The roles' history pages show
    `history` (git's, read by history.py; without it, they say it was not read). `memo`, the
    previous plan's (the preview), spares working out again what a reused role or skill
    shows and compares; it is left holding this plan's."""
    earlier = memo or PlanMemo()
    now = PlanMemo()
    history = history or History.unavailable(NOT_READ, site.config.history_limit)
    pages: list[Page] = [
        Page("chooser", "", None, {}, ("chooser",), GLOBAL_SOURCES, in_sitemap=False),
        Page(
            "notfound",
            "404.html",
            site.default_locale,
            {},
            ("404",),
            GLOBAL_SOURCES,
            in_sitemap=False,
            edit=f"content/i18n/{site.default_locale}.yaml",
        ),
    ]
    every_role: frozenset[Part] = frozenset({EVERY_ROLE_CARD})
    every_family: frozenset[Part] = frozenset({EVERY_FAMILY})
    every_skill: frozenset[Part] = frozenset({EVERY_SKILL})
    # What does not depend on the locale is worked out once, not once per locale.
    role_sources: dict[str, frozenset[Part]] = {}
    level_sources_of: dict[str, list[frozenset[Part]]] = {}

    # A level page shows its level and what changed since the previous one, not the whole role.
    def level_shows(role: Role, index: int) -> frozenset[Part]:
        shown: set[Part] = {
            RoleCard(role.source),
            *(
                RoleLevel(role.source, view.level.id)
                for view in role.levels[max(0, index - 1) : index + 1]
            ),
        }
        return (role_sources[role.id] - {File(role.source)}) | shown

    for role in site.roles:
        known = earlier.role_parts.get(role)
        if known is None:
            role_sources[role.id] = files(role_files_shown(role))
            known = (role_sources[role.id], [level_shows(role, i) for i in range(len(role.levels))])
        now.role_parts[role] = known
        role_sources[role.id], level_sources_of[role.id] = known
    # Compare with a role of the same family first: that is the comparison readers want.
    by_family = {f.id: sorted(f.roles, key=lambda r: r.id) for f in site.families}
    ordered = sorted(site.roles, key=lambda r: r.id)
    compare_data = {
        role.id: _compare_data(role, by_family[role.family.id], ordered, earlier, now)
        for role in site.roles
    }
    # The compare page shows the other role's cells and skills (names, texts) too: the skills
    # the two do not share are in no file of this role's.
    compare_sources = {
        role.id: role_sources[role.id]
        | (role_sources[data["by_roles"].second.id] if data["by_roles"] else frozenset())
        for role in site.roles
        for data in (compare_data[role.id],)
    }
    # The career path shows the roles this one leads into and those leading into it (their
    # titles), and which paths lead in (other roles' files).
    path_sources = {
        role.id: role_sources[role.id]
        | {RoleEntries(role.source)}
        | {RoleCard(step.target.source) for step in role.paths}
        | {RoleCard(step.source.source) for step in role.entered_from}
        for role in site.roles
    }
    family_sources = {
        f.id: files({f.source}) | {RoleCard(r.source) for r in f.roles} for f in site.families
    }
    category_sources = {c.id: files(s.source for s in c.skills) for c in site.categories}
    skill_sources: dict[str, frozenset[Part]] = {}
    for skill in site.skills.values():
        # The parts name files, not objects: a role resolved again has the same file.
        key = (skill.id, skill.source, tuple([u.role.source for u in skill.used_by]))
        shown = earlier.skill_parts.get(key)
        if shown is None:
            shown = (
                files({skill.source})
                | {RoleRow(u.role.source, skill.id) for u in skill.used_by}
                | {RoleCard(u.role.source) for u in skill.used_by}
            )
        now.skill_parts[key] = skill_sources[skill.id] = shown
    # A history page names its role and family (breadcrumbs) and the skills its changes moved
    # (git's history itself is read once per build, or once when `serve` starts).
    changes_of = {role.id: shown_changes(history, role, site) for role in site.roles}
    history_sources = {
        role.id: frozenset({RoleCard(role.source)})
        | files({role.family.source})
        | files(
            skill.source
            for shown in changes_of[role.id]
            for skill in (
                *(move.skill for move in shown.moves),
                *(found for _, found in shown.skills_added + shown.skills_removed),
            )
            if skill is not None
        )
        for role in site.roles
    }
    for locale in site.locales:
        ui = files({f"content/i18n/{locale}.yaml", f"content/i18n/{site.default_locale}.yaml"})
        base = GLOBAL_SOURCES | ui
        # A role's eight pages share one set: built once, not once per page (a set of some
        # seventy paths; on the scale corpus this was most of the planning time).
        with_base: dict[frozenset[Part], frozenset[Part]] = {}

        def add(
            kind: str,
            path: str,
            data: dict[str, Any],
            key: tuple[str, ...],
            sources: frozenset[Part],
            *,
            edit: str,
            searchable: bool = False,
            in_sitemap: bool = True,
            locale: str = locale,
            base: frozenset[Part] = base,
            with_base: dict[frozenset[Part], frozenset[Part]] = with_base,
        ) -> None:
            merged = with_base.get(sources)
            if merged is None:
                merged = with_base[sources] = base | sources
            pages.append(
                Page(
                    kind,
                    path,
                    locale,
                    data,
                    key,
                    merged,
                    searchable=searchable,
                    edit=edit,
                    in_sitemap=in_sitemap,
                )
            )

        add(
            "home",
            Urls.home(locale),
            {},
            ("home",),
            every_role | every_family,
            edit="site_config.yaml",
        )
        add(
            "search",
            Urls.search(locale),
            {},
            ("search",),
            every_role | every_family | every_skill,
            edit="content/categories.yaml",
        )
        for family in site.families:
            add(
                "family",
                Urls.family(locale, family.id),
                {"family": family},
                ("family", family.id),
                family_sources[family.id],
                edit=family.source,
                searchable=True,
            )
        for role in site.roles:
            # Everything its pages are made of besides the role itself (its parts and
            # comparisons, memoised by the role above) and the locale.
            inputs = (
                base,
                compare_data[role.id]["by_roles"],
                path_sources[role.id],
                history_sources[role.id],
                changes_of[role.id],
                print_views,
            )
            known_pages = earlier.role_pages.get((role, locale))
            if known_pages is not None and known_pages[0] == inputs:
                pages.extend(known_pages[1])
                now.role_pages[role, locale] = known_pages
                continue
            first_page = len(pages)
            sources = role_sources[role.id]
            role_data = {"role": role}
            add(
                "role",
                Urls.role(locale, role.id),
                role_data,
                ("role", role.id),
                sources,
                edit=role.source,
                searchable=True,
            )
            for view, level_sources in zip(role.levels, level_sources_of[role.id], strict=True):
                add(
                    "level",
                    Urls.level(locale, role.id, view.level.id),
                    {"role": role, "view": view},
                    ("level", role.id, view.level.id),
                    level_sources,
                    edit=role.source,
                )
            add(
                "path",
                Urls.role_page(locale, role.id, "path"),
                role_data,
                ("path", role.id),
                path_sources[role.id],
                edit=role.source,
            )
            add(
                "calculator",
                Urls.role_page(locale, role.id, "calculator"),
                role_data,
                ("calculator", role.id),
                sources,
                edit=role.source,
            )
            add(
                "history",
                Urls.role_page(locale, role.id, "history"),
                {"role": role, "history": history, "changes": changes_of[role.id]},
                ("history", role.id),
                history_sources[role.id],
                edit=role.source,
            )
            data = compare_data[role.id]
            add(
                "compare",
                Urls.role_page(locale, role.id, "compare"),
                data,
                ("compare", role.id),
                compare_sources[role.id],
                edit=role.source,
            )
            if print_views:
                add(
                    "print",
                    Urls.role_page(locale, role.id, "print"),
                    role_data,
                    ("print", role.id),
                    sources,
                    in_sitemap=False,
                    edit=role.source,
                )
            now.role_pages[role, locale] = (inputs, pages[first_page:])
        for category in site.categories:
            if category.skills:
                add(
                    "category",
                    Urls.category(locale, category.id),
                    {"category": category, "skills": category.skills},
                    ("category", category.id),
                    category_sources[category.id],
                    edit="content/categories.yaml",
                    searchable=True,
                )
        for skill in site.skills.values():
            add(
                "skill",
                Urls.skill(locale, skill.id),
                {"skill": skill},
                ("skill", skill.id),
                skill_sources[skill.id],
                edit=skill.source,
                searchable=True,
            )
    if memo is not None:
        # Only what this plan used: the objects of an older site are let go.
        memo.role_parts, memo.by_levels = now.role_parts, now.by_levels
        memo.by_roles, memo.skill_parts = now.by_roles, now.skill_parts
        memo.role_pages = now.role_pages
    return pages


def _compare_data(
    role: Role, family: list[Role], ordered: list[Role], earlier: PlanMemo, now: PlanMemo
) -> dict[str, Any]:
    # The page opens on the role's first level and the next, and on the nearest other role
    # (of its family first) at that next level, which both roles' ladders must have.
    second = min(1, len(role.ladder) - 1)
    level = role.ladder[second]
    partner = next((r for r in family if r is not role and shares_level(r, level)), None) or next(
        (r for r in ordered if r.family is not role.family and shares_level(r, level)), None
    )
    by_levels = earlier.by_levels.get(role)
    if by_levels is None:
        by_levels = compare_levels(role, 0, second)
    now.by_levels[role] = by_levels
    by_roles = None
    if partner:
        by_roles = earlier.by_roles.get((role, partner))
        if by_roles is None:
            by_roles = compare_roles(role, partner, level)
        now.by_roles[role, partner] = by_roles
    return {"role": role, "opened_level": level, "by_levels": by_levels, "by_roles": by_roles}
