"""Search in real Chromium: each query typed into the header box shows the expected page first,
and clicking it lands there, in the reader's locale. Names typed with a letter or two wrong, and
whole Chinese names, find their own page (assets/search-core.js beside Pagefind)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect
from sitetree import REPO

from skillmatrix.check import check
from skillmatrix.model import Site
from skillmatrix.resolve import resolve

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
    (
        "ru",
        "базы данных",
        r"(categories/database-management|skills/(database-[a-z-]+|go-database-access))/",
    ),
    ("en", "Backend Developer (Python)", "roles/backend-developer-python/"),  # a role title
    ("en", "Observability & Monitoring", "categories/observability-monitoring/"),  # a category
    ("zh", "可观测性", "categories/observability-monitoring/"),  # inside 可观测性与监控
    ("ru", "Backend-инженерия", "families/backend-engineering/"),  # a family name
]


@pytest.mark.parametrize(("locale", "query", "expected"), QUERIES)
def test_query_finds_the_expected_page_first(
    page: Page, site_url: str, locale: str, query: str, expected: str
) -> None:
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


def test_search_page_shows_all_results_with_kind_title_and_snippet(
    page: Page, site_url: str
) -> None:
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


def test_without_javascript_the_box_leads_to_every_role_and_skill(
    browser,
    site_url: str,  # type: ignore[no-untyped-def]
    real_site,
) -> None:
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


# Misspelt names: computed from the real content, so they follow it as it changes.


def _key(text: str) -> str:
    """A name as the search box compares it: no case, accents or punctuation."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _prefix_distance(query: str, text: str) -> int:
    """Fewest edits (a swap of neighbours is one) from `query` to any prefix of `text`."""
    rows = [list(range(len(text) + 1))]
    for i in range(1, len(query) + 1):
        row = [i]
        for j in range(1, len(text) + 1):
            value = min(
                rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (query[i - 1] != text[j - 1])
            )
            if i > 1 and j > 1 and query[i - 1] == text[j - 2] and query[i - 2] == text[j - 1]:
                value = min(value, rows[-2][j - 2] + 1)
            row.append(value)
        rows.append(row)
    return min(rows[-1])


def _could_mean(query: str, name: str) -> bool:
    """Whether a reader typing `query` might mean `name`: it is within two edits of the start
    of the name or of one of its words."""
    query, key = _key(query), _key(name)
    words = [i for i in range(len(key)) if i == 0 or key[i - 1] == " "]
    return any(_prefix_distance(query, key[i:]) <= 2 for i in words)


def _misspellings(name: str) -> list[str]:
    """`name` with one letter dropped, two swapped, or one replaced, then with two such edits;
    never the first letter (readers rarely get it wrong)."""
    letters = [i for i, c in enumerate(name) if c.isalpha()][1:]
    if len(letters) < 6:
        return []

    def drop(text: str, i: int) -> str:
        return text[:i] + text[i + 1 :]

    def swap(text: str, i: int) -> str:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]

    def replace(text: str, i: int) -> str:
        other = "x" if text[i].isascii() else "ж"
        return text[:i] + (other if text[i].lower() != other else "q") + text[i + 1 :]

    a, b = letters[len(letters) // 3], letters[2 * len(letters) // 3]
    swappable = [i for i in letters if i + 1 in letters and name[i] != name[i + 1]]
    one = [drop(name, a), replace(name, a)]
    two = [replace(drop(name, b), a)]  # b after a: dropping it leaves a where it was
    if swappable:
        one.append(swap(name, swappable[len(swappable) // 2]))
    # Two edits are forgiven in queries of eight letters or more (assets/search-core.js).
    return one + (two if len(_key(name)) >= 9 else [])


def _names(site: Site, locale: str) -> list[tuple[str, str]]:
    """(name, path under the locale) of every searchable page."""
    return (
        [(r.title.plain(locale), f"roles/{r.id}/") for r in site.roles]
        + [(f.name.plain(locale), f"families/{f.id}/") for f in site.families]
        + [(c.name.plain(locale), f"categories/{c.id}/") for c in site.categories if c.skills]
        + [(s.name.plain(locale), f"skills/{s.id}/") for s in site.skills.values()]
    )


def _misspelt_cases() -> list[tuple[str, str, str]]:
    """Per locale with spaced words, names whose misspellings could mean no other name (a
    role, a family, a category, a one-word skill and two other skills), each with its
    misspellings. Names are taken in the order of their hashes: varied, the same every run."""
    site = resolve(check(REPO).content)
    cases = []
    for locale in ("en", "ru"):
        names = _names(site, locale)
        for folder, one_word, wanted in (
            ("roles/", False, 1),
            ("families/", False, 1),
            ("categories/", False, 1),
            ("skills/", True, 1),
            ("skills/", False, 2),
        ):
            kind = [
                n
                for n in names
                if n[1].startswith(folder) and (not one_word or _key(n[0]).isalpha())
            ]
            for name, path in sorted(kind, key=lambda n: hashlib.sha256(n[0].encode()).digest()):
                typos = _misspellings(name)
                if typos and not any(
                    _could_mean(typo, other)
                    for typo in typos
                    for other, elsewhere in names
                    if elsewhere != path
                ):
                    cases += [(locale, typo, path) for typo in typos]
                    wanted -= 1
                    if not wanted:
                        break
    return cases


MISSPELT = _misspelt_cases()


def test_misspelt_names_cover_every_kind_in_two_scripts() -> None:
    assert {(locale, path.split("/")[0]) for locale, _, path in MISSPELT} == {
        (locale, kind)
        for locale in ("en", "ru")
        for kind in ("roles", "families", "categories", "skills")
    }


@pytest.mark.parametrize(("locale", "query", "expected"), MISSPELT)
def test_a_misspelt_name_finds_its_page_first(
    page: Page, site_url: str, locale: str, query: str, expected: str
) -> None:
    page.goto(f"{site_url}{locale}/")
    page.locator("[data-search-input]").fill(query)
    first = page.locator("#search-popup [data-popup-results] li a").first
    expect(first).to_have_attribute("href", f"/{locale}/{expected}")


def test_the_search_page_forgives_a_misspelt_name_too(page: Page, site_url: str) -> None:
    locale, query, expected = MISSPELT[-1]
    page.goto(f"{site_url}{locale}/search/?q={quote(query)}")
    first = page.locator("[data-search-results] li a").first
    expect(first).to_have_attribute("href", f"/{locale}/{expected}")


def _whole_chinese_names(site: Site) -> list[tuple[str, str]]:
    """Every Chinese category name, and every fourth skill name written in Chinese characters
    alone, that no other page shares."""
    names = _names(site, "zh")
    counts: dict[str, int] = {}
    for name, _ in names:
        counts[name] = counts.get(name, 0) + 1
    chinese = re.compile(r"^[\u4e00-\u9fff（）、与]+$")
    unique = [(name, path) for name, path in names if counts[name] == 1]
    skills = [
        (name, path) for name, path in unique if path.startswith("skills/") and chinese.match(name)
    ]
    return [n for n in unique if n[1].startswith("categories/")] + skills[::4]


def test_a_whole_chinese_name_finds_its_own_page_first(
    page: Page, site_url: str, real_site
) -> None:  # type: ignore[no-untyped-def]
    cases = _whole_chinese_names(real_site)
    assert any(p.startswith("categories/") for _, p in cases)
    assert any(p.startswith("skills/") for _, p in cases)
    page.goto(f"{site_url}zh/")
    box = page.locator("[data-search-input]")
    first = page.locator("#search-popup [data-popup-results] li a").first
    for name, path in cases:
        box.fill(name)
        expect(first).to_have_attribute("href", f"/zh/{path}")
        expect(first.locator(".result-title")).to_have_text(name)
