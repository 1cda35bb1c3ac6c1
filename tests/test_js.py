"""Runs the JavaScript unit tests (node's built-in test runner) as part of the suite."""

from __future__ import annotations

import shutil
import subprocess

from sitetree import REPO


def test_calculator_logic_with_node_test_runner() -> None:
    node = shutil.which("node")
    assert node, "node is required for the JavaScript tests (./dev test installs it)"
    result = subprocess.run(
        [node, "--test", str(REPO / "tests" / "js")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
