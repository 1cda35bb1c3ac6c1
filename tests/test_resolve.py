"""The resolve step on fixture trees: cells read by level, stats counted from the matrix,
required flags, families and skill usage, and the role page's matrix cell by cell."""

from __future__ import annotations

from pathlib import Path

from matrix_page import read_matrix
from sitetree import MINIMAL, add_layouts

from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.model import Site
from skillmatrix.resolve import resolve

ROLE = "content/roles/backend-dev.yaml"
FULL_ROW = (
    "{junior: awareness, middle: working, senior: advanced, lead: advanced, principal: advanced}"
)
# A row that starts at Senior: the empty levels before it are "not yet expected".
LATE_ROW = "{senior: awareness, lead: working, principal: advanced}"
LATE = {ROLE: MINIMAL[ROLE].replace(FULL_ROW, LATE_ROW)}


def resolved(site, files: dict[str, str | None]) -> Site:  # type: ignore[no-untyped-def]
    result = check(site(files))
    assert [d.format() for d in result.problems] == []
    return resolve(result.content)


def cells(site_model: Site, role_id: str) -> dict[str, list[str | None]]:
    return {
        row.skill.id: [
            None if c is None else c.proficiency.id + "!" * c.required for c in row.cells
        ]
        for row in site_model.role(role_id).rows
    }


def test_cells_are_read_by_level_and_empty_levels_come_first(site) -> None:  # type: ignore[no-untyped-def]
    assert cells(resolved(site, LATE), "backend-dev") == {
        "postgresql": ["working!", "working!", "advanced!", "expert!", "expert!"],
        "unit-testing": [None, None, "awareness", "working", "advanced"],
    }


def test_stats_are_counted_from_the_matrix(site) -> None:  # type: ignore[no-untyped-def]
    role = resolved(site, LATE).role("backend-dev")
    assert (role.stats.skills, role.stats.levels, role.stats.categories) == (2, 5, 2)
    assert (role.stats.requirements, role.stats.required) == (8, 5)  # 5 + 3 cells; postgresql's
    assert [view.cell_count for view in role.levels] == [1, 1, 2, 2, 2]
    assert [view.required_count for view in role.levels] == [1, 1, 1, 1, 1]


def test_levels_record_what_is_new_raised_and_newly_required(site) -> None:  # type: ignore[no-untyped-def]
    role = resolved(site, LATE).role("backend-dev")
    senior, lead = role.level("senior"), role.level("lead")
    assert [c.skill.id for c in senior.added] == ["unit-testing"]
    assert [(r.before.proficiency.id, r.after.proficiency.id) for r in senior.raised] == [
        ("working", "advanced")
    ]
    assert [r.after.skill.id for r in lead.raised] == ["postgresql", "unit-testing"]
    assert role.level("junior").newly_required == [] and senior.newly_required == []


def test_families_hold_their_roles_and_skills_know_who_uses_them(site) -> None:  # type: ignore[no-untyped-def]
    files = {
        "content/families/frontend.yaml": MINIMAL["content/families/backend.yaml"],
        "content/roles/backend-ops.yaml": MINIMAL[ROLE],
        "content/roles/frontend-dev.yaml": MINIMAL[ROLE]
        .replace("family: backend", "family: frontend")
        .replace(
            "  postgresql:   {junior: working!, middle: working!, senior: advanced!, lead: expert!,"
            " principal: expert!}\n",
            "",
        ),
    }
    model = resolved(site, files)
    assert {f.id: [r.id for r in f.roles] for f in model.families} == {
        "backend": ["backend-dev", "backend-ops"],
        "frontend": ["frontend-dev"],
    }
    assert [u.role.id for u in model.skills["postgresql"].used_by] == ["backend-dev", "backend-ops"]
    assert [u.role.id for u in model.skills["unit-testing"].used_by] == [
        "backend-dev",
        "backend-ops",
        "frontend-dev",
    ]


def test_reprs_are_short(site) -> None:  # type: ignore[no-untyped-def]
    model = resolved(site, LATE)
    role = model.role("backend-dev")
    assert repr(model) == "<Site 1 roles, 2 skills, 3 locales>"
    assert repr(role) == "<Role backend-dev: 2 skills, 5 of 8 cells required>"
    assert repr(role.rows[1]) == "<Row unit-testing: - - awareness working advanced>"
    assert repr(role.rows[0].cells[2]) == "<Cell postgresql at senior: advanced!>"
    assert repr(model.skills["postgresql"]) == "<Skill postgresql in databases, used by 1 roles>"


def test_role_page_shows_every_cell_of_the_matrix(site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = add_layouts(site(LATE))
    assert build(root, tmp_path / "out", pdf=False).ok
    html = (tmp_path / "out/en/roles/backend-dev/index.html").read_text(encoding="utf-8")
    assert read_matrix(html) == {
        "postgresql": [
            f"PostgreSQL, {level}, required"
            for level in (
                "Junior: Working",
                "Middle: Working",
                "Senior: Advanced",
                "Lead: Expert",
                "Principal: Expert",
            )
        ],
        "unit-testing": [
            "",
            "",
            "Unit Testing, Senior: Awareness",
            "Unit Testing, Lead: Working",
            "Unit Testing, Principal: Advanced",
        ],
    }
    html = (tmp_path / "out/ru/roles/backend-dev/index.html").read_text(encoding="utf-8")
    assert read_matrix(html)["postgresql"][2] == "PostgreSQL, Senior: Продвинутый, обязательно"


def test_level_changes_are_grouped_by_category(site) -> None:  # type: ignore[no-untyped-def]
    # Unit testing is expected at Junior and Middle, not at Senior, and again from Lead: only a
    # warning in `check`, so a level page must show the drop too.
    gap_row = "{junior: awareness, middle: working, lead: working, principal: advanced}"
    files = {ROLE: MINIMAL[ROLE].replace(FULL_ROW, gap_row)}
    assert files[ROLE] != MINIMAL[ROLE]
    result = check(site(files))
    assert not result.problems.errors, [d.format() for d in result.problems]
    role = resolve(result.content).role("backend-dev")

    def changes(level: str) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        return [
            (category.id, [(c.skill.id, c.change, c.newly_required) for c in group])
            for category, group in role.level(level).changes
        ]

    assert changes("junior") == []  # nothing below the first level
    assert changes("middle") == [("testing", [("unit-testing", "raised", False)])]
    assert changes("senior") == [
        ("databases", [("postgresql", "raised", False)]),
        ("testing", [("unit-testing", "dropped", False)]),
    ]
    assert changes("lead") == [
        ("databases", [("postgresql", "raised", False)]),
        ("testing", [("unit-testing", "new", False)]),
    ]
    # PostgreSQL is Expert at Lead and Principal: an unchanged skill is not listed.
    assert changes("principal") == [("testing", [("unit-testing", "raised", False)])]
