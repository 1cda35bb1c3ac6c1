"""The level calculator and the compare page in real Chromium (issue: calculator and compare).

They run on the real site and compute what they expect from its resolved data (`real_site`),
not from today's cells."""

from __future__ import annotations

import json

import pytest
from axe import violations
from playwright.sync_api import Page, expect

from skillmatrix.compare import compare_levels, compare_roles

pytestmark = pytest.mark.browser
ROLE = "backend-developer-python"  # the seed role: a stable name
JUNIOR, MIDDLE, SENIOR, PRINCIPAL = 0, 1, 2, 4


def answer_with_level(page: Page, level: int) -> None:
    """Choose, for every skill, exactly what `level` expects of it."""
    for fieldset in page.locator(".calc-skill").all():
        rank = json.loads(fieldset.get_attribute("data-ranks") or "[]")[level]
        fieldset.locator(f'input[value="{rank}"]').check()


def gap_row(page: Page, skill_id: str):  # type: ignore[no-untyped-def]
    return page.locator(
        "[data-calc-gaps] tr", has=page.locator(f'th a[href$="/skills/{skill_id}/"]')
    )


def test_reaching_exactly_middle_shows_the_senior_gaps(
    page: Page, site_url: str, real_site
) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    # What Senior expects beyond Middle, from the data: the calculator's gaps.
    gaps = [row for row in role.rows if row.ranks[SENIOR] > row.ranks[MIDDLE]]
    assert gaps, "the seed role's Senior expects nothing beyond Middle: nothing to show"
    page.goto(f"{site_url}en/roles/{ROLE}/calculator/")
    expect(page.locator("[data-calc-reached]")).to_have_text("No level met yet")
    answer_with_level(page, MIDDLE)
    expect(page.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    expect(page.locator("[data-calc-progress-text]")).to_contain_text("of the way to Senior")
    expect(page.locator("[data-calc-gap-caption]")).to_contain_text("Senior")
    rows = page.locator("[data-calc-gaps] tr")
    expect(rows).to_have_count(len(gaps))
    # Required gaps come first, each linking to its skill page.
    any_required = any(row.cells[SENIOR].required for row in gaps)
    expect(rows.first.locator("td").nth(1)).to_have_text("Yes" if any_required else "No")
    assert "/en/skills/" in (rows.first.locator("th a").get_attribute("href") or "")
    for row in gaps[:3]:
        have, need = row.cells[MIDDLE], row.cells[SENIOR]
        if have is None:
            continue
        expect(gap_row(page, row.skill.id).locator("td")).to_have_text(
            [
                f"{have.proficiency.name.plain('en')} → {need.proficiency.name.plain('en')}",
                "Yes" if need.required else "No",
            ]
        )


def test_state_survives_a_reload_and_travels_in_the_link(
    page: Page, site_url: str, browser, real_site
) -> None:  # type: ignore[no-untyped-def]
    row = next(row for row in real_site.role(ROLE).rows if row.ranks[MIDDLE])
    page.goto(f"{site_url}en/roles/{ROLE}/calculator/")
    answer_with_level(page, MIDDLE)
    expect(page.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    page.reload()
    expect(page.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    assert page.locator(
        f'.calc-skill[data-skill="{row.skill.id}"] input[value="{row.ranks[MIDDLE]}"]'
    ).is_checked()

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("[data-calc-copy]").click()
    expect(page.locator("[data-calc-copied]")).to_have_text("Link copied")
    link = page.evaluate("navigator.clipboard.readText()")
    assert "#v=1&s=" in link

    fresh = browser.new_context()  # no localStorage: only the link carries the state
    other = fresh.new_page()
    other.goto(link)
    expect(other.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    expect(other.locator("[data-calc-gaps] tr")).to_have_count(
        page.locator("[data-calc-gaps] tr").count()
    )
    fresh.close()

    page.locator("[data-calc-reset]").click()
    expect(page.locator("[data-calc-reached]")).to_have_text("No level met yet")
    assert "#s=" not in page.url


def expected_changes(role, a: int, b: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Skill id -> the class of its row on the compare page, from the data."""
    return {
        change.skill.id: f"change-{change.change}"
        + (" newly-required" if change.newly_required else "")
        for change in compare_levels(role, a, b)
    }


def shown_changes(page: Page) -> dict[str, str]:
    rows = page.locator("[data-levels-body] tr")
    return dict(
        rows.evaluate_all(
            "els => els.map(e => [e.getAttribute('data-skill'), e.getAttribute('class')])"
        )
    )


def test_compare_junior_to_middle_marks_the_differences(
    page: Page, site_url: str, real_site
) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    page.goto(f"{site_url}en/roles/{ROLE}/compare/")
    # Every skill expected at either level, each marked new, raised, same … as the data says.
    expected = expected_changes(role, JUNIOR, MIDDLE)
    expect(page.locator("[data-levels-body] tr")).to_have_count(len(expected))
    assert shown_changes(page) == expected
    newly = next((skill for skill, cls in expected.items() if "newly-required" in cls), None)
    if newly:
        expect(
            page.locator(f'[data-levels-body] tr[data-skill="{newly}"] td.change')
        ).to_contain_text("now required")
    # Another pair, chosen by the reader, is kept in the URL.
    page.locator('select[name="a"]').select_option("senior")
    page.locator('select[name="b"]').select_option("principal")
    expect(page).to_have_url(f"{site_url}en/roles/{ROLE}/compare/?a=senior&b=principal")
    expected = expected_changes(role, SENIOR, PRINCIPAL)
    expect(page.locator("[data-levels-body] tr")).to_have_count(len(expected))
    assert shown_changes(page) == expected
    page.reload()
    expect(page.locator("[data-col-a]")).to_have_text("Senior")
    expect(page.locator("[data-levels-body] tr")).to_have_count(len(expected))
    assert shown_changes(page) == expected


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["calculator", "compare"])
def test_calculator_and_compare_pass_axe(browser, site_url: str, kind: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}en/roles/{ROLE}/{kind}/")
    if kind == "calculator":
        answer_with_level(page, MIDDLE)
        expect(page.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    assert violations(page) == []
    context.close()


def test_compare_two_roles_at_one_level(page: Page, site_url: str, real_site) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    middle, senior = real_site.levels[MIDDLE], real_site.levels[SENIOR]
    family = [r for r in role.family.roles if r is not role]
    others = [r for r in real_site.roles if r.family is not role.family]
    page.goto(f"{site_url}en/roles/{ROLE}/compare/")
    # By default: the next role of the same family, at Middle, rendered by the server.
    partner = (family or others)[0]
    select = page.locator('select[name="role"]')
    expect(select).to_have_value(partner.id)
    by_roles = compare_roles(role, partner, middle)
    expect(page.locator("[data-roles-result] table tbody tr")).to_have_count(len(by_roles.shared))
    only = f"Only {partner.title.plain('en')}"
    expect(page.locator("[data-roles-result]")).to_contain_text(only)
    if by_roles.only_second:
        expect(page.locator("[data-roles-result] .only-lists")).to_contain_text(
            by_roles.only_second[0].skill.name.plain("en")
        )
    # Every other role can be chosen (listed from the published index), family first.
    options = select.locator("option")
    expect(options).to_have_count(len(real_site.roles) - 1)
    assert [options.nth(i).get_attribute("value") for i in range(len(family))] == [
        r.id for r in family
    ]
    if not others:
        return
    other = others[0]
    select.select_option(other.id)
    page.locator('select[name="level"]').select_option("senior")
    expect(page).to_have_url(f"{site_url}en/roles/{ROLE}/compare/?role={other.id}&level=senior")
    by_roles = compare_roles(role, other, senior)
    theirs = by_roles.only_second[0].skill.name.plain("en") if by_roles.only_second else None
    if theirs:
        expect(page.locator("[data-roles-result] .only-lists")).to_contain_text(theirs)
    page.reload()
    if theirs:
        expect(page.locator("[data-roles-result] .only-lists")).to_contain_text(theirs)
    expect(page.locator("[data-roles-result] caption")).to_contain_text("Senior")
