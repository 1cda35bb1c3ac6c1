"""Comparisons the compare pages and the calculator make: two levels of one role, two roles at
one level (matrix-core.js does the same in the browser for the levels a reader picks)."""

from __future__ import annotations

from .model import Level, LevelChange, Role, RoleComparison


def compare_levels(role: Role, a: int, b: int) -> list[LevelChange]:
    """Every skill expected at level `a` or `b`, in the role's order (matrix-core.js does the
    same in the browser for the levels a reader picks)."""
    return [
        LevelChange(row.skill, row.cells[a], row.cells[b])
        for row in role.rows
        if row.cells[a] is not None or row.cells[b] is not None
    ]


def compare_roles(first: Role, second: Role, level: Level) -> RoleComparison:
    """The two roles at `level`, a level of both ladders (see `shares_level`)."""
    i, j = first.ladder.index(level), second.ladder.index(level)
    theirs = {row.skill.id: cell for row in second.rows if (cell := row.cells[j]) is not None}
    mine = {row.skill.id: cell for row in first.rows if (cell := row.cells[i]) is not None}
    return RoleComparison(
        first,
        second,
        level,
        shared=[(cell, theirs[sid]) for sid, cell in mine.items() if sid in theirs],
        only_first=[cell for sid, cell in mine.items() if sid not in theirs],
        only_second=[cell for sid, cell in theirs.items() if sid not in mine],
    )


def shares_level(role: Role, level: Level) -> bool:
    """Whether `level` is in the role's ladder: two roles compare at a level both have."""
    return level in role.ladder
