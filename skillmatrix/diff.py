"""`diff BASE_REF`: what a proposal does to the published matrix, for the pull request's summary.

Both sides are loaded and resolved exactly like a build; the comparison is made on the resolved
model, so the summary speaks of roles, skills and levels ("Backend Developer (Python) · PostgreSQL ·
Senior: Working → Advanced, now required"), not of YAML lines. The working tree must pass `check`
first (its errors are reported instead of a diff); a base with errors is compared as far as it
loads. The base ref comes from the command line: it is verified as a commit, and only that
commit's id reaches further git commands.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .check import CheckResult, check
from .diagnostics import Diagnostic, Severity
from .job_summary import fenced, inline, one_line
from .model import Cell, Role, Site
from .resolve import resolve
from .validate import iter_texts

CONTENT_PATHS = ("content", "site_config.yaml")


class DiffError(RuntimeError):
    """The base cannot be read (not a commit, not a git repository): a usage error."""


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
    base_errors: list[Diagnostic] = field(default_factory=list)
    head_errors: list[Diagnostic] = field(default_factory=list)
    # Files whose texts could not be compared: they exist on both sides but one side's copy
    # does not load, so its texts are unknown (not removed).
    not_compared: list[str] = field(default_factory=list)
    base_commit: str = ""

    @property
    def base_problems(self) -> int:
        return len(self.base_errors)

    @property
    def head_problems(self) -> int:
        return len(self.head_errors)

    @property
    def empty(self) -> bool:
        return not (
            self.roles_added
            or self.roles_removed
            or self.cells
            or self.skills_added
            or self.skills_removed
            or self.catalog_added
            or self.catalog_removed
            or any(self.texts.values())
        )


def _git(root: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=True).stdout
    except OSError as exc:
        raise DiffError(f"cannot run git: {exc}") from exc


def resolve_ref(root: Path, ref: str) -> str:
    """The commit id `ref` names in the repository at `root`.

    Only this id is passed to later git commands: a ref is text from the command line, and one
    that starts with '-' would otherwise be read by git as an option (`--output=FILE`).
    """
    if not ref or ref.startswith("-") or any(not char.isprintable() for char in ref):
        raise DiffError(f"'{one_line(ref)}' is not a git ref (a branch, tag or commit)")
    try:
        out = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip()
        raise DiffError(
            f"'{ref}' is not a commit of the repository at {root}{': ' + detail if detail else ''}"
        ) from exc
    commit = out.decode().strip()
    if not commit or not all(char in "0123456789abcdef" for char in commit):
        raise DiffError(f"'{ref}' is not a commit of the repository at {root}")
    return commit


def checkout(root: Path, commit: str, target: Path) -> list[Diagnostic]:
    """The content of `commit` (a verified commit id) into target; errors for skipped entries.

    Only folders and regular files are written: content is read from regular files only, and a
    symbolic link in a commit (to /etc/passwd, or out of the tree) is reported, not followed.
    """
    try:
        present = (
            _git(root, "ls-tree", "--name-only", "--end-of-options", commit, *CONTENT_PATHS)
            .decode()
            .split("\n")
        )
        paths = [path for path in CONTENT_PATHS if path in present]
        archive = _git(root, "archive", "--format=tar", "--end-of-options", commit, *paths)
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip()
        raise DiffError(f"cannot read {commit} from git: {detail or exc}") from exc
    skipped: list[Diagnostic] = []

    def regular_files_only(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
        if member.isreg() or member.isdir():
            try:
                return tarfile.data_filter(member, dest)
            except tarfile.FilterError as exc:
                reason = f"cannot be read from the commit ({exc})"
        elif member.issym():
            reason = (
                "a symbolic link, not a file: content is read from regular files only, "
                "and links are not followed"
            )
        else:
            reason = "not a regular file: content is read from regular files only"
        skipped.append(Diagnostic(member.name, 1, 1, Severity.ERROR, reason))
        return None

    if paths:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter=regular_files_only)
    return skipped


def diff_refs(root: Path, base_ref: str) -> MatrixDiff:
    """The working tree at `root` against the commit `base_ref` names."""
    commit = resolve_ref(root, base_ref)
    head = check(root)
    if head.problems.errors:
        # The proposal must be fixed first: a comparison now would be mostly noise.
        return MatrixDiff(head_errors=head.problems.errors, base_commit=commit)
    with tempfile.TemporaryDirectory(prefix="skillmatrix-base-") as tmp:
        skipped = checkout(root, commit, Path(tmp))
        base = check(Path(tmp))
        base.problems.extend(skipped)
        result = diff_results(base, head)
    result.base_commit = commit
    return result


def diff_trees(base_root: Path, head_root: Path) -> MatrixDiff:
    return diff_results(check(base_root), check(head_root))


def diff_results(base: CheckResult, head: CheckResult) -> MatrixDiff:
    result = MatrixDiff(base_errors=base.problems.errors, head_errors=head.problems.errors)
    if result.head_errors:
        return result
    if result.base_errors:
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
    levels = [*new.ladder, *(lv for lv in old.ladder if lv.id not in {n.id for n in new.ladder})]
    for skill_id, row in new_rows.items():
        skill = _name(site, row.skill.name)
        if skill_id not in old_rows:
            out.skills_added.append(f"{title} · {skill}")
            continue
        # By level id: a role's ladder may have changed too (its `levels`).
        was = dict(zip((lv.id for lv in old.ladder), old_rows[skill_id].cells, strict=True))
        now = dict(zip((lv.id for lv in new.ladder), row.cells, strict=True))
        for level in levels:
            before, after = was.get(level.id), now.get(level.id)
            same_prof = (before and before.proficiency.id) == (after and after.proficiency.id)
            same_req = bool(before and before.required) == bool(after and after.required)
            if same_prof and same_req:
                continue
            change = (
                f"{_cell_text(site, before)} → {_cell_text(site, after)}"
                if not same_prof
                else _cell_text(site, after)
            )
            if after is not None and after.required and not (before and before.required):
                change += ", now required"
            elif before is not None and before.required and not (after and after.required):
                change += ", no longer required"
            out.cells.append(f"{title} · {skill} · {_name(site, level.name)}: {change}")
    for skill_id, row in old_rows.items():
        if skill_id not in new_rows:
            out.skills_removed.append(f"{title} · {_name(site, row.skill.name)}")


def _diff_catalog(before: Site, after: Site, out: MatrixDiff) -> None:
    out.catalog_added = [
        _name(after, s.name) for k, s in after.skills.items() if k not in before.skills
    ]
    out.catalog_removed = [
        _name(before, s.name) for k, s in before.skills.items() if k not in after.skills
    ]


Texts = dict[str, dict[str, object]]  # file -> field ("faq.0.question") -> value


def _texts_by_file(result: CheckResult) -> Texts:
    found: Texts = {}
    for ref in iter_texts(result.content):
        where = ".".join(str(part) for part in ref.loc)
        found.setdefault(ref.source.path, {})[where] = ref.value
    return found


def _present_files(root: Path) -> set[str]:
    content = root / "content"
    found = (
        {p.relative_to(root).as_posix() for p in content.rglob("*") if p.is_file()}
        if content.is_dir()
        else set()
    )
    return found | {name for name in ("site_config.yaml",) if (root / name).is_file()}


def _by_locale(value: object, locales: list[str]) -> dict[str, object]:
    """A text as locale -> value; a plain text ("*": the same in every locale) is spread over
    `locales` when the other side of the comparison is translated, so only real changes show."""
    if isinstance(value, dict):
        return value
    return dict.fromkeys(locales, value) if locales else {"*": value}


def _diff_texts(base: CheckResult, head: CheckResult, out: MatrixDiff) -> None:
    old, new = _texts_by_file(base), _texts_by_file(head)
    old_files, new_files = _present_files(base.content.root), _present_files(head.content.root)
    changes: list[tuple[str, str, str, str]] = []  # locale, file, field, verb
    for path in sorted(set(old) | set(new)):
        # A file that exists but yields no text did not load: its texts are unknown, and
        # listing them as added or removed would be wrong.
        if (path not in old and path in old_files) or (path not in new and path in new_files):
            out.not_compared.append(path)
            continue
        before, after = old.get(path, {}), new.get(path, {})
        for where in sorted(set(before) | set(after)):
            old_value, new_value = before.get(where), after.get(where)
            old_locales = list(old_value) if isinstance(old_value, dict) else []
            new_locales = list(new_value) if isinstance(new_value, dict) else []
            was = {} if old_value is None else _by_locale(old_value, new_locales)
            now = {} if new_value is None else _by_locale(new_value, old_locales)
            for locale in sorted(set(was) | set(now)):
                if was.get(locale) == now.get(locale):
                    continue
                verb = (
                    "added" if locale not in was else "removed" if locale not in now else "changed"
                )
                changes.append((locale, path, where, verb))
    for locale, path, where, verb in changes:
        out.texts.setdefault(locale, []).append(f"{path}: {where} ({verb})")


def format_diff(diff: MatrixDiff, *, markdown: bool, base_ref: str) -> str:
    """The diff as plain text (for a terminal) or Markdown (for a job summary).

    In Markdown every piece of content (names, paths, the ref) is escaped and every report of
    problems is fenced: the summary shows text from strangers' pull requests.
    """
    text: Callable[[str], str] = inline if markdown else one_line
    lines: list[str] = []

    def heading(title: str) -> str:
        return f"### {title}" if markdown else f"{title}:"

    bullet = "- " if markdown else "  "

    def problems(items: list[Diagnostic]) -> list[str]:
        formatted = [item.format() for item in items]
        return ["", *fenced(formatted)] if markdown else [one_line(line) for line in formatted]

    base = text(base_ref) + (f" ({diff.base_commit[:12]})" if diff.base_commit else "")
    lines.append(
        f"## Matrix changes against {base}" if markdown else f"Matrix changes against {base}"
    )

    def paragraph(sentence: str) -> None:
        lines.extend(["", sentence] if markdown else [sentence])

    if diff.head_errors:
        them = "it" if diff.head_problems == 1 else "them"
        paragraph(
            f"Not compared: the working tree has "
            f"{_count(diff.head_problems, 'content error')}; fix {them} and the matrix "
            "can be compared."
        )
        lines += problems(diff.head_errors)
        return "\n".join(lines) + "\n"
    if diff.base_errors:
        paragraph(
            f"The base has {_count(diff.base_problems, 'content error')} (not this "
            "change's to fix), so its matrix cannot be resolved: only texts are compared."
        )
        lines += problems(diff.base_errors)
        if diff.empty:
            lines += ["", "No text changed."]
    elif diff.empty:
        paragraph("No change to the published matrix.")
    sections = [
        ("Roles added", diff.roles_added),
        ("Roles removed", diff.roles_removed),
        ("Cells changed", diff.cells),
        ("Skills added to roles", diff.skills_added),
        ("Skills removed from roles", diff.skills_removed),
        ("Skills added to the catalog", diff.catalog_added),
        ("Skills removed from the catalog", diff.catalog_removed),
    ]
    for title, items in sections:
        if items:
            lines += [
                "",
                heading(f"{title} ({len(items)})"),
                *(bullet + text(item) for item in items),
            ]
    for locale, items in sorted(diff.texts.items()):
        label = "all locales" if locale == "*" else text(locale)
        lines += [
            "",
            heading(f"Texts changed, {label} ({len(items)})"),
            *(bullet + text(item) for item in items),
        ]
    if diff.not_compared:
        lines += [
            "",
            heading(f"Files not compared: they do not load on one side ({len(diff.not_compared)})"),
            *(bullet + text(path) for path in diff.not_compared),
        ]
    return "\n".join(lines) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
