from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitetree import write_tree

from skillmatrix.check import CheckResult, check


@pytest.fixture
def site(tmp_path: Path):
    """site({...}) writes the minimal valid site with the given files replaced."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        return write_tree(tmp_path, files or {})

    return make


@pytest.fixture
def run_check(site):
    def run(files: dict[str, str | bytes | None] | None = None) -> CheckResult:
        return check(site(files))

    return run


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory):
    """The real site, built once per test session and served on a loopback port."""
    from served import served_site
    from sitetree import REPO

    with served_site(REPO, tmp_path_factory.mktemp("real-site") / "out") as base:
        yield base


@pytest.fixture(scope="session")
def real_site():
    """The real content, resolved: tests of the real site compute what they expect from it
    rather than naming its cells. Its repr is short, so a failure report stays readable."""
    from sitetree import REPO

    from skillmatrix.resolve import resolve

    result = check(REPO)
    assert not result.problems.has_errors(strict=True), [d.format() for d in result.problems]
    return resolve(result.content)


def _system_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium where installed (no download host here); Playwright's own otherwise.
    args = dict(browser_type_launch_args)
    chromium = _system_chromium()
    if chromium:
        args["executable_path"] = chromium
        args["args"] = [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ]
    return args
