"""The code stays ruff-clean and type-checked (settings in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sitetree import REPO


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency (pyproject.toml, dependency group 'test')"
    result = subprocess.run(
        [ruff, "check", "skillmatrix", "tests", "bench", "build.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency (pyproject.toml, dependency group 'test')"
    result = subprocess.run(
        [ruff, "format", "--check", "skillmatrix", "tests", "bench", "build.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr + "\nrun: ruff format"


def test_mypy_is_clean() -> None:
    """skillmatrix/ type-checks under mypy --strict (settings in pyproject.toml)."""
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    assert mypy, "mypy is a test dependency (pyproject.toml, dependency group 'test')"
    result = subprocess.run([mypy], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
