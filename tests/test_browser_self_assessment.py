"""One self-assessment for every role (issue #19) in real Chromium: answers shared by every
role's calculator, the distance to the other roles, the link, the review sheet (printed and as
CSV), and the form without JavaScript.

The real site's tests compute what they expect from its resolved data (`real_site`), never from
today's cells; the formula test builds a small site of its own."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe import violations
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from served import served_site
from sitetree import MINIMAL, add_layouts, write_tree

pytestmark = pytest.mark.browser
ROLE = "backend-developer-python"  # the seed role: a stable name
MIDDLE, SENIOR = 1, 2


def calculator(base: str, role: str) -> str:
    return f"{base}en/roles/{role}/calculator/"


def answer_with_level(page: Page, level: int) -> dict[str, int]:
    """Choose, for every skill, exactly what `level` expects of it; return the answers."""
    chosen = {}
    for fieldset in page.locator(".calc-skill").all():
        rank = json.loads(fieldset.get_attribute("data-ranks") or "[]")[level]
        fieldset.locator(f'input[value="{rank}"]').check()
        if rank:
            chosen[fieldset.get_attribute("data-skill") or ""] = rank
    return chosen


def checked_ranks(page: Page) -> dict[str, int]:
    """Skill id -> the rank checked on the page."""
    return dict(
        page.locator(".calc-skill").evaluate_all(
            "sets => sets.map(s => [s.dataset.skill, Number(s.querySelector('input:checked').value)])"
        )
    )


def partner_of(real_site, role):  # type: ignore[no-untyped-def]
    """Another role that shares skills with `role`, and does not share all of them."""
    mine = {row.skill.id for row in role.rows}
    for other in real_site.roles:
        theirs = {row.skill.id for row in other.rows}
        if other is not role and mine & theirs and theirs - mine:
            return other
    pytest.skip("no other role shares some of the seed role's skills")


def test_answers_on_one_role_prefill_every_role_that_shares_the_skill(
    page: Page, site_url: str, real_site
) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    other = partner_of(real_site, role)
    page.goto(calculator(site_url, ROLE))
    given = answer_with_level(page, MIDDLE)
    page.goto(calculator(site_url, other.id))  # no link: only the browser's saved answers
    shown = checked_ranks(page)
    shared = {row.skill.id for row in other.rows} & {row.skill.id for row in role.rows}
    assert {skill: shown[skill] for skill in shared} == {s: given.get(s, 0) for s in shared}
    assert all(shown[skill] == 0 for skill in set(shown) - shared)
    # An answer given here travels back: the first role shows it.
    changed = next(iter(sorted(shared)))
    rank = 4 if shown[changed] != 4 else 1
    page.locator(f'.calc-skill[data-skill="{changed}"] input[value="{rank}"]').check()
    page.goto(calculator(site_url, ROLE))
    assert checked_ranks(page)[changed] == rank
    stored = json.loads(page.evaluate("localStorage.getItem('skillmatrix.answers')"))
    assert stored["v"] == 1 and stored["skills"][changed] == rank
    assert stored["competencies"] == {}


def expected_distances(real_site, answers: dict[str, int], met: str | None):  # type: ignore[no-untyped-def]
    """(role id, steps short, required short) per role, closest first, computed here."""
    ranked = []
    for role in real_site.roles:
        ladder = [view.level.id for view in role.levels]
        level = ladder.index(met) if met in ladder else 0
        steps = required = 0
        for row in role.rows:
            need, have = row.ranks[level], answers.get(row.skill.id, 0)
            if need > have:
                steps += need - have
                required += row.required_flags[level]
        ranked.append((steps, required, role.id))
    return [(role_id, steps, required) for steps, required, role_id in sorted(ranked)]


def distance_rows(page: Page) -> list[tuple[str, int, int]]:
    rows = page.locator("[data-calc-distance-rows] tr")
    return [
        (r["role"], int(r["steps"]), int(r["required"]))
        for r in rows.evaluate_all(
            "rows => rows.map(r => ({role: r.dataset.role, steps: r.cells[2].textContent,"
            " required: r.cells[3].textContent}))"
        )
    ]


def test_the_distance_view_ranks_every_role(page: Page, site_url: str, real_site) -> None:  # type: ignore[no-untyped-def]
    page.goto(calculator(site_url, ROLE))
    answers = answer_with_level(page, MIDDLE)
    expect(page.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    view = page.locator("[data-calc-distance]")
    view.scroll_into_view_if_needed()  # the other roles load when the reader gets near
    rows = page.locator("[data-calc-distance-rows] tr")
    expect(rows).to_have_count(len(real_site.roles))
    assert distance_rows(page) == expected_distances(real_site, answers, "middle")
    # Measured where this role stands: the seed role itself is no distance away at Middle.
    here = page.locator(f'[data-calc-distance-rows] tr[data-role="{ROLE}"]')
    expect(here.locator("td").nth(1)).to_have_text("0")
    expect(here.locator("th")).to_contain_text("(this page)")
    # Each role links to its own calculator, which shows the same ranking from there.
    first_other = next(r for r, _, _ in distance_rows(page) if r != ROLE)
    page.locator(f'[data-calc-distance-rows] tr[data-role="{first_other}"] th a').click()
    expect(page).to_have_url(re.compile(re.escape(calculator(site_url, first_other)) + "#v=1&s="))
    expect(page.locator("h1")).to_contain_text(real_site.role(first_other).title.plain("en"))
    page.locator("[data-calc-distance]").scroll_into_view_if_needed()
    expect(page.locator("[data-calc-distance-rows] tr")).to_have_count(len(real_site.roles))
    reached = page.locator("[data-calc-reached]").text_content() or ""
    met = next(
        (level.id for level in real_site.levels if reached.endswith(": " + level.name.plain("en"))),
        None,
    )
    assert distance_rows(page) == expected_distances(real_site, answers, met)
    assert violations(page) == []


def test_the_link_carries_the_shared_answers(
    page: Page, site_url: str, browser: Browser, real_site
) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    other = partner_of(real_site, role)
    page.goto(calculator(site_url, ROLE))
    given = answer_with_level(page, MIDDLE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("[data-calc-copy]").click()
    expect(page.locator("[data-calc-copied]")).to_have_text("Link copied")
    link = page.evaluate("navigator.clipboard.readText()")
    assert "#v=1&s=" in link

    fresh = browser.new_context()  # no saved answers: only the link carries them
    try:
        reader = fresh.new_page()
        reader.goto(link)
        expect(reader.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
        assert {k: v for k, v in checked_ranks(reader).items() if v} == given
        # Opened once, the link's answers are this browser's: another role shows them too.
        reader.goto(calculator(site_url, other.id))
        shared = {row.skill.id for row in other.rows} & set(given)
        assert shared
        assert all(checked_ranks(reader)[skill] == given[skill] for skill in shared)
    finally:
        fresh.close()


def test_answers_saved_per_role_move_into_the_shared_answers_once(
    page: Page, site_url: str, real_site
) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    other = partner_of(real_site, role)
    digits = "".join(str(row.ranks[SENIOR]) for row in other.rows)
    page.goto(calculator(site_url, ROLE))
    # The format of the calculator before answers were shared: one digit per skill of a role.
    page.evaluate(
        "([key, value]) => { localStorage.clear(); localStorage.setItem(key, value); }",
        [f"skillmatrix:calculator:{other.id}", digits],
    )
    page.goto(calculator(site_url, other.id))
    expected = {row.skill.id: row.ranks[SENIOR] for row in other.rows}
    assert checked_ranks(page) == expected
    keys = page.evaluate("Object.keys(localStorage)")
    assert keys == ["skillmatrix.answers"]
    page.goto(calculator(site_url, ROLE))
    mine = checked_ranks(page)
    assert all(mine[s] == expected[s] for s in set(mine) & set(expected))
    # An old link (one digit per skill of its role) still opens with its answers.
    page.goto(calculator(site_url, other.id) + "#s=" + digits)
    assert checked_ranks(page) == expected


def test_other_roles_saved_answers_move_in_when_the_other_roles_load(
    page: Page, site_url: str, real_site
) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    other = partner_of(real_site, role)
    digits = "".join(str(row.ranks[SENIOR]) for row in other.rows)
    page.goto(calculator(site_url, ROLE))
    page.evaluate(
        "([key, value]) => { localStorage.clear(); localStorage.setItem(key, value); }",
        [f"skillmatrix:calculator:{other.id}", digits],
    )
    page.reload()
    assert set(checked_ranks(page).values()) == {0}  # this page knows only its own order
    # The other roles' file gives every role's order of skills: their answers move in.
    page.locator("[data-calc-distance]").scroll_into_view_if_needed()
    expect(page.locator("[data-calc-distance-rows] tr")).to_have_count(len(real_site.roles))
    expected = {row.skill.id: row.ranks[SENIOR] for row in other.rows}
    shared = set(expected) & {row.skill.id for row in role.rows}
    shown = checked_ranks(page)
    assert {skill: shown[skill] for skill in shared} == {s: expected[s] for s in shared}
    assert page.evaluate("Object.keys(localStorage)") == ["skillmatrix.answers"]


def review_sheet_rows(real_site, role, answers: dict[str, int], level: int) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The review sheet's CSV rows (kind to status), computed here: the skills' gaps first
    (required, then the largest weighted shortfall, then the role's order), then every
    competency (none answered: each a gap, with what the level expects), then the skills met,
    in the role's order."""
    names = {p.rank: p.name.plain("en") for p in real_site.proficiencies}
    names[0] = "None"
    gaps, met = [], []
    for index, row in enumerate(role.rows):
        need, have = row.ranks[level], answers.get(row.skill.id, 0)
        if not need:
            continue
        required = bool(row.required_flags[level])
        entry = ["skill", row.skill.id, row.skill.name.plain("en"), names[have], names[need], ""]
        entry.append("Yes" if required else "No")
        if have < need:
            weight = (2 if required else 1) * (need - have)
            status = "Gap, required" if required else "Gap"
            gaps.append(((not required, -weight, index), [*entry, status]))
        else:
            met.append([*entry, "Met"])
    level_name = role.levels[level].level.name.plain("en")
    behaviours = [
        ["behaviour", competency.id, competency.name.plain("en"), "None", level_name,
         " ".join(expected[level][1].plain("en").split()), "", "Gap"]
        for competency, expected in role.competency_rows
    ]  # fmt: skip
    return [entry for _, entry in sorted(gaps)] + behaviours + met


def test_review_sheet_prints_and_downloads_as_csv(
    page: Page, site_url: str, real_site, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    page.goto(calculator(site_url, ROLE))
    answers = answer_with_level(page, MIDDLE)
    page.locator("a.calc-review-link").click()
    sheet = page.locator("[data-review]")
    expect(page.locator("[data-review-level]")).to_have_value(str(SENIOR))  # the next level
    expect(page.locator("[data-review-heading]")).to_have_text(
        f"{role.title.plain('en')}: your answers against Senior"
    )
    expected = review_sheet_rows(real_site, role, answers, SENIOR)
    gaps = [row for row in expected if row[-1] != "Met"]
    assert any(row[0] == "skill" for row in gaps), (
        "the seed role's Senior expects nothing beyond Middle: nothing to review"
    )
    rows = sheet.locator("[data-review-rows] tr")
    expect(rows).to_have_count(len(expected))
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.skill || r.dataset.behaviour)") == [
        r[1] for r in expected
    ]
    expect(sheet.locator("tr.review-gap textarea")).to_have_count(2 * len(gaps))
    first = gaps[0][1]
    notes = page.locator(f'[data-review-notes="{first}"]')
    evidence = page.locator(f'[data-review-evidence="{first}"]')
    # A reader's note that a spreadsheet would run as a formula, with a comma and quotes.
    notes.fill('=HYPERLINK("http://x", "y"), then more')
    evidence.fill("Led the migration\nof two services")

    # Printed, the page is the review sheet: the questions go, the gaps keep their boxes.
    page.emulate_media(media="print")
    expect(page.locator("form.calculator")).to_be_hidden()
    expect(page.locator("[data-calc-distance]")).to_be_hidden()
    expect(page.locator(".review-controls")).to_be_hidden()
    expect(sheet.locator("tr.review-gap textarea").first).to_be_visible()
    pdf = tmp_path / "review.pdf"
    page.pdf(path=str(pdf))
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    for words in ("your answers against Senior", "Notes", "Evidence", gaps[0][2], "Gap"):
        assert " ".join(words.split()) in " ".join(text.split()), words
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.locator("[data-review-csv]").click()
    assert download.value.suggested_filename == f"{ROLE}-senior-review.csv"
    saved = tmp_path / "review.csv"
    download.value.save_as(saved)
    raw = saved.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte order mark: Excel reads it as UTF-8
    with saved.open(encoding="utf-8-sig", newline="") as file:
        parsed = list(csv.reader(file))
    assert parsed[0] == [
        "role", "target_level", "kind", "skill_id", "skill", "yours", "expected",
        "expectation", "required", "status", "notes", "evidence",
    ]  # fmt: skip
    title = role.title.plain("en")
    body = parsed[1:]
    assert [row[:2] for row in body] == [[title, "Senior"]] * len(expected)
    assert [row[2:10] for row in body] == expected
    by_skill = {row[3]: row for row in body if row[2] == "skill"}
    assert by_skill[first][10:] == [
        '\'=HYPERLINK("http://x", "y"), then more',
        "Led the migration\nof two services",
    ]
    # The notes are kept in this browser (never in the link) and come back.
    page.reload()
    expect(page.locator(f'[data-review-notes="{first}"]')).to_have_value(
        '=HYPERLINK("http://x", "y"), then more'
    )
    assert "HYPERLINK" not in page.url
    # Another target level, chosen by the reader.
    page.locator("[data-review-level]").select_option(str(MIDDLE))
    expect(page.locator("[data-review-heading]")).to_have_text(
        f"{title}: your answers against Middle"
    )
    # Only the behaviours, none answered, are short of Middle.
    expect(sheet.locator("tr.review-gap")).to_have_count(len(role.competency_rows))
    expect(sheet.locator("tr.review-gap[data-skill]")).to_have_count(0)
    assert violations(page) == []


def test_without_javascript_the_calculator_is_a_readable_form(
    browser: Browser, site_url: str, real_site
) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(calculator(site_url, ROLE))
        expect(page.locator(".no-js-note")).to_be_visible()
        questions = page.locator("form.calculator .calc-skill")
        expect(questions).to_have_count(len(role.rows))
        first = role.rows[0].skill
        question = page.locator(f'.calc-skill[data-skill="{first.id}"]')
        expect(question.locator("legend")).to_have_text(first.name.plain("en"))
        expect(question.locator("input[type=radio]")).to_have_count(5)
        expect(question.locator("input[value='0']")).to_be_checked()
        # What the script would draw stays out of the way.
        expect(page.locator("[data-calc-distance]")).to_be_hidden()
        expect(page.locator("[data-review]")).to_be_hidden()
    finally:
        context.close()


FORMULA_SKILL = "=SUM(1,2)"
FORMULA_ROLE = "@Backend Developer"


@pytest.fixture(scope="module")
def formula_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal site, where a skill's and the role's names start like formulas."""
    skill = MINIMAL["content/skills/postgresql.yaml"].replace(
        "name: PostgreSQL", f"name: {json.dumps(FORMULA_SKILL)}"
    )
    role = MINIMAL["content/roles/backend-dev.yaml"].replace(
        "title: {en: Backend Developer,", f"title: {{en: {json.dumps(FORMULA_ROLE)},"
    )
    assert skill != MINIMAL["content/skills/postgresql.yaml"]
    assert role != MINIMAL["content/roles/backend-dev.yaml"]
    files = {"content/skills/postgresql.yaml": skill, "content/roles/backend-dev.yaml": role}
    root = add_layouts(write_tree(tmp_path_factory.mktemp("formulas"), files))
    with served_site(root, root / "out") as base:
        yield base


def test_review_csv_neutralises_names_that_start_like_formulas(
    page: Page, formula_url: str, tmp_path: Path
) -> None:
    page.goto(calculator(formula_url, "backend-dev"))
    page.locator("a.calc-review-link").click()
    with page.expect_download() as download:
        page.locator("[data-review-csv]").click()
    saved = tmp_path / "review.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    postgres = next(row for row in rows if row[3] == "postgresql")
    assert postgres[0] == "'" + FORMULA_ROLE
    assert postgres[4] == "'" + FORMULA_SKILL
    # Nothing answered: Junior is the target, and its required PostgreSQL a gap.
    assert postgres[8:] == ["Yes", "Gap, required", "", ""]


def test_competency_answers_are_kept_beside_the_skills(
    page: Page, site_url: str, real_site
) -> None:  # type: ignore[no-untyped-def]
    other = partner_of(real_site, real_site.role(ROLE))
    competency = real_site.competencies[0].id
    page.goto(calculator(site_url, ROLE))
    question = page.locator(f'form [data-competency="{competency}"]')
    question.locator("summary").click()
    question.locator('input[value="senior"]').check()
    expect(page).to_have_url(re.compile(f"&c={competency}:senior$"))
    stored = lambda: json.loads(page.evaluate("localStorage.getItem('skillmatrix.answers')"))  # noqa: E731
    assert stored()["competencies"] == {competency: "senior"}
    # Answering another role's skills keeps the competency answers.
    page.goto(calculator(site_url, other.id))
    page.locator(".calc-skill").first.locator('input[value="2"]').check()
    assert stored()["competencies"] == {competency: "senior"}
    page.goto(calculator(site_url, ROLE))
    expect(page.locator(f'[data-competency="{competency}"] input[value="senior"]')).to_be_checked()
