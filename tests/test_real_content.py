"""The repository's content: clean under `check --strict`, built with every link whole, and the
resolved model and the built role pages equal to what its files say, for every role.

Nothing here names a cell, a count or a text of the content: every expectation is computed from
the content files themselves, so any change the rules allow (content/README.md, enforced by
`check`) passes. The engine's behaviour is tested on fixture trees (test_resolve.py,
test_check_rules.py). SKILLMATRIX_CONTENT_ROOT runs these tests on another copy of the content
(test_content_changes.py does, on an edited one).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from matrix_page import read_matrix
from sitetree import REPO

from skillmatrix.check import CheckResult, check
from skillmatrix.model import Site
from skillmatrix.resolve import resolve
from skillmatrix.schema import stale_schemas

ROOT = Path(os.environ.get("SKILLMATRIX_CONTENT_ROOT") or REPO).resolve()
SEED = "backend-developer-python"  # a stable name (URLs depend on it), not a content detail


@pytest.fixture(scope="module")
def checked() -> CheckResult:
    return check(ROOT)


@pytest.fixture(scope="module")
def site(checked: CheckResult) -> Site:
    assert not checked.problems.has_errors(strict=True), checked
    return resolve(checked.content)


def role_files(root: Path = ROOT) -> dict[str, dict]:
    """Each role file as plain YAML, read without the engine."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((root / "content/roles").glob("*.yaml"))
    }


def test_real_content_is_clean_under_strict(checked: CheckResult) -> None:
    assert [d.format() for d in checked.problems] == []
    assert all(c.translated == c.total for c in checked.coverage), [
        c.format() for c in checked.coverage
    ]


def test_schemas_are_current() -> None:
    assert stale_schemas(ROOT) == [], "run: python build.py schema"


def test_the_seed_role_keeps_its_stable_id_and_family(site: Site) -> None:
    assert site.role(SEED).family.id == "backend-engineering"


def test_every_role_resolves_to_the_cells_its_file_names(site: Site) -> None:
    files = role_files()
    assert [role.id for role in site.roles] == list(files)
    for role in site.roles:
        matrix = files[role.id]["matrix"]
        assert sorted(row.skill.id for row in role.rows) == sorted(matrix), role.id
        for row in role.rows:
            written = [matrix[row.skill.id].get(level.id) for level in role.ladder]
            resolved = [
                None if cell is None else cell.proficiency.id + "!" * cell.required
                for cell in row.cells
            ]
            assert resolved == written, (role.id, row.skill.id)


def test_every_roles_stats_are_counted_from_its_file(site: Site) -> None:
    files = role_files()
    for role in site.roles:
        cells = [
            cell
            for row in files[role.id]["matrix"].values()
            for cell in row.values()
            if cell is not None
        ]
        assert role.stats.skills == len(files[role.id]["matrix"]), role.id
        assert role.stats.levels == len(role.ladder), role.id
        assert role.stats.requirements == len(cells), role.id
        assert role.stats.required == sum(cell.endswith("!") for cell in cells), role.id
        assert role.stats.categories == len({row.skill.category.id for row in role.rows})


def test_every_level_of_every_role_has_its_stack_and_focus(site: Site) -> None:
    # A quality gate of the published roles (the model lets a new role leave levels out).
    for role in site.roles:
        for view in role.levels:
            assert view.stack is not None and view.focus is not None, (role.id, view.level.id)


def test_the_built_site_links_whole_and_shows_the_data_cell_by_cell(
    site: Site, tmp_path: Path
) -> None:
    from skillmatrix.build import build
    from skillmatrix.links import broken_links
    from skillmatrix.urls import Urls

    assert build(ROOT, tmp_path / "out", pdf=False).ok
    assert broken_links(tmp_path / "out", Urls(site.config.base_url).base_path) == []
    for locale in site.locales:
        required_word = str(site.ui[locale]["cell.required"])
        for role in site.roles:
            page = tmp_path / "out" / locale / "roles" / role.id / "index.html"
            shown = read_matrix(page.read_text(encoding="utf-8"))
            assert list(shown) == [row.skill.id for row in role.rows], (locale, role.id)
            for row in role.rows:
                for cell, label in zip(row.cells, shown[row.skill.id], strict=True):
                    where = (locale, role.id, row.skill.id)
                    if cell is None:
                        assert label == "", where
                        continue
                    assert cell.proficiency.name.plain(locale) in label, where
                    assert cell.level.name.plain(locale) in label, where
                    assert label.endswith(f", {required_word}") == cell.required, where
