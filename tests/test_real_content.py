"""The repository's own content: clean under --strict, the seed role's numbers, and the role
page's matrix equal to the data cell by cell."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitetree import REPO

from skillmatrix.check import check
from skillmatrix.resolve import Site, resolve
from skillmatrix.schema import stale_schemas

SEED = "backend-developer-python"


@pytest.fixture(scope="module")
def site() -> Site:
    result = check(REPO)
    assert [d.format() for d in result.problems] == []
    return resolve(result.content)


def test_real_content_is_clean_under_strict() -> None:
    result = check(REPO)
    assert not result.problems.has_errors(strict=True), [d.format() for d in result.problems]
    assert all(c.translated == c.total for c in result.coverage)


def test_schemas_are_current() -> None:
    assert stale_schemas(REPO) == [], "run: python build.py schema"


def test_every_content_file_names_its_schema() -> None:
    expected = {"skills": "skill", "roles": "role", "families": "family", "i18n": "ui"}
    for path in sorted((REPO / "content").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        folder = path.parent.name
        name = expected.get(folder, path.stem)
        prefix = "../../" if folder in expected else "../"
        assert first == f"# yaml-language-server: $schema={prefix}schemas/{name}.schema.json", path


def test_seed_role_numbers_come_from_the_data(site: Site) -> None:
    role = site.role(SEED)
    assert role.family.id == "backend-engineering"
    assert role.stats.skills == 74  # the seed page's 75 counted gRPC twice
    assert role.stats.levels == 5
    assert role.stats.categories == 14
    assert role.stats.requirements == 357  # 362 on the seed page, minus the duplicate row's 5
    assert role.stats.required == 205  # by the rule in content/README.md
    assert len({row.skill.id for row in role.rows}) == 74


def test_seed_role_required_cells_follow_the_documented_rule(site: Site) -> None:
    for role in site.roles:
        core = {c.id for c in role.core_categories}
        for row in role.rows:
            for cell in row.cells:
                if cell is None:
                    continue
                expected = cell.proficiency.rank >= 2 and row.skill.category.id in core
                assert cell.required == expected, (role.id, row.skill.id, cell.level.id)


def test_seed_rows_read_by_position(site: Site) -> None:
    rows = {row.skill.id: [c.proficiency.id if c else None for c in row.cells]
            for row in site.role(SEED).rows}
    assert rows["docker"] == ["working", "advanced", "advanced", "expert", "expert"]
    assert rows["rest-api-design"] == ["working", "advanced", "expert", "expert", "expert"]
    assert rows["cursor-ide"] == [None, "awareness", "working", "advanced", "advanced"]
    assert rows["feature-flags"] == [None, None, "awareness", "working", "advanced"]
    assert rows["grpc-protocol-buffers"] == ["awareness", "working", "advanced", "expert", "expert"]


def test_every_skill_has_texts_that_differ_per_proficiency(site: Site) -> None:
    for skill in site.skills.values():
        for locale in site.locales:
            texts = [skill.meanings[p.id].get(locale)[0] for p in site.proficiencies]
            assert len(set(texts)) == 4, (skill.id, locale)
            assert all(len(t) > 60 for t in texts), (skill.id, locale)


class _MatrixReader(HTMLParser):
    """Reads the role page's matrix: per skill row, the visually hidden text of each cell."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._row: str | None = None
        self._in_cell = False
        self._label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "th" and values.get("scope") == "row":
            self._row = "pending"
        elif tag == "a" and self._row == "pending":
            self._row = str(values["href"]).rstrip("/").rsplit("/", 1)[-1]
            self.rows[self._row] = []
        elif tag == "td" and self._row and self._row != "pending":
            self._in_cell = True
            self._label = ""
        elif tag == "a" and self._in_cell and "aria-label" in values:
            self._label = str(values["aria-label"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._in_cell and self._row:
            self.rows[self._row].append(self._label)
            self._in_cell = False


def test_role_page_matrix_matches_the_data_cell_by_cell(site: Site, tmp_path: Path) -> None:
    from skillmatrix.build import build

    assert build(REPO, tmp_path / "out", pdf=False).ok
    for locale in site.locales:
        html = (tmp_path / "out" / locale / "roles" / SEED / "index.html").read_text("utf-8")
        reader = _MatrixReader()
        reader.feed(html)
        role = site.role(SEED)
        assert list(reader.rows) == [row.skill.id for row in role.rows]
        for row in role.rows:
            for cell, label in zip(row.cells, reader.rows[row.skill.id], strict=True):
                if cell is None:
                    assert label == ""
                    continue
                assert cell.proficiency.name.plain(locale) in label
                assert cell.level.name.plain(locale) in label
                assert label.endswith(f", {_required_word(locale)}") == cell.required


def _required_word(locale: str) -> str:
    import yaml

    strings = yaml.safe_load((REPO / "content/i18n" / f"{locale}.yaml").read_text("utf-8"))
    return str(strings["cell.required"])


def test_every_role_meets_the_seed_roles_invariants(site: Site) -> None:
    assert len(site.roles) >= 6
    for role in site.roles:
        assert 40 <= role.stats.skills <= 80, role.id
        assert len(role.faq) >= 1, role.id
        for row in role.rows:
            ranks = [cell.proficiency.rank if cell else 0 for cell in row.cells]
            assert any(ranks), (role.id, row.skill.id)  # no empty row
            first = next(i for i, rank in enumerate(ranks) if rank)
            # Expected from its first level on, never less at a higher level.
            assert all(ranks[i] for i in range(first, len(ranks))), (role.id, row.skill.id)
            assert ranks[first:] == sorted(ranks[first:]), (role.id, row.skill.id)
        for view in role.levels:
            assert view.stack is not None and view.focus is not None, (role.id, view.level.id)
            for locale in site.locales:
                assert view.stack.get(locale)[1] is None, (role.id, view.level.id, locale)
                assert view.focus.get(locale)[1] is None, (role.id, view.level.id, locale)


def test_every_catalog_skill_is_used_and_shared_skills_are_shared(site: Site) -> None:
    assert [s.id for s in site.skills.values() if not s.used_by] == []
    # A skill that means the same in two roles is one entry: the common ones are shared.
    for shared in ("postgresql", "docker", "git-advanced", "rest-api-design", "unit-testing"):
        assert len(site.skills[shared].used_by) >= 3, shared


def test_families_hold_their_roles(site: Site) -> None:
    families = {f.id: sorted(r.id for r in f.roles) for f in site.families}
    assert families["backend-engineering"] == [
        "backend-developer-go", "backend-developer-java", "backend-developer-python"]
    assert families["frontend-engineering"] == ["frontend-developer-typescript"]
    assert families["platform-engineering"] == ["devops-sre-engineer"]
    assert families["quality-engineering"] == ["qa-automation-engineer"]
