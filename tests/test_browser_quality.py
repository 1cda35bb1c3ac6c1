"""Quality gates in real Chromium: WCAG 2.2 A/AA (axe-core) on every page type in every locale,
light and dark; no Content-Security-Policy violation; no layout shift."""

from __future__ import annotations

from urllib.parse import quote

import pytest
import yaml
from axe import violations
from playwright.sync_api import Page
from sitetree import REPO

pytestmark = pytest.mark.browser
ROLE = "backend-developer-python"  # the seed role: a stable name


def _sample_skill() -> tuple[str, str, str]:
    """A skill of the seed role whose name is one text in every locale (a product name, which a
    search finds in each locale), its category and name: taken from the files, not named here."""
    matrix = yaml.safe_load((REPO / f"content/roles/{ROLE}.yaml").read_text("utf-8"))["matrix"]
    for skill_id in matrix:
        skill = yaml.safe_load((REPO / f"content/skills/{skill_id}.yaml").read_text("utf-8"))
        if isinstance(skill["name"], str):
            return skill_id, skill["category"], skill["name"]
    raise AssertionError(f"no skill of {ROLE} has one name for every locale")


SKILL, CATEGORY, SKILL_NAME = _sample_skill()
PAGE_TYPES = {
    "home": "{locale}/",
    "family": "{locale}/families/backend-engineering/",
    "role": "{locale}/roles/" + ROLE + "/",
    "level": "{locale}/roles/" + ROLE + "/senior/",
    "path": "{locale}/roles/" + ROLE + "/path/",
    "skill": "{locale}/skills/" + SKILL + "/",
    "category": "{locale}/categories/" + CATEGORY + "/",
    "calculator": "{locale}/roles/" + ROLE + "/calculator/",
    "compare": "{locale}/roles/" + ROLE + "/compare/",
    "history": "{locale}/roles/" + ROLE + "/history/",
    "search": "{locale}/search/?q=" + quote(SKILL_NAME),
    "404": "{locale}/no-such-page/",
}
LOCALES = ("en", "zh", "ru")

# Recorded before any page script runs (init scripts are not subject to the page's CSP).
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
window.__shift = 0;
window.__shifted = [];  // what moved, for the failure's message
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shift += entry.value;
    window.__shifted.push([entry.value, entry.startTime, (entry.sources || []).map(s =>
      s.node ? `${s.node.nodeName}.${s.node.className || ''} "${(s.node.textContent || '').trim().slice(0, 40)}" `
        + `${JSON.stringify(s.previousRect)} -> ${JSON.stringify(s.currentRect)}` : '(gone)')]);
  }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.fixture(scope="module", params=["light", "dark"])
def themed(browser, request):  # type: ignore[no-untyped-def]
    context = browser.new_context(color_scheme=request.param)
    context.add_init_script(WATCH)
    page = context.new_page()
    yield page
    context.close()


def visit(page: Page, url: str) -> list[str]:
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return console


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_is_accessible_and_within_policy(
    themed: Page, site_url: str, kind: str, locale: str
) -> None:
    console = visit(themed, site_url + PAGE_TYPES[kind].format(locale=locale))
    if kind == "search":
        themed.locator("[data-search-results] li").first.wait_for()
    assert violations(themed) == []
    assert themed.evaluate("window.__csp") == []
    assert [m for m in console if "Content Security Policy" in m] == []
    assert themed.evaluate("window.__shift") == 0, themed.evaluate("window.__shifted")


def test_locale_chooser_is_accessible(themed: Page, site_url: str) -> None:
    visit(themed, site_url)  # redirects to a locale where the browser asks for one
    themed.goto(site_url + "index.html")
    assert violations(themed) == []
