"""A failing test over the real resolved site gives a short report: pytest prints the fixtures a
failing test holds, and the default repr of a resolved site walks the whole linked model (it once
grew to 24 GB and the suite was killed instead of reporting the failure)."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sitetree import REPO

MEMORY_LIMIT = 3 * 1024**3  # bytes of address space for the pytest that reports the failure

FAILING_TEST = textwrap.dedent("""
    from pathlib import Path

    import pytest

    from skillmatrix.check import check
    from skillmatrix.resolve import resolve


    @pytest.fixture(scope="module")
    def checked():
        return check(Path({root!r}))


    @pytest.fixture(scope="module")
    def site(checked):
        return resolve(checked.content)


    def test_a_deliberate_failure(checked, site):
        role = site.roles[0]
        assert role.rows[:3] == [], "deliberate failure over the real site"


    def test_a_deliberate_failure_comparing_models(site):
        assert site.roles[0] is site.roles[-1]
""")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_a_failure_over_the_real_site_reports_briefly(tmp_path: Path) -> None:
    test_file = tmp_path / "test_deliberate_failure.py"
    test_file.write_text(FAILING_TEST.format(root=str(REPO)), encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                str(test_file),
                "-p",
                "no:cacheprovider",
                "--showlocals",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            cwd=tmp_path,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:  # a hard stop: the report did not come at all
        pytest.fail("pytest did not report the failure within 60 s: a repr is too big")
    output = proc.stdout + proc.stderr
    # Two failures reported (exit 1), not a crash, a kill or a usage error.
    assert proc.returncode == 1, output[-3000:]
    assert "2 failed" in output, output[-3000:]
    assert "AssertionError: deliberate failure over the real site" in output
    assert re.search(r"site\s+= <Site \d+ roles, \d+ skills, \d+ locales>", output), output
    assert re.search(r"checked\s+= <CheckResult 0 errors, 0 warnings in \d+ files>", output)
    assert re.search(r"<Row [a-z0-9-]+: [a-z! -]+>", output)  # the rows compared
    assert re.search(r"<Role [a-z0-9-]+: \d+ skills, \d+ of \d+ cells required>", output)
    assert len(output) < 40_000, output[:3000]
