"""Reading the site in real Chromium: the matrix is on the first screen and its level names stay
in view; at 375 px a row's five cells fit without any horizontal scroll and the current level
stays visible in the navigation; the marks deepen from Awareness to Expert in light and dark;
the cell dialog names its level; the level page lists its changes by category; the home page
shows every role with its size and ways in. Expectations come from the data, never from named
cells. Screenshots of every page type go to test-results/screenshots/reading-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe import violations
from playwright.sync_api import Browser, Page, expect
from sitetree import MINIMAL, REPO, add_layouts, write_tree

pytestmark = pytest.mark.browser
SHOTS = REPO / "test-results" / "screenshots"
ROLE = "backend-developer-python"  # the seed role: a stable name
LOCALES = ("en", "zh", "ru")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
SCHEMES = ("light", "dark")

# Every matrix row of a table (category rows aside).
ROWS = "table.role-matrix tbody tr:not(.category-row)"


@pytest.fixture
def open_page(browser: Browser) -> Iterator:  # type: ignore[type-arg]
    """open_page(url, viewport, scheme): a page in a fresh context, closed after the test."""
    contexts = []

    def open_(url: str, viewport: dict[str, int], scheme: str = "light") -> Page:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page

    yield open_
    for context in contexts:
        context.close()


def box_in_viewport(page: Page, selector_or_locator) -> bool:  # type: ignore[no-untyped-def]
    """Whether the element lies wholly inside the window and is the topmost thing at its centre
    (not hidden under a sticky header or clipped by a scroll box)."""
    locator = (
        page.locator(selector_or_locator)
        if isinstance(selector_or_locator, str)
        else selector_or_locator
    )
    return bool(
        locator.evaluate("""e => {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return false;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && (e === hit || e.contains(hit));
    }""")
    )


def fits_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("locale", LOCALES)
def test_first_matrix_row_is_on_the_first_screen(
    open_page,
    site_url: str,
    locale: str,  # type: ignore[no-untyped-def]
    scheme: str,
) -> None:
    page = open_page(f"{site_url}{locale}/roles/{ROLE}/", DESKTOP, scheme)
    assert box_in_viewport(page, page.locator(ROWS).first)
    # The summary, stack, focus and FAQ are still on the page, after the matrix.
    matrix_bottom = page.locator("table.role-matrix").evaluate(
        "e => e.getBoundingClientRect().bottom"
    )
    for section in (".role-about", "#stack-title", "#focus-title", ".faq"):
        top = page.locator(section).first.evaluate("e => e.getBoundingClientRect().top")
        assert top > matrix_bottom, section


@pytest.mark.parametrize(
    ("viewport", "scheme"),
    [(DESKTOP, "light"), (DESKTOP, "dark"), (PHONE, "light"), (PHONE, "dark")],
    ids=["desktop-light", "desktop-dark", "phone-light", "phone-dark"],
)
def test_level_names_stay_in_view_mid_matrix(
    open_page,
    site_url: str,
    real_site,  # type: ignore[no-untyped-def]
    viewport: dict[str, int],
    scheme: str,
) -> None:
    role = real_site.role(ROLE)
    page = open_page(f"{site_url}en/roles/{ROLE}/", viewport, scheme)
    middle = page.locator(ROWS).nth(len(role.rows) // 2)
    middle.evaluate("e => e.scrollIntoView({block: 'center'})")
    assert page.evaluate("window.scrollY") > 1000  # well past the table's own top
    heads = page.locator("table.role-matrix thead th.level-head")
    expect(heads).to_have_count(len(real_site.role(ROLE).ladder))
    for index, level in enumerate(real_site.role(ROLE).ladder):
        head = heads.nth(index)
        assert box_in_viewport(page, head), level.id
        # The full name is the header's accessible text, whichever form is shown.
        assert level.name.plain("en") in (head.text_content() or "")
    assert box_in_viewport(page, middle.locator("th[scope=row]"))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("locale", LOCALES)
def test_phone_shows_all_five_levels_of_a_row(
    open_page,
    site_url: str,
    real_site,  # type: ignore[no-untyped-def]
    locale: str,
    scheme: str,
) -> None:
    page = open_page(f"{site_url}{locale}/roles/{ROLE}/", PHONE, scheme)
    assert fits_width(page), page.evaluate("document.documentElement.scrollWidth")
    role = real_site.role(ROLE)
    # Every cell of every row lies inside the window's width: nothing scrolls sideways.
    edges = page.locator("table.role-matrix").evaluate("""t => {
        const rows = [...t.tBodies].flatMap(b => [...b.rows]).filter(r => !r.classList.contains('category-row'));
        return rows.map(r => [...r.cells].map(c => [c.getBoundingClientRect().left, c.getBoundingClientRect().right]));
    }""")
    assert len(edges) == len(role.rows)
    for cells in edges:
        assert len(cells) == 1 + len(real_site.role(ROLE).ladder)
        assert all(left >= 0 and right <= PHONE["width"] for left, right in cells), cells
    # No scroll box anywhere around the matrix either.
    scrollers = page.locator("table.role-matrix").evaluate("""t => {
        const found = [];
        for (let e = t.parentElement; e; e = e.parentElement)
            if (e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX !== 'visible') found.push(e.tagName);
        return found;
    }""")
    assert scrollers == []
    row = page.locator(ROWS).first
    row.evaluate("e => e.scrollIntoView({block: 'center'})")
    for cell in row.locator("td").all():
        assert box_in_viewport(page, cell)


@pytest.mark.parametrize("locale", LOCALES)
def test_current_level_is_fully_visible_on_a_phone(
    open_page,
    site_url: str,
    real_site,  # type: ignore[no-untyped-def]
    locale: str,
) -> None:
    pages = ["", *(f"{level.id}/" for level in real_site.role(ROLE).ladder), "path/", "compare/"]
    page = open_page(f"{site_url}{locale}/roles/{ROLE}/", PHONE)
    for suffix in pages:
        page.goto(f"{site_url}{locale}/roles/{ROLE}/{suffix}")
        current = page.locator(".level-tabs [aria-current=page]")
        expect(current).to_have_count(1)
        assert box_in_viewport(page, current), suffix
        assert fits_width(page), suffix
    # Its accessible name is the level's full name even where the short one is shown.
    for level in real_site.role(ROLE).ladder:
        page.goto(f"{site_url}{locale}/roles/{ROLE}/{level.id}/")
        expect(page.locator(".level-tabs [aria-current=page]")).to_have_accessible_name(
            level.name.plain(locale)
        )


def luminance(rgb: str) -> float:
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_marks_deepen_from_awareness_to_expert(
    open_page,
    site_url: str,
    real_site,  # type: ignore[no-untyped-def]
    scheme: str,
) -> None:
    page = open_page(f"{site_url}en/roles/{ROLE}/", DESKTOP, scheme)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    styles = [
        page.locator(f".legend .mark.p-{p.id}").evaluate("""e => {
        const s = getComputedStyle(e);
        return {fill: s.backgroundColor, text: s.color, letter: e.textContent.trim(),
                bar: s.getPropertyValue('--fill').trim()};
    }""")
        for p in real_site.proficiencies
    ]
    # Each step stands further from the page: a deeper fill on a light page, a brighter one on
    # a dark page.
    distances = [contrast(style["fill"], background) for style in styles]
    assert distances == sorted(distances) and len(set(distances)) == len(distances), distances
    # The bar fills a quarter more at each step; the letter stays; the letter reads (AA).
    assert [style["bar"] for style in styles] == ["25%", "50%", "75%", "100%"]
    assert [style["letter"] for style in styles] == [
        p.mark.plain("en") for p in real_site.proficiencies
    ]
    assert all(contrast(style["text"], style["fill"]) >= 4.5 for style in styles)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_required_cells_are_marked_calmly_and_in_words(
    open_page,
    site_url: str,
    real_site,  # type: ignore[no-untyped-def]
    scheme: str,
) -> None:
    role = real_site.role(ROLE)
    required = next(row for row in role.rows if any(c and c.required for c in row.cells))
    level = next(i for i, c in enumerate(required.cells) if c and c.required)
    optional = next(
        (row, i) for row in role.rows for i, c in enumerate(row.cells) if c and not c.required
    )
    page = open_page(f"{site_url}en/roles/{ROLE}/", DESKTOP, scheme)

    def cell(skill_id: str, index: int):  # type: ignore[no-untyped-def]
        row = page.locator(ROWS, has=page.locator(f'th a[href$="/skills/{skill_id}/"]'))
        return row.locator("td.cell").nth(index)

    def marker(locator) -> dict[str, str]:  # type: ignore[no-untyped-def]
        return locator.locator(".mark").evaluate("""e => {
            const dot = getComputedStyle(e, '::after'), s = getComputedStyle(e);
            return {content: dot.content, dot: dot.backgroundColor, ring: s.boxShadow,
                    outline: s.outlineStyle};
        }""")

    required_cell = cell(required.skill.id, level)
    expect(required_cell.locator("a")).to_have_attribute(
        "aria-label",
        f"{required.skill.name.plain('en')}, "
        f"{real_site.role(ROLE).ladder[level].name.plain('en')}: "
        f"{required.cells[level].proficiency.name.plain('en')}, required",
    )
    dot = marker(required_cell)
    assert dot["content"] != "none"
    # Neutral, not an alarm: a grey dot (channels close together), and no ring around the mark.
    channels = [
        int(c) for c in dot["dot"][dot["dot"].index("(") + 1 : dot["dot"].index(")")].split(",")[:3]
    ]
    assert max(channels) - min(channels) < 40, dot
    assert dot["ring"] == "none" and dot["outline"] == "none"
    assert marker(cell(optional[0].skill.id, optional[1]))["content"] == "none"


def test_dialog_heading_names_the_level(open_page, site_url: str, real_site) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    for locale in LOCALES:
        page = open_page(f"{site_url}{locale}/roles/{ROLE}/", DESKTOP)
        for index, level in enumerate(real_site.role(ROLE).ladder):
            row = next(r for r in role.rows if r.cells[index] is not None)
            page.locator(ROWS, has=page.locator(f'th a[href$="/skills/{row.skill.id}/"]')).locator(
                "td.cell"
            ).nth(index).locator("a").click()
            heading = page.locator("dialog.detail-dialog #detail-dialog-title")
            expect(heading).to_have_text(
                f"{row.skill.name.plain(locale)} · {level.name.plain(locale)}"
            )
            if locale == "en" and index == 2:
                page.screenshot(path=str(SHOTS / "reading-dialog.png"))
            page.keyboard.press("Escape")
            expect(page.locator("dialog.detail-dialog")).to_be_hidden()


def test_level_page_lists_its_changes_by_category(open_page, site_url: str, real_site) -> None:  # type: ignore[no-untyped-def]
    role = real_site.role(ROLE)
    view = max(role.levels[1:], key=lambda v: sum(len(changes) for _, changes in v.changes))
    previous = view.previous
    page = open_page(f"{site_url}en/roles/{ROLE}/{view.level.id}/", DESKTOP)
    table = page.locator(".changes table.change-table")
    headers = table.locator("thead th").all_text_contents()
    assert headers[1:3] == [previous.name.plain("en"), view.level.name.plain("en")]
    groups = table.locator("tbody")
    expect(groups).to_have_count(len(view.changes))
    for group, (category, changes) in zip(groups.all(), view.changes, strict=True):
        expect(group.locator(".category-row")).to_contain_text(category.name.plain("en"))
        rows = group.locator("tr:not(.category-row) th[scope=row]")
        expect(rows).to_have_text([change.skill.name.plain("en") for change in changes])
    # Each change shows both marks (or "not expected") and says what changed.
    for (_, changes), group in zip(view.changes, groups.all(), strict=True):
        for change, row in zip(changes, group.locator("tr:not(.category-row)").all(), strict=True):
            marks = row.locator("td.cell")
            for index, cell in enumerate((change.before, change.after)):
                expect(marks.nth(index)).to_contain_text(
                    cell.proficiency.name.plain("en") if cell else "not expected"
                )
            expect(row.locator("td.change")).not_to_be_empty()
    # No flat list of changes: the page has no list longer than a category's few items.
    longest = page.locator(".changes").evaluate(
        "e => Math.max(0, ...[...e.querySelectorAll('ul, ol')].map(l => l.children.length))"
    )
    assert longest <= 3
    # What is expected: every expected skill once, under its category.
    for category, cells in view.groups:
        block = page.locator(
            ".expected .category-block", has=page.locator(f"#lvl-cat-{category.id}")
        )
        expect(block.locator("article.cell-detail")).to_have_count(len(cells))


def test_level_page_without_changes_says_so(open_page, site_url: str, real_site) -> None:  # type: ignore[no-untyped-def]
    page = open_page(f"{site_url}en/roles/{ROLE}/{real_site.role(ROLE).ladder[0].id}/", DESKTOP)
    expect(page.locator(".change-table")).to_have_count(0)  # the first level has none below it
    expect(page.locator(".expected article.cell-detail")).to_have_count(
        real_site.role(ROLE).levels[0].cell_count
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_home_shows_every_role_with_its_size_and_ways_in(
    open_page,
    site_url: str,
    real_site,  # type: ignore[no-untyped-def]
    viewport: dict[str, int],
) -> None:
    page = open_page(f"{site_url}en/", viewport)
    intro = page.locator(".home-head p").last
    assert box_in_viewport(page, intro)
    for family in real_site.families:
        card = page.locator(".family-card", has=page.locator(f"#family-{family.id}"))
        expect(card.locator("h2")).to_have_text(family.name.plain("en"))
        for role in family.roles:
            item = card.locator(
                ".role-list li", has=page.locator(f'a.role-name[href$="/roles/{role.id}/"]')
            )
            expect(item).to_contain_text(f"{role.stats.skills} skills")
            expect(item.locator(f'a[href$="/roles/{role.id}/calculator/"]')).to_have_count(1)
            expect(item.locator(f'.role-ways a[href$="/roles/{role.id}/"]')).to_have_count(1)
    # The first roles are on the first screen, under the intro.
    assert box_in_viewport(page, page.locator(".role-list li").first)
    assert fits_width(page)


PAGE_TYPES = {
    "home": "{locale}/",
    "family": "{locale}/families/backend-engineering/",
    "role": "{locale}/roles/" + ROLE + "/",
    "level": "{locale}/roles/" + ROLE + "/senior/",
    "path": "{locale}/roles/" + ROLE + "/path/",
    "skill": "{locale}/skills/{skill}/",
    "calculator": "{locale}/roles/" + ROLE + "/calculator/",
    "compare": "{locale}/roles/" + ROLE + "/compare/",
    "history": "{locale}/roles/" + ROLE + "/history/",
    "search": "{locale}/search/",
    "category": "{locale}/categories/{category}/",
}


@pytest.mark.parametrize(
    ("viewport", "width"), [(DESKTOP, "1280"), (PHONE, "375")], ids=["desktop", "phone"]
)
def test_screenshots_of_every_page_type(
    open_page,
    site_url: str,
    real_site,  # type: ignore[no-untyped-def]
    viewport: dict[str, int],
    width: str,
) -> None:
    """Screenshots to look at (test artifacts); every page type fits the width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    skill = real_site.role(ROLE).rows[0].skill
    for kind, path in PAGE_TYPES.items():
        url = site_url + path.format(locale="en", skill=skill.id, category=skill.category.id)
        schemes = SCHEMES if kind == "role" else ("light",)
        for scheme in schemes:
            page = open_page(url, viewport, scheme)
            assert fits_width(page), kind
            page.screenshot(path=str(SHOTS / f"reading-{kind}-{width}-{scheme}.png"))
    page = open_page(site_url + f"en/roles/{ROLE}/", viewport)
    page.locator(ROWS).nth(len(real_site.role(ROLE).rows) // 2).evaluate(
        "e => e.scrollIntoView({block: 'center'})"
    )
    page.screenshot(path=str(SHOTS / f"reading-role-{width}-mid-matrix.png"))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_pages_are_accessible(open_page, site_url: str, real_site, scheme: str) -> None:  # type: ignore[no-untyped-def]
    """WCAG AA at 375 px, where the level names are short and the links wrap (tests/
    test_browser_quality.py checks every page type at desktop width)."""
    for path in (
        "en/",
        "ru/families/backend-engineering/",
        f"ru/roles/{ROLE}/",
        f"zh/roles/{ROLE}/",
        f"ru/roles/{ROLE}/{real_site.role(ROLE).ladder[-2].id}/",
    ):
        page = open_page(site_url + path, PHONE, scheme)
        assert violations(page) == [], path


# A level whose names are one unbroken word as long as `check` allows: the matrix still fits a
# phone, and the level navigation still shows its current item.
LONG_LEVEL = "L" * 100
LONG_SHORT = "W" * 12


@pytest.fixture(scope="module")
def long_level_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from served import served_site

    levels = MINIMAL["content/levels.yaml"].replace(
        "lead: {name: {en: Lead, zh: 负责人, ru: Lead}, short: {en: Lead,",
        f"lead: {{name: {{en: {LONG_LEVEL}, zh: 负责人, ru: Lead}}, short: {{en: {LONG_SHORT},",
    )
    assert levels != MINIMAL["content/levels.yaml"]
    root = add_layouts(
        write_tree(tmp_path_factory.mktemp("long-level"), {"content/levels.yaml": levels})
    )
    with served_site(root, root / "out") as base:
        yield base


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_long_level_name_never_widens_the_matrix(
    open_page,
    long_level_url: str,  # type: ignore[no-untyped-def]
    viewport: dict[str, int],
) -> None:
    page = open_page(f"{long_level_url}en/roles/backend-dev/", viewport)
    assert fits_width(page)
    first_row = page.locator(ROWS).first
    if viewport is PHONE:
        # The promise here is the width; how far down a phone's first row starts depends on
        # how many lines the links above wrap to (with a 12-letter short name, the level tabs
        # take two). On a laptop the first row is in view without scrolling.
        first_row.scroll_into_view_if_needed()
    for cell in first_row.locator("td").all():
        assert box_in_viewport(page, cell)
    page.goto(f"{long_level_url}en/roles/backend-dev/lead/")
    assert fits_width(page)
    assert box_in_viewport(page, ".level-tabs [aria-current=page]")
    expect(page.locator(".change-table")).to_be_visible()
