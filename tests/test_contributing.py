"""What contributors and maintainers rely on: workflows that are valid and safe, edit links to
real files, CODEOWNERS by family, and the open proposals on role pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitetree import MINIMAL, REPO, add_layouts, write_tree

from skillmatrix.build import build
from skillmatrix.proposals import load_proposals

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is a test dependency (pyproject.toml, dependency group 'test')"
    return found


def test_workflows_are_valid_github_workflows() -> None:
    assert [w.name for w in WORKFLOWS] == ["links.yml", "pages.yml", "proposal.yml"]
    result = subprocess.run(
        [
            _tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_are_clean_under_zizmor() -> None:
    result = subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", str(REPO / ".github" / "workflows")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_keep_their_security_properties() -> None:
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        triggers = workflow.get(True, workflow.get("on"))  # YAML 1.1 reads "on" as true
        assert "pull_request_target" not in triggers, path.name
        assert workflow["permissions"] == {}, path.name  # every job asks for its own
        for job in workflow["jobs"].values():
            assert "permissions" in job
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    deploy = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())["jobs"]
    assert deploy["build"]["permissions"] == {"contents": "read", "pull-requests": "read"}
    assert deploy["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_every_edit_link_opens_a_file_that_exists(tmp_path: Path) -> None:
    assert build(REPO, tmp_path / "out", pdf=False).ok
    prefix = "https://github.com/skills-matrix/skills-matrix/edit/main/"
    seen = set()
    for page in (tmp_path / "out").rglob("*.html"):
        for link in re.findall(r'href="([^"]+)" data-edit', page.read_text(encoding="utf-8")):
            assert link.startswith(prefix), (page, link)
            seen.add(link[len(prefix) :])
    assert seen, "no edit links found"
    missing = [path for path in seen if not (REPO / path).is_file()]
    assert missing == []
    assert "content/roles/backend-developer-python.yaml" in seen
    assert any(path.startswith("content/skills/") for path in seen)


def test_codeowners_routes_every_role_and_family_to_its_family() -> None:
    owners = {}
    for line in (REPO / ".github/CODEOWNERS").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            path, team = line.split()[:2]
            owners[path] = team
    for role_file in (REPO / "content/roles").glob("*.yaml"):
        family = yaml.safe_load(role_file.read_text(encoding="utf-8"))["family"]
        assert owners.get(f"/content/roles/{role_file.name}") == f"@skills-matrix/{family}"
    for family_file in (REPO / "content/families").glob("*.yaml"):
        assert (
            owners.get(f"/content/families/{family_file.name}")
            == f"@skills-matrix/{family_file.stem}"
        )


def test_role_page_lists_its_open_proposals(tmp_path: Path) -> None:
    data = [
        {
            "number": 12,
            "title": "Raise PostgreSQL at Senior",
            "url": "https://github.com/example/matrix/pull/12",
            "labels": [{"name": "role/backend-dev"}],
        },
        {
            "number": 13,
            "title": "<script>alert(1)</script>",
            "url": "https://github.com/example/matrix/pull/13",
            "labels": [{"name": "role/backend-dev"}],
        },
        {
            "number": 14,
            "title": "Elsewhere",
            "url": "https://evil.example/pull/14",
            "labels": [{"name": "role/backend-dev"}],
        },
        {
            "number": 15,
            "title": "No label",
            "url": "https://github.com/example/matrix/pull/15",
            "labels": [],
        },
    ]
    file = tmp_path / "proposals.json"
    file.write_text(json.dumps(data))
    proposals = load_proposals(file, "https://github.com/example/matrix")
    assert [p.number for p in proposals] == [15, 13, 12]  # 14 links elsewhere
    root = add_layouts(write_tree(tmp_path / "site", {}))
    assert build(root, pdf=False, proposals=proposals).ok
    html = (root / "_site/en/roles/backend-dev/index.html").read_text(encoding="utf-8")
    assert (
        '<a href="https://github.com/example/matrix/pull/12">#12 Raise PostgreSQL at Senior</a>'
        in html
    )
    assert "#13 &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "evil.example" not in html
    # Without the data file (a local build) the page links to the pull requests instead.
    assert build(root, pdf=False).ok
    html = (root / "_site/en/roles/backend-dev/index.html").read_text(encoding="utf-8")
    assert "pulls?q=is%3Apr+is%3Aopen+label%3Arole%2Fbackend-dev" in html


def test_proposals_are_matched_to_roles_by_the_files_they_change(tmp_path: Path) -> None:
    """No label needed: a change to a role's file, its family's or a skill of its matrix
    concerns that role; a change elsewhere concerns none."""
    second_role = MINIMAL["content/roles/backend-dev.yaml"].replace(
        "  postgresql:   {junior: working!, middle: working!, senior: advanced!, lead: expert!, principal: expert!}\n",
        "",
    )
    root = add_layouts(write_tree(tmp_path / "site", {"content/roles/tester.yaml": second_role}))

    def pr(number: int, *files: str) -> dict[str, object]:
        return {
            "number": number,
            "title": f"PR {number}",
            "url": f"https://github.com/example/matrix/pull/{number}",
            "labels": [],
            "files": [{"path": path, "additions": 1, "deletions": 1} for path in files],
        }

    file = tmp_path / "proposals.json"
    file.write_text(
        json.dumps(
            [
                pr(21, "content/roles/backend-dev.yaml"),
                pr(22, "content/skills/postgresql.yaml"),  # only backend-dev's matrix has it
                pr(23, "content/skills/unit-testing.yaml"),  # both roles
                pr(24, "content/families/backend.yaml"),  # both roles' family
                pr(25, "README.md", "skillmatrix/build.py"),  # no role
            ]
        )
    )
    proposals = load_proposals(file, "https://github.com/example/matrix")
    assert build(root, pdf=False, proposals=proposals).ok

    def listed(role: str) -> list[str]:
        html = (root / f"_site/en/roles/{role}/index.html").read_text(encoding="utf-8")
        return re.findall(r">#(\d+) PR", html)

    assert listed("backend-dev") == ["24", "23", "22", "21"]
    assert listed("tester") == ["24", "23"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("not json", "cannot read proposals"),
        ('{"a": 1}', "expected a JSON list of pull requests"),
    ],
)
def test_a_broken_proposals_file_is_a_usage_error(
    tmp_path: Path, bad: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from skillmatrix.cli import main

    root = add_layouts(write_tree(tmp_path / "site", {}))
    (tmp_path / "p.json").write_text(bad)
    assert (
        main(["--root", str(root), "build", "--no-pdf", "--proposals", str(tmp_path / "p.json")])
        == 2
    )
    assert message in capsys.readouterr().err
