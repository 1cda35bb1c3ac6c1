"""What a page shows, as values: one vocabulary for the planner, which records on every page
the parts of the content it shows (`Page.shows`), and for the preview's change detector,
which names the parts an edit changed (`changed_parts`). A page is rendered again when the
two meet (`shows_any`), and nowhere else is that decided.

The parts, from coarse to fine: a whole content file; a role's card (title, summary,
numbers, family: what lists of roles show); one row of a role's matrix (what a skill page
shows of the role); one level of a role (its cells, focus and stack: what a level page
shows); the paths of other roles into a role (what its career path page shows). A page that
shows something of every role, family or skill holds one wildcard (`Every`) instead of a
thousand parts. The competency files (impact and behaviours) are whole files every page of
every role shows, its data files too (`role_files_shown`); adding, removing or reordering them
re-renders everything (preview.changed_parts).

Shared fragments (render.py) show the vocabularies, the catalog, interface strings, layouts
and assets, never a role: `fragments_survive` says when a previous renderer's fragments may
be reused.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Role

ROLES = "content/roles/"
COMPETENCIES = "content/competencies/"
PER_PAGE = (ROLES, "content/skills/", "content/families/", COMPETENCIES)


@dataclass(frozen=True)
class File:
    """Everything a content file holds (repository path)."""

    path: str

    def wildcard(self) -> Every:
        return Every(self.path.rsplit("/", 1)[0] + "/", "file")


@dataclass(frozen=True)
class RoleCard:
    """A role's title, summary, numbers and family (the role's file path)."""

    role: str

    def wildcard(self) -> Every:
        return Every(ROLES, "card")


@dataclass(frozen=True)
class RoleRow:
    """One row of a role's matrix: a skill's cells at every level."""

    role: str
    skill: str

    def wildcard(self) -> Every:
        return Every(ROLES, "row")


@dataclass(frozen=True)
class RoleLevel:
    """One level of a role: its cells, focus and stack."""

    role: str
    level: str

    def wildcard(self) -> Every:
        return Every(ROLES, "level")


@dataclass(frozen=True)
class RoleEntries:
    """The career paths of other roles that lead into a role (the role's file path): what
    its career path page shows of files other than its own."""

    role: str

    def wildcard(self) -> Every:
        return Every(ROLES, "entries")


@dataclass(frozen=True)
class Every:
    """The part `kind` ("file", "card", "row", "level", "entries") of every file in
    `folder`."""

    folder: str
    kind: str

    def wildcard(self) -> Every:
        return self


Part = File | RoleCard | RoleRow | RoleLevel | RoleEntries | Every

EVERY_ROLE_CARD = Every(ROLES, "card")
EVERY_FAMILY = Every("content/families/", "file")
EVERY_SKILL = Every("content/skills/", "file")


def role_files_shown(role: Role) -> frozenset[str]:
    """The content files a role's pages show: its own, its family's, its skills' and the
    competencies' (every level of a role shows the whole catalog, so the first tells them)."""
    competencies = (b.competency.source for b in role.levels[0].behaviours) if role.levels else ()
    return frozenset(
        {role.source, role.family.source, *(row.skill.source for row in role.rows), *competencies}
    )


def files(paths: Iterable[str]) -> frozenset[Part]:
    found: frozenset[Part] = frozenset(File(path) for path in paths)
    return found


def shows_any(shown: Collection[Part], changed: Iterable[Part]) -> bool:
    """Whether a page showing `shown` must be rendered again after the `changed` parts."""
    return any(part in shown or part.wildcard() in shown for part in changed)


def fragments_survive(changed_paths: Iterable[str]) -> bool:
    """Shared fragments never show a role: after edits to role files alone they are right."""
    return all(path.startswith(ROLES) for path in changed_paths)
