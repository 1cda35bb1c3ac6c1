"""The real site in real Chromium: role pages per locale, cell details by mouse and keyboard,
the language switcher, and a 375 px phone. Screenshots go to test-results/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sitetree import REPO

pytestmark = pytest.mark.browser
SHOTS = REPO / "test-results" / "screenshots"
ROLE = "backend-developer-python"  # the seed role: a stable name
SENIOR = 2


def matrix_row(page: Page, skill_id: str):  # type: ignore[no-untyped-def]
    return page.locator(
        "table.matrix tr", has=page.locator(f'th[scope=row] a[href$="/skills/{skill_id}/"]')
    )


def required_at_senior(real_site):  # type: ignore[no-untyped-def]
    """A row of the seed role whose Senior cell is required, from the data."""
    return next(
        row for row in real_site.role(ROLE).rows if row.cells[SENIOR] and row.cells[SENIOR].required
    )


def plain_run(markdown: str) -> str:
    """A stretch of a Markdown text that renders as itself (no markup in it)."""
    found = re.search(r"[A-Za-z][A-Za-z ,]{14,}[A-Za-z]", markdown)
    return found.group(0) if found else ""


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize(("locale", "stat"), [("en", "skills"), ("zh", "技能"), ("ru", "навык")])
def test_role_page_in_each_locale(
    page: Page,
    site_url: str,
    real_site,
    locale: str,  # type: ignore[no-untyped-def]
    stat: str,
) -> None:
    role = real_site.role(ROLE)
    page.goto(f"{site_url}{locale}/roles/{ROLE}/")
    expect(page.locator("html")).to_have_attribute("lang", locale)
    expect(page.locator("h1")).to_have_text(role.title.plain(locale))
    expect(page.locator(".stats dl")).to_contain_text(str(role.stats.skills))
    expect(page.locator(".stats dl")).to_contain_text(stat)
    assert page.locator("table.matrix tbody tr:not(.category-row)").count() == len(role.rows)
    shot(page, f"role-{locale}")


def test_cell_detail_opens_on_click(page: Page, site_url: str, real_site) -> None:  # type: ignore[no-untyped-def]
    row = required_at_senior(real_site)
    page.goto(f"{site_url}en/roles/{ROLE}/")
    matrix_row(page, row.skill.id).locator("td.cell").nth(SENIOR).locator("a").click()
    dialog = page.locator("dialog.detail-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#detail-dialog-title")).to_have_text(
        f"{row.skill.name.plain('en')} · {real_site.role(ROLE).ladder[SENIOR].name.plain('en')}"
    )
    expect(dialog).to_contain_text(row.cells[SENIOR].proficiency.name.plain("en"))
    expect(dialog).to_contain_text("required")
    shot(page, "cell-dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_cell_detail_opens_by_keyboard_and_returns_focus(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}en/roles/{ROLE}/")
    first_cell = page.locator("table.matrix td.cell a").first
    first_cell.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.detail-dialog")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(first_cell).to_be_focused()


def test_cell_detail_works_without_javascript(browser, site_url: str, real_site) -> None:  # type: ignore[no-untyped-def]
    row = required_at_senior(real_site)
    cell, skill = row.cells[SENIOR], row.skill.id
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}en/roles/{ROLE}/")
    matrix_row(page, skill).locator("td.cell").nth(SENIOR).locator("a").click()
    expect(page).to_have_url(re.compile(rf"/en/roles/{ROLE}/senior/#{skill}$"))
    detail = page.locator(f"article#{skill}")
    expect(detail).to_contain_text(cell.proficiency.name.plain("en"))
    expect(detail).to_contain_text(plain_run(cell.detail.plain("en")))
    context.close()


def test_language_switcher_keeps_the_page(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}en/roles/{ROLE}/senior/")
    page.locator(".languages a[hreflang=zh]").click()
    expect(page).to_have_url(f"{site_url}zh/roles/{ROLE}/senior/")
    expect(page.locator("html")).to_have_attribute("lang", "zh")
    page.locator(".languages a[hreflang=ru]").click()
    expect(page).to_have_url(f"{site_url}ru/roles/{ROLE}/senior/")


@pytest.mark.parametrize("locale", ["en", "zh", "ru"])
def test_phone_width_nothing_overflows(
    browser,
    site_url: str,  # type: ignore[no-untyped-def]
    real_site,
    locale: str,
) -> None:
    skill = real_site.role(ROLE).rows[0].skill.id
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page = context.new_page()
    for path in (
        f"{locale}/roles/{ROLE}/",
        f"{locale}/roles/{ROLE}/senior/",
        f"{locale}/skills/{skill}/",
        f"{locale}/",
    ):
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width}px wide"
        # The role's matrix fits the phone's width: no box of its own to scroll sideways.
        if "roles" in path and path.count("/") == 3:
            right = page.locator("table.role-matrix").evaluate(
                "e => e.getBoundingClientRect().right"
            )
            assert right <= 375
    page.goto(f"{site_url}{locale}/roles/{ROLE}/")
    page.locator(".matrix-section").scroll_into_view_if_needed()
    shot(page, f"phone-role-{locale}")
    context.close()


def test_dark_mode_follows_the_system(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site_url}en/roles/{ROLE}/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(15, 19, 23)"
    shot(page, "role-dark")
    context.close()


def test_root_sends_the_reader_to_their_language(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    page.goto(site_url)
    expect(page).to_have_url(f"{site_url}ru/")
    context.close()
