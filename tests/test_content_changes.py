"""A content change the rules allow passes the suite: cells of every real role are raised the
way a contributor would (one matrix line each, '!' set by the rule), `check --strict` stays
clean, and the content tests pass on the edited copy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from content_edits import raise_cells
from sitetree import REPO, copy_repo_content

from skillmatrix.check import check
from skillmatrix.cli import main


def test_raised_cells_pass_check_and_the_content_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_repo_content(tmp_path / "site")
    edits = raise_cells(root)
    roles = {path.stem for path in (REPO / "content/roles").glob("*.yaml")}
    assert {edit.role for edit in edits} == roles
    # Among them, in every role, a cell that now needs the '!' or keeps none.
    assert any(edit.after.endswith("!") for edit in edits)
    assert any(not edit.after.endswith("!") and edit.after != "awareness" for edit in edits)

    assert main(["--root", str(root), "check", "--strict"]) == 0, capsys.readouterr().out

    env = {
        **os.environ,
        "SKILLMATRIX_CONTENT_ROOT": str(root),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(REPO / "tests/test_real_content.py"),
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=REPO,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and "failed" not in proc.stdout


def test_a_required_awareness_cell_fails_check_at_its_cell(tmp_path: Path) -> None:
    # The other side: an edit the rules forbid is caught by check itself, at the cell.
    root = copy_repo_content(tmp_path / "site")
    path = next(iter(sorted((root / "content/roles").glob("*.yaml"))))
    lines = path.read_text(encoding="utf-8").split("\n")
    number, line = next(
        (i, text)
        for i, text in enumerate(lines)
        if text.startswith("  ") and ": awareness" in text and "{" in text
    )
    col = line.index("awareness")
    lines[number] = line[:col] + "awareness!" + line[col + len("awareness") :]
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = [d.format() for d in check(root).problems]
    relpath = path.relative_to(root).as_posix()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{relpath}:{number + 1}:{col + 1}: error: ")
    assert problems[0].endswith("Awareness is never required; remove the '!'")
