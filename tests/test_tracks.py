"""Two tracks: a role with a ladder of its own (three management levels), career paths between
roles shown both ways, and the checks of `levels` and `paths` (content/README.md)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe import violations
from playwright.sync_api import Page, expect
from served import served_site
from sitetree import MANAGEMENT_LEVELS, MINIMAL, TRACKS, add_layouts, write_tree
from test_preview import BASE, change, clean_build, digest

from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.diff import diff_trees
from skillmatrix.preview import Preview
from skillmatrix.resolve import resolve

MANAGER = "content/roles/eng-manager.yaml"
BACKEND = "content/roles/backend-dev.yaml"
LEVELS = "content/levels.yaml"
LADDER = ["manager", "senior-manager", "director"]
INDIVIDUAL = ["junior", "middle", "senior", "lead", "principal"]


def diagnostics(root: Path) -> list[str]:
    return [d.format() for d in check(root).problems]


def tracks(files: dict[str, str | None] | None = None) -> dict[str, str | None]:
    return {**TRACKS, **(files or {})}


def edited(path: str, old: str, new: str) -> str:
    text = TRACKS.get(path) or MINIMAL[path]
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    return text.replace(old, new)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = add_layouts(write_tree(tmp_path, tracks()))
    result = build(root, pdf=False)
    assert result.ok, [d.format() for d in result.problems]
    return root / "_site"


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


# --- the model -----------------------------------------------------------------------------


def test_each_role_resolves_its_own_ladder_and_paths_link_both_ways(site) -> None:
    result = check(site(tracks()))
    assert [d.format() for d in result.problems] == []
    resolved = resolve(result.content)
    manager, backend = resolved.role("eng-manager"), resolved.role("backend-dev")
    assert [level.id for level in manager.ladder] == LADDER
    assert [view.level.id for view in manager.levels] == LADDER
    assert [level.id for level in backend.ladder] == INDIVIDUAL
    assert manager.stats.levels == 3 and manager.track == "management"
    # Every level of levels.yaml stays on the site, with its track.
    assert [(lv.id, lv.track) for lv in resolved.levels] == [
        *((ident, "individual") for ident in INDIVIDUAL),
        *((ident, "management") for ident in LADDER),
    ]
    # Cells follow the role's ladder: director is the third cell of a row.
    row = next(r for r in manager.rows if r.skill.id == "postgresql")
    assert [c.proficiency.id if c else None for c in row.cells] == [
        "awareness",
        "awareness",
        "working",
    ]
    assert row.cells[2] is not None and row.cells[2].overridden
    senior_manager = manager.level("senior-manager")
    assert senior_manager.index == 1 and senior_manager.previous is manager.ladder[0]
    assert manager.levels[0].previous is None
    (move,) = backend.paths
    assert (move.from_level.id, move.target, move.to_level.id) == ("senior", manager, "manager")
    assert manager.entered_from == [move] and backend.entered_from == []
    # The skill page's columns: the levels of the roles that use the skill.
    assert [lv.id for lv in resolved.skills["postgresql"].levels] == INDIVIDUAL + LADDER


# --- pages and exports ---------------------------------------------------------------------


def test_a_management_role_has_its_own_level_pages_and_matrix(built: Path) -> None:
    role = built / "en/roles/eng-manager"
    assert sorted(p.name for p in role.iterdir() if p.is_dir()) == sorted(
        [*LADDER, "path", "calculator", "compare", "history"]
    )
    html = page(built, "en/roles/eng-manager")
    heads = [part.split('"', 1)[0] for part in html.split('class="level-head"><a href="')[1:]]
    assert heads == [f"{level}/" for level in LADDER]
    assert html.count('<col class="level-col">') == 3
    assert 'colspan="4"' in html and 'colspan="6"' not in html
    # The tabs of every page of the role list its own levels, not the individual ones.
    for sub in ("", "director/", "path/", "compare/"):
        text = page(built, f"en/roles/eng-manager/{sub}")
        tabs = text.split('class="level-switch"', 1)[1].split("</ul>", 1)[0]
        assert "Senior Manager" in tabs and "Junior" not in tabs, sub
    director = page(built, "en/roles/eng-manager/director")
    assert "What changes from Senior Manager" in director
    assert "Funds the database team." in director
    first = page(built, "en/roles/eng-manager/manager")
    assert "What changes from" not in first  # the first level of its ladder
    # The individual role's pages are as before: five levels.
    backend = page(built, "en/roles/backend-dev")
    assert backend.count('<col class="level-col">') == 5


def test_every_link_of_a_site_with_two_tracks_resolves(built: Path) -> None:
    from skillmatrix.links import broken_links

    assert broken_links(built, "/matrix/") == []


def test_csv_and_json_of_a_management_role(built: Path) -> None:
    api = built / "api/v1"
    rows = list(csv.reader(io.StringIO((api / "roles/eng-manager.en.csv").read_text("utf-8"))))
    assert rows[0] == ["category_id", "category", "skill_id", "skill", *LADDER]
    postgresql = ["databases", "Databases", "postgresql", "PostgreSQL"]
    assert [*postgresql, "awareness", "awareness", "working"] in rows
    data = json.loads((api / "roles/eng-manager.json").read_text("utf-8"))
    assert data["levels"] == LADDER and data["stats"]["levels"] == 3
    assert all(
        list(skill["cells"]) == LADDER for group in data["categories"] for skill in group["skills"]
    )
    assert data["stack"].keys() == {"manager"} and data["focus"].keys() == {"senior-manager"}
    assert data["entered_from"] == [{"role": "backend-dev", "from": "senior", "to": "manager"}]
    assert data["paths"] == []
    backend = json.loads((api / "roles/backend-dev.json").read_text("utf-8"))
    assert backend["paths"] == [{"role": "eng-manager", "from": "senior", "to": "manager"}]
    matrix = json.loads((api / "matrix/eng-manager.json").read_text("utf-8"))
    assert matrix["levels"] == LADDER
    assert all(len(skill["ranks"]) == 3 for skill in matrix["skills"])
    index = json.loads((api / "index.json").read_text("utf-8"))
    assert [(lv["id"], lv["track"]) for lv in index["levels"]][-3:] == [
        (level, "management") for level in LADDER
    ]


def test_api_output_validates_against_its_published_schema(built: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    api = built / "api/v1"
    for name, files in (
        ("role", ["roles/eng-manager.json", "roles/backend-dev.json"]),
        ("index", ["index.json"]),
    ):
        schema = json.loads((api / f"schema/{name}.schema.json").read_text("utf-8"))
        for file in files:
            jsonschema.validate(json.loads((api / file).read_text("utf-8")), schema)


def test_career_paths_link_both_ways(built: Path) -> None:
    backend = page(built, "en/roles/backend-dev/path")
    # The move branches off Senior, the level it starts from, to the target's entry level.
    senior = backend.split('roles/backend-dev/senior/">Senior</a></h2>', 1)[1].split("</li>\n")
    branch = next(part for part in senior if "path-moves" in part)
    assert 'href="../../../../en/roles/eng-manager/manager/"' in branch
    assert "Engineering Manager · Manager" in branch and "management track" in branch
    assert "individual-contributor track" in backend  # the role's own track is said
    manager = page(built, "en/roles/eng-manager/path")
    assert 'href="../../../../en/roles/backend-dev/senior/">Backend Developer · Senior</a>' in (
        manager
    )
    assert "Entered at this level from" in manager
    # In every locale, in its words.
    zh = page(built, "zh/roles/eng-manager/path")
    assert "管理路线" in zh and "可从以下级别进入此级别" in zh
    ru = page(built, "ru/roles/backend-dev/path")
    assert "С уровня «Senior» — переход в другую роль" in ru


def test_the_skill_page_shows_the_levels_of_the_roles_that_use_it(built: Path) -> None:
    html = page(built, "en/skills/postgresql")
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert head.count("<abbr") == 8
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    manager_row = next(row for row in body.split("<tr>") if "Engineering Manager" in row)
    # Five empty cells (the individual levels it does not have), then its three.
    assert manager_row.count('class="cell empty"') == 5
    assert 'href="../../../en/roles/eng-manager/director/#postgresql"' in manager_row


def test_compare_opens_on_a_level_both_roles_have(built: Path) -> None:
    html = page(built, "en/roles/eng-manager/compare")
    assert "No other role has the level Senior Manager yet." in html
    data = json.loads(html.split('id="compare-data">', 1)[1].split("</script>", 1)[0])
    assert data["levels"]["ids"] == LADDER
    assert (
        data["messages"]["no_level"]
        == "{role} has no level {level}: its ladder is another track's."
    )
    backend = page(built, "en/roles/backend-dev/compare")
    assert "There is no other role" not in backend and "No other role has" in backend


@pytest.mark.browser
def test_print_view_and_pdf_of_a_management_role(tmp_path: Path) -> None:
    from pypdf import PdfReader

    root = add_layouts(write_tree(tmp_path, tracks()))
    result = build(root, pdf=True)
    assert result.ok and result.notes == []
    pdf = root / "_site/en/roles/eng-manager/eng-manager-en.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", " ")
    for words in ("Senior Manager", "Director", "Funds the database team."):
        assert words in text
    assert "Junior" not in text


# --- checks --------------------------------------------------------------------------------


def test_ladder_and_path_mistakes_in_one_run(site) -> None:
    manager = TRACKS[MANAGER]
    root = site(
        tracks(
            {
                # An unknown level, with the nearest known one.
                "content/roles/people-lead.yaml": manager.replace(
                    "[manager, senior-manager, director]", "[manager, senior-manger, director]"
                ),
                # A cell at a level of levels.yaml that is not on this role's ladder.
                MANAGER: edited(
                    MANAGER,
                    "unit-testing: {manager: working,",
                    "unit-testing: {junior: awareness, manager: working,",
                ),
                # A path into an unknown role; a path from and to levels the roles lack.
                BACKEND: edited(
                    BACKEND,
                    "  - {role: eng-manager, from: senior, to: manager}\n",
                    "  - {role: eng-manger, from: senior, to: manager}\n"
                    "  - {role: eng-manager, from: staff, to: junior}\n",
                ),
                # Two tracks mixed; levels out of levels.yaml's order.
                "content/roles/hybrid.yaml": manager.replace(
                    "[manager, senior-manager, director]", "[senior, manager, director]"
                ),
                "content/roles/upside-down.yaml": manager.replace(
                    "[manager, senior-manager, director]", "[senior-manager, manager, director]"
                ),
            }
        )
    )
    ladder = "its levels: manager, senior-manager, director, declared in its `levels`"
    # Line 13 of backend-dev is "  - {role: eng-manger, ...": the value after "  - {role: "
    # (11 characters); line 14 "  - {role: eng-manager, from: staff, to: junior}": 'staff'
    # after 11 + 13 + 6 = 30, 'junior' after 30 + 7 + 4 = 41. Line 10 of eng-manager is
    # "  unit-testing: {junior: ...": 'junior' after 17; line 4 "levels: [manager, " is 18.
    assert diagnostics(root) == [
        f"{BACKEND}:13:12: error: unknown role 'eng-manger' (expected one of: backend-dev, "
        "eng-manager, hybrid, people-lead, upside-down); did you mean 'eng-manager'?",
        f"{BACKEND}:14:31: error: 'staff' is not a level of this role (its levels: junior, "
        "middle, senior, lead, principal, the default ladder; `levels` sets another)",
        f"{BACKEND}:14:42: error: 'junior' is not a level of role 'eng-manager' ({ladder})",
        f"{MANAGER}:10:18: error: 'junior' is not a level of this role ({ladder})",
        "content/roles/hybrid.yaml:4:9: error: a role's levels are one track's ladder, but "
        "these mix tracks (individual: senior; management: manager, director); a move into "
        "another track is a path to a role of that track (`paths`)",
        "content/roles/people-lead.yaml:4:19: error: unknown level 'senior-manger' (expected "
        "a level id from content/levels.yaml); did you mean 'senior-manager'?",
        "content/roles/upside-down.yaml:4:26: error: level 'manager' comes before "
        "'senior-manager' in content/levels.yaml: list the role's levels in that order (from "
        "the first level up)",
    ]


def test_levels_file_tracks_and_reserved_ids(site) -> None:
    # 'path' would be the URL of a role's career path page; Senior is an individual level.
    levels = MINIMAL[LEVELS].replace(
        "senior: {name:", "senior: {track: management, name:"
    ) + MANAGEMENT_LEVELS.replace("director:", "path:")
    manager = edited(MANAGER, "senior-manager, director]", "senior-manager, path]")
    manager = manager.replace("director: working}", "path: working}").replace(
        "director: {en:", "path: {en:"
    )
    manager = manager.replace("director: expert}", "path: expert}")
    # "senior: {track: " is 16 characters; the 'path' key opens line 14.
    assert diagnostics(site(tracks({LEVELS: levels, MANAGER: manager}))) == [
        f"{LEVELS}:3:17: error: 'senior' is one of the individual-contributor levels (junior, "
        "middle, senior, lead, principal): its track is 'individual'",
        f"{LEVELS}:14:1: error: level id 'path' is the name of a role's path page, whose URL "
        "a level page would take; choose another id",
    ]


def test_an_unknown_track(site) -> None:
    levels = MINIMAL[LEVELS] + MANAGEMENT_LEVELS.replace(
        "  track: management\nsenior-manager:", "  track: managers\nsenior-manager:"
    )
    # Line 9 is "  track: managers" (the first management level's third line).
    assert diagnostics(site(tracks({LEVELS: levels}))) == [
        f"{LEVELS}:9:10: error: Input should be 'individual' or 'management', got 'managers'"
    ]


def test_a_path_into_itself_and_a_level_twice(site) -> None:
    manager = edited(
        MANAGER, "levels: [manager, senior-manager, director]", "levels: [manager, manager]"
    ).replace("levels:", "paths: [{role: eng-manager, from: manager, to: manager}]\nlevels:", 1)
    assert diagnostics(site(tracks({MANAGER: manager}))) == [
        f"{MANAGER}:4:16: error: a path leads into another role, not into 'eng-manager' "
        "itself; its next level is the next level of its own ladder",
        f"{MANAGER}:5:19: error: level 'manager' is listed twice",
    ]


def test_a_ladder_that_fails_its_shape_is_the_only_error(site) -> None:
    # Not a list: the file's cells and the path into the role are not checked against a
    # ladder nobody wrote (the default one), which would only repeat the error.
    manager = edited(MANAGER, "[manager, senior-manager, director]", "manager")
    assert diagnostics(site(tracks({MANAGER: manager}))) == [
        f"{MANAGER}:4:9: error: Input should be a valid list"
    ]


# --- the preview ---------------------------------------------------------------------------


def test_preview_edits_of_paths_equal_a_clean_build(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path / "site", tracks()))
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000)
    assert view.update(None).ok
    view.changed_files()
    path = "  - {role: eng-manager, from: senior, to: manager}\n"
    edits = [
        (path, path.replace("to: manager", "to: senior-manager")),  # another entry level
        ("paths:\n" + path.replace("to: manager", "to: senior-manager"), ""),  # removed
        ("matrix:\n", "paths:\n" + path + "matrix:\n"),  # and added again
    ]
    for step, (old, new) in enumerate(edits):
        update = view.update(change(view, BACKEND, old, new))
        assert update.ok, step
        rendered = {p.split("/", 1)[1] for p in update.rendered}
        # The target role's career path says where it is entered from: rendered again,
        # while its matrix and level pages are not.
        assert "roles/eng-manager/path/" in rendered, step
        assert "roles/eng-manager/director/" not in rendered, step
        assert digest(view.out) == clean_build(root, tmp_path / f"clean-{step}"), step
    # A new ladder is a new set of pages: the whole plan again, still equal.
    shorter = (
        TRACKS[MANAGER]
        .replace("[manager, senior-manager, director]", "[manager, senior-manager]")
        .replace(", director: expert}", "}")
        .replace(", director: working}", "}")
        .split("details:")[0]
    )
    assert "director" not in shorter
    (root / MANAGER).write_text(shorter, encoding="utf-8")
    update = view.update(view.changed_files())
    assert update.ok, [d.format() for d in update.problems]
    assert digest(view.out) == clean_build(root, tmp_path / "clean-ladder")
    assert not (view.out / "en/roles/eng-manager/director").exists()


def test_diff_names_the_levels_of_a_roles_own_ladder(tmp_path: Path) -> None:
    base = write_tree(tmp_path / "base", tracks())
    # A cell raised, and the ladder cut short (Director and its cells gone).
    manager = (
        TRACKS[MANAGER]
        .replace("unit-testing: {manager: working,", "unit-testing: {manager: advanced,")
        .replace("[manager, senior-manager, director]", "[manager, senior-manager]")
        .replace(", director: expert}", "}")
        .replace(", director: working}", "}")
        .split("details:")[0]
    )
    head = write_tree(tmp_path / "head", tracks({MANAGER: manager}))
    diff = diff_trees(base, head)
    assert diff.head_problems == 0
    assert diff.cells == [  # in the role's order: categories as categories.yaml lists them
        "Engineering Manager · PostgreSQL · Director: Working → not expected",
        "Engineering Manager · Unit Testing · Manager: Working → Advanced",
        "Engineering Manager · Unit Testing · Director: Expert → not expected",
    ]


# --- in Chromium ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tracks_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # A second individual role, so the backend role's compare page offers other roles.
    data_dev = TRACKS[BACKEND].replace("{en: Backend Developer,", "{en: Data Developer,")
    root = add_layouts(
        write_tree(
            tmp_path_factory.mktemp("tracks"),
            tracks({"content/roles/data-dev.yaml": data_dev}),
        )
    )
    with served_site(root, root / "out") as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "en/roles/backend-dev/path/",
        "en/roles/eng-manager/path/",
        "en/roles/eng-manager/",
        "en/roles/eng-manager/senior-manager/",
        "zh/roles/eng-manager/compare/",
    ],
)
def test_two_track_pages_are_accessible(page: Page, tracks_url: str, path: str) -> None:
    page.goto(tracks_url + path)
    assert violations(page) == []


@pytest.mark.browser
def test_compare_says_when_the_other_role_has_no_such_level(page: Page, tracks_url: str) -> None:
    page.goto(f"{tracks_url}en/roles/backend-dev/compare/?role=eng-manager&level=senior")
    expect(page.locator("[data-roles-result]")).to_have_text(
        "Engineering Manager has no level Senior: its ladder is another track's."
    )
    # A role of the same ladder still compares cell by cell.
    page.goto(f"{tracks_url}en/roles/backend-dev/compare/?role=data-dev&level=senior")
    expect(page.locator("[data-roles-result] caption")).to_have_text(
        "Backend Developer · Data Developer · Senior"
    )
