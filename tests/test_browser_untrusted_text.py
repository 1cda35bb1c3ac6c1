"""Untrusted text in real Chromium: names holding the separators the scripts once split on reach
the compare page and the calculator whole; a word thousands of characters long wraps instead of
widening the page; a search excerpt shows < and > as characters and builds no element but <mark>.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from served import served_site
from sitetree import MINIMAL, add_layouts, write_tree
from test_script_data import LEVEL, PROFICIENCY, ROLE, hostile_names

from skillmatrix.check import check
from skillmatrix.validate import TEXT_LIMITS

pytestmark = pytest.mark.browser
SKILL = "content/skills/postgresql.yaml"
# Shown as text by Markdown: a comparison, and a tag inside a code span.
DESCRIPTION = (
    "Compares quux values: a < b > c, and never runs `<script>alert(1)</script>`; & stays."
)
LEAD = 3


@pytest.fixture(scope="module")
def names_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    skill = MINIMAL[SKILL].replace(
        "description: {en: A relational database.,",
        f"description: {{en: {json.dumps(DESCRIPTION)},",
    )
    assert skill != MINIMAL[SKILL]
    root = add_layouts(
        write_tree(tmp_path_factory.mktemp("names"), {**hostile_names(), SKILL: skill})
    )
    with served_site(root, root / "out") as base:
        yield base


def answer_with_level(page: Page, level: int) -> None:
    for fieldset in page.locator(".calc-skill").all():
        rank = json.loads(fieldset.get_attribute("data-ranks") or "[]")[level]
        fieldset.locator(f'input[value="{rank}"]').check()


def test_compare_shows_the_principal_column_whole(page: Page, names_url: str) -> None:
    page.goto(f"{names_url}en/roles/backend-dev/compare/?a=lead&b=principal")
    caption = page.locator("[data-levels-caption]")
    expect(caption).to_have_text(f"Lead → {LEVEL}")
    assert caption.text_content() == f"Lead → {LEVEL}"
    assert page.locator("[data-col-b]").text_content() == LEVEL
    assert page.locator('select[name="b"] option[value="principal"]').text_content() == LEVEL
    postgres = page.locator('[data-levels-body] tr[data-skill="postgresql"] td.cell').nth(1)
    assert postgres.locator(".mark b").text_content() == "E"
    assert postgres.locator(".visually-hidden").text_content() == f"{PROFICIENCY}, required"
    testing = page.locator('[data-levels-body] tr[data-skill="unit-testing"]')
    expect(testing).to_have_class("change-raised")
    assert (
        testing.locator("td.cell").nth(1).locator(".visually-hidden").text_content() == PROFICIENCY
    )
    expect(page.locator("[data-levels-body]")).not_to_contain_text("not expected")


def test_calculator_names_the_next_level_whole(page: Page, names_url: str) -> None:
    page.goto(f"{names_url}en/roles/backend-dev/calculator/")
    answer_with_level(page, LEAD)
    expect(page.locator("[data-calc-reached]")).to_have_text("Highest level met: Lead")
    caption = page.locator("[data-calc-gap-caption]")
    assert caption.text_content() == f"What to grow for {LEVEL}, most important first"
    # The progress line names the level whole (the counts are a line of their own).
    assert (page.locator("[data-calc-progress-text]").text_content() or "").endswith(
        f"% of the way to {LEVEL}"
    )
    gap = page.locator("[data-calc-gaps] tr")
    expect(gap).to_have_count(1)
    assert gap.locator("td").all_text_contents() == [f"Advanced → {PROFICIENCY}", "No"]
    answer_with_level(page, LEAD + 1)
    reached = page.locator("[data-calc-reached]")
    expect(reached).not_to_have_text("Highest level met: Lead")
    assert reached.text_content() == f"Highest level met: {LEVEL}"


def test_search_excerpt_shows_angle_brackets_as_text(page: Page, names_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{names_url}en/search/?q=quux")
    excerpt = page.locator("[data-search-results] li .excerpt").first
    expect(excerpt.locator("mark")).to_have_text(["quux"])
    text = excerpt.text_content() or ""
    assert "a < b > c" in text and "<script>alert(1)</script>" in text and "& stays" in text
    assert "&lt;" not in text and "&gt;" not in text
    # Nothing in the excerpt was parsed as markup: its only elements are Pagefind's marks.
    tags = excerpt.evaluate("e => [...e.querySelectorAll('*')].map(n => n.tagName)")
    assert tags == ["MARK"]

    page.goto(f"{names_url}en/")  # the header box's list is built the same way
    page.locator("[data-search-input]").fill("quux")
    popup = page.locator("#search-popup [data-popup-results] li .excerpt").first
    expect(popup.locator("mark")).to_have_text(["quux"])
    assert "a < b > c" in (popup.text_content() or "")
    assert popup.evaluate("e => [...e.querySelectorAll('*')].map(n => n.tagName)") == ["MARK"]
    assert dialogs == []


# The longest title and name `check` accepts, unbroken: wider than any screen.
@pytest.fixture(
    scope="module",
    params=[min(TEXT_LIMITS["name"], TEXT_LIMITS["title"])],
    ids=lambda n: f"{n}-chars",
)
def long_words_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    length: int = request.param
    role = MINIMAL[ROLE].replace("title: {en: Backend Developer,", f"title: {{en: {'W' * length},")
    # A second role: the compare page then lists it and compares with it.
    other = MINIMAL[ROLE].replace("title: {en: Backend Developer,", f"title: {{en: {'V' * length},")
    skill = MINIMAL[SKILL].replace("name: PostgreSQL", f"name: {'S' * length}")
    assert role != MINIMAL[ROLE] and other != MINIMAL[ROLE] and skill != MINIMAL[SKILL]
    root = add_layouts(
        write_tree(
            tmp_path_factory.mktemp(f"long{length}"),
            {ROLE: role, "content/roles/backend-lead.yaml": other, SKILL: skill},
        )
    )
    assert not check(root).problems.errors
    with served_site(root, root / "out") as base:
        yield base


# Each page, with what shows that its script has drawn it (or None).
LONG_PAGES = [
    ("en/roles/backend-dev/", None),
    ("en/roles/backend-dev/senior/", None),
    ("en/roles/backend-dev/history/", None),
    ("en/skills/postgresql/", None),
    ("en/roles/backend-dev/calculator/", "[data-calc-gap-caption]:has-text('Junior')"),
    # Levels and roles compared by the script, from the query.
    (
        "en/roles/backend-dev/compare/?a=junior&b=principal&role=backend-lead&level=senior",
        "[data-roles-result] caption:has-text('Senior')",
    ),
]


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [375, 1280])
def test_a_long_word_never_widens_the_page(page: Page, long_words_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for path, drawn in LONG_PAGES:
        page.goto(long_words_url + path)
        page.wait_for_load_state("networkidle")
        if drawn:
            expect(page.locator(drawn)).to_be_visible()
        assert fits(page), (path, page.evaluate("document.documentElement.scrollWidth"))
    page.goto(long_words_url + LONG_PAGES[0][0])
    page.locator(".cell a[data-detail]").first.click()  # a cell's detail opens in a dialog
    dialog = page.locator(".detail-dialog")
    expect(dialog).to_be_visible()
    assert fits(page)
    assert dialog.evaluate("d => d.scrollWidth <= d.clientWidth")
