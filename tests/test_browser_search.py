"""Search in real Chromium: each query typed into the header box shows the expected page first,
and clicking it lands there, in the reader's locale."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sitetree import REPO

pytestmark = pytest.mark.browser

QUERIES = [
    # locale, query, expected first result (path under the locale)
    ("zh", "数据库", "categories/database-management/"),  # inside 数据库管理, 数据库分片 …
    ("zh", "消息队列", "skills/message-broker-patterns/"),
    ("en", "postgres", "skills/postgresql/"),  # prefix
    ("en", "kuber", "skills/kubernetes-core/"),  # prefix
    ("en", "kubernets", "skills/kubernetes-core/"),  # typo
    ("ru", "очеред", "skills/task-queues/"),  # stem of очередь / очереди
    # Several pages are about databases; any of them first is right.
    ("ru", "базы данных", r"(categories/database-management|skills/(database-[a-z-]+|go-database-access))/"),
    ("en", "Backend Developer (Python)", "roles/backend-developer-python/"),  # a role title
    ("en", "Observability & Monitoring", "categories/observability-monitoring/"),  # a category
    ("zh", "可观测性", "categories/observability-monitoring/"),  # inside 可观测性与监控
    ("ru", "Backend-инженерия", "families/backend-engineering/"),  # a family name
]


@pytest.mark.parametrize(("locale", "query", "expected"), QUERIES)
def test_query_finds_the_expected_page_first(page: Page, site_url: str, locale: str, query: str,
                                             expected: str) -> None:
    page.goto(f"{site_url}{locale}/")
    box = page.locator("[data-search-input]")
    box.fill(query)
    first = page.locator("#search-popup [data-popup-results] li a").first
    expect(first).to_have_attribute("href", re.compile(f"^/{locale}/{expected}$"))
    links = page.locator("#search-popup [data-popup-results] li a")
    for href in links.evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        assert href.startswith(f"/{locale}/"), href  # the reader's locale only
    target = first.get_attribute("href")
    first.click()
    expect(page).to_have_url(f"{site_url.rstrip('/')}{target}")


def test_search_page_shows_all_results_with_kind_title_and_snippet(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}en/search/?q=index")
    results = page.locator("[data-search-results] li")
    expect(results.first).to_be_visible()
    assert results.count() > 3
    expect(page.locator("[data-search-status]")).to_contain_text("results")
    first = results.first
    expect(first.locator(".result-kind")).not_to_be_empty()
    expect(first.locator(".result-title")).not_to_be_empty()
    expect(first.locator(".excerpt mark").first).to_be_visible()


def test_slash_focuses_the_search_box(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}ru/roles/backend-developer-python/")
    page.keyboard.press("/")
    expect(page.locator("[data-search-input]")).to_be_focused()


def test_without_javascript_the_box_leads_to_every_role_and_skill(browser, site_url: str,  # type: ignore[no-untyped-def]
                                                                  real_site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}zh/")
    page.locator("[data-search-input]").fill("数据库")
    page.locator("[data-search-input]").press("Enter")
    expect(page).to_have_url(f"{site_url}zh/search/?q=%E6%95%B0%E6%8D%AE%E5%BA%93")
    links = page.locator("#all-skills ~ ul li a, #all-skills ~ .index-list li a")
    assert links.count() >= len(real_site.skills)
    for role in real_site.roles:
        expect(page.locator("#all-roles + ul")).to_contain_text(role.title.plain("zh"))
    context.close()


def test_an_index_exists_for_every_locale(tmp_path, real_site) -> None:  # type: ignore[no-untyped-def]
    from skillmatrix.build import build

    assert build(REPO, tmp_path / "out", pdf=False).ok
    import json

    bundle = tmp_path / "out" / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en", "ru", "zh"]
    for locale, language in entry["languages"].items():
        # roles, skills, categories, families
        assert language["page_count"] > len(real_site.skills), locale
        assert (bundle / f"pagefind.{language['hash']}.pf_meta").is_file()
        # English and Russian are stemmed; Chinese is segmented at index time instead.
        assert language["wasm"] == (None if locale == "zh" else locale)
