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


def _links(site_model: Site) -> dict[str, object]:
    """Every link `resolve` makes between roles, families and skills, by id, each checked
    to hold the site's own objects (never one an update replaced)."""
    roles = {role.id: role for role in site_model.roles}
    for family in site_model.families:
        assert all(roles[role.id] is role for role in family.roles), family.id
    for skill in site_model.skills.values():
        assert all(roles[u.role.id] is u.role for u in skill.used_by), skill.id
        assert all(
            u.cells is row.cells for u in skill.used_by for row in u.role.rows if row.skill is skill
        ), skill.id
    return {
        "families": {f.id: [r.id for r in f.roles] for f in site_model.families},
        "used_by": {
            s.id: [(u.role.id, [c and c.proficiency.id for c in u.cells]) for u in s.used_by]
            for s in site_model.skills.values()
        },
        "skill levels": {s.id: [lv.id for lv in s.levels] for s in site_model.skills.values()},
        "paths": {
            r.id: (
                [(p.from_level.id, p.target.id, p.to_level.id) for p in r.paths],
                [(p.source.id, p.from_level.id) for p in r.entered_from],
            )
            for r in site_model.roles
        },
    }


def test_an_update_links_roles_as_a_fresh_resolve_does(tmp_path: Path) -> None:
    """The preview resolves an edit from the last site, linking again only the families and
    skills of the roles it replaced (resolve._relink): after each role edit, the links are
    those of a resolve from scratch."""
    from sitetree import TRACKS, write_tree

    from skillmatrix.source import ParseCache

    manager = "content/roles/eng-manager.yaml"
    root = write_tree(tmp_path, TRACKS)
    edits = [
        (ROLE, "family: backend", "family: management"),  # moves to another family
        (manager, "  postgresql:   {manager", "  dropped:   {manager"),  # drops a row, below
        (ROLE, "family: management", "family: backend"),
        (manager, "  unit-testing: {manager: working", "  unit-testing: {manager: advanced"),
        (ROLE, "- {role: eng-manager, from: senior", "- {role: eng-manager, from: lead"),
    ]
    cache = ParseCache()
    site_model = resolve(check(root, cache).content)
    for path, old, new in edits:
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, old
        text = text.replace(old, new)
        if "dropped" in new:  # the row goes, with the role's own text of it
            text = "\n".join(line for line in text.splitlines() if "dropped" not in line)
            text = text.split("details:")[0]
        (root / path).write_text(text, encoding="utf-8")
        cache.expect_changes({path})
        checked = check(root, cache)
        assert [d.format() for d in checked.problems.errors] == [], (path, new)
        updated = resolve(checked.content, site_model)
        assert updated.entries and updated.roles[0] is not None
        kept = [role for role in updated.roles if role in site_model.roles]
        assert kept, "an update reuses the roles it did not edit"
        assert _links(updated) == _links(resolve(check(root).content)), (path, new)
        site_model = updated
