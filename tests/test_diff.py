"""`diff`: what a proposal changes in the matrix, on crafted base/head pairs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
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
    role = (
        MINIMAL[ROLE]
        .replace("core_categories: [databases]", "core_categories: [databases, testing]")
        .replace(
            "middle: working, senior: advanced, lead: advanced, principal: advanced}",
            "middle: working!, senior: expert!, lead: expert!, principal: expert!}",
        )
    )
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
    row = (
        "{junior: working!, middle: working!, senior: advanced!, lead: expert!, principal: expert!}"
    )
    role = (
        MINIMAL[ROLE]
        .replace("core_categories: [databases]", "core_categories: []")
        .replace(row, row.replace("!", ""))
        .replace("{junior: awareness, middle: working,", "{middle: working,")
    )
    diff = diff_trees(*pair(tmp_path, {ROLE: role}))
    assert diff.head_problems == 0
    assert diff.cells == [
        *(
            f"Backend Developer · PostgreSQL · {level}, no longer required"
            for level in (
                "Junior: Working",
                "Middle: Working",
                "Senior: Advanced",
                "Lead: Expert",
                "Principal: Expert",
            )
        ),
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
    role = (
        "\n".join(
            line for line in MINIMAL[ROLE].splitlines() if not line.startswith("  unit-testing:")
        )
        + "\n"
    )
    diff = diff_trees(*pair(tmp_path, {ROLE: role}))
    assert diff.skills_removed == ["Backend Developer · Unit Testing"]


def test_translation_changed(tmp_path: Path) -> None:
    skill = MINIMAL["content/skills/postgresql.yaml"].replace(
        "ru: Пишет JOIN.", "ru: Пишет JOIN и подзапросы."
    )
    diff = diff_trees(*pair(tmp_path, {"content/skills/postgresql.yaml": skill}))
    assert diff.cells == []
    assert diff.texts == {"ru": ["content/skills/postgresql.yaml: proficiency.working (changed)"]}


def test_role_added(tmp_path: Path) -> None:
    role = MINIMAL[ROLE].replace("title: {en: Backend Developer,", "title: {en: Data Engineer,")
    diff = diff_trees(*pair(tmp_path, {"content/roles/data-engineer.yaml": role}))
    assert diff.roles_added == ["Data Engineer"]
    plain = format_diff(diff, markdown=False, base_ref="main")
    assert "Roles added (1):\n  Data Engineer" in plain


def test_broken_base_compares_texts_and_lists_nothing_as_removed(tmp_path: Path) -> None:
    # The base's role names an unknown family (its texts still load); the proposal fixes that
    # and edits one text: that edit is the only text change, nothing is "removed".
    broken = MINIMAL[ROLE].replace("family: backend", "family: backnd")
    fixed = MINIMAL[ROLE].replace("summary: {en: Builds services.,", "summary: {en: Builds APIs.,")
    diff = diff_trees(
        write_tree(tmp_path / "base", {ROLE: broken}), write_tree(tmp_path / "head", {ROLE: fixed})
    )
    assert [d.format() for d in diff.base_errors] == [
        f"{ROLE}:1:9: error: unknown family 'backnd' (expected one of: backend); "
        "did you mean 'backend'?"
    ]
    assert diff.texts == {"en": [f"{ROLE}: summary (changed)"]}
    text = format_diff(diff, markdown=False, base_ref="main")
    assert "The base has 1 content error (not this change's to fix)" in text
    assert "removed" not in text


def test_a_file_that_does_not_load_on_the_base_is_not_compared(tmp_path: Path) -> None:
    # Its texts are unknown on the base: neither "added" nor "removed", but named.
    diff = diff_trees(
        write_tree(tmp_path / "base", {ROLE: "family: [unclosed\n"}),
        write_tree(tmp_path / "head", {}),
    )
    assert diff.base_problems == 1
    assert diff.texts == {}
    assert diff.not_compared == [ROLE]
    assert f"Files not compared: they do not load on one side (1):\n  {ROLE}" in format_diff(
        diff, markdown=False, base_ref="main"
    )


def test_a_name_translated_is_changed_in_the_new_locales_only(tmp_path: Path) -> None:
    # "name: PostgreSQL" (every locale) becomes a mapping: the English text is the same.
    skill = "content/skills/postgresql.yaml"
    translated = MINIMAL[skill].replace(
        "name: PostgreSQL", "name: {en: PostgreSQL, zh: PostgreSQL 数据库, ru: PostgreSQL}"
    )
    diff = diff_trees(*pair(tmp_path, {skill: translated}))
    assert diff.texts == {"zh": [f"{skill}: name (changed)"]}


def test_names_cannot_break_out_of_the_markdown_summary(tmp_path: Path) -> None:
    hostile = "Evil ``` <script>alert(1)</script>\n::warning::pwned\n# [x](https://evil.example)"
    role = MINIMAL[ROLE].replace(
        "title: {en: Backend Developer,", "title: {en: " + json.dumps(hostile) + ","
    )
    diff = diff_trees(*pair(tmp_path, {"content/roles/evil.yaml": role}))
    text = format_diff(diff, markdown=True, base_ref="main`<b>")
    lines = text.splitlines()
    assert not [line for line in lines if line.startswith("::")]
    assert "<script>" not in text and "<b>" not in text and "](" not in text
    assert "```" not in text  # every backtick is escaped
    # The line breaks show as \n, its backslash escaped.
    assert (
        r"- Evil \`\`\` \<script\>alert\(1\)\</script\>\\n::warning::pwned\\n\# "
        r"\[x\]\(https://evil\.example\)" in lines
    )
    assert lines[0] == r"## Matrix changes against main\`\<b\>"


def git_repo(root: Path) -> Path:
    """The minimal site at `root`, committed on branch main."""
    write_tree(root, {})
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    return root


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def test_diff_against_a_git_ref(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = git_repo(tmp_path)
    (root / ROLE).write_text(
        MINIMAL[ROLE].replace(
            "lead: expert!, principal: expert!}", "lead: expert!, principal: advanced!}"
        )
    )
    assert main(["--root", str(root), "diff", "main", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "- Backend Developer · PostgreSQL · Principal: Expert → Advanced" in out


def test_unknown_ref_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = git_repo(tmp_path)
    assert main(["--root", str(root), "diff", "no-such-ref"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(
        f"diff: 'no-such-ref' is not a commit of the repository at {root}"
    )


def test_not_a_repository_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = write_tree(tmp_path / "site", {})
    assert main(["--root", str(root), "diff", "main"]) == 2
    assert "not a git repository" in capsys.readouterr().err


@pytest.mark.parametrize("ref", ["--output={file}", "-o{file}", "--remote=x", "-"])
def test_a_ref_that_looks_like_an_option_is_refused(tmp_path: Path, capsys, ref) -> None:  # type: ignore[no-untyped-def]
    # `git archive --output=FILE` would truncate FILE: nothing may reach git as an option.
    root = git_repo(tmp_path / "repo")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    assert main(["--root", str(root), "diff", "--", ref.format(file=victim)]) == 2
    assert victim.read_text() == "precious\n"
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("diff: '-") and "is not a git ref" in captured.err


def test_ref_with_a_control_character_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = git_repo(tmp_path)
    assert main(["--root", str(root), "diff", "main\x00x"]) == 2
    assert "is not a git ref" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../etc/passwd", "postgresql.yaml"])
def test_a_symlink_in_the_base_is_a_content_error(tmp_path: Path, capsys, target) -> None:  # type: ignore[no-untyped-def]
    # Committed in git, a link must not be followed (nor crash the extraction): the base
    # reports it, and the rest is compared.
    root = git_repo(tmp_path)
    link = root / "content/skills/x.yaml"
    link.symlink_to(target)
    commit(root, "a link")
    link.unlink()  # the working tree is clean
    assert main(["--root", str(root), "diff", "main"]) == 0
    out = capsys.readouterr().out
    assert "Traceback" not in out
    assert (
        "content/skills/x.yaml:1:1: error: a symbolic link, not a file: content is read "
        "from regular files only, and links are not followed"
    ) in out.splitlines()
    assert "The base has 1 content error" in out
    assert "root:" not in out  # nothing of /etc/passwd was read


def test_a_broken_working_tree_prints_its_errors_and_exits_1(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = git_repo(tmp_path)
    (root / ROLE).write_text(MINIMAL[ROLE].replace("postgresql:  ", "postgresqx:  "))
    assert main(["--root", str(root), "diff", "main"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        "Not compared: the working tree has 1 content error; fix it and the matrix can be "
        "compared.",
        f"{ROLE}:13:3: error: unknown skill 'postgresqx' (expected one of: postgresql, "
        "unit-testing); did you mean 'postgresql'?",
    ]
    assert "removed" not in "\n".join(lines)


def test_a_broken_working_tree_in_markdown_is_fenced(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = git_repo(tmp_path)
    hostile = "content/skills/```` <script>.yaml"
    (root / hostile).write_text("name: [\n")
    assert main(["--root", str(root), "diff", "main", "--markdown"]) == 1
    lines = capsys.readouterr().out.splitlines()
    fence = lines.index("`````")  # longer than the file name's run of four
    assert lines[fence + 1].startswith("content/skills/```` <script>.yaml:")
    assert lines[-1] == "`````"
    assert lines.count("`````") == 2
