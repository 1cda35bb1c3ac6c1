"""`diff`: what a proposal changes in the matrix, on crafted base/head pairs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sitetree import MINIMAL, write_tree

from skillmatrix.cli import main
from skillmatrix.diff import diff_trees, format_diff

ROLE = "content/roles/backend-dev.yaml"


def pair(tmp_path: Path, head: dict[str, str | bytes | None]) -> tuple[Path, Path]:
    return write_tree(tmp_path / "base", {}), write_tree(tmp_path / "head", head)


def test_no_change(tmp_path: Path) -> None:
    diff = diff_trees(*pair(tmp_path, {}))
    assert diff.empty
    assert "No change to the published matrix." in format_diff(diff, markdown=False, base_ref="x")


def test_cell_changed_and_now_required(tmp_path: Path) -> None:
    # Testing becomes a core category: its cells from Working up are now required (the rule).
    role = MINIMAL[ROLE].replace("core_categories: [databases]",
                                 "core_categories: [databases, testing]").replace(
        "middle: working, senior: advanced, lead: advanced, principal: advanced}",
        "middle: working!, senior: expert!, lead: expert!, principal: expert!}")
    diff = diff_trees(*pair(tmp_path, {ROLE: role}))
    assert diff.head_problems == 0
    assert diff.cells == [
        "Backend Developer · Unit Testing · Middle: Working, now required",
        "Backend Developer · Unit Testing · Senior: Advanced → Expert, now required",
        "Backend Developer · Unit Testing · Lead: Advanced → Expert, now required",
        "Backend Developer · Unit Testing · Principal: Advanced → Expert, now required",
    ]


def test_required_flag_alone_and_a_cell_removed(tmp_path: Path) -> None:
    # Databases is no longer a core category: its '!' go (the rule), the proficiencies stay.
    row = "{junior: working!, middle: working!, senior: advanced!, lead: expert!, principal: expert!}"
    role = MINIMAL[ROLE].replace("core_categories: [databases]", "core_categories: []") \
                        .replace(row, row.replace("!", "")) \
                        .replace("{junior: awareness, middle: working,", "{middle: working,")
    diff = diff_trees(*pair(tmp_path, {ROLE: role}))
    assert diff.head_problems == 0
    assert diff.cells == [
        *(f"Backend Developer · PostgreSQL · {level}, no longer required" for level in (
            "Junior: Working", "Middle: Working", "Senior: Advanced", "Lead: Expert",
            "Principal: Expert")),
        "Backend Developer · Unit Testing · Junior: Awareness → not expected",
    ]


def test_skill_added_to_a_role_and_the_catalog(tmp_path: Path) -> None:
    skill = MINIMAL["content/skills/postgresql.yaml"].replace("name: PostgreSQL", "name: Redis")
    # Redis is a database, a core category of the role: required from Working up.
    role = MINIMAL[ROLE] + "  redis: {senior: working!, lead: advanced!, principal: advanced!}\n"
    diff = diff_trees(*pair(tmp_path, {ROLE: role, "content/skills/redis.yaml": skill}))
    assert diff.head_problems == 0
    assert diff.skills_added == ["Backend Developer · Redis"]
    assert diff.catalog_added == ["Redis"]
    text = format_diff(diff, markdown=True, base_ref="origin/main")
    assert "### Skills added to roles (1)\n- Backend Developer · Redis" in text


def test_skill_removed_from_a_role(tmp_path: Path) -> None:
    role = "\n".join(line for line in MINIMAL[ROLE].splitlines()
                     if not line.startswith("  unit-testing:")) + "\n"
    diff = diff_trees(*pair(tmp_path, {ROLE: role}))
    assert diff.skills_removed == ["Backend Developer · Unit Testing"]


def test_translation_changed(tmp_path: Path) -> None:
    skill = MINIMAL["content/skills/postgresql.yaml"].replace("ru: Пишет JOIN.", "ru: Пишет JOIN и подзапросы.")
    diff = diff_trees(*pair(tmp_path, {"content/skills/postgresql.yaml": skill}))
    assert diff.cells == []
    assert diff.texts == {"ru": ["content/skills/postgresql.yaml: proficiency.working (changed)"]}


def test_role_added(tmp_path: Path) -> None:
    role = MINIMAL[ROLE].replace("title: {en: Backend Developer,", "title: {en: Data Engineer,")
    diff = diff_trees(*pair(tmp_path, {"content/roles/data-engineer.yaml": role}))
    assert diff.roles_added == ["Data Engineer"]
    plain = format_diff(diff, markdown=False, base_ref="main")
    assert "Roles added (1):\n  Data Engineer" in plain


def test_broken_proposal_still_reports(tmp_path: Path) -> None:
    role = MINIMAL[ROLE].replace("postgresql:  ", "postgresqx:  ")
    diff = diff_trees(*pair(tmp_path, {ROLE: role}))
    assert diff.head_problems == 1
    assert "content error(s)" in format_diff(diff, markdown=True, base_ref="main")


def test_diff_against_a_git_ref(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = write_tree(tmp_path, {})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=root, check=True)
    (root / ROLE).write_text(MINIMAL[ROLE].replace("lead: expert!, principal: expert!}",
                                                   "lead: expert!, principal: advanced!}"))
    assert main(["--root", str(root), "diff", "main", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "- Backend Developer · PostgreSQL · Principal: Expert → Advanced" in out
    assert main(["--root", str(root), "diff", "no-such-ref"]) == 2
