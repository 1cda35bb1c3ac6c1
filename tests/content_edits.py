"""Edits of a content tree that the content rules allow, made the way a contributor makes them:
one matrix line of a role file at a time (content/README.md, "A role").

Tests use them to show that the suite holds the rules, not today's cells: any edit made here must
leave `check --strict` clean and every content test passing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

# A role without its own `levels` has these (content/README.md, "A role").
LEVELS = ("junior", "middle", "senior", "lead", "principal")
PROFICIENCIES = ("awareness", "working", "advanced", "expert")

# A matrix row as content/README.md lays it out: '  skill-id:   {level: cell, ...}'.
_ROW = re.compile(
    r"^(?P<key>  (?P<skill>[a-z0-9-]+):\s*)\{(?P<cells>[^{}]*)\}(?P<rest>\s*(?:#.*)?)$"
)


@dataclass(frozen=True)
class CellEdit:
    role: str
    skill: str
    level: str
    before: str | None  # None: the level was empty
    after: str


def _parse(cells: str) -> dict[str, str]:
    parsed = {}
    for item in cells.split(","):
        if item.strip():
            level, _, value = item.partition(":")
            parsed[level.strip()] = value.strip()
    return parsed


def _rank(cell: str | None) -> int:
    return 0 if cell in (None, "", "null", "~") else PROFICIENCIES.index(cell.rstrip("!")) + 1


def _raisable(cells: dict[str, str], fill_empty: bool, ladder: tuple[str, ...]) -> str | None:
    """The lowest level of the role's `ladder` whose cell can go one step up and leave the row
    non-decreasing (with `fill_empty`, an empty level just before the first expected one can
    become Awareness)."""
    ranks = [_rank(cells.get(level)) for level in ladder]
    first = next(i for i, rank in enumerate(ranks) if rank)
    for i in range(max(0, first - 1) if fill_empty else first, len(ladder)):
        if ranks[i] == len(PROFICIENCIES):
            continue
        if i + 1 == len(ladder) or ranks[i + 1] >= ranks[i] + 1:
            return ladder[i]
    return None


def raise_cells(
    root: Path, per_role: int = 4, *, roles: set[str] | None = None, fill_empty: bool = True
) -> list[CellEdit]:
    """In every role of `root` (or those in `roles`), raise `per_role` cells (of rows spread
    over the matrix) one proficiency step, and set each raised cell's '!' by the rule: required
    exactly when Working or above in one of the role's core categories."""
    edits: list[CellEdit] = []
    categories = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["category"]
        for path in (root / "content/skills").glob("*.yaml")
    }
    for path in sorted((root / "content/roles").glob("*.yaml")):
        if roles is not None and path.stem not in roles:
            continue
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        core = set(data.get("core_categories") or [])
        ladder = tuple(data.get("levels") or LEVELS)
        lines = text.split("\n")
        rows = [i for i, line in enumerate(lines) if _ROW.match(line)]
        stride = max(1, len(rows) // per_role)
        made = 0
        for start in range(stride):  # rows at a stride; shifted when a row has no room
            for index in rows[start::stride]:
                if made == per_role:
                    break
                match = _ROW.match(lines[index])
                assert match is not None
                cells = _parse(match["cells"])
                level = _raisable(cells, fill_empty, ladder)
                if level is None or any(
                    e.role == path.stem and e.skill == match["skill"] for e in edits
                ):
                    continue
                rank = _rank(cells.get(level)) + 1
                required = rank >= 2 and categories[match["skill"]] in core
                after = PROFICIENCIES[rank - 1] + "!" * required
                edits.append(CellEdit(path.stem, match["skill"], level, cells.get(level), after))
                cells[level] = after
                ordered = ", ".join(f"{lv}: {cells[lv]}" for lv in ladder if lv in cells)
                lines[index] = f"{match['key']}{{{ordered}}}{match['rest']}"
                made += 1
        assert made == per_role, f"{path.name}: only {made} cells could be raised"
        path.write_text("\n".join(lines), encoding="utf-8")
    return edits
