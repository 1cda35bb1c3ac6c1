"""Roles: ids that resolve, cells that follow the rules of content/README.md (required cells,
levels that only add)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, partial

from .. import shapes
from ..diagnostics import Diagnostics, unknown
from ..load import Content
from .catalog import _categories_known
from .ladders import _levels_known, declares_ladder, ladder_known, not_in_ladder, role_ladder
from .located import report
from .memo import ValidationMemo, per_file


@cache  # a corpus has hundreds of thousands of cells and eight distinct values
def parse_cell(value: str) -> tuple[str, bool]:
    """'working!' -> ('working', True): a trailing '!' marks the cell required."""
    required = value.endswith("!")
    return value.rstrip("!").strip(), required


_RANK = {p: i for i, p in enumerate(shapes.PROFICIENCIES)}


def _check_roles(
    content: Content, problems: Diagnostics, memo: ValidationMemo | None = None
) -> None:
    """Each role file by itself against the catalog. With a `memo` (the preview), a role
    file checked before against the same catalog is not checked again: its findings are
    reused (memo.py), which after an edit of one file is nearly all of them."""
    catalog = _catalog_seen_by_roles(content, memo)
    for ident, role in content.roles.items():
        src = content.source_of("role", ident)
        per_file(memo, "role", src, catalog, problems, partial(_check_role, content, ident, role))


def _catalog_seen_by_roles(content: Content, memo: ValidationMemo | None) -> tuple[object, ...]:
    """Everything of the other files that the check of a role file reads: the levels and
    their tracks, which families, categories and skills exist (loaded or broken), each
    skill's category. Equal catalogs are one object (`memo.same`), so that comparing it
    with a role's last one costs nothing."""
    catalog = (
        tuple((ident, level.track) for ident, level in content.levels.items()),
        _levels_known(content),
        _categories_known(content),
        tuple(content.categories),
        tuple(sorted(content.families)),
        tuple(sorted((ident, skill.category) for ident, skill in content.skills.items())),
        tuple(sorted(content.broken_ids)),
    )
    return catalog if memo is None else memo.same("role catalog", catalog)


def _check_role(content: Content, ident: str, role: shapes.Role, problems: Diagnostics) -> None:
    src = content.source_of("role", ident)
    core = set(role.core_categories or ())
    ladder = role_ladder(content, role)
    # A ladder naming unknown levels is reported in its `levels`: cells go unchecked.
    known_ladder = ladder_known(content, ident)
    if known_ladder:
        _check_level_keys(content, ident, role, ladder, problems)
    # A salvaged role whose family failed its model has None: reported already.
    if role.family is not None and not content.exists("family", role.family, content.families):
        report(
            problems,
            src,
            ("family",),
            unknown("family", role.family, content.families, " from content/families/"),
        )
    for index, category in enumerate(role.core_categories):
        if _categories_known(content) and category not in content.categories:
            report(
                problems,
                src,
                ("core_categories", index),
                unknown("category", category, content.categories, " from content/categories.yaml"),
            )
    for skill_id, row in role.matrix.items():
        if not content.exists("skill", skill_id, content.skills):
            report(
                problems,
                src,
                ("matrix", skill_id),
                unknown("skill", skill_id, content.skills, " from content/skills/"),
                key=True,
            )
        if not known_ladder or any(level not in ladder for level in row):
            # A misspelt level leaves a hole in the row: its own error says it all.
            continue
        skill = content.skills.get(skill_id)
        in_core = skill is not None and skill.category in core
        previous: tuple[str, int] | None = None
        filled = 0
        for level in ladder:
            value = row.get(level)
            if value is None:
                if previous is not None:
                    report(
                        problems,
                        src,
                        ("matrix", skill_id),
                        f"'{skill_id}' is expected at {previous[0]} but not at "
                        f"{level}: a higher level should not expect less",
                        warning=True,
                    )
                    previous = None
                continue
            filled += 1
            proficiency, required = parse_cell(value)
            if proficiency not in _RANK:
                report(
                    problems,
                    src,
                    ("matrix", skill_id, level),
                    unknown("proficiency", proficiency, shapes.PROFICIENCIES)
                    + " (add '!' to mark the cell required)",
                )
                continue
            # Cheap test first: a corpus has hundreds of thousands of cells, nearly all right.
            if required != (in_core and _RANK[proficiency] > 0):
                wrong = _required_cell_problem(
                    content, role, skill_id, level, proficiency, required
                )
                if wrong:
                    report(problems, src, ("matrix", skill_id, level), wrong)
            if previous is not None and _RANK[proficiency] < previous[1]:
                pos = src.at(("matrix", skill_id, level))
                problems.warning(
                    src.path,
                    pos.line,
                    pos.col,
                    f"'{skill_id}' drops from {shapes.PROFICIENCIES[previous[1]]} at "
                    f"{previous[0]} to {proficiency} at {level}",
                )
            previous = (level, _RANK[proficiency])
        if filled == 0:
            report(
                problems,
                src,
                ("matrix", skill_id),
                f"'{skill_id}' has no cell at any level; remove the row or set a proficiency",
            )
    for skill_id, cells in role.details.items():
        if skill_id not in role.matrix:
            report(
                problems,
                src,
                ("details", skill_id),
                f"'{skill_id}' is not in this role's matrix, so it has no cell "
                "to describe; add its row to `matrix` first"
                if content.exists("skill", skill_id, content.skills)
                else unknown("skill", skill_id, role.matrix, " from this role's matrix"),
                key=True,
            )
            continue
        for level in cells:
            if not known_ladder or level not in ladder:
                continue  # reported by _check_level_keys
            if role.matrix[skill_id].get(level) is None:
                report(
                    problems,
                    src,
                    ("details", skill_id, level),
                    f"'{skill_id}' has no cell at {level} to describe",
                    key=True,
                )


def _check_level_keys(
    content: Content, ident: str, role: shapes.Role, ladder: list[str], problems: Diagnostics
) -> None:
    """Every level key of the matrix, stack, focus and details is a level of the role's own
    ladder (a level of levels.yaml that the role does not have would never be shown)."""
    src = content.source_of("role", ident)
    declared = declares_ladder(content, ident)
    keyed: list[tuple[tuple[str, ...], Mapping[str, object]]] = [
        (("stack",), role.stack or {}),
        (("focus",), role.focus or {}),
        *((("matrix", skill_id), row) for skill_id, row in (role.matrix or {}).items()),
        *((("details", skill_id), row) for skill_id, row in (role.details or {}).items()),
    ]
    for where, mapping in keyed:
        for level in mapping:
            if level not in ladder:
                report(
                    problems,
                    src,
                    (*where, level),
                    not_in_ladder(level, ladder, "this role", declared),
                    key=True,
                )


def _required_cell_problem(
    content: Content, role: shapes.Role, skill_id: str, level: str, proficiency: str, required: bool
) -> str | None:
    """What is wrong with a cell's '!' by the rule of content/README.md, or None: a cell is
    required exactly when it is Working or above and its skill's category is one of the role's
    core categories. The matrix is the only place the rule is written down, so check holds it."""
    cell = f"'{skill_id}' at {level}"
    if proficiency == shapes.PROFICIENCIES[0]:
        return f"{cell}: Awareness is never required; remove the '!'" if required else None
    skill = content.skills.get(skill_id)
    if skill is None or skill.category not in content.categories:
        return None  # the unknown skill or category is reported on its own
    category = skill.category
    core = ", ".join(role.core_categories) or "none"
    if category in role.core_categories and not required:
        return (
            f"{cell} is {proficiency} in '{category}', one of this role's core categories "
            f"({core}), so it is required: write '{proficiency}!'"
        )
    if category not in role.core_categories and required:
        return (
            f"{cell} is marked required, but its category '{category}' is not one of this "
            f"role's core categories ({core}): remove the '!', or add '{category}' to "
            "core_categories if every cell of it from Working up is required"
        )
    return None
