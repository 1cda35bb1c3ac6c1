"""The resolved model: the nouns every output is made from (pages, exports, search, PDFs).

`resolve.py` makes it from validated content; nothing here computes anything beyond a trivial
view of its own fields. The content files' shapes, as written by contributors, are elsewhere
(`shapes.py`): a `shapes.Role` is a role file, a `model.Role` a resolved role with its objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import shapes


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
    index: int  # order in levels.yaml (0 = junior); a role's own order is LevelView.index
    name: Text
    short: Text
    track: str = "individual"  # or "management" (shapes.TRACKS)

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
    cells: list[Cell | None]  # one per level of the role's ladder

    def __repr__(self) -> str:
        return f"<Usage by {self.role.id}: {_cells(self.cells)}>"

    def at(self, levels: Iterable[Level]) -> list[Cell | None]:
        """The cells at `levels` (the skill page's columns): None where the role's ladder
        has no such level or expects nothing."""
        by_level = dict(zip((lv.id for lv in self.role.ladder), self.cells, strict=True))
        return [by_level.get(level.id) for level in levels]


@dataclass(eq=False)
class Skill:
    id: str
    category: Category
    name: Text
    description: Text
    meanings: dict[str, Text]  # proficiency id -> what it means for this skill
    source: str
    used_by: list[Usage] = field(default_factory=list)
    # The levels of the roles that use the skill, in site order: the skill page's columns.
    levels: list[Level] = field(default_factory=list)

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
class Competency:
    """One impact-and-behaviours competency: what it is, and what each level expects of it."""

    id: str
    order: int
    name: Text
    description: Text
    levels: dict[str, Text]  # level id -> what the level expects
    source: str

    def __repr__(self) -> str:
        return f"<Competency {self.id}>"


@dataclass(eq=False)
class Behaviour:
    """One competency at one level of a role: what is expected there, and what the previous
    level of the role expected (None at its first level)."""

    competency: Competency
    expected: Text
    previous: Text | None

    def __repr__(self) -> str:
        return f"<Behaviour {self.competency.id}: {self.expected!r}>"


@dataclass(eq=False)
class LevelView:
    """What one level of one role expects, and what changed since the previous level."""

    level: Level
    index: int  # position in the role's ladder: row.cells[index] is this level's cell
    previous: Level | None  # the level below in the role's ladder
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
    # Every competency of the catalog at this level, in reading order, and the level before
    # this one in the role's ladder (None at its first level).
    behaviours: list[Behaviour] = field(default_factory=list)

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
    # The role's own levels, first to last (`levels` of its file): a row has a cell per level.
    ladder: tuple[Level, ...] = ()
    # Career moves out of this role (its file's `paths`) and into it (other roles' `paths`),
    # linked once every role is resolved (resolve._link_roles).
    paths: list[CareerPath] = field(default_factory=list)
    entered_from: list[CareerPath] = field(default_factory=list)

    @property
    def track(self) -> str:
        return self.ladder[0].track if self.ladder else "individual"

    def level(self, level_id: str) -> LevelView:
        return next(view for view in self.levels if view.level.id == level_id)

    @property
    def competency_rows(self) -> list[tuple[Competency, list[tuple[Level, Text]]]]:
        """Each competency with what every level of the role expects, in ladder order: the
        level views' behaviours read the other way round (by competency, not by level)."""
        if not self.levels:
            return []
        return [
            (
                behaviour.competency,
                [(view.level, view.behaviours[index].expected) for view in self.levels],
            )
            for index, behaviour in enumerate(self.levels[0].behaviours)
        ]

    def __repr__(self) -> str:
        return (
            f"<Role {self.id}: {self.stats.skills} skills, {self.stats.required} of "
            f"{self.stats.requirements} cells required>"
        )


@dataclass(eq=False)
class CareerPath:
    """A move from a level of one role into a level of another (a role file's `paths`)."""

    source: Role
    from_level: Level
    target: Role
    to_level: Level

    def __repr__(self) -> str:
        return (
            f"<CareerPath {self.source.id}/{self.from_level.id} -> "
            f"{self.target.id}/{self.to_level.id}>"
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
class Links:
    """The linking in place of the objects sites share (see `Site.links`)."""

    current: object = field(default_factory=object)


@dataclass(eq=False)
class Site:
    config: shapes.SiteConfig
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
    competencies: list[Competency] = field(default_factory=list)  # in reading order
    # The validated entries this site was made from (kind -> id -> entry), so the next
    # resolve can tell by identity what an edit left unchanged (see `resolve(previous=)`).
    entries: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    # Sites resolved from one another share their families, categories and skills, whose
    # lists of roles, skills and users are linked for one site at a time: those whose
    # `linked` is the shared `links.current` (a later resolve, dropped, may have linked
    # them for a site never kept).
    links: Links = field(default_factory=lambda: Links(), repr=False)
    linked: object = None

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
