"""Incremental rebuilds: only what shows a changed file is rendered, only changed bytes are
written, and the result is byte-identical to a clean build of the same content."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from content_edits import raise_cells
from sitetree import MINIMAL, add_layouts, copy_repo_content, write_tree

from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.history import History
from skillmatrix.pages import Page, PlanMemo, plan_pages
from skillmatrix.preview import Preview
from skillmatrix.resolve import resolve
from skillmatrix.source import ParseCache
from skillmatrix.validate import ValidationMemo

BASE = "http://127.0.0.1:8000/"
ROLE = "content/roles/backend-dev.yaml"


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def clean_build(root: Path, out: Path) -> dict[str, str]:
    assert build(root, out, base_url=BASE, pdf=False, live_reload=8000).ok
    return digest(out)


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    root = add_layouts(write_tree(tmp_path / "site", {}))
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000)
    assert view.update(None).ok
    view.changed_files()
    return view


def change(view: Preview, relpath: str, old: str, new: str) -> set[str]:
    path = view.root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return view.changed_files()


def test_one_cell_rewrites_only_the_pages_that_show_it(preview: Preview, tmp_path: Path) -> None:
    changed = change(
        preview, ROLE, "senior: advanced!, lead: expert!", "senior: expert!, lead: expert!"
    )
    assert changed == {ROLE}
    update = preview.update(changed)
    kinds = {path.split("/", 1)[1] for path in update.written if path.endswith(".html")}
    # The role's own pages and the skill page of that row; not the other skill's pages.
    assert "roles/backend-dev/senior/index.html" in kinds
    assert "skills/postgresql/index.html" in kinds
    assert "skills/unit-testing/index.html" not in kinds
    # A Senior cell shows on the Senior page and, as a change, on the next level's page: not
    # on the other level pages.
    rendered = {path.split("/", 1)[1] for path in update.rendered}
    assert {"roles/backend-dev/senior/", "roles/backend-dev/lead/"} <= rendered
    assert not rendered & {
        "roles/backend-dev/junior/",
        "roles/backend-dev/middle/",
        "roles/backend-dev/principal/",
        "skills/unit-testing/",
    }
    assert len(update.rendered) < 25  # of 53 pages
    assert digest(preview.out) == clean_build(preview.root, tmp_path / "clean")


def test_an_edit_resolves_only_the_roles_it_changed(preview: Preview) -> None:
    before = preview.site
    assert before is not None
    skill = before.skills["postgresql"]
    preview.update(
        change(preview, ROLE, "senior: advanced!, lead: expert!", "senior: expert!, lead: expert!")
    )
    after = preview.site
    assert after is not None and after.roles[0] is not before.roles[0]
    assert after.skills["postgresql"] is skill  # the catalog was not resolved again …
    usage = next(u for u in skill.used_by if u.role.id == "backend-dev")
    assert usage.role is after.roles[0]  # … and shows the new cells
    assert usage.cells[2] is not None and usage.cells[2].proficiency.id == "expert"


def test_shared_fragments_survive_only_role_edits(preview: Preview) -> None:
    assert preview.renderer is not None
    fragments = preview.renderer.fragments
    preview.update(
        change(preview, ROLE, "senior: advanced!, lead: expert!", "senior: expert!, lead: expert!")
    )
    assert preview.renderer.fragments is fragments  # still right: they show no role
    preview.update(
        change(preview, "content/skills/unit-testing.yaml", "Writes tests.", "Writes good tests.")
    )
    assert preview.renderer.fragments is not fragments  # they show the catalog


def test_a_text_edit_touches_the_roles_that_use_the_skill(preview: Preview, tmp_path: Path) -> None:
    changed = change(
        preview, "content/skills/unit-testing.yaml", "Writes tests.", "Writes good tests."
    )
    update = preview.update(changed)
    assert "en/roles/backend-dev/middle/index.html" in update.written
    assert digest(preview.out) == clean_build(preview.root, tmp_path / "clean")


def test_layout_and_removal_and_errors(preview: Preview, tmp_path: Path) -> None:
    change(preview, "layouts/skill.html", "<h1>", '<h1 class="skill-title">')
    update = preview.update(preview.changed_files() | {"layouts/skill.html"})
    assert len(update.rendered) == 53  # a layout change renders every page …
    assert len(update.written) == 6  # … and writes only the skill pages it changed
    # A broken file: the error is reported, nothing on disk changes, the next fix recovers.
    before = digest(preview.out)
    broken = change(preview, ROLE, "family: backend", "family: backnd")
    assert not preview.update(broken).ok
    assert digest(preview.out) == before
    fixed = change(preview, ROLE, "family: backnd", "family: backend")
    assert preview.update(fixed).ok
    # A skill removed from the catalog and the role: its pages disappear.
    role = MINIMAL[ROLE].replace(
        "  unit-testing: {junior: awareness, middle: working, senior: advanced, lead: advanced, "
        "principal: advanced}\n",
        "",
    )
    (preview.root / ROLE).write_text(role, encoding="utf-8")
    (preview.root / "content/skills/unit-testing.yaml").unlink()
    update = preview.update(preview.changed_files())
    assert "en/skills/unit-testing/index.html" in update.removed
    assert not (preview.out / "en/skills/unit-testing").exists()
    assert digest(preview.out) == clean_build(preview.root, tmp_path / "clean")


def test_real_content_incremental_equals_clean(tmp_path: Path) -> None:
    root = copy_repo_content(tmp_path / "site")
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000)
    assert view.update(None).ok
    view.changed_files()
    # One cell of the seed role raised a step, as a contributor would (whatever the cells are).
    assert len(raise_cells(root, per_role=1, roles={"backend-developer-python"})) == 1
    update = view.update(view.changed_files())
    assert update.ok and update.written
    assert digest(view.out) == clean_build(root, tmp_path / "clean")


def test_the_pages_on_screen_come_first_and_the_rest_in_steps(
    preview: Preview, tmp_path: Path
) -> None:
    """`steps` writes the pages browsers show before anything else (they reload then), then
    the others a few at a time, and ends byte-identical to a clean build."""
    changed = change(
        preview, ROLE, "senior: advanced!, lead: expert!", "senior: expert!, lead: expert!"
    )
    viewed = frozenset({"zh/roles/backend-dev/lead/", "en/skills/postgresql/"})
    steps = preview.steps(changed, viewed)
    first = next(steps)
    assert set(first.rendered) == viewed
    assert first.ok and not preview.complete  # the rest is still to come
    sizes = [len(update.rendered) for update in steps]
    assert len(sizes) > 1 and sizes[-1] > len(viewed)  # in several steps
    assert preview.complete
    preview.refresh_search()
    assert digest(preview.out) == clean_build(preview.root, tmp_path / "clean")


def _edit(path: str, old: str, new: str) -> tuple[str, str, str]:
    return (path, old, new)


# One edit of every kind a contributor or maintainer makes, applied in turn in the preview:
# after each, the preview equals a clean build of the same content.
EDITS = [
    _edit(ROLE, "senior: advanced!, lead: expert!", "senior: expert!, lead: expert!"),  # a cell
    _edit("content/skills/postgresql.yaml", "Tunes queries.", "Tunes slow queries."),  # a text
    _edit("content/skills/postgresql.yaml", "name: PostgreSQL", "name: Postgres"),  # a rename
    _edit("content/families/backend.yaml", "{en: Backend,", "{en: Server side,"),
    _edit(ROLE, "{en: Backend Developer,", "{en: Backend Engineer,"),  # a title
    _edit(ROLE, "{en: Learn SQL.,", "{en: Learn SQL well.,"),  # a level's focus
    _edit(ROLE, "junior: {en: [PostgreSQL],", "junior: {en: [PostgreSQL, SQL],"),  # a stack
    _edit(ROLE, "answer: {en: Because.,", "answer: {en: Because it helps.,"),  # the FAQ
    _edit("content/levels.yaml", "{en: Senior,", "{en: Senior engineer,"),  # a vocabulary
    _edit("content/categories.yaml", "{en: Databases,", "{en: Data stores,"),
    _edit("content/i18n/en.yaml", "nav.home: Home\n", "nav.home: Home page\n"),  # the UI
    _edit("layouts/skill.html", "<h1", "<h1 data-edited"),  # a layout
    _edit("assets/style.css", "body {", "body { --edited: 1;"),  # an asset
    _edit("site_config.yaml", "{en: Test Matrix,", "{en: Test Skills Matrix,"),  # the site
]


def test_every_kind_of_edit_in_turn_equals_a_clean_build(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path / "site", {}))
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000)
    assert view.update(None).ok
    view.changed_files()
    for step, (path, old, new) in enumerate(EDITS):
        changed = change(view, path, old, new)
        assert view.update(changed).ok, (path, old)
        assert digest(view.out) == clean_build(root, tmp_path / f"clean-{step}"), (path, old)
    # A new skill in the catalog and in the role, then a new role, then both removed.
    skill = MINIMAL["content/skills/postgresql.yaml"].replace("name: PostgreSQL", "name: Redis")
    (root / "content/skills/redis.yaml").write_text(skill, encoding="utf-8")
    role = (root / ROLE).read_text(encoding="utf-8")
    (root / ROLE).write_text(
        role.replace(
            "matrix:\n",
            "matrix:\n  redis: {senior: working!, lead: advanced!, principal: expert!}\n",
        ),
        encoding="utf-8",
    )
    (root / "content/roles/data-dev.yaml").write_text(role, encoding="utf-8")
    for step in ("added", "removed"):
        assert view.update(view.changed_files()).ok, step
        assert digest(view.out) == clean_build(root, tmp_path / f"clean-{step}"), step
        if step == "added":
            (root / ROLE).write_text(role, encoding="utf-8")
            (root / "content/skills/redis.yaml").unlink()
            (root / "content/roles/data-dev.yaml").unlink()


def test_a_level_page_follows_its_profile(tmp_path: Path) -> None:
    """A level's profile by category is the mean over all the role's skills of a category: a
    skill swapped for one of another category, both expected only later, leaves the Junior
    cells as they were and changes the Junior profile."""
    later = "  unit-testing: {junior: awareness"
    skills = {
        f"content/skills/{name}.yaml": MINIMAL["content/skills/postgresql.yaml"]
        .replace("category: databases", f"category: {category}")
        .replace("name: PostgreSQL", f"name: {name}")
        for name, category in (("mysql", "databases"), ("e2e", "testing"))
    }
    role = MINIMAL[ROLE].replace(later, "  mysql: {senior: awareness}\n" + later)
    assert role != MINIMAL[ROLE]
    root = add_layouts(write_tree(tmp_path / "site", {**skills, ROLE: role}))
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000)
    assert view.update(None).ok
    view.changed_files()
    changed = change(view, ROLE, "  mysql: {senior: awareness}", "  e2e: {senior: awareness}")
    update = view.update(changed)
    assert update.ok
    assert "roles/backend-dev/junior/" in {path.split("/", 1)[1] for path in update.rendered}
    assert digest(view.out) == clean_build(root, tmp_path / "clean")


def test_an_update_stopped_for_a_newer_one_leaves_it_nothing_stale(tmp_path: Path) -> None:
    """A newer change stops the update under way after its first step (serve does so rather
    than wait for every page of it): the next update renders what the stopped one left undone
    and what it wrote. Each edit of EDITS is stopped half-way, then undone at once or followed
    by an edit elsewhere; after every finished update the preview equals a clean build."""
    root = add_layouts(write_tree(tmp_path / "site", {}))
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000)
    assert view.update(None).ok
    view.changed_files()
    viewed = frozenset({"en/roles/backend-dev/", "en/skills/postgresql/"})
    other = "content/skills/unit-testing.yaml"
    for step, (path, old, new) in enumerate(EDITS):
        steps = view.steps(change(view, path, old, new), viewed)
        assert next(steps).ok
        steps.close()  # stopped with most pages still to write
        assert view.unfinished is not None and not view.complete
        undone = step % 2 == 0  # the sites before and after are the same: its pages were not
        if undone:
            changed = change(view, path, new, old)
        else:
            changed = change(view, other, "Reads tests.", f"Reads tests ({step}).")
        assert view.update(changed).ok, (path, old)
        assert view.complete and view.unfinished is None
        assert digest(view.out) == clean_build(root, tmp_path / f"clean-{step}"), (path, old)
        if undone:  # the edit made again: the next ones expect it
            assert view.update(change(view, path, old, new)).ok
        else:
            assert view.update(change(view, other, f"Reads tests ({step}).", "Reads tests.")).ok


def test_after_a_content_error_the_next_update_renders_only_what_changed(tmp_path: Path) -> None:
    """A save the check refuses writes nothing: the next good one starts from the last
    complete site, with the refused files changed too (not every page again)."""
    root = add_layouts(write_tree(tmp_path / "site", {}))
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000)
    assert view.update(None).ok
    view.changed_files()
    broken = change(view, ROLE, "family: backend", "family: [backend")
    assert not view.update(broken).ok
    change(view, ROLE, "family: [backend", "family: backend")
    text = change(view, "content/skills/unit-testing.yaml", "Reads tests.", "Reads tests well.")
    update = view.update(broken | text)
    assert update.ok
    assert "en/skills/unit-testing/" in update.rendered
    assert len(update.rendered) < 40  # of 50 pages
    assert digest(view.out) == clean_build(root, tmp_path / "clean")


def test_a_skill_edit_resolves_only_the_roles_that_use_the_skill(tmp_path: Path) -> None:
    """After a skill edit the preview keeps every role that does not use the skill (the same
    objects) and resolves the others again; a skill renamed or with new proficiency texts
    is changed where it is, for every role, none resolved again (a cell whose role wrote its
    own text keeps it). After each edit, also one that moves the skill to another category
    or comes with a role edit that starts using it, the preview equals a clean build."""
    role = MINIMAL[ROLE]
    row = next(line for line in role.splitlines() if line.startswith("  postgresql:"))
    tester = (
        role.replace(row + "\n", "")
        .replace("[databases]", "[testing, storage]")
        .replace(
            "middle: working, senior: advanced, lead: advanced, principal: advanced",
            "middle: working!, senior: advanced!, lead: advanced!, principal: advanced!",
        )
    )
    other = "content/roles/qa-dev.yaml"
    storage = "storage:\n  name: {en: Storage, zh: 存储, ru: Хранение}\n"
    categories = "content/categories.yaml"
    # A core category the role has no skill of yet, so the skill can move into it.
    core = role.replace("[databases]", "[databases, storage]") + (
        "details:\n  postgresql:\n"
        "    senior: {en: Tunes our queries., zh: 调优我们的查询。, ru: Настраивает запросы.}\n"
    )
    overlay = {ROLE: core, other: tester, categories: MINIMAL[categories] + storage}
    root = add_layouts(write_tree(tmp_path / "site", overlay))
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000)
    first = view.update(None)
    assert first.ok, [str(p) for p in first.problems.errors]
    view.changed_files()
    skill = "content/skills/postgresql.yaml"
    # Each edit, and whether the developer's role, then the tester's, is resolved again.
    edits = [
        # Texts: of a proficiency the role's cells show, and of one whose cell has its own.
        ([(skill, "Runs clusters.", "Runs large clusters.")], False, False),
        ([(skill, "Tunes queries.", "Tunes slow queries.")], False, False),
        ([(skill, "category: databases", "category: storage")], True, False),  # a move
        ([(skill, "name: PostgreSQL", "name: Postgres")], False, False),  # a rename
        (
            [
                (skill, "description: {en: A relational", "description: {en: An open relational"),
                (other, "matrix:\n", f"matrix:\n{row}\n"),
            ],
            False,
            True,
        ),
    ]
    for step, (edit, developer, tester_role) in enumerate(edits):
        before = view.site
        assert before is not None
        changed: set[str] = set()
        for path, old, new in edit:
            changed |= change(view, path, old, new)
        update = view.update(changed)
        assert update.ok, [str(p) for p in update.problems.errors]
        after = view.site
        assert after is not None
        assert (after.role("backend-dev") is not before.role("backend-dev")) == developer, step
        assert (after.role("qa-dev") is not before.role("qa-dev")) == tester_role, step
        assert after.skills["unit-testing"] is before.skills["unit-testing"]
        # Only moved to another category is the skill a new object.
        assert (after.skills["postgresql"] is before.skills["postgresql"]) == (step != 2), step
        senior = after.role("backend-dev").levels[2].groups
        details = {c.skill.id: c.detail.plain("en") for _, cells in senior for c in cells}
        assert details["postgresql"] == "Tunes our queries.", step
        assert digest(view.out) == clean_build(root, tmp_path / f"clean-{step}"), edit


def _planned(pages: list[Page]) -> list[tuple[object, ...]]:
    """What a plan says of each page, the comparisons by the objects they hold."""

    def compared(data: dict[str, Any]) -> tuple[object, ...]:
        if "by_levels" not in data:
            # The objects a page shows, the very ones (lists of them compared item by item,
            # and git's history, read once by the preview, by value).
            return tuple(
                (key, value if isinstance(value, (list, tuple, History)) else id(value))
                for key, value in sorted(data.items())
            )
        by_roles = data["by_roles"]
        return (
            data["role"],
            data["opened_level"],
            [(step.skill, step.before, step.after) for step in data["by_levels"]],
            by_roles
            and (
                by_roles.second,
                by_roles.level,
                by_roles.shared,
                by_roles.only_first,
                by_roles.only_second,
            ),
        )

    return [(p.kind, p.path, p.locale, p.shows, compared(p.data)) for p in pages]


def test_a_plan_from_the_last_plans_memo_equals_a_fresh_plan(tmp_path: Path) -> None:
    """The preview plans with what its last plan worked out for the roles and skills the
    resolve reused (pages.PlanMemo): after a skill edit (its users resolved again, the other
    roles reused) and a role edit that starts using the skill, each page's parts and
    comparisons are those of a plan made without it."""
    role = MINIMAL[ROLE]
    row = next(line for line in role.splitlines() if line.startswith("  postgresql:"))
    tester = role.replace(row + "\n", "")
    tester = tester.replace("[databases]", "[testing, databases]").replace(
        "middle: working, senior: advanced, lead: advanced, principal: advanced",
        "middle: working!, senior: advanced!, lead: advanced!, principal: advanced!",
    )
    other = "content/roles/qa-dev.yaml"
    root = write_tree(tmp_path / "site", {other: tester})
    cache, validation, memo = ParseCache(), ValidationMemo(), PlanMemo()
    site = resolve(check(root, cache, memo=validation).content)
    plan_pages(site, memo=memo)
    skill = "content/skills/postgresql.yaml"
    edits = [
        (skill, "Tunes queries.", "Tunes slow queries."),
        (skill, "name: PostgreSQL", "name: Postgres"),
        (other, "matrix:\n", f"matrix:\n{row}\n"),
        (ROLE, "senior: advanced!, lead: expert!", "senior: expert!, lead: expert!"),
    ]
    for path, old, new in edits:
        text = (root / path).read_text(encoding="utf-8")
        (root / path).write_text(text.replace(old, new), encoding="utf-8")
        cache.expect_changes({path})
        checked = check(root, cache, memo=validation)
        assert not checked.problems.errors, path
        after = resolve(checked.content, site)
        assert any(a is b for a, b in zip(after.roles, site.roles, strict=True)), path
        remembered = plan_pages(after, memo=memo)
        assert _planned(remembered) == _planned(plan_pages(after)), (path, old)
        site = after


def test_an_update_stopped_then_undone_leaves_no_link_of_its_own(tmp_path: Path) -> None:
    """An update stopped half-way has linked the families, categories and skills it shares
    with the kept site for its own roles and skills; the next update starts from the kept
    site, linked again for it (resolve._link_again). Each edit below is stopped after its
    first step, then undone (or, for the last, undone together with a text edit of another
    skill), and the preview equals a clean build."""
    redis = MINIMAL["content/skills/postgresql.yaml"].replace("name: PostgreSQL", "name: Redis")
    frontend = MINIMAL["content/families/backend.yaml"].replace("Backend", "Frontend")
    quality = "quality:\n  name: {en: Quality, zh: 质量, ru: Качество}\n"
    overlay = {
        "content/skills/redis.yaml": redis,
        "content/families/frontend.yaml": frontend,
        "content/categories.yaml": MINIMAL["content/categories.yaml"] + quality,
    }
    root = add_layouts(write_tree(tmp_path / "site", overlay))
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000)
    assert view.update(None).ok
    view.changed_files()
    tests, row = "content/skills/unit-testing.yaml", "  redis: {senior: working!}\n"
    cases = [  # (file, text, stopped edit, and what the next save changes besides)
        (ROLE, "family: backend", "family: frontend", None),  # a family's roles
        (ROLE, "matrix:\n", "matrix:\n" + row, None),  # a skill's users
        ("content/skills/redis.yaml", "category: databases", "category: testing", None),
        (tests, "category: testing", "category: quality", ("Writes tests.", "Writes unit tests.")),
    ]
    viewed = frozenset({"en/roles/backend-dev/"})
    for step, (path, old, new, also) in enumerate(cases):
        steps = view.steps(change(view, path, old, new), viewed)
        assert next(steps).ok, path
        steps.close()
        changed = change(view, path, new, old)
        if also:
            changed |= change(view, tests, *also)
        assert view.update(changed).ok, (path, new)
        assert digest(view.out) == clean_build(root, tmp_path / f"clean-{step}"), (path, new)


def test_serve_renders_with_the_collector_off_and_its_first_site_out_of_its_sight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve's preview (`long_lived`) renders every page with Python's collector off, keeps
    it off from an update stopped for a newer one to that newer one (whose first step would
    otherwise pay for sweeping the stopped one's objects), switches it on when an update
    ends, and keeps its first site out of the collector's sight (collector.py)."""
    import gc

    import skillmatrix.preview as preview_module

    root = add_layouts(write_tree(tmp_path / "site", {}))
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000, long_lived=True)
    collecting: list[bool] = []
    write_page = preview_module.write_page

    def watched(*args: Any) -> bool:
        collecting.append(gc.isenabled())
        return write_page(*args)

    monkeypatch.setattr(preview_module, "write_page", watched)
    assert gc.isenabled()
    try:
        assert view.update(None).ok
        assert gc.isenabled() and gc.get_freeze_count() > 0
        view.changed_files()
        path, old, new = EDITS[0]
        steps = view.steps(change(view, path, old, new), frozenset({"en/roles/backend-dev/"}))
        assert next(steps).ok
        steps.close()
        assert not gc.isenabled()  # left for the next update to switch on
        assert view.update(change(view, path, new, old)).ok
        assert gc.isenabled()
        assert collecting and not any(collecting)
        # What the updates left in cycles was collected as each one ended.
        assert gc.collect() == 0
    finally:
        gc.unfreeze()
        gc.enable()
