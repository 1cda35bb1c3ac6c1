"""`diff BASE_REF`: what a proposal does to the published matrix, for the pull request's summary.

Both sides are loaded and resolved exactly like a build; the comparison is made on the resolved
model, so the summary speaks of roles, skills and levels ("Backend Developer (Python) · PostgreSQL ·
Senior: Working → Advanced, now required"), not of YAML lines.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .check import CheckResult, check
from .resolve import Cell, Role, Site, resolve
from .validate import iter_texts

CONTENT_PATHS = ("content", "site_config.yaml")


class DiffError(RuntimeError):
    pass


@dataclass
class MatrixDiff:
    roles_added: list[str] = field(default_factory=list)
    roles_removed: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # one line per changed cell
    skills_added: list[str] = field(default_factory=list)  # "Role · Skill"
    skills_removed: list[str] = field(default_factory=list)
    catalog_added: list[str] = field(default_factory=list)
    catalog_removed: list[str] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)  # locale -> "file: field"
    base_problems: int = 0
    head_problems: int = 0

    @property
    def empty(self) -> bool:
        return not (self.roles_added or self.roles_removed or self.cells or self.skills_added
                    or self.skills_removed or self.catalog_added or self.catalog_removed
                    or any(self.texts.values()))


def checkout(root: Path, ref: str, target: Path) -> None:
    """The content of `ref` (a commit, branch or tag of the repository at `root`) into target."""
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", ref, *CONTENT_PATHS],
                                 cwd=root, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        raise DiffError(f"cannot read '{ref}' from git: "
                        f"{detail.decode(errors='replace').strip() or exc}") from exc
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def diff_refs(root: Path, base_ref: str) -> MatrixDiff:
    with tempfile.TemporaryDirectory(prefix="skillmatrix-base-") as tmp:
        checkout(root, base_ref, Path(tmp))
        return diff_trees(Path(tmp), root)


def diff_trees(base_root: Path, head_root: Path) -> MatrixDiff:
    base, head = check(base_root), check(head_root)
    result = MatrixDiff(base_problems=len(base.problems.errors),
                        head_problems=len(head.problems.errors))
    if base.problems.errors or head.problems.errors:
        # A side that does not validate cannot be resolved; the texts can still be compared.
        _diff_texts(base, head, result)
        return result
    before, after = resolve(base.content), resolve(head.content)
    _diff_roles(before, after, result)
    _diff_catalog(before, after, result)
    _diff_texts(base, head, result)
    return result


def _name(site: Site, text: object) -> str:
    return text.plain(site.default_locale)  # type: ignore[attr-defined,no-any-return]


def _cell_text(site: Site, cell: Cell | None) -> str:
    return "not expected" if cell is None else _name(site, cell.proficiency.name)


def _diff_roles(before: Site, after: Site, out: MatrixDiff) -> None:
    old = {role.id: role for role in before.roles}
    new = {role.id: role for role in after.roles}
    out.roles_added = [_name(after, new[r].title) for r in new if r not in old]
    out.roles_removed = [_name(before, old[r].title) for r in old if r not in new]
    for role_id in (r for r in new if r in old):
        _diff_role(old[role_id], new[role_id], after, out)


def _diff_role(old: Role, new: Role, site: Site, out: MatrixDiff) -> None:
    title = _name(site, new.title)
    old_rows = {row.skill.id: row for row in old.rows}
    new_rows = {row.skill.id: row for row in new.rows}
    for skill_id, row in new_rows.items():
        skill = _name(site, row.skill.name)
        if skill_id not in old_rows:
            out.skills_added.append(f"{title} · {skill}")
            continue
        for level, before, after in zip(site.levels, old_rows[skill_id].cells, row.cells,
                                        strict=True):
            same_prof = (before and before.proficiency.id) == (after and after.proficiency.id)
            same_req = bool(before and before.required) == bool(after and after.required)
            if same_prof and same_req:
                continue
            change = (f"{_cell_text(site, before)} → {_cell_text(site, after)}"
                      if not same_prof else _cell_text(site, after))
            if after is not None and after.required and not (before and before.required):
                change += ", now required"
            elif before is not None and before.required and not (after and after.required):
                change += ", no longer required"
            out.cells.append(f"{title} · {skill} · {_name(site, level.name)}: {change}")
    for skill_id, row in old_rows.items():
        if skill_id not in new_rows:
            out.skills_removed.append(f"{title} · {_name(site, row.skill.name)}")


def _diff_catalog(before: Site, after: Site, out: MatrixDiff) -> None:
    out.catalog_added = [_name(after, s.name) for k, s in after.skills.items()
                         if k not in before.skills]
    out.catalog_removed = [_name(before, s.name) for k, s in before.skills.items()
                           if k not in after.skills]


def _diff_texts(base: CheckResult, head: CheckResult, out: MatrixDiff) -> None:
    def texts(result: CheckResult) -> dict[tuple[str, str, str], object]:
        found: dict[tuple[str, str, str], object] = {}
        for ref in iter_texts(result.content):
            values = ref.value if isinstance(ref.value, dict) else {"*": ref.value}
            for locale, value in values.items():
                where = ".".join(str(part) for part in ref.loc)
                found[(ref.source.path, where, locale)] = value
        return found

    old, new = texts(base), texts(head)
    for key in sorted(set(old) | set(new)):
        if old.get(key) == new.get(key):
            continue
        path, where, locale = key
        verb = "added" if key not in old else "removed" if key not in new else "changed"
        out.texts.setdefault(locale, []).append(f"{path}: {where} ({verb})")


def format_diff(diff: MatrixDiff, *, markdown: bool, base_ref: str) -> str:
    lines: list[str] = []
    heading = (lambda text: f"### {text}") if markdown else (lambda text: f"{text}:")
    bullet = "- " if markdown else "  "
    lines.append(f"## Matrix changes against `{base_ref}`" if markdown
                 else f"Matrix changes against {base_ref}")
    if diff.head_problems:
        lines.append(f"The proposal has {diff.head_problems} content error(s): see the check "
                     "report; the matrix can only be compared once they are fixed.")
    if diff.base_problems:
        lines.append(f"The base has {diff.base_problems} content error(s); "
                     "only texts are compared.")
    if diff.empty and not (diff.head_problems or diff.base_problems):
        lines.append("No change to the published matrix.")
    sections = [
        ("Roles added", diff.roles_added), ("Roles removed", diff.roles_removed),
        ("Cells changed", diff.cells),
        ("Skills added to roles", diff.skills_added),
        ("Skills removed from roles", diff.skills_removed),
        ("Skills added to the catalog", diff.catalog_added),
        ("Skills removed from the catalog", diff.catalog_removed),
    ]
    for title, items in sections:
        if items:
            lines += ["", heading(f"{title} ({len(items)})"), *(bullet + item for item in items)]
    for locale, items in sorted(diff.texts.items()):
        label = "all locales" if locale == "*" else locale
        lines += ["", heading(f"Texts changed, {label} ({len(items)})"),
                  *(bullet + item for item in items)]
    return "\n".join(lines) + "\n"
