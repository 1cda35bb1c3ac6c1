"""Resolve step: turn validated content into the model every output is made from.

Ids become objects, fallbacks are known, and everything a page would otherwise compute (stats,
per-level expectations, what changes between levels, who uses a skill) is computed here once,
so templates only present and the JSON/CSV exports, search and PDFs show the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import models
from .load import Content
from .validate import parse_cell


@dataclass(frozen=True, eq=False)
class Text:
    """A text in several locales; `universal` when one string serves every locale."""

    values: dict[str, Any]
    default: str
    universal: bool = False

    @classmethod
    def of(cls, raw: Any, default: str) -> Text:
        if isinstance(raw, dict):
            return cls(dict(raw), default)
        return cls({default: raw}, default, universal=True)

    def get(self, locale: str) -> tuple[Any, str | None]:
        """(value, fallback locale or None when the value is in `locale` itself)."""
        if self.universal:
            return self.values[self.default], None
        if locale in self.values:
            return self.values[locale], None
        return self.values[self.default], self.default

    def plain(self, locale: str) -> Any:
        return self.get(locale)[0]

    def __repr__(self) -> str:
        return f"<Text {_shorten(self.values.get(self.default))}>"


@dataclass(eq=False)
class Level:
    id: str
    index: int  # 0 = junior
    name: Text
    short: Text

    def __repr__(self) -> str:
        return f"<Level {self.id}>"


@dataclass(eq=False)
class Proficiency:
    id: str
    rank: int  # 1 = awareness .. 4 = expert
    name: Text
    mark: Text
    description: Text

    def __repr__(self) -> str:
        return f"<Proficiency {self.id}>"


@dataclass(eq=False)
class Category:
    id: str
    order: int
    name: Text
    source: str
    skills: list[Skill] = field(default_factory=list)  # in catalog order

    def __repr__(self) -> str:
        return f"<Category {self.id}: {len(self.skills)} skills>"


@dataclass(eq=False)
class Usage:
    """One role's expectations of one skill, for the skill page."""

    role: Role
    cells: list[Cell | None]

    def __repr__(self) -> str:
        return f"<Usage by {self.role.id}: {_cells(self.cells)}>"


@dataclass(eq=False)
class Skill:
    id: str
    category: Category
    name: Text
    description: Text
    meanings: dict[str, Text]  # proficiency id -> what it means for this skill
    source: str
    used_by: list[Usage] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Skill {self.id} in {self.category.id}, used by {len(self.used_by)} roles>"


@dataclass(eq=False)
class Cell:
    skill: Skill
    level: Level
    proficiency: Proficiency
    required: bool
    detail: Text
    overridden: bool  # the role replaced the catalog's generic text

    def __repr__(self) -> str:
        return f"<Cell {self.skill.id} at {self.level.id}: {_cells([self])}>"


@dataclass(eq=False)
class Row:
    skill: Skill
    cells: list[Cell | None]  # one per level, None when not expected

    def __repr__(self) -> str:
        return f"<Row {self.skill.id}: {_cells(self.cells)}>"

    @property
    def ranks(self) -> list[int]:
        """Proficiency rank per level, 0 where not expected (the calculator's input)."""
        return [cell.proficiency.rank if cell else 0 for cell in self.cells]

    @property
    def required_flags(self) -> list[int]:
        return [1 if cell and cell.required else 0 for cell in self.cells]

    @property
    def expectations(self) -> tuple[tuple[str, bool] | None, ...]:
        """(proficiency, required) per level: equal for two roles that expect the same."""
        return tuple((c.proficiency.id, c.required) if c else None for c in self.cells)


@dataclass(eq=False)
class CategoryGroup:
    category: Category
    rows: list[Row]

    def __repr__(self) -> str:
        return f"<CategoryGroup {self.category.id}: {len(self.rows)} rows>"


@dataclass(eq=False)
class Raise:
    before: Cell
    after: Cell

    def __repr__(self) -> str:
        return f"<Raise {self.before.skill.id}: {_cells([self.before, self.after])}>"


@dataclass(eq=False)
class LevelView:
    """What one level of one role expects, and what changed since the previous level."""

    level: Level
    groups: list[tuple[Category, list[Cell]]]
    stack: Text | None
    focus: Text | None
    added: list[Cell]  # skills first expected at this level
    raised: list[Raise]  # proficiency higher than at the previous level
    newly_required: list[Cell]  # required now, not required (or absent) before
    cell_count: int
    required_count: int
    # Every skill that differs from the previous level (new, raised, lowered, dropped or
    # newly required), by category: the level page's table of changes.
    changes: list[tuple[Category, list[LevelChange]]] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"<LevelView {self.level.id}: {self.cell_count} cells, {self.required_count} required>"
        )


@dataclass(eq=False)
class CategoryProfile:
    """How much each level of a role expects in one category: the profile charts' data.

    A level's value is the mean proficiency rank (0 = none .. 4 = expert) over the role's skills
    in the category, a skill the level does not expect counting as 0, so the value grows both
    with depth (higher proficiencies) and breadth (more of the category's skills). Rounded half
    up to one decimal, the precision a reader is shown: a bar and its number agree, and
    matrix-core.js (`profile`) rounds the reader's values the same way."""

    category: Category
    skills: int  # the role's skills in the category
    means: tuple[float, ...]  # one per level

    def __repr__(self) -> str:
        return f"<CategoryProfile {self.category.id}: {self.means}>"


@dataclass(frozen=True)
class Stats:
    skills: int
    levels: int
    required: int
    requirements: int  # cells with a proficiency
    categories: int


@dataclass(eq=False)
class Faq:
    question: Text
    answer: Text

    def __repr__(self) -> str:
        return f"<Faq {self.question!r}>"


@dataclass(eq=False)
class Role:
    id: str
    family: Family
    title: Text
    summary: Text
    core_categories: list[Category]
    rows: list[Row]
    groups: list[CategoryGroup]
    levels: list[LevelView]
    stats: Stats
    key_areas: list[Category]
    faq: list[Faq]
    source: str
    profile: list[CategoryProfile]  # in category order

    def level(self, level_id: str) -> LevelView:
        return next(view for view in self.levels if view.level.id == level_id)

    def __repr__(self) -> str:
        return (
            f"<Role {self.id}: {self.stats.skills} skills, {self.stats.required} of "
            f"{self.stats.requirements} cells required>"
        )


@dataclass(eq=False)
class Family:
    id: str
    name: Text
    description: Text
    source: str
    roles: list[Role] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Family {self.id}: {len(self.roles)} roles>"


@dataclass(eq=False)
class Site:
    config: models.SiteConfig
    locales: list[str]
    default_locale: str
    title: Text
    description: Text
    levels: list[Level]
    proficiencies: list[Proficiency]
    categories: list[Category]
    skills: dict[str, Skill]
    families: list[Family]
    roles: list[Role]
    ui: dict[str, dict[str, Any]]
    # The validated entries this site was made from (kind -> id -> entry), so the next
    # resolve can tell by identity what an edit left unchanged (see `resolve(previous=)`).
    entries: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def role(self, role_id: str) -> Role:
        return next(role for role in self.roles if role.id == role_id)

    def __repr__(self) -> str:
        return (
            f"<Site {len(self.roles)} roles, {len(self.skills)} skills, "
            f"{len(self.locales)} locales>"
        )


# Short reprs: a failing test's report prints the objects it holds, and the default dataclass
# repr of one resolved role walks the whole linked site (roles -> skills -> roles ...).


def _shorten(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cells(cells: Iterable[Cell | None]) -> str:
    """'- working working! advanced! expert!': a row as the matrix YAML writes it."""
    return " ".join(
        "-" if cell is None else cell.proficiency.id + "!" * cell.required for cell in cells
    )


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
    }


def _same(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return before.keys() == after.keys() and all(after[k] is v for k, v in before.items())


def resolve(content: Content, previous: Site | None = None) -> Site:
    """Build the site model. Call only on content that passed validation.

    With the `previous` site of the same content folder (the preview's last update), an edit
    that touched only role files re-resolves only those roles: unchanged files keep their
    validated entries (the parse cache), so identity tells what changed."""
    entries = _entries(content)
    if (
        previous is not None
        and previous.entries
        and all(_same(previous.entries[kind], entries[kind]) for kind in entries if kind != "roles")
        and previous.entries["roles"].keys() == entries["roles"].keys()
    ):
        return _update_roles(previous, content, entries)
    site = _resolve_all(content)
    site.entries = entries
    return site


def _update_roles(previous: Site, content: Content, entries: dict[str, dict[str, Any]]) -> Site:
    """`previous` with the changed roles resolved again; everything else is reused."""
    old = {role.id: role for role in previous.roles}
    prof_by_id = {p.id: p for p in previous.proficiencies}
    categories = {c.id: c for c in previous.categories}
    families = {f.id: f for f in previous.families}

    def text(raw: Any) -> Text:
        return Text.of(raw, previous.default_locale)

    roles = [
        old[ident]
        if previous.entries["roles"][ident] is entry
        else _resolve_role(
            ident,
            entry,
            content,
            previous.levels,
            prof_by_id,
            categories,
            previous.skills,
            families,
            text,
        )
        for ident, entry in sorted(content.roles.items())
    ]
    for family in previous.families:
        family.roles.clear()
    for skill in previous.skills.values():
        skill.used_by.clear()
    _link_roles(roles)
    return Site(
        config=previous.config,
        locales=previous.locales,
        default_locale=previous.default_locale,
        title=previous.title,
        description=previous.description,
        levels=previous.levels,
        proficiencies=previous.proficiencies,
        categories=previous.categories,
        skills=previous.skills,
        families=previous.families,
        roles=roles,
        ui=previous.ui,
        entries=entries,
    )


def _link_roles(roles: list[Role]) -> None:
    """Who is in a family and who uses a skill, in role order."""
    for role in roles:
        role.family.roles.append(role)
        for row in role.rows:
            row.skill.used_by.append(Usage(role, row.cells))


def _resolve_all(content: Content) -> Site:
    assert content.config is not None
    default = content.config.default_locale

    def text(raw: Any) -> Text:
        return Text.of(raw, default)

    levels = [
        Level(ident, i, text(entry.name), text(entry.short))
        for i, (ident, entry) in enumerate(
            sorted(content.levels.items(), key=lambda kv: models.LEVELS.index(kv[0]))
        )
    ]
    proficiencies = [
        Proficiency(
            ident,
            models.PROFICIENCIES.index(ident) + 1,
            text(entry.name),
            text(entry.mark),
            text(entry.description),
        )
        for ident, entry in sorted(
            content.proficiencies.items(), key=lambda kv: models.PROFICIENCIES.index(kv[0])
        )
    ]
    prof_by_id = {p.id: p for p in proficiencies}
    categories = {
        ident: Category(ident, order, text(entry.name), content.origins[("category", ident)])
        for order, (ident, entry) in enumerate(content.categories.items())
    }
    skills = {
        ident: Skill(
            ident,
            categories[entry.category],
            text(entry.name),
            text(entry.description),
            {p: text(getattr(entry.proficiency, p)) for p in models.PROFICIENCIES},
            content.origins[("skill", ident)],
        )
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
    roles = [
        _resolve_role(ident, entry, content, levels, prof_by_id, categories, skills, families, text)
        for ident, entry in sorted(content.roles.items())
    ]
    _link_roles(roles)
    return Site(
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
    )


def _resolve_role(
    ident: str,
    entry: models.Role,
    content: Content,
    levels: list[Level],
    proficiencies: dict[str, Proficiency],
    categories: dict[str, Category],
    skills: dict[str, Skill],
    families: dict[str, Family],
    text: Any,
) -> Role:
    rows: list[Row] = []
    for skill_id, raw_row in entry.matrix.items():
        skill = skills[skill_id]
        cells: list[Cell | None] = []
        for level in levels:
            raw = raw_row.get(level.id)  # type: ignore[call-overload]
            if raw is None:
                cells.append(None)
                continue
            prof_id, required = parse_cell(raw)
            override = entry.details.get(skill_id, {}).get(level.id)  # type: ignore[call-overload]
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

    views = [_level_view(level, groups, ordered_rows, entry, text) for level in levels]
    all_cells = [c for row in rows for c in row.cells if c is not None]
    stats = Stats(
        skills=len(rows),
        levels=len(levels),
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
        profile=[_category_profile(group, len(levels)) for group in groups],
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


def _level_view(
    level: Level, groups: list[CategoryGroup], rows: list[Row], entry: models.Role, text: Any
) -> LevelView:
    i = level.index
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
    stack = entry.stack.get(level.id)  # type: ignore[call-overload]
    focus = entry.focus.get(level.id)  # type: ignore[call-overload]
    return LevelView(
        level=level,
        groups=expected_groups,  # type: ignore[arg-type]
        stack=text(stack) if stack is not None else None,
        focus=text(focus) if focus is not None else None,
        added=added,
        raised=raised,
        newly_required=newly_required,
        cell_count=len(cells),
        required_count=sum(1 for c in cells if c is not None and c.required),
        changes=changes,
    )


def _key_areas(groups: Iterable[CategoryGroup], limit: int = 3) -> list[Category]:
    """The categories that weigh most in the role: most required cells, then most cells."""

    def weight(group: CategoryGroup) -> tuple[int, int, int]:
        cells = [c for row in group.rows for c in row.cells if c is not None]
        return (-sum(1 for c in cells if c.required), -len(cells), group.category.order)

    return [group.category for group in sorted(groups, key=weight)[:limit]]


@dataclass(eq=False)
class LevelChange:
    """One skill between two levels of a role (the compare page)."""

    skill: Skill
    before: Cell | None
    after: Cell | None

    def __repr__(self) -> str:
        return f"<LevelChange {self.skill.id}: {_cells([self.before, self.after])}>"

    @property
    def change(self) -> str:
        if self.before is None:
            return "new"
        if self.after is None:
            return "dropped"
        delta = self.after.proficiency.rank - self.before.proficiency.rank
        return "raised" if delta > 0 else "lowered" if delta < 0 else "same"

    @property
    def newly_required(self) -> bool:
        was_required = bool(self.before and self.before.required)
        return bool(self.after and self.after.required and not was_required)


def compare_levels(role: Role, a: int, b: int) -> list[LevelChange]:
    """Every skill expected at level `a` or `b`, in the role's order (matrix-core.js does the
    same in the browser for the levels a reader picks)."""
    return [
        LevelChange(row.skill, row.cells[a], row.cells[b])
        for row in role.rows
        if row.cells[a] is not None or row.cells[b] is not None
    ]


@dataclass(eq=False)
class RoleComparison:
    first: Role
    second: Role
    level: Level
    shared: list[tuple[Cell, Cell]]
    only_first: list[Cell]
    only_second: list[Cell]

    def __repr__(self) -> str:
        return (
            f"<RoleComparison {self.first.id} and {self.second.id} at {self.level.id}: "
            f"{len(self.shared)} shared>"
        )


def compare_roles(first: Role, second: Role, level: Level) -> RoleComparison:
    i = level.index
    theirs = {row.skill.id: cell for row in second.rows if (cell := row.cells[i]) is not None}
    mine = {row.skill.id: cell for row in first.rows if (cell := row.cells[i]) is not None}
    return RoleComparison(
        first,
        second,
        level,
        shared=[(cell, theirs[sid]) for sid, cell in mine.items() if sid in theirs],
        only_first=[cell for sid, cell in mine.items() if sid not in theirs],
        only_second=[cell for sid, cell in theirs.items() if sid not in mine],
    )
