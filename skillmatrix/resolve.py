"""Resolve step: turn validated content into the model every output is made from.

Ids become objects, fallbacks are known, and everything a page would otherwise compute (stats,
per-level expectations, what changes between levels, who uses a skill) is computed here once,
so templates only present and the JSON/CSV exports, search and PDFs show the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import shapes
from .load import Content
from .model import (
    Behaviour,
    CareerPath,
    Category,
    CategoryGroup,
    CategoryProfile,
    Cell,
    Competency,
    Family,
    Faq,
    Level,
    LevelChange,
    LevelView,
    Proficiency,
    Raise,
    Role,
    Row,
    Site,
    Skill,
    Stats,
    Text,
    Usage,
)
from .validate import parse_cell


def _entries(content: Content) -> dict[str, dict[str, Any]]:
    return {
        "config": {"": content.config},
        "levels": {"": content.levels},
        "proficiencies": {"": content.proficiencies},
        "categories": {"": content.categories},
        "skills": content.skills,
        "families": content.families,
        "ui": content.ui,
        "roles": content.roles,
        "competencies": content.competencies,
    }


def _same(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return before.keys() == after.keys() and all(after[k] is v for k, v in before.items())


def resolve(content: Content, previous: Site | None = None) -> Site:
    """Build the site model. Call only on content that passed validation.

    With the `previous` site of the same content folder (the preview's last update), an edit
    that touched only role and skill files re-resolves only the edited skills, the edited
    roles and the roles that use an edited skill: unchanged files keep their validated
    entries (the parse cache), so identity tells what changed."""
    entries = _entries(content)
    if (
        previous is not None
        and previous.entries
        and all(
            _same(previous.entries[kind], entries[kind])
            for kind in entries
            if kind not in ("roles", "skills")
        )
        and previous.entries["roles"].keys() == entries["roles"].keys()
        and previous.entries["skills"].keys() == entries["skills"].keys()
    ):
        return _update(previous, content, entries)
    site = _resolve_all(content)
    site.entries = entries
    return site


def _update(previous: Site, content: Content, entries: dict[str, dict[str, Any]]) -> Site:
    """`previous` with the edited skills and the roles they or their own files touch
    resolved again; every other role and skill is reused as it was."""
    old = {role.id: role for role in previous.roles}
    prof_by_id = {p.id: p for p in previous.proficiencies}
    categories = {c.id: c for c in previous.categories}
    families = {f.id: f for f in previous.families}

    def text(raw: Any) -> Text:
        return Text.of(raw, previous.default_locale)

    if previous.linked is not previous.links.current:
        _link_again(previous)  # what follows reads and changes the links of `previous`
    old_skills = previous.entries["skills"]
    edited = set()
    for ident, entry in content.skills.items():
        was = old_skills[ident]
        if was is entry:
            continue
        skill = previous.skills[ident]
        if entry.category == was.category and content.origins[("skill", ident)] == skill.source:
            # Its texts changed, not its place in the catalog: the skill is changed where it
            # is, for every role. Roles hold its name and description only through the
            # skill; each cell holds the text of its proficiency, unless the role wrote its
            # own: those are changed too (found through `used_by`, as the last resolve
            # linked it).
            skill.name, skill.description = text(entry.name), text(entry.description)
            # The previous site shows this entry now: an update resolved from it again (this
            # one stopped before its end) must compare with what it shows.
            old_skills[ident] = entry
            if entry.proficiency != was.proficiency:
                skill.meanings = {
                    p: text(getattr(entry.proficiency, p)) for p in shapes.PROFICIENCIES
                }
                for usage in skill.used_by:
                    for cell in usage.cells:
                        if cell is not None and not cell.overridden:
                            cell.detail = skill.meanings[cell.proficiency.id]
        else:
            edited.add(ident)
    # Same ids in the same (sorted) order: only the skills moved (`edited`) are new objects. A
    # role's cells hold its skills' objects and texts, so a role using one is resolved again
    # below, and a role that does not use one holds none of the replaced objects.
    skills = {
        ident: _resolve_skill(ident, content.skills[ident], content, categories, text)
        if ident in edited
        else skill
        for ident, skill in previous.skills.items()
    }
    if edited:
        # A skill may have moved to another category: the lists are made again, in the
        # catalog's (id) order as `_resolve_all` makes them.
        for category in previous.categories:
            category.skills.clear()
        for skill in skills.values():
            skill.category.skills.append(skill)

    roles = [
        old[ident]
        if previous.entries["roles"][ident] is entry and edited.isdisjoint(entry.matrix)
        else _resolve_role(
            ident,
            entry,
            content,
            previous.levels,
            prof_by_id,
            categories,
            skills,
            families,
            previous.competencies,
            text,
        )
        for ident, entry in sorted(content.roles.items())
    ]
    replaced = {role.id: old[role.id] for role in roles if role is not old[role.id]}
    if edited:
        for family in previous.families:
            family.roles.clear()
        for skill in skills.values():
            skill.used_by.clear()
            skill.levels = []
        _link_roles(roles, content.roles, previous.levels)
    elif replaced:
        _relink(roles, replaced, content.roles, previous.levels)
    # else: the same roles and skills, linked as they were (texts changed in place)
    site = Site(
        config=previous.config,
        locales=previous.locales,
        default_locale=previous.default_locale,
        title=previous.title,
        description=previous.description,
        levels=previous.levels,
        proficiencies=previous.proficiencies,
        categories=previous.categories,
        skills=skills,
        families=previous.families,
        roles=roles,
        ui=previous.ui,
        competencies=previous.competencies,
        entries=entries,
        links=previous.links,
        linked=previous.linked,
    )
    if edited or replaced:
        site.links.current = site.linked = object()
    return site


def _relink(
    roles: list[Role],
    replaced: dict[str, Role],
    written: dict[str, shapes.Role],
    levels: list[Level],
) -> None:
    """`_link_roles` after an update that made new objects of the roles `replaced` (id ->
    the object it replaced) and of no skill: only the families and skills those roles were
    or are linked to change (in role order, as `_link_roles` makes them); the paths
    between roles are linked again (a role kept may lead into one replaced)."""
    now = {role.id: role for role in roles if role.id in replaced}
    for family in {role.family for role in (*replaced.values(), *now.values())}:
        family.roles[:] = [role for role in roles if role.family is family]
    touched = {row.skill for role in (*replaced.values(), *now.values()) for row in role.rows}
    for skill in touched:
        usages = [u for u in skill.used_by if u.role.id not in replaced]
        usages += [
            Usage(role, row.cells)
            for role in now.values()
            for row in role.rows
            if row.skill is skill
        ]
        skill.used_by[:] = sorted(usages, key=lambda u: u.role.id)
        used_at = {level.id for usage in skill.used_by for level in usage.role.ladder}
        skill.levels = [lv for lv in levels if lv.id in used_at]
    _link_paths(roles, written, levels)


def _link_again(site: Site) -> None:
    """Links the shared families, categories and skills for `site` again, as its own resolve
    did: a later resolve from it, dropped before its end (the preview stopped that update
    for a newer one), linked them for a site that was never kept."""
    for family in site.families:
        family.roles.clear()
    for category in site.categories:
        category.skills.clear()
    for skill in site.skills.values():
        skill.category.skills.append(skill)
        skill.used_by.clear()
        skill.levels = []
    _link_roles(site.roles, site.entries["roles"], site.levels)
    site.links.current = site.linked = object()


def _link_roles(roles: list[Role], written: dict[str, shapes.Role], levels: list[Level]) -> None:
    """Who is in a family, who uses a skill, and the career paths between roles (both ways),
    in role order. Paths are linked here, not per role: a role kept from the previous
    resolve may lead into one resolved again."""
    skill_levels: dict[Skill, set[str]] = {}
    for role in roles:
        role.family.roles.append(role)
        ladder = {lv.id for lv in role.ladder}
        for row in role.rows:
            row.skill.used_by.append(Usage(role, row.cells))
            skill_levels.setdefault(row.skill, set()).update(ladder)
    _link_paths(roles, written, levels)
    for skill, used_at in skill_levels.items():
        skill.levels = [lv for lv in levels if lv.id in used_at]


def _link_paths(roles: list[Role], written: dict[str, shapes.Role], levels: list[Level]) -> None:
    """The career paths between roles, both ways (`paths`, `entered_from`)."""
    by_id = {role.id: role for role in roles}
    level_by_id = {level.id: level for level in levels}
    for role in roles:
        role.paths = []
        role.entered_from = []
    for role in roles:
        for path in written[role.id].paths:
            role.paths.append(
                CareerPath(role, level_by_id[path.from_], by_id[path.role], level_by_id[path.to])
            )
    for role in roles:
        for step in role.paths:
            step.target.entered_from.append(step)


def _resolve_all(content: Content) -> Site:
    assert content.config is not None
    default = content.config.default_locale

    def text(raw: Any) -> Text:
        return Text.of(raw, default)

    # In the order of levels.yaml, which validation keeps to the five individual levels'
    # order and each track's order of seniority.
    levels = [
        Level(ident, i, text(entry.name), text(entry.short), entry.track)
        for i, (ident, entry) in enumerate(content.levels.items())
    ]
    proficiencies = [
        Proficiency(
            ident,
            shapes.PROFICIENCIES.index(ident) + 1,
            text(entry.name),
            text(entry.mark),
            text(entry.description),
        )
        for ident, entry in sorted(
            content.proficiencies.items(), key=lambda kv: shapes.PROFICIENCIES.index(kv[0])
        )
    ]
    prof_by_id = {p.id: p for p in proficiencies}
    categories = {
        ident: Category(ident, order, text(entry.name), content.origins[("category", ident)])
        for order, (ident, entry) in enumerate(content.categories.items())
    }
    skills = {
        ident: _resolve_skill(ident, entry, content, categories, text)
        for ident, entry in sorted(content.skills.items())
    }
    for skill in skills.values():
        skill.category.skills.append(skill)
    families = {
        ident: Family(
            ident, text(entry.name), text(entry.description), content.origins[("family", ident)]
        )
        for ident, entry in sorted(content.families.items())
    }
    competencies = _resolve_competencies(content, text)
    roles = [
        _resolve_role(
            ident,
            entry,
            content,
            levels,
            prof_by_id,
            categories,
            skills,
            families,
            competencies,
            text,
        )
        for ident, entry in sorted(content.roles.items())
    ]
    _link_roles(roles, content.roles, levels)
    site = Site(
        config=content.config,
        locales=list(dict.fromkeys(content.config.locales)),
        default_locale=default,
        title=text(content.config.title),
        description=text(content.config.description),
        levels=levels,
        proficiencies=proficiencies,
        categories=sorted(categories.values(), key=lambda c: c.order),
        skills=skills,
        families=sorted(families.values(), key=lambda f: f.id),
        roles=roles,
        ui=content.ui,
        competencies=competencies,
    )
    site.linked = site.links.current
    return site


def _resolve_skill(
    ident: str,
    entry: shapes.Skill,
    content: Content,
    categories: dict[str, Category],
    text: Any,
) -> Skill:
    return Skill(
        ident,
        categories[entry.category],
        text(entry.name),
        text(entry.description),
        {p: text(getattr(entry.proficiency, p)) for p in shapes.PROFICIENCIES},
        content.origins[("skill", ident)],
    )


def _resolve_competencies(content: Content, text: Any) -> list[Competency]:
    """The catalog in reading order (`order`, unique once validated; the id breaks a tie
    anyway, so an order is never left to the file system)."""
    return [
        Competency(
            ident,
            entry.order,
            text(entry.name),
            text(entry.description),
            {level: text(expected) for level, expected in entry.levels.items()},
            content.origins[("competency", ident)],
        )
        for ident, entry in sorted(
            content.competencies.items(), key=lambda kv: (kv[1].order, kv[0])
        )
    ]


def _resolve_role(
    ident: str,
    entry: shapes.Role,
    content: Content,
    levels: list[Level],
    proficiencies: dict[str, Proficiency],
    categories: dict[str, Category],
    skills: dict[str, Skill],
    families: dict[str, Family],
    competencies: list[Competency],
    text: Any,
) -> Role:
    by_id = {level.id: level for level in levels}
    ladder = tuple(by_id[level_id] for level_id in entry.levels)
    rows: list[Row] = []
    for skill_id, raw_row in entry.matrix.items():
        skill = skills[skill_id]
        cells: list[Cell | None] = []
        for level in ladder:
            raw = raw_row.get(level.id)
            if raw is None:
                cells.append(None)
                continue
            prof_id, required = parse_cell(raw)
            override = entry.details.get(skill_id, {}).get(level.id)
            cells.append(
                Cell(
                    skill,
                    level,
                    proficiencies[prof_id],
                    required,
                    text(override) if override is not None else skill.meanings[prof_id],
                    override is not None,
                )
            )
        rows.append(Row(skill, cells))

    by_category: dict[str, list[Row]] = {}
    for row in rows:
        by_category.setdefault(row.skill.category.id, []).append(row)
    groups = [
        CategoryGroup(categories[cid], grouped)
        for cid, grouped in sorted(by_category.items(), key=lambda kv: categories[kv[0]].order)
    ]
    ordered_rows = [row for group in groups for row in group.rows]

    views = [
        _level_view(level, i, ladder, groups, ordered_rows, entry, competencies, text)
        for i, level in enumerate(ladder)
    ]
    all_cells = [c for row in rows for c in row.cells if c is not None]
    stats = Stats(
        skills=len(rows),
        levels=len(ladder),
        required=sum(1 for c in all_cells if c.required),
        requirements=len(all_cells),
        categories=len(groups),
    )
    return Role(
        id=ident,
        family=families[entry.family],
        title=text(entry.title),
        summary=text(entry.summary),
        core_categories=[categories[c] for c in entry.core_categories],
        rows=ordered_rows,
        groups=groups,
        levels=views,
        stats=stats,
        key_areas=_key_areas(groups),
        faq=[Faq(text(item.question), text(item.answer)) for item in entry.faq],
        source=content.origins[("role", ident)],
        profile=[_category_profile(group, len(ladder)) for group in groups],
        ladder=ladder,
    )


def mean_rank(ranks: list[int]) -> float:
    """The mean of proficiency ranks, rounded half up to one decimal (0.0 for none)."""
    if not ranks:
        return 0.0
    # Integer arithmetic: 10 * sum / n rounded half up, with no binary fraction to misround.
    return (20 * sum(ranks) + len(ranks)) // (2 * len(ranks)) / 10


def _category_profile(group: CategoryGroup, level_count: int) -> CategoryProfile:
    return CategoryProfile(
        group.category,
        len(group.rows),
        tuple(mean_rank([row.ranks[i] for row in group.rows]) for i in range(level_count)),
    )


def _behaviours(
    competencies: list[Competency], level: Level, previous: Level | None
) -> list[Behaviour]:
    """Every competency at `level` of a role's ladder, with what the level before it (in the
    same ladder) expected, so a page can say what the step changes."""
    return [
        Behaviour(
            competency,
            competency.levels[level.id],
            competency.levels[previous.id] if previous is not None else None,
        )
        for competency in competencies
    ]


def _level_view(
    level: Level,
    i: int,
    ladder: tuple[Level, ...],
    groups: list[CategoryGroup],
    rows: list[Row],
    entry: shapes.Role,
    competencies: list[Competency],
    text: Any,
) -> LevelView:
    previous = ladder[i - 1] if i > 0 else None
    expected = [
        (group.category, [row.cells[i] for row in group.rows if row.cells[i] is not None])
        for group in groups
    ]
    expected_groups = [(category, cells) for category, cells in expected if cells]
    added, raised, newly_required = [], [], []
    for row in rows:
        now = row.cells[i]
        if now is None:
            continue
        before = row.cells[i - 1] if i > 0 else None
        if i > 0 and before is None:
            added.append(now)
        elif before is not None and now.proficiency.rank > before.proficiency.rank:
            raised.append(Raise(before, now))
        if i > 0 and now.required and (before is None or not before.required):
            newly_required.append(now)
    changes: list[tuple[Category, list[LevelChange]]] = []
    for group in groups if i > 0 else []:
        steps = [
            LevelChange(row.skill, row.cells[i - 1], row.cells[i])
            for row in group.rows
            if row.cells[i - 1] is not None or row.cells[i] is not None
        ]
        changed = [step for step in steps if step.change != "same" or step.newly_required]
        if changed:
            changes.append((group.category, changed))
    cells = [cell for _, group_cells in expected_groups for cell in group_cells]
    stack = entry.stack.get(level.id)
    focus = entry.focus.get(level.id)
    return LevelView(
        level=level,
        index=i,
        previous=previous,
        groups=expected_groups,  # type: ignore[arg-type]
        stack=text(stack) if stack is not None else None,
        focus=text(focus) if focus is not None else None,
        added=added,
        raised=raised,
        newly_required=newly_required,
        cell_count=len(cells),
        required_count=sum(1 for c in cells if c is not None and c.required),
        changes=changes,
        behaviours=_behaviours(competencies, level, previous),
    )


def _key_areas(groups: Iterable[CategoryGroup], limit: int = 3) -> list[Category]:
    """The categories that weigh most in the role: most required cells, then most cells."""

    def weight(group: CategoryGroup) -> tuple[int, int, int]:
        cells = [c for row in group.rows for c in row.cells if c is not None]
        return (-sum(1 for c in cells if c.required), -len(cells), group.category.order)

    return [group.category for group in sorted(groups, key=weight)[:limit]]
