"""Impact and behaviours in real Chromium, on a small site with a catalog (the real content's
pages are covered by the quality gates of test_browser_quality.py): every page that shows them
passes axe's WCAG 2.2 A/AA rules with the disclosures open, in light and dark; on a phone the
matrix stays the role page's first thing and the section fits the width."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe import violations
from playwright.sync_api import Browser, Page
from served import served_site
from sitetree import COMPETENCIES, add_layouts, write_tree

pytestmark = pytest.mark.browser
ROLE = "en/roles/backend-dev/"
PAGES = ("", "senior/", "path/", "compare/")
PHONE = {"width": 375, "height": 800}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = add_layouts(write_tree(tmp_path_factory.mktemp("behaviours") / "site", COMPETENCIES))
    with served_site(root, Path(root, "_out")) as url:
        yield url


def open_all(page: Page) -> None:
    """Open every disclosure, so axe sees what a reader sees once they open them."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_with_behaviours_are_accessible(
    browser: Browser, base: str, path: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base + ROLE + path)
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Owns a service.").count() >= 1  # the Senior text of a competency
    open_all(page)
    assert violations(page) == []
    context.close()


def test_on_a_phone_the_matrix_comes_first_and_the_section_fits(
    browser: Browser, base: str
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + ROLE)
    matrix = page.locator("table.role-matrix").bounding_box()
    section = page.locator(".behaviours").bounding_box()
    assert matrix is not None and section is not None
    assert matrix["y"] < section["y"]
    # One level open at a time keeps it short: the others are one line each until opened.
    levels = page.locator(".behaviours details")
    assert levels.count() == 5
    assert page.locator(".behaviours details[open]").count() == 1
    assert page.get_by_text("Owns a service.").is_hidden()
    page.locator(".behaviours summary", has_text="Senior").click()
    assert page.get_by_text("Owns a service.").is_visible()
    open_all(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_the_pdf_prints_every_level_of_every_competency(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from skillmatrix.build import build

    root = add_layouts(write_tree(tmp_path, COMPETENCIES))
    result = build(root, pdf=True)
    assert result.ok and result.notes == []
    pdf = root / "_site/zh/roles/backend-dev/backend-dev-zh.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    # Text extraction may give a CJK font's radical forms (U+2F00...): NFKC reads them back.
    text = unicodedata.normalize("NFKC", text)
    for expected in (
        "影响力与行为",
        "自主性",
        "善于提问。",
        "设定公司方向。",
        "跨团队培养领导者。",
    ):
        assert expected in text
