"""The level calculator and the compare page in real Chromium (issue: calculator and compare)."""

from __future__ import annotations

import json

import pytest
from axe import violations
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
ROLE = "backend-developer-python"
MIDDLE = 1


def answer_with_level(page: Page, level: int) -> None:
    """Choose, for every skill, exactly what `level` expects of it."""
    for fieldset in page.locator(".calc-skill").all():
        rank = json.loads(fieldset.get_attribute("data-ranks") or "[]")[level]
        fieldset.locator(f'input[value="{rank}"]').check()


def test_reaching_exactly_middle_shows_the_senior_gaps(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}en/roles/{ROLE}/calculator/")
    expect(page.locator("[data-calc-reached]")).to_have_text("No level met yet")
    answer_with_level(page, MIDDLE)
    expect(page.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    expect(page.locator("[data-calc-progress-text]")).to_contain_text("of the way to Senior")
    expect(page.locator("[data-calc-gap-caption]")).to_contain_text("Senior")
    gaps = page.locator("[data-calc-gaps] tr")
    # Senior raises many skills; required ones come first, each linking to its skill page.
    assert gaps.count() > 20
    first = gaps.first
    expect(first.locator("td").nth(1)).to_have_text("Yes")
    assert "/en/skills/" in (first.locator("th a").get_attribute("href") or "")
    postgres = page.locator("[data-calc-gaps] tr", has=page.locator("th", has_text="PostgreSQL"))
    expect(postgres.locator("td")).to_have_text(["Working → Advanced", "Yes"])


def test_state_survives_a_reload_and_travels_in_the_link(page: Page, site_url: str,
                                                         browser) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}en/roles/{ROLE}/calculator/")
    answer_with_level(page, MIDDLE)
    expect(page.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    page.reload()
    expect(page.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    assert page.locator('.calc-skill[data-skill="postgresql"] input[value="2"]').is_checked()

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("[data-calc-copy]").click()
    expect(page.locator("[data-calc-copied]")).to_have_text("Link copied")
    link = page.evaluate("navigator.clipboard.readText()")
    assert "#s=" in link

    fresh = browser.new_context()  # no localStorage: only the link carries the state
    other = fresh.new_page()
    other.goto(link)
    expect(other.locator("[data-calc-reached]")).to_have_text("Highest level met: Middle")
    expect(other.locator("[data-calc-gaps] tr")).to_have_count(page.locator("[data-calc-gaps] tr").count())
    fresh.close()

    page.locator("[data-calc-reset]").click()
    expect(page.locator("[data-calc-reached]")).to_have_text("No level met yet")
    assert "#s=" not in page.url


def test_compare_junior_to_middle_marks_the_differences(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}en/roles/{ROLE}/compare/")
    rows = page.locator("[data-levels-body] tr")
    # PostgreSQL: Working at both, required at both: unchanged.
    postgres = page.locator('[data-levels-body] tr[data-skill="postgresql"]')
    expect(postgres).to_have_class("change-same")
    # REST API Design rises from Working to Advanced.
    expect(page.locator('[data-levels-body] tr[data-skill="rest-api-design"]')).to_have_class(
        "change-raised")
    # GraphQL: Awareness at Junior (never required), Working and required at Middle.
    graphql = page.locator('[data-levels-body] tr[data-skill="graphql-design"]')
    expect(graphql).to_have_class("change-raised newly-required")
    expect(graphql.locator("td.change")).to_contain_text("now required")
    # Terraform and Cursor IDE start at Middle: new.
    expect(page.locator('[data-levels-body] tr[data-skill="terraform"]')).to_have_class("change-new")
    assert rows.count() == 69  # 74 skills, 5 of which are first expected at Senior
    # Another pair, chosen by the reader, is kept in the URL.
    page.locator('select[name="a"]').select_option("senior")
    page.locator('select[name="b"]').select_option("principal")
    expect(page).to_have_url(f"{site_url}en/roles/{ROLE}/compare/?a=senior&b=principal")
    expect(page.locator('[data-levels-body] tr[data-skill="feature-flags"]')).to_have_class(
        "change-raised")
    page.reload()
    expect(page.locator("[data-col-a]")).to_have_text("Senior")
    expect(page.locator('[data-levels-body] tr[data-skill="feature-flags"]')).to_have_class(
        "change-raised")


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


def test_compare_two_roles_at_one_level(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}en/roles/{ROLE}/compare/")
    # By default: the next role of the same family, at Middle, rendered by the server.
    select = page.locator('select[name="role"]')
    expect(select).to_have_value("backend-developer-go")
    shared = page.locator("[data-roles-result] table tbody tr")
    assert shared.count() > 20  # PostgreSQL, Docker, Git … mean the same in both roles
    expect(page.locator("[data-roles-result]")).to_contain_text("Only Backend Developer (Go)")
    expect(page.locator("[data-roles-result] .only-lists")).to_contain_text("Go Concurrency")
    # Every role can be chosen (listed from the published index), family first.
    options = select.locator("option")
    expect(options).to_have_count(5)
    assert options.nth(0).get_attribute("value") == "backend-developer-go"
    assert options.nth(1).get_attribute("value") == "backend-developer-java"
    select.select_option("frontend-developer-typescript")
    page.locator('select[name="level"]').select_option("senior")
    expect(page).to_have_url(
        f"{site_url}en/roles/{ROLE}/compare/?role=frontend-developer-typescript&level=senior")
    expect(page.locator("[data-roles-result] .only-lists")).to_contain_text("React")
    page.reload()
    expect(page.locator("[data-roles-result] .only-lists")).to_contain_text("React")
    expect(page.locator("[data-roles-result] caption")).to_contain_text("Senior")
