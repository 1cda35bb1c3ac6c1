"""Impact and behaviours: the competency catalog is checked like the skill catalog (positions,
did-you-mean, translations), and every role shows it per level on its pages and in its data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from sitetree import COMPETENCIES, REPO, add_layouts, write_tree
from test_preview import BASE, clean_build, digest

from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.pages import plan_pages
from skillmatrix.preview import Preview
from skillmatrix.render import Assets, Renderer
from skillmatrix.resolve import resolve
from skillmatrix.urls import Urls
from skillmatrix.validate import iter_texts

AUTONOMY = "content/competencies/autonomy.yaml"
MENTORING = "content/competencies/mentoring.yaml"


def at(relpath: str, text: str, snippet: str) -> str:
    """'path:line:col' of the first `snippet` in `text` (1-based, as diagnostics print it)."""
    index = text.index(snippet)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{relpath}:{line}:{col}"


def replaced(relpath: str, old: str, new: str) -> dict[str, str]:
    text = COMPETENCIES[relpath]
    assert old in text
    return {**COMPETENCIES, relpath: text.replace(old, new, 1)}


def formatted(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.format() for d in result.problems]


# --- The catalog is checked --------------------------------------------------------------------


def test_a_valid_catalog_passes_strict_check(run_check) -> None:  # type: ignore[no-untyped-def]
    result = run_check(COMPETENCIES)
    assert formatted(result) == []
    assert set(result.content.competencies) == {"autonomy", "mentoring"}
    # Its texts are checked like every other: name, description and five levels each.
    texts = [ref for ref in iter_texts(result.content) if "competencies/" in ref.source.path]
    assert len(texts) == 14 and sum(ref.is_markdown for ref in texts) == 12


def test_no_catalog_is_valid(site) -> None:  # type: ignore[no-untyped-def]
    root = site()
    (root / "content/competencies").mkdir()  # an empty folder, as the real content has now
    result = check(root)
    assert formatted(result) == []
    assert resolve(result.content).competencies == []


def test_an_unknown_level_is_located_with_did_you_mean(run_check) -> None:  # type: ignore[no-untyped-def]
    files = replaced(AUTONOMY, "  senior:", "  senoir:")
    text = files[AUTONOMY]
    levels_line = text[: text.index("levels:")].count("\n") + 1
    unknown_at = at(AUTONOMY, text, "senoir:")
    problems = formatted(run_check(files))
    assert f"{unknown_at}: error: unknown level 'senoir'" in "\n".join(problems)
    assert sorted(problems) == sorted(
        [
            f"{unknown_at}: error: unknown level 'senoir' (expected one of: junior, middle, "
            "senior, lead, principal); did you mean 'senior'?",
            f"{AUTONOMY}:{levels_line + 1}:3: error: missing the text for level senior: a "
            "competency says what every level of content/levels.yaml expects",
        ]
    )


def test_missing_translation_and_missing_default_text(run_check) -> None:  # type: ignore[no-untyped-def]
    files = replaced(
        MENTORING,
        "middle: {en: Helps a newcomer., zh: 帮助新人。, ru: Помогает новичку.}",
        "middle: {en: Helps a newcomer., ru: Помогает новичку.}",
    )
    files = {
        **files,
        AUTONOMY: files[AUTONOMY].replace(
            "name: {en: Autonomy, zh: 自主性, ru: Самостоятельность}",
            "name: {zh: 自主性, ru: Самостоятельность}",
        ),
    }
    result = run_check(files)
    middle = at(MENTORING, files[MENTORING], "{en: Helps")
    name = at(AUTONOMY, files[AUTONOMY], "{zh: 自主性")
    assert formatted(result) == [
        f"{name}: error: missing the 'en' text: every text needs the default locale, which "
        "other locales fall back to",
        f"{middle}: warning: missing 'zh' translation of levels.middle",
    ]
    assert result.problems.has_errors(strict=False)


def test_a_missing_translation_alone_fails_only_strict(run_check) -> None:  # type: ignore[no-untyped-def]
    files = replaced(MENTORING, ", ru: Растит других.}", "}")
    result = run_check(files)
    assert formatted(result) == [
        f"{at(MENTORING, files[MENTORING], '{en: Growing')}: warning: missing 'ru' "
        "translation of description"
    ]
    assert not result.problems.has_errors(strict=False)
    assert result.problems.has_errors(strict=True)


def test_every_mistake_of_the_catalog_in_one_run(run_check) -> None:  # type: ignore[no-untyped-def]
    files = replaced(MENTORING, "order: 10", "order: 20")  # the order of autonomy
    files[MENTORING] = files[MENTORING].replace("  principal:", "  pricipal:")
    files[AUTONOMY] = files[AUTONOMY].replace("levels:", "levles:")
    files["content/competencies/Bad_Id.yaml"] = COMPETENCIES[MENTORING].replace("10", "30")
    mentoring, autonomy = files[MENTORING], files[AUTONOMY]
    levels_line = mentoring[: mentoring.index("levels:")].count("\n") + 1
    assert formatted(run_check(files)) == [
        "content/competencies/Bad_Id.yaml:1:1: error: file name 'Bad_Id' is not a valid id: "
        "use lower-case letters, digits and single hyphens, e.g. 'backend-developer-go'",
        f"{at(AUTONOMY, autonomy, 'order')}: error: missing required field 'levels'",
        f"{at(AUTONOMY, autonomy, 'levles')}: error: unknown field 'levles' (expected one of: "
        "order, name, description, levels); did you mean 'levels'?",
        f"{at(MENTORING, mentoring, '20')}: error: order 20 is already the order of "
        "'autonomy': every competency needs its own, or pages could list them either way",
        f"{MENTORING}:{levels_line + 1}:3: error: missing the text for level principal: a "
        "competency says what every level of content/levels.yaml expects",
        f"{at(MENTORING, mentoring, 'pricipal')}: error: unknown level 'pricipal' (expected "
        "one of: junior, middle, senior, lead, principal); did you mean 'principal'?",
    ]


def test_a_wrong_type_is_located_and_the_rest_still_checked(run_check) -> None:  # type: ignore[no-untyped-def]
    files = replaced(AUTONOMY, "order: 20", "order: twenty")
    files[AUTONOMY] = files[AUTONOMY].replace("  lead:", "  leed:")
    problems = formatted(run_check(files))
    text = files[AUTONOMY]
    assert problems[0].startswith(f"{at(AUTONOMY, text, 'twenty')}: error: ")
    assert "integer" in problems[0]
    assert any(
        p.startswith(f"{at(AUTONOMY, text, 'leed')}: error: unknown level 'leed'")
        and p.endswith("did you mean 'lead'?")
        for p in problems
    )


def test_the_schema_line_names_the_competency_schema(run_check, site) -> None:  # type: ignore[no-untyped-def]
    root = site(COMPETENCIES)
    (root / "schemas").mkdir()
    (root / "schemas/competency.schema.json").write_text(
        (REPO / "schemas/competency.schema.json").read_text("utf-8"), encoding="utf-8"
    )
    assert formatted(check(root)) == []  # the fixture's first lines name it
    path = root / AUTONOMY
    path.write_text(path.read_text("utf-8").split("\n", 1)[1], encoding="utf-8")
    assert formatted(check(root)) == [
        f"{AUTONOMY}:1:1: error: the first line must be `# yaml-language-server: "
        "$schema=../../schemas/competency.schema.json`: it names the file's schema, so that "
        "editors check the file as you type"
    ]


def test_the_published_schema_accepts_the_fixture_and_refuses_mistakes() -> None:
    import yaml

    schema = json.loads((REPO / "schemas/competency.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(COMPETENCIES[AUTONOMY])
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "colour": "red"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "order": -1}, schema)


# --- The model --------------------------------------------------------------------------------


def test_resolved_in_reading_order_per_level_with_the_previous_text(run_check) -> None:  # type: ignore[no-untyped-def]
    site = resolve(run_check(COMPETENCIES).content)
    assert [c.id for c in site.competencies] == ["mentoring", "autonomy"]  # by order
    role = site.role("backend-dev")
    junior, middle = role.levels[0], role.levels[1]
    assert [b.competency.id for b in middle.behaviours] == ["mentoring", "autonomy"]
    assert middle.behaviours[0].expected.plain("ru") == "Помогает новичку."
    assert middle.behaviours[0].previous is not None
    assert middle.behaviours[0].previous.plain("en") == "Asks good questions."
    assert middle.previous is junior.level
    assert junior.behaviours[0].previous is None and junior.previous is None
    competency, ladder = role.competency_rows[1]
    assert competency.id == "autonomy"
    assert [(level.id, text.plain("en")) for level, text in ladder][-1] == (
        "principal",
        "Sets the company's direction.",
    )


# --- Pages and data ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = add_layouts(write_tree(tmp_path_factory.mktemp("competencies") / "site", COMPETENCIES))
    out = root / "_site"
    assert build(root, out, pdf=False).ok
    return out


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text("utf-8")


def test_the_role_page_shows_them_per_level_after_the_matrix(built: Path) -> None:
    html = page(built, "en/roles/backend-dev")
    section = html[html.index('id="behaviours-title"') :]
    assert html.index('class="matrix role-matrix"') < html.index('id="behaviours-title"')
    for text in ("Asks good questions.", "Grows leaders across teams.", "Sets a team's goals."):
        assert text in section
    # Mentoring (order 10) before Autonomy (order 20), in every level's list.
    assert section.index("Mentoring") < section.index("Autonomy")
    assert section.count('<details class="behaviours-level"') == 5
    assert section.count('<details class="behaviours-level" open>') == 1
    zh = page(built, "zh/roles/backend-dev")
    assert "影响力与行为" in zh and "设定公司方向。" in zh


def test_a_level_page_shows_the_level_and_the_one_before(built: Path) -> None:
    html = page(built, "en/roles/backend-dev/senior")
    section = html[html.index('id="behaviours"') : html.index('id="changes"')]
    assert "Mentors two engineers." in section and "Owns a service." in section
    assert "At the level before (Middle)" in section and "Helps a newcomer." in section
    assert "Grows the team's seniors." not in section  # the next level's text
    first = page(built, "ru/roles/backend-dev/junior")
    assert "Задаёт хорошие вопросы." in first
    assert "На предыдущем уровне" not in first  # no level before the first


def test_career_path_compare_and_search_record(built: Path) -> None:
    path = page(built, "en/roles/backend-dev/path")
    assert path.count("Impact and behaviours") == 5
    assert "Owns a service." in path
    compare = page(built, "en/roles/backend-dev/compare")
    section = compare[compare.index('id="by-behaviours"') :]
    assert "Impact and behaviours, level by level" in section
    assert all(text in section for text in ("Works on tasks with help.", "Sets the company"))


def test_the_search_record_and_print_view_hold_them(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path, COMPETENCIES))
    site = resolve(check(root).content)
    renderer = Renderer(
        root,
        site,
        Urls("https://example.org/m/"),
        Assets.scan(root / "assets"),
        pdf_available=False,
    )
    pages = plan_pages(site, print_views=True)
    renderer.index_pages(pages)
    by_path = {p.path: p for p in pages}
    record = renderer.render_record(by_path["ru/roles/backend-dev/"])
    assert "Наставничество" in record and "Ставит цели команде." in record
    printed = renderer.render(
        by_path["en/roles/backend-dev/print/"],
        renderer.alternates(by_path["en/roles/backend-dev/print/"]),
    )
    levels = printed.split('<section class="print-level">')[1:]
    assert len(levels) == 5
    assert "Asks good questions." in levels[0] and "Grows leaders across teams." in levels[4]
    assert "Asks good questions." not in levels[1]


def test_json_holds_them_and_validates(built: Path) -> None:
    data = json.loads((built / "api/v1/roles/backend-dev.json").read_text("utf-8"))
    schema = json.loads((built / "api/v1/schema/role.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert [c["id"] for c in data["competencies"]] == ["mentoring", "autonomy"]
    autonomy = data["competencies"][1]
    assert autonomy["name"] == {"en": "Autonomy", "zh": "自主性", "ru": "Самостоятельность"}
    assert list(autonomy["levels"]) == data["levels"]
    assert autonomy["levels"]["lead"]["zh"] == "设定团队目标。"


def test_csv_rows_follow_the_skills(built: Path) -> None:
    for name in ("backend-dev.ru.csv", "backend-dev.ru.excel.csv"):
        text = (built / "api/v1/roles" / name).read_text("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        skills = [row for row in rows[1:] if row[0]]
        competencies = [row for row in rows[1:] if not row[0]]
        assert [row[2] for row in skills] == ["postgresql", "unit-testing"]
        assert rows[1:] == skills + competencies  # after the skills
        assert competencies[0] == [
            "",
            "Влияние и поведение",
            "mentoring",
            "Наставничество",
            "Задаёт хорошие вопросы.",
            "Помогает новичку.",
            "Наставляет двух инженеров.",
            "Растит сеньоров команды.",
            "Растит лидеров в компании.",
        ]


def test_a_level_text_a_spreadsheet_would_run_is_neutralised(tmp_path: Path) -> None:
    files = replaced(
        MENTORING, "lead: {en: Grows the team's seniors.,", "lead: {en: '=HYPERLINK(1)',"
    )
    root = add_layouts(write_tree(tmp_path, files))
    assert build(root, root / "_site", pdf=False).ok
    rows = list(
        csv.reader(io.StringIO((root / "_site/api/v1/roles/backend-dev.en.csv").read_text()))
    )
    assert rows[-2][7] == "'=HYPERLINK(1)"


def test_without_a_catalog_pages_have_no_section_and_data_an_empty_list(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path, {}))
    assert build(root, root / "_site", pdf=False).ok
    assert "behaviours" not in page(root / "_site", "en/roles/backend-dev")
    data = json.loads((root / "_site/api/v1/roles/backend-dev.json").read_text("utf-8"))
    assert data["competencies"] == []
    text = (root / "_site/api/v1/roles/backend-dev.en.csv").read_text("utf-8")
    assert [line.split(",")[2] for line in text.strip().split("\n")[1:]] == [
        "postgresql",
        "unit-testing",
    ]


# --- The preview -------------------------------------------------------------------------------

# The preview's edit-sequence helpers (BASE, digest, clean_build) are test_preview's.


def edit(view: Preview, relpath: str, old: str, new: str) -> set[str]:
    path = view.root / relpath
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return view.changed_files()


def test_a_competency_edit_in_the_preview_equals_a_clean_build(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path / "site", COMPETENCIES))
    view = Preview(root, tmp_path / "preview", base_url=BASE, live_reload=8000)
    assert view.update(None).ok
    view.changed_files()

    changed = edit(view, AUTONOMY, "Owns a service.", "Owns a service end to end.")
    assert changed == {AUTONOMY}
    update = view.update(changed)
    assert update.ok
    rendered = {path.split("/", 1)[1] for path in update.rendered if "/" in path}
    # The pages that show the catalog, and not the others (skills, categories, family, home).
    assert {
        "roles/backend-dev/",
        "roles/backend-dev/senior/",
        "roles/backend-dev/path/",
        "roles/backend-dev/compare/",
    } <= rendered
    assert not any(path.startswith(("skills/", "categories/", "families/")) for path in rendered)
    assert "" not in rendered  # the home pages
    # The role's data files are written again.
    assert {"api/v1/roles/backend-dev.json", "api/v1/roles/backend-dev.en.csv"} <= set(
        update.written
    )
    assert "Owns a service end to end." in page(view.out, "en/roles/backend-dev/senior")
    assert digest(view.out) == clean_build(root, tmp_path / "clean")

    # A reordered, an added and a removed competency: every page shows the new catalog.
    for step, (relpath, text) in enumerate(
        [
            (MENTORING, COMPETENCIES[MENTORING].replace("order: 10", "order: 30")),
            (
                "content/competencies/influence.yaml",
                COMPETENCIES[MENTORING]
                .replace("order: 10", "order: 5")
                .replace("Mentoring", "Influence"),
            ),
            (AUTONOMY, None),
        ]
    ):
        if text is None:
            (root / relpath).unlink()
        else:
            (root / relpath).write_text(text, encoding="utf-8")
        assert view.update(view.changed_files()).ok
        assert digest(view.out) == clean_build(root, tmp_path / f"clean-{step}"), relpath


def test_unsafe_markdown_in_a_level_text_is_refused_at_its_place(run_check) -> None:  # type: ignore[no-untyped-def]
    files = replaced(
        AUTONOMY,
        "lead: {en: Sets a team's goals.,",
        "lead: {en: 'Sets goals <script>alert(1)</script>',",
    )
    problems = formatted(run_check(files))
    text = files[AUTONOMY]
    assert problems == [
        f"{at(AUTONOMY, text, tag)}: error: raw HTML is not allowed in Markdown (write plain "
        "Markdown; it is rendered as escaped text)"
        for tag in ("<script>", "</script>")
    ]
