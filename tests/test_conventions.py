"""What a Python project is expected to keep: licences and a citation, one hash-pinned lock that
every install uses, checks to run before pushing, dependency updates, and CI on the oldest and
newest supported Python."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from sitetree import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = REPO / "requirements" / "lock.txt"
WORKFLOWS = REPO / ".github" / "workflows"


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is a test dependency (pyproject.toml, dependency group 'test')"
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=False)


def _locked() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of every pin in the lock."""
    pins: dict[str, tuple[str, list[str]]] = {}
    # A pin is "name==version [; marker] \" followed by its "--hash=..." continuation lines.
    for entry in re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8")):
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)", entry)
        if match:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)
            pins[canonicalize_name(match[1])] = (match[2], hashes)
    return pins


# Licences and citation


def test_the_code_is_mit_licensed() -> None:
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n")
    assert "Copyright (c) the Skills Matrix contributors" in licence
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    # SPDX `license` needs setuptools 77 or newer to build.
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]


def test_the_content_licence_is_stated_where_people_read() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    licence = readme[readme.index("\n## Licence\n") :]
    assert "`content/`" in licence and "CC BY 4.0" in licence and "(LICENSE)" in licence
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "\n## Licence\n" in contributing and "CC BY 4.0" in contributing
    api = (REPO / "docs/api.md").read_text(encoding="utf-8")
    assert "\n## Licence and attribution\n" in api and "CC BY 4.0" in api
    template = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert "CC BY 4.0 for `content/`, MIT for everything else" in template


def test_citation_file_is_valid_cff() -> None:
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    for key in ("message", "title"):
        assert isinstance(citation[key], str) and citation[key].strip()
    assert citation["authors"] == [{"name": "The Skills Matrix contributors"}]
    assert sorted(citation["license"]) == ["CC-BY-4.0", "MIT"]
    assert citation["version"] == PYPROJECT["project"]["version"]
    result = _run(
        _tool("check-jsonschema"), "--builtin-schema", "vendor.citation-file-format", "CITATION.cff"
    )
    assert result.returncode == 0, result.stdout + result.stderr


# One lock for every install


def test_every_dependency_is_pinned_in_the_lock_with_hashes() -> None:
    pins = _locked()
    assert len(pins) > 40
    assert all(hashes for _, hashes in pins.values()), "pip --require-hashes needs them all"
    assert "test" not in PYPROJECT["project"].get("optional-dependencies", {})
    declared = [*PYPROJECT["project"]["dependencies"], *PYPROJECT["dependency-groups"]["test"]]
    for line in declared:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements/lock.txt: renew-lock.sh"
        # A range raised in pyproject.toml without renewing the lock would go unnoticed.
        assert SpecifierSet(str(requirement.specifier)).contains(pins[name][0]), (line, pins[name])


def test_the_lock_says_how_to_renew_it() -> None:
    header = LOCK.read_text(encoding="utf-8").splitlines()[:2]
    assert header[1].strip("# ") == "requirements/renew-lock.sh"
    script = (REPO / "requirements/renew-lock.sh").read_text(encoding="utf-8")
    assert "--group test" in script and "--generate-hashes" in script
    assert "--python-version 3.11" in script and "--universal" in script
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"


def test_dev_and_every_workflow_install_from_the_lock() -> None:
    dev = (REPO / "dev").read_text(encoding="utf-8")
    assert "LOCK=requirements/lock.txt" in dev
    assert '-m pip install --quiet --disable-pip-version-check --require-hashes -r "$LOCK"' in dev
    assert "--no-deps -e ." in dev
    assert 'cat "$LOCK" pyproject.toml | sha256sum' in dev  # reinstalled when either changes
    assert "[test]" not in dev
    for path in sorted(WORKFLOWS.glob("*.yml")):
        jobs = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
        for job in jobs.values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/setup-python@"):
                    assert step["with"]["cache-dependency-path"] == "requirements/lock.txt"
                run = step.get("run", "")
                for command in re.findall(r"pip install[^\n]*", run):
                    assert command in (
                        "pip install --require-hashes -r requirements/lock.txt",
                        "pip install --no-deps -e .",
                    ), (path.name, command)


# CI and dependency updates


def test_tests_run_on_the_oldest_and_the_newest_python() -> None:
    proposal = yaml.safe_load((WORKFLOWS / "proposal.yml").read_text(encoding="utf-8"))
    test = proposal["jobs"]["test"]
    versions = test["strategy"]["matrix"]["python"]
    floor = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert versions[0] == floor
    assert tuple(map(int, versions[-1].split("."))) >= (3, 14)
    assert test["permissions"] == {"contents": "read"}
    assert any(step.get("run") == "python -m pytest" for step in test["steps"])
    # The tests live in that job only, so they are not run a third time in the check job.
    assert all(step.get("run") != "python -m pytest" for step in proposal["jobs"]["check"]["steps"])


def test_external_links_are_checked_weekly_never_on_proposals() -> None:
    links = yaml.safe_load((WORKFLOWS / "links.yml").read_text(encoding="utf-8"))
    triggers = links.get(True, links.get("on"))  # YAML 1.1 reads "on" as true
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert re.fullmatch(r"\d+ \d+ \* \* \d", triggers["schedule"][0]["cron"])
    steps = links["jobs"]["links"]["steps"]
    lychee = next(step for step in steps if step.get("uses", "").startswith("lycheeverse/"))
    assert lychee["uses"].startswith("lycheeverse/lychee-action@")
    assert lychee["with"]["jobSummary"] is True
    assert "./_site/**/*.html" in lychee["with"]["args"]


def test_dependabot_updates_pip_and_actions_weekly_in_groups() -> None:
    result = _run(
        _tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", ".github/dependabot.yml"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((REPO / ".github/dependabot.yml").read_text(encoding="utf-8"))
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    for update in updates.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"
        assert [group["patterns"] for group in update["groups"].values()] == [["*"]]


# Checks before pushing


def test_pre_commit_config_is_valid_and_runs_the_checks_ci_runs() -> None:
    result = _run(_tool("pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {}
    for repo in config["repos"]:
        if repo["repo"] != "local":
            # A released tag, never a branch: the hooks are as reproducible as the lock.
            assert re.fullmatch(r"v?\d+\.\d+\.\d+", repo["rev"]), repo
        for hook in repo["hooks"]:
            hooks[hook["id"]] = repo["repo"]
    assert hooks["ruff-check"] == "https://github.com/astral-sh/ruff-pre-commit"
    assert hooks["ruff-format"] == "https://github.com/astral-sh/ruff-pre-commit"
    assert (
        hooks["check-github-workflows"] == "https://github.com/python-jsonschema/check-jsonschema"
    )
    assert hooks["zizmor"] == "https://github.com/zizmorcore/zizmor-pre-commit"
    local = next(repo for repo in config["repos"] if repo["repo"] == "local")["hooks"][0]
    assert local["entry"] == "./dev check --strict" and local["pass_filenames"] is False
    assert re.search(local["files"], "content/roles/backend-developer-python.yaml")
